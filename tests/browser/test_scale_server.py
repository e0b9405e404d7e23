"""Served as the Procfile serves it (gunicorn --preload, two workers), a big table is one copy for all (#12).

The master converts the CSVs once before it forks; each worker opens the same DuckDB files read-only and holds
no frame of the table. Behaviour only: benchmarks/bench_dashboard.py measures time and memory.
"""
from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from conftest import ROOT, _free_port, procfile_command

sys.path.insert(0, str(ROOT / "benchmarks"))
from synthetic import write_folder  # noqa: E402

pytestmark = pytest.mark.browser


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == pid:
                out.append(int(stat.parent.name))
        except (OSError, ValueError):
            continue
    return out


def _open_files(pid: int) -> set[str]:
    out = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            out.add(os.readlink(fd))
        except OSError:
            continue
    return out


def _started(pid: int) -> float:
    """When a process started (seconds since the epoch)."""
    ticks = int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[19])
    boot = time.time() - float(Path("/proc/uptime").read_text().split()[0])  # /proc/stat's btime is whole seconds
    return boot + ticks / os.sysconf("SC_CLK_TCK")


def _callback_body(deps: list[dict], countries: list[str]) -> bytes:
    cb = next(d for d in deps if "by-year-chart.figure" in d["output"])
    values = {"indicator": "trade_turnover", "countries": countries, "partner": "KOR", "years": [1992, 2024],
              "official": "korea", "bar-year": None, "viewport": 1400}
    return json.dumps({
        "output": cb["output"],
        "outputs": [{"id": o.rsplit(".", 1)[0], "property": o.rsplit(".", 1)[1]} for o in cb["output"].strip(".").split("...")],
        "inputs": [dict(i, value=values.get(i["id"])) for i in cb["inputs"]],
        "state": [dict(s, value=values.get(s["id"])) for s in cb["state"]],
        "changedPropIds": ["countries.value"],
    }).encode()


def test_the_workers_share_one_copy_built_once_by_the_master(tmp_path):
    data = write_folder(60_000, tmp_path / "data")
    cache = tmp_path / "cache"
    port = _free_port()
    env = {**os.environ, "KCA_DATA": str(data), "KCA_CACHE": str(cache), "PORT": str(port)}
    log = (tmp_path / "gunicorn.log").open("w+")
    proc = subprocess.Popen(procfile_command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, Path(log.name).read_text()
            try:
                urllib.request.urlopen(url, timeout=5).read()
                break
            except OSError:
                assert time.monotonic() < deadline, "gunicorn did not answer"
                time.sleep(0.2)
        deps = json.loads(urllib.request.urlopen(url + "_dash-dependencies").read())
        bodies = [_callback_body(deps, c) for c in (["UZB"], ["KAZ", "UZB"], ["TJK"], ["KGZ", "TKM"])] * 6

        def post(body: bytes) -> dict:
            req = urllib.request.Request(url + "_dash-update-component", data=body,
                                         headers={"Content-Type": "application/json"})
            return json.loads(urllib.request.urlopen(req, timeout=60).read())

        while len(workers := _children(proc.pid)) < 2 and time.monotonic() < deadline:  # forked one by one
            time.sleep(0.1)
        assert len(workers) == 2
        opened: dict[int, set[str]] = {}
        for _ in range(10):  # requests in parallel until both workers have answered one
            with ThreadPoolExecutor(4) as pool:
                answers = list(pool.map(post, bodies))
            opened = {pid: {f for f in _open_files(pid) if f.startswith(str(cache))} for pid in workers}
            if all(opened.values()):
                break
        assert all("by-year-chart" in a["response"] for a in answers)
        copies = sorted(p.name for p in cache.iterdir() if not p.name.startswith("."))
        assert [c.split("-")[0] for c in copies] == ["checks", "indicators"]
        # built once, by the master, before it forked the workers (--preload)
        assert max((cache / c).stat().st_mtime for c in copies) < min(_started(pid) for pid in workers) + 0.1
        for files in opened.values():  # each worker reads the same two files, read-only
            assert sorted(Path(f).name for f in files) == copies
    finally:
        proc.terminate()
        proc.wait(timeout=30)

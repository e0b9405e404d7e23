"""A large build on worker processes (issue #14): killed at any moment it leaves every output whole and no
process of its own behind; Ctrl-C stops its workers too; a bad document is named from a worker as well."""
from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from etl.__main__ import PARALLEL_FROM

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux") or (os.cpu_count() or 1) < 2,
                                reason="counts processes in /proc; the pool needs two cores")

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "sources"
OUTPUTS = ("indicators.csv", "sources.csv", "review.csv")
DOCUMENTS = max(300, PARALLEL_FROM + 100)


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> Path:
    src = tmp_path_factory.mktemp("corpus") / "sources"
    src.mkdir()
    docs = sorted(SHIPPED.glob("*.md"))
    for i in range(DOCUMENTS):
        shutil.copy(docs[i % len(docs)], src / f"{i:04d}-{docs[i % len(docs)].name}")
    return src


def command(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "etl", "build", "--sources", str(src), "--out", str(out)]


def tagged(tag: str) -> list[int]:
    """Live processes (not zombies) whose environment carries ``KCA_TEST_TAG=tag``: a build and its workers."""
    wanted = f"KCA_TEST_TAG={tag}".encode()
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/environ", "rb") as f:
                if wanted not in f.read().split(b"\0"):
                    continue
            with open(f"/proc/{entry}/stat", "rb") as f:
                state = f.read().rsplit(b")", 1)[1].split()[0]
        except OSError:  # gone meanwhile
            continue
        if state != b"Z":
            found.append(int(entry))
    return found


def start(src: Path, out: Path, tag: str, **kwargs) -> subprocess.Popen:
    env = {**os.environ, "KCA_TEST_TAG": tag}
    return subprocess.Popen(command(src, out), cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, **kwargs)


def left_alive(tag: str, seconds: float = 5.0) -> list[int]:
    """The processes of ``tag`` still alive ``seconds`` after now (sooner when there are none)."""
    deadline = time.monotonic() + seconds
    while (alive := tagged(tag)) and time.monotonic() < deadline:
        time.sleep(0.05)
    return alive


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_killed_builds_leave_whole_outputs_and_no_process_behind(corpus, tmp_path):
    """20 SIGKILLs of the parent at random moments of a real build, a third of them while it writes."""
    out = tmp_path / "out"
    subprocess.run(command(corpus, out), check=True, capture_output=True, cwd=ROOT)
    old = snapshot(out)
    (corpus / "0000-extra.md").write_text(
        "---\ntitle: Extra\npublisher: P\npublished: 2024\n---\nTrade between Korea and Uzbekistan reached "
        "$9.9 billion in 2023.\n", encoding="utf-8")
    began = time.monotonic()
    subprocess.run(command(corpus, tmp_path / "new"), check=True, capture_output=True, cwd=ROOT)
    duration = time.monotonic() - began
    new = snapshot(tmp_path / "new")
    assert all(old[name] != new[name] for name in OUTPUTS)

    rng = random.Random(14)
    landed = with_workers = while_writing = 0
    for i in range(20):
        tag = uuid.uuid4().hex
        proc = start(corpus, out, tag)
        if i % 3 == 2:  # wait for the first temporary output file: a kill while the outputs are written
            deadline = time.monotonic() + 3 * duration + 5
            while not list(out.glob(".*.tmp")) and proc.poll() is None and time.monotonic() < deadline:
                time.sleep(0.002)
        else:
            time.sleep(rng.uniform(0.1, 0.95) * duration)
        writing = bool(list(out.glob(".*.tmp")))
        processes = tagged(tag)
        proc.send_signal(signal.SIGKILL)
        proc.wait()
        if proc.returncode == -signal.SIGKILL:
            landed += 1
            with_workers += len(processes) >= 3  # the build and its two workers
            while_writing += writing
        assert left_alive(tag) == [], f"kill {i}: processes of the killed build still alive after 5 s"
        now = snapshot(out)
        for name in OUTPUTS:
            assert now[name] in (old[name], new[name]), f"kill {i}: {name} is neither the old nor the new file"
        stray = [n for n in now if n not in OUTPUTS]
        assert all(n.startswith(".") and n.endswith(".tmp") for n in stray), stray  # hidden, never an output
    assert landed >= 15, f"only {landed} of 20 kills landed before the build finished"
    assert with_workers >= 5, f"only {with_workers} kills landed while the worker processes ran"
    assert while_writing >= 3, f"only {while_writing} kills landed while the outputs were written"

    subprocess.run(command(corpus, out), check=True, capture_output=True, cwd=ROOT)
    assert snapshot(out) == new  # whole, and the killed builds' temporary files are gone


@pytest.mark.parametrize("group", [False, True], ids=["parent only", "whole process group (a terminal's Ctrl-C)"])
def test_ctrl_c_stops_the_workers_and_writes_nothing(corpus, tmp_path, group):
    out = tmp_path / "out"
    out.mkdir()
    (out / "indicators.csv").write_text("old\n", encoding="utf-8")
    tag = uuid.uuid4().hex
    proc = start(corpus, out, tag, start_new_session=True)
    deadline = time.monotonic() + 30
    while len(tagged(tag)) < 3 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    assert len(tagged(tag)) >= 3, "the workers never started"
    if group:
        os.killpg(proc.pid, signal.SIGINT)
    else:
        proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "interrupted: nothing written" in err.decode() and b"Traceback" not in err
    assert left_alive(tag) == []
    assert snapshot(out) == {"indicators.csv": b"old\n"}


WORKER = """
import os, sys, time
import etl.__main__ as cli
if sys.argv[1] == "watch only":
    cli.PR_SET_PDEATHSIG = -1  # prctl refuses it: the watch alone must do
r, w = os.pipe()
if os.fork():  # the parent: wait until the child is a worker (or gone), then die
    os.close(w)
    os.read(r, 1)
    os._exit(0)
os.close(r)
cli._init_worker(os.getppid() if sys.argv[1] != "parent already gone" else int(sys.argv[2]))
os.write(w, b"x")
time.sleep(30)
"""


@pytest.mark.parametrize("how", ["PR_SET_PDEATHSIG", "watch only", "parent already gone"])
def test_a_worker_leaves_with_its_parent(tmp_path, how):
    """Linux kills a worker with its parent; elsewhere (or if that fails) the worker watches its parent."""
    gone = subprocess.Popen([sys.executable, "-c", "pass"])
    gone.wait()
    tag = uuid.uuid4().hex
    proc = subprocess.Popen([sys.executable, "-c", WORKER, how, str(gone.pid)], cwd=ROOT,
                            env={**os.environ, "KCA_TEST_TAG": tag})
    if how == "parent already gone":
        proc.wait()
    else:
        proc.wait(timeout=30)
        assert proc.returncode == 0
    assert left_alive(tag, 5) == []


def test_bad_documents_are_named_from_the_worker_processes_too(corpus, tmp_path):
    src = tmp_path / "sources"
    shutil.copytree(corpus, src)
    (src / "9999-impossible.md").write_text("---\ntitle: T\npublisher: P\npublished: 2024-13-45\nurl: "
                                            "javascript:alert(1)\n---\nBody.\n", encoding="utf-8")
    proc = subprocess.run(command(src, tmp_path / "out"), capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 1 and "Traceback" not in proc.stderr
    assert "error: rejected: 9999-impossible.md: published: '2024-13-45' is not a date" in proc.stderr
    assert "error: rejected: 9999-impossible.md: url: 'javascript:alert(1)' is not an http(s)" in proc.stderr
    assert not (tmp_path / "out").exists()

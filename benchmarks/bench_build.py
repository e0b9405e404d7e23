"""Benchmark of `python -m etl build`: documents per second and peak memory, beside a reference (issue #12).

Makes synthetic corpora of N documents from the shipped ones (each copy with its own name and its numbers
shifted, so no two documents are the same). On each corpus, in the same run, it times in fresh processes
(wall time, interpreter start included) the reference — `benchmarks/bare_pass.py`: read each file, load its
front matter with PyYAML's C loader, one money regex, a CSV row per match — and the real command, in
alternating rounds, and prints both (the best round of each, with the CPU seconds they used), their ratio (ETL
documents/s ÷ bare-pass documents/s: the figure to compare between machines), the ETL's peak resident memory
(the largest of its processes) and the machine's load average before and after. Other work on the machine slows
both; the best of a few rounds is the figure least disturbed by it. Both run as Python runs by default, with their
modules' bytecode cached (a PYTHONDONTWRITEBYTECODE of the caller's is not passed on). Not a test: run it with
`make bench` or `.venv/bin/python benchmarks/bench_build.py [--rounds R] [N ...]`. It says where the builds find
their compiled patterns (``etl/regex_cache.py``): on a machine's first build, that build compiles them.
"""
from __future__ import annotations

import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = sorted((ROOT / "data" / "sources").glob("*.md"))


def make_corpus(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    texts = [p.read_text(encoding="utf-8") for p in SHIPPED]
    for i in range(n):
        k = i % len(texts)
        # shift every decimal digit run a little so the copies differ (front matter dates stay valid)
        head, sep, body = texts[k].partition("\n---\n")
        body = re.sub(r"(?<=\$)(\d+)", lambda m, i=i: str(int(m.group(1)) + i % 7), body)
        (folder / f"{i:05d}-{SHIPPED[k].stem}.md").write_text(head + sep + body, encoding="utf-8")


# Both commands run as Python runs by default, their bytecode kept in __pycache__ between runs: a workplace that sets
# PYTHONDONTWRITEBYTECODE (this one does) would have the build compile its own modules' source at every start.
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}


def timed(argv: list[str]) -> tuple[float, float, int]:
    """(wall seconds, CPU seconds, peak resident kB) of a command, its worker processes included."""
    with tempfile.TemporaryFile("w+") as err:
        start = time.perf_counter()
        proc = subprocess.Popen(argv, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=err, env=ENV)
        _, status, usage = os.wait4(proc.pid, 0)  # this process's own usage, its waited-for workers included
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        if proc.returncode:
            err.seek(0)
            raise SystemExit(err.read())
    return elapsed, usage.ru_utime + usage.ru_stime, usage.ru_maxrss


def machine() -> str:
    """The processor's name (Linux), or what platform knows."""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def cache_state() -> str:
    """Where the builds find their compiled patterns (etl/regex_cache.py): the first build of a machine makes them."""
    sys.path.insert(0, str(ROOT))
    from etl import regex_cache

    kept = regex_cache.path()
    if kept is None:
        return "compiled patterns: not kept (KCA_REGEX_CACHE=off): every build compiles them"
    if kept.is_file():
        return f"compiled patterns: read back from {kept}"
    return f"compiled patterns: none kept yet: the first build compiles them and keeps them in {kept}"


def run(n: int, rounds: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sources"
        make_corpus(src, n)
        load_before = os.getloadavg()[0]
        bare, etl = [], []
        for _ in range(rounds):
            bare.append(timed([sys.executable, str(ROOT / "benchmarks" / "bare_pass.py"), str(src), f"{tmp}/bare.csv"]))
            etl.append(timed([sys.executable, "-m", "etl", "build", "--sources", str(src), "--out", f"{tmp}/out"]))
        load_after = os.getloadavg()[0]
        rows = sum(1 for _ in open(f"{tmp}/out/indicators.csv")) - 1
        review = sum(1 for _ in open(f"{tmp}/out/review.csv")) - 1
    b, e = min(bare), min(etl)
    ratios = [x[0] / y[0] for x, y in zip(bare, etl)]
    print(f"{n:>6} documents, best of {rounds} rounds (load average {load_before:.1f} before, {load_after:.1f} after)\n"
          f"         bare pass {b[0]:6.2f} s ({n / b[0]:6.0f} documents/s, {b[1]:5.2f} s CPU)\n"
          f"         etl build {e[0]:6.2f} s ({n / e[0]:6.0f} documents/s, {e[1]:5.2f} s CPU, "
          f"peak RSS {max(x[2] for x in etl) / 1024:.0f} MB; {rows} figures, {review} to review)\n"
          f"         ratio     {b[0] / e[0]:.2f}x   (round by round: {', '.join(f'{r:.2f}' for r in ratios)}; "
          f"median {statistics.median(ratios):.2f}x)", flush=True)


if __name__ == "__main__":
    args = sys.argv[1:]
    rounds = 3
    if args[:1] == ["--rounds"]:
        rounds, args = int(args[1]), args[2:]
    sizes = [int(a) for a in args] or [500, 2000, 8000]
    print(f"etl build on synthetic corpora made from {len(SHIPPED)} shipped documents (python "
          f"{sys.version.split()[0]}, {os.cpu_count()} cores, {machine()})\n{cache_state()}", flush=True)
    for n in sizes:
        run(n, rounds)

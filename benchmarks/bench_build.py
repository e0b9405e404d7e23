"""Benchmark of `python -m etl build`: documents per second and peak memory, beside a reference (issue #12).

Makes synthetic corpora of N documents from the shipped ones (each copy with its own name and its numbers
shifted, so no two documents are the same). On each corpus, in the same run, it times in fresh processes
(wall time, interpreter start included) first the reference — `benchmarks/bare_pass.py`: read each file,
load its front matter with PyYAML's C loader, one money regex, a CSV row per match — then the real command,
and prints both, their ratio (ETL documents/s ÷ bare-pass documents/s) and the ETL's peak resident memory.
Absolute times differ between machines; the ratio is the figure to compare. Not a test: run it with
`make bench` or `.venv/bin/python benchmarks/bench_build.py [N ...]`.
"""
from __future__ import annotations

import re
import resource
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


def timed(argv: list[str]) -> float:
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=ROOT, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    if proc.returncode:
        raise SystemExit(proc.stderr)
    return elapsed


def run(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sources"
        make_corpus(src, n)
        bare = timed([sys.executable, str(ROOT / "benchmarks" / "bare_pass.py"), str(src), f"{tmp}/bare.csv"])
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        elapsed = timed([sys.executable, "-m", "etl", "build", "--sources", str(src), "--out", f"{tmp}/out"])
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows = sum(1 for _ in open(f"{tmp}/out/indicators.csv")) - 1
        review = sum(1 for _ in open(f"{tmp}/out/review.csv")) - 1
    print(f"{n:>6} documents  bare pass {bare:5.2f} s ({n / bare:6.0f}/s)  etl build {elapsed:5.2f} s "
          f"({n / elapsed:6.0f}/s)  ratio {bare / elapsed:4.2f}x  peak RSS {max(peak, before) / 1024:5.0f} MB"
          f"  ({rows} figures, {review} to review)")
    return elapsed, peak


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:  # one size, in a process of its own, so the peak memory is this run's
        run(int(sys.argv[2]))
        raise SystemExit(0)
    sizes = [int(a) for a in sys.argv[1:]] or [500, 2000, 8000]
    print(f"etl build on synthetic corpora made from {len(SHIPPED)} shipped documents "
          f"(python {sys.version.split()[0]}, {__import__('os').cpu_count()} cores)", flush=True)
    for n in sizes:
        subprocess.run([sys.executable, __file__, "--one", str(n)], check=True)

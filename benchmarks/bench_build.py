"""Benchmark of `python -m etl build`: documents per second and peak memory (issue #3).

Makes synthetic corpora of N documents from the shipped ones (each copy with its own name and its numbers
shifted, so no two documents are the same), runs the real command on each in a fresh process, and
prints wall time, documents per second and the child's peak resident memory. Not a test: run it with
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


def run(n: int) -> tuple[float, float]:
    with tempfile.TemporaryDirectory() as tmp:
        src = Path(tmp) / "sources"
        make_corpus(src, n)
        before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        start = time.perf_counter()
        proc = subprocess.run([sys.executable, "-m", "etl", "build", "--sources", str(src), "--out", f"{tmp}/out"],
                              cwd=ROOT, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if proc.returncode:
            raise SystemExit(proc.stderr)
        peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
        rows = sum(1 for _ in open(f"{tmp}/out/indicators.csv")) - 1
        review = sum(1 for _ in open(f"{tmp}/out/review.csv")) - 1
    print(f"{n:>6} documents  {elapsed:6.2f} s  {n / elapsed:7.0f} documents/s  peak RSS {max(peak, before) / 1024:6.0f} MB"
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

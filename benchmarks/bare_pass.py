"""The reference the ETL benchmark is measured against (issue #12): a bare pass over the same files.

Read each file, split off its front matter and load it with PyYAML's C loader, run one money regex over the
body, write one CSV row per match. It does none of the ETL's work (no sentences, no context, no checks), so
it is the floor of what any pass over these files costs on this machine, measured in the same run.

usage: python benchmarks/bare_pass.py SOURCES_DIR OUT.csv   (prints the seconds it took)
"""
from __future__ import annotations

import csv
import re
import sys
import time
from pathlib import Path

import yaml

MONEY = re.compile(r"(?:US\s?\$|\$)\s?\d[\d,.]*\s?(?:billion|million|bn|mn)?", re.IGNORECASE)
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def main(sources: str, out: str) -> float:
    start = time.perf_counter()
    with open(out, "w", newline="", encoding="utf-8") as f:
        writer = csv.writer(f)
        for path in sorted(Path(sources).glob("*.md")):
            text = path.read_text(encoding="utf-8")
            _, head, body = text.split("---\n", 2)
            meta = yaml.load(head, Loader=Loader)
            for m in MONEY.finditer(body):
                writer.writerow([path.stem, meta.get("published"), m.start(), m.end(), m.group(0)])
    return time.perf_counter() - start


if __name__ == "__main__":
    print(f"{main(sys.argv[1], sys.argv[2]):.4f}")

"""Rewrite pending.txt from today's results: the ids of the spec rows the extraction gets wrong (issue #9).

    .venv/bin/python tests/etl/spec/update_pending.py          # rewrite pending.txt, print what changed
    .venv/bin/python tests/etl/spec/update_pending.py --check  # only print; exit 1 if pending.txt is out of date
    .venv/bin/python tests/etl/spec/update_pending.py --show   # also print each failing row's problems
"""
from __future__ import annotations

import importlib.util
import sys
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]


def _runner():
    """tests/etl/test_spec.py, the one home of how a row is checked."""
    sys.path.insert(0, str(ROOT))
    spec = importlib.util.spec_from_file_location("test_spec", HERE.parent / "test_spec.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main(argv: list[str]) -> int:
    runner = _runner()
    rows = runner.load_table()
    units = {k: v["unit"] for k, v in runner.vocabulary().items()}
    failing, per_kind, passing_kind = [], Counter(), Counter()
    for row in rows:
        try:
            found = runner.problems(row, units)
        except Exception as e:  # a crash on a row is a failure of that row
            found = [f"error   {type(e).__name__}: {e}"]
        per_kind[row["kind"]] += 1
        if found:
            failing.append(row["id"])
            if "--show" in argv:
                print(f"{row['id']} ({row['kind']}): {row['text'][:100]!r}")
                for p in found:
                    print("   ", p)
        else:
            passing_kind[row["kind"]] += 1
    before = runner.load_pending()
    now = set(failing)
    print(f"{len(rows) - len(failing)} of {len(rows)} rows pass; {len(failing)} pending")
    for kind in sorted(per_kind):
        print(f"  {kind:22s} {passing_kind[kind]:3d} / {per_kind[kind]:3d}")
    if now - before:
        print("newly failing:", " ".join(sorted(now - before)))
    if before - now:
        print("now passing:  ", " ".join(sorted(before - now)))
    if "--check" in argv:
        return 0 if now == before else 1
    text = ("# Spec rows the extraction gets wrong today (issue #9): xfail(strict=True) in tests/etl/test_spec.py.\n"
            "# Rewritten by tests/etl/spec/update_pending.py; in the order of sentences.yml.\n")
    runner.PENDING.write_text(text + "".join(f"{i}\n" for i in failing), encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

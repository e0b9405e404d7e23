"""`python -m etl build` and `python -m etl show FILE`: parse arguments, call the library, map errors to exit codes."""
from __future__ import annotations

import argparse
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from .build import build, extracted, output_files, progress_bar, summary
from .errors import DocumentError, EtlError
from .io import read_documents, read_overrides, source_paths, write_atomically


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python -m etl", description="Korea–Central Asia indicators: the ETL.")
    sub = p.add_subparsers(dest="command", required=True)
    b = sub.add_parser("build", help="source documents (and statistics snapshots) -> indicators.csv, "
                                     "sources.csv, review.csv, checks.csv")
    b.add_argument("--sources", type=Path, default=Path("data/sources"), help="folder of documents (default data/sources)")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: the folder above --sources)")
    b.add_argument("--snapshots", type=Path, default=None,
                   help="folder of statistics snapshots (default: snapshots/ beside --sources, when it exists)")
    b.add_argument("--overrides", type=Path, default=None,
                   help="curator overrides CSV (default: overrides.csv beside --sources, when it exists)")
    b.add_argument("--keep-going", action="store_true", help="write the good documents' results despite bad ones")
    s = sub.add_parser("show", help="print one document's figures (and what went to review) as a table")
    s.add_argument("file", type=Path)
    s.add_argument("--review", action="store_true", help="also list the numbers that go to review")
    from . import add, excerpt

    add.register(sub)
    excerpt.register(sub)
    return p


PARALLEL_FROM = 200  # documents: below this, starting worker processes costs more than it saves


def _read_and_extract(path: Path):
    return next(iter(extracted(read_documents([path]))))


def _extract(paths: list[Path]):
    """Read and extract every document, on every core for a large corpus, in the order of ``paths``."""
    if len(paths) < PARALLEL_FROM or (os.cpu_count() or 1) < 2:
        yield from extracted(read_documents(paths))
        return
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        yield from pool.map(_read_and_extract, paths, chunksize=64)


def _build(args: argparse.Namespace) -> int:
    data_dir = args.sources.parent
    out = args.out or data_dir
    snapshots_dir = args.snapshots or (data_dir / "snapshots" if (data_dir / "snapshots").is_dir() else None)
    overrides_path = args.overrides or data_dir / "overrides.csv"
    paths = source_paths(args.sources)
    snapshots, snapshot_errors = None, []
    if snapshots_dir is not None:
        from .snapshots import load_snapshots

        snapshots, snapshot_errors = load_snapshots(snapshots_dir)
    result = build(_extract(paths), read_overrides(overrides_path), snapshots, snapshot_errors,
                   progress=progress_bar(len(paths)))
    for e in result.errors:
        kind = "rejected" if isinstance(e, DocumentError) else "snapshot rejected"
        print(f"error: {kind}: {e}", file=sys.stderr)
    if result.errors and not args.keep_going:
        print(f"error: {len(result.errors)} bad input(s); nothing written, {out}/ is unchanged "
              "(--keep-going writes the good ones)", file=sys.stderr)
        return 1
    write_atomically(output_files(result, out))
    print(summary(result, out))
    return 1 if result.errors else 0


def _show(args: argparse.Namespace) -> int:
    from .build import extract_document
    from .documents import decode, parse

    path = args.file
    doc = parse(decode(path.read_bytes(), path.name), path.stem)
    rows, review = extract_document(doc)
    print(f"{doc.source_id} — {doc.publisher}, {doc.published}")
    print(f"{len(rows)} figures, {len(review)} numbers to review\n")
    cols = ("indicator", "country", "partner", "period", "comparator", "value", "unit", "stated")
    table = [[str(r[c]) for c in cols] for r in rows]
    if table:
        widths = [max(len(c), *(len(t[i]) for t in table)) for i, c in enumerate(cols)]
        print("  ".join(c.ljust(w) for c, w in zip(cols, widths)))
        for t in table:
            print("  ".join(v.ljust(w) for v, w in zip(t, widths)))
    if args.review and review:
        print("\nto review:")
        for r in review:
            print(f"  {r['stated']!r:>22}  {r['reason']}")
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        if args.command in ("add", "excerpt"):
            from . import add, excerpt

            return {"add": add.run, "excerpt": excerpt.run}[args.command](args)
        return _build(args) if args.command == "build" else _show(args)
    except (EtlError, DocumentError) as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: {getattr(e, 'filename', '') or ''}: {e.strerror or e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())

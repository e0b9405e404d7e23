"""`python -m etl build` and `python -m etl show FILE`: parse arguments, call the library, map errors to exit codes."""
from __future__ import annotations

import argparse
import ctypes
import os
import signal
import sys
import threading
import time
from collections.abc import Iterator
from concurrent.futures import InvalidStateError, ProcessPoolExecutor
from pathlib import Path

from . import regex_cache, schema
from .build import Extracted, build, extract_document, output_files, progress_bar, source_row, summary
from .errors import DocumentError, EtlError, UsageError
from .io import SOURCE_SUFFIXES, csv_lines, pid_alive, read_document, read_overrides, source_paths, write_atomically
from .resolve import warm


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The command line's parser (for ``build`` or ``show``, without the other commands' modules: a build imports
    only what it uses)."""
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
    if command not in ("build", "show"):
        from . import add, excerpt

        add.register(sub)
        excerpt.register(sub)
    return p


PARALLEL_FROM = 200  # documents: below this, starting worker processes costs more than it saves
PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _read_and_extract(path: Path) -> Extracted:
    """(document, observations, review rows) of one file, or (the DocumentError that names it, [], [])."""
    try:
        doc = read_document(path)
    except DocumentError as e:
        return e, [], []
    try:
        rows, review = extract_document(doc)
    except Exception as e:  # a bug of the extraction must not hide every other document's report
        what = f"{type(e).__name__}: {e}"[:200]
        return DocumentError(path.name, f"the extraction failed ({what}); please report this file"), [], []
    csv_lines(rows, schema.COLUMNS)  # formatted here, on the worker's core, not after the last document
    csv_lines(review, schema.REVIEW_COLUMNS)
    return source_row(doc), rows, review  # (all the build needs of the document: not its text, issue #12)


def _watch_parent(parent: int, ppid: int) -> None:
    while os.getppid() == ppid and pid_alive(parent):
        time.sleep(0.5)
    os._exit(1)


def _init_worker(parent: int) -> None:
    """A worker dies with its build: SIGKILLed by Linux when its parent dies, else on seeing it gone.

    Ctrl-C is the parent's: it stops the workers itself (a worker would otherwise die on it mid-task).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # (a Ctrl-C pending since the fork is discarded)
    signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):
            pass
    ppid = os.getppid()
    if not pid_alive(parent) or ppid == 1:  # the parent died before prctl took hold
        os._exit(1)
    threading.Thread(target=_watch_parent, args=(parent, ppid), daemon=True).start()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Cancel what is queued and end the worker processes now (Ctrl-C, or an error in the parent)."""
    processes = list(getattr(pool, "_processes", None) or {})
    threading.excepthook = _quiet_cancelled
    pool.shutdown(wait=False, cancel_futures=True)
    for pid in processes:
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


def _quiet_cancelled(args: threading.ExceptHookArgs) -> None:
    """Python 3.11's pool, finding its workers gone, fails the tasks that Ctrl-C had already cancelled and its
    thread prints the resulting InvalidStateError: a stopped build says "interrupted", not that."""
    if not isinstance(args.exc_value, InvalidStateError):
        threading.__excepthook__(args)


def _extract(paths: list[Path]) -> Iterator[Extracted]:
    """Read and extract every document, on every core for a large corpus, in the order of ``paths``."""
    if len(paths) < PARALLEL_FROM or (os.cpu_count() or 1) < 2 or not hasattr(signal, "pthread_sigmask"):
        yield from map(_read_and_extract, paths)
        return
    # every pattern of the extraction is compiled here, once, before the workers are forked: they inherit them and
    # none compiles its own
    warm()
    pool = ProcessPoolExecutor(max_workers=os.cpu_count(), initializer=_init_worker, initargs=(os.getpid(),))
    try:
        # Ctrl-C held back (not lost) while the workers are forked: they are born with it blocked, ignore it
        # from their initializer on, and the parent receives it as soon as the pool is started.
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
        try:
            # chunks small enough that neither worker is left alone for long at the end
            results = pool.map(_read_and_extract, paths, chunksize=max(1, min(16, len(paths) // 32)))
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT})
        yield from results
    except BaseException:  # KeyboardInterrupt, an error, or the consumer giving up (GeneratorExit)
        _stop(pool)
        raise
    pool.shutdown()


def _build(args: argparse.Namespace) -> int:
    data_dir = args.sources.parent
    out = args.out or data_dir
    snapshots_dir = args.snapshots or (data_dir / "snapshots" if (data_dir / "snapshots").is_dir() else None)
    overrides_path = args.overrides or data_dir / "overrides.csv"
    paths = source_paths(args.sources)
    if not paths:  # a build of nothing would write empty tables over good ones
        raise UsageError(f"{args.sources}: no documents found there (files ending in {', '.join(SOURCE_SUFFIXES)}); "
                         "nothing written")
    snapshots, snapshot_errors = None, []
    if snapshots_dir is not None:
        from .snapshots import load_snapshots

        snapshots, snapshot_errors = load_snapshots(snapshots_dir)
    result = build(_extract(paths), read_overrides(overrides_path), snapshots, snapshot_errors,
                   progress=progress_bar(len(paths)))
    for e in result.errors:
        kind = "rejected" if isinstance(e, DocumentError) else "snapshot rejected"
        for line in str(e).splitlines():  # one line per problem: file: field: what is wrong
            print(f"error: {kind}: {line}", file=sys.stderr)
    if result.errors and not args.keep_going:
        print(f"error: {len(result.errors)} bad input(s); nothing written, {out}/ is unchanged "
              "(--keep-going writes the good ones)", file=sys.stderr)
        return 1
    write_atomically(output_files(result, out))
    print(summary(result, out))
    return 1 if result.errors else 0


def _show(args: argparse.Namespace) -> int:
    path = args.file
    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    doc = read_document(path)
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


def _add(args: argparse.Namespace) -> int:
    from . import add

    return add.run(args)


def _excerpt(args: argparse.Namespace) -> int:
    from . import excerpt

    return excerpt.run(args)


COMMANDS = {"build": _build, "show": _show, "add": _add, "excerpt": _excerpt}


def main(argv: list[str] | None = None) -> int:
    """Exit status: 0 done, 1 bad input (named on stderr), 2 a mistaken command, 130 interrupted."""
    argv = sys.argv[1:] if argv is None else argv
    args = _parser(argv[0] if argv else None).parse_args(argv)
    try:
        status = COMMANDS[args.command](args)
        regex_cache.save()  # the programs of the patterns it compiled, for the next run (etl/regex_cache.py)
        return status
    except UsageError as e:
        print(f"python -m etl {args.command}: error: {e}", file=sys.stderr)
        return 2
    except EtlError as e:
        for line in str(e).splitlines():
            print(f"error: {line}", file=sys.stderr)
        return 1
    except OSError as e:
        print(f"error: {getattr(e, 'filename', '') or ''}: {e.strerror or e}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: nothing written", file=sys.stderr)
        return 130


if __name__ == "__main__":
    status = main()
    if status == 130:
        # interrupted: the workers are gone and nothing was written; end now, before the interpreter's exit runs the
        # process pool's exit hook, which in Python 3.11 can write to the pool's closed wake-up pipe and print a
        # traceback of its own (seen once in a loaded test run)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(status)
    sys.exit(status)

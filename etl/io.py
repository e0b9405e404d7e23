"""The only disk code of the ETL: read source documents and overrides, write tables atomically."""
from __future__ import annotations

import csv
import io
import os
import re
import tempfile
from collections.abc import Callable, Iterable, Iterator
from glob import escape as glob_escape
from pathlib import Path
from typing import TextIO

from .documents import MAX_CHARS, Document, decode, parse
from .errors import DocumentError, EtlError, UsageError

SOURCE_SUFFIXES = (".md", ".txt", ".markdown")
OVERRIDE_COLUMNS = ("id", "action", "indicator", "country", "partner", "year", "period", "value", "unit",
                    "comparator", "reason")


def source_paths(directory: Path) -> list[Path]:
    """The document files of a folder, sorted by name (hidden files and other suffixes are not documents).

    A folder that does not exist is a mistaken command (UsageError).
    """
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "no such folder"
        raise UsageError(f"{directory}: {what} of source documents")
    with os.scandir(directory) as entries:  # (a folder's entries know whether they are files: no stat each)
        names = sorted(e.name for e in entries
                       if not e.name.startswith(".") and Path(e.name).suffix.lower() in SOURCE_SUFFIXES and e.is_file())
    return [directory / name for name in names]  # in the order of their names, as Paths of one folder sort


_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f]")  # C0 and C1 control characters


def _file_name(path: Path) -> str:
    """The file's name as it can be printed and written to a table (or a DocumentError saying why not)."""
    name = path.name
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        shown = os.fsencode(name).decode("utf-8", "backslashreplace")
        raise DocumentError(shown, "the file name is not UTF-8 (rename the file)") from None
    if _CONTROL.search(name):
        raise DocumentError(name.encode("unicode_escape").decode("ascii"),
                            "the file name contains a control character (rename the file)")
    return name


def read_document(path: Path) -> Document:
    """One file as a Document; a DocumentError names the file and every problem found in it."""
    name = _file_name(path)
    try:
        size = path.stat().st_size
        if size > MAX_CHARS:
            raise DocumentError(name, f"{size:,} bytes: larger than {MAX_CHARS:,}, not an article")
        return parse(decode(path.read_bytes(), name), path.stem)
    except DocumentError as e:
        raise e.renamed(name) from None  # name the file itself, not just its stem
    except OSError as e:
        raise DocumentError(name, f"cannot be read: {e.strerror or e}") from None


def read_documents(paths: Iterable[Path]) -> Iterator[Document | DocumentError]:
    """Each file as a Document, or the DocumentError that says why it cannot be read (all are checked)."""
    for path in paths:
        try:
            yield read_document(path)
        except DocumentError as e:
            yield e


def read_overrides(path: Path) -> list[dict[str, str]]:
    """data/overrides.csv: one curator decision per row (reject or correct an observation by id)."""
    if not path.exists():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise EtlError(f"{path}: not UTF-8") from None
    reader = csv.DictReader(io.StringIO(text))
    missing = [c for c in ("id", "action", "reason") if c not in (reader.fieldnames or [])]
    if missing:
        raise EtlError(f"{path}: missing columns {missing} (expected {', '.join(OVERRIDE_COLUMNS)})")
    unknown = [c for c in reader.fieldnames or [] if c not in OVERRIDE_COLUMNS]
    if unknown:
        raise EtlError(f"{path}: unknown columns {unknown} (expected {', '.join(OVERRIDE_COLUMNS)})")
    rows = []
    for n, row in enumerate(reader, start=2):
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if row["action"] not in ("reject", "correct"):
            raise EtlError(f"{path}: line {n}: action {row['action']!r} is neither 'reject' nor 'correct'")
        if not row["id"] or not row["reason"]:
            raise EtlError(f"{path}: line {n}: an override needs an id and a reason")
        row["line"] = str(n)
        rows.append(row)
    return rows


def csv_text(rows: Iterable[dict], columns: tuple[str, ...]) -> str:
    out = io.StringIO()
    write_csv(out, rows, columns)
    return out.getvalue()


# A row may carry its CSV line, made by ``csv_lines`` where the row was made (a worker of a large build): it is
# written as it is, and a row that changes after (a curator's correction) drops it.
LINE = "_csv_line"


def write_csv(f, rows: Iterable[dict], columns: tuple[str, ...]) -> None:
    writer = csv.writer(f, lineterminator="\n")  # as csv.DictWriter writes them, without its per-row checks
    writer.writerow(columns)
    pending: list[dict] = []
    lines: list[str] = []  # rows' own lines, written a few hundred at a time
    for row in rows:
        line = row.get(LINE)
        if line is None:
            pending.append(row)
            continue
        if pending:
            f.write("".join(lines))
            lines = []
            writer.writerows([r.get(c, "") for c in columns] for r in pending)
            pending = []
        lines.append(line)
        if len(lines) == 512:
            f.write("".join(lines))
            lines = []
    f.write("".join(lines))
    writer.writerows([r.get(c, "") for c in columns] for r in pending)


def csv_lines(rows: Iterable[dict], columns: tuple[str, ...]) -> None:
    """Give each row its line of a CSV file of these columns (``LINE``), as ``write_csv`` would write it."""
    rows = list(rows)
    lines: list[str] = []
    writer = csv.writer(_Lines(lines), lineterminator="\n")  # a row's whole line is one write
    writer.writerows([row.get(c, "") for c in columns] for row in rows)
    for row, line in zip(rows, lines, strict=True):
        row[LINE] = line


class _Lines:
    """A stream that keeps each write (each of a CSV writer's rows) as one string of a list."""

    def __init__(self, lines: list[str]) -> None:
        self.write = lines.append


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


Writer = Callable[[TextIO], None]


def _stale(path: Path) -> list[Path]:
    """Temporary files of ``path`` left by builds that were killed (their process no longer exists)."""
    out = []
    for tmp in path.parent.glob(f".{glob_escape(path.name)}.*.tmp"):
        pid = tmp.name[len(path.name) + 2:].split(".", 1)[0]
        if pid.isdigit() and not pid_alive(int(pid)):
            out.append(tmp)
    return out


def pid_alive(pid: int) -> bool:
    """Whether a process of that id exists (one of another user's counts)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def write_atomically(files: dict[Path, str | Writer]) -> None:
    """Write every file beside its target, then rename each into place: never a half-written file.

    A file's content is a string or a function that writes it to a text stream. All are written and
    flushed before the first rename, so a failure while writing leaves every old file as it was. A
    temporary file is named ``.<name>.<pid>.<random>.tmp``: those of killed builds are removed.
    """
    staged: list[tuple[str, Path]] = []
    try:
        for path, content in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            for tmp in _stale(path):
                tmp.unlink(missing_ok=True)
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=".tmp", dir=path.parent)
            staged.append((tmp, path))
            os.chmod(tmp, 0o666 & ~_umask())  # mkstemp makes 0600; an output is an ordinary file
            with os.fdopen(fd, "w", encoding="utf-8", newline="") as f:
                if callable(content):
                    content(f)
                else:
                    f.write(content)
                f.flush()
                os.fsync(f.fileno())
        for tmp, path in staged:
            os.replace(tmp, path)
        staged = []
    finally:
        for tmp, _ in staged:
            try:
                os.unlink(tmp)
            except FileNotFoundError:
                pass

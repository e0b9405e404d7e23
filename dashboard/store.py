"""The one columnar copy of the tables: Parquet files built from the CSVs, queried in place with DuckDB (#12).

``data/indicators.csv`` stays the contract's file. The first process that opens it writes a Parquet copy into a
cache folder (``$KCA_CACHE``, else ``$XDG_CACHE_HOME/kca-indicators``, else ``~/.cache/kca-indicators``), named
after a hash of the CSV's bytes and of this module's format: a changed CSV gets a new copy, an unchanged one is
found again by every later process. The copy is typed (``year`` and offsets integers, ``value`` a double, empty
cells ``""``), sorted in the contract's order, and carries what every query filters on:

- ``_claim``: a text or curated figure (not an official statistic);
- ``_partial``: its period covers part of a year only (:func:`etl.periods.is_partial`);
- ``_main``: the figure that carries the line for its indicator, country, partner and year (the most recently
  published whole-year claim, as :func:`dashboard.records.base_flags` says for a frame);
- ``_country_name``: the country in words; ``_n``: the row's place in the contract's order.

A second file holds ``(id, _n)`` sorted by id, so a lookup by id reads one row group. ``checks.csv`` gets its own
copy, sorted by id. Files are written beside their final name and renamed: a reader never sees half a file, and
two processes that build the same copy at once both end with the same whole file. A big CSV is converted in a
child process, so the server (and every worker forked from it) never holds the conversion's memory.

Workers open the same files: the operating system's page cache holds them once for all, and a worker holds only
what a request asks for (DuckDB reads the row groups a query needs, with its memory capped).
"""
from __future__ import annotations

import csv
import hashlib
import os
import subprocess
import sys
import tempfile
import threading
import time
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from etl import periods
from etl.schema import CHECK_COLUMNS, COLUMNS, country_name

FORMAT = "kca-columnar-3"  # bump when what a copy holds changes: every copy is rebuilt
ENV_CACHE = "KCA_CACHE"
IN_PROCESS_BYTES = 16_000_000  # smaller CSVs are converted in the calling process (tests, the shipped data)
BUILD_MEMORY = os.environ.get("KCA_BUILD_MEMORY", "2GB")  # the conversion's cap; past it DuckDB spills to disk
QUERY_MEMORY = os.environ.get("KCA_QUERY_MEMORY", "256MB")  # what one process's DuckDB may hold for queries
ROW_GROUP = 65_536
KEEP_DAYS = 30  # copies not opened for this long are removed when a new one is written

INTEGER = ("year", "char_start", "char_end")
REAL = ("value", "statistic_value", "margin_pct", "tolerance_pct", "other_value", "other_margin_pct")
FLAGS = ("_claim", "_partial", "_main")
ROW_COLUMNS = (*COLUMNS, *FLAGS, "_country_name", "_n")


class StoreError(Exception):
    """A CSV that cannot be turned into its columnar copy (the message names the file and the problem)."""


# ---------------------------------------------------------------- where the copies live


def cache_dir() -> Path:
    """The folder of the columnar copies (created when missing; a temporary folder when it cannot be)."""
    base = os.environ.get(ENV_CACHE) or Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "kca-indicators"
    folder = Path(base)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = folder / f".probe-{os.getpid()}"
        probe.touch()
        probe.unlink()
    except OSError:
        folder = Path(tempfile.gettempdir()) / f"kca-indicators-{os.getuid() if hasattr(os, 'getuid') else 'user'}"
        folder.mkdir(parents=True, exist_ok=True)
    return folder


def content_key(path: Path, kind: str) -> str:
    """A hash of the file's bytes, its size and the copy's format: the same CSV, the same copy."""
    digest = hashlib.blake2b(f"{FORMAT}\x1f{kind}\x1f{path.stat().st_size}\x1f".encode(), digest_size=12)
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def columnar_copy(csv_path: Path, kind: str) -> dict[str, Path]:
    """The Parquet copy of ``csv_path`` (``kind`` "indicators" or "checks"), built when missing.

    Returns ``{"rows": ..., "ids": ...}`` for indicators, ``{"checks": ...}`` for checks. Raises StoreError.
    """
    try:
        key = content_key(csv_path, kind)
    except OSError as exc:
        raise StoreError(f"{csv_path.name} could not be read: {exc}") from exc
    folder = cache_dir()
    names = ("rows", "ids") if kind == "indicators" else ("checks",)
    files = {n: folder / f"{kind}-{key}.{n}.parquet" for n in names}
    if all(p.exists() for p in files.values()):
        now = time.time()
        for p in files.values():
            os.utime(p, (now, now))  # recently used: kept by the clean-up
        return files
    if csv_path.stat().st_size <= IN_PROCESS_BYTES:
        build(csv_path, kind, files)
    else:
        _build_in_child(csv_path, kind, files)
    _clean(folder, keep=set(files.values()))
    return files


def _build_in_child(csv_path: Path, kind: str, files: dict[str, Path]) -> None:
    args = [sys.executable, "-m", "dashboard.store", kind, str(csv_path.resolve()),
            *(f"{n}={p.resolve()}" for n, p in files.items())]
    done = subprocess.run(args, capture_output=True, text=True, cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        lines = [x for x in done.stderr.strip().splitlines() if x.strip()]
        raise StoreError(lines[-1] if lines else f"{csv_path.name}: conversion failed ({done.returncode})")


def _clean(folder: Path, keep: set[Path]) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for p in folder.glob("*.parquet"):
        try:
            if p not in keep and p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------- building a copy


@cache
def _partial(period: str, year: int) -> bool:
    return periods.is_partial(period, year)


@cache
def _name(code: str) -> str:
    return country_name(code) if code else ""


def _register_udfs(con: duckdb.DuckDBPyConnection) -> None:
    """The project's own definitions, called from SQL (each distinct value is worked out once)."""
    import pyarrow as pa

    con.create_function("kca_partial", lambda p, y: pa.array(
        [_partial(a or "", b) for a, b in zip(p.to_pylist(), y.to_pylist())], type=pa.bool_()),
        ["VARCHAR", "BIGINT"], "BOOLEAN", type="arrow")
    con.create_function("kca_country_name", lambda c: pa.array([_name(a or "") for a in c.to_pylist()], type=pa.string()),
                        ["VARCHAR"], "VARCHAR", type="arrow")


def read_header(csv_path: Path) -> list[str]:
    try:
        with csv_path.open(encoding="utf-8", newline="") as fh:
            return next(csv.reader(fh), [])
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        raise StoreError(f"{csv_path.name} could not be read: {exc}") from exc


def _typed(columns, header) -> str:
    """SELECT list: the contract's columns typed, a column the file lacks as empty."""
    out = []
    for c in columns:
        src = f'"{c}"' if c in header else "NULL"
        if c in INTEGER:
            out.append(f"CASE WHEN floor(_d_{c}) = _d_{c} THEN CAST(_d_{c} AS BIGINT) END AS {c}")
        elif c in REAL:
            out.append(f"TRY_CAST(NULLIF(trim({src}), '') AS DOUBLE) AS {c}")
        else:
            out.append(f"COALESCE({src}, '') AS {c}")
    return ", ".join(out)


def _reader(csv_path: Path, header: list[str]) -> str:
    cols = ", ".join(f"'{_quote(h)}': 'VARCHAR'" for h in header)
    return (f"read_csv('{_quote(str(csv_path))}', header=true, auto_detect=false, columns={{{cols}}}, delim=',', "
            "quote='\"', escape='\"', encoding='utf-8')")


def _quote(text: str) -> str:
    return text.replace("'", "''")


def build(csv_path: Path, kind: str, files: dict[str, Path]) -> None:
    """Convert ``csv_path`` into the files of ``files`` (each written beside, then renamed). Raises StoreError."""
    header = read_header(csv_path)
    if not header:
        raise StoreError(f"{csv_path.name} could not be read: no header line")
    tmp = {n: p.with_name(f".{p.name}.{os.getpid()}.{threading.get_ident()}.tmp") for n, p in files.items()}
    con = duckdb.connect(config={"memory_limit": BUILD_MEMORY, "temp_directory": str(cache_dir() / ".spill"),
                                 "preserve_insertion_order": True})
    try:
        _register_udfs(con)
        # integer columns pass through a double: "2023.0" is 2023, "2023.5" is no year
        doubles = ", ".join((f"TRY_CAST(NULLIF(trim(\"{c}\"), '') AS DOUBLE)" if c in header else "NULL::DOUBLE")
                            + f" AS _d_{c}" for c in INTEGER)
        raw = f"SELECT *, {doubles}, row_number() OVER () AS _line FROM {_reader(csv_path, header)}"
        options = f"(FORMAT parquet, COMPRESSION snappy, ROW_GROUP_SIZE {ROW_GROUP})"
        if kind == "indicators":
            _build_rows(con, raw, header, tmp, options)
        else:
            # one row per claim: a repeated id keeps its first row
            con.execute(f"COPY (SELECT * EXCLUDE (_line) FROM (SELECT {_typed(CHECK_COLUMNS, header)}, _line FROM ({raw})) "
                        f"QUALIFY row_number() OVER (PARTITION BY id ORDER BY _line) = 1 ORDER BY id, _line) "
                        f"TO '{_quote(str(tmp['checks']))}' {options}")
        for n, p in tmp.items():
            os.replace(p, files[n])
    except duckdb.Error as exc:
        raise StoreError(f"{csv_path.name} could not be read: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()
        for p in tmp.values():
            p.unlink(missing_ok=True)


def _build_rows(con, raw: str, header: list[str], tmp: dict[str, Path], options: str) -> None:
    whole_claim = "(_claim AND NOT _partial)"
    con.execute(f"""COPY (
        WITH typed AS (SELECT {_typed(COLUMNS, header)}, _line FROM ({raw})),
        flagged AS (SELECT *, method <> 'statistics' AS _claim, kca_partial(period, year) AS _partial,
                           kca_country_name(country) AS _country_name FROM typed WHERE year IS NOT NULL),
        ranked AS (SELECT *, {whole_claim} AND row_number() OVER (
                       PARTITION BY indicator, country, partner, year, {whole_claim}
                       ORDER BY published DESC, source_id, char_start NULLS LAST, _line) = 1 AS _main FROM flagged)
        SELECT {', '.join(COLUMNS)}, _claim, _partial, _main, _country_name,
               row_number() OVER (ORDER BY indicator, country, partner, year, source_id, char_start NULLS LAST, _line) - 1
               AS _n FROM ranked ORDER BY _n) TO '{_quote(str(tmp['rows']))}' {options}""")
    con.execute(f"COPY (SELECT id, _n FROM read_parquet('{_quote(str(tmp['rows']))}') ORDER BY id, _n) "
                f"TO '{_quote(str(tmp['ids']))}' {options}")


# ---------------------------------------------------------------- querying the copies


class Engine:
    """DuckDB over the Parquet copies, one connection per process and thread (opened when first used).

    ``views``: view name -> Parquet file, or a SQL query for a table that is not there (an empty typed one).
    """

    def __init__(self, views: dict[str, Path | str]):
        self.views = dict(views)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._root: tuple[int, duckdb.DuckDBPyConnection] | None = None
        _ENGINES.append(self)

    def _connection(self) -> duckdb.DuckDBPyConnection:
        pid = os.getpid()
        mine = getattr(self._local, "con", None)
        if mine is not None and mine[0] == pid:
            return mine[1]
        with self._lock:
            if self._root is None or self._root[0] != pid:
                root = duckdb.connect(config={"threads": 1, "memory_limit": QUERY_MEMORY, "enable_object_cache": True})
                for name, source in self.views.items():
                    body = f"SELECT * FROM read_parquet('{_quote(str(source))}')" if isinstance(source, Path) else source
                    root.execute(f"CREATE VIEW {name} AS {body}")
                self._root = (pid, root)
            con = self._root[1].cursor()
        self._local.con = (pid, con)
        return con

    def df(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """The result of a query as a frame (text columns as strings, integer columns as Int64)."""
        return self._connection().execute(sql, list(params)).df()

    def rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        return self._connection().execute(sql, list(params)).fetchall()

    def close(self) -> None:
        """Close this process's connections (before a fork: a child opens its own)."""
        with self._lock:
            if self._root is not None and self._root[0] == os.getpid():
                self._root[1].close()
            self._root = None
        self._local = threading.local()


_ENGINES: list[Engine] = []


def _close_all() -> None:
    for engine in _ENGINES:
        engine.close()


# gunicorn --preload forks the workers from a process that has read the data: its connections are closed first
# (DuckDB's threads do not survive a fork), and each worker opens its own on its first query.
os.register_at_fork(before=_close_all)


def empty_select(columns: tuple[str, ...]) -> str:
    """A query for an empty table with these columns, typed as the copies are."""
    def sql_type(c):
        if c in INTEGER or c == "_n":
            return "BIGINT"
        return "DOUBLE" if c in REAL else ("BOOLEAN" if c in FLAGS else "VARCHAR")
    return "SELECT " + ", ".join(f"CAST(NULL AS {sql_type(c)}) AS {c}" for c in columns) + " WHERE false"


def main(argv: list[str]) -> int:
    """``python -m dashboard.store KIND CSV NAME=PATH...``: build a copy in this process (see columnar_copy)."""
    kind, csv_path, *outs = argv
    try:
        build(Path(csv_path), kind, {n: Path(p) for n, p in (o.split("=", 1) for o in outs)})
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

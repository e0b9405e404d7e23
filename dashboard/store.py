"""The one columnar copy of the tables: DuckDB database files built from the CSVs, opened read-only by every
worker (#12).

``data/indicators.csv`` stays the contract's file. The first process that opens it writes a columnar copy into a
cache folder (``$KCA_CACHE``, else ``$XDG_CACHE_HOME/kca-indicators``, else ``~/.cache/kca-indicators``), named
after a hash of the CSV's bytes, of this module's format and of DuckDB's version: a changed CSV gets a new copy,
an unchanged one is found again by every later process. The copy is typed (``year`` and offsets integers,
``value`` a double, empty cells ``""``), sorted in the contract's order, and carries what every query filters on:

- ``_claim``: a text or curated figure (not an official statistic);
- ``_partial``: its period covers part of a year only (:func:`etl.periods.is_partial`);
- ``_main``: the figure that carries the line for its indicator, country, partner and year (the most recently
  published whole-year claim, as :func:`dashboard.records.base_flags` says for a frame);
- ``_country_name``: the country in words; ``_n``: the row's place in the contract's order.

Its table ``ids`` holds ``(id, _n)`` sorted by id, so a lookup by id reads one row group. ``checks.csv`` gets a
copy of its own, sorted by indicator, country, partner, year and id: the checks of a selection's claims are read
from the row groups of the selection, as its rows are. A copy is written beside its final name and renamed: a
reader never sees half a file, and two processes that build the same copy at once both end with a whole one. A
big CSV is converted in a child process (the two tables at once, one process each), so the server, and every
worker forked from it, never holds the conversion's memory.

Workers open the same files read-only: the operating system's page cache holds them once for all, and a
worker's DuckDB keeps only the blocks its queries read, within :data:`QUERY_MEMORY`.
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
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np

from etl import periods
from etl.schema import CHECK_COLUMNS, COLUMNS, country_name

if TYPE_CHECKING:
    import pandas as pd

FORMAT = f"kca-columnar-9/duckdb-{duckdb.__version__}"  # a new format or DuckDB: every copy is rebuilt
ENV_CACHE = "KCA_CACHE"
IN_PROCESS_BYTES = 16_000_000  # smaller CSVs are converted in the calling process (tests, the shipped data)
BUILD_MEMORY = os.environ.get("KCA_BUILD_MEMORY", "2GB")  # the conversion's cap; past it DuckDB spills to disk
QUERY_MEMORY = os.environ.get("KCA_QUERY_MEMORY", "192MB")  # what one process's DuckDB may hold for queries
ROW_GROUP = 16_384
KEEP_DAYS = 30  # copies not opened for this long are removed when a new one is written
SUFFIX = ".duckdb"

INTEGER = ("year", "char_start", "char_end")
REAL = ("value", "statistic_value", "margin_pct", "tolerance_pct", "other_value", "other_margin_pct")
FLAGS = ("_claim", "_partial", "_main")
ROW_COLUMNS = (*COLUMNS, *FLAGS, "_country_name", "_n")
TABLES = {"indicators": ("rows", "ids"), "checks": ("checks",)}  # the tables of each kind of copy


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


def columnar_copies(jobs: list[tuple[Path, str]]) -> list[Path | StoreError]:
    """The copy of each ``(csv_path, kind)`` (kind "indicators" or "checks"), built when missing: small CSVs in
    this process, big ones in child processes that run at the same time. A CSV that cannot be converted gives
    its StoreError in its place."""
    folder = cache_dir()
    out: list[Path | StoreError] = []
    children = []
    with ThreadPoolExecutor(max(1, len(jobs))) as pool:  # hashing releases the GIL: the files are read at once
        keys = list(pool.map(_key_or_error, jobs))
    for (csv_path, kind), key in zip(jobs, keys):
        if isinstance(key, StoreError):
            out.append(key)
            continue
        target = folder / f"{kind}-{key}{SUFFIX}"
        out.append(target)
        if target.exists():
            now = time.time()
            os.utime(target, (now, now))  # recently used: kept by the clean-up
        elif csv_path.stat().st_size <= IN_PROCESS_BYTES:
            try:
                build(csv_path, kind, target)
            except StoreError as exc:
                out[-1] = exc
        else:
            args = [sys.executable, "-m", "dashboard.store", kind, str(csv_path.resolve()), str(target.resolve())]
            children.append((len(out) - 1, csv_path, subprocess.Popen(
                args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])))
    for i, csv_path, child in children:
        _, err = child.communicate()
        if child.returncode != 0:
            lines = [x for x in err.strip().splitlines() if x.strip()]
            out[i] = StoreError(lines[-1] if lines else f"{csv_path.name}: conversion failed ({child.returncode})")
    _clean(folder, keep={p for p in out if isinstance(p, Path)})
    return out


def _key_or_error(job: tuple[Path, str]) -> str | StoreError:
    try:
        return content_key(*job)
    except OSError as exc:
        return StoreError(f"{job[0].name} could not be read: {exc}")


def columnar_copy(csv_path: Path, kind: str) -> Path:
    """The copy of one CSV (see :func:`columnar_copies`). Raises StoreError."""
    got = columnar_copies([(csv_path, kind)])[0]
    if isinstance(got, StoreError):
        raise got
    return got


def _clean(folder: Path, keep: set[Path]) -> None:
    cutoff = time.time() - KEEP_DAYS * 86400
    for p in [*folder.glob(f"*{SUFFIX}"), *folder.glob("*.parquet")]:
        try:
            if p not in keep and p.stat().st_mtime < cutoff:
                p.unlink()
        except OSError:
            pass


# ---------------------------------------------------------------- building a copy


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


def build(csv_path: Path, kind: str, target: Path) -> None:
    """Convert ``csv_path`` into the DuckDB file ``target`` (written beside, then renamed). Raises StoreError."""
    header = read_header(csv_path)
    if not header:
        raise StoreError(f"{csv_path.name} could not be read: no header line")
    tmp = target.with_name(f".{target.name}.{os.getpid()}.{threading.get_ident()}.tmp")
    con = duckdb.connect(config={"memory_limit": BUILD_MEMORY, "preserve_insertion_order": True,
                                 "temp_directory": str(cache_dir() / ".spill")})
    try:
        # row groups of 16,384 rows: a selection's queries skip the groups outside its indicator and countries
        con.execute(f"ATTACH '{_quote(str(tmp))}' AS copy (ROW_GROUP_SIZE {ROW_GROUP})")
        con.execute("USE copy")
        # integer columns pass through a double: "2023.0" is 2023, "2023.5" is no year
        doubles = ", ".join((f"TRY_CAST(NULLIF(trim(\"{c}\"), '') AS DOUBLE)" if c in header else "NULL::DOUBLE")
                            + f" AS _d_{c}" for c in INTEGER)
        raw = f"SELECT *, {doubles} FROM {_reader(csv_path, header)}"
        if kind == "indicators":
            _build_rows(con, raw, header)
        else:
            _build_checks(con, raw, header)
        con.execute("USE memory")
        con.execute("DETACH copy")
        con.close()
        os.replace(tmp, target)
    except duckdb.Error as exc:
        raise StoreError(f"{csv_path.name} could not be read: {str(exc).splitlines()[0]}") from exc
    finally:
        con.close()
        for p in (tmp, tmp.with_name(tmp.name + ".wal")):
            p.unlink(missing_ok=True)


def _build_checks(con: duckdb.DuckDBPyConnection, raw: str, header: list[str]) -> None:
    # read in parallel, in the file's order: a row's rowid is its line (DuckDB keeps the insertion order)
    con.execute(f"CREATE TEMP TABLE typed AS SELECT {_typed(CHECK_COLUMNS, header)} FROM ({raw})")
    (repeated,) = con.execute("SELECT count(*) - count(DISTINCT id) FROM typed").fetchone()
    once = " QUALIFY row_number() OVER (PARTITION BY id ORDER BY rowid) = 1" if repeated else ""  # the first row
    con.execute(f"CREATE TABLE checks AS SELECT * FROM typed{once} ORDER BY indicator, country, partner, year, id, rowid")
    con.execute("DROP TABLE typed")


def _build_rows(con: duckdb.DuckDBPyConnection, raw: str, header: list[str]) -> None:
    # read in parallel, in the file's order: a row's rowid is its line (DuckDB keeps the insertion order)
    con.execute(f"CREATE TEMP TABLE typed AS SELECT {_typed(COLUMNS, header)} FROM ({raw})")
    # the project's own definitions, worked out once per distinct value (a few hundred), joined to the rows
    pairs = con.execute("SELECT DISTINCT period, year FROM typed WHERE year IS NOT NULL").fetchall()
    codes = [r[0] for r in con.execute("SELECT DISTINCT country FROM typed").fetchall()]
    import pandas as pd

    partial = pd.DataFrame({"period": [p for p, _ in pairs], "year": [y for _, y in pairs],
                            "partial": [periods.is_partial(p, y) for p, y in pairs]})
    names = pd.DataFrame({"country": codes, "name": [country_name(c) if c else "" for c in codes]})
    con.register("partial_of", partial)
    con.register("name_of", names)
    con.execute("""CREATE TEMP VIEW flagged AS SELECT t.*, t.rowid AS _line, t.method <> 'statistics' AS _claim,
        coalesce(p.partial, false) AS _partial, coalesce(n.name, '') AS _country_name FROM typed t
        LEFT JOIN partial_of p ON p.period = t.period AND p.year = t.year LEFT JOIN name_of n ON n.country = t.country
        WHERE t.year IS NOT NULL""")
    # the line of each indicator, country, partner and year: its most recently published whole-year claim
    con.execute("""CREATE TEMP TABLE main_of AS SELECT first(_line ORDER BY published DESC, source_id,
        char_start NULLS LAST, _line) AS _line FROM flagged WHERE _claim AND NOT _partial
        GROUP BY indicator, country, partner, year""")
    # one sort: the contract's order, numbered as it comes (DuckDB keeps the order of an ordered subquery)
    con.execute(f"""CREATE TABLE rows AS SELECT {', '.join(COLUMNS)}, _claim, _partial, _main, _country_name,
        row_number() OVER () - 1 AS _n FROM (SELECT *, _line IN (SELECT _line FROM main_of) AS _main FROM flagged
        ORDER BY indicator, country, partner, year, source_id, char_start NULLS LAST, _line)""")
    con.execute("CREATE TABLE ids AS SELECT id, _n FROM rows ORDER BY id, _n")
    con.unregister("partial_of")
    con.unregister("name_of")
    con.execute("DROP VIEW flagged")
    for table in ("typed", "main_of"):
        con.execute(f"DROP TABLE {table}")


# ---------------------------------------------------------------- querying the copies


class Engine:
    """DuckDB over the copies, one connection per process and thread (opened when first used).

    ``views``: view name -> (copy, table in it), or a SQL query for a table that is not there (an empty typed one).
    """

    def __init__(self, views: dict[str, tuple[Path, str] | str]):
        self.views = dict(views)
        self._local = threading.local()
        self._lock = threading.Lock()
        self._root: tuple[int, duckdb.DuckDBPyConnection] | None = None
        _ENGINES.append(self)

    def _open(self) -> duckdb.DuckDBPyConnection:
        root = duckdb.connect(config={"threads": 1, "memory_limit": QUERY_MEMORY})
        files = dict.fromkeys(source[0] for source in self.views.values() if not isinstance(source, str))
        for n, path in enumerate(files):
            root.execute(f"ATTACH '{_quote(str(path))}' AS copy{n} (READ_ONLY)")
        alias = {path: f"copy{n}" for n, path in enumerate(files)}
        for name, source in self.views.items():
            body = source if isinstance(source, str) else f"SELECT * FROM {alias[source[0]]}.{source[1]}"
            root.execute(f"CREATE VIEW {name} AS {body}")
        return root

    def _connection(self) -> duckdb.DuckDBPyConnection:
        pid = os.getpid()
        mine = getattr(self._local, "con", None)
        if mine is not None and mine[0] == pid:
            return mine[1]
        with self._lock:
            if self._root is None or self._root[0] != pid:
                self._root = (pid, self._open())
            con = self._root[1].cursor()
        self._local.con = (pid, con)
        return con

    def df(self, sql: str, params: list | tuple = ()) -> pd.DataFrame:
        """The result of a query as a frame: text as Python strings (object columns: a request slices and reads them
        row by row, which Arrow-backed strings make slow), None where missing; integers with a gap as Int64,
        numbers as floats (NaN where missing), flags as bools."""
        return frame(self._connection().execute(sql, list(params)).fetchnumpy())

    def rows(self, sql: str, params: list | tuple = ()) -> list[tuple]:
        return self._connection().execute(sql, list(params)).fetchall()

    def close(self) -> None:
        """Close this process's connections (before a fork: a child opens its own)."""
        with self._lock:
            if self._root is not None and self._root[0] == os.getpid():
                self._root[1].close()
            self._root = None
        self._local = threading.local()


def _column(values: np.ndarray) -> pd.Series | np.ndarray:
    import pandas as pd

    if isinstance(values, np.ma.MaskedArray):
        mask = np.ma.getmaskarray(values)
        if not mask.any():
            values = values.data
        elif values.dtype.kind in "iu":
            return pd.arrays.IntegerArray(values.data.astype("int64"), mask)
        elif values.dtype.kind == "f":
            return np.where(mask, np.nan, values.data)
        elif values.dtype.kind == "b":
            return pd.arrays.BooleanArray(values.data, mask)
        else:
            out = values.data.astype(object)
            out[mask] = None
            return pd.Series(out, dtype=object)
    return pd.Series(values, dtype=object) if values.dtype == object else values


def frame(columns: dict[str, np.ndarray]) -> pd.DataFrame:
    """A frame of DuckDB's ``fetchnumpy()`` (see :meth:`Engine.df`)."""
    import pandas as pd

    df = pd.DataFrame({name: _column(v) for name, v in columns.items()}, copy=False)
    df.columns = pd.Index(list(columns), dtype=object)  # column names as Python strings too: looked up per access
    return df


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
    """``python -m dashboard.store KIND CSV TARGET``: build a copy in this process (see columnar_copies)."""
    kind, csv_path, target = argv
    try:
        build(Path(csv_path), kind, Path(target))
    except StoreError as exc:
        print(exc, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))

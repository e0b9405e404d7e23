"""Open the tables once per process, and answer what the page asks of them.

``load_bundle(path)`` opens ``indicators.csv`` through its columnar copy (:mod:`dashboard.store`: a DuckDB file
queried in place, one copy for every worker) and, from the same folder, ``checks.csv`` likewise,
``sources.csv`` and ``review.csv`` (each may be absent), the source bodies in ``sources/`` and the series'
metadata in ``snapshots/``. What the page needs to know about the whole table (:class:`~dashboard.facts.Facts`:
how many figures each indicator, country, partner, year and series holds; figures per source) is counted once,
in SQL; the rows of a selection are read per
request by :mod:`dashboard.selection`. No worker holds the table.

``Bundle.rows`` (every row, with the derived columns of :mod:`dashboard.records`) is built on demand for tests
and small tools; the app never asks for it. :func:`filter_rows` is the same selection over such a frame.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import cache, cached_property, lru_cache
from pathlib import Path

import frontmatter
import pandas as pd

from etl.schema import CHECK_COLUMNS, COLUMNS, INTEGER_COLUMNS, REVIEW_COLUMNS, SOURCE_COLUMNS, country_name, vocabulary

from . import labels, store
from .facts import Facts, as_facts, facts_of  # noqa: F401 - re-exported: the app reads the table through this module
from .provenance import read_about
from .records import (  # noqa: F401 - re-exported: the app reads rows through this module
    COUNTRIES,
    STATISTICS,
    Series,
    base_flags,
    check_lines,
    dress,
    hover_texts,
    is_partial,
    period_label,
    prepare_rows,
    series_info,
    values,
)

ENV_VAR = "KCA_DATA"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "indicators.csv"
OFFICIAL_CHOICES = ("korea", "all", "none")  # which official series a view draws beside the claims
MATERIALISED = {"rows": 0}  # how often a whole table was built as a frame (the app never does: a test checks)

_NUMERIC = ("value", "statistic_value", "margin_pct", "tolerance_pct", "other_value", "other_margin_pct")


@dataclass(frozen=True)
class Filters:
    """What the analyst picked: one indicator, countries, a partner, a year range, which official series."""

    indicator: str
    countries: tuple[str, ...]
    partner: str | None
    years: tuple[int, int]
    # which official series beside the claims: "all" (no filter), "korea" (each country's Korea-reported one:
    # the page's default view, set by dashboard.state), or "none"
    official: str = "all"


@dataclass(frozen=True)
class Bundle:
    """Everything the dashboard reads, opened once per process."""

    engine: store.Engine  # views "rows", "ids", "checks" over the columnar copies
    facts: Facts
    series: Series
    sources: pd.DataFrame
    review: pd.DataFrame
    folder: Path
    has_checks: bool = False  # False when checks.csv is absent or unreadable
    problems: tuple[str, ...] = field(default=())  # what could not be read, shown to the user
    about: dict = field(default_factory=dict)  # source_id -> provenance.About, for the official series
    per_source: dict = field(default_factory=dict)  # source_id -> figures it gives

    def source_body(self, source_id: str) -> str | None:
        """The body of a source document, or None (snapshots and missing files)."""
        return read_body(self.folder / "sources", source_id)

    @cached_property
    def checks(self) -> pd.DataFrame | None:
        """Every row of checks.csv as a frame (tests and tools), None when there is none."""
        return self.engine.df("SELECT * FROM checks ORDER BY id") if self.has_checks else None

    @cached_property
    def rows(self) -> pd.DataFrame:
        """Every row with every derived column, in the contract's order: for tests and small tools only."""
        MATERIALISED["rows"] += 1
        df = self.engine.df("SELECT * FROM rows ORDER BY _n").drop(columns="_n")
        return dress(df, self.series, check_lines(self.checks))


# ---------------------------------------------------------------- reading


def data_path(path: str | os.PathLike | None = None) -> Path:
    """The indicators.csv to read: the argument, else ``$KCA_DATA``, else ``data/indicators.csv``."""
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def _read_table(path: Path, columns: tuple[str, ...], problems: list[str]) -> pd.DataFrame | None:
    """A small table (sources, review) as a frame of strings, numbers typed; None when absent or unreadable."""
    if not path.exists():
        return None
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        problems.append(f"{path.name} could not be read: {exc}")
        return None
    _note_missing(path, list(df.columns), columns, problems)
    for c in columns:
        if c not in df.columns:
            df[c] = ""
    return _typed(df, columns)


def _note_missing(path: Path, header: list[str], columns, problems: list[str]) -> None:
    missing = [c for c in columns if c not in header]
    if missing:
        problems.append(f"{path.name} lacks columns {', '.join(missing)}; they are shown empty.")


def _typed(df: pd.DataFrame, columns) -> pd.DataFrame:
    for c in columns:
        if c in _NUMERIC:
            df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors="coerce").astype("float64")
        elif c in INTEGER_COLUMNS:
            df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors="coerce").astype("Int64")
    return df


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return _typed(pd.DataFrame({c: pd.Series([], dtype="str") for c in columns}), columns)


def _checks_csv(path: Path, problems: list[str]) -> Path | None:
    """checks.csv as its copy is built from it: an older file (one row per claim and series) is converted first,
    with a notice. None when absent or unreadable."""
    if not path.exists():
        return None
    try:
        header = store.read_header(path)
    except store.StoreError as exc:
        problems.append(str(exc))
        return None
    if "official_value" not in header or "statistic_value" in header:
        _note_missing(path, header, CHECK_COLUMNS, problems)
        return path
    old = _read_table(path, tuple(header), [])
    problems.append("checks.csv is in an older format (one row per claim and series); verdicts are shown as "
                    "far as it can be read. Rebuild it with `python -m etl build`.")
    if old is None:
        return None
    converted = store.cache_dir() / f"checks-from-old-{store.content_key(path, 'old')}.csv"
    if not converted.exists():
        tmp = converted.with_name(f".{converted.name}.{os.getpid()}.tmp")
        checks_from_old(old).to_csv(tmp, index=False)
        os.replace(tmp, converted)
    return converted


def _views(path: Path, problems: list[str]) -> tuple[dict, bool]:
    """The engine's views over the copies of indicators.csv and checks.csv (built at once when missing); an empty
    table for one that is absent or unreadable (with a notice). Also whether there are checks."""
    rows_csv = path if path.exists() else None
    if rows_csv is not None:
        try:
            _note_missing(path, store.read_header(path), COLUMNS, problems)
        except store.StoreError as exc:
            problems.append(str(exc))
            rows_csv = None
    checks_csv = _checks_csv(path.parent / "checks.csv", problems)
    jobs = [(p, kind) for p, kind in ((rows_csv, "indicators"), (checks_csv, "checks")) if p is not None]
    copies = dict(zip([kind for _, kind in jobs], store.columnar_copies(jobs)))
    for got in copies.values():
        if isinstance(got, store.StoreError):
            problems.append(str(got))
    rows, checks = copies.get("indicators"), copies.get("checks")
    views: dict = {"rows": store.empty_select(store.ROW_COLUMNS), "ids": store.empty_select(("id", "_n")),
                   "checks": store.empty_select(CHECK_COLUMNS)}
    if isinstance(rows, Path):
        views |= {"rows": (rows, "rows"), "ids": (rows, "ids")}
    else:
        problems.append(f"No data table at {path}.")
    if isinstance(checks, Path):
        views["checks"] = (checks, "checks")
    return views, isinstance(checks, Path)


def checks_from_old(old: pd.DataFrame) -> pd.DataFrame:
    """An older checks table (official_* columns, a row per series) as one row per claim: its first series is
    the statistic, a second one the other reporter."""
    old = old.astype(str).replace({"nan": "", "<NA>": "", "None": ""})
    first = old.drop_duplicates("id", keep="first")
    second = old[old["id"].duplicated()].drop_duplicates("id", keep="first").set_index("id")
    out = pd.DataFrame({c: (first[c] if c in first.columns else "") for c in CHECK_COLUMNS}, index=first.index)
    out["statistic_source_id"] = first.get("official_source_id", "")
    out["statistic_publisher"] = first.get("official_publisher", "")
    out["statistic_reporter"] = [labels.reporter_of(s) for s in out["statistic_source_id"]]
    out["statistic_period"] = first.get("official_period", "")
    out["statistic_value"] = first.get("official_value", "")
    out["margin_pct"] = first.get("difference_pct", "")
    out["reason"] = first.get("note", "")
    out["note"] = out["unit"] = out["tolerance_pct"] = ""
    other = first["id"].map(second["official_source_id"]) if len(second) else pd.Series("", index=first.index)
    out["other_source_id"] = other.fillna("")
    out["other_reporter"] = [labels.reporter_of(s) if s else "" for s in out["other_source_id"]]
    for new, col in (("other_value", "official_value"), ("other_margin_pct", "difference_pct")):
        out[new] = first["id"].map(second[col]).fillna("") if len(second) else ""
    return out.reset_index(drop=True)


@cache
def load_bundle(path: str | os.PathLike | None = None) -> Bundle:
    """Open indicators.csv and its neighbours once per process (see the module docstring)."""
    path = data_path(path)
    folder = path.parent
    problems: list[str] = []
    views, has_checks = _views(path, problems)
    engine = store.Engine(views)
    cells = engine.rows("SELECT indicator, country, partner, year, CASE WHEN _claim THEN '' ELSE source_id END, "
                        "count(*), count(*) FILTER (WHERE NOT _partial) FROM rows GROUP BY ALL ORDER BY ALL")
    facts = Facts(sum(c[5] for c in cells), tuple(cells))
    stats = engine.df("SELECT DISTINCT indicator, country, partner, source_id, publisher FROM rows WHERE NOT _claim")
    per_source = dict(engine.rows("SELECT source_id, count(*) FROM rows GROUP BY 1"))
    sources = _read_table(folder / "sources.csv", SOURCE_COLUMNS, problems)
    review = _read_table(folder / "review.csv", REVIEW_COLUMNS, problems)
    if sources is None:
        sources = sources_from_rows(engine.df(
            "SELECT source_id, first(source_title ORDER BY _n) AS source_title, first(publisher ORDER BY _n) AS publisher, "
            "first(published ORDER BY _n) AS published, first(url ORDER BY _n) AS url, first(method ORDER BY _n) AS method "
            "FROM rows GROUP BY source_id ORDER BY min(_n)"))
    stats_ids = list(dict.fromkeys(stats["source_id"].astype(str)))
    about = {sid: a for sid in stats_ids if (a := read_about(folder, sid)) is not None}
    return Bundle(engine=engine, facts=facts, series=series_info(stats, about), sources=sources,
                  review=review if review is not None else _empty(REVIEW_COLUMNS), folder=folder,
                  has_checks=has_checks, problems=tuple(problems), about=about, per_source=per_source)


def sources_from_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """A sources table rebuilt from the citation columns, when sources.csv is absent."""
    df = rows[["source_id", "source_title", "publisher", "published", "url", "method"]].drop_duplicates("source_id")
    df = df.rename(columns={"source_title": "title"})
    df["language"] = ""
    df["kind"] = df.pop("method").map(lambda m: "snapshot" if m == STATISTICS else "document")
    return df[list(SOURCE_COLUMNS)].astype(str).reset_index(drop=True)


@lru_cache(maxsize=512)
def read_body(folder: Path, source_id: str) -> str | None:
    """The body of ``<folder>/<source_id>.md`` as python-frontmatter returns it.

    A byte-order mark is dropped and CRLF/CR line ends read as LF before the
    front matter is split off, as the contract says; offsets count code points
    in the returned string. None when the file is missing or unreadable.
    """
    if not source_id or "/" in source_id or "\\" in source_id or source_id.startswith(".") or "\x00" in source_id:
        return None
    path = folder / f"{source_id}.md"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return frontmatter.loads(text).content
    except Exception:  # noqa: BLE001 - a broken front matter must not break the page
        return None


# ---------------------------------------------------------------- a frame of rows (pure)


def filter_rows(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``df`` that match ``filters``, in the contract's sort order (what
    :func:`dashboard.selection.select` reads from the columnar copy; a test holds the two to each other).

    Args:
        df: the indicators table (prepared by :func:`prepare_rows`, or raw: then every official series is kept).
        filters: indicator, countries, partner (None for every partner), an inclusive year range, and which
            official series (``korea``: each country's primary series; ``all``; ``none``).

    Returns:
        A new frame; empty when nothing matches.
    """
    mask = (df["indicator"] == filters.indicator) & df["country"].isin(list(filters.countries))
    if filters.partner:
        mask &= df["partner"] == filters.partner
    lo, hi = filters.years
    mask &= (df["year"] >= lo) & (df["year"] <= hi)
    official = getattr(filters, "official", "all")
    if official == "none":
        mask &= df["method"] != STATISTICS
    elif official == "korea" and "_primary" in df.columns:
        mask &= (df["method"] != STATISTICS) | df["_primary"]
    return df[mask.fillna(False)]


def country_label(code: str) -> str:
    """"Uzbekistan (UZB)"."""
    return f"{country_name(code)} ({code})"


def indicator_options(table) -> list[dict]:
    """Dropdown options for every indicator of the vocabulary, with how many figures each has."""
    counts = {k: n for k, n in as_facts(table).indicators.items() if n}
    known = vocabulary()
    options = [
        {"label": f"{ind.label} ({counts.get(key, 0)})", "value": key} for key, ind in known.items()
    ]
    options += [{"label": f"{key} ({n})", "value": key} for key, n in counts.items() if key not in known]
    return options


def source_count(bundle: Bundle) -> tuple[int, int, int]:
    """(sources, documents, statistics series), as the header and the Sources tab both say it."""
    kinds = bundle.sources["kind"].astype(str)
    series = int((kinds == "snapshot").sum())
    return len(bundle.sources), len(bundle.sources) - series, series


def review_of_source(bundle: Bundle, source_id: str) -> pd.DataFrame:
    """The review.csv items of a source."""
    return bundle.review[bundle.review["source_id"] == source_id]


def figures_per_source(bundle: Bundle) -> pd.Series:
    """source_id -> how many observations it gives."""
    return pd.Series(bundle.per_source, dtype="int64")


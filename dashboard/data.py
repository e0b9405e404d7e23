"""Load the tables once per process, and filter them (pure).

``load_bundle(path)`` reads ``indicators.csv`` and, from the same folder,
``sources.csv``, ``review.csv`` and ``checks.csv`` (each may be absent), the
source bodies in ``sources/`` and the series' metadata in ``snapshots/``, and
adds the derived columns of :mod:`dashboard.records` (``_country_name``,
``_claim``, ``_series``, ``_primary``, ``_hover``...).

Everything else reads the data through these functions (``load_bundle``,
``filter_rows``, ``claim_checks``, ``checks_of``), so the storage can change
behind them.
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import frontmatter
import pandas as pd

from etl.schema import (
    CHECK_COLUMNS,
    COLUMNS,
    INTEGER_COLUMNS,
    REVIEW_COLUMNS,
    SOURCE_COLUMNS,
    country_name,
    vocabulary,
)

from . import labels
from .provenance import read_about
from .records import (  # noqa: F401 - re-exported: the app reads rows through this module
    CATEGORY_COLUMNS,
    COUNTRIES,
    STATISTICS,
    check_lines,
    hover_texts,
    is_partial,
    period_label,
    prepare_rows,
    values,
)

ENV_VAR = "KCA_DATA"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "indicators.csv"
OFFICIAL_CHOICES = ("korea", "all", "none")  # which official series a view draws beside the claims

_NUMERIC = ("value", "statistic_value", "margin_pct", "tolerance_pct", "other_value", "other_margin_pct")


@dataclass(frozen=True)
class Bundle:
    """Everything the dashboard reads, loaded once per process."""

    rows: pd.DataFrame
    sources: pd.DataFrame
    review: pd.DataFrame
    checks: pd.DataFrame | None  # None when checks.csv is absent or unreadable
    folder: Path
    problems: tuple[str, ...] = field(default=())  # what could not be read, shown to the user
    about: dict = field(default_factory=dict)  # source_id -> provenance.About, for the official series

    def source_body(self, source_id: str) -> str | None:
        """The body of a source document, or None (snapshots and missing files)."""
        return read_body(self.folder / "sources", source_id)


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


# ---------------------------------------------------------------- reading


def data_path(path: str | os.PathLike | None = None) -> Path:
    """The indicators.csv to read: the argument, else ``$KCA_DATA``, else ``data/indicators.csv``."""
    return Path(path or os.environ.get(ENV_VAR) or DEFAULT_PATH)


def _read_table(path: Path, columns: tuple[str, ...], problems: list[str], categories=()) -> pd.DataFrame | None:
    if not path.exists():
        return None
    try:
        header = pd.read_csv(path, nrows=0, encoding="utf-8").columns
        dtypes = {c: ("category" if c in categories else str) for c in header}
        df = pd.read_csv(path, dtype=dtypes, keep_default_na=False, encoding="utf-8")
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        problems.append(f"{path.name} could not be read: {exc}")
        return None
    missing = [c for c in columns if c not in df.columns]
    if missing:
        problems.append(f"{path.name} lacks columns {', '.join(missing)}; they are shown empty.")
    for c in missing:
        df[c] = ""
    return _typed(df, columns)


def _typed(df: pd.DataFrame, columns) -> pd.DataFrame:
    for c in columns:
        if c in _NUMERIC:
            df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors="coerce").astype("float64")
        elif c in INTEGER_COLUMNS:
            df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors="coerce").astype("Int64")
    return df


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    return _typed(pd.DataFrame({c: pd.Series([], dtype="str") for c in columns}), columns)


def read_checks(path: Path, problems: list[str]) -> pd.DataFrame | None:
    """checks.csv, one row per claim; an older file (one row per claim and series) is converted, with a notice."""
    if not path.exists():
        return None
    try:
        header = list(pd.read_csv(path, nrows=0, encoding="utf-8").columns)
    except (OSError, ValueError, pd.errors.ParserError) as exc:
        problems.append(f"checks.csv could not be read: {exc}")
        return None
    if "official_value" in header and "statistic_value" not in header:
        old = _read_table(path, tuple(header), [], ())
        problems.append("checks.csv is in an older format (one row per claim and series); verdicts are shown as far "
                        "as it can be read. Rebuild it with `python -m etl build`.")
        return _typed(checks_from_old(old), CHECK_COLUMNS) if old is not None else None
    return _read_table(path, CHECK_COLUMNS, problems)


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
    """Read indicators.csv and its neighbours once per process (see the module docstring)."""
    path = data_path(path)
    folder = path.parent
    problems: list[str] = []
    rows = _read_table(path, COLUMNS, problems, categories=CATEGORY_COLUMNS)
    if rows is None:
        problems.append(f"No data table at {path}.")
        rows = _empty(COLUMNS)
    rows = rows[rows["year"].notna()] if len(rows) else rows
    sources = _read_table(folder / "sources.csv", SOURCE_COLUMNS, problems)
    review = _read_table(folder / "review.csv", REVIEW_COLUMNS, problems)
    checks = read_checks(folder / "checks.csv", problems)
    if sources is None:
        sources = sources_from_rows(rows)
    stats_ids = [str(s) for s in rows.loc[rows["method"] == STATISTICS, "source_id"].unique()]
    about = {sid: a for sid in stats_ids if (a := read_about(folder, sid)) is not None}
    return Bundle(
        rows=prepare_rows(rows, checks, about=about),
        sources=sources,
        review=review if review is not None else _empty(REVIEW_COLUMNS),
        checks=checks,
        folder=folder,
        problems=tuple(problems),
        about=about,
    )


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


# ---------------------------------------------------------------- filtering (pure)


def filter_rows(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``df`` that match ``filters``, in the contract's sort order.

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


CHECK_ONLY = tuple(c for c in CHECK_COLUMNS if c not in COLUMNS)  # verdict, reason, statistic_*, margin_pct...


def claim_checks(bundle: Bundle, filters: Filters) -> pd.DataFrame:
    """The claims of a selection, each with its checks.csv verdict and official values (unchecked claims kept).

    The checks' own ``note`` is ``check_note``; without checks.csv the check columns are empty.
    """
    claims = filter_rows(bundle.rows, replace(filters, official="none"))
    claims = claims[claims["_claim"]].assign(id=lambda d: d["id"].astype(str))
    if bundle.checks is None or bundle.checks.empty:
        return claims.assign(**{c: "" for c in CHECK_ONLY}, check_note="")
    part = bundle.checks.drop_duplicates("id")[["id", *CHECK_ONLY, "note"]].rename(columns={"note": "check_note"})
    return claims.merge(part.assign(id=part["id"].astype(str)), on="id", how="left")


def checks_of(bundle: Bundle, filters: Filters) -> pd.DataFrame:
    """The checks.csv rows of a selection's claims (what the Table tab's download holds)."""
    if bundle.checks is None:
        return _empty(CHECK_COLUMNS)
    claims = filter_rows(bundle.rows, replace(filters, official="none"))
    return bundle.checks[bundle.checks["id"].astype(str).isin(set(claims["id"].astype(str)))]


def country_label(code: str) -> str:
    """"Uzbekistan (UZB)"."""
    return f"{country_name(code)} ({code})"


def indicator_options(df: pd.DataFrame) -> list[dict]:
    """Dropdown options for every indicator of the vocabulary, with how many figures each has."""
    counts = {k: n for k, n in df["indicator"].value_counts().items() if n}
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


# ---------------------------------------------------------------- lookups by id (the views never index the frames)


def observation(bundle: Bundle, obs_id: str | None) -> dict | None:
    """One prepared row as a dict, by observation id (None when unknown)."""
    if not obs_id:
        return None
    match = bundle.rows[bundle.rows["id"] == str(obs_id)]
    return None if match.empty else match.iloc[0].to_dict()


def check_of(bundle: Bundle, obs_id: str) -> dict | None:
    """The checks.csv row of a claim, or None."""
    if bundle.checks is None:
        return None
    match = bundle.checks[bundle.checks["id"].astype(str) == str(obs_id)]
    return match.iloc[0].to_dict() if len(match) else None


def rows_of_source(bundle: Bundle, source_id: str) -> pd.DataFrame:
    """The observations a source gives."""
    return bundle.rows[bundle.rows["source_id"] == source_id]


def review_of_source(bundle: Bundle, source_id: str) -> pd.DataFrame:
    """The review.csv items of a source."""
    return bundle.review[bundle.review["source_id"] == source_id]


def figures_per_source(bundle: Bundle) -> pd.Series:
    """source_id -> how many observations it gives."""
    return bundle.rows["source_id"].astype(str).value_counts()


"""Load the tables once per process, and filter them (pure).

``load_bundle(path)`` reads ``indicators.csv`` and, from the same folder,
``sources.csv``, ``review.csv`` and ``checks.csv`` (each may be absent), plus
the source bodies in ``sources/``. It adds a few derived columns, all named
with a leading underscore so they never mix with the contract's columns:

- ``_country_name``  readable name of ``country`` (``CAS`` is Central Asia)
- ``_partial``       the figure covers part of a year only (``period`` is not a whole year)
- ``_period_label``  "2023" or "Jan–Jun 2023"
- ``_value_text``    the value as a briefing says it, "more than US$ 10 bn"
- ``_claim``         a text or curated figure (not an official statistic)
- ``_main``          the figure that carries the line for its country and year
- ``_checks``        the official value(s) and verdict(s) for a claim, as text

Repetitive text columns are categoricals (memory); hover texts are built for
the plotted rows only (:func:`hover_texts`).
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import frontmatter
import pandas as pd

from etl import periods
from etl.schema import (
    CENTRAL_ASIA,
    CHECK_COLUMNS,
    COLUMNS,
    INTEGER_COLUMNS,
    REGION,
    REVIEW_COLUMNS,
    SORT_KEY,
    SOURCE_COLUMNS,
    country_name,
    vocabulary,
)

from .units import value_text

ENV_VAR = "KCA_DATA"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "indicators.csv"
COUNTRIES = (*CENTRAL_ASIA, REGION)
STATISTICS = "statistics"
_NUMERIC = ("value", "statistic_value", "margin_pct", "tolerance_pct", "other_value", "other_margin_pct")
# Columns with few distinct values are held as categoricals: a 100,000-row table stays small in memory.
CATEGORY_COLUMNS = ("indicator", "country", "partner", "period", "unit", "comparator", "source_id", "source_title",
                    "publisher", "published", "url", "method")


@dataclass(frozen=True)
class Bundle:
    """Everything the dashboard reads, loaded once per process."""

    rows: pd.DataFrame
    sources: pd.DataFrame
    review: pd.DataFrame
    checks: pd.DataFrame | None  # None when checks.csv is absent
    folder: Path
    problems: tuple[str, ...] = field(default=())  # what could not be read, shown to the user

    def source_body(self, source_id: str) -> str | None:
        """The body of a source document, or None (snapshots and missing files)."""
        return read_body(self.folder / "sources", source_id)


@dataclass(frozen=True)
class Filters:
    """What the analyst picked in the Explore view."""

    indicator: str
    countries: tuple[str, ...]
    partner: str | None
    years: tuple[int, int]


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
    for c in columns:
        if c in _NUMERIC:
            df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors="coerce").astype("float64")
        elif c in INTEGER_COLUMNS:
            df[c] = pd.to_numeric(df[c].astype(str).str.strip(), errors="coerce").astype("Int64")
    return df


def _empty(columns: tuple[str, ...]) -> pd.DataFrame:
    df = pd.DataFrame({c: pd.Series([], dtype="str") for c in columns})
    for c in columns:
        if c in _NUMERIC:
            df[c] = df[c].astype("float64")
        elif c in INTEGER_COLUMNS:
            df[c] = df[c].astype("Int64")
    return df


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
    checks = _read_table(folder / "checks.csv", CHECK_COLUMNS, problems)
    if sources is None:
        sources = sources_from_rows(rows)
    return Bundle(
        rows=prepare_rows(rows, checks),
        sources=sources,
        review=review if review is not None else _empty(REVIEW_COLUMNS),
        checks=checks,
        folder=folder,
        problems=tuple(problems),
    )


def sources_from_rows(rows: pd.DataFrame) -> pd.DataFrame:
    """A sources table rebuilt from the citation columns, when sources.csv is absent."""
    df = rows[["source_id", "source_title", "publisher", "published", "url", "method"]].drop_duplicates("source_id")
    df = df.rename(columns={"source_title": "title"})
    df["language"] = ""
    df["kind"] = df.pop("method").map(lambda m: "snapshot" if m == STATISTICS else "document")
    return df[list(SOURCE_COLUMNS)].reset_index(drop=True)


@lru_cache(maxsize=512)
def read_body(folder: Path, source_id: str) -> str | None:
    """The body of ``<folder>/<source_id>.md`` as python-frontmatter returns it.

    A byte-order mark is dropped and CRLF/CR line ends read as LF before the
    front matter is split off, as the contract says; offsets count code points
    in the returned string. None when the file is missing or unreadable.
    """
    if not source_id or "/" in source_id or "\\" in source_id or source_id.startswith("."):
        return None
    path = folder / f"{source_id}.md"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    try:
        return frontmatter.loads(text).content
    except Exception:  # noqa: BLE001 - a broken front matter must not break the page
        return None


# ---------------------------------------------------------------- derived columns


def period_label(period: str, year: int) -> str:
    """``"2023"`` -> "2023"; ``"2023-01/2023-06"`` -> "Jan–Jun 2023" (see :func:`etl.periods.label`)."""
    return periods.label(period, year)


def is_partial(period: str, year: int) -> bool:
    """True when ``period`` covers less than the whole of ``year``."""
    return periods.is_partial(period, year)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_lines(checks: pd.DataFrame | None) -> dict[str, str]:
    """Claim id -> hover lines giving the official value(s) and verdict(s) from checks.csv."""
    if checks is None or checks.empty:
        return {}
    out: dict[str, list[str]] = {}
    for r in checks.itertuples(index=False):
        verdict = r.verdict or ""
        if verdict == "no statistic" or pd.isna(r.statistic_value):
            line = "official: no statistic"
        else:
            diff = "" if pd.isna(r.margin_pct) else f" ({r.margin_pct:+.1f} %)"
            known = vocabulary().get(r.indicator)
            unit = known.unit if known else "USD"
            line = (
                f"official {r.statistic_period or ''}: {value_text(r.statistic_value, unit)} "
                f"({_short(r.statistic_publisher or r.statistic_source_id, 40)}) — {verdict}{diff}"
            )
        out.setdefault(r.id, []).append(html.escape(line))
    return {k: "<br>".join(v) for k, v in out.items()}


def prepare_rows(rows: pd.DataFrame, checks: pd.DataFrame | None = None) -> pd.DataFrame:
    """Add the derived columns listed in the module docstring (a new frame)."""
    df = rows.copy()
    for c in COLUMNS:
        if df[c].dtype == object or str(df[c].dtype).startswith("str"):
            df[c] = df[c].fillna("")
        elif df[c].dtype == "category" and df[c].isna().any():
            df[c] = df[c].cat.add_categories([""]).fillna("") if "" not in df[c].cat.categories else df[c].fillna("")
    names = {code: country_name(code) for code in df["country"].unique()}
    df["_country_name"] = df["country"].map(names)
    periods = list(zip(df["period"], df["year"]))
    df["_partial"] = [is_partial(p, y) for p, y in periods]
    df["_period_label"] = [period_label(p, y) if part else str(y) for (p, y), part in zip(periods, df["_partial"])]
    df["_value_text"] = [value_text(v, u, c) for v, u, c in zip(df["value"], df["unit"], df["comparator"])]
    df["_claim"] = df["method"] != STATISTICS
    # One figure per country and year carries the line: the most recently published whole-year claim.
    order = df.sort_values(["published", "source_id", "char_start"], ascending=[False, True, True], kind="stable")
    whole_claims = order[order["_claim"] & ~order["_partial"]]
    main_index = whole_claims.drop_duplicates(["indicator", "country", "partner", "year"]).index
    df["_main"] = df.index.isin(main_index)
    lines = check_lines(checks)
    df["_checks"] = pd.Categorical([lines.get(i, "") for i in df["id"]])
    df = df.sort_values(list(SORT_KEY), kind="stable").reset_index(drop=True)
    for c in ("_country_name", "_period_label", *[c for c in CATEGORY_COLUMNS if df[c].dtype != "category"]):
        df[c] = df[c].astype("category")
    return df


def hover_texts(df: pd.DataFrame) -> list[str]:
    """The hover text of each row of a prepared frame (HTML-escaped; plotly renders a subset of HTML)."""
    return [
        _hover(*t)
        for t in zip(
            df["_country_name"].tolist(), df["_period_label"].tolist(), df["_value_text"].tolist(), df["stated"].tolist(),
            df["publisher"].tolist(), df["published"].tolist(), df["source_id"].tolist(), df["_claim"].tolist(),
            df["_checks"].tolist(),
        )
    ]


def _hover(name, period, value, stated, publisher, published, source_id, claim, checks) -> str:
    e = html.escape
    lines = [f"<b>{e(name)}</b> · {e(period)}", f"<b>{e(value)}</b>"]
    if claim:
        if stated:
            lines.append(f"as stated: “{e(_short(stated, 60))}”")
        lines.append(f"{e(_short(publisher))}, {e(published)}")
        if checks:
            lines.append(checks)
    else:
        lines.append(f"official statistics: {e(_short(publisher))}")
        lines.append(f"series {e(source_id)}, {e(published)}")
    return "<br>".join(lines)


# ---------------------------------------------------------------- filtering (pure)


def filter_rows(df: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """The rows of ``df`` that match ``filters``, in the contract's sort order.

    Args:
        df: the indicators table (with or without the derived columns).
        filters: indicator, countries, partner (None for every partner) and an inclusive year range.

    Returns:
        A new frame; empty when nothing matches.
    """
    mask = (df["indicator"] == filters.indicator) & df["country"].isin(list(filters.countries))
    if filters.partner:
        mask &= df["partner"] == filters.partner
    lo, hi = filters.years
    mask &= (df["year"] >= lo) & (df["year"] <= hi)
    return df[mask.fillna(False)]


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

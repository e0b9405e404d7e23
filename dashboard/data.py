"""Load the tables once per process, and filter them (pure).

``load_bundle(path)`` reads ``indicators.csv`` and, from the same folder,
``sources.csv``, ``review.csv`` and ``checks.csv`` (each may be absent), the
source bodies in ``sources/`` and the series' metadata in ``snapshots/``. It
adds a few derived columns, all named with a leading underscore so they never
mix with the contract's columns:

- ``_country_name``  readable name of ``country`` (``CAS`` is Central Asia)
- ``_partial``       the figure covers part of a year only (``period`` is not a whole year)
- ``_period_label``  "2023" or "Jan–Jun 2023"
- ``_value_text``    the value as a briefing says it, "more than US$ 10 bn"
- ``_claim``         a text or curated figure (not an official statistic)
- ``_main``          the figure that carries the line for its country and year
- ``_series``        an official series in words, "Korea Customs (Korea-reported)" ("" for claims)
- ``_primary``       an official row of the one series shown by default for its country (Korea-reported)
- ``_when``          "2024-06-14" for a claim; "vintage 2025-06-14" or "accessed 2026-11-22" for a series
- ``_checks``        the official value(s) and verdict for a claim, as hover text
- ``_hover``         the whole hover text of the row (HTML-escaped), built once at load

Everything else reads the data through these functions (``load_bundle``,
``filter_rows``, ``claim_checks``), so the storage can change behind them.
"""
from __future__ import annotations

import html
import os
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from pathlib import Path

import frontmatter
import numpy as np
import pandas as pd

from etl import periods
from etl import schema as _schema
from etl.schema import (
    CENTRAL_ASIA,
    COLUMNS,
    INTEGER_COLUMNS,
    REGION,
    REVIEW_COLUMNS,
    SORT_KEY,
    SOURCE_COLUMNS,
    country_name,
    vocabulary,
)

from . import labels
from .provenance import About, read_about
from .units import value_text

ENV_VAR = "KCA_DATA"
DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "indicators.csv"
COUNTRIES = (*CENTRAL_ASIA, REGION)
STATISTICS = "statistics"
OFFICIAL_CHOICES = ("korea", "all", "none")  # which official series a view draws beside the claims

# checks.csv: one row per claim (the contract agreed for #10). etl.schema owns it once that is merged.
AGREED_CHECK_COLUMNS = (
    "id", "indicator", "country", "partner", "year", "period", "comparator", "value", "unit", "stated",
    "source_id", "publisher", "published", "verdict", "reason",
    "statistic_source_id", "statistic_publisher", "statistic_reporter", "statistic_period", "statistic_value",
    "margin_pct", "tolerance_pct", "other_source_id", "other_reporter", "other_value", "other_margin_pct", "note",
)
CHECK_COLUMNS = _schema.CHECK_COLUMNS if "statistic_value" in _schema.CHECK_COLUMNS else AGREED_CHECK_COLUMNS
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
    official: str = "all"  # "korea": claims and each country's Korea-reported series; "all"; "none": claims only


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


# ---------------------------------------------------------------- derived columns


def period_label(period: str, year: int) -> str:
    """``"2023"`` -> "2023"; ``"2023-01/2023-06"`` -> "Jan–Jun 2023" (see :func:`etl.periods.label`)."""
    return periods.label(period, year)


def is_partial(period: str, year: int) -> bool:
    """True when ``period`` covers less than the whole of ``year``."""
    return periods.is_partial(period, year)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def check_lines(checks: pd.DataFrame | None) -> dict[str, str]:
    """Claim id -> hover lines: the official value(s) and the verdict, in words (HTML-escaped)."""
    if checks is None or checks.empty:
        return {}
    out: dict[str, str] = {}
    for r in checks.to_dict("records"):
        known = vocabulary().get(r.get("indicator"))
        unit = r.get("unit") or (known.unit if known else "USD")
        country = country_name(r["country"]) if r.get("country") in COUNTRIES else str(r.get("country", ""))
        lines = []
        value = _num(r.get("statistic_value"))
        if value is not None:
            series = labels.series_label(str(r.get("statistic_publisher") or r.get("statistic_source_id") or ""),
                                         str(r.get("statistic_reporter") or ""), country)
            lines.append(f"official {r.get('statistic_period') or ''}: {value_text(value, unit)} ({_short(series, 45)})")
        other = _num(r.get("other_value"))
        if other is not None:
            who = labels.reporter_text(str(r.get("other_reporter") or ""), country) or "other reporter"
            lines.append(f"{who}: {value_text(other, unit)}")
        margin = labels.margin_text(r.get("margin_pct"))
        lines.append(labels.verdict_text(r.get("verdict")) + (f" ({margin})" if margin else ""))
        out[str(r["id"])] = "<br>".join(html.escape(x) for x in lines)
    return out


def _series_columns(df: pd.DataFrame, about: dict) -> tuple[list[str], list[bool], list[str]]:
    """For each row: its series label (official rows), whether it is of the primary series, and its date label."""
    stats = df.loc[~df["_claim"], ["indicator", "country", "partner", "source_id", "publisher"]].astype(str).drop_duplicates()
    label, reporter = {}, {}
    for sid, country, publisher in zip(stats["source_id"], stats["country"], stats["publisher"]):
        a = about.get(sid)
        reporter[sid] = labels.reporter_of(sid, a.reporter if a else "")
        label[(sid, country)] = labels.series_label(a.producer if a and a.producer else publisher, reporter[sid],
                                                    country_name(country) if country in COUNTRIES else country)
    primary = set()  # (indicator, country, partner, source_id): Korea-reported, else the first series
    for key, group in stats.groupby(["indicator", "country", "partner"], sort=False, observed=True):
        sids = sorted(set(group["source_id"]))
        korea = [s for s in sids if reporter.get(s) == labels.KOREA]
        primary.update((*key, s) for s in (korea or sids[:1]))
    keys = zip(df["indicator"].astype(str), df["country"].astype(str), df["partner"].astype(str),
               df["source_id"].astype(str), df["_claim"])
    flags = [(not claim) and (i, c, p, s) in primary for i, c, p, s, claim in keys]
    series = [label.get((s, c), "") if not claim else ""
              for s, c, claim in zip(df["source_id"].astype(str), df["country"].astype(str), df["_claim"])]
    when_of = {sid: (a.when if (a := about.get(sid)) and a.vintage else "") for sid in reporter}
    when = [str(pub) if claim else (when_of.get(str(sid)) or (f"accessed {pub}" if pub else ""))
            for sid, pub, claim in zip(df["source_id"], df["published"], df["_claim"])]
    return series, flags, when


def prepare_rows(rows: pd.DataFrame, checks: pd.DataFrame | None = None, *, about: dict | None = None) -> pd.DataFrame:
    """Add the derived columns listed in the module docstring (a new frame).

    Args:
        rows: indicators rows (contract columns).
        checks: checks.csv rows, for the hover text of claims.
        about: source_id -> :class:`~dashboard.provenance.About` of the official series (their producer,
            reporter and vintage); without it, a series' reporter is read from its name.
    """
    df = rows.copy()
    for c in COLUMNS:
        if df[c].dtype == object or str(df[c].dtype).startswith("str"):
            df[c] = df[c].fillna("")
        elif df[c].dtype == "category" and df[c].isna().any():
            df[c] = df[c].cat.add_categories([""]).fillna("") if "" not in df[c].cat.categories else df[c].fillna("")
    names = {code: country_name(code) for code in df["country"].unique()}
    df["_country_name"] = df["country"].map(names)
    spans = list(zip(df["period"], df["year"]))
    df["_partial"] = [is_partial(p, y) for p, y in spans]
    df["_period_label"] = [period_label(p, y) if part else str(y) for (p, y), part in zip(spans, df["_partial"])]
    df["_value_text"] = [value_text(v, u, c) for v, u, c in zip(df["value"], df["unit"], df["comparator"])]
    df["_claim"] = df["method"] != STATISTICS
    # One figure per country and year carries the line: the most recently published whole-year claim.
    order = df.sort_values(["published", "source_id", "char_start"], ascending=[False, True, True], kind="stable")
    whole_claims = order[order["_claim"] & ~order["_partial"]]
    main_index = whole_claims.drop_duplicates(["indicator", "country", "partner", "year"]).index
    df["_main"] = df.index.isin(main_index)
    df["_series"], df["_primary"], df["_when"] = _series_columns(df, about or {})
    lines = check_lines(checks)
    df["_checks"] = pd.Categorical([lines.get(i, "") for i in df["id"].astype(str)])
    df = df.sort_values(list(SORT_KEY), kind="stable").reset_index(drop=True)
    for c in ("_country_name", "_period_label", "_series", "_when",
              *[c for c in CATEGORY_COLUMNS if df[c].dtype != "category"]):
        df[c] = df[c].astype("category")
    # plain object arrays (not Arrow strings) behind the columns the charts read per request: slicing and
    # reading them is numpy work
    for c in df.columns:
        if isinstance(df[c].dtype, pd.CategoricalDtype):
            cats = pd.Index(np.asarray(df[c].cat.categories, dtype=object), dtype=object)
            df[c] = pd.Categorical.from_codes(df[c].cat.codes.to_numpy(), categories=cats)
        elif c in ("id", "stated", "quote", "note", "_value_text"):
            df[c] = pd.Series(np.asarray(df[c], dtype=object), index=df.index, dtype=object)
    df["_hover"] = pd.Series(hover_texts(df), index=df.index, dtype=object)  # once per process, not per request
    return df


def values(series: pd.Series) -> list:
    """A column as a Python list, fast for categoricals (their codes index an object array of the categories)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        categories = np.asarray(series.cat.categories, dtype=object)
        out = categories[codes].tolist()
        if (codes < 0).any():
            out = [None if c < 0 else v for c, v in zip(codes.tolist(), out)]
        return out
    return series.tolist()


def _escaped(series: pd.Series, limit: int | None = None) -> list[str]:
    """A text column shortened to ``limit`` and HTML-escaped; a categorical's categories are escaped once."""
    def one(v) -> str:
        text = "" if v is None or v != v else str(v)
        return html.escape(_short(text, limit) if limit else text)

    if isinstance(series.dtype, pd.CategoricalDtype):  # each category in use is escaped once
        used, where = np.unique(series.cat.codes.to_numpy(), return_inverse=True)
        categories = series.cat.categories
        done = np.array([one(categories[c]) if c >= 0 else "" for c in used.tolist()], dtype=object)
        return done[where].tolist()
    return [one(v) for v in series.tolist()]


def hover_texts(df: pd.DataFrame) -> list[str]:
    """The hover text of each row of a prepared frame (HTML-escaped; plotly renders a subset of HTML)."""
    if "_hover" in df.columns:
        return values(df["_hover"])
    n = len(df)
    series = _escaped(df["_series"]) if "_series" in df.columns else [""] * n
    when = _escaped(df["_when"] if "_when" in df.columns else df["published"])
    return [
        _hover(*t)
        for t in zip(
            _escaped(df["_country_name"]), _escaped(df["_period_label"]), _escaped(df["_value_text"]),
            _escaped(df["stated"], 60), _escaped(df["publisher"], 70), _escaped(df["publisher"], 60), when, series,
            values(df["_claim"]), values(df["_checks"]),
        )
    ]


def _hover(name, period, value, stated, publisher, publisher_60, when, series, claim, checks) -> str:
    """One hover text from already escaped parts."""
    lines = [f"<b>{name}</b> · {period}", f"<b>{value}</b>"]
    if claim:
        if stated:
            lines.append(f"as stated: “{stated}”")
        lines.append(f"{publisher}, {when}")
        if checks:
            lines.append(checks)
        lines.append("<i>click for the sentence</i>")
    else:
        lines.append(f"official statistics: {series or publisher}")
        lines.append(f"{publisher_60}, {when}")
    return "<br>".join(lines)


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


def about_of(bundle: Bundle, source_ids) -> list[About]:
    """The About records of the official series among ``source_ids``."""
    return [bundle.about[s] for s in dict.fromkeys(str(x) for x in source_ids) if s in bundle.about]

"""The derived columns of the indicators table, added once at load (pure).

All named with a leading underscore so they never mix with the contract's columns:

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

Repetitive text columns are categoricals over plain object arrays (memory, and
cheap slicing per request).
"""
from __future__ import annotations

import html

import numpy as np
import pandas as pd

from etl import periods
from etl.schema import CENTRAL_ASIA, COLUMNS, REGION, SORT_KEY, country_name, vocabulary

from . import labels
from .units import value_text

COUNTRIES = (*CENTRAL_ASIA, REGION)
STATISTICS = "statistics"
# Columns with few distinct values are held as categoricals: a 100,000-row table stays small in memory.
CATEGORY_COLUMNS = ("indicator", "country", "partner", "period", "unit", "comparator", "source_id", "source_title",
                    "publisher", "published", "url", "method")


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
        elif c in ("id", "stated", "_value_text"):
            df[c] = pd.Series(np.asarray(df[c], dtype=object), index=df.index, dtype=object)
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


_ESCAPED: dict[tuple[int, int | None], tuple[pd.Index, np.ndarray]] = {}


def _escape(v, limit: int | None) -> str:
    text = "" if v is None or v != v else str(v)
    return html.escape(_short(text, limit) if limit else text)


def _escaped(series: pd.Series, limit: int | None = None) -> list[str]:
    """A text column shortened to ``limit`` and HTML-escaped.

    A categorical's categories are escaped once per process (every slice of a column shares them), so a
    request pays only for the rows' codes.
    """
    if isinstance(series.dtype, pd.CategoricalDtype):
        categories = series.cat.categories
        key = (id(categories), limit)
        hit = _ESCAPED.get(key)
        if hit is None or hit[0] is not categories:
            if len(_ESCAPED) > 64:
                _ESCAPED.clear()
            hit = _ESCAPED[key] = (categories, np.array([_escape(v, limit) for v in categories] + [""], dtype=object))
        return hit[1][series.cat.codes.to_numpy()].tolist()  # code -1 (missing) takes the last: ""
    return [_escape(v, limit) for v in series.tolist()]


def hover_texts(df: pd.DataFrame) -> list[str]:
    """The hover text of each row of a prepared frame (HTML-escaped; plotly renders a subset of HTML)."""
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

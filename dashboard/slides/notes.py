"""The slide's words: subtitle, source line and speaker notes (pure).

The notes cite every figure of the view (quote, title, link), list each
official series, and print under "About this data" the blocks the caller
gives (producer, vintage, caveats, licence, citation of each official series).
"""
from __future__ import annotations

import textwrap
from collections.abc import Sequence
from datetime import date
from typing import TYPE_CHECKING

import pandas as pd

from etl.schema import CENTRAL_ASIA, REGION, country_name

from ..data import Filters, prepare_rows
from ..style import LEGEND_NOTES

if TYPE_CHECKING:
    from .content import ChartTable

ALL_COUNTRIES = (*CENTRAL_ASIA, REGION)


def source_items(df: pd.DataFrame) -> list[str]:
    """One "Publisher, 2024-06-14" per publisher and date of the rows given, oldest first."""
    if df.empty:
        return []
    pairs = df[["publisher", "published"]].astype(str).drop_duplicates()
    pairs = pairs.sort_values(["published", "publisher"], kind="stable")
    return [f"{p or 'unknown publisher'}, {d}" if d else (p or "unknown publisher") for p, d in pairs.itertuples(index=False)]


def source_line(df: pd.DataFrame) -> str:
    """"Sources: Press Service of the President of the Republic of Uzbekistan, 2024-06-14; ..." ("" without rows)."""
    return join_sources(source_items(df))


def join_sources(items: list[str]) -> str:
    if not items:
        return ""
    return ("Source: " if len(items) == 1 else "Sources: ") + "; ".join(items)


def short_source_line(items: list[str], *, width: int, max_lines: int, more: str) -> list[str]:
    """The source line wrapped to ``width`` characters; past ``max_lines``, the rest is counted ("… and 4 more")."""
    lines = textwrap.wrap(join_sources(items), width=width, break_long_words=True)
    if len(lines) <= max_lines:
        return lines
    for keep in range(len(items) - 1, 0, -1):
        text = join_sources(items[:keep]) + f"; … and {len(items) - keep} more{more}"
        lines = textwrap.wrap(text, width=width, break_long_words=True)
        if len(lines) <= max_lines:
            return lines
    return textwrap.wrap(join_sources(items[:1]), width=width)[:max_lines]


def subtitle_text(df: pd.DataFrame, filters: Filters, unit_label: str) -> str:
    """"US$ bn · Uzbekistan, Kazakhstan · partner: Republic of Korea · 2019–2023"."""
    if set(ALL_COUNTRIES) <= set(filters.countries):
        countries = "the five Central Asian countries and Central Asia as a whole"
    else:
        countries = ", ".join(country_name(c) for c in filters.countries) or "no country"
    if len(df):
        lo, hi = int(df["year"].min()), int(df["year"].max())
    else:
        lo, hi = filters.years
    years = str(lo) if lo == hi else f"{lo}–{hi}"
    partner = f"partner: {country_name(filters.partner)}" if filters.partner else "all partners"
    return " · ".join(p for p in (unit_label, countries, partner, years) if p)


def bounds_legend(df: pd.DataFrame) -> tuple[str, ...]:
    """The key lines for the bounds and approximations among the claims of ``df`` (the style's texts)."""
    present = set(df.loc[df["_claim"], "comparator"].astype(str)) if len(df) else set()
    return tuple(text for comps, _, text in LEGEND_NOTES if present.intersection(comps))


def notes_text(df: pd.DataFrame, table: ChartTable, *, title: str, subtitle: str, today: date | None = None,
               about: Sequence[str] = ()) -> str:
    """The speaker notes: every figure of the view with its full citation (quote, title, link).

    Text figures get one paragraph each; an official series gets one paragraph
    (its title, producer, link and the years it covers). ``about`` holds one
    block of text per official series (producer, vintage, caveats, licence,
    citation), printed under "About this data".
    """
    df = df if "_main" in df.columns else prepare_rows(df)
    today = today or date.today()
    charted = table.charted_ids
    lines = [f"{title} — {subtitle}",
             f"Values in the chart: {table.unit_label}. Figures and their sources "
             f"(kca-indicators, exported {today.isoformat()}):", ""]
    for r in df[df["_claim"]].to_dict("records"):
        where = (" [part of a year: drawn apart, not joined to the line]" if r["_partial"] else "") if r["id"] in charted \
            else " [not charted: another source for this year]"
        lines.append(f"• {r['_country_name']}, {r['_period_label']}: {r['_value_text']}{where}")
        if r["quote"]:
            lines.append(f"  “{r['quote']}”")
        if r["stated"]:
            lines.append(f"  As stated: {r['stated']}")
        lines.append(f"  {r['publisher']}, “{r['source_title']}”, {r['published']}" + (f", {r['url']}" if r["url"] else ""))
        lines.append(f"  Source id {r['source_id']}; observation {r['id']}" + (f"; note: {r['note']}" if r["note"] else ""))
    stats = df[~df["_claim"]]
    if len(stats):
        lines += ["", "Official statistics (tables, no quotes):"]
        for sid, rows in stats.groupby("source_id", sort=True, observed=True):
            first = rows.iloc[0]
            names = ", ".join(dict.fromkeys(str(c) for c in rows["_country_name"]))
            years = rows["year"].astype(int)
            span = f"{years.min()}–{years.max()}" if years.min() != years.max() else str(years.min())
            partial = rows[rows["_partial"]]
            extra = (f" ({len(partial)} for part of a year: "
                     f"{', '.join(dict.fromkeys(map(str, partial['_period_label'])))}, drawn apart)") if len(partial) else ""
            lines.append(f"• {first['publisher']}, “{first['source_title']}”, {first['published']}"
                         + (f", {first['url']}" if first["url"] else ""))
            lines.append(f"  Series {sid}: {len(rows)} value(s){extra}, {span}, {names}")
    if about:
        lines += ["", "About this data"]
        for block in about:
            lines += ["", block.strip()]
    lines += ["", "Comparators: > more than, ≥ at least, < less than, ≤ up to, ~ about. "
              "A figure for part of a year is never drawn as an annual one."]
    return "\n".join(lines)

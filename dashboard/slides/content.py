"""What a slide says, as plain data: its chart's numbers, legend and key, source line and speaker notes.

A *view* is the rows of one indicator that :func:`dashboard.data.filter_rows`
keeps for a :class:`~dashboard.data.Filters`. :func:`slide_content` turns it
into a :class:`SlideContent`; :mod:`.pptx` and :mod:`.image` draw that same
content, so the PowerPoint chart and the PNG/SVG show the same lines, points,
legend and key.

The legend stays small whatever the view: one entry per country (its colour),
then a key that explains once what a line style or mark means (press claims,
each official series, part of a year, the bounds).
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd

from etl.schema import country_name, vocabulary

from ..data import Filters, prepare_rows
from ..style import LEGEND_NOTES, STAT_DASHES
from ..style import colour as palette_colour
from ..units import Scale, scale_for
from .notes import bounds_legend, notes_text, source_items, source_line, subtitle_text

# How a bound reads in a data label: "> 10.0".
BOUND_SIGNS = {"more_than": ">", "at_least": "≥", "less_than": "<", "at_most": "≤", "about": "~"}
# Which official series a slide draws: "context" = one per country (Korea-reported), "all", or "none".
STATISTICS_MODES = ("context", "all", "none")


class SlideError(ValueError):
    """A slide or image could not be made; the message says why."""


@dataclass(frozen=True)
class Series:
    """One line (or set of points) of the chart, in the displayed unit, one value per category."""

    name: str  # "Uzbekistan", "Uzbekistan, official: Korea Customs Service (Korea-reported)"
    country: str
    official: bool
    colour: str
    values: tuple[float | None, ...]  # None where there is no figure
    comparators: tuple[str, ...]  # "" where there is no figure
    ids: tuple[str | None, ...]  # observation id behind each value
    partial: bool = False  # figures for part of a year: points drawn apart, never joined to a line
    dash: str = "solid"  # the line's pattern: solid for claims, one of style.STAT_DASHES per official series
    labels: tuple[str, ...] = ()  # the text by each point: "> 2.50", "Jan–Jun 2023"; "" for none


@dataclass(frozen=True)
class KeyEntry:
    """One line of the key: what a line pattern or a mark means (drawn in grey, once for all countries)."""

    kind: str  # "claims", "official", "partial", "bound"
    text: str
    dash: str = ""  # line pattern ("" = no line)
    marker: str = "circle"  # a plotly symbol name: circle, square, circle-open, triangle-up-open, ...


@dataclass(frozen=True)
class ChartTable:
    """The chart's numbers: categories are years; per country its claims, official series and part-year points."""

    categories: tuple[int, ...]
    series: tuple[Series, ...]
    unit_label: str  # "US$ bn"
    number_format: str  # Excel format of the values, e.g. "0.0"
    key: tuple[KeyEntry, ...] = ()

    @property
    def charted_ids(self) -> frozenset[str]:
        return frozenset(i for s in self.series for i in s.ids if i)

    @property
    def legend(self) -> tuple[tuple[str, str, str], ...]:
        """(code, name, colour) of each country drawn, once each, in the chart's order."""
        seen: dict[str, tuple[str, str, str]] = {}
        for s in self.series:
            seen.setdefault(s.country, (s.country, country_name(s.country), s.colour))
        return tuple(seen.values())


@dataclass(frozen=True)
class SlideContent:
    """Everything one slide says, independent of PowerPoint or plotly."""

    title: str
    subtitle: str
    source_line: str  # "Sources: Publisher, 2024-06-14; ..."
    sources: tuple[str, ...]  # the items of the source line
    table: ChartTable
    notes: str
    bounds_legend: tuple[str, ...] = field(default=())
    empty_message: str = ""


def prepared(df: pd.DataFrame) -> pd.DataFrame:
    return df if "_main" in df.columns else prepare_rows(df)


def statistics_mode(statistics: bool | str) -> str:
    """``True`` -> "all", ``False`` -> "none", else one of :data:`STATISTICS_MODES` (SlideError otherwise)."""
    if statistics is True or statistics is False:
        return "all" if statistics else "none"
    if statistics not in STATISTICS_MODES:
        raise SlideError(f"statistics must be one of {', '.join(STATISTICS_MODES)}, not {statistics!r}")
    return statistics


def _reporter_rank(source_id: str) -> int:
    return 0 if "korea-reported" in source_id else 2 if "partner-reported" in source_id else 1


def select_statistics(df: pd.DataFrame, statistics: bool | str = "all") -> pd.DataFrame:
    """The claims of ``df`` with the official series ``statistics`` asks for.

    "context" keeps, per country, its Korea-reported series (annual and monthly
    alike); a country without one keeps its series with the most figures,
    partner-reported last. "all" keeps every series, "none" none.
    """
    df = prepared(df)
    mode = statistics_mode(statistics)
    if mode == "all" or df.empty:
        return df
    claims = df["_claim"]
    if mode == "none":
        return df[claims]
    stats = df[~claims]
    keep = set()
    for code, rows in stats.groupby("country", observed=True):
        counts = rows["source_id"].astype(str).value_counts()
        ranked = sorted(counts.index, key=lambda sid: (_reporter_rank(sid), -counts[sid], sid))
        best = _reporter_rank(ranked[0])
        keep |= {(code, sid) for sid in ranked if best == 0 and _reporter_rank(sid) == 0} or {(code, ranked[0])}
    pairs = list(zip(df["country"].astype(str), df["source_id"].astype(str)))
    return df[claims | pd.Series([p in keep for p in pairs], index=df.index)]


def indicator_label(indicator: str) -> str:
    known = vocabulary().get(indicator)
    return known.label if known else indicator


def view_scale(df: pd.DataFrame, indicator: str) -> Scale:
    """The scale the view's values are shown in (as the dashboard's axis)."""
    known = vocabulary().get(indicator)
    unit = known.unit if known else (str(df["unit"].iloc[0]) if len(df) else "")
    return scale_for(unit, df["value"].tolist())


def number_format(scale: Scale, values) -> str:
    """An Excel number format for values in ``scale``: counts whole, small amounts with decimals."""
    finite = [abs(v) for v in values if v is not None and v == v]
    biggest = max(finite, default=0.0)
    if not (scale.is_currency or scale.is_percent):
        return "#,##0"
    if biggest >= 100:
        return "#,##0"
    return "0.0" if biggest >= 10 or scale.is_percent else "0.00"


def format_number(value: float, fmt: str) -> str:
    """``value`` as PowerPoint shows it with ``fmt`` (the formats of :func:`number_format`)."""
    if fmt == "#,##0":
        return f"{value:,.0f}"
    decimals = len(fmt.split(".")[1]) if "." in fmt else 0
    return f"{value:,.{decimals}f}"


def bound_label(value: float, comparator: str, fmt: str) -> str:
    """The data label of a bound or an approximation: "> 10.0", "~ 1.30"; "" for an exact figure."""
    sign = BOUND_SIGNS.get(comparator or "equal")
    return f"{sign} {format_number(value, fmt)}" if sign else ""


def _country_order(df: pd.DataFrame, countries) -> list[str]:
    present = set(df["country"])
    order = [c for c in (countries or ()) if c in present]
    return order + [c for c in dict.fromkeys(df["country"]) if c not in order]


def charted_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims, statistics) that carry the slide's whole-year lines.

    Claims: the one whole-year figure per country and year that carries the
    dashboard's line (``_main``). Statistics: each series' whole-year values.
    Figures for part of a year are points of their own (:func:`chart_table`);
    other sources for the same year are not charted, the notes list them.
    """
    df = prepared(df)
    claims = df[df["_claim"] & df["_main"]]
    stats = df[~df["_claim"] & ~df["_partial"]].drop_duplicates(["country", "source_id", "year"])
    return claims, stats


def _tidy(x) -> float:
    """A converted value without binary noise (0.6000000000000001 -> 0.6); 12 significant digits."""
    return float(f"{float(x):.12g}")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def official_labels(stats: pd.DataFrame, limit: int = 64) -> dict[str, str]:
    """source_id -> how a statistics series is named on a slide: its main publisher (shortened), who reports it.

    The main publisher is the one of most of the series' rows (a combined series, e.g. Korea Customs Service
    2000-2024 with IMF DOTS 1992-1999, is named after the first). Names are made unique with the source id.
    """
    labels = {}
    for sid, rows in stats.groupby("source_id", sort=True, observed=True):
        sid = str(sid)
        publishers = rows["publisher"].astype(str).value_counts(sort=True)
        pub = (publishers.index[0].split(";")[0].strip() if len(publishers) else "") or sid
        who = " (partner-reported)" if "partner-reported" in sid else " (Korea-reported)" if "korea-reported" in sid else ""
        who = "" if who.strip() in pub else who
        labels[sid] = _short(pub, limit - len(who)) + who
    names = list(labels.values())
    return {sid: (label if names.count(label) == 1 else f"{label} ({sid})") for sid, label in labels.items()}


def _series(name, code, colour, rows, categories, scale, **kw) -> Series:
    by_year = {int(r["year"]): r for r in rows.to_dict("records")}
    pick = [by_year.get(y) for y in categories]
    return Series(
        name=name, country=code, colour=colour,
        values=tuple(_tidy(scale.convert(float(r["value"]))) if r is not None else None for r in pick),
        comparators=tuple(str(r["comparator"]) if r is not None else "" for r in pick),
        ids=tuple(str(r["id"]) if r is not None else None for r in pick),
        labels=tuple(str(r["_period_label"]) if r is not None and kw.get("partial") else "" for r in pick),
        **kw,
    )


def _ranked(rows: pd.DataFrame) -> list[pd.DataFrame]:
    """Rows split so that each part has at most one row per year (a category holds one value per series)."""
    rank = rows.groupby("year", observed=True).cumcount()
    return [rows[rank == k] for k in range(int(rank.max()) + 1)] if len(rows) else []


def chart_table(df: pd.DataFrame, *, indicator: str, countries=(), statistics: bool | str = "all") -> ChartTable:
    """The numbers of the slide's chart, from the view's rows.

    Args:
        df: the filtered rows of one indicator (contract columns; derived columns optional).
        indicator: the indicator id (for the unit).
        countries: the order of the countries (the filters').
        statistics: which official series to draw: "all" (or True), "context" (one per country), "none" (or False).

    Returns:
        Categories = every year from the first to the last charted one. Per
        country: its claims line, one line per official series, then its
        figures for part of a year as points apart (labelled with their period).
        Values in the displayed unit (e.g. US$ bn), None where there is no figure.
    """
    df = select_statistics(df, statistics)
    claims, stats = charted_rows(df)
    part = df[df["_partial"]]
    shown = pd.concat([claims, stats, part])
    scale = view_scale(df, indicator)
    if shown.empty:
        return ChartTable((), (), scale.label, number_format(scale, []))
    years = shown["year"].astype(int)
    categories = tuple(range(int(years.min()), int(years.max()) + 1))
    order = _country_order(shown, countries)
    labels = official_labels(stats)  # lines and part-year points are told apart by kind, not by name
    part_labels = official_labels(part[~part["_claim"]])
    ordered = sorted(set(stats["source_id"].astype(str)), key=lambda sid: (_reporter_rank(sid), sid))
    dashes = {sid: STAT_DASHES[i % len(STAT_DASHES)] for i, sid in enumerate(ordered)}
    series: list[Series] = []
    for code in order:
        name, colour = country_name(code), palette_colour(code, order)
        mine = claims[claims["country"] == code]
        if len(mine):
            series.append(_series(name, code, colour, mine, categories, scale, official=False))
        for sid, rows in stats[stats["country"] == code].groupby("source_id", sort=True, observed=True):
            series.append(_series(f"{name}, official: {labels[str(sid)]}", code, colour, rows, categories, scale,
                                  official=True, dash=dashes[str(sid)]))
        for k, rows in enumerate(_ranked(part[part["_claim"] & (part["country"] == code)])):
            series.append(_series(f"{name}, part of a year" + (f" ({k + 1})" if k else ""), code, colour, rows,
                                  categories, scale, official=False, partial=True, dash=""))
        official_part = part[~part["_claim"] & (part["country"] == code)]
        for sid, rows in official_part.groupby("source_id", sort=True, observed=True):
            for k, ranked in enumerate(_ranked(rows)):
                series.append(_series(f"{name}, official, part of a year: {part_labels[str(sid)]}" + (f" ({k + 1})" if k else ""),
                                      code, colour, ranked, categories, scale, official=True, partial=True, dash=""))
    every = [v for s in series for v in s.values if v is not None]
    fmt = number_format(scale, every)
    series = _with_labels(series, fmt)
    return ChartTable(categories, tuple(series), scale.label, fmt, chart_key(series, dashes, labels))


def _with_labels(series: list[Series], fmt: str) -> list[Series]:
    """The text by each point: the bound ("> 2.50") of a claim; the period of a part-year figure.

    Official part-year points that share a year and a period (e.g. every
    country's "Jan–May 2025") are labelled once, by the highest of them.
    """
    seen: set[tuple[int, str]] = set()
    tops = sorted(((v, i, j) for i, s in enumerate(series) if s.official and s.partial
                   for j, v in enumerate(s.values) if v is not None), reverse=True)
    for _, i, j in tops:  # highest first
        if (j, series[i].labels[j]) in seen:
            series[i] = replace(series[i], labels=tuple("" if k == j else t for k, t in enumerate(series[i].labels)))
        seen.add((j, series[i].labels[j]))
    out = []
    for s in series:
        texts = []
        for v, c, period in zip(s.values, s.comparators, s.labels or [""] * len(s.values)):
            bound = bound_label(v, c, fmt) if v is not None and not s.official else ""
            texts.append(" · ".join(t for t in (bound, period) if t))
        out.append(replace(s, labels=tuple(texts)))
    return out


def chart_key(series: Sequence[Series], dashes: dict[str, str], labels: dict[str, str]) -> tuple[KeyEntry, ...]:
    """The key under the legend: only what the chart shows, each meaning once."""
    key = []
    if any(not s.official and not s.partial for s in series):
        key.append(KeyEntry("claims", "claims in the press", "solid", "circle"))
    for sid, dash in dashes.items():
        key.append(KeyEntry("official", f"official: {labels[sid]}", dash, "square"))
    partial = [t for s in series if s.partial and not s.official for t in s.labels if t]
    partial += [t for s in series if s.partial and s.official for t in s.labels if t]
    if partial:
        key.append(KeyEntry("partial", f"part of a year (e.g. {partial[0].split(' · ')[-1]})",
                            "", "circle-open"))
    present = {c for s in series if not s.official for c in s.comparators}
    for comps, symbol, text in LEGEND_NOTES:
        if present.intersection(comps):
            key.append(KeyEntry("bound", text.split(" ", 1)[1], "", symbol))
    return tuple(key)


def slide_content(
    df: pd.DataFrame,
    filters: Filters,
    *,
    statistics: bool | str = "all",
    title: str | None = None,
    today: date | None = None,
    about: Sequence[str] = (),
) -> SlideContent:
    """What the slide for a view says.

    Args:
        df: the view's rows (``filter_rows(bundle.rows, filters)``).
        filters: the view (indicator, countries, partner, years).
        statistics: which official series: "all" (or True), "context" (one per country, Korea-reported), "none".
        title: a title instead of the indicator's label.
        today: the export date written in the notes.
        about: one text block per official series of the view, for "About this data" in the notes.

    Returns:
        A :class:`SlideContent`; ``empty_message`` is set when there is nothing to chart.
    """
    df = select_statistics(df, statistics)
    table = chart_table(df, indicator=filters.indicator, countries=filters.countries)
    title = title or indicator_label(filters.indicator)
    subtitle = subtitle_text(df, filters, table.unit_label)
    return SlideContent(
        title=title, subtitle=subtitle, source_line=source_line(df), sources=tuple(source_items(df)), table=table,
        notes=notes_text(df, table, title=title, subtitle=subtitle, today=today, about=about),
        bounds_legend=bounds_legend(df), empty_message="" if table.series else "No figures for this selection.",
    )

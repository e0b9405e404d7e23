"""Pure figure builders: a DataFrame and options in, a plotly Figure out.

The frame is rows of ``indicators.csv`` (contract columns). The derived
columns of :func:`dashboard.data.prepare_rows` are added when missing, so a
caller such as a slide export can pass raw contract rows.

Conventions drawn on every chart:

- a line with markers per country through the whole-year claims (one per year:
  the most recently published); other sources for the same year are drawn too,
  slightly offset, never collapsed;
- a figure for part of a year is never joined to a line: drawn apart with its
  period as a label ("Jan–Jun 2023");
- bounds are visible: "more than"/"at least" as open triangles up, "less
  than"/"up to" as open triangles down, "about" as open diamonds, with a legend note;
- official statistics (``method = statistics``) as a thin dotted line per country
  and series (never blended), drawn first so the claims sit on top of them;
- legends in plain words, country first ("Uzbekistan · Korea Customs
  (Korea-reported)"), one entry per country and series, the bounds key first;
- :func:`add_source_note` writes the sources into the figure itself, so every
  image saved from it (the camera button) is cited.
"""
from __future__ import annotations

from functools import cache

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from etl.schema import vocabulary

from . import labels
from . import traces as tr
from .records import prepare_rows, values
from .style import STAT_DASHES
from .traces import add_source_note, colour, source_note_text  # noqa: F401 - part of this module's API
from .units import Scale, scale_for

# Part-of-year points carry their period as a text label when there are few of them;
# beyond this many, SVG labels cost more to draw than they help, and the period is in the hover.
LABEL_LIMIT = 40


# The columns the builders read: the frame is cut to these once, so each later slice copies less.
FIGURE_COLUMNS = ("id", "indicator", "country", "year", "value", "unit", "comparator", "source_id", "publisher",
                  "published", "stated", "_country_name", "_partial", "_period_label", "_value_text", "_claim", "_main",
                  "_series", "_when", "_checks", "_hover")
HOVER_PARTS = ("stated", "publisher", "_when", "_checks")  # read only to write a hover text: not needed with ``_hover``


def _ensure_prepared(df: pd.DataFrame) -> pd.DataFrame:
    df = df if "_main" in df.columns else prepare_rows(df)
    skip = HOVER_PARTS if "_hover" in df.columns else ()
    return df[[c for c in FIGURE_COLUMNS if c in df.columns and c not in skip]]


def _parts(df: pd.DataFrame, keys: list) -> dict:
    """The rows of ``df`` by key (one key per row), each part in the frame's order: one slice per part."""
    positions: dict = {}
    for i, key in enumerate(keys):
        positions.setdefault(key, []).append(i)
    return {key: df.take(rows) for key, rows in positions.items()}


def _roles(df: pd.DataFrame) -> list[tuple[str, str]]:
    """(country, role) of each row: "official", "main" (the claim on the line), "other" (another whole-year claim)
    or "partial" (a claim for part of a year)."""
    return [(c, "official" if not claim else ("main" if main else ("partial" if part else "other")))
            for c, claim, main, part in zip(values(df["country"]), values(df["_claim"]), values(df["_main"]),
                                            values(df["_partial"]))]


def _axis_scale(df: pd.DataFrame, indicator: str | None, summary: pd.DataFrame | None = None) -> tuple[Scale, str]:
    unit = df["unit"].iloc[0] if len(df) else ""
    known = vocabulary().get(indicator or (df["indicator"].iloc[0] if len(df) else ""))
    if known is not None:
        unit = known.unit
    label = known.label if known is not None else (indicator or "")
    return scale_for(unit, _values(df, summary)), label


def _values(df: pd.DataFrame, summary: pd.DataFrame | None) -> np.ndarray:
    """Every value a chart shows: its points' and its ranges' ends."""
    parts = [df["value"].to_numpy(dtype="float64", na_value=float("nan"))]
    if summary is not None:
        parts += [summary[c].to_numpy(dtype="float64") for c in ("lo", "hi")]
    return np.concatenate(parts)


def _summary(summary: pd.DataFrame | None) -> pd.DataFrame | None:
    return summary if summary is not None and len(summary) else None


def empty_figure(message: str) -> go.Figure:
    """A figure that says why it is empty instead of drawing an empty axis."""
    return _as_figure(empty_spec(message))


def empty_spec(message: str) -> dict:
    """:func:`empty_figure` as a plain ``{"data", "layout"}`` dict."""
    layout = {
        "annotations": [{"text": message, "showarrow": False, "x": 0.5, "y": 0.5, "xref": "paper", "yref": "paper",
                         "font": {"size": 16}}],
        "xaxis": {"visible": False}, "yaxis": {"visible": False}, "height": 320, "meta": {"empty": True},
    }
    return _figure([], layout)


@cache
def _template() -> dict:
    return pio.templates["plotly_white"].to_plotly_json()


def _figure(traces: list[dict], layout: dict) -> dict:
    """A figure spec (plain dicts, what Dash sends to the browser) with the house template."""
    return {"data": traces, "layout": {"template": _template(), **layout}}


def _as_figure(spec: dict) -> go.Figure:
    """A plotly Figure from a spec, without plotly's per-property validation.

    Validation costs ~10 ms per trace; the builders only produce known properties
    (the tests assert on them), so it is skipped.
    """
    return go.Figure(spec, _validate=False)


def by_year_figure(df: pd.DataFrame, **options) -> go.Figure:
    """The over-time chart as a plotly Figure; options as for :func:`by_year_spec`."""
    return _as_figure(by_year_spec(df, **options))


def by_country_figure(df: pd.DataFrame, **options) -> go.Figure:
    """Bars by country for one year as a plotly Figure; options as for :func:`by_country_spec`."""
    return _as_figure(by_country_spec(df, **options))


def _official_traces(stats: pd.DataFrame, code: str, name: str, col: str, scale: Scale, rank: int) -> list[dict]:
    traces = []
    keys = list(zip(values(stats["_series"]), values(stats["source_id"]), values(stats["_partial"])))
    parts = _parts(stats, keys)
    series_names = sorted({k[0] for k in parts}, key=str)
    for i, series_name in enumerate(series_names):
        group = f"{code}:{series_name}"
        label = labels.trace_name(name, str(series_name) or "official statistics")
        first = True
        for j, sid in enumerate(sorted({k[1] for k in parts if k[0] == series_name}, key=str)):
            whole, partial = parts.get((series_name, sid, False)), parts.get((series_name, sid, True))
            dash = STAT_DASHES[(i + j) % len(STAT_DASHES)]
            if whole is not None:
                points, _ = tr.with_gaps(tr.points(whole, scale, whole["year"]), whole["year"].astype(int).tolist())
                traces.append(dict(type="scatter",
                    mode="lines+markers", name=label, legendgroup=group, showlegend=first, legendrank=rank + 1 + i,
                    line={"color": col, "dash": dash, "width": 1.3}, marker={"symbol": "square", "size": 4, "color": col},
                    opacity=0.5, **points, **tr.role("official", code, source_id=str(sid)),
                ))
                first = False
            if partial is not None:
                x = partial["year"].tolist()
                # the period is in the hover, not written beside each point: official context stays quiet
                traces.append(dict(type="scatter",
                    mode="markers", name=f"{label}, part of a year", legendgroup=group, showlegend=first,
                    legendrank=rank + 1 + i, text=partial["_period_label"].tolist(),
                    marker={"symbol": "square-open", "size": 7, "color": col}, opacity=0.6,
                    **tr.points(partial, scale, x), **tr.role("official-partial", code, source_id=str(sid)),
                ))
                first = False
    return traces


def _claim_traces(main: pd.DataFrame, others: pd.DataFrame, partial: pd.DataFrame, code: str, name: str, col: str,
                  scale: Scale, labelled: str, x_max: float, rank: int) -> list[dict]:
    group, label = f"{code}:claims", labels.trace_name(name, "press claims")
    traces = []
    if len(main):
        marker = tr.marker(main, col)
        points, symbols = tr.with_gaps({**tr.points(main, scale, main["year"]), "_symbols": marker["symbol"]},
                                     main["year"].astype(int).tolist())
        traces.append(dict(type="scatter",
            mode="lines+markers", name=label, legendgroup=group, legendrank=rank,
            line={"color": col, "width": 2.8}, marker={**marker, "symbol": symbols}, **points,
            **tr.role("claims", code),
        ))
    if len(others):
        traces.append(dict(type="scatter",
            mode="markers", name=f"{label}: other sources for the year ({len(others)})", legendgroup=group,
            legendrank=rank, marker=tr.marker(others, col, size=9), opacity=0.9,
            **tr.points(others, scale, tr.offsets(others)), **tr.role("claims-other", code),
        ))
    if len(partial):
        x = tr.offsets(partial, step=0.0)
        traces.append(dict(type="scatter",
            mode=labelled, name=f"{label}, part of a year", legendgroup=group, legendrank=rank,
            text=partial["_period_label"].tolist(), textposition=tr.text_positions(x, x_max, "top"),
            textfont={"color": col}, cliponaxis=False, marker={**tr.marker(partial, col, size=10), "opacity": 0.85},
            **tr.points(partial, scale, x), **tr.role("claims-partial", code),
        ))
    for i, t in enumerate(traces):
        t["showlegend"] = i == 0
    return traces


def by_year_spec(
    df: pd.DataFrame,
    *,
    indicator: str | None = None,
    countries: list[str] | tuple[str, ...] | None = None,
    title: str | None = None,
    height: int = 460,
    empty_message: str = "No figures for this selection.",
    palette: dict[str, str] | None = None,
    compact: bool = False,
    summary: pd.DataFrame | None = None,
) -> dict:
    """The over-time chart: value by year, a line with markers per country.

    Args:
        df: rows of one indicator (contract columns; derived columns optional).
        indicator: the indicator id, for the axis label and unit (default: the rows').
        countries: the order of the countries in the legend (default: as they come).
        title: a chart title (default: the indicator's label).
        height: figure height in pixels (``compact`` adds room for the legend).
        empty_message: what to say when ``df`` is empty.
        palette: country code -> colour, instead of the dashboard's colours.
        compact: for a phone: the legend below the plot, narrow margins.
        summary: figures too many to draw one by one, as ranges (:func:`dashboard.selection.view`): drawn beside
            the rows of ``df``.

    Returns:
        A ``{"data", "layout"}`` dict (the JSON Dash sends); points carry the observation ``id`` as ``customdata``
        and each trace says what it is in ``meta`` (``role``, ``country``, ``source_id``). Every trace is SVG: the
        vendored plotly.js (the basic bundle) has no WebGL trace type, and the full bundle's WebGL needs
        ``'unsafe-eval'``, which the Content-Security-Policy refuses; past :data:`dashboard.selection.DETAIL_LIMIT`
        figures a view draws the other claims, and past :data:`dashboard.selection.OFFICIAL_LIMIT` the official values,
        as ranges (:func:`dashboard.selection.view`).
    """
    summary = _summary(summary)
    if df.empty and summary is None:
        return empty_spec(empty_message)
    df = _ensure_prepared(df)
    scale, label = _axis_scale(df, indicator, summary)
    labelled = "markers+text" if int(df["_partial"].sum()) <= LABEL_LIMIT else "markers"
    present = list(dict.fromkeys([*df["country"], *(summary["country"] if summary is not None else [])]))
    order = list(countries) if countries else present
    order += [c for c in present if c not in order]
    years = [*df["year"].astype(int), *(summary["year"].astype(int) if summary is not None else [])]
    x_min, x_max = min(years), max(years)
    official: list[dict] = []
    claims: list[dict] = []
    parts, empty = _parts(df, _roles(df)), df.iloc[:0]
    ranges = _parts(summary, values(summary["country"])) if summary is not None else {}
    for n, code in enumerate(order):
        mine = {role: parts.get((code, role), empty) for role in ("official", "main", "other", "partial")}
        part = ranges.get(code)
        if part is None and not any(len(p) for p in mine.values()):
            continue
        col, rank = colour(code, order, palette), 10 + 10 * n
        name = next(p["_country_name"].iloc[0] for p in [*mine.values(), part] if p is not None and len(p))
        official += _official_traces(mine["official"], code, name, col, scale, rank)
        claims += _claim_traces(mine["main"], mine["other"], mine["partial"], code, name, col, scale, labelled, x_max,
                                rank)
        if part is not None:
            claims += tr.range_traces(part, code, col, scale, scale.unit, rank)
    # official first: the claims are drawn on top
    traces = (official + claims + tr.legend_notes(
        [c for c, claim in zip(values(df["comparator"]), values(df["_claim"])) if claim]))
    if compact:
        entries = sum(1 for t in traces if t.get("showlegend", True))
        legend = {"orientation": "h", "x": 0, "xanchor": "left", "y": -0.14, "yanchor": "top", "font": {"size": 10},
                  "itemwidth": 30}
        # a phone's legend has one entry per row: the figure grows with it, the plot keeps ~250 px
        margin, height = {"l": 44, "r": 8, "t": 40, "b": 40}, max(height, 380) + 20 * entries
    else:
        legend = {"orientation": "v", "x": 1.02, "y": 1, "font": {"size": 11}}
        margin = {"l": 70, "r": 20, "t": 50, "b": 50}
    layout = dict(
        title={"text": title if title is not None else label, "x": 0.01},
        height=height,
        hovermode="closest",
        legend=legend,
        margin=margin,
        xaxis={"title": {"text": "" if compact else "Year"}, "tickformat": "d",
               "dtick": 1 if x_max - x_min <= 12 and not compact else None,
               "range": [x_min - 0.6, x_max + 0.8]},
        yaxis={"title": {"text": scale.label if compact else f"{label}, {scale.label}"},
               "rangemode": "tozero" if bool((np.nan_to_num(_values(df, summary)) >= 0).all()) else "normal"},
        meta={"empty": False, "unit_label": scale.label},
    )
    return _figure(traces, layout)


def latest_year(df: pd.DataFrame) -> int | None:
    """The latest year with a whole-year figure (or any figure), None when empty."""
    if df.empty:
        return None
    if "_partial" not in df.columns:
        df = _ensure_prepared(df)
    whole = df.loc[~df["_partial"], "year"]
    return int((whole if len(whole) else df["year"]).max())


def by_country_spec(
    df: pd.DataFrame,
    *,
    year: int | None = None,
    indicator: str | None = None,
    countries: list[str] | tuple[str, ...] | None = None,
    height: int = 380,
    empty_message: str = "No figures for this selection.",
    palette: dict[str, str] | None = None,
    compact: bool = False,
    summary: pd.DataFrame | None = None,
) -> dict:
    """Bars by country for one year (default: the latest).

    The bar is the most recently published whole-year claim; other claims for
    that year are markers over it; each official series is a grey bar of its own.

    Args:
        df: rows of one indicator (any years; only ``year`` is drawn).
        year: the year to draw (default: :func:`latest_year`).
        indicator: the indicator id, for the axis label and unit.
        countries: the order of the bars.
        height: figure height in pixels.
        empty_message: what to say when there is nothing to draw.
        palette: country code -> colour, instead of the dashboard's colours.
        compact: for a phone: the legend below, narrow margins.
        summary: figures too many to draw one by one, as ranges (any years; only ``year``'s are drawn).

    Returns:
        A ``{"data", "layout"}`` dict (the JSON Dash sends); points carry the observation ``id`` as ``customdata``.
    """
    summary = _summary(summary)
    if df.empty and summary is None:
        return empty_spec(empty_message)
    year = latest_year(df) if year is None else int(year)
    scale, label = _axis_scale(df, indicator, summary)  # the scale of every year: the bars read like the lines
    ranges = summary[summary["year"] == year] if summary is not None else None
    at = [i for i, y in enumerate(values(df["year"])) if y == year]
    if not at and (ranges is None or ranges.empty):
        return empty_spec(f"No figures for {year} in this selection.")
    rows = _ensure_prepared(df.take(at))
    present = list(dict.fromkeys([*values(rows["country"]), *(values(ranges["country"]) if ranges is not None else [])]))
    order = [c for c in (countries or present) if c in present] + [c for c in present if c not in (countries or ())]
    rank = {c: i for i, c in enumerate(order)}
    # bars in the countries' order, then by date of publication
    keys = [(rank[c], str(p)) for c, p in zip(values(rows["country"]), values(rows["published"]))]
    rows = rows.take(sorted(range(len(keys)), key=keys.__getitem__))
    names = list(dict.fromkeys([*values(rows["_country_name"]),
                                *(values(ranges["_country_name"]) if ranges is not None else [])]))
    roles = [("main" if main else "other") if claim else ("official" if not part else "official-partial")
             for claim, main, part in zip(values(rows["_claim"]), values(rows["_main"]), values(rows["_partial"]))]
    parts, empty = _parts(rows, roles), rows.iloc[:0]
    traces: list[dict] = []
    main = parts.get("main", empty)
    if len(main):
        bar_colours = [colour(c, order, palette) for c in main["country"]]
        traces.append(dict(type="bar",
            name="press claim (latest source)", text=main["_value_text"].tolist(), textposition="outside",
            cliponaxis=False,
            marker={"color": bar_colours,
                    # a bound or an approximation is hatched (bgcolor set: plotly warns when it is derived from an array)
                    "pattern": {"shape": ["/" if c in ("more_than", "at_least", "less_than", "at_most", "about") else "" for c in main["comparator"]],
                                "fgcolor": "#ffffff", "bgcolor": bar_colours, "fillmode": "replace"}},
            **tr.points(main, scale, main["_country_name"]), meta={"role": "claims"},
        ))
    stats = parts.get("official", empty)
    for i, (series_name, series) in enumerate(stats.groupby("_series", sort=True, observed=True)):
        traces.append(dict(type="bar",
            name=f"{series_name or 'official statistics'}", marker={"color": "#bbbbbb", "line": {"color": "#555", "width": 1}},
            opacity=0.9 - 0.15 * (i % 3), **tr.points(series, scale, series["_country_name"]),
            meta={"role": "official", "series": str(series_name)},
        ))
    others = parts.get("other", empty)
    if len(others):
        traces.append(dict(type="scatter",
            mode="markers+text" if int(others["_partial"].sum()) <= LABEL_LIMIT else "markers",
            name="other press claims / part of a year",
            text=[p if part else "" for p, part in zip(others["_period_label"], others["_partial"])],
            textposition="middle right", cliponaxis=False,
            marker=tr.marker(others, "#222", size=9), **tr.points(others, scale, others["_country_name"]),
            meta={"role": "claims-other"},
        ))
    if ranges is not None:
        traces += tr.range_traces(ranges, "", "#222", scale, scale.unit, 1, x="_country_name")
    traces = traces + tr.legend_notes([c for c, claim in zip(values(rows["comparator"]), values(rows["_claim"]))
                                       if claim])
    legend = ({"orientation": "h", "x": 0, "y": -0.22, "yanchor": "top", "font": {"size": 10}} if compact
              else {"orientation": "v", "x": 1.02, "y": 1, "font": {"size": 11}})
    layout = dict(
        title={"text": f"{label}, {year}", "x": 0.01},
        height=height + (60 if compact else 0), barmode="group", hovermode="closest", legend=legend,
        margin={"l": 44, "r": 8, "t": 40, "b": 40} if compact else {"l": 70, "r": 20, "t": 50, "b": 40},
        xaxis={"categoryorder": "array", "categoryarray": names},
        yaxis={"title": {"text": scale.label if compact else f"{label}, {scale.label}"}},
        meta={"empty": False, "year": year, "unit_label": scale.label},
    )
    return _figure(traces, layout)

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
- official statistics (``method = statistics``) as a dotted line per country
  and series (never blended), claims as markers over them.
"""
from __future__ import annotations

from functools import cache

import pandas as pd
import plotly.graph_objects as go
import plotly.io as pio

from etl.schema import vocabulary

from .data import hover_texts, prepare_rows
from .style import LEGEND_NOTES, STAT_DASHES, SYMBOLS
from .style import colour as _palette_colour
from .units import Scale, scale_for

# Part-of-year points carry their period as a text label when there are few of them;
# beyond this many, SVG labels cost more to draw than they help, and the period is in the hover.
LABEL_LIMIT = 40
_HOVER = "%{hovertext}<extra></extra>"


def colour(code: str, order: list[str] | None = None, palette: dict[str, str] | None = None) -> str:
    """A stable colour per country code: the project's one palette (``dashboard.style``) unless ``palette`` says."""
    if palette and code in palette:
        return palette[code]
    return _palette_colour(code, order)


def _ensure_prepared(df: pd.DataFrame) -> pd.DataFrame:
    return df if "_main" in df.columns else prepare_rows(df)


def _axis_scale(df: pd.DataFrame, indicator: str | None) -> tuple[Scale, str]:
    unit = df["unit"].iloc[0] if len(df) else ""
    known = vocabulary().get(indicator or (df["indicator"].iloc[0] if len(df) else ""))
    if known is not None:
        unit = known.unit
    label = known.label if known is not None else (indicator or "")
    return scale_for(unit, df["value"].tolist()), label


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


def _points(part: pd.DataFrame, scale: Scale, x) -> dict:
    return {
        "x": list(x),
        "y": list(scale.convert(part["value"].to_numpy(dtype="float64"))),
        "customdata": part["id"].tolist(),
        "hovertext": hover_texts(part),
        "hovertemplate": _HOVER,
    }


def _with_gaps(points: dict, years: list[int]) -> dict:
    """Break a line where years are missing: a gap is drawn as a gap, not bridged."""
    keys = ("x", "y", "customdata", "hovertext")
    out = {k: [] for k in keys}
    symbols = points.get("_symbols")
    sym_out = []
    for i, year in enumerate(years):
        if i and year - years[i - 1] > 1:
            for k in keys:
                out[k].append(None)
            sym_out.append("circle")
        for k in keys:
            out[k].append(points[k][i])
        if symbols is not None:
            sym_out.append(symbols[i])
    result = {**{k: v for k, v in points.items() if k != "_symbols"}, **out}
    return (result, sym_out) if symbols is not None else (result, None)


def _marker(part: pd.DataFrame, col: str, size: int = 11) -> dict:
    return {
        "symbol": [SYMBOLS.get(c, "circle") for c in part["comparator"]],
        "size": size,
        "color": col,
        "line": {"width": 2, "color": col},
    }


def _offsets(part: pd.DataFrame, step: float = 0.12) -> list[float]:
    """Spread several sources for one year a little apart so none hides another."""
    rank = part.groupby("year").cumcount().to_numpy() + 1
    return [y + step * r for y, r in zip(part["year"].astype(float), rank)]


def _legend_notes(df: pd.DataFrame) -> list[dict]:
    present = set(df["comparator"])
    return [
        dict(type="scatter",
            x=[None], y=[None], mode="markers", name=text, legendgroup="notes", hoverinfo="skip",
            marker={"symbol": symbol, "size": 10, "color": "#555", "line": {"width": 2, "color": "#555"}},
        )
        for comps, symbol, text in LEGEND_NOTES
        if present.intersection(comps)
    ]


def by_year_figure(df: pd.DataFrame, **options) -> go.Figure:
    """The over-time chart as a plotly Figure; options as for :func:`by_year_spec`."""
    return _as_figure(by_year_spec(df, **options))


def by_country_figure(df: pd.DataFrame, **options) -> go.Figure:
    """Bars by country for one year as a plotly Figure; options as for :func:`by_country_spec`."""
    return _as_figure(by_country_spec(df, **options))


def by_year_spec(
    df: pd.DataFrame,
    *,
    indicator: str | None = None,
    countries: list[str] | tuple[str, ...] | None = None,
    title: str | None = None,
    height: int = 460,
    empty_message: str = "No figures for this selection.",
    palette: dict[str, str] | None = None,
) -> go.Figure:
    """The over-time chart: value by year, a line with markers per country.

    Args:
        df: rows of one indicator (contract columns; derived columns optional).
        indicator: the indicator id, for the axis label and unit (default: the rows').
        countries: the order of the countries in the legend (default: as they come).
        title: a chart title (default: the indicator's label).
        height: figure height in pixels.
        empty_message: what to say when ``df`` is empty.
        palette: country code -> colour, instead of the dashboard's colours (slides use Okabe–Ito).

    Returns:
        A ``{"data", "layout"}`` dict (the JSON Dash sends); points carry the observation ``id`` as ``customdata``.
    """
    if df.empty:
        return empty_spec(empty_message)
    df = _ensure_prepared(df)
    scale, label = _axis_scale(df, indicator)
    labelled = "markers+text" if int(df["_partial"].sum()) <= LABEL_LIMIT else "markers"
    order = list(countries) if countries else list(dict.fromkeys(df["country"]))
    order += [c for c in dict.fromkeys(df["country"]) if c not in order]
    traces: list[dict] = []
    for code in order:
        rows = df[df["country"] == code]
        if rows.empty:
            continue
        col, name = colour(code, order, palette), rows["_country_name"].iloc[0]
        stats, claims = rows[~rows["_claim"]], rows[rows["_claim"]]
        for i, (sid, series) in enumerate(stats.groupby("source_id", sort=True)):
            whole, partial = series[~series["_partial"]], series[series["_partial"]]
            dash = STAT_DASHES[i % len(STAT_DASHES)]
            if len(whole):
                points, _ = _with_gaps(_points(whole, scale, whole["year"]), whole["year"].astype(int).tolist())
                traces.append(dict(type="scatter",
                    mode="lines+markers", name=f"{name}: {sid} (official)", legendgroup=code,
                    line={"color": col, "dash": dash, "width": 1.5}, marker={"symbol": "square", "size": 5, "color": col},
                    opacity=0.75, **points,
                ))
            if len(partial):
                traces.append(dict(type="scatter",
                    mode=labelled, name=f"{name}: {sid} (official, part of year)", legendgroup=code,
                    text=partial["_period_label"].tolist(), textposition="bottom center",
                    marker={"symbol": "square-open", "size": 7, "color": col}, opacity=0.75,
                    **_points(partial, scale, partial["year"]),
                ))
        main = claims[claims["_main"]]
        others = claims[~claims["_main"] & ~claims["_partial"]]
        partial = claims[claims["_partial"]]
        if len(main):
            marker = _marker(main, col)
            points, symbols = _with_gaps({**_points(main, scale, main["year"]), "_symbols": marker["symbol"]},
                                         main["year"].astype(int).tolist())
            traces.append(dict(type="scatter",
                mode="lines+markers", name=name, legendgroup=code, line={"color": col, "width": 2.5},
                marker={**marker, "symbol": symbols}, **points,
            ))
        if len(others):
            traces.append(dict(type="scatter",
                mode="markers", name=f"{name}: other sources ({len(others)})", legendgroup=code,
                marker=_marker(others, col, size=8), opacity=0.85, **_points(others, scale, _offsets(others)),
            ))
        if len(partial):
            traces.append(dict(type="scatter",
                mode=labelled, name=f"{name}: part of a year", legendgroup=code,
                text=partial["_period_label"].tolist(), textposition="top center", textfont={"color": col},
                marker={**_marker(partial, col, size=9), "opacity": 0.8},
                **_points(partial, scale, _offsets(partial, step=0.0)),
            ))
    for note in _legend_notes(df[df["_claim"]]):
        traces.append(note)
    years = df["year"].astype(int)
    layout = dict(
        title={"text": title if title is not None else label, "x": 0.01},
        height=height,
        hovermode="closest",
        legend={"orientation": "v", "x": 1.02, "y": 1, "font": {"size": 11}},
        margin={"l": 70, "r": 20, "t": 50, "b": 50},
        xaxis={"title": {"text": "Year"}, "tickformat": "d", "dtick": 1 if years.max() - years.min() <= 12 else None,
               "range": [years.min() - 0.6, years.max() + 0.6]},
        yaxis={"title": {"text": f"{label}, {scale.label}"}, "rangemode": "tozero" if (df["value"] >= 0).all() else "normal"},
        meta={"empty": False, "unit_label": scale.label},
    )
    return _figure(traces, layout)


def latest_year(df: pd.DataFrame) -> int | None:
    """The latest year with a whole-year figure (or any figure), None when empty."""
    if df.empty:
        return None
    df = _ensure_prepared(df)
    whole = df[~df["_partial"]]
    return int((whole if len(whole) else df)["year"].max())


def by_country_spec(
    df: pd.DataFrame,
    *,
    year: int | None = None,
    indicator: str | None = None,
    countries: list[str] | tuple[str, ...] | None = None,
    height: int = 380,
    empty_message: str = "No figures for this selection.",
    palette: dict[str, str] | None = None,
) -> go.Figure:
    """Bars by country for one year (default: the latest).

    The bar is the most recently published whole-year claim; other claims for
    that year are markers over it; each official series is a bar of its own.

    Args:
        df: rows of one indicator (any years; only ``year`` is drawn).
        year: the year to draw (default: :func:`latest_year`).
        indicator: the indicator id, for the axis label and unit.
        countries: the order of the bars.
        height: figure height in pixels.
        empty_message: what to say when there is nothing to draw.
        palette: country code -> colour, instead of the dashboard's colours.

    Returns:
        A ``{"data", "layout"}`` dict (the JSON Dash sends); points carry the observation ``id`` as ``customdata``.
    """
    if df.empty:
        return empty_spec(empty_message)
    df = _ensure_prepared(df)
    year = latest_year(df) if year is None else int(year)
    rows = df[df["year"] == year]
    if rows.empty:
        return empty_spec(f"No figures for {year} in this selection.")
    scale, label = _axis_scale(df, indicator)
    order = list(countries) if countries else list(dict.fromkeys(rows["country"]))
    order = [c for c in order if c in set(rows["country"])] + [c for c in dict.fromkeys(rows["country"]) if c not in order]
    rank = {c: i for i, c in enumerate(order)}
    rows = rows.assign(_rank=[rank[c] for c in rows["country"].tolist()]).sort_values(["_rank", "published"], kind="stable")
    names = rows.drop_duplicates("country")["_country_name"].tolist()
    traces: list[dict] = []
    main = rows[rows["_main"]]
    if len(main):
        bar_colours = [colour(c, order, palette) for c in main["country"]]
        traces.append(dict(type="bar",
            name="claim (latest source)", text=main["_value_text"].tolist(), textposition="outside",
            marker={"color": bar_colours,
                    # a bound or an approximation is hatched (bgcolor set: plotly warns when it is derived from an array)
                    "pattern": {"shape": ["/" if c in ("more_than", "at_least", "less_than", "at_most", "about") else "" for c in main["comparator"]],
                                "fgcolor": "#ffffff", "bgcolor": bar_colours, "fillmode": "replace"}},
            **_points(main, scale, main["_country_name"]),
        ))
    for i, (sid, series) in enumerate(rows[~rows["_claim"] & ~rows["_partial"]].groupby("source_id", sort=True)):
        traces.append(dict(type="bar",
            name=f"{sid} (official)", marker={"color": "#bbbbbb", "line": {"color": "#555", "width": 1}},
            opacity=0.9 - 0.15 * (i % 3), **_points(series, scale, series["_country_name"]),
        ))
    others = rows[rows["_claim"] & ~rows["_main"]]
    if len(others):
        traces.append(dict(type="scatter",
            mode="markers+text" if int(others["_partial"].sum()) <= LABEL_LIMIT else "markers",
            name="other sources / part of a year",
            text=[p if part else "" for p, part in zip(others["_period_label"], others["_partial"])],
            textposition="middle right",
            marker=_marker(others, "#222", size=9), **_points(others, scale, others["_country_name"]),
        ))
    for note in _legend_notes(rows[rows["_claim"]]):
        traces.append(note)
    layout = dict(
        title={"text": f"{label}, {year}", "x": 0.01},
        height=height, barmode="group", hovermode="closest",
        margin={"l": 70, "r": 20, "t": 50, "b": 40},
        xaxis={"categoryorder": "array", "categoryarray": names},
        yaxis={"title": {"text": f"{label}, {scale.label}"}},
        meta={"empty": False, "year": year, "unit_label": scale.label},
    )
    return _figure(traces, layout)

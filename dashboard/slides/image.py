"""The slide as an image: a plotly figure drawn from the slide's content, and PNG/SVG bytes of it.

:func:`slide_spec` draws the same :class:`~.content.ChartTable` as the PowerPoint
chart (whole-year lines, part-year points apart with their period, bound labels)
on a 16:9 canvas with its title, subtitle, legend, key and source line; the legend
sits above the plot, one entry per country plus the key, so nothing is cut off
at any number of countries. :func:`image_bytes` renders any figure with kaleido
in the system's Chromium (:class:`ChromiumMissing` says how to install it).
"""
from __future__ import annotations

import copy
import html
import json
import math
import os
import shutil

import pandas as pd

from ..data import Filters
from ..style import FONT, SYMBOLS
from .content import ChartTable, SlideError, chart_table, indicator_label, select_statistics
from .notes import join_sources, short_source_line, source_items, subtitle_text

WIDTH_PX, HEIGHT_PX = 1920, 1080  # a 16:9 slide at full HD
IMAGE_FORMATS = ("png", "svg")
KEY_GREY = "#555555"
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_INSTALL = ("Install Debian's package with `apt-get install chromium` (or `make chromium`), "
            "or set BROWSER_PATH to a Chrome/Chromium executable. Slides (PPTX) and CSV downloads work without it.")
CHROMIUM_HELP = "Images are drawn by Chromium, which is not installed on this machine. " + _INSTALL
# Geometry of the canvas at 1920×1080, in pixels (scaled with the width).
TITLE_BLOCK, LEGEND_FONT, LEGEND_ROW, AXIS_BLOCK, SOURCE_ROW = 150, 20, 34, 100, 27


class ChromiumMissing(SlideError):
    """No Chromium to draw images with."""


# ---------------------------------------------------------------- the figure


def _marker_symbols(comparators, partial: bool, official: bool) -> list[str]:
    if official:
        return ["square-open" if partial else "square"] * len(comparators)
    return [SYMBOLS.get(c, "circle") if c not in ("", "equal") else ("circle-open" if partial else "circle")
            for c in comparators]


def chart_traces(table: ChartTable, *, k: float = 1.0) -> list[dict]:
    """One scatter trace per series of ``table`` (out of the legend), then the legend's and key's entries."""
    traces = []
    for s in table.series:
        labelled = any(s.labels)
        mode = ("markers" if s.partial else "lines+markers") + ("+text" if labelled else "")
        trace = dict(
            type="scatter", x=list(table.categories), y=list(s.values), mode=mode, name=s.name, showlegend=False,
            customdata=list(s.ids), legendgroup=s.country, hovertemplate="%{y}<extra>" + html.escape(s.name) + "</extra>",
            marker={"symbol": _marker_symbols(s.comparators, s.partial, s.official), "color": s.colour,
                    "size": (9 if s.official and not s.partial else 15) * k, "line": {"width": 2.5 * k, "color": s.colour}},
        )
        if not s.partial:
            trace["line"] = {"color": s.colour, "dash": s.dash, "width": (2.25 if s.official else 4) * k}
        if s.official and not s.partial:
            trace["opacity"] = 0.85
        if labelled:
            trace.update(text=list(s.labels), textposition="bottom center" if s.official else "top center",
                         textfont={"color": s.colour, "size": int(18 * k), "family": FONT}, cliponaxis=False)
        traces.append(trace)
    for code, name, colour in table.legend:
        traces.append(dict(type="scatter", x=[None], y=[None], mode="lines", name=html.escape(name), legendgroup=code,
                           line={"color": colour, "width": 5 * k}, hoverinfo="skip"))
    for entry in table.key:  # line styles in a second legend, marks in a third: each fits a row
        mode = "lines+markers" if entry.dash else "markers"
        trace = dict(type="scatter", x=[None], y=[None], mode=mode, name=html.escape(entry.text), legendgroup="key",
                     legend="legend2" if entry.dash else "legend3",
                     hoverinfo="skip", marker={"symbol": entry.marker, "size": 13 * k, "color": KEY_GREY,
                                                "line": {"width": 2 * k, "color": KEY_GREY}})
        if entry.dash:
            trace["line"] = {"color": KEY_GREY, "dash": entry.dash, "width": (4 if entry.kind == "claims" else 2.5) * k}
        traces.append(trace)
    return traces


def legend_rows(names: list[str], *, width: int, font: int) -> int:
    """How many rows plotly gives a horizontal legend of ``names`` in ``width`` pixels (a generous estimate).

    Plotly puts the entries in one row when they fit, else in a grid of columns as wide as the widest entry.
    """
    if not names:
        return 0
    widths = [0.56 * font * len(html.unescape(n)) + 50 + 2 * font for n in names]  # text, line sample, gaps
    if sum(widths) <= width:
        return 1
    columns = max(1, int(width // max(widths)))
    return math.ceil(len(names) / columns)


def _legend_names(spec: dict) -> dict[str, list[str]]:
    """Legend id ("legend", "legend2", ...) -> the names of its entries, in order."""
    out: dict[str, list[str]] = {}
    for trace in spec.get("data", []):
        if trace.get("showlegend", True) is not False:
            out.setdefault(trace.get("legend") or "legend", []).append(trace.get("name") or "")
    return out


def style_for_slide(
    spec: dict,
    *,
    title: str,
    subtitle: str,
    sources: list[str],
    width: int = WIDTH_PX,
    height: int = HEIGHT_PX,
) -> dict:
    """A figure spec restyled as a 16:9 slide: title and subtitle, large type, legend on top, source line at the foot.

    Args:
        spec: a ``{"data", "layout"}`` dict (not changed).
        title: the slide title (plain text; escaped here).
        subtitle: the line under the title (plain text).
        sources: the items of the source line (plain text), wrapped to at most three lines.
        width, height: the size in pixels (1920×1080 by default).

    Returns:
        A new spec. The legend (when the spec shows one) is horizontal under the subtitle and the plot
        starts below its last row, so no entry is cut off.
    """
    out = copy.deepcopy(spec)
    layout = out.setdefault("layout", {})
    k = width / WIDTH_PX
    e = html.escape
    src_lines = short_source_line(sources, width=int(190 * k), max_lines=3, more=" (see the data download)")
    empty = bool((layout.get("meta") or {}).get("empty"))
    legends = {} if empty else _legend_names(out)
    font = int(LEGEND_FONT * k)
    rows = {lid: legend_rows(names, width=int(width * 0.95), font=font) for lid, names in legends.items()}
    top = int(TITLE_BLOCK * k) + int(LEGEND_ROW * k) * sum(rows.values()) + int(25 * k)
    bottom_axis, line_h = int(AXIS_BLOCK * k), int(SOURCE_ROW * k)
    bottom = bottom_axis + line_h * len(src_lines) + int(30 * k)
    plot_h = height - top - bottom
    layout.update(
        width=width, height=height, showlegend=bool(legends),
        font={"family": FONT, "size": int(20 * k), "color": "#222"},
        title={"text": f"<b>{e(title)}</b>", "subtitle": {"text": e(subtitle), "font": {"size": int(26 * k), "color": "#555"}},
               "x": 0.025, "xref": "container", "xanchor": "left", "y": 1 - 40 * k / height, "yref": "container",
               "yanchor": "top", "font": {"size": int(42 * k), "family": FONT, "color": "#111"}},
        margin={"l": int(130 * k), "r": int(60 * k), "t": top, "b": bottom, "autoexpand": False},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
    )
    if not empty:
        for axis in ("xaxis", "yaxis"):
            ax = layout.setdefault(axis, {})
            ax["tickfont"] = {"size": int(22 * k)}
            ax["title"] = {**(ax.get("title") or {}), "font": {"size": int(24 * k)}}
            ax.update(gridcolor="#dddddd", linecolor="#888888", showline=True, zeroline=False)
        y = TITLE_BLOCK * k
        for lid, n in rows.items():  # the legends one under the other, each starting on the left
            layout[lid] = {"orientation": "h", "x": 0.025, "xref": "container", "xanchor": "left",
                           "y": 1 - y / height, "yref": "container", "yanchor": "top", "font": {"size": font},
                           "itemwidth": 50, "itemsizing": "constant", "traceorder": "normal",
                           "bgcolor": "rgba(255,255,255,0)", "maxheight": 1.0}
            y += LEGEND_ROW * k * n
    notes = []
    for note in layout.get("annotations") or []:  # the empty-chart message
        notes.append({**note, "font": {**(note.get("font") or {}), "size": int(30 * k)}})
    if src_lines:
        notes.append({
            "text": "<br>".join(e(s) for s in src_lines), "showarrow": False, "align": "left",
            "xref": "paper", "yref": "paper", "x": 0, "xanchor": "left",
            "y": -bottom_axis / max(plot_h, 1), "yanchor": "top",
            "font": {"size": int(18 * k), "color": "#444", "family": FONT},
        })
        if empty:
            notes[-1]["x"], notes[-1]["y"] = 0, 0
    layout["annotations"] = notes
    layout["meta"] = {**(layout.get("meta") or {}), "slide": True, "source_line": join_sources(sources),
                      "legend_rows": sum(rows.values())}
    return out


def slide_spec(
    df: pd.DataFrame,
    filters: Filters,
    *,
    statistics: bool | str = "all",
    title: str | None = None,
    width: int = WIDTH_PX,
    height: int = HEIGHT_PX,
) -> dict:
    """The view's over-time chart as a slide image: the slide's chart table drawn by plotly (see :func:`style_for_slide`)."""
    df = select_statistics(df, statistics)
    table = chart_table(df, indicator=filters.indicator, countries=filters.countries)
    k = width / WIDTH_PX
    if table.series:
        years = table.categories
        span = years[-1] - years[0]
        every = [v for s in table.series for v in s.values if v is not None]
        label = indicator_label(filters.indicator)
        spec = {"data": chart_traces(table, k=k), "layout": {
            "xaxis": {"title": {"text": "Year"}, "tickformat": "d", "dtick": 1 if span <= 12 else None,
                      "range": [years[0] - 0.6, years[-1] + 0.6]},
            "yaxis": {"title": {"text": f"{label}, {table.unit_label}"}, "tickformat": _tick_format(table.number_format),
                      "rangemode": "tozero" if min(every) >= 0 else "normal"},
            "hovermode": "closest", "meta": {"empty": False, "unit_label": table.unit_label}}}
    else:
        spec = {"data": [], "layout": {
            "annotations": [{"text": "No figures for this selection.", "showarrow": False, "x": 0.5, "y": 0.5,
                             "xref": "paper", "yref": "paper"}],
            "xaxis": {"visible": False}, "yaxis": {"visible": False}, "meta": {"empty": True}}}
    return style_for_slide(
        spec, title=title or indicator_label(filters.indicator),
        subtitle=subtitle_text(df, filters, table.unit_label), sources=source_items(df), width=width, height=height,
    )


def _tick_format(fmt: str) -> str:
    return ",d" if fmt == "#,##0" else f".{len(fmt.split('.')[1])}f" if "." in fmt else ""


def slide_figure(df: pd.DataFrame, filters: Filters, **options):
    """:func:`slide_spec` as a plotly Figure."""
    import plotly.graph_objects as go

    return go.Figure(slide_spec(df, filters, **options), _validate=False)


# ---------------------------------------------------------------- images (kaleido + Chromium)


def chromium_path() -> str:
    """The Chromium kaleido will use: ``$BROWSER_PATH`` or the first on ``PATH``; :class:`ChromiumMissing` if none."""
    override = os.environ.get("BROWSER_PATH")
    if override:
        if os.path.isfile(override) and os.access(override, os.X_OK):
            return override
        raise ChromiumMissing(f"Images are drawn by Chromium, but BROWSER_PATH={override} is not an executable. {_INSTALL}")
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise ChromiumMissing(CHROMIUM_HELP)


def image_bytes(figure, fmt: str = "png", *, width: int | None = None, height: int | None = None) -> bytes:
    """PNG or SVG bytes of a figure (a spec dict or a plotly Figure), drawn by kaleido in Chromium.

    Uses kaleido's sync server when one was started (``kaleido.start_sync_server()``,
    ~0.2 s a call), else starts Chromium for this call (~1.5 s). Never downloads a browser.

    Raises:
        ChromiumMissing: no Chromium (the message says how to install it).
        SlideError: an unknown format, or kaleido failed.
    """
    fmt = (fmt or "").lower()
    if fmt not in IMAGE_FORMATS:
        raise SlideError(f"Unknown image format “{fmt}”; use one of {', '.join(IMAGE_FORMATS)}.")
    chromium_path()
    import kaleido
    from kaleido.errors import ChromeNotFoundError

    spec = figure if isinstance(figure, dict) else figure.to_plotly_json()
    layout = spec.get("layout") or {}
    opts = {"format": fmt, "width": width or layout.get("width") or WIDTH_PX,
            "height": height or layout.get("height") or HEIGHT_PX, "scale": 1}
    for attempt in (1, 2):
        try:
            return kaleido.calc_fig_sync(_json_safe(spec), opts=opts)
        except ChromeNotFoundError as exc:
            raise ChromiumMissing(CHROMIUM_HELP) from exc
        except Exception as exc:  # noqa: BLE001 - kaleido/choreographer raise many kinds; one message at the edge
            # a fresh Chromium asked before kaleido's page script has loaded ("kaleido_scopes is not defined", seen
            # on a loaded machine) is asked once more; any other failure is the message
            if attempt == 1 and _not_ready(exc):
                continue
            raise SlideError(f"The image could not be drawn ({type(exc).__name__}: {exc}).") from exc
    raise AssertionError("unreachable")


def _not_ready(exc: Exception) -> bool:
    """Whether kaleido failed because its page's script was not loaded yet (a race at Chromium's start)."""
    return "is not defined" in str(exc) and "kaleido" in str(exc)


def _json_safe(obj):
    """Plain Python numbers and lists (numpy scalars and arrays become floats/lists; NaN becomes null)."""
    import plotly.utils

    def clean(x):
        if isinstance(x, float) and not math.isfinite(x):
            return None
        if isinstance(x, list):
            return [clean(v) for v in x]
        if isinstance(x, dict):
            return {k: clean(v) for k, v in x.items()}
        return x

    return clean(json.loads(json.dumps(obj, cls=plotly.utils.PlotlyJSONEncoder)))

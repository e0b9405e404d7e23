"""Pieces of the plotly traces the figure builders share (pure): points with their ids and hover texts,
markers by comparator, gaps, offsets, ranges for figures too many to draw one by one, the
bounds key, and the source line written into a figure.
"""
from __future__ import annotations

import html
import textwrap
from collections import Counter

import numpy as np
import pandas as pd

from .records import hover_texts, prepare_rows, values
from .style import LEGEND_NOTES, SYMBOLS
from .style import colour as _palette_colour
from .units import Scale, value_text

_HOVER = "%{hovertext}<extra></extra>"


def colour(code: str, order: list[str] | None = None, palette: dict[str, str] | None = None) -> str:
    """A stable colour per country code: the project's one palette (``dashboard.style``) unless ``palette`` says."""
    if palette and code in palette:
        return palette[code]
    return _palette_colour(code, order)


def points(part: pd.DataFrame, scale: Scale, x) -> dict:
    return {
        "x": values(x) if isinstance(x, pd.Series) else list(x),
        "y": [float(v) for v in scale.convert(part["value"].to_numpy(dtype="float64"))],
        "customdata": values(part["id"]),
        "hovertext": values(part["_hover"]) if "_hover" in part.columns else hover_texts(part),
        "hovertemplate": _HOVER,
    }


def role(role: str, code: str, **extra) -> dict:
    """What a trace is, for tests and for code that restyles the figure (slides): never shown."""
    return {"meta": {"role": role, "country": code, **extra}}


def with_gaps(points: dict, years: list[int]) -> dict:
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


def marker(part: pd.DataFrame, col: str, size: int = 11) -> dict:
    return {
        "symbol": [SYMBOLS.get(c, "circle") for c in part["comparator"]],
        "size": size,
        "color": col,
        "line": {"width": 2, "color": col},
    }


def offsets(part: pd.DataFrame, step: float = 0.12) -> list[float]:
    """Spread several sources for one year a little apart so none hides another, never past the year's half."""
    years = part["year"].tolist()
    counts = Counter(years)
    seen: dict[int, int] = {}
    out = []
    for year in years:
        seen[year] = seen.get(year, 0) + 1
        out.append(float(year) + min(step, 0.42 / counts[year]) * seen[year])
    return out


RANGE_WORDS = {"other": "other press claims for the year", "partial": "press claims for part of the year",
               "official": "official values"}
RANGE_OFFSETS = {"other": 0.2, "partial": 0.34, "official": -0.2}


def range_traces(part: pd.DataFrame, code: str, col: str, scale: Scale, unit: str, rank: int, *,
                 x=None) -> list[dict]:
    """Figures too many to draw one by one, one mark per country, year and kind: a line from the lowest to the
    highest, a tick at the median, and in the hover how many they are (``part``: rows of a selection's summary)."""
    traces: list[dict] = []
    if part.empty:
        return traces
    cols = {c: values(part[c]) for c in ("kind", "year", "n", "lo", "mid", "hi", "_country_name", *([x] if x else []))}
    cols["_series"] = values(part["_series"]) if "_series" in part.columns else [""] * len(part)
    by_kind: dict[str, list[int]] = {}
    for i, kind in enumerate(cols["kind"]):
        by_kind.setdefault(kind, []).append(i)
    for kind, at in by_kind.items():
        pick = {c: [v[i] for i in at] for c, v in cols.items()}
        mid, lo, hi = (np.asarray(scale.convert(np.asarray(pick[c], dtype="float64"))) for c in ("mid", "lo", "hi"))
        names = [str(v) for v in pick["_country_name"]]
        hover = [f"<b>{html.escape(name)}</b> · {y}<br>{n:,} {RANGE_WORDS[kind]}"
                 + (f" ({html.escape(s)})" if s else "")
                 + f": {html.escape(value_text(a, unit))} to {html.escape(value_text(b, unit))}"
                 + f"<br>median {html.escape(value_text(m, unit))}"
                 + "<br><i>too many to draw one by one: every one is in the table below</i>"
                 for name, y, n, a, b, m, s in zip(names, pick["year"], pick["n"], pick["lo"], pick["hi"], pick["mid"],
                                                    pick["_series"])]
        xs = pick[x] if x else [float(y) + RANGE_OFFSETS[kind] for y in pick["year"]]
        group = f"{code}:claims" if kind != "official" else f"{code}:official-ranges"
        who = "" if x else f"{names[0]} · "
        traces.append(dict(type="scatter", mode="markers", name=f"{who}{RANGE_WORDS[kind]}, lowest to highest",
            legendgroup=group, legendrank=rank, x=xs, y=[float(v) for v in mid], customdata=[None] * len(at),
            error_y={"type": "data", "symmetric": False, "array": [float(v) for v in hi - mid],
                     "arrayminus": [float(v) for v in mid - lo], "color": col, "thickness": 1.5, "width": 3},
            marker={"symbol": "line-ew-open", "size": 12, "color": col, "line": {"width": 2, "color": col}},
            opacity=0.55 if kind == "official" else 0.8, hovertext=hover, hovertemplate=_HOVER,
            **role(f"{kind}-range", code)))
    return traces


def legend_notes(df) -> list[dict]:
    """The bounds key: one legend entry per kind of bound among the claims (a frame of them, or their comparators),
    ranked first in the legend."""
    present = set(values(df["comparator"]) if isinstance(df, pd.DataFrame) else df)
    return [
        dict(type="scatter",
            x=[None], y=[None], mode="markers", name=text, legendgroup="notes", legendrank=1, hoverinfo="skip",
            marker={"symbol": symbol, "size": 10, "color": "#555", "line": {"width": 2, "color": "#555"}},
            meta={"role": "key"},
        )
        for comps, symbol, text in LEGEND_NOTES
        if present.intersection(comps)
    ]


def text_positions(x: list, x_max: float, where: str) -> list[str]:
    """Labels near the right edge go to the left of their point, so none is cut off."""
    return [f"{where} left" if v is not None and v >= x_max - 0.8 else f"{where} center" for v in x]


# ---------------------------------------------------------------- the source line inside the figure


def source_note_text(df: pd.DataFrame, *, limit: int = 3) -> str:
    """"Sources: press (Daryo, Kun.uz and 2 more); Korea Customs (Korea-reported). Compiled by kca-indicators."."""
    if df.empty:
        return ""
    if "_series" not in df.columns:
        df = prepare_rows(df)
    series = [str(s) for s in df.loc[~df["_claim"], "_series"].unique() if str(s)]
    return source_note_from([str(p) for p in df.loc[df["_claim"], "publisher"].unique()], series, limit=limit)


def source_note_from(publishers: list[str], series: list[str], *, limit: int = 3) -> str:
    """The source line from the claims' publishers and the official series' names, in the table's order."""
    parts = []
    if publishers:
        named = ", ".join(_clip(p, 40) for p in publishers[:limit])
        more = f" and {len(publishers) - limit} more" if len(publishers) > limit else ""
        parts.append(f"press ({named}{more})")
    parts += series[:limit] + ([f"{len(series) - limit} more series"] if len(series) > limit else [])
    if not parts:
        return ""
    return "Sources: " + "; ".join(parts) + ". Compiled by kca-indicators; each point cites its source."


def _clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def add_source_note(spec: dict, text: str) -> dict:
    """The spec with ``text`` as a small source line in the figure (a new dict; the input is not changed).

    Under the plot; above it when the legend is below (phones). It is part of the figure, so the camera
    button's PNG carries it too.
    """
    if not text or (spec.get("layout", {}).get("meta") or {}).get("empty"):
        return spec
    layout = dict(spec["layout"])
    margin = dict(layout.get("margin") or {})
    top = (layout.get("legend") or {}).get("orientation") == "h"
    lines = textwrap.wrap(_clip(text, 300), 62 if top else 160)
    extra = 14 * len(lines) + 8
    note = {"text": "<br>".join(html.escape(x) for x in lines), "showarrow": False, "xref": "paper", "yref": "paper",
            "x": 0, "xanchor": "left", "align": "left", "font": {"size": 10, "color": "#555"}, "name": "source-note"}
    if top:  # the title keeps the top line; the note sits between it and the plot
        margin["t"] = int(margin.get("t", 50)) + extra
        note.update(y=1, yanchor="bottom", yshift=4)
        layout["title"] = {**(layout.get("title") or {}), "yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 6}}
    else:
        margin["b"] = int(margin.get("b", 50)) + extra
        note.update(y=0, yanchor="top", yshift=-(margin["b"] - extra + 6))
    layout.update(margin=margin, annotations=[*(layout.get("annotations") or []), note],
                  meta={**(layout.get("meta") or {}), "source_note": text})
    return {**spec, "layout": layout}

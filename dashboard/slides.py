"""Briefing slides (pure): filtered rows in, slide-styled figures, PPTX and image bytes out.

A *view* is what the Explore tab shows: the rows of one indicator that
:func:`dashboard.data.filter_rows` keeps for a :class:`~dashboard.data.Filters`.
From it this module builds

- :func:`slide_content`: the title, subtitle, source line, chart table and
  speaker notes of one slide (plain data, easy to test);
- :func:`slide_spec` / :func:`slide_figure`: the over-time chart styled as a
  16:9 slide (1920×1080, large type, Okabe–Ito colours, bounds legend, source line);
- :func:`pptx_bytes`: a 16:9 deck, one native (editable) PowerPoint line chart
  per view, the source line as a footnote and the full citations in the notes;
- :func:`image_bytes`: PNG or SVG of a figure through kaleido and the system's
  Chromium (:class:`ChromiumMissing` says how to install it when it is absent);
- :func:`graph_config`: the dcc.Graph config whose camera button saves a
  1920×1080 PNG named like the CSV download.

Errors are :class:`SlideError` (a ``ValueError``); the dashboard and the CLI
turn them into messages.
"""
from __future__ import annotations

import copy
import html
import io
import os
import shutil
import textwrap
from dataclasses import dataclass, field
from datetime import date

import pandas as pd

from etl.schema import country_name, vocabulary

from .data import Filters, prepare_rows
from .downloads import export_name, neutralise
from .figures import by_year_spec
from .style import FONT, OKABE_ITO, PALETTE
from .style import colour as _palette_colour
from .units import Scale, scale_for

WIDTH_PX, HEIGHT_PX = 1920, 1080  # a 16:9 slide at full HD
IMAGE_FORMATS = ("png", "svg")
# How a bound reads in a data label: "> 10.0".
BOUND_SIGNS = {"more_than": ">", "at_least": "≥", "less_than": "<", "at_most": "≤", "about": "~"}
BOUNDS_LEGEND = {
    ("more_than", "at_least"): "▲ more than / at least (a lower bound)",
    ("less_than", "at_most"): "▼ less than / up to (an upper bound)",
    ("about",): "◆ about (approximate)",
}
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
_INSTALL = ("Install Debian's package with `apt-get install chromium` (or `make chromium`), "
            "or set BROWSER_PATH to a Chrome/Chromium executable. Slides (PPTX) and CSV downloads work without it.")
CHROMIUM_HELP = "Images are drawn by Chromium, which is not installed on this machine. " + _INSTALL


class SlideError(ValueError):
    """A slide or image could not be made; the message says why."""


class ChromiumMissing(SlideError):
    """No Chromium to draw images with."""


# ---------------------------------------------------------------- what a slide holds (pure data)


@dataclass(frozen=True)
class Series:
    """One line of the chart: a country's claims, or one official statistics series for a country."""

    name: str
    country: str
    official: bool
    colour: str
    values: tuple[float | None, ...]  # in the displayed unit, one per category, None where there is no figure
    comparators: tuple[str, ...]  # "" where there is no figure
    ids: tuple[str | None, ...]  # observation id behind each value


@dataclass(frozen=True)
class ChartTable:
    """The chart's numbers: categories are years, one series per country (and per statistics source)."""

    categories: tuple[int, ...]
    series: tuple[Series, ...]
    unit_label: str  # "US$ bn"
    number_format: str  # Excel format of the values, e.g. "0.0"

    @property
    def charted_ids(self) -> frozenset[str]:
        return frozenset(i for s in self.series for i in s.ids if i)


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


def _prepared(df: pd.DataFrame) -> pd.DataFrame:
    return df if "_main" in df.columns else prepare_rows(df)


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
    order = [c for c in (countries or ()) if c in set(df["country"])]
    return order + [c for c in dict.fromkeys(df["country"]) if c not in order]


def _colour(code: str, order: list[str]) -> str:
    return _palette_colour(code, order)


def charted_rows(df: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(claims, statistics) that carry the slide's lines.

    Claims: the one whole-year figure per country and year that carries the
    dashboard's line (``_main``). Statistics: each series' whole-year values.
    Figures for part of a year and other sources for the same year are not
    charted (a category axis has one value per year); the notes list them.
    """
    df = _prepared(df)
    claims = df[df["_claim"] & df["_main"]]
    stats = df[~df["_claim"] & ~df["_partial"]].drop_duplicates(["country", "source_id", "year"])
    return claims, stats


def _tidy(x) -> float:
    """A converted value without binary noise (0.6000000000000001 -> 0.6); 12 significant digits."""
    return float(f"{float(x):.12g}")


def _short(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def official_labels(stats: pd.DataFrame, limit: int = 64) -> dict[str, str]:
    """source_id -> how a statistics series is named on a slide: its publisher (shortened), made unique."""
    firsts = stats.drop_duplicates("source_id")
    def label(sid: str, pub: str) -> str:
        who = " (partner-reported)" if "partner-reported" in sid else " (Korea-reported)" if "korea-reported" in sid else ""
        return _short((pub.split(";")[0].strip() or sid), limit - len(who)) + who

    labels = {str(sid): label(str(sid), str(pub)) for sid, pub in zip(firsts["source_id"], firsts["publisher"])}
    names = list(labels.values())
    return {sid: (label if names.count(label) == 1 else f"{label} ({sid})") for sid, label in labels.items()}


def chart_table(df: pd.DataFrame, *, indicator: str, countries=(), statistics: bool = True) -> ChartTable:
    """The numbers of the slide's chart, from the view's rows.

    Args:
        df: the filtered rows of one indicator (contract columns; derived columns optional).
        indicator: the indicator id (for the unit).
        countries: the order of the countries (the filters').
        statistics: draw the official statistics series too.

    Returns:
        Categories = every year from the first to the last charted one; per
        country a series of its claims, then one per statistics source;
        values in the displayed unit (e.g. US$ bn), None where there is no figure.
    """
    df = _prepared(df)
    if not statistics:
        df = df[df["_claim"]]
    claims, stats = charted_rows(df)
    shown = pd.concat([claims, stats])
    scale = view_scale(df, indicator)
    if shown.empty:
        return ChartTable((), (), scale.label, number_format(scale, []))
    years = shown["year"].astype(int)
    categories = tuple(range(int(years.min()), int(years.max()) + 1))
    order = _country_order(shown, countries)
    series: list[Series] = []
    for code in order:
        name = country_name(code)
        groups = [(name, False, claims[claims["country"] == code])]
        part = stats[stats["country"] == code]
        labels = official_labels(part)
        for sid, rows in part.groupby("source_id", sort=True, observed=True):
            groups.append((f"{name}, official: {labels[str(sid)]}", True, rows))
        for label, official, rows in groups:
            if rows.empty:
                continue
            by_year = {int(r.year): r for r in rows.itertuples(index=False)}
            values = [_tidy(scale.convert(float(by_year[y].value))) if y in by_year else None for y in categories]
            series.append(Series(
                name=label, country=code, official=official, colour=_colour(code, order),
                values=tuple(values),
                comparators=tuple(str(by_year[y].comparator) if y in by_year else "" for y in categories),
                ids=tuple(str(by_year[y].id) if y in by_year else None for y in categories),
            ))
    every = [v for s in series for v in s.values if v is not None]
    return ChartTable(categories, tuple(series), scale.label, number_format(scale, every))


def source_items(df: pd.DataFrame) -> list[str]:
    """One "Publisher, 2024-06-14" per publisher and date of the rows given, oldest first."""
    if df.empty:
        return []
    pairs = df[["publisher", "published"]].astype(str).drop_duplicates()
    pairs = pairs.sort_values(["published", "publisher"], kind="stable")
    return [f"{p or 'unknown publisher'}, {d}" if d else (p or "unknown publisher") for p, d in pairs.itertuples(index=False)]


def source_line(df: pd.DataFrame) -> str:
    """"Sources: Press Service of the President of the Republic of Uzbekistan, 2024-06-14; ..." ("" without rows)."""
    return _join_sources(source_items(df))


def _join_sources(items: list[str]) -> str:
    if not items:
        return ""
    return ("Source: " if len(items) == 1 else "Sources: ") + "; ".join(items)


def short_source_line(items: list[str], *, width: int, max_lines: int, more: str) -> list[str]:
    """The source line wrapped to ``width`` characters; past ``max_lines``, the rest is counted ("… and 4 more")."""
    lines = textwrap.wrap(_join_sources(items), width=width, break_long_words=True)
    if len(lines) <= max_lines:
        return lines
    for keep in range(len(items) - 1, 0, -1):
        text = _join_sources(items[:keep]) + f"; … and {len(items) - keep} more{more}"
        lines = textwrap.wrap(text, width=width, break_long_words=True)
        if len(lines) <= max_lines:
            return lines
    return textwrap.wrap(_join_sources(items[:1]), width=width)[:max_lines]


def subtitle_text(df: pd.DataFrame, filters: Filters, unit_label: str) -> str:
    """"US$ bn · Uzbekistan, Kazakhstan · partner: Republic of Korea · 2019–2023"."""
    countries = ", ".join(country_name(c) for c in filters.countries) or "no country"
    if len(df):
        lo, hi = int(df["year"].min()), int(df["year"].max())
    else:
        lo, hi = filters.years
    years = str(lo) if lo == hi else f"{lo}–{hi}"
    partner = f"partner: {country_name(filters.partner)}" if filters.partner else "all partners"
    return " · ".join(p for p in (unit_label, countries, partner, years) if p)


def bounds_legend(df: pd.DataFrame) -> tuple[str, ...]:
    """The legend lines for the bounds and approximations among the claims of ``df``."""
    present = set(df.loc[df["_claim"], "comparator"].astype(str)) if len(df) else set()
    return tuple(text for comps, text in BOUNDS_LEGEND.items() if present.intersection(comps))


def notes_text(df: pd.DataFrame, table: ChartTable, *, title: str, subtitle: str, today: date | None = None) -> str:
    """The speaker notes: every figure of the view with its full citation (quote, title, link).

    Text figures get one paragraph each; an official series gets one paragraph
    (its title, producer, link and the years it covers).
    """
    df = _prepared(df)
    today = today or date.today()
    charted = table.charted_ids
    lines = [f"{title} — {subtitle}",
             f"Values in the chart: {table.unit_label}. Figures and their sources "
             f"(kca-indicators, exported {today.isoformat()}):", ""]
    claims = df[df["_claim"]]
    for r in claims.to_dict("records"):
        where = "" if r["id"] in charted else (
            " [not charted: part of a year]" if r["_partial"] else " [not charted: another source for this year]")
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
            partial = int(rows["_partial"].sum())
            extra = f" ({partial} for part of a year, not charted)" if partial else ""
            lines.append(f"• {first['publisher']}, “{first['source_title']}”, {first['published']}"
                         + (f", {first['url']}" if first["url"] else ""))
            lines.append(f"  Series {sid}: {len(rows)} value(s){extra}, {span}, {names}")
    lines += ["", "Comparators: > more than, ≥ at least, < less than, ≤ up to, ~ about. "
              "A figure for part of a year is never drawn as an annual one."]
    return "\n".join(lines)


def slide_content(
    df: pd.DataFrame,
    filters: Filters,
    *,
    statistics: bool = True,
    title: str | None = None,
    today: date | None = None,
) -> SlideContent:
    """What the slide for a view says.

    Args:
        df: the view's rows (``filter_rows(bundle.rows, filters)``).
        filters: the view (indicator, countries, partner, years).
        statistics: include the official statistics series.
        title: a title instead of the indicator's label.
        today: the export date written in the notes.

    Returns:
        A :class:`SlideContent`; ``empty_message`` is set when there is nothing to chart.
    """
    df = _prepared(df)
    if not statistics:
        df = df[df["_claim"]]
    table = chart_table(df, indicator=filters.indicator, countries=filters.countries, statistics=statistics)
    title = title or indicator_label(filters.indicator)
    subtitle = subtitle_text(df, filters, table.unit_label)
    empty = "" if table.series else (
        "No figures for this selection." if df.empty else "Only figures for part of a year: see the notes.")
    return SlideContent(
        title=title, subtitle=subtitle, source_line=source_line(df), sources=tuple(source_items(df)), table=table,
        notes=notes_text(df, table, title=title, subtitle=subtitle, today=today),
        bounds_legend=bounds_legend(df), empty_message=empty,
    )


# ---------------------------------------------------------------- slide-styled plotly figure


def style_for_slide(
    spec: dict,
    *,
    title: str,
    subtitle: str,
    sources: list[str],
    width: int = WIDTH_PX,
    height: int = HEIGHT_PX,
) -> dict:
    """A figure spec restyled as a 16:9 slide: title and subtitle, large type, source line at the foot.

    Args:
        spec: a ``{"data", "layout"}`` dict from :mod:`dashboard.figures` (not changed).
        title: the slide title (plain text; escaped here).
        subtitle: the line under the title (plain text).
        sources: the items of the source line (plain text), wrapped to at most three lines.
        width, height: the size in pixels (1920×1080 by default).

    Returns:
        A new spec.
    """
    out = copy.deepcopy(spec)
    layout = out["layout"]
    k = width / WIDTH_PX
    e = html.escape
    src_lines = short_source_line(sources, width=int(190 * k), max_lines=3, more=" (see the data download)")
    top, bottom_axis, line_h = int(175 * k), int(100 * k), int(27 * k)
    bottom = bottom_axis + line_h * len(src_lines) + int(30 * k)
    plot_h = height - top - bottom
    layout.update(
        width=width, height=height,
        font={"family": FONT, "size": int(20 * k), "color": "#222"},
        title={"text": f"<b>{e(title)}</b>", "subtitle": {"text": e(subtitle), "font": {"size": int(26 * k), "color": "#555"}},
               "x": 0.025, "xref": "container", "xanchor": "left", "y": 1 - 40 * k / height, "yref": "container",
               "yanchor": "top", "font": {"size": int(42 * k), "family": FONT, "color": "#111"}},
        margin={"l": int(130 * k), "r": int(40 * k), "t": top, "b": bottom, "autoexpand": True},
        paper_bgcolor="#ffffff", plot_bgcolor="#ffffff",
    )
    if not (layout.get("meta") or {}).get("empty"):
        for axis in ("xaxis", "yaxis"):
            ax = layout.setdefault(axis, {})
            ax["tickfont"] = {"size": int(22 * k)}
            ax["title"] = {**(ax.get("title") or {}), "font": {"size": int(24 * k)}}
            ax.update(gridcolor="#dddddd", linecolor="#888888", showline=True, zeroline=False)
        layout["legend"] = {**(layout.get("legend") or {}), "font": {"size": int(19 * k)}, "x": 1.01, "y": 1,
                            "xanchor": "left", "itemsizing": "constant", "bgcolor": "rgba(255,255,255,0)"}
        for trace in out["data"]:
            marker = trace.get("marker")
            if isinstance(marker, dict) and isinstance(marker.get("size"), (int, float)):
                marker["size"] = marker["size"] * 1.5 * k
            line = trace.get("line")
            if isinstance(line, dict) and "width" in line:
                line["width"] = line["width"] * 1.5 * k
            if "text" in trace:
                trace["textfont"] = {**(trace.get("textfont") or {}), "size": int(18 * k)}
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
        if (layout.get("meta") or {}).get("empty"):
            notes[-1]["x"], notes[-1]["y"] = 0, 0
    layout["annotations"] = notes
    layout["meta"] = {**(layout.get("meta") or {}), "slide": True, "source_line": _join_sources(sources)}
    return out


def slide_spec(
    df: pd.DataFrame,
    filters: Filters,
    *,
    statistics: bool = True,
    title: str | None = None,
    width: int = WIDTH_PX,
    height: int = HEIGHT_PX,
) -> dict:
    """The over-time chart of a view, styled as a slide (see :func:`style_for_slide`)."""
    df = _prepared(df)
    if not statistics:
        df = df[df["_claim"]]
    spec = by_year_spec(df, indicator=filters.indicator, countries=filters.countries, palette=PALETTE,
                        height=height, empty_message="No figures for this selection.")
    labels = official_labels(df[~df["_claim"]]) if len(df) else {}
    for trace in spec["data"]:  # "Uzbekistan: kcs-trade-annual (official)" -> "Uzbekistan, official: Korea Customs Service"
        name = trace.get("name") or ""
        for sid, label in labels.items():
            if f": {sid} (official" in name:
                country, rest = name.split(f": {sid} (official", 1)
                trace["name"] = f"{country}, official: {label}" + (" (part of year)" if "part of year" in rest else "")
    scale = view_scale(df, filters.indicator)
    return style_for_slide(
        spec, title=title or indicator_label(filters.indicator),
        subtitle=subtitle_text(df, filters, scale.label), sources=source_items(df), width=width, height=height,
    )


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
    try:
        return kaleido.calc_fig_sync(_json_safe(spec), opts=opts)
    except ChromeNotFoundError as exc:
        raise ChromiumMissing(CHROMIUM_HELP) from exc
    except Exception as exc:  # noqa: BLE001 - kaleido/choreographer raise many kinds; one message at the edge
        raise SlideError(f"The image could not be drawn ({type(exc).__name__}: {exc}).") from exc


def _json_safe(obj):
    """Plain Python numbers and lists (numpy scalars and arrays from the builders become floats/lists)."""
    import json

    import plotly.utils

    return json.loads(json.dumps(obj, cls=plotly.utils.PlotlyJSONEncoder))


# ---------------------------------------------------------------- PowerPoint


def pptx_bytes(slides: list[SlideContent], *, deck_title: str | None = None, deck_subtitle: str | None = None) -> bytes:
    """A 16:9 deck: an optional title slide, then one slide per :class:`SlideContent`.

    Each slide holds its title and subtitle, a native PowerPoint line chart
    (editable: its data sit in the embedded workbook), the bounds legend, the
    source line as a footnote, and the full citations in the speaker notes.
    """
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(13.333), Inches(7.5)
    if deck_title:
        _title_slide(prs, deck_title, deck_subtitle or "")
    for content in slides:
        _chart_slide(prs, content)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def view_pptx(df: pd.DataFrame, filters: Filters, **options) -> bytes:
    """One view as a one-slide deck (options as for :func:`slide_content`)."""
    return pptx_bytes([slide_content(df, filters, **options)])


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text_box(slide, left, top, width, height, text: str, *, size: int, colour: str = "#222222", bold=False):
    from pptx.util import Pt

    box = slide.shapes.add_textbox(left, top, width, height)
    frame = box.text_frame
    frame.word_wrap = True
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold = Pt(size), bold
        run.font.color.rgb = _rgb(colour)
    return box


def _set_title(slide, text: str, left, top, width, height, size: int):
    from pptx.util import Pt

    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
    frame = shape.text_frame
    frame.text = text
    frame.word_wrap = True
    from pptx.enum.text import PP_ALIGN

    for para in frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size, run.font.bold = Pt(size), True
            run.font.color.rgb = _rgb("#111111")
    return shape


def _title_slide(prs, title: str, subtitle: str) -> None:
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    _set_title(slide, title, Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.4), 40)
    if subtitle:
        _text_box(slide, Inches(0.8), Inches(3.9), Inches(11.7), Inches(1.0), subtitle, size=22, colour="#555555")


def _chart_slide(prs, content: SlideContent) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE, XL_LEGEND_POSITION
    from pptx.util import Inches, Pt

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": the title is a real title placeholder
    _set_title(slide, content.title, Inches(0.5), Inches(0.25), Inches(12.3), Inches(0.75), 30)
    _text_box(slide, Inches(0.5), Inches(0.98), Inches(12.3), Inches(0.45), content.subtitle, size=16, colour="#555555")
    table = content.table
    if table.series:
        data = CategoryChartData(number_format=table.number_format)
        data.categories = list(table.categories)
        for s in table.series:
            data.add_series(str(neutralise(s.name)), list(s.values))
        frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, Inches(0.5), Inches(1.5), Inches(12.3), Inches(4.85), data)
        chart = frame.chart
        chart.font.size = Pt(14)
        chart.has_legend = True
        chart.legend.position = XL_LEGEND_POSITION.RIGHT
        chart.legend.include_in_layout = False
        chart.legend.font.size = Pt(12)
        _style_axes(chart, table)
        for plotted, s in zip(chart.plots[0].series, table.series):
            _style_series(plotted, s, table.number_format)
    else:
        _text_box(slide, Inches(0.5), Inches(3.2), Inches(12.3), Inches(1.0), content.empty_message, size=24, colour="#555555")
    foot = []
    if content.bounds_legend:
        examples = [bound_label(v, c, table.number_format) for s in table.series for v, c in zip(s.values, s.comparators)
                    if v is not None and c in BOUND_SIGNS]
        example = f"   (data labels give the bound, e.g. “{examples[0]}”)" if examples else ""
        foot.append("   ".join(content.bounds_legend) + example)
    src = short_source_line(list(content.sources), width=190, max_lines=3, more=" (all in the speaker notes)")
    foot.append(" ".join(src) + ("  Full citations in the speaker notes." if src else ""))
    _text_box(slide, Inches(0.5), Inches(6.4), Inches(12.3), Inches(1.0), "\n".join(foot), size=11, colour="#444444")
    slide.notes_slide.notes_text_frame.text = content.notes


def _style_axes(chart, table: ChartTable) -> None:
    from pptx.util import Pt

    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb("#DDDDDD")
    value_axis.tick_labels.number_format = table.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(14)
    value_axis.has_title = True
    value_axis.axis_title.text_frame.text = table.unit_label
    value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(14)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(14)
    category_axis.format.line.color.rgb = _rgb("#888888")


def _style_series(plotted, s: Series, fmt: str) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.enum.dml import MSO_LINE_DASH_STYLE
    from pptx.util import Pt

    plotted.smooth = False
    line = plotted.format.line
    line.color.rgb = _rgb(s.colour)
    line.width = Pt(1.5 if s.official else 2.75)
    if s.official:
        line.dash_style = MSO_LINE_DASH_STYLE.ROUND_DOT
    marker = plotted.marker
    marker.style = XL_MARKER_STYLE.SQUARE if s.official else XL_MARKER_STYLE.CIRCLE
    marker.size = 5 if s.official else 8
    marker.format.fill.solid()
    marker.format.fill.fore_color.rgb = _rgb(s.colour)
    marker.format.line.color.rgb = _rgb(s.colour)
    for j, (value, comparator) in enumerate(zip(s.values, s.comparators)):
        label = bound_label(value, comparator, fmt) if value is not None else ""
        if not label:
            continue
        point = plotted.points[j]
        point.marker.style = XL_MARKER_STYLE.DIAMOND if comparator == "about" else XL_MARKER_STYLE.TRIANGLE
        point.marker.size = 11
        point.marker.format.fill.background()  # open marker: a bound, not an exact figure
        point.marker.format.line.color.rgb = _rgb(s.colour)
        point.marker.format.line.width = Pt(2)
        label_frame = point.data_label
        label_frame.has_text_frame = True
        label_frame.text_frame.text = label
        label_frame.position = XL_LABEL_POSITION.ABOVE
        label_frame.font.size = Pt(12)
        label_frame.font.bold = True
        label_frame.font.color.rgb = _rgb(s.colour)


# ---------------------------------------------------------------- the browser's camera button and downloads


def file_stem(filters: Filters) -> str:
    """``kca-trade_turnover-UZB-KAZ-KOR-1992-2024``: the CSV download's name without its suffix."""
    return export_name(filters, "csv")[: -len(".csv")]


def graph_config(filters: Filters, *, suffix: str = "") -> dict:
    """dcc.Graph config: the camera button saves a 1920×1080 PNG (960×540 at scale 2) named after the view."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_stem(filters) + suffix,
                                 "width": WIDTH_PX // 2, "height": HEIGHT_PX // 2, "scale": 2},
    }


def download(df: pd.DataFrame, filters: Filters, fmt: str) -> tuple[bytes, str]:
    """The file for a view: ``pptx`` (one slide), ``png`` or ``svg``; returns (bytes, file name)."""
    fmt = (fmt or "").lower()
    if fmt == "pptx":
        return view_pptx(df, filters), export_name(filters, "pptx")
    if fmt in IMAGE_FORMATS:
        return image_bytes(slide_spec(df, filters), fmt), export_name(filters, fmt)
    raise SlideError(f"Unknown format “{fmt}”; use pptx, png or svg.")


__all__ = [
    "BOUND_SIGNS", "ChartTable", "ChromiumMissing", "OKABE_ITO", "PALETTE", "Series", "SlideContent", "SlideError",
    "bound_label", "chart_table", "chromium_path", "download", "file_stem", "graph_config", "image_bytes",
    "notes_text", "pptx_bytes", "slide_content", "slide_figure", "slide_spec", "source_line", "style_for_slide",
    "view_pptx",
]

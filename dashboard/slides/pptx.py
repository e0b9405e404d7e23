"""The slide as PowerPoint: a 16:9 deck with one native, editable line chart per view.

Each slide: title, subtitle, a compact legend (one entry per country) and key
(one entry per line style or mark) in a band under the subtitle, the chart
filling the rest of the slide, the source line as a footnote and the citations
in the speaker notes. The chart's own legend is off: with six countries and
their official series it would list 18 lines and squeeze the plot.
"""
from __future__ import annotations

import io
from dataclasses import dataclass

from ..downloads import neutralise
from .content import ChartTable, KeyEntry, Series, SlideContent
from .notes import short_source_line

SLIDE_W_IN, SLIDE_H_IN = 13.333, 7.5
MARGIN_IN = 0.35
LEGEND_TOP_IN, LEGEND_ROW_IN, LEGEND_PT = 1.0, 0.25, 12
ENTRY_PAD_IN = 0.75  # line sample (0.42), gap, and the space after an entry
FOOT_PT, FOOT_LINE_IN, FOOT_CHARS = 9, 0.16, 200  # the source line: at most two lines of 200 characters
NOTES_HINT = "  Full citations in the speaker notes."
KEY_GREY = "#555555"
FONT_NAME = "Arial"  # on every machine (LibreOffice draws it with the metric-compatible Liberation Sans)
DASHES = {"dot": "ROUND_DOT", "dash": "DASH", "dashdot": "DASH_DOT", "longdash": "LONG_DASH", "solid": "SOLID"}


@dataclass(frozen=True)
class LegendItem:
    """One entry of the legend band: a line sample and/or a mark, then its text."""

    text: str
    colour: str
    dash: str = "solid"  # "" = no line sample
    marker: str = ""  # a plotly symbol name, "" = none
    width_pt: float = 3.0


def legend_items(table: ChartTable) -> list[LegendItem]:
    """The countries (their colour), then the key (in grey): what the band under the subtitle shows."""
    items = [LegendItem(name, colour, "solid", "", 4.0) for _, name, colour in table.legend]
    for entry in table.key:
        items.append(_key_item(entry))
    return items


def _key_item(entry: KeyEntry) -> LegendItem:
    return LegendItem(entry.text, KEY_GREY, entry.dash, entry.marker, 3.0 if entry.kind == "claims" else 1.75)


def _text_width_in(text: str, pt: float, em: float = 0.48) -> float:
    """About how wide ``text`` is in Arial: 0.48 em a character in running text (use more for a box that must hold it)."""
    return em * pt / 72 * len(text)


def legend_layout(items: list[LegendItem], *, left: float, width: float) -> list[tuple[LegendItem, float, int]]:
    """(item, x in inches, row) for each item, flowing left to right and wrapping at ``width``."""
    out, x, row = [], left, 0
    for item in items:
        w = ENTRY_PAD_IN + _text_width_in(item.text, LEGEND_PT)
        if x > left and x + w > left + width:
            x, row = left, row + 1
        out.append((item, x, row))
        x += w
    return out


def pptx_bytes(slides: list[SlideContent], *, deck_title: str | None = None, deck_subtitle: str | None = None) -> bytes:
    """A 16:9 deck: an optional title slide, then one slide per :class:`SlideContent`.

    Each slide holds its title and subtitle, the legend band, a native PowerPoint
    line chart (editable: its data sit in the embedded workbook), the source line
    as a footnote, and the full citations in the speaker notes.
    """
    from pptx import Presentation
    from pptx.util import Inches

    prs = Presentation()
    prs.slide_width, prs.slide_height = Inches(SLIDE_W_IN), Inches(SLIDE_H_IN)
    if deck_title:
        _title_slide(prs, deck_title, deck_subtitle or "")
    for content in slides:
        _chart_slide(prs, content)
    buf = io.BytesIO()
    prs.save(buf)
    return buf.getvalue()


def _rgb(hex_colour: str):
    from pptx.dml.color import RGBColor

    return RGBColor.from_string(hex_colour.lstrip("#").upper())


def _text_box(shapes, left, top, width, height, text: str, *, size: float, colour: str = "#222222", bold=False,
              wrap=True, name: str = ""):
    from pptx.util import Pt

    box = shapes.add_textbox(left, top, width, height)
    if name:
        box.name = name
    frame = box.text_frame
    frame.word_wrap = wrap
    for i, line in enumerate(text.split("\n")):
        para = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
        run = para.add_run()
        run.text = line
        run.font.size, run.font.bold, run.font.name = Pt(size), bold, FONT_NAME
        run.font.color.rgb = _rgb(colour)
    return box


def _set_title(slide, text: str, left, top, width, height, size: int):
    from pptx.enum.text import PP_ALIGN
    from pptx.util import Pt

    shape = slide.shapes.title
    shape.left, shape.top, shape.width, shape.height = left, top, width, height
    frame = shape.text_frame
    frame.text = text
    frame.word_wrap = True
    for para in frame.paragraphs:
        para.alignment = PP_ALIGN.LEFT
        for run in para.runs:
            run.font.size, run.font.bold, run.font.name = Pt(size), True, FONT_NAME
            run.font.color.rgb = _rgb("#111111")
    return shape


def _title_slide(prs, title: str, subtitle: str) -> None:
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only"
    _set_title(slide, title, Inches(0.8), Inches(2.4), Inches(11.7), Inches(1.4), 40)
    if subtitle:
        _text_box(slide.shapes, Inches(0.8), Inches(3.9), Inches(11.7), Inches(1.0), subtitle, size=22, colour="#555555")


def _chart_slide(prs, content: SlideContent) -> None:
    from pptx.util import Inches

    slide = prs.slides.add_slide(prs.slide_layouts[5])  # "Title Only": the title is a real title placeholder
    width = SLIDE_W_IN - 2 * MARGIN_IN
    _set_title(slide, content.title, Inches(MARGIN_IN), Inches(0.14), Inches(width), Inches(0.54), 28)
    _text_box(slide.shapes, Inches(MARGIN_IN), Inches(0.64), Inches(width), Inches(0.34), content.subtitle,
              size=14, colour="#555555", name="Subtitle")
    table = content.table
    src = short_source_line(list(content.sources), width=FOOT_CHARS, max_lines=2, more=" (all in the speaker notes)")
    if src and "speaker notes" not in src[-1] and len(src[-1]) + len(NOTES_HINT) <= FOOT_CHARS:
        src[-1] += NOTES_HINT
    foot = "\n".join(src)
    foot_h = 0.1 + FOOT_LINE_IN * max(1, len(src))
    foot_top = SLIDE_H_IN - 0.08 - foot_h
    if table.series:
        placed = legend_layout(legend_items(table), left=MARGIN_IN, width=width)
        _legend_band(slide, placed)
        chart_top = LEGEND_TOP_IN + LEGEND_ROW_IN * (max(r for _, _, r in placed) + 1) + 0.03
        _chart(slide, table, Inches(MARGIN_IN), Inches(chart_top), Inches(width), Inches(foot_top - 0.03 - chart_top))
    else:
        _text_box(slide.shapes, Inches(MARGIN_IN), Inches(3.2), Inches(width), Inches(1.0), content.empty_message,
                  size=24, colour="#555555")
    _text_box(slide.shapes, Inches(MARGIN_IN), Inches(foot_top), Inches(width), Inches(foot_h), foot, size=FOOT_PT,
              colour="#444444", name="Sources")
    slide.notes_slide.notes_text_frame.text = content.notes


def _legend_band(slide, placed) -> None:
    """The legend and key as one group of shapes named "Legend": per entry a line sample, a mark, a text box."""
    from pptx.enum.shapes import MSO_CONNECTOR
    from pptx.enum.text import MSO_ANCHOR
    from pptx.util import Inches, Pt

    group = slide.shapes.add_group_shape()
    group.name = "Legend"
    for item, x, row in placed:
        mid = LEGEND_TOP_IN + LEGEND_ROW_IN * row + LEGEND_ROW_IN / 2
        if item.dash:
            line = group.shapes.add_connector(MSO_CONNECTOR.STRAIGHT, Inches(x), Inches(mid), Inches(x + 0.42), Inches(mid))
            line.line.color.rgb = _rgb(item.colour)
            line.line.width = Pt(item.width_pt)
            line.shadow.inherit = False
            _dash(line.line, item.dash)
        if item.marker:
            _mark(group.shapes, item.marker, item.colour, Inches(x + 0.21), Inches(mid), Inches(0.13))
        room = SLIDE_W_IN - 0.05 - (x + 0.5)  # a generous box, but never past the slide's edge
        _text_box(group.shapes, Inches(x + 0.5), Inches(mid - LEGEND_ROW_IN / 2),
                  Inches(min(_text_width_in(item.text, LEGEND_PT, em=0.6) + 0.2, room)),
                  Inches(LEGEND_ROW_IN), item.text, size=LEGEND_PT, colour="#222222", name=f"Legend: {item.text}")
    for shape in group.shapes:
        if shape.has_text_frame:
            frame = shape.text_frame
            frame.margin_top = frame.margin_bottom = frame.margin_left = frame.margin_right = 0
            frame.vertical_anchor = MSO_ANCHOR.MIDDLE


def _mark(shapes, symbol: str, colour: str, cx, cy, size) -> None:
    from pptx.enum.shapes import MSO_SHAPE
    from pptx.util import Pt

    kind = (MSO_SHAPE.OVAL if symbol.startswith("circle") else MSO_SHAPE.RECTANGLE if symbol.startswith("square")
            else MSO_SHAPE.DIAMOND if symbol.startswith("diamond") else MSO_SHAPE.ISOSCELES_TRIANGLE)
    shape = shapes.add_shape(kind, cx - size // 2, cy - size // 2, size, size)
    shape.name = f"Mark: {symbol}"
    if symbol.startswith("triangle-down"):
        shape.rotation = 180
    if "open" in symbol:
        shape.fill.background()
    else:
        shape.fill.solid()
        shape.fill.fore_color.rgb = _rgb(colour)
    shape.line.color.rgb = _rgb(colour)
    shape.line.width = Pt(1.5)
    shape.shadow.inherit = False


def _dash(line_format, dash: str) -> None:
    from pptx.enum.dml import MSO_LINE_DASH_STYLE

    if dash and dash != "solid":
        line_format.dash_style = getattr(MSO_LINE_DASH_STYLE, DASHES.get(dash, "ROUND_DOT"))


def _chart(slide, table: ChartTable, left, top, width, height) -> None:
    from pptx.chart.data import CategoryChartData
    from pptx.enum.chart import XL_CHART_TYPE
    from pptx.util import Pt

    data = CategoryChartData(number_format=table.number_format)
    data.categories = list(table.categories)
    for s in table.series:
        data.add_series(str(neutralise(s.name)), list(s.values))
    frame = slide.shapes.add_chart(XL_CHART_TYPE.LINE_MARKERS, left, top, width, height, data)
    frame.name = "Chart"
    chart = frame.chart
    chart.font.size, chart.font.name = Pt(12), FONT_NAME
    chart.has_legend = False  # the legend band above says it in one line per country
    _plot_area_layout(chart, x=0.025, y=0.02, w=0.975, h=0.98)  # room on the left for the axis title
    _style_axes(chart, table)
    for plotted, s in zip(chart.plots[0].series, table.series):
        _style_series(plotted, s)


def _plot_area_layout(chart, *, x: float, y: float, w: float, h: float) -> None:
    """Pin the plot area (axes and their labels included) to a share of the chart frame."""
    from lxml import etree
    from pptx.oxml.ns import qn

    plot_area = chart._chartSpace.chart.plotArea
    for old in plot_area.findall(qn("c:layout")):
        plot_area.remove(old)
    layout = etree.SubElement(plot_area, qn("c:layout"))
    plot_area.remove(layout)
    plot_area.insert(0, layout)
    manual = etree.SubElement(layout, qn("c:manualLayout"))
    for tag, val in (("layoutTarget", "outer"), ("xMode", "edge"), ("yMode", "edge"),
                     ("x", x), ("y", y), ("w", w), ("h", h)):
        etree.SubElement(manual, qn(f"c:{tag}")).set("val", str(val))


def plot_area_share(chart_frame, slide_width, slide_height) -> float:
    """The share of the slide the chart's plot area covers (from its manual layout; the whole frame without one)."""
    from pptx.oxml.ns import qn

    manual = chart_frame.chart._chartSpace.chart.plotArea.find(f"{qn('c:layout')}/{qn('c:manualLayout')}")
    w = float(manual.find(qn("c:w")).get("val")) if manual is not None else 1.0
    h = float(manual.find(qn("c:h")).get("val")) if manual is not None else 1.0
    return chart_frame.width * w * chart_frame.height * h / (slide_width * slide_height)


def _style_axes(chart, table: ChartTable) -> None:
    from pptx.util import Pt

    value_axis = chart.value_axis
    value_axis.has_major_gridlines = True
    value_axis.major_gridlines.format.line.color.rgb = _rgb("#DDDDDD")
    value_axis.tick_labels.number_format = table.number_format
    value_axis.tick_labels.number_format_is_linked = False
    value_axis.tick_labels.font.size = Pt(12)
    value_axis.has_title = True
    value_axis.axis_title.text_frame.text = table.unit_label
    value_axis.axis_title.text_frame.paragraphs[0].runs[0].font.size = Pt(12)
    category_axis = chart.category_axis
    category_axis.tick_labels.font.size = Pt(12)
    category_axis.format.line.color.rgb = _rgb("#888888")


def _style_series(plotted, s: Series) -> None:
    from pptx.enum.chart import XL_LABEL_POSITION, XL_MARKER_STYLE
    from pptx.util import Pt

    plotted.smooth = False
    line = plotted.format.line
    if s.partial:
        line.fill.background()  # points apart: never joined to a line
    else:
        line.color.rgb = _rgb(s.colour)
        line.width = Pt(1.5 if s.official else 2.75)
        _dash(line, s.dash)
    marker = plotted.marker
    marker.style = XL_MARKER_STYLE.SQUARE if s.official else XL_MARKER_STYLE.CIRCLE
    marker.size = 5 if s.official and not s.partial else 9 if s.partial else 8
    if s.partial:
        marker.format.fill.background()  # an open mark: a figure for part of a year
        marker.format.line.width = Pt(2)
    else:
        marker.format.fill.solid()
        marker.format.fill.fore_color.rgb = _rgb(s.colour)
    marker.format.line.color.rgb = _rgb(s.colour)
    for j, (value, comparator, label) in enumerate(zip(s.values, s.comparators, s.labels)):
        if value is None:
            continue
        point = plotted.points[j]
        if comparator not in ("", "equal"):
            point.marker.style = XL_MARKER_STYLE.DIAMOND if comparator == "about" else XL_MARKER_STYLE.TRIANGLE
            point.marker.size = 11
            point.marker.format.fill.background()  # open marker: a bound, not an exact figure
            point.marker.format.line.color.rgb = _rgb(s.colour)
            point.marker.format.line.width = Pt(2)
        if not label:
            continue
        label_frame = point.data_label
        label_frame.has_text_frame = True
        label_frame.text_frame.text = label
        label_frame.position = XL_LABEL_POSITION.BELOW if s.official else XL_LABEL_POSITION.ABOVE
        label_frame.font.size, label_frame.font.name = Pt(11), FONT_NAME
        label_frame.font.bold = not s.official
        label_frame.font.color.rgb = _rgb(s.colour)

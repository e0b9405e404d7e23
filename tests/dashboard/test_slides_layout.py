"""The all-countries slide and image: a small legend and key, a plot that fills the slide, nothing cut off.

Issue #11, item 5: "an 18-series legend takes three quarters of the PPTX; the PNG/SVG cut off the legend key
(the 'more than' mark, the Central Asia line). Partial-year rows of the view are missing from the slide's chart."
"""
from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest
from pptx import Presentation
from pptx.enum.dml import MSO_FILL

from dashboard import slides
from dashboard.data import COUNTRIES, Filters, filter_rows, load_bundle
from etl.schema import COLUMNS

NAMES = {"KAZ": "Kazakhstan", "KGZ": "Kyrgyzstan", "TJK": "Tajikistan", "TKM": "Turkmenistan", "UZB": "Uzbekistan",
         "CAS": "Central Asia"}
ALL = Filters("trade_turnover", COUNTRIES, "KOR", (2010, 2025))
KEY_ALL = ["claims in the press", "official: Korea Customs Service (Korea-reported)",
           "official: IMF Direction of Trade Statistics (partner-reported)", "part of a year (e.g. Jan–Jun 2023)",
           "more than / at least (a lower bound)", "about (approximate)"]


def _row(**kw):
    base = {c: "" for c in COLUMNS} | {"indicator": "trade_turnover", "partner": "KOR", "unit": "USD",
                                       "comparator": "equal", "method": "text", "published": "2024-06-01"}
    return base | {"period": str(kw["year"])} | kw


def every_country_frame() -> pd.DataFrame:
    """Six countries, each with claims, two official series (Korea- and partner-reported) and part-year figures."""
    rows = []
    for i, code in enumerate(COUNTRIES):
        base = (i + 1) * 1e9
        for year in range(2019, 2024):
            comparator = "more_than" if (code, year) == ("CAS", 2023) else "about" if (code, year) == ("UZB", 2022) else "equal"
            rows.append(_row(id=f"{code}-c{year}", country=code, year=year, value=base * (1 + 0.1 * (year - 2019)),
                             comparator=comparator, source_id=f"news-{code}", publisher=f"Press of {code}",
                             quote=f"Trade of {code} in {year}.", source_title="Trade"))
        for year in range(2010, 2025):
            rows.append(_row(id=f"{code}-k{year}", country=code, year=year, value=base * 1.05, method="statistics",
                             source_id="kcs-annual-korea-reported", publisher="Korea Customs Service",
                             source_title="Korea-reported trade"))
        for year in range(2010, 2021):
            rows.append(_row(id=f"{code}-p{year}", country=code, year=year, value=base * 0.9, method="statistics",
                             source_id="imf-dots-partner-reported", publisher="IMF Direction of Trade Statistics",
                             source_title="Partner-reported trade"))
        rows.append(_row(id=f"{code}-m2025", country=code, year=2025, period="2025-01/2025-05", value=base * 0.4,
                         method="statistics", source_id="kcs-monthly-korea-reported", publisher="Korea Customs Service",
                         source_title="Monthly trade"))
    rows.append(_row(id="KAZ-h2023", country="KAZ", year=2023, period="2023-01/2023-06", value=3.5e9,
                     source_id="news-half", publisher="The Korea Herald", quote="In the first half of 2023 trade "
                     "reached $3.5 billion.", source_title="Half year", published="2023-09-04"))
    return pd.DataFrame(rows)


EVERY = every_country_frame()


def open_pptx(data: bytes):
    return Presentation(io.BytesIO(data))


def shape(slide, name):
    return next(s for s in slide.shapes if s.name == name)


def legend_texts(slide) -> list[str]:
    return [s.text_frame.text for s in shape(slide, "Legend").shapes if s.name.startswith("Legend: ")]


def shipped_rows():
    """The shipped data/indicators.csv, as the reviewer exported it (#11)."""
    return filter_rows(load_bundle().rows, Filters("trade_turnover", COUNTRIES, "KOR", (1992, 2025)))


# ---------------------------------------------------------------- the PPTX (python-pptx object model)


def test_all_countries_legend_names_each_country_once_then_the_key():
    slide = open_pptx(slides.view_pptx(EVERY, ALL)).slides[0]
    chart = shape(slide, "Chart").chart
    assert len(chart.plots[0].series) == 6 * 4 + 1  # every line is in the (editable) chart ...
    assert not chart.has_legend  # ... but PowerPoint's own legend, one line per series, is off
    assert legend_texts(slide) == [NAMES[c] for c in COUNTRIES] + KEY_ALL  # 12 entries, not 25


@pytest.mark.parametrize("frame, statistics, min_share", [
    ("every", "all", 0.60),  # six countries, claims and both official series
    ("every", "context", 0.60),  # official series as context: the Korea-reported one per country
    ("shipped", "all", 0.60),  # the reviewer's slide: 06-pptx-default-1.png
    ("shipped", "context", 0.60),
])
def test_the_plot_area_keeps_most_of_the_slide(frame, statistics, min_share):
    rows = EVERY if frame == "every" else shipped_rows()
    deck = open_pptx(slides.view_pptx(rows, ALL, statistics=statistics))
    slide = deck.slides[0]
    frame_shape = shape(slide, "Chart")
    assert slides.plot_area_share(frame_shape, deck.slide_width, deck.slide_height) >= min_share
    legend, foot = shape(slide, "Legend"), shape(slide, "Sources")
    # title, subtitle, legend band, chart and source line are stacked without overlap, all on the slide
    assert shape(slide, "Subtitle").top + shape(slide, "Subtitle").height <= legend.top
    assert legend.top + legend.height <= frame_shape.top
    assert frame_shape.top + frame_shape.height <= foot.top
    assert foot.top + foot.height <= deck.slide_height
    for s in [*slide.shapes, *legend.shapes]:
        assert s.left >= 0 and s.left + s.width <= deck.slide_width, s.name
    assert len(legend_texts(slide)) <= 12


def test_context_keeps_one_korea_reported_series_per_country():
    table = slides.chart_table(EVERY, indicator="trade_turnover", countries=COUNTRIES, statistics="context")
    official = [s for s in table.series if s.official and not s.partial]
    assert [s.country for s in official] == list(COUNTRIES)
    assert {s.name.split(": ", 1)[1] for s in official} == {"Korea Customs Service (Korea-reported)"}
    assert [e.text for e in table.key if e.kind == "official"] == ["official: Korea Customs Service (Korea-reported)"]


def test_part_year_figures_are_points_apart_labelled_with_their_period():
    slide = open_pptx(slides.view_pptx(EVERY, ALL)).slides[0]
    plot = shape(slide, "Chart").chart.plots[0]
    years = [int(c) for c in plot.categories]
    assert years == list(range(2010, 2026))
    half = next(s for s in plot.series if s.name == "Kazakhstan, part of a year")
    assert {years[i]: v for i, v in enumerate(half.values) if v is not None} == {2023: 3.5}
    assert half.format.line.fill.type == MSO_FILL.BACKGROUND  # never joined to a line
    assert half.points[years.index(2023)].data_label.text_frame.text == "Jan–Jun 2023"
    monthly = [s for s in plot.series if s.name.endswith("official, part of a year: Korea Customs Service (Korea-reported)")]
    assert len(monthly) == 6
    labels = [s.points[years.index(2025)].data_label for s in monthly]
    # six countries' "Jan–May 2025" share one label, by the highest point (Central Asia)
    assert [d.text_frame.text for d in labels if d.has_text_frame] == ["Jan–May 2025"]
    assert monthly[-1].name.startswith("Central Asia")
    whole = next(s for s in plot.series if s.name == "Kazakhstan")
    assert whole.values[years.index(2023)] == pytest.approx(1.4)  # the annual line keeps the annual figure


def test_bound_labels_read_with_signs():
    table = slides.chart_table(EVERY, indicator="trade_turnover", countries=COUNTRIES)
    labels = {(s.country, table.categories[j]): t for s in table.series if not s.official
              for j, t in enumerate(s.labels) if t}
    assert labels == {("CAS", 2023): "> 8.40", ("UZB", 2022): "~ 6.50", ("KAZ", 2023): "Jan–Jun 2023"}


# ---------------------------------------------------------------- images (kaleido, Chromium)


@pytest.fixture(scope="module")
def kaleido_server():
    try:
        slides.chromium_path()
    except slides.ChromiumMissing as exc:
        pytest.fail(str(exc))
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    yield
    kaleido.stop_sync_server(silence_warnings=True)


SVG = "{http://www.w3.org/2000/svg}"


def _translate(element) -> tuple[float, float]:
    x, y = re.search(r"translate\(([-\d.e]+),\s*([-\d.e]+)\)", element.get("transform")).groups()
    return float(x), float(y)


def legend_boxes(svg: str) -> list[tuple[float, float, float, float]]:
    """(x, y, width, height) of each legend of a plotly SVG, and a check that none scrolls or clips."""
    root = ET.fromstring(svg)
    boxes = []
    for g in root.iter(f"{SVG}g"):
        if re.fullmatch(r"legend\d*", g.get("class") or ""):
            x, y = _translate(g)
            bg = next(r for r in g.iter(f"{SVG}rect") if r.get("class") == "bg")
            bars = [r for r in g.iter(f"{SVG}rect") if r.get("class") == "scrollbar"]
            assert all(float(r.get("height") or 0) == 0 for r in bars)  # no scrollbar: every entry is shown
            boxes.append((x, y, float(bg.get("width")), float(bg.get("height"))))
    return boxes


def plot_box(svg: str) -> tuple[float, float, float, float]:
    root = ET.fromstring(svg)
    clip = next(c for c in root.iter(f"{SVG}clipPath") if c.get("class") == "axesclip" and c.get("id").endswith("xy"))
    r = clip.find(f"{SVG}rect")
    return tuple(float(r.get(k)) for k in ("x", "y", "width", "height"))


@pytest.mark.parametrize("frame, statistics", [("every", "all"), ("shipped", "all"), ("shipped", "context")])
def test_svg_shows_every_legend_entry_and_the_bounds_key_uncut(kaleido_server, frame, statistics):
    rows = EVERY if frame == "every" else shipped_rows()
    table = slides.chart_table(rows, indicator="trade_turnover", countries=COUNTRIES, statistics=statistics)
    svg = slides.image_bytes(slides.slide_spec(rows, ALL, statistics=statistics), "svg").decode("utf-8")
    texts = [t.text for t in ET.fromstring(svg).iter(f"{SVG}text") if re.fullmatch(r"legend\d*text", t.get("class") or "")]
    assert texts == [NAMES[c] for c in COUNTRIES] + [e.text for e in table.key]
    assert "Central Asia" in texts and "more than / at least (a lower bound)" in texts
    px, py, pw, ph = plot_box(svg)
    boxes = legend_boxes(svg)
    assert len(boxes) == 3  # countries; line styles; marks
    for x, y, w, h in boxes:
        assert 0 <= x and x + w <= 1920  # inside the canvas ...
        assert 0 <= y and y + h <= py + 1  # ... and above the plot, not over it
    assert [y for _, y, _, _ in boxes] == sorted(y for _, y, _, _ in boxes)


def test_png_is_1920x1080_with_the_legend_drawn_above_the_plot(kaleido_server):
    from PIL import Image

    spec = slides.slide_spec(EVERY, ALL)
    svg = slides.image_bytes(spec, "svg").decode("utf-8")
    image = Image.open(io.BytesIO(slides.image_bytes(spec, "png"))).convert("L")
    assert image.size == (1920, 1080)
    for x, y, w, h in legend_boxes(svg):  # each legend row has ink (line samples, marks, text) in the PNG
        band = image.crop((int(x), int(y), int(x + w), int(y + h)))
        assert band.getextrema()[0] < 100
    # the right edge of the widest legend, and the strip right of it, are inside the canvas: nothing runs off
    right = max(x + w for x, _, w, _ in legend_boxes(svg))
    assert right < 1920 - 20

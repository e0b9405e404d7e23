"""Briefing slides in headless Chromium against gunicorn: one click from a filtered view to an editable slide.

Issue: "Briefing slides: figures that drop straight into a deck"; #11: the all-countries slide and image keep
their legend and key, and a plot that fills the slide.
"""
from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest
from pagejs import CHART_IDS  # noqa: E402
from pptx import Presentation

from dashboard import slides
from dashboard.data import Filters, filter_rows, load_bundle

pytestmark = pytest.mark.browser

CAMERA = """() => {
  const gd = document.querySelector('#by-year-chart .js-plotly-plot');
  return gd && gd._context ? gd._context.toImageButtonOptions : null;
}"""


def rows_of(data_path, filters):
    return filter_rows(load_bundle(str(data_path)).rows, filters)


def wait_chart(page, rows):
    page.wait_for_function(f"([gid, want]) => JSON.stringify(({CHART_IDS})(gid)) === JSON.stringify(want)",
                           arg=["by-year-chart", sorted(rows["id"])])


def test_download_slide_pptx_holds_the_view_with_its_sources(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB,KAZ&years=2019-2023&official=all")
    filters = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023))
    rows = rows_of(data_path, filters)
    wait_chart(page, rows)

    with page.expect_download() as info:
        page.get_by_role("button", name="Download slide (PPTX)").click()
    download = info.value
    assert download.suggested_filename == "kca-trade_turnover-UZB-KAZ-KOR-2019-2023.pptx"
    deck = Presentation(download.path())
    slide = deck.slides[0]
    assert slide.shapes.title.text == "Trade turnover"
    plot = next(s for s in slide.shapes if s.has_chart).chart.plots[0]
    want = slides.chart_table(rows, indicator=filters.indicator, countries=filters.countries)
    assert list(plot.categories) == [str(y) for y in want.categories]
    assert [(s.name, list(s.values)) for s in plot.series] == [(s.name, list(s.values)) for s in want.series]
    notes = slide.notes_slide.notes_text_frame.text
    for quote in rows.loc[rows["_claim"], "quote"]:
        assert quote in notes
    assert "Sources: " in "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)

    # the camera button saves 1920×1080, named after the view, and follows the filters
    assert page.evaluate(CAMERA) == {"format": "png", "filename": "kca-trade_turnover-UZB-KAZ-KOR-2019-2023",
                                     "width": 960, "height": 540, "scale": 2}
    page.uncheck("#countries input[value=KAZ]")
    page.wait_for_function(f"() => (({CAMERA})() || {{}}).filename === 'kca-trade_turnover-UZB-KOR-2019-2023'")
    assert page.probe.errors == []


def test_download_image_as_svg_is_drawn_on_the_server(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB&years=2019-2023&official=all")
    wait_chart(page, rows_of(data_path, Filters("trade_turnover", ("UZB",), "KOR", (2019, 2023))))
    page.get_by_label("SVG").check()
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name="Download image").click()
    assert info.value.suggested_filename == "kca-trade_turnover-UZB-KOR-2019-2023.svg"
    svg = open(info.value.path(), encoding="utf-8").read()
    assert "Trade turnover" in svg and "Sources: " in svg
    assert page.inner_text("#slide-message") == ""


EVERY_URL = "/?indicator=trade_turnover&countries=KAZ,KGZ,TJK,TKM,UZB,CAS&years=2019-2023&official=all"
EVERY = Filters("trade_turnover", ("KAZ", "KGZ", "TJK", "TKM", "UZB", "CAS"), "KOR", (2019, 2023))


def test_all_countries_slide_keeps_its_legend_small_and_its_plot_large(page, server, data_path):
    page.goto(server + EVERY_URL)
    rows = rows_of(data_path, EVERY)
    wait_chart(page, rows)
    with page.expect_download() as info:
        page.get_by_role("button", name="Download slide (PPTX)").click()
    deck = Presentation(info.value.path())
    slide = deck.slides[0]
    chart_frame = next(s for s in slide.shapes if s.has_chart)
    assert not chart_frame.chart.has_legend
    assert slides.plot_area_share(chart_frame, deck.slide_width, deck.slide_height) >= 0.6
    legend = next(s for s in slide.shapes if s.name == "Legend")
    entries = [s.text_frame.text for s in legend.shapes if s.name.startswith("Legend: ")]
    want = slides.chart_table(rows, indicator=EVERY.indicator, countries=EVERY.countries)
    assert entries == [name for _, name, _ in want.legend] + [e.text for e in want.key]
    assert {"Uzbekistan", "Kazakhstan", "Central Asia", "more than / at least (a lower bound)"} <= set(entries)
    # the half year is on the chart, apart from the line, labelled with its months
    plot = chart_frame.chart.plots[0]
    half = next(s for s in plot.series if s.name == "Uzbekistan, part of a year")
    years = [int(c) for c in plot.categories]
    assert half.points[years.index(2023)].data_label.text_frame.text == "Jan–Jun 2023"


def test_all_countries_image_has_every_legend_entry(page, server, data_path):
    page.goto(server + EVERY_URL)
    rows = rows_of(data_path, EVERY)
    wait_chart(page, rows)
    page.get_by_label("SVG").check()
    with page.expect_download(timeout=60000) as info:
        page.get_by_role("button", name="Download image").click()
    root = ET.parse(info.value.path()).getroot()
    texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text")
             if re.fullmatch(r"legend\d*text", t.get("class") or "")]
    want = slides.chart_table(rows, indicator=EVERY.indicator, countries=EVERY.countries)
    assert texts == [name for _, name, _ in want.legend] + [e.text for e in want.key]
    assert "Central Asia" in texts and "more than / at least (a lower bound)" in texts
    assert page.inner_text("#slide-message") == ""

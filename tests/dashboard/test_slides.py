"""Briefing slides: the PPTX chart holds the view's numbers, the notes its citations; images look like slides.

Issue: "Briefing slides: figures that drop straight into a deck" (#6); the all-countries slide, part-year
figures on the chart, "About this data" in the notes (#11). The legend and plot area: test_slides_layout.py.
"""
from __future__ import annotations

import io
import re
import zipfile

import pandas as pd
import pytest
from pptx import Presentation
from pptx.util import Inches

from dashboard import slides
from dashboard.data import Filters, filter_rows, prepare_rows
from etl.schema import COLUMNS

VIEW = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023))


def _row(**kw):
    base = {c: "" for c in COLUMNS} | {"indicator": "trade_turnover", "partner": "KOR", "unit": "USD", "comparator": "equal",
                                       "method": "text", "published": "2024-01-01", "publisher": "Kun.uz"}
    return base | {"period": str(kw["year"])} | kw


TINY = pd.DataFrame([
    _row(id="a", country="UZB", year=2021, value=2.5e9, comparator="more_than", source_id="s1", publisher="Daryo",
         published="2022-02-01", quote="Last year trade exceeded $2.5 billion.", source_title="Trade grows",
         url="https://example.org/a"),
    _row(id="b", country="UZB", year=2023, value=6.5e9, comparator="about", source_id="s2",
         publisher="President of Uzbekistan", published="2024-06-14", quote="Trade reached about $6.5 billion.",
         source_title="Negotiations"),
    _row(id="c", country="UZB", year=2023, value=6.2e9, source_id="s3", publisher="Kun.uz", published="2024-01-15",
         quote="Trade in 2023 totalled $6.2 billion.", source_title="Top partner"),
    _row(id="h", country="UZB", year=2023, period="2023-01/2023-06", value=3.1e9, source_id="s4", publisher="ISRS",
         published="2023-07-20", quote="In January-June 2023 trade reached $3.1 billion.", source_title="Half year"),
    _row(id="x", country="UZB", year=2022, value=5.0e9, method="statistics", source_id="evil-series",
         publisher="=cmd|' /C calc'!A0", published="2025-01-31", source_title="Hostile series"),
])


def open_pptx(data: bytes):
    return Presentation(io.BytesIO(data))


def chart_of(slide):
    charts = [s for s in slide.shapes if s.has_chart]
    assert len(charts) == 1
    return charts[0].chart


def texts_of(slide) -> str:
    return "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


@pytest.fixture(scope="module")
def rows(bundle):
    return filter_rows(bundle.rows, VIEW)


@pytest.fixture(scope="module")
def deck(rows):
    return open_pptx(slides.view_pptx(rows, VIEW))


# ---------------------------------------------------------------- the PPTX


def expected_series(rows: pd.DataFrame) -> dict[str, dict[int, float]]:
    """What the chart should hold, worked out from the rows directly: US$ bn by year per line."""
    out: dict[str, dict[int, float]] = {}
    names = {"UZB": "Uzbekistan", "KAZ": "Kazakhstan"}
    for r in rows.to_dict("records"):
        if r["_claim"] and r["_main"]:
            out.setdefault(names[r["country"]], {})[int(r["year"])] = r["value"] / 1e9
        elif not r["_claim"] and not r["_partial"]:
            who = " (partner-reported)" if "partner-reported" in r["source_id"] else \
                " (Korea-reported)" if "korea-reported" in r["source_id"] else ""
            out.setdefault(f"{names[r['country']]}, official: {r['publisher']}{who}", {})[int(r["year"])] = r["value"] / 1e9
        elif r["_claim"] and r["_partial"]:  # part of a year: points of their own (#11)
            out.setdefault(f"{names[r['country']]}, part of a year", {})[int(r["year"])] = r["value"] / 1e9
    return out


def test_the_deck_is_16_9_with_one_slide(deck):
    assert (deck.slide_width, deck.slide_height) == (Inches(13.333), Inches(7.5))
    assert len(deck.slides) == 1


def test_chart_categories_and_values_equal_the_filtered_data(deck, rows):
    plot = chart_of(deck.slides[0]).plots[0]
    want = expected_series(rows)
    years = sorted({y for s in want.values() for y in s})
    assert list(plot.categories) == [str(y) for y in range(years[0], years[-1] + 1)]
    got = {s.name: list(s.values) for s in plot.series}
    assert set(got) == set(want)
    for name, values in got.items():
        by_year = dict(zip(range(years[0], years[-1] + 1), values))
        assert {y: v for y, v in by_year.items() if v is not None} == pytest.approx(want[name]), name
    # the series come in the filters' country order, claims before official series
    assert [s.name for s in plot.series][0] == "Uzbekistan"


def test_the_chart_is_editable_its_numbers_sit_in_the_embedded_workbook(deck):
    chart = chart_of(deck.slides[0])
    blob = chart.part.chart_workbook.xlsx_part.blob
    assert zipfile.ZipFile(io.BytesIO(blob)).namelist()  # an xlsx PowerPoint opens with "Edit data"


def test_a_bound_shows_in_its_data_label(deck, rows):
    plot = chart_of(deck.slides[0]).plots[0]
    uzb = next(s for s in plot.series if s.name == "Uzbekistan")
    years = [int(c) for c in plot.categories]
    labels = {years[i]: uzb.points[i].data_label.text_frame.text
              for i in range(len(years)) if uzb.points[i].data_label.has_text_frame}
    # sample data: "Last year trade exceeded $2.5 billion." (UZB 2021) and "about $6.5 billion" (2023, latest source)
    assert labels == {2021: "> 2.50", 2023: "~ 6.50"}


def test_title_subtitle_and_source_footnote(deck, rows):
    slide = deck.slides[0]
    assert slide.shapes.title.text == "Trade turnover"
    text = texts_of(slide)
    assert "US$ bn · Uzbekistan, Kazakhstan · partner: Republic of Korea · 2019–2023" in text
    assert "Sources: " in text and "President of Uzbekistan, 2024-06-14" in text
    for publisher in set(rows["publisher"]):
        assert publisher in text


def test_the_notes_carry_every_quote_title_and_link(deck, rows):
    notes = deck.slides[0].notes_slide.notes_text_frame.text
    claims = rows[rows["_claim"]]
    assert len(claims) > 3
    for r in claims.to_dict("records"):
        assert r["quote"] in notes and r["source_title"] in notes and r["id"] in notes
        if r["url"]:
            assert r["url"] in notes
    for sid in set(rows.loc[~rows["_claim"], "source_id"]):
        assert f"Series {sid}" in notes
    # Jan–Jun 2023 is cited and drawn apart, never as an annual figure (#11)
    assert "Uzbekistan, Jan–Jun 2023: US$ 3.1 bn [part of a year: drawn apart, not joined to the line]" in notes


def test_series_names_cannot_become_formulas_in_the_workbook():
    data = slides.view_pptx(TINY, Filters("trade_turnover", ("UZB",), "KOR", (2019, 2023)))
    plot = chart_of(open_pptx(data).slides[0]).plots[0]
    assert "Uzbekistan, official: =cmd|' /C calc'!A0" in [s.name for s in plot.series]  # text, as published
    blob = chart_of(open_pptx(data).slides[0]).part.chart_workbook.xlsx_part.blob
    sheets = zipfile.ZipFile(io.BytesIO(blob))
    assert not any(b"<f>" in sheets.read(n) for n in sheets.namelist() if n.startswith("xl/worksheets/"))


def test_statistics_can_be_left_out(rows):
    content = slides.slide_content(rows, VIEW, statistics=False)
    assert [s.name for s in content.table.series] == ["Uzbekistan", "Uzbekistan, part of a year", "Kazakhstan"]
    assert "Series kcs-trade-annual" not in content.notes


def test_an_empty_view_gives_a_slide_that_says_so(bundle):
    empty = Filters("edcf_loan", ("TKM",), "KOR", (2019, 2023))
    deck = open_pptx(slides.view_pptx(filter_rows(bundle.rows, empty), empty))
    slide = deck.slides[0]
    assert not any(s.has_chart for s in slide.shapes)
    assert "No figures for this selection." in texts_of(slide)


def test_a_deck_has_a_title_slide_and_one_slide_per_view(rows):
    other = Filters("trade_turnover", ("UZB",), "KOR", (2021, 2023))
    data = slides.pptx_bytes([slides.slide_content(rows, VIEW), slides.slide_content(TINY, other, title="Custom")],
                             deck_title="Briefing pack", deck_subtitle="November")
    deck = open_pptx(data)
    assert [s.shapes.title.text for s in deck.slides] == ["Briefing pack", "Trade turnover", "Custom"]


# ---------------------------------------------------------------- pieces (pure)


def test_chart_table_of_a_tiny_frame():
    table = slides.chart_table(TINY, indicator="trade_turnover", countries=("UZB",))
    assert table.categories == (2021, 2022, 2023)
    claims, official, half = table.series
    # 2023: the most recently published whole-year claim carries the line; the half year is a point apart (#11)
    assert claims.values == (2.5, None, 6.5) and claims.comparators == ("more_than", "", "about")
    assert claims.labels == ("> 2.50", "", "~ 6.50")
    assert official.values == (None, 5.0, None) and official.official and official.dash == "dot"
    assert (half.name, half.values, half.labels) == ("Uzbekistan, part of a year", (None, None, 3.1), ("", "", "Jan–Jun 2023"))
    assert half.partial and not half.official
    assert [e.text for e in table.key] == ["claims in the press", "official: =cmd|' /C calc'!A0",
                                           "part of a year (e.g. Jan–Jun 2023)", "more than / at least (a lower bound)",
                                           "about (approximate)"]
    assert table.unit_label == "US$ bn" and table.number_format == "0.00"
    assert claims.colour == slides.PALETTE["UZB"]


@pytest.mark.parametrize("value, comparator, fmt, label", [
    (10.0, "more_than", "0.0", "> 10.0"),
    (2.5, "at_least", "0.00", "≥ 2.50"),
    (1.3, "about", "0.0", "~ 1.3"),
    (1200.0, "less_than", "#,##0", "< 1,200"),
    (3.0, "at_most", "0.0", "≤ 3.0"),
    (3.0, "equal", "0.0", ""),
])
def test_bound_label(value, comparator, fmt, label):
    assert slides.bound_label(value, comparator, fmt) == label


def test_source_line_names_each_publisher_and_date_once_oldest_first():
    line = slides.source_line(prepare_rows(TINY))
    assert line == ("Sources: Daryo, 2022-02-01; ISRS, 2023-07-20; Kun.uz, 2024-01-15; "
                    "President of Uzbekistan, 2024-06-14; =cmd|' /C calc'!A0, 2025-01-31")
    assert slides.source_line(prepare_rows(TINY.iloc[:1])) == "Source: Daryo, 2022-02-01"


def test_a_long_source_line_is_cut_with_a_count():
    items = [f"Publisher number {i}, 2024-01-{i:02d}" for i in range(1, 30)]
    lines = slides.short_source_line(items, width=100, max_lines=2, more=" in the notes")
    assert len(lines) == 2 and re.search(r"… and \d+ more in the notes$", lines[-1])


def test_slide_spec_has_title_subtitle_source_line_and_palette(rows):
    spec = slides.slide_spec(rows, VIEW)
    layout = spec["layout"]
    assert (layout["width"], layout["height"]) == (1920, 1080)
    assert layout["title"]["text"] == "<b>Trade turnover</b>"
    assert "Uzbekistan, Kazakhstan" in layout["title"]["subtitle"]["text"]
    foot = layout["annotations"][-1]["text"]
    assert foot.startswith("Sources: ") and "President of Uzbekistan, 2024-06-14" in foot
    colours = {t.get("line", {}).get("color") for t in spec["data"]}
    assert {slides.PALETTE["UZB"], slides.PALETTE["KAZ"]} <= colours
    names = [t["name"] for t in spec["data"]]
    assert "more than / at least (a lower bound)" in names  # the bounds key
    assert "Uzbekistan, official: Korea Customs Service" in names


def test_slide_text_is_escaped():
    spec = slides.style_for_slide({"data": [], "layout": {}}, title="<script>x</script>", subtitle="a & b",
                                  sources=["<b>P</b>, 2024"])
    assert "<script>" not in spec["layout"]["title"]["text"]
    assert "&lt;b&gt;P&lt;/b&gt;" in spec["layout"]["annotations"][-1]["text"]


def test_graph_config_names_the_camera_file_like_the_csv():
    config = slides.graph_config(VIEW)
    opts = config["toImageButtonOptions"]
    assert opts["filename"] == "kca-trade_turnover-UZB-KAZ-KOR-2019-2023"
    assert (opts["width"] * opts["scale"], opts["height"] * opts["scale"]) == (1920, 1080)
    assert opts["format"] == "png"


def test_download_names(rows):
    data, name = slides.download(rows, VIEW, "pptx")
    assert name == "kca-trade_turnover-UZB-KAZ-KOR-2019-2023.pptx" and data[:2] == b"PK"
    with pytest.raises(slides.SlideError, match="Unknown format"):
        slides.download(rows, VIEW, "gif")
    # what the dashboard may pass on: its choice of official series, and "About this data" for the notes (#11)
    data, _ = slides.download(rows, VIEW, "pptx", statistics="none", about=["Series X\nProducer: Someone"])
    slide = open_pptx(data).slides[0]
    assert [s.name for s in chart_of(slide).plots[0].series if "official" in s.name] == []
    assert "About this data\n\nSeries X\nProducer: Someone" in slide.notes_slide.notes_text_frame.text


# ---------------------------------------------------------------- images (kaleido, Chromium)


def test_without_chromium_the_message_says_how_to_install_it(monkeypatch, tmp_path, rows):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(slides.ChromiumMissing, match=r"apt-get install chromium"):
        slides.image_bytes(slides.slide_spec(rows, VIEW), "png")
    monkeypatch.setenv("BROWSER_PATH", str(tmp_path / "nowhere"))
    with pytest.raises(slides.ChromiumMissing, match="BROWSER_PATH"):
        slides.chromium_path()


@pytest.mark.parametrize(("failures", "drawn"), [
    (["ReferenceError: kaleido_scopes is not defined"], True),  # Chromium asked before kaleido's page loaded: again
    (["ReferenceError: kaleido_scopes is not defined"] * 2, False),  # twice: the message, not a loop
    (["TypeError: bad figure"], False),  # any other failure: the message at once
])
def test_an_image_is_asked_again_only_when_kaleido_was_not_ready(monkeypatch, rows, failures, drawn):
    import kaleido

    calls = []

    def calc_fig_sync(spec, opts):
        calls.append(opts)
        if len(calls) <= len(failures):
            raise RuntimeError(failures[len(calls) - 1])
        return b"\x89PNG"

    monkeypatch.setattr(kaleido, "calc_fig_sync", calc_fig_sync)
    monkeypatch.setattr(slides.image, "chromium_path", lambda: "/usr/bin/chromium")
    if drawn:
        assert slides.image_bytes(slides.slide_spec(rows, VIEW), "png") == b"\x89PNG"
        assert len(calls) == 2
    else:
        with pytest.raises(slides.SlideError, match="could not be drawn"):
            slides.image_bytes(slides.slide_spec(rows, VIEW), "png")
        assert len(calls) == min(len(failures), 2)


@pytest.fixture(scope="module")
def kaleido_server():
    """One Chromium for this module's images (~0.2 s each instead of ~1.5 s)."""
    try:
        slides.chromium_path()
    except slides.ChromiumMissing as exc:
        pytest.fail(str(exc))
    import kaleido

    kaleido.start_sync_server(silence_warnings=True)
    yield
    kaleido.stop_sync_server(silence_warnings=True)


def test_png_is_1920x1080_and_not_blank(kaleido_server, rows, tmp_path):
    from PIL import Image, ImageStat

    png = slides.image_bytes(slides.slide_spec(rows, VIEW), "png")
    (tmp_path / "slide.png").write_bytes(png)
    image = Image.open(io.BytesIO(png)).convert("RGB")
    assert image.size == (1920, 1080)
    colours = image.getcolors(maxcolors=1 << 20)
    assert len(colours) > 50  # lines, markers and text in several colours, not one flat fill
    ink = sum(n for n, c in colours if sum(c) < 600)
    assert ink > 0.01 * 1920 * 1080  # enough non-white pixels to be a chart with text
    # the title (top-left) and the source line (bottom) are drawn: dark pixels in both bands
    top = ImageStat.Stat(image.crop((40, 20, 600, 80)).convert("L")).extrema[0][0]
    bottom = ImageStat.Stat(image.crop((100, 960, 1500, 1060)).convert("L")).extrema[0][0]
    assert top < 100 and bottom < 150


def test_svg_contains_title_and_source_line(kaleido_server, rows):
    svg = slides.image_bytes(slides.slide_spec(rows, VIEW), "svg").decode("utf-8")
    assert svg.lstrip().startswith("<svg")
    assert "Trade turnover" in svg
    assert "Sources: " in svg and "President of Uzbekistan, 2024-06-14" in svg
    assert 'width="1920"' in svg and 'height="1080"' in svg

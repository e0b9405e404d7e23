"""The Table and Sources tabs, downloads read back, and the phone layout, in Chromium against gunicorn (#11)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from pagejs import PLOT_SIZE, bundle_of, expected_ids, hover_point, id_of, wait_chart
from sample_data import EXCERPT, HOSTILE, HOSTILE_QUOTE

from dashboard.data import Filters, filter_rows

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"
FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _table(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def test_table_tab_lists_claims_against_official_records_and_follows_the_filters(page, server, data_path):
    page.goto(server + "/?view=table&countries=UZB&years=2019-2023")
    # the grid's rows arrive from the server a block at a time: wait until it shows as many as the message counts
    page.wait_for_function(
        "() => { const n = parseInt(document.querySelector('#claims-message')?.innerText || '');"
        " return n > 0 && document.querySelectorAll("
        "'#claims-table .ag-center-cols-container .ag-row:not(.ag-row-loading)').length === n; }")
    rows = page.evaluate("() => document.querySelectorAll('#claims-table .ag-center-cols-container .ag-row').length")
    assert rows == 6 and page.inner_text("#claims-message").startswith("6 claim(s): ")  # claims, not rows
    row_2021 = id_of(data_path, "2022-02-01-uz-news", "UZB")
    cells = {c: page.inner_text(f"#claims-table .ag-row[row-id='{row_2021}'] .ag-cell[col-id='{c}']")
             for c in ("claim", "korea", "partner", "verdict")}
    assert cells == {"claim": "more than US$ 2.5 bn", "korea": "US$ 2.6 bn (2021)", "partner": "US$ 2.4 bn (2021)",
                     "verdict": "The stated bound holds"}
    page.check("#countries input[value=KAZ]")  # the filters apply here too
    page.wait_for_function("() => document.querySelector('#claims-message').innerText.startsWith('8 claim(s)')")
    # a row opens the quote, by mouse and by keyboard
    page.click(f"#claims-table .ag-row[row-id='{row_2021}'] .ag-cell[col-id='claim']")
    page.wait_for_selector("#citation-drawer.open #citation .quote")
    assert page.inner_text("#citation .quote") == "Last year trade exceeded $2.5 billion."
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('citation-drawer').classList.contains('open')")
    page.keyboard.press("ArrowUp")
    page.keyboard.press("Enter")
    page.wait_for_selector("#citation-drawer.open #citation .quote")
    with page.expect_download() as info:
        page.click("#download-claims")
    got = _table(info.value.path())
    assert len(got) == 8 and got["id"].is_unique and "statistic_value" in got.columns
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "table-tab.png"))


def test_downloads_read_back_cell_for_cell_equal_to_the_table(page, server, data_path):
    filters = Filters("exports", ("KAZ",), "KOR", (2019, 2023), "korea")  # holds the hostile, formula-like cells
    page.goto(server + "/?indicator=exports&countries=KAZ&years=2019-2023")
    wait_chart(page, "by-year-chart", expected_ids(data_path, filters))
    with page.expect_download() as info:
        page.click("#download-csv")
    csv_path = info.value.path()
    assert info.value.suggested_filename == "kca-exports-KAZ-KOR-2019-2023.csv"
    table = _table(data_path)
    want = table[table["id"].isin(set(filter_rows(bundle_of(data_path).rows, filters)["id"]))].reset_index(drop=True)
    got = _table(csv_path)
    assert list(got.columns) == list(want.columns) and len(got) == len(want) == 1
    changed = {(c, got.at[0, c]) for c in got.columns if got.at[0, c] != want.at[0, c]}
    assert changed == {("publisher", "'=cmd|' /C calc'!A0"), ("note", "'=HYPERLINK(\"http://evil\")")}
    assert all(want.at[0, c].startswith(FORMULA) for c, _ in changed)  # only cells a spreadsheet would run

    page.goto(server + "/?countries=UZB,KAZ&years=2019-2023&official=all")
    page.wait_for_selector("#rows-table .ag-center-cols-container .ag-row:not(.ag-row-loading)")
    with page.expect_download() as info:
        page.click("#download-zip")
    zf = zipfile.ZipFile(info.value.path())
    name = "kca-trade_turnover-UZB-KAZ-KOR-2019-2023.csv"
    assert sorted(zf.namelist()) == sorted([name, "sources.csv", "checks.csv", "README.md"])
    got = _table(io.BytesIO(zf.read(name)))
    keep = set(filter_rows(bundle_of(data_path).rows, Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023), "all"))["id"])
    want = table[table["id"].isin(keep)]
    pd.testing.assert_frame_equal(got.sort_values("id").reset_index(drop=True), want.sort_values("id").reset_index(drop=True))
    assert all((i.external_attr >> 16) & 0o777 == 0o644 for i in zf.infolist())
    readme = zf.read("README.md").decode()
    assert "- `at_most`:" in readme and "- `trade_turnover`:" in readme and "Vintage: 2025-01-15" in readme


def test_sources_tab_counts_like_the_header_and_marks_only_what_is_in_review(page, server, data_path):
    page.goto(server + "/?view=sources&source=2021-03-10-uz-trade")
    page.wait_for_selector("#source-panel .source-body")
    n = len(bundle_of(data_path).sources)
    assert f"from {n} source(s)" in page.inner_text("header") and page.inner_text(".sources > p").startswith(f"{n} source(s)")
    assert page.evaluate("() => [...document.querySelectorAll('#source-panel .source-body .tag-review')].length") == 1
    assert page.inner_text("#source-panel .source-body mark.review") == "$40 million"
    assert "1992" not in [m.inner_text() for m in page.query_selector_all("#source-panel .source-body mark")]  # a year is no figure
    # an excerpt says so and links to the whole article; Enter on a row opens it
    page.click(f"#sources-table .ag-row[row-id='{EXCERPT}'] .ag-cell[col-id='title']")
    page.wait_for_selector("#source-panel .excerpt-note")
    assert page.get_attribute("#source-panel .excerpt-note a", "href") == "https://example.org/uz-daily/jv-2024"
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => !document.querySelector('#source-panel .excerpt-note') && location.search.indexOf('{EXCERPT}') < 0")
    # an official series shows its vintage, not an access date as "Published"
    page.goto(server + "/?view=sources&source=kcs-trade-annual")
    page.wait_for_selector("#source-panel h3")
    panel = page.inner_text("#source-panel")
    assert "Vintage\n2025-01-15" in panel and "Published" not in panel


INJECTED = """() => ({
  pwned: window.__pwned === undefined ? null : window.__pwned,
  imgs: document.querySelectorAll('img[src="x"]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  bold: [...document.querySelectorAll('b')].filter(b => b.textContent === 'Hostile').length,
  jsLinks: [...document.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').toLowerCase().startsWith('javascript')).length,
})"""
CLEAN = {"pwned": None, "imgs": 0, "scripts": 0, "bold": 0, "jsLinks": 0}


def test_a_hostile_source_renders_inert(page, server, data_path):
    page.goto(server + f"/?view=sources&source={HOSTILE}")
    page.wait_for_selector("#source-panel .source-body")
    body = page.inner_text("#source-panel .source-body")
    assert "<script>window.__pwned = 1" in body and "[details](javascript:alert(1))" in body
    assert "<b>Hostile</b> <script>" in page.inner_text("#source-panel h3")
    assert page.evaluate(INJECTED) == CLEAN

    page.goto(server + "/?indicator=exports&countries=KAZ&years=2019-2023")
    obs = id_of(data_path, HOSTILE)
    wait_chart(page, "by-year-chart", [obs])
    x, y = hover_point(page, "by-year-chart", obs)
    page.mouse.click(x, y)
    page.wait_for_selector("#citation .quote")
    assert page.inner_text("#citation .quote") == HOSTILE_QUOTE
    page.keyboard.press("Escape")
    page.click(f"#rows-table .ag-row[row-id='{obs}'] .ag-cell[col-id='_value_text']")
    page.wait_for_timeout(300)
    assert page.evaluate(INJECTED) == CLEAN
    assert page.probe.dialogs == [] and page.probe.errors == []


def test_a_bad_parameter_falls_back_with_a_notice(page, server, data_path):
    page.goto(server + "/?indicator=gdp&countries=UZB,XXX&years=soon&colour=red&year=①⑨⑨⑨")
    page.wait_for_selector("#notices .notice")
    notices = page.inner_text("#notices")
    for text in ("Unknown indicator “gdp”", "Unknown country code(s) XXX", "Bad year range “soon”",
                 "Unknown parameter “colour”", "Bad year “①⑨⑨⑨”"):
        assert text in notices
    wait_chart(page, "by-year-chart", expected_ids(data_path, Filters("trade_turnover", ("UZB",), "KOR", (2019, 2023), "korea")))
    assert page.probe.errors == []


def test_a_phone_gets_a_usable_page(browser, server, data_path):
    context = browser.new_context(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True,
                                  has_touch=True)
    page = context.new_page()
    page.goto(server + "/")
    page.wait_for_selector("#by-year-chart .scatterlayer .trace", state="attached")
    page.wait_for_timeout(800)
    width, height, legend = page.evaluate(PLOT_SIZE, "by-year-chart")
    assert width >= 300 and height >= 200 and legend == "h"  # the legend below, the plot full width
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 390  # no sideways scroll
    label = page.locator("#indicator .dash-dropdown-value-item span")
    assert label.inner_text().startswith("Trade turnover")
    assert page.evaluate("(e) => e.scrollWidth <= e.clientWidth", label.element_handle())  # not "Tra…"
    assert page.locator("#indicator").bounding_box()["width"] > 300
    # the citation opens as a sheet over the page, still in view
    page.locator("#rows-table .ag-center-cols-container .ag-row:not(.ag-row-loading) >> nth=0").locator(".ag-cell >> nth=0").click()
    page.wait_for_selector("#citation-drawer.open")
    page.wait_for_timeout(300)
    box = page.locator("#citation-drawer").bounding_box()
    assert box["x"] >= 0 and box["width"] <= 390 and box["y"] < 844
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "phone-citation.png"))
    context.close()

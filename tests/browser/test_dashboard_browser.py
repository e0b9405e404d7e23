"""The dashboard in headless Chromium against gunicorn, as the Procfile serves it."""
from __future__ import annotations

import csv
import io
import re
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
from pagejs import CHART_IDS  # noqa: E402
from sample_data import HOSTILE, HOSTILE_QUOTE

from dashboard.data import Filters, filter_rows, load_bundle
from dashboard.state import parse_query

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"

TRACE_NAMES = """(gid) => {
  const gd = document.querySelector('#' + gid + ' .js-plotly-plot');
  return gd && gd.data ? gd.data.map(t => t.name) : null;
}"""
POINT_XY = """([gid, oid]) => {
  const gd = document.querySelector('#' + gid + ' .js-plotly-plot');
  const L = gd._fullLayout, r = gd.getBoundingClientRect();
  for (const t of gd._fullData) {
    const cd = t.customdata || [];
    for (let i = 0; i < cd.length; i++) if (cd[i] === oid)
      return [r.left + L._size.l + L.xaxis.d2p(t.x[i]), r.top + L._size.t + L.yaxis.d2p(t.y[i])];
  }
  return null;
}"""


def bundle_of(data_path):
    return load_bundle(str(data_path))


def expected_ids(data_path, filters: Filters) -> list[str]:
    return sorted(filter_rows(bundle_of(data_path).rows, filters)["id"])


def hover_point(page, gid, obs) -> tuple[float, float]:
    """Move the mouse onto a point until its hover label shows (the page may still be settling its layout)."""
    page.wait_for_selector("#rows-table .ag-center-cols-container .ag-row")  # the table's rows come after the chart
    page.wait_for_timeout(300)
    for _ in range(10):
        x, y = page.evaluate(POINT_XY, [gid, obs])
        page.mouse.move(x, y)
        try:
            page.wait_for_selector(".hoverlayer .hovertext", timeout=1500)
            return x, y
        except Exception:  # noqa: BLE001 - a layout shift moved the point: measure again
            page.mouse.move(0, 0)
    raise AssertionError(f"no hover label on point {obs} of {gid}")


def wait_chart(page, gid, ids):
    page.wait_for_function(f"([gid, want]) => JSON.stringify(({CHART_IDS})(gid)) === JSON.stringify(want)", arg=[gid, ids])


def state_of(page, data_path):
    return parse_query(urlparse(page.url).query, bundle_of(data_path).rows)


def id_of(data_path, source_id, country=None):
    rows = bundle_of(data_path).rows
    rows = rows[rows["source_id"] == source_id]
    if country:
        rows = rows[rows["country"] == country]
    return rows["id"].iloc[0]


def test_changing_indicator_and_countries_updates_the_chart(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB&years=2019-2023")
    uzb = Filters("trade_turnover", ("UZB",), "KOR", (2019, 2023))
    wait_chart(page, "by-year-chart", expected_ids(data_path, uzb))
    assert "Kazakhstan" not in page.evaluate(TRACE_NAMES, "by-year-chart")

    page.check("#countries input[value=KAZ]")
    both = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023))
    wait_chart(page, "by-year-chart", expected_ids(data_path, both))
    assert "Kazakhstan" in page.evaluate(TRACE_NAMES, "by-year-chart")

    page.click("#indicator")
    page.get_by_role("option", name=re.compile(r"^Exports(?! of one)")).click()
    exports = Filters("exports", ("UZB", "KAZ"), "KOR", (2019, 2023))
    wait_chart(page, "by-year-chart", expected_ids(data_path, exports))
    page.wait_for_function("() => document.querySelector('#indicator-info').innerText.includes('Exports of the Central Asian country')")
    assert "countries=UZB,KAZ" in page.url and "indicator=exports" in page.url

    page.uncheck("#countries input[value=UZB]")
    page.uncheck("#countries input[value=KAZ]")
    page.check("#countries input[value=TJK]")
    page.wait_for_selector("text=No figures of Exports for Tajikistan (TJK)")
    assert page.evaluate(CHART_IDS, "by-year-chart") == []
    assert page.probe.errors == []


def test_clicking_a_point_shows_its_quote(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB,KAZ&years=2019-2023")
    wait_chart(page, "by-year-chart", expected_ids(data_path, Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023))))
    obs = id_of(data_path, "2022-02-01-uz-news", "UZB")  # "Last year trade exceeded $2.5 billion."
    x, y = hover_point(page, "by-year-chart", obs)
    hover = page.text_content(".hoverlayer")
    assert "more than US$ 2.5 bn" in hover and "Daryo" in hover and "2022-02-01" in hover
    page.mouse.click(x, y)
    page.wait_for_selector("#citation .quote")
    assert page.inner_text("#citation .quote") == "Last year trade exceeded $2.5 billion."
    assert page.inner_text("#citation mark.figure") == "$2.5 billion"
    citation = page.inner_text("#citation")
    assert "Trade grows again" in citation and "consistent" in citation and "US$ 2.6 bn" in citation
    assert page.get_attribute("#citation a", "href") == "https://example.org/daryo"
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "explore-citation.png"), full_page=True)

    # a table row gives the same panel
    other = id_of(data_path, "2021-03-10-uz-trade", "UZB")
    page.click(f"#rows-table .ag-row[row-id='{other}'] .ag-cell[col-id='_country_name']")
    page.wait_for_function("() => document.querySelector('#citation .quote').innerText.startsWith('In 2019 trade turnover')")


def test_downloaded_csv_rows_equal_the_filtered_rows(page, server, data_path, tmp_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB,KAZ&years=2020-2023")
    filters = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2020, 2023))
    wait_chart(page, "by-year-chart", expected_ids(data_path, filters))
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert download.suggested_filename == "kca-trade_turnover-UZB-KAZ-KOR-2020-2023.csv"
    rows = list(csv.DictReader(open(download.path(), encoding="utf-8")))
    assert sorted(r["id"] for r in rows) == expected_ids(data_path, filters)
    grid_rows = page.evaluate("() => document.querySelectorAll('#rows-table .ag-center-cols-container .ag-row').length")
    assert grid_rows == len(rows)

    with page.expect_download() as info:
        page.click("#download-zip")
    zf = zipfile.ZipFile(info.value.path())
    assert sorted(zf.namelist()) == sorted(["README.md", "sources.csv", download.suggested_filename])
    assert zf.read(download.suggested_filename) == Path(download.path()).read_bytes()


def test_a_shared_url_opens_the_same_view(page, browser, server, data_path):
    page.goto(server + "/")
    page.wait_for_selector("#by-year-chart .js-plotly-plot")
    page.uncheck("#countries input[value=CAS]")
    page.uncheck("#countries input[value=KAZ]")
    want = expected_ids(data_path, Filters("trade_turnover", ("UZB",), "KOR", (2019, 2023)))
    wait_chart(page, "by-year-chart", want)
    page.wait_for_function("() => location.search.includes('countries=UZB&')")
    shared = page.url

    other = browser.new_context().new_page()
    other.goto(shared)
    wait_chart(other, "by-year-chart", want)
    assert other.is_checked("#countries input[value=UZB]") and not other.is_checked("#countries input[value=KAZ]")
    assert other.evaluate(TRACE_NAMES, "by-year-chart") == page.evaluate(TRACE_NAMES, "by-year-chart")
    other.context.close()

    page.goto(server + "/?view=sources&source=2021-03-10-uz-trade&indicator=exports&countries=KAZ&years=2021-2023")
    page.wait_for_selector("#source-panel .source-body")
    assert page.inner_text("#source-panel h3") == "Uzbekistan and Korea review trade"
    page.click("#view .tab:has-text('Explore')")
    wait_chart(page, "by-year-chart", expected_ids(data_path, Filters("exports", ("KAZ",), "KOR", (2021, 2023))))


def test_a_bad_parameter_falls_back_with_a_notice(page, server, data_path):
    page.goto(server + "/?indicator=gdp&countries=UZB,XXX&years=soon&colour=red")
    page.wait_for_selector("#notices .notice")
    notices = page.inner_text("#notices")
    for text in ("Unknown indicator “gdp”", "Unknown country code(s) XXX", "Bad year range “soon”", "Unknown parameter “colour”"):
        assert text in notices
    wait_chart(page, "by-year-chart", expected_ids(data_path, Filters("trade_turnover", ("UZB",), "KOR", (2019, 2023))))
    assert page.probe.errors == []


def test_embed_shows_the_chart_alone(page, server, data_path):
    page.goto(server + "/embed?indicator=trade_turnover&countries=KAZ&years=2019-2023")
    wait_chart(page, "embed-chart", expected_ids(data_path, Filters("trade_turnover", ("KAZ",), "KOR", (2019, 2023))))
    assert page.query_selector("#indicator") is None and page.query_selector("#view .tab") is None
    assert page.evaluate(TRACE_NAMES, "embed-chart")[0] == "Kazakhstan"
    page.set_content(f'<iframe src="{server}/embed?countries=UZB" width="900" height="500"></iframe>')
    frame = page.frame_locator("iframe")
    frame.locator("#embed-chart .js-plotly-plot .scatterlayer").wait_for()


INJECTED = """() => ({
  pwned: window.__pwned === undefined ? null : window.__pwned,
  imgs: document.querySelectorAll('img[src="x"]').length,
  scripts: [...document.scripts].filter(s => s.textContent.includes('__pwned')).length,
  bold: [...document.querySelectorAll('b')].filter(b => b.textContent === 'Hostile').length,
  jsLinks: [...document.querySelectorAll('a')].filter(a => (a.getAttribute('href') || '').toLowerCase().startsWith('javascript')).length,
})"""
CLEAN = {"pwned": None, "imgs": 0, "scripts": 0, "bold": 0, "jsLinks": 0}


def test_a_hostile_source_renders_inert(page, server, data_path):
    # the Sources view: its body, title, publisher, javascript: url
    page.goto(server + f"/?view=sources&source={HOSTILE}")
    page.wait_for_selector("#source-panel .source-body")
    body = page.inner_text("#source-panel .source-body")
    assert "<script>window.__pwned = 1" in body and "[details](javascript:alert(1))" in body
    assert "<b>Hostile</b> <script>" in page.inner_text("#source-panel h3")
    assert page.evaluate(INJECTED) == CLEAN
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "sources-hostile.png"), full_page=True)

    # the Explore view: hover and the citation panel of its figure
    page.goto(server + "/?indicator=exports&countries=KAZ&years=2019-2023")
    obs = id_of(data_path, HOSTILE)
    wait_chart(page, "by-year-chart", [obs])
    x, y = hover_point(page, "by-year-chart", obs)
    page.mouse.click(x, y)
    page.wait_for_selector("#citation .quote")
    assert page.inner_text("#citation .quote") == HOSTILE_QUOTE
    page.click(f"#rows-table .ag-row[row-id='{obs}'] .ag-cell[col-id='quote']")
    page.wait_for_timeout(300)
    assert page.evaluate(INJECTED) == CLEAN
    assert page.probe.dialogs == [] and page.probe.errors == []


def test_claims_vs_statistics_view(page, server, data_path):
    checks = bundle_of(data_path).checks
    page.goto(server + "/?view=checks")
    page.wait_for_selector("#checks-table .ag-row")
    first = page.inner_text("#checks-table .ag-center-cols-container .ag-row[row-index='0'] .ag-cell[col-id='margin_pct']")
    assert float(first) == checks["margin_pct"].abs().max() * (1 if checks["margin_pct"].max() ==
                                                                   checks["margin_pct"].abs().max() else -1)
    # sorted by the size of the difference, largest first, whichever its sign
    assert page.evaluate("() => document.querySelectorAll('#checks-table .ag-center-cols-container .ag-row').length") == len(checks)
    with page.expect_download() as info:
        page.click("#download-checks")
    rows = list(csv.DictReader(io.StringIO(Path(info.value.path()).read_text(encoding="utf-8"))))
    assert sorted(r["id"] for r in rows) == sorted(checks["id"])

"""The Explore view in headless Chromium against gunicorn, as a user meets it (#11)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from pagejs import (
    CHART_IDS,
    LAYOUT,
    LEGEND_NAMES,
    TRACE_NAMES,
    expected_ids,
    hover_point,
    id_of,
    state_of,
    wait_chart,
)

from dashboard.data import Filters

pytestmark = pytest.mark.browser

SHOTS = Path(__file__).resolve().parents[2] / "benchmarks" / "out" / "screenshots"


def K(indicator, countries, years, official="korea"):
    return Filters(indicator, tuple(countries), "KOR", years, official)


def test_changing_indicator_and_countries_updates_the_chart(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB&years=2019-2023")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB"], (2019, 2023))))
    assert not any(n.startswith("Kazakhstan") for n in page.evaluate(TRACE_NAMES, "by-year-chart"))

    page.check("#countries input[value=KAZ]")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB", "KAZ"], (2019, 2023))))
    assert "Kazakhstan · press claims" in page.evaluate(TRACE_NAMES, "by-year-chart")

    page.click("#indicator")
    page.get_by_role("option", name=re.compile(r"^Exports \(")).click()
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("exports", ["UZB", "KAZ"], (2019, 2023))))
    page.wait_for_function("() => document.querySelector('#indicator-info').innerText.includes('Exports of the Central Asian country')")
    assert "countries=UZB,KAZ" in page.url and "indicator=exports" in page.url

    page.uncheck("#countries input[value=UZB]")
    page.uncheck("#countries input[value=KAZ]")
    page.check("#countries input[value=TJK]")
    page.wait_for_selector("text=No figures of Exports for Tajikistan (TJK)")
    assert page.evaluate(CHART_IDS, "by-year-chart") == []
    assert page.probe.errors == []


def test_claims_in_front_with_plain_words_and_other_series_one_click_away(page, server, data_path):
    page.goto(server + "/?countries=UZB&years=2019-2023")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB"], (2019, 2023))))
    legend = page.evaluate(LEGEND_NAMES, "by-year-chart")
    assert "Uzbekistan · press claims" in legend and "Uzbekistan · Korea Customs (Korea-reported)" in legend
    assert not any(re.search(r"kcs-|imf-|\(official\)", n) for n in legend)  # never a raw id
    assert legend[0].startswith("△ more than")  # the bounds key first: in view however long the legend
    assert "more than / at least" in page.inner_text("#chart-key")
    page.check("#official input[value=all]")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB"], (2019, 2023), "all")))
    assert "Uzbekistan · IMF DOTS (Uzbekistan-reported)" in page.evaluate(LEGEND_NAMES, "by-year-chart")
    assert "official=all" in page.url
    page.check("#official input[value=none]")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB"], (2019, 2023), "none")))
    # part-of-year labels at the right edge are not cut off: drawn inside the figure
    page.check("#official input[value=korea]")
    page.wait_for_function("() => !location.search.includes('official=')")
    box = page.evaluate("""() => { const g = document.querySelector('#by-year-chart .js-plotly-plot').getBoundingClientRect();
        return [...document.querySelectorAll('#by-year-chart .scatterlayer .textpoint text')].map(t => {
          const r = t.getBoundingClientRect(); return [r.right <= g.right, r.left >= g.left]; }); }""")
    assert box and all(a and b for a, b in box)


def test_clicking_a_point_marks_it_and_opens_its_citation_beside_the_chart(page, server, data_path):
    page.set_viewport_size({"width": 1440, "height": 900})
    page.goto(server + "/?indicator=trade_turnover&countries=UZB,KAZ&years=2019-2023")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB", "KAZ"], (2019, 2023))))
    obs = id_of(data_path, "2022-02-01-uz-news", "UZB")  # "Last year trade exceeded $2.5 billion."
    x, y = hover_point(page, "by-year-chart", obs)
    hover = page.text_content(".hoverlayer")
    assert "more than US$ 2.5 bn" in hover and "Daryo" in hover and "2022-02-01" in hover
    page.mouse.click(x, y)
    page.wait_for_selector("#citation-drawer.open #citation .quote")
    assert page.inner_text("#citation .quote") == "Last year trade exceeded $2.5 billion."
    assert page.inner_text("#citation mark.figure") == "$2.5 billion"
    citation = page.inner_text("#citation")
    assert "Trade grows again" in citation and "The stated bound holds" in citation and "US$ 2.6 bn" in citation
    assert page.get_attribute("#citation a", "href") == "https://example.org/daryo"
    # visible without scrolling, beside the chart, and the point is marked
    page.wait_for_timeout(400)
    quote = page.locator("#citation .quote").bounding_box()
    assert quote["y"] >= 0 and quote["y"] + quote["height"] <= 900 and quote["x"] + quote["width"] <= 1440
    chart = page.locator("#by-year-chart").bounding_box()
    assert chart["x"] + chart["width"] <= page.locator("#citation-drawer").bounding_box()["x"] + 1  # not under it
    page.wait_for_function(f"() => (({LAYOUT})('by-year-chart').shapes || []).some(s => s.name === 'marked')")
    assert page.evaluate("() => document.activeElement.id") == "citation-drawer"  # the keyboard is in it
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "explore-citation.png"))
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('citation-drawer').classList.contains('open')")
    page.wait_for_function(f"() => (({LAYOUT})('by-year-chart').shapes || []).length === 0")


def test_keyboard_enter_on_a_table_row_opens_its_citation(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB&years=2019-2023")
    page.wait_for_selector("#rows-table .ag-center-cols-container .ag-row:not(.ag-row-loading)")
    other = id_of(data_path, "2021-03-10-uz-trade", "UZB")
    page.click(f"#rows-table .ag-row[row-id='{other}'] .ag-cell[col-id='_country_name']")  # the mouse works too
    page.wait_for_function("() => (document.querySelector('#citation .quote') || {innerText: ''}).innerText.startsWith('In 2019 trade turnover')")
    page.keyboard.press("Escape")
    page.wait_for_function("() => !document.getElementById('citation-drawer').classList.contains('open')")
    # keyboard only: focus is back on the grid; move down a row and press Enter
    page.keyboard.press("ArrowDown")
    row_id = page.evaluate("() => document.activeElement.closest('.ag-row').getAttribute('row-id')")
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.getElementById('citation-drawer').classList.contains('open')")
    assert page.inner_text("#citation .citation-head").startswith("Uzbekistan")
    assert row_id in page.inner_text("#citation")  # the observation id of the row Enter was pressed on
    page.keyboard.press("Tab")  # the keyboard reaches the close button inside the drawer
    assert page.evaluate("() => document.activeElement.id") == "citation-close"
    page.keyboard.press("Enter")
    page.wait_for_function("() => !document.getElementById('citation-drawer').classList.contains('open')")


def test_typing_a_year_and_pressing_enter_applies_it(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB&years=2019-2023")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB"], (2019, 2023))))
    page.fill("#year-from", "2021")
    page.press("#year-from", "Enter")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB"], (2021, 2023))))
    page.wait_for_function("() => location.search.includes('years=2021-2023')")
    page.fill("#year-to", "1800")  # not a year of the data's range: the box goes back, nothing breaks
    page.press("#year-to", "Enter")
    page.wait_for_timeout(500)
    assert page.input_value("#year-to") == "2023" and page.probe.errors == []


def test_a_shared_link_keeps_the_bar_year_and_every_setting(page, browser, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB,KAZ&years=2019-2023&year=2021&official=all")
    page.wait_for_function(f"() => (({LAYOUT})('by-country-chart').meta || {{}}).year === 2021")
    page.wait_for_timeout(500)
    assert "year=2021" in page.url  # the bar chart's year survives the page's own updates
    page.click("summary:has-text('Share')")
    link = page.input_value("#share-link")
    assert link.startswith(server + "/?view=explore&indicator=trade_turnover&countries=UZB,KAZ")
    assert "year=2021" in link and "official=all" in link and "years=2019-2023" in link
    other = browser.new_context().new_page()
    other.goto(link)
    other.wait_for_function(f"() => (({LAYOUT})('by-country-chart').meta || {{}}).year === 2021")
    wait_chart(other, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB", "KAZ"], (2019, 2023), "all")))
    assert other.is_checked("#official input[value=all]") and not other.is_checked("#countries input[value=CAS]")
    assert state_of(other, data_path) == state_of(page, data_path)
    other.context.close()


def test_embed_code_fits_its_frame_titles_itself_and_links_back(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB,KAZ&years=2019-2023")
    page.click("summary:has-text('Share')")
    page.wait_for_function("() => document.getElementById('share-embed').value.includes('/embed?')")
    snippet = page.input_value("#share-embed")
    assert snippet.startswith('<iframe src="' + server + "/embed?view=explore&amp;indicator=trade_turnover")
    framed = snippet.replace('width="100%"', 'width="640"')
    page.set_content(f"<body style='margin:0'>{framed}</body>")
    frame = page.frame_locator("iframe")
    frame.locator("#embed-chart .js-plotly-plot .scatterlayer").wait_for()
    assert frame.locator(".embed-title").inner_text() == "Trade turnover · Uzbekistan, Kazakhstan · 2019–2023"
    back = frame.locator(".embed-credit a")
    assert back.get_attribute("href").startswith("/?view=explore&indicator=trade_turnover&countries=UZB,KAZ")
    inner = page.frames[1]
    inner.wait_for_timeout(500)
    sizes = inner.evaluate("""() => [document.documentElement.scrollHeight, innerHeight, document.documentElement.scrollWidth,
        innerWidth, document.querySelector('#embed-chart').getBoundingClientRect().height]""")
    assert sizes[0] <= sizes[1] and sizes[2] <= sizes[3]  # no scroll bars in the frame
    assert sizes[4] > 0.6 * sizes[1]  # the chart fills it


def test_toolbar_has_no_third_party_button_and_the_camera_image_is_cited(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB&years=2019-2023")
    wait_chart(page, "by-year-chart", expected_ids(data_path, K("trade_turnover", ["UZB"], (2019, 2023))))
    page.hover("#by-year-chart .js-plotly-plot")
    titles = page.evaluate("() => [...document.querySelectorAll('#by-year-chart .modebar-btn')].map(b => b.getAttribute('data-title'))")
    assert "Download plot as a PNG" in titles
    assert not any(re.search(r"Chart Studio|Share|cloud|Produced with Plotly|lasso|select", t or "", re.I) for t in titles)
    assert page.query_selector("#by-year-chart .modebar-btn--logo") is None
    notes = [a["text"] for a in page.evaluate(LAYOUT, "by-year-chart")["annotations"]]
    assert any(n.startswith("Sources: press (") for n in notes)  # the source line is part of the figure
    with page.expect_download() as info:
        page.click("#by-year-chart .modebar-btn[data-title='Download plot as a PNG']")
    png = Path(info.value.path()).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n" and info.value.suggested_filename.startswith("kca-trade_turnover-UZB")


def test_about_this_data_is_beside_every_chart(page, server, data_path):
    page.goto(server + "/?indicator=trade_turnover&countries=UZB&years=2019-2023&official=all")
    page.wait_for_selector("#about-data details.about")
    page.click("#about-data summary >> nth=0")
    page.evaluate("() => document.querySelectorAll('#about-data details').forEach(d => d.open = true)")
    about = page.inner_text("#about-data")
    for text in ("Korea Customs Service", "vintage 2025-01-15", "Public data under Korea", "Some cells are IMF estimates."):
        assert text in about
    cites = page.evaluate("() => [...document.querySelectorAll('#about-data .cite-text')].map(e => e.innerText)")
    assert any(c.startswith("Korea Customs Service (2025). Korea's trade with Uzbekistan") for c in cites)
    assert any(c.startswith("@misc{kcs-trade-annual,") for c in cites)  # BibTeX beside the plain text
    assert page.evaluate("() => window.__pwned === undefined")  # a caveat holding <script> stays text

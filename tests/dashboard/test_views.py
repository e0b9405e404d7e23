"""The plain functions behind the callbacks, and the app's wiring (no browser). Issue #11."""
import json
from dataclasses import replace

import pytest
from dash import dcc, html, no_update
from sample_data import EXCERPT, HOSTILE, HOSTILE_QUOTE

from dashboard import ids, views
from dashboard.citation import figure_span_in_quote
from dashboard.components import build_link, highlight, is_web_url
from dashboard.data import Filters, filter_rows
from dashboard.state import to_query

UZB_KAZ = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023), "all")


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for c in children:
            yield from _walk(c)
    elif children is not None and not isinstance(children, (str, int, float)):
        yield from _walk(children)


def _json(component) -> str:
    return json.dumps(component.to_plotly_json(), default=lambda o: o.to_plotly_json(), ensure_ascii=False)


def _id(bundle, source_id, country=None):
    rows = bundle.rows[bundle.rows["source_id"] == source_id]
    if country:
        rows = rows[rows["country"] == country]
    return rows["id"].iloc[0]


def test_highlight_marks_spans_as_plain_strings():
    out = highlight("Trade was $2 billion <script>x</script>", [(10, 20, "figure", "t", "")])
    assert out[0] == "Trade was " and isinstance(out[1], html.Mark) and out[1].children == "$2 billion"
    assert out[2] == " <script>x</script>"  # a string child: React renders it as text
    # overlapping and out-of-range spans are skipped, never raise
    assert highlight("abc", [(0, 2, "a", "", ""), (1, 3, "b", "", ""), (2, 9, "c", "", "")])[0].children == "ab"


def test_only_http_urls_become_links():
    assert is_web_url("https://x.org/a") and is_web_url("http://x.org")
    for bad in ("javascript:alert(1)", "data:text/html,<b>", "ftp://x.org", "", "//x.org", "JaVaScRiPt:alert(1)"):
        assert not is_web_url(bad)
        assert not isinstance(build_link(bad), html.A)
    assert isinstance(build_link("https://x.org"), html.A)


def test_citation_highlights_the_figure_in_its_quote(bundle):
    row = views.observation(bundle, _id(bundle, HOSTILE))
    start, end = figure_span_in_quote(row, bundle.source_body(HOSTILE))
    assert HOSTILE_QUOTE[start:end] == "$1.2 billion"
    panel = views.citation(bundle, row["id"])
    marks = [c for c in _walk(panel) if isinstance(c, html.Mark)]
    assert [m.children for m in marks] == ["$1.2 billion"]
    assert not any(isinstance(c, (dcc.Markdown, html.Iframe, html.Script)) for c in _walk(panel))
    assert not any(isinstance(c, html.A) for c in _walk(panel))  # javascript: url stays text


def test_citation_shows_both_reporters_and_the_verdict_in_words(bundle):
    text = _json(views.citation(bundle, _id(bundle, "2022-02-01-uz-news", "UZB")))
    assert "Last year trade exceeded " in text and "The stated bound holds" in text
    assert "Korea-reported" in text and "US$ 2.6 bn" in text  # Korea's records
    assert "Uzbekistan-reported" in text and "US$ 2.4 bn" in text  # the partner's records
    assert "more than" in text  # the comparator in words


def test_citation_of_an_official_value_gives_vintage_and_how_to_cite(bundle):
    stat = bundle.rows[bundle.rows["source_id"] == "kcs-trade-annual"].iloc[0]
    text = _json(views.citation(bundle, stat["id"]))
    assert "Official statistics" in text and "<blockquote" not in text
    assert "2025-01-15" in text and "Vintage" in text  # the data's vintage, not "Published" for an access date
    assert "@misc{kcs-trade-annual" in text and "Public data under Korea" in text


def test_drawer_opens_for_a_known_id_and_stays_closed_otherwise(bundle):
    obs = _id(bundle, "2021-03-10-uz-trade")
    panel, cls, hidden = views.drawer(bundle, obs)
    assert cls == "drawer open" and hidden == "false" and "In 2019 trade turnover" in _json(panel)
    for bad in (None, "", "nope", ["x"], {"id": obs}, "a" * 100):
        assert views.drawer(bundle, bad)[1:] == ("drawer", "true")


@pytest.mark.parametrize(
    "value, expected",
    [({"points": [{"customdata": "abc"}]}, "abc"), ({"rowId": "xyz", "colId": "year"}, "xyz"),
     ({"data": {"rowId": "xyz"}, "timestamp": 3}, "xyz"), ({"points": []}, no_update), (None, no_update), ("x", no_update),
     ({"points": [{"customdata": {"$ne": 1}}]}, no_update)],
)
def test_picked_reads_clicks_and_enter(value, expected):
    assert views.picked(value) == expected


def _table(bundle, filters, size=500, **request):
    """Every row of the Explore table for a selection, asked for block by block as the grid does (#12)."""
    rows, start = [], 0
    while True:
        block = views.table_block(bundle, to_query(filters), {"startRow": start, "endRow": start + size, **request})
        rows += block["rowData"]
        start += size
        if start >= block["rowCount"]:
            return rows, block["rowCount"]


def test_explore_charts_and_table_hold_the_same_rows(bundle):
    out = views.explore(bundle, UZB_KAZ)
    chart_ids = {i for t in out.by_year["data"] for i in (t.get("customdata") or []) if i}
    records, count = _table(bundle, UZB_KAZ)
    assert chart_ids == {r["id"] for r in records} and count == len(records)
    assert {r["_country_name"] for r in records} == {"Uzbekistan", "Kazakhstan"}
    assert out.bar_years[0]["value"] == 2023


def test_default_view_puts_claims_in_front_with_the_korea_reported_series(bundle):
    default = views.parse_query("", bundle.rows).filters
    out = views.explore(bundle, default)
    series = {t["meta"].get("source_id") for t in out.by_year["data"] if t["meta"]["role"].startswith("official")}
    assert series == {"kcs-trade-annual"}  # the partner-reported series is one click away
    names = [t["name"] for t in out.by_year["data"] if t.get("showlegend", True)]
    assert "Uzbekistan · Korea Customs (Korea-reported)" in names and "Uzbekistan · press claims" in names
    assert not any("kcs-" in n or "imf-" in n for n in names)  # never a raw id
    everything = views.explore(bundle, replace(default, official="all"))
    assert "Uzbekistan · IMF DOTS (Uzbekistan-reported)" in [t["name"] for t in everything.by_year["data"]]
    assert "every series" in out.message[0]


def test_explore_carries_a_source_line_and_about_this_data(bundle):
    out = views.explore(bundle, UZB_KAZ)
    notes = [a["text"] for a in out.by_year["layout"]["annotations"]]
    assert any(n.startswith("Sources: press (") and "Korea Customs" in n for n in notes)
    about = _json(out.about)
    assert "About this data" in about and "Korea Customs" in about and "vintage 2025-01-15" in about
    assert "Some cells are IMF estimates." in about and "@misc{kca-indicators" in about


def test_explore_empty_selection_gives_a_message(bundle):
    out = views.explore(bundle, Filters("edcf_loan", ("TJK",), "KOR", (2019, 2023)))
    assert out.by_year["layout"]["meta"]["empty"] and out.bar_years == []
    assert "No figures of New EDCF loans for Tajikistan (TJK)" in out.message[0].children


def test_phone_width_gets_the_compact_chart(bundle):
    raw = ("trade_turnover", ["UZB", "KAZ"], "KOR", [2019, 2023], "all")
    phone = views.explore_response(bundle, raw, None, 390, None)[0]
    desk = views.explore_response(bundle, raw, None, 1440, None)[0]
    assert phone["layout"]["legend"]["orientation"] == "h" and desk["layout"]["legend"]["orientation"] == "v"
    assert phone["layout"]["margin"]["l"] < desk["layout"]["margin"]["l"]


def test_explore_response_configs_have_no_third_party_button(bundle):
    out = views.explore_response(bundle, ("trade_turnover", ["UZB"], "KOR", [2019, 2023], "korea"), 2021, None, None)
    following = out[-1]  # the by-country chart: drawn in the browser after the over-time chart (#12)
    for config in (out[-2], following["config"]):
        assert config["displaylogo"] is False and config["showLink"] is False and config["showSendToCloud"] is False
        assert config["showEditInChartStudio"] is False and "sendDataToCloud" in config["modeBarButtonsToRemove"]
    assert out[-2]["toImageButtonOptions"]["filename"].startswith("kca-trade_turnover-UZB")
    assert following["config"]["toImageButtonOptions"]["filename"].endswith("-by-country")
    assert following["figure"]["layout"]["meta"]["year"] == 2021  # the bar chart's year


def test_an_unchanged_config_is_not_sent_again(bundle):
    raw = ("trade_turnover", ["UZB"], "KOR", [2019, 2023], "korea")
    config = views.explore_response(bundle, raw, None, None, None)[-2]
    again = views.explore_response(bundle, raw, None, None, config)
    assert again[-2] is no_update and again[-1]["config"] is None  # a new config would re-create both plots


def test_the_page_comes_with_its_first_view_drawn(bundle):
    """No callback stands between the page and its first chart (#12): the Explore view is built with its figure,
    message and table selection; the by-country figure waits in a store for the over-time chart to be drawn."""
    page = json.loads(_json(views.page(bundle, "/", "?indicator=trade_turnover&countries=UZB&years=2019-2023")))
    found = {}

    def walk(node):
        if isinstance(node, dict):
            props = node.get("props", {})
            if props.get("id") in (ids.BY_YEAR, ids.BY_COUNTRY_NEXT, ids.TABLE_QUERY, ids.EXPLORE_MESSAGE, ids.TABLE_SLOT):
                found[props["id"]] = props
            for v in node.values():
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(page)
    assert found[ids.BY_YEAR]["figure"]["data"], "the over-time chart has its traces"
    assert found[ids.BY_COUNTRY_NEXT]["data"]["figure"]["data"]
    assert "indicator=trade_turnover&countries=UZB" in found[ids.TABLE_QUERY]["data"]
    assert "figure(s)" in str(found[ids.EXPLORE_MESSAGE]["children"])
    assert not found[ids.TABLE_SLOT].get("children"), "the table is built after the chart"
    assert views.rows_table(None) is no_update and views.rows_table(True).id == ids.TABLE


@pytest.mark.parametrize(
    "trigger, slider, first, last, expected",
    [
        (ids.YEAR_FROM, [2019, 2023], 2020, 2023, ([2020, 2023], 2020, 2023)),
        (ids.YEAR_TO, [2019, 2023], 2019, 2015, ([2015, 2019], 2015, 2019)),  # typed the wrong way round
        (ids.YEAR_FROM, [2019, 2023], 2019, 2023, (no_update, 2019, 2023)),  # nothing changed
        (ids.YEAR_FROM, [2019, 2023], "²⁰²⁰", 2023, (no_update, 2019, 2023)),  # a bad box is reset
        (ids.YEAR_FROM, [2019, 2023], None, 2023, (no_update, 2019, 2023)),
        (ids.YEARS, [2020, 2022], 2019, 2023, (no_update, 2020, 2022)),  # the slider moved: the boxes follow
        (ids.YEARS, "junk", 2019, 2023, (no_update, 2019, 2023)),
    ],
)
def test_sync_years(bundle, trigger, slider, first, last, expected):
    assert views.sync_years(trigger, slider, first, last, bundle.rows) == expected


def test_url_keeps_every_setting(bundle):
    q = views.url_search(bundle, ("exports", ["KAZ"], "KOR", [2020, 2023], "all"), "explore", 2021, None)
    assert q == "?view=explore&indicator=exports&countries=KAZ&partner=KOR&years=2020-2023&official=all&year=2021"
    bad = views.url_search(bundle, ({"x": 1}, "KAZ" * 400, 5, [1, 2, 3], None), ["table"], "①", {"s": 1})
    assert bad == to_query(views.parse_query("", bundle.rows).filters)


def test_share_gives_the_link_and_an_iframe(bundle):
    link, snippet = views.share(bundle, "?indicator=exports&countries=KAZ&years=2020-2023&year=2021",
                                "http://127.0.0.1:8050/?indicator=exports")
    assert link.startswith("http://127.0.0.1:8050/?view=explore&indicator=exports&countries=KAZ") and "year=2021" in link
    assert snippet.startswith('<iframe src="http://127.0.0.1:8050/embed?view=explore&amp;indicator=exports')
    hostile = views.share(bundle, '?indicator="><script>', 'http://x"><script>/')
    assert "<script>" not in hostile[1]


def test_hostile_source_panel_is_inert(bundle):
    panel = views.open_source(bundle, {"rowId": HOSTILE})[0]
    kinds = {type(c).__name__ for c in _walk(panel) if not isinstance(c, str)}
    assert kinds <= {"Div", "H3", "H5", "Dl", "Dt", "Dd", "Span", "Mark", "P", "Ul", "Li", "Strong"}
    assert any(isinstance(c, str) and "<script>" in c for c in _walk(panel))


def test_source_panel_badges_only_what_is_in_review(bundle):
    panel = views.open_source(bundle, {"data": {"rowId": "2021-03-10-uz-trade"}})[0]  # Enter on the row
    body = [c for c in _walk(panel) if getattr(c, "className", None) == "source-body"][0]
    marks = {c.className: c.children for c in _walk(body) if isinstance(c, html.Mark) and c.className != "figure"}
    assert marks == {"review": "$40 million", "skipped": "300"}  # the year 1992 is not marked at all
    tags = [c.children for c in _walk(body) if isinstance(c, html.Span) and "tag" in (c.className or "")]
    assert tags == ["review"]
    figures = [c.children for c in _walk(body) if isinstance(c, html.Mark) and c.className == "figure"]
    assert figures == ["$3.2 billion", "$2.1 billion"]


def test_an_excerpt_says_so_and_links_to_the_whole_article(bundle):
    text = _json(views.open_source(bundle, {"rowId": EXCERPT})[0])
    assert "Excerpt" in text and "https://example.org/uz-daily/jv-2024" in text


def test_snapshot_source_shows_vintage_not_published(bundle):
    text = _json(views.open_source(bundle, {"rowId": "kcs-trade-annual"})[0])
    assert "Vintage" in text and "2025-01-15" in text and "Published" not in text
    assert "Korea Customs Service" in text


@pytest.mark.parametrize("cell", [None, {"rowId": "../x"}, {"rowId": "unknown-source"}, ["a"], {"data": 5}])
def test_open_source_ignores_what_is_not_a_source(bundle, cell):
    assert views.open_source(bundle, cell) == (no_update, no_update)


def test_pages(bundle):
    embed = views.page(bundle, "/embed", "?countries=UZB&years=2019-2023")
    assert embed.className == "embed"
    assert "Trade turnover · Uzbekistan · 2019–2023" in _json(embed)
    assert "/?view=explore&indicator=trade_turnover&countries=UZB" in _json(embed)  # links back
    main = views.page(bundle, "/nowhere", "?view=checks")
    assert "No page" in _json(main) and main.className == "page"
    for bad in (None, ["/"], {"p": 1}, "/" + "x" * 10_000):
        assert views.page(bundle, bad, ["?x"]).className == "page"


def test_header_and_sources_tab_count_the_same_sources(bundle):
    page = _json(views.page(bundle, "/", "?view=sources"))
    assert f"from {len(bundle.sources)} source(s)" in page
    assert f"{len(bundle.sources)} source(s): " in page


def test_claims_tab_follows_the_filters(bundle):
    assert views.claims_tab(bundle, "explore", ("trade_turnover", ["UZB"], "KOR", [2019, 2023], "korea")) == (no_update, no_update)
    message, query = views.claims_tab(bundle, "table", ("trade_turnover", ["UZB"], "KOR", [2019, 2023], "korea"))
    block = views.claims_block(bundle, query, {"startRow": 0, "endRow": 100})
    assert {r["country"] for r in block["rowData"]} == {"Uzbekistan"} and len(block["rowData"]) == block["rowCount"] == 6
    assert message.startswith("6 claim(s): ")


def test_downloads_by_button(bundle):
    csv_file = views.download(bundle, ids.DOWNLOAD_CSV, UZB_KAZ)
    assert csv_file["filename"] == "kca-trade_turnover-UZB-KAZ-KOR-2019-2023.csv"
    assert views.download(bundle, ids.DOWNLOAD_ZIP, UZB_KAZ)["filename"].endswith(".zip")
    assert views.download_claims(bundle, UZB_KAZ)["filename"] == "kca-checks-trade_turnover-UZB-KAZ-KOR-2019-2023.csv"


@pytest.mark.parametrize(
    "filters", [UZB_KAZ, Filters("trade_turnover", ("CAS", "TJK"), "KOR", (1992, 2025)), Filters("edcf_loan", ("TJK",), "KOR", (2019, 2023))],
)
@pytest.mark.parametrize("size", [1, 3, 100])
def test_the_table_pages_through_exactly_the_selection(bundle, filters, size):
    # #12: the rows stay on the server; whatever the block size, the grid gets every row of the selection once,
    # in the contract's order, as the CSV download holds them
    records, count = _table(bundle, filters, size)
    want = filter_rows(bundle.rows, filters)
    assert [r["id"] for r in records] == want["id"].tolist() and count == len(want)


ORDERED = ["4.1", "6.4", "3.2", "2.1", "2.5", "3.1", "6.2", "6.5"]  # the claims below in the contract's order


@pytest.mark.parametrize(
    "request_, expected",
    [
        ({}, ORDERED),
        ({"sortModel": [{"colId": "_value_text", "sort": "desc"}]}, ["6.5", "6.4", "6.2", "4.1", "3.2", "3.1", "2.5", "2.1"]),
        # ties keep the contract's order
        ({"sortModel": [{"colId": "year", "sort": "asc"}, {"colId": "publisher", "sort": "desc"}]},
         ["3.2", "2.1", "4.1", "2.5", "6.4", "6.5", "6.2", "3.1"]),
        ({"filterModel": {"publisher": {"filterType": "text", "type": "contains", "filter": "DARYO"}}}, ["4.1", "2.5"]),
        ({"filterModel": {"value": {"filterType": "number", "type": "inRange", "filter": 7e9, "filterTo": 3e9}}},
         ["4.1", "6.4", "3.2", "3.1", "6.2", "6.5"]),
        ({"filterModel": {"year": {"filterType": "number", "operator": "OR", "conditions": [
            {"filterType": "number", "type": "equals", "filter": 2019},
            {"filterType": "number", "type": "equals", "filter": 2020}]}}}, ["3.2", "2.1"]),
        ({"filterModel": {"publisher": {"filterType": "text", "type": "startsWith", "filter": "%"}}}, []),  # % is a letter
        ({"filterModel": {"stated": {"filterType": "text", "type": "endsWith", "filter": "4 billion"},
                          "year": {"filterType": "number", "type": "greaterThan", "filter": 2021}}}, ["6.4"]),
        # what the server cannot sort or filter by, or that is not a column, is ignored
        ({"sortModel": [{"colId": "quote; DROP TABLE rows", "sort": "asc"}, {"colId": "year", "sort": "sideways"}],
          "filterModel": {"_when": {"filterType": "text", "type": "contains", "filter": "x"},
                          "nope": {"filterType": "text", "type": "contains", "filter": "x"},
                          "year": {"filterType": "text", "type": "contains", "filter": "2019"}}}, ORDERED),
    ],
)
def test_the_server_sorts_and_filters_the_table_as_the_grid_asks(bundle, request_, expected):
    # #12: the claims of Uzbekistan and Kazakhstan, 2019-2023, named by their value in billions
    filters = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023), "none")
    rows, count = _table(bundle, filters, **request_)
    assert [r["stated"].removeprefix("$").removesuffix(" billion") for r in rows] == expected and count == len(expected)


@pytest.mark.parametrize("request_", [None, "x", {"startRow": -1, "endRow": 5}, {"startRow": 5, "endRow": 5},
                                      {"startRow": True, "endRow": 9}, {"startRow": 0, "endRow": 10**12}, [0, 100]])
def test_a_block_request_the_grid_never_sends_gets_no_rows(bundle, request_):
    assert views.table_block(bundle, to_query(UZB_KAZ), request_) is no_update
    assert views.claims_block(bundle, to_query(UZB_KAZ), request_) is no_update


def test_a_huge_block_is_cut_to_the_largest_block(bundle):
    block = views.table_block(bundle, to_query(Filters("trade_turnover", ("UZB",), None, (1900, 2100), "all")),
                              {"startRow": 0, "endRow": 10**9})
    assert len(block["rowData"]) == block["rowCount"] <= 500


@pytest.mark.parametrize("pathname", ["x", "\x00", "²⁰¹⁹", "<script>", "/a\nb", 5, ["/embed"]])
def test_pages_for_paths_a_browser_never_sends(bundle, pathname, caplog):
    # #11: crafted page requests: the dashboard, no traceback in the log
    assert views.page(bundle, pathname, "?countries=UZB", strip=lambda p: p).className == "page"
    assert not [r for r in caplog.records if r.levelname == "ERROR"]


def test_the_default_view_is_computed_at_start_and_kept(bundle):
    """#12: every visitor opens the default view first: the app computes it when it starts (before gunicorn forks)
    and keeps it, however many other views its workers draw since."""
    from dashboard.state import parse_query

    views.warm(bundle)
    default = parse_query("", bundle).filters
    kept = views.recent_explore(bundle, default, None, False)
    for year in range(2000, 2000 + views.RECENT_VIEWS + 5):  # more views than a worker keeps
        views.recent_explore(bundle, replace(default, years=(year, year + 1)), None, False)
    assert views.recent_explore(bundle, default, None, False) is kept
    assert views.recent_explore(bundle, default, None, True) is not kept  # a phone's has its own
    assert kept.by_year == views.explore(bundle, default).by_year


def test_the_table_tab_is_built_when_first_opened(bundle):
    """#12: the Table tab's grid stays off the first page; opened, it is built once and then kept."""
    assert ids.CLAIMS_TABLE not in _json(views.page(bundle, "/", ""))
    assert ids.CLAIMS_TABLE in _json(views.page(bundle, "/", "?view=table"))  # a link to the Table tab
    assert views.table_tab(bundle, "explore", []) is no_update
    built = views.table_tab(bundle, "table", [])
    assert ids.CLAIMS_TABLE in _json(built)
    assert views.table_tab(bundle, "table", built.to_plotly_json()) is no_update

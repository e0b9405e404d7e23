"""The plain functions behind the callbacks, and the app's wiring (no browser)."""
import json

import pytest
from dash import dcc, html
from sample_data import HOSTILE, HOSTILE_QUOTE

from dashboard import ids, views
from dashboard.data import Filters
from dashboard.layout import build_link, figure_span_in_quote, highlight, is_web_url
from dashboard.state import to_query

UZB_KAZ = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023))


def _walk(component):
    yield component
    children = getattr(component, "children", None)
    if isinstance(children, (list, tuple)):
        for c in children:
            yield from _walk(c)
    elif children is not None and not isinstance(children, (str, int, float)):
        yield from _walk(children)


def _text(component) -> str:
    return "".join(c if isinstance(c, str) else "" for c in _walk(component)) + "".join(
        c.children for c in _walk(component) if hasattr(c, "children") and isinstance(c.children, str))


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
    row = views.observation(bundle, bundle.rows.loc[bundle.rows["source_id"] == HOSTILE, "id"].item())
    body = bundle.source_body(HOSTILE)
    start, end = figure_span_in_quote(row, body)
    assert HOSTILE_QUOTE[start:end] == "$1.2 billion"
    panel = views.citation(bundle, row["id"])
    marks = [c for c in _walk(panel) if isinstance(c, html.Mark)]
    assert [m.children for m in marks] == ["$1.2 billion"]
    assert not any(isinstance(c, (dcc.Markdown, html.Iframe, html.Script)) for c in _walk(panel))
    assert not any(isinstance(c, html.A) for c in _walk(panel))  # javascript: url stays text


def test_citation_shows_official_value_and_verdict(bundle):
    claim = bundle.rows[(bundle.rows["source_id"] == "2022-02-01-uz-news") & (bundle.rows["country"] == "UZB")]
    panel = views.citation(bundle, claim["id"].item())
    text = json.dumps(panel.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "consistent" in text and "US$ 2.6 bn" in text and "kcs-trade-annual" in text and "Last year trade exceeded " in text


def test_citation_for_statistics_has_no_quote(bundle):
    stat = bundle.rows[bundle.rows["method"] == "statistics"].iloc[0]
    text = json.dumps(views.citation(bundle, stat["id"]).to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "Official statistics" in text and "<blockquote" not in text


def test_clicked_id_from_chart_or_table():
    click = {"points": [{"customdata": "abc"}]}
    assert views.clicked_id(ids.BY_YEAR, click, None, None) == "abc"
    assert views.clicked_id(ids.BY_COUNTRY, None, click, None) == "abc"
    assert views.clicked_id(ids.TABLE, None, None, {"rowId": "xyz"}) == "xyz"
    assert views.clicked_id(ids.BY_YEAR, {"points": []}, None, None) is None


def test_explore_charts_and_table_hold_the_same_rows(bundle):
    out = views.explore(bundle, UZB_KAZ)
    chart_ids = {i for t in out.by_year["data"] for i in (t.get("customdata") or []) if i}
    assert chart_ids == {r["id"] for r in out.records}
    assert {r["_country_name"] for r in out.records} == {"Uzbekistan", "Kazakhstan"}
    assert out.bar_years[0]["value"] == 2023


def test_explore_empty_selection_gives_a_message(bundle):
    out = views.explore(bundle, Filters("edcf_loan", ("TJK",), "KOR", (2019, 2023)))
    assert out.records == [] and out.by_year["layout"]["meta"]["empty"]
    assert "No figures of New EDCF loans for Tajikistan (TJK)" in out.message[0].children


def test_hostile_source_panel_is_inert(bundle):
    panel = views.open_source(bundle, {"rowId": HOSTILE})[0]
    kinds = {type(c).__name__ for c in _walk(panel) if not isinstance(c, str)}
    assert kinds <= {"Div", "H3", "H5", "Dl", "Dt", "Dd", "Span", "Mark", "P", "Ul", "Li"}
    assert any(isinstance(c, str) and "<script>" in c for c in _walk(panel))


def test_source_panel_marks_figures_and_review_items(bundle):
    panel = views.open_source(bundle, {"rowId": "2021-03-10-uz-trade"})[0]
    body = [c for c in _walk(panel) if getattr(c, "className", None) == "source-body"][0]
    marks = [c for c in _walk(body) if isinstance(c, html.Mark) and c.className in ("figure", "review")]
    assert [m.children for m in marks if m.className == "review"] == ["1992", "300"]
    assert [m.children for m in marks if m.className == "figure"] == ["$3.2 billion", "$2.1 billion"]
    assert any(isinstance(c, html.Span) and c.children == "review: not economic" for c in _walk(panel))


def test_snapshot_source_shows_metadata(bundle):
    text = json.dumps(views.open_source(bundle, {"rowId": "kcs-trade-annual"})[0].to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "statistics snapshot" in text and "Korea Customs Service" in text


def test_pages(bundle):
    assert views.page(bundle, "/embed", "?countries=UZB").className == "embed"
    main = views.page(bundle, "/nowhere", "?view=checks")
    text = json.dumps(main.to_plotly_json(), default=lambda o: o.to_plotly_json())
    assert "No page" in text and main.className == "page"


def test_downloads_by_button(bundle):
    csv_file = views.download(bundle, ids.DOWNLOAD_CSV, UZB_KAZ)
    assert csv_file["filename"] == "kca-trade_turnover-UZB-KAZ-KOR-2019-2023.csv"
    assert views.download(bundle, ids.DOWNLOAD_ZIP, UZB_KAZ)["filename"].endswith(".zip")
    assert views.download(bundle, ids.DOWNLOAD_CHECKS, UZB_KAZ)["filename"] == "kca-checks.csv"


def test_app_serves_and_registers_callbacks(data_path, monkeypatch):
    monkeypatch.setenv("KCA_DATA", str(data_path))
    from dashboard.app import create_app

    app = create_app(str(data_path))
    client = app.server.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/embed?indicator=x").status_code == 200
    assert len(app.callback_map) >= 6
    # the page callback, as the browser calls it
    payload = {
        "output": f"{ids.PAGE}.children", "outputs": {"id": ids.PAGE, "property": "children"},
        "inputs": [{"id": ids.URL, "property": "pathname", "value": "/"}],
        "state": [{"id": ids.URL, "property": "search", "value": "?years=bad"}],
        "changedPropIds": [f"{ids.URL}.pathname"],
    }
    r = client.post("/_dash-update-component", json=payload)
    assert r.status_code == 200 and "Bad year range" in r.get_data(as_text=True)


@pytest.mark.parametrize("filters", [
    UZB_KAZ, Filters("trade_turnover", ("CAS", "TJK"), "KOR", (1992, 2025)), Filters("edcf_loan", ("TJK",), "KOR", (2019, 2023)),
])
def test_table_sent_after_the_charts_holds_the_charted_rows(bundle, filters):
    # the app sends the table's rows in a second response, named by the selection's query string
    assert views.table(bundle, to_query(filters)) == views.explore(bundle, filters).records

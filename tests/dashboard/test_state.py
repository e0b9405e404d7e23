"""URL state and the one place where browser input is checked (#11: crafted requests, shared links)."""
import pytest

from dashboard import state
from dashboard.data import Filters
from dashboard.state import filters_from_controls, parse_query, to_query


def test_round_trip_keeps_every_setting(bundle):
    f = Filters("exports", ("KAZ", "UZB"), "KOR", (2015, 2023), "all")
    q = to_query(f, "sources", source="2024-02-01-hostile", bar_year=2021)
    assert q.startswith("?view=sources&indicator=exports&countries=KAZ,UZB")
    assert "year=2021" in q and "official=all" in q
    s = parse_query(q, bundle.rows)
    assert (s.filters, s.view, s.source, s.bar_year, s.notices) == (f, "sources", "2024-02-01-hostile", 2021, ())


def test_defaults(bundle):
    s = parse_query("", bundle.rows)
    assert s.filters.indicator == "trade_turnover" and s.filters.partner == "KOR"
    assert s.filters.countries == ("KAZ", "UZB", "CAS")  # the countries with figures, in a fixed order
    assert s.filters.years == (2019, 2023) and s.view == "explore" and s.notices == ()
    assert s.filters.official == "korea"  # claims in front, one Korea-reported series per country as context


@pytest.mark.parametrize(
    "query, notice",
    [
        ("?indicator=nonsense", "Unknown indicator"),
        ("?countries=XXX", "Unknown country"),
        ("?years=abc", "Bad year range"),
        ("?years=1200-1300", "Bad year range"),
        ("?years=²⁰¹⁵-2020", "Bad year range"),  # non-ASCII digits pass str.isdigit, not the check (#11)
        ("?years=" + "9" * 5000, "Bad year range"),  # a 5,000-digit year
        ("?view=admin", "Unknown view"),
        ("?partner=ZZZ", "Unknown partner"),
        ("?foo=bar", "Unknown parameter"),
        ("?year=20x", "Bad year"),
        ("?year=①⑨⑨⑨", "Bad year"),
        ("?year=" + "1" * 5000, "Bad year"),
        ("?official=some", "Unknown choice of official series"),
        ("?source=../../etc/passwd", "Bad source id"),
    ],
)
def test_bad_parameters_fall_back_with_a_notice(bundle, query, notice):
    s = parse_query(query, bundle.rows)
    default = parse_query("", bundle.rows)
    assert any(notice in n for n in s.notices)
    assert all(len(n) < 200 for n in s.notices)  # a huge value is not echoed back whole
    assert s.filters.indicator == "trade_turnover" and s.view == "explore"
    assert s.filters.years == default.filters.years and s.bar_year is None


def test_partly_bad_countries_keep_the_good_ones(bundle):
    s = parse_query("?countries=uzb,XXX&years=2023-2019", bundle.rows)
    assert s.filters.countries == ("UZB",) and s.filters.years == (2019, 2023)


def test_old_links_to_the_checks_view_open_the_table(bundle):
    assert parse_query("?view=checks", bundle.rows).view == "table"


@pytest.mark.parametrize(
    "value, expected",
    [(2019, 2019), ("2019", 2019), (2019.0, 2019), (" 2019 ", 2019), ("²⁰¹⁹", None), ("①⑨⑨⑨", None), ("٢٠١٩", None),
     ("9" * 5000, None), (10 ** 1000, None), (1899, None), (2101, None), (True, None), ([2019], None), ({"y": 1}, None),
     (None, None), (2019.5, None), (float("nan"), None), ("20 19", None)],
)
def test_clean_year(value, expected):
    assert state.clean_year(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [([2015, 2024], (2015, 2024)), ([2024, 2015], (2015, 2024)), ("2015-2024", (2015, 2024)), ("2019", (2019, 2019)),
     ([2015, "x"], None), ([2015], None), ([2015, 2016, 2017], None), ("2015", (2015, 2015)), ({"a": 1}, None),
     ([[2015], [2016]], None), (None, None), ("2015–2024", (2015, 2024))],
)
def test_clean_years(value, expected):
    assert state.clean_years(value) == expected


@pytest.mark.parametrize(
    "value, expected",
    [(["UZB", "KAZ"], ("UZB", "KAZ")), (["UZB"] * 1000, ("UZB",)), (["uzb", "UZB "], ("UZB",)), (["XXX", "KOR"], ()),
     ("UZB,KAZ", ("UZB", "KAZ")), ([1, None, ["UZB"], {"c": "KAZ"}, "TJK"], ("TJK",)), ({"UZB": 1}, None), (5, None),
     (["A" * 10_000], ())],
)
def test_clean_countries_deduplicates_and_caps(value, expected):
    assert state.clean_countries(value) == expected


@pytest.mark.parametrize(
    "data, expected",
    [({"points": [{"customdata": "abc123"}]}, "abc123"), ({"points": []}, None), ({"points": "x"}, None),
     ({"points": [["abc"]]}, None), ({"points": [{"customdata": ["abc"]}]}, None), ([1, 2], None), ("abc", None),
     ({"points": [{"customdata": "<script>"}]}, None), ({"points": [{"customdata": "a" * 65}]}, None), (None, None)],
)
def test_clicked_point_takes_only_a_well_formed_id(data, expected):
    assert state.clicked_point(data) == expected


@pytest.mark.parametrize(
    "data, expected",
    [({"rowId": "abc"}, "abc"), ({"rowId": 5}, None), ({"rowId": ["abc"]}, None), ([], None), ("abc", None), (None, None)],
)
def test_clicked_row(data, expected):
    assert state.clicked_row(data) == expected
    assert state.entered_row({"data": data, "timestamp": 1}) == expected


@pytest.mark.parametrize(
    "value, expected",
    [("png", "png"), ("SVG", "svg"), (["png"], "png"), ("pdf", "png"), (None, "png"), ({"f": "svg"}, "png")],
)
def test_clean_image_format(value, expected):
    assert state.clean_image_format(value) == expected


@pytest.mark.parametrize(
    "href, origin",
    [("http://127.0.0.1:8050/?x=1", "http://127.0.0.1:8050"), ("https://kca.example.org/embed", "https://kca.example.org"),
     ("javascript:alert(1)", ""), ('http://a"onmouseover=x/', ""), (["http://a"], ""), (None, "")],
)
def test_clean_origin(href, origin):
    assert state.clean_origin(href) == origin


@pytest.mark.parametrize(
    "controls, expected",
    [
        (("exports", ["UZB"], "KOR", [2019, 2022], "all"), Filters("exports", ("UZB",), "KOR", (2019, 2022), "all")),
        ((["exports"], {"UZB": 1}, ["KOR"], [2015, "x"], ["all"]), None),  # lists where one value belongs: defaults
        (("exports", ["UZB"] * 1000, "KOR", [2019, 2022], "none"), Filters("exports", ("UZB",), "KOR", (2019, 2022), "none")),
        (("exports", [], "KOR", [2019, 2022], "korea"), Filters("exports", (), "KOR", (2019, 2022), "korea")),  # cleared
        (("exports", ["XXX"], "ZZZ", ["²⁰¹⁹", 2022], "x"), None),
        ((None, None, None, None, None), None),
    ],
)
def test_filters_from_controls_fall_back_to_the_default_view(bundle, controls, expected):
    default = parse_query("", bundle.rows).filters
    got = filters_from_controls(*controls, bundle.rows)
    if expected is None:
        assert got.partner == default.partner and got.years == default.years and got.official == default.official
        assert got.indicator in ("exports", default.indicator) and got.countries == default.countries
    else:
        assert got == expected


def test_a_huge_query_string_is_the_default_view_with_a_notice(bundle):
    s = parse_query("?years=" + "9" * 20_000, bundle.rows)
    assert s.filters == parse_query("", bundle.rows).filters and "too long" in s.notices[0]


@pytest.mark.parametrize(
    "value, expected",
    [("/", "/"), ("/embed", "/embed"), ("embed", "/"), ("\x00", "/"), ("/a\nb", "/"), (["/"], "/"), (None, "/"),
     ("/" + "x" * 500, "/"), ("²⁰¹⁹", "/")],
)
def test_clean_pathname(value, expected):
    assert state.clean_pathname(value) == expected

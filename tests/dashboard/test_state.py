import pytest

from dashboard.data import Filters
from dashboard.state import parse_query, to_query


def test_round_trip(bundle):
    f = Filters("exports", ("KAZ", "UZB"), "KOR", (2015, 2023))
    q = to_query(f, "sources", source="2024-02-01-hostile", bar_year=2021)
    assert q.startswith("?view=sources&indicator=exports&countries=KAZ,UZB")
    s = parse_query(q, bundle.rows)
    assert (s.filters, s.view, s.source, s.bar_year, s.notices) == (f, "sources", "2024-02-01-hostile", 2021, ())


def test_defaults(bundle):
    s = parse_query("", bundle.rows)
    assert s.filters.indicator == "trade_turnover" and s.filters.partner == "KOR"
    assert s.filters.countries == ("KAZ", "UZB", "CAS")  # the countries with figures, in a fixed order
    assert s.filters.years == (2019, 2023) and s.view == "explore" and s.notices == ()


@pytest.mark.parametrize(
    "query, notice",
    [
        ("?indicator=nonsense", "Unknown indicator"),
        ("?countries=XXX", "Unknown country"),
        ("?years=abc", "Bad year range"),
        ("?years=1200-1300", "Bad year range"),
        ("?view=admin", "Unknown view"),
        ("?partner=ZZZ", "Unknown partner"),
        ("?foo=bar", "Unknown parameter"),
        ("?year=20x", "Bad year"),
    ],
)
def test_bad_parameters_fall_back_with_a_notice(bundle, query, notice):
    s = parse_query(query, bundle.rows)
    default = parse_query("", bundle.rows)
    assert any(notice in n for n in s.notices)
    assert s.filters.indicator in ("trade_turnover",) and s.view == "explore"
    assert s.filters.years == default.filters.years or "years" not in query


def test_partly_bad_countries_keep_the_good_ones(bundle):
    s = parse_query("?countries=uzb,XXX&years=2023-2019", bundle.rows)
    assert s.filters.countries == ("UZB",) and s.filters.years == (2019, 2023)

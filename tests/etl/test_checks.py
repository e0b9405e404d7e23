"""Claims checked like with like (issue #10): the rules, and a table of invented claims covering every verdict."""
from __future__ import annotations

import math

import pandas as pd
import pytest
import yaml

from etl import schema
from etl.checks import (
    agrees,
    check_claims,
    comparable_indicator,
    growth_base,
    half_unit,
    margin,
    over_at_publication,
    summarise_checks,
)
from etl.periods import parse
from etl.snapshots import Snapshots, parse_snapshot

BN, MN = 1e9, 1e6


def meta(**fields) -> str:
    base = {"title": "t", "producer": "Korea Customs Service", "url": "https://example.org/mirror",
            "producer_url": "https://example.org/kcs", "vintage": "2025-06-14", "date_accessed": "2026-11-22",
            "licence": "l", "unit": "USD million", "row": "r", "caveats": ["c"], "kind": "annual_trade",
            "reporter": "KOR", "region_total": False,
            "columns": {"country": "partner_iso3", "year": "year", "exports": "kor_exp", "imports": "kor_imp"}}
    return yaml.safe_dump({**base, **fields})


# Korea's records (Korea's exports to a country are that country's imports; turnover = the two).
KOREA_ANNUAL = parse_snapshot("kor-annual", """partner_iso3,year,kor_exp,kor_imp,kor_tot
UZB,1992,3.6,,3.6
KAZ,1992,2.4,8.4,10.8
KGZ,1992,,1.2,1.2
UZB,2019,1500,20,1520
UZB,2020,1700,22,1722
KAZ,2020,4000,1000,5000
KGZ,2020,300,5,305
TJK,2020,46,0.4,46.4
TKM,2020,10,5,15
UZB,2023,2370,90,2460
KAZ,2008,500,198.2,698.2
KAZ,2022,4000,2525,6525
""", meta(columns={"country": "partner_iso3", "year": "year", "exports": "kor_exp", "imports": "kor_imp",
                   "turnover": "kor_tot"}))
# The partner's own records (IMF DOTS style); TKM 2020 is an IMF estimate derived from Korea's figures.
PARTNER_ANNUAL = parse_snapshot("partner-annual", """reporter_iso3,year,flow,value
UZB,2020,exports_fob,25
UZB,2020,imports_cif,1950
KAZ,2008,exports_fob,330
KAZ,2008,imports_cif,424.2
KAZ,2022,exports_fob,2530
KAZ,2022,imports_cif,3990
TKM,2020,exports_fob,4.7
TKM,2020,imports_cif,15.3
""", meta(producer="IMF DOTS", kind="annual_trade_long", reporter="partner", vintage="2022-02",
          columns={"country": "reporter_iso3", "year": "year", "flow": "flow", "value": "value"},
          flows={"exports_fob": "exports", "imports_cif": "imports"},
          estimates={"file": "partner-annual.estimates.csv", "note": "IMF estimate from Korea's figure",
                     "columns": {"country": "iso", "year": "year", "flow": "flow", "value": "value", "how": "how"}}),
    {"partner-annual.estimates.csv": "iso,year,flow,value,how\nTKM,2020,exports_fob,4.7,Korea x 0.94\n"
                                     "TKM,2020,imports_cif,15.3,Korea x 1.53\n"})
MONTHLY = parse_snapshot("kor-monthly", """partner_iso3,month,kor_exp,kor_imp
UZB,2016-01,80,1
UZB,2016-02,80,1
UZB,2016-03,80,1
UZB,2017-01,100,1
UZB,2017-02,100,1
UZB,2017-03,100,1
UZB,2017-05,100,1
""", meta(kind="monthly_trade",
          columns={"country": "partner_iso3", "month": "month", "exports": "kor_exp", "imports": "kor_imp"}))
FDI = parse_snapshot("unctad", """host_iso3,year,value
KAZ,2008,891
KGZ,2005,-7
TJK,2005,0
""", meta(producer="UNCTAD", kind="fdi_flows", indicator="investment_annual", reporter="host or investor",
          vintage="2014", reporter_by_country={"KAZ": "KAZ", "KGZ": "KGZ", "TJK": "KOR"},
          columns={"country": "host_iso3", "year": "year", "value": "value"}))
SNAPSHOTS = Snapshots.combine([KOREA_ANNUAL, PARTNER_ANNUAL, MONTHLY, FDI])


def claim(indicator="trade_turnover", country="UZB", period="2023", value=2.5 * BN, comparator="equal", *,
          stated="", unit=None, method="text", partner="KOR", published="2024-06-14", id_=None) -> dict:
    row = dict.fromkeys(schema.COLUMNS, "")
    unit = unit or schema.vocabulary()[indicator].unit
    row.update(indicator=indicator, country=country, partner=partner, year=parse(period).year, period=period,
               value=value, unit=unit, comparator=comparator, method=method, source_id="2024-doc", publisher="Press",
               published=published, stated=stated or _stated(value, unit))
    row["id"] = id_ or schema.make_id(indicator, country, period, value, comparator, method, published, unit, partner)
    return row


def _stated(value: float, unit: str) -> str:
    if unit == "percent":
        return f"{abs(value):g}%"
    if unit == "USD" and abs(value) >= BN:
        return f"${value / BN:g} billion"
    return f"${value / MN:g} million" if unit == "USD" else f"{value:g}"


def checks(*claims: dict) -> pd.DataFrame:
    table = pd.DataFrame(list(claims), columns=list(schema.COLUMNS))
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    return check_claims(table, SNAPSHOTS)


def one(**kwargs) -> pd.Series:
    result = checks(claim(**kwargs))
    assert len(result) == 1
    return result.iloc[0]


# --------------------------------------------------------------------------- every verdict, invented claims


# (claim, verdict, statistic source, statistic reporter, statistic value, margin %)
VERDICT_TABLE = [
    # consistent: within the rounding of the figure as stated plus the revision tolerance
    (dict(value=2.5 * BN), "consistent", "kor-annual", "KOR", "2460000000", 1.63),
    (dict(value=2.3 * BN, comparator="about"), "consistent", "kor-annual", "KOR", "2460000000", -6.5),
    (dict(period="2017-01/2017-03", value=0.3 * BN), "consistent", "kor-monthly", "KOR", "303000000", -0.99),
    (dict(country="CAS", period="1992", value=15 * MN), "consistent", "kor-annual", "KOR", "15600000", -3.85),
    (dict(country="CAS", period="2020", value=7 * BN), "consistent", "kor-annual", "KOR", "7088400000", -1.25),
    (dict(indicator="trade_growth_pct", period="2020", value=13), "consistent", "kor-annual", "KOR", "13.29", -2.18),
    (dict(indicator="trade_growth_pct", period="2017-01/2017-03", value=25), "consistent", "kor-monthly", "KOR",
     "24.69", 1.25),
    (dict(indicator="investment_annual", country="KGZ", period="2005", value=-7 * MN), "consistent", "unctad", "KGZ",
     "-7000000", 0.0),
    # bound holds / bound fails: strict, no tolerance
    (dict(value=2 * BN, comparator="more_than"), "bound holds", "kor-annual", "KOR", "2460000000", -18.7),
    (dict(value=2.5 * BN, comparator="at_most"), "bound holds", "kor-annual", "KOR", "2460000000", 1.63),
    (dict(value=2.46 * BN, comparator="at_least"), "bound holds", "kor-annual", "KOR", "2460000000", 0.0),
    (dict(value=2.5 * BN, comparator="more_than"), "bound fails", "kor-annual", "KOR", "2460000000", 1.63),
    (dict(value=2.46 * BN, comparator="less_than"), "bound fails", "kor-annual", "KOR", "2460000000", 0.0),
    (dict(country="CAS", period="2020", value=8 * BN, comparator="more_than"), "bound fails", "kor-annual", "KOR",
     "7088400000", 12.86),
    # matches partner records: not Korea's, but the reporting country's own records
    (dict(country="KAZ", period="2008", value=750 * MN, comparator="more_than"), "matches partner records",
     "kor-annual", "KOR", "698200000", 7.42),
    (dict(period="2020", value=1.95 * BN), "matches partner records", "kor-annual", "KOR", "1722000000", 13.24),
    # differs, with the signed margin
    (dict(value=1.04 * BN, comparator="about"), "differs", "kor-annual", "KOR", "2460000000", -57.72),
    (dict(indicator="imports", value=1.02 * BN), "differs", "kor-annual", "KOR", "2370000000", -56.96),
    (dict(indicator="trade_growth_pct", period="2020", value=22), "differs", "kor-annual", "KOR", "13.29", 65.54),
    # the partner's figure agrees, but it is an IMF estimate derived from Korea's: no "matches partner records"
    (dict(country="TKM", period="2020", value=20 * MN), "differs", "kor-annual", "KOR", "15000000", 33.33),
    (dict(indicator="investment_annual", country="TJK", period="2005", value=1 * MN), "differs", "unctad", "KOR",
     "0", None),
    # not comparable, with the reason
    (dict(indicator="exports_product", value=55.4 * MN), "not comparable", "", "", "", None),
    (dict(indicator="investment_cumulative", value=7 * BN), "not comparable", "", "", "", None),
    (dict(period="2023-01/2023-06", value=1.2 * BN), "not comparable", "", "", "", None),
    (dict(period="2023", value=2.5 * BN, published="2023-07-23"), "not comparable", "", "", "", None),
    (dict(period="2023", value=2.5 * BN, published="2023"), "not comparable", "", "", "", None),
    (dict(value=3e12, unit="KRW"), "not comparable", "", "", "", None),
    # no statistic
    (dict(indicator="joint_ventures", value=150), "no statistic", "", "", "", None),
    (dict(indicator="edcf_loan", value=BN), "no statistic", "", "", "", None),
    (dict(period="2021", value=BN), "no statistic", "", "", "", None),
    (dict(period="2017-01/2017-05", value=BN), "no statistic", "", "", "", None),  # April missing, no 2017 year
    (dict(partner="CHN", value=BN), "no statistic", "", "", "", None),
]


@pytest.mark.parametrize("kwargs, verdict, source, reporter, statistic, margin_pct", VERDICT_TABLE)
def test_invented_claims(kwargs, verdict, source, reporter, statistic, margin_pct):
    got = one(**kwargs)
    assert got["verdict"] == verdict, got["reason"]
    assert (got["statistic_source_id"], got["statistic_reporter"], got["statistic_value"]) == (source, reporter, statistic)
    assert got["reason"]
    if margin_pct is None:
        assert pd.isna(got["margin_pct"])
    else:
        assert got["margin_pct"] == pytest.approx(margin_pct, abs=0.01)
    if source:
        assert got["statistic_period"] == kwargs.get("period", "2023")


def test_the_verdict_table_covers_every_verdict():
    assert {row[1] for row in VERDICT_TABLE} == set(schema.VERDICTS)


@pytest.mark.parametrize(
    "kwargs, words",
    [
        (dict(indicator="exports_product", value=55.4 * MN), "part of exports: never compared with the total"),
        (dict(indicator="investment_cumulative", value=7 * BN), "a stock is not a sum of flows"),
        (dict(period="2023-01/2023-06", value=1.2 * BN), "part of a year is never compared with a year"),
        (dict(period="2023", value=2.5 * BN, published="2023-07-23"), "published 2023-07-23, before the period was over"),
        (dict(value=3e12, unit="KRW"), "'KRW'"),
        (dict(indicator="joint_ventures", value=150), "no official series for joint ventures"),
        (dict(period="2021", value=BN), "no official value for trade turnover, UZB, 2021 (kor-annual 1992-2023"),
        (dict(partner="CHN", value=BN), "not CHN"),
        (dict(country="CAS", period="1992", value=15 * MN), "sum of KAZ, KGZ, UZB; TJK, TKM not recorded"),
        (dict(period="2017-01/2017-03", value=0.3 * BN), "for Jan–Mar 2017 (sum of the monthly figures)"),
        (dict(indicator="trade_growth_pct", period="2020", value=22), "+13.3 % for 2020 over 2019"),
        (dict(country="KAZ", period="2008", value=750 * MN, comparator="more_than"),
         "Kazakhstan's own records (IMF DOTS) give USD 754.2 mn"),
    ],
)
def test_the_reason_says_what_was_compared(kwargs, words):
    assert words in one(**kwargs)["reason"]


def test_the_other_reporter_is_given_beside_the_statistic():
    got = one(period="2020", value=1.95 * BN)
    assert (got["other_source_id"], got["other_reporter"], got["other_value"]) == ("partner-annual", "UZB", "1975000000")
    assert got["other_margin_pct"] == pytest.approx(-1.27, abs=0.01)
    assert "the reporters differ" in got["note"]


def test_an_estimated_partner_figure_is_named_an_estimate_and_never_matched():
    got = one(country="TKM", period="2020", value=20 * MN)
    assert got["other_reporter"] == "TKM" and got["other_value"] == "20000000"
    assert "estimate, not its own records" in got["note"] and "the claim agrees with it" in got["note"]


def test_a_region_sum_names_the_countries_missing():
    got = one(country="CAS", period="1992", value=15 * MN)
    assert "TJK, TKM not recorded" in got["note"]


def test_tolerance_is_rounding_plus_revision():
    # "$2.5 billion" is +-0.05 bn: 0.05 / 2.46 = 2.03 %, plus 10 %
    got = one(value=2.5 * BN, stated="US$2.5 billion")
    assert got["tolerance_pct"] == pytest.approx(2.03 + schema.CHECK_REVISION_TOLERANCE_PCT, abs=0.01)
    # a growth: 0.5 points ("13 %") plus 2 points, in percent of the 13.29 % the series gives
    growth = one(indicator="trade_growth_pct", period="2020", value=13, stated="13 percent")
    assert growth["tolerance_pct"] == pytest.approx((0.5 + schema.CHECK_GROWTH_TOLERANCE_PP) / 13.29 * 100, abs=0.05)
    assert pd.isna(one(value=2 * BN, comparator="more_than")["tolerance_pct"])  # a bound has none


# --------------------------------------------------------------------------- the rules, one by one


@pytest.mark.parametrize(
    "stated, value, expected",
    [
        ("$2.5 billion", 2.5e9, 0.05e9),
        ("US $2,5 billion", 2.5e9, 0.05e9),  # decimal comma
        ("$1.28bn", 1.28e9, 0.005e9),
        ("$15 million", 15e6, 0.5e6),
        ("$160mn", 160e6, 0.5e6),
        ("US$500 million", 500e6, 0.5e6),
        ("1,234 million", 1234e6, 0.5e6),  # thousands separator
        ("1 234 000", 1234000, 0.5),
        ("$485.1 million", 485.1e6, 0.05e6),
        ("17.7%", -17.7, 0.05),  # a fall stated without its sign
        ("22 percent", 22, 0.5),
        ("$1-2 billion", 2e9, 0.5e9),  # the upper end of a range
        ("an undisclosed sum", 5e6, 0.0),
    ],
)
def test_half_unit_of_the_last_stated_digit(stated, value, expected):
    assert half_unit(stated, value) == pytest.approx(expected)


@pytest.mark.parametrize(
    "claim_value, comparator, statistic, tolerance, expected",
    [
        (2.5, "equal", 2.46, 0.3, True),
        (2.5, "about", 2.0, 0.3, False),
        (10, "more_than", 10.4, 5, True),
        (10, "more_than", 10.0, 5, False),  # strict: the tolerance does not widen a bound
        (10, "at_least", 10.0, 0, True),
        (10, "less_than", 9.5, 0, True),
        (10, "at_most", 10.5, 0, False),
        (-7, "equal", -7.5, 0.75, True),
    ],
)
def test_agrees(claim_value, comparator, statistic, tolerance, expected):
    assert agrees(claim_value, comparator, statistic, tolerance) is expected


def test_agrees_rejects_an_unknown_comparator():
    with pytest.raises(ValueError):
        agrees(1, ">", 1, 0)


@pytest.mark.parametrize(
    "claim_value, statistic, expected",
    [(2.5, 2.0, 25.0), (1.04, 2.46, -57.72), (-15, -20, 25.0), (1, 0, None)],
)
def test_margin_is_signed_against_the_size_of_the_statistic(claim_value, statistic, expected):
    assert margin(claim_value, statistic) == expected


@pytest.mark.parametrize(
    "period, published, expected",
    [
        ("2024", "2024-07-23", False),  # a whole year, published in July of it
        ("2024", "2024", False),  # a date known only to the year: its latest day is still in the year
        ("2024", "2025-01-05", True),
        ("2024-01/2024-06", "2024-07-23", True),
        ("2024-01/2024-06", "2024-06-30", False),
        ("2019-01/2019-06", "2019", True),  # "2019" may be December
        ("2023", "", None),
        ("2023", "someday", None),
    ],
)
def test_over_at_publication(period, published, expected):
    assert over_at_publication(parse(period), published) is expected


def test_which_official_indicator_comes_from_the_vocabulary():
    vocabulary = schema.vocabulary()
    for indicator, info in vocabulary.items():
        verdict, reason, statistic = comparable_indicator(indicator)
        if info.part_of:
            assert verdict == "not comparable" and not statistic
        elif info.statistic:
            assert (verdict, statistic) == ("", info.statistic)
        else:
            assert verdict in ("not comparable", "no statistic") and reason
    assert growth_base("trade_growth_pct") == "trade_turnover"
    assert growth_base("exports") == ""


# --------------------------------------------------------------------------- the table


def test_statistics_rows_are_not_claims_and_curated_rows_are():
    stats = SNAPSHOTS.observations.iloc[0].to_dict()
    curated = claim(value=2.5 * BN, method="curated")
    result = checks(stats, curated)
    assert list(result["id"]) == [curated["id"]]


def test_one_row_per_claim_sorted_and_deterministic():
    claims = [
        claim(value=2.5 * BN, id_="b"),
        claim(period="2020", value=1.7 * BN, id_="a"),
        claim(indicator="joint_ventures", value=150, id_="c"),
        claim(indicator="imports", country="KAZ", period="2022", value=4 * BN, id_="d"),
    ]
    first = checks(*claims)
    again = checks(*reversed(claims))
    assert first.to_csv(index=False) == again.to_csv(index=False)
    assert tuple(first.columns) == schema.CHECK_COLUMNS
    assert sorted(first["id"]) == ["a", "b", "c", "d"]
    keys = first[list(schema.CHECK_SORT_KEY)].astype(str).values.tolist()
    assert keys == sorted(keys, key=lambda k: (k[0], k[1], k[2], int(k[3]), *k[4:]))
    row = first[first["id"] == "b"].iloc[0]
    assert (row["value"], row["unit"], row["comparator"], row["source_id"], row["publisher"], row["published"]) == (
        "2500000000", "USD", "equal", "2024-doc", "Press", "2024-06-14")
    assert "2500000000.0" not in first.to_csv(index=False)


def test_summarise_checks_counts_claims_for_every_verdict():
    result = checks(claim(value=2.5 * BN), claim(period="2020", value=1.95 * BN),
                    claim(indicator="joint_ventures", value=150))
    counts = summarise_checks(result)
    assert list(counts) == list(schema.VERDICTS)
    assert counts["consistent"] == counts["matches partner records"] == counts["no statistic"] == 1
    assert sum(counts.values()) == 3
    assert sum(summarise_checks(checks()).values()) == 0


def test_no_claims_give_an_empty_table_with_the_columns():
    result = checks()
    assert result.empty and tuple(result.columns) == schema.CHECK_COLUMNS


def test_a_claim_without_a_value_is_not_comparable():
    got = one(value=math.nan)
    assert (got["verdict"], got["reason"]) == ("not comparable", "the claim has no value")

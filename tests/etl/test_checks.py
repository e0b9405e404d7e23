"""Claims from text checked against official statistics: verdict rules, periods, reporters, the table."""
from __future__ import annotations

import pandas as pd
import pytest
import yaml

from etl import schema
from etl.checks import check_claims, difference_pct, judge, period_months, summarise_checks, whole_year
from etl.snapshots import Snapshots, parse_snapshot

BN = 1e9


def meta(**fields) -> str:
    base = {"title": "t", "producer": "Korea Customs Service", "url": "https://example.org", "date_accessed": "2026-11-22",
            "licence": "l", "unit": "USD million", "row": "r", "caveats": ["c"], "kind": "annual_trade",
            "reporter": "KOR", "region_total": False,
            "columns": {"country": "partner_iso3", "year": "year", "exports": "kor_exp", "imports": "kor_imp"}}
    return yaml.safe_dump({**base, **fields})


KOREA_ANNUAL = parse_snapshot("kor-annual", """partner_iso3,year,kor_exp,kor_imp
UZB,2020,1700,22
UZB,2023,2370,90
KAZ,2022,4000,2525
""", meta())
PARTNER_ANNUAL = parse_snapshot("partner-annual", """reporter_iso3,year,flow,value
UZB,2020,exports_fob,25
UZB,2020,imports_cif,1950
KAZ,2022,exports_fob,2530
KAZ,2022,imports_cif,3990
""", meta(producer="IMF DOTS", kind="annual_trade_long", reporter="partner",
          columns={"country": "reporter_iso3", "year": "year", "flow": "flow", "value": "value"},
          flows={"exports_fob": "exports", "imports_cif": "imports"}))
MONTHLY = parse_snapshot("kor-monthly", """partner_iso3,month,kor_exp,kor_imp
UZB,2017-01,100,1
UZB,2017-02,100,1
UZB,2017-03,100,1
UZB,2017-05,100,1
UZB,2018-01,50,0
UZB,2018-02,60,0
""", meta(unit="USD million", kind="monthly_trade",
          columns={"country": "partner_iso3", "month": "month", "exports": "kor_exp", "imports": "kor_imp"}))
FDI = parse_snapshot("unctad", """host_iso3,year,value
KAZ,2008,891
KGZ,2005,-7
TJK,2005,0
""", meta(producer="UNCTAD", kind="fdi_flows", indicator="investment_annual", reporter="host",
          columns={"country": "host_iso3", "year": "year", "value": "value"}))
SNAPSHOTS = Snapshots.combine([KOREA_ANNUAL, PARTNER_ANNUAL, MONTHLY, FDI])


def claim(indicator="trade_turnover", country="UZB", period="2020", value=1.7 * BN, comparator="equal", *,
          unit="USD", method="text", partner="KOR", id_=None) -> dict:
    row = dict.fromkeys(schema.COLUMNS, "")
    row.update(indicator=indicator, country=country, partner=partner, year=int(period[-4:] if "/" not in period else period[8:12]),
               period=period, value=value, unit=unit, comparator=comparator, method=method, source_id="2024-doc",
               publisher="Press", published="2024-06-14", stated="US $x")
    row["id"] = id_ or schema.make_id(indicator, country, period, value, comparator, method)
    return row


def checks(*claims: dict) -> pd.DataFrame:
    table = pd.DataFrame(list(claims), columns=list(schema.COLUMNS))
    table["year"] = table["year"].astype(int)
    table["value"] = table["value"].astype(float)
    return check_claims(table, SNAPSHOTS)


# --------------------------------------------------------------------------- the verdict rules


@pytest.mark.parametrize(
    "claim_value, comparator, official, expected",
    [
        (2.5, "equal", 2.46, "consistent"),
        (2.7, "equal", 2.46, "consistent"),  # +9.8 %
        (2.71, "equal", 2.46, "differs"),  # +10.2 %
        (1.1, "equal", 1.0, "consistent"),  # exactly 10 %: inside the band
        (0.9, "equal", 1.0, "consistent"),
        (0.89, "equal", 1.0, "differs"),
        (1.04, "about", 2.46, "differs"),
        (2.3, "about", 2.46, "consistent"),
        (10, "more_than", 10.4, "consistent"),  # "more than $10 billion" against 10.4 bn
        (10, "more_than", 9.5, "differs"),  # the bound fails even though 9.5 is within 10 %
        (10, "more_than", 10.0, "differs"),  # "more than" is strict
        (10, "at_least", 10.0, "consistent"),
        (10, "at_least", 9.99, "differs"),
        (10, "less_than", 9.5, "consistent"),
        (10, "less_than", 10.0, "differs"),
        (10, "at_most", 10.0, "consistent"),
        (10, "at_most", 10.5, "differs"),
        (0, "equal", 0, "consistent"),
        (1, "equal", 0, "differs"),
        (-7, "equal", -7.5, "consistent"),  # net flows can be negative
        (7, "equal", -7, "differs"),
    ],
)
def test_judge(claim_value, comparator, official, expected):
    assert judge(claim_value, comparator, official) == expected


def test_judge_rejects_an_unknown_comparator():
    with pytest.raises(ValueError):
        judge(1, "≈", 1)


@pytest.mark.parametrize(
    "claim_value, official, expected",
    [(2.5, 2.0, 25.0), (1.04, 2.46, -57.72), (1, 3, -66.67), (1, 0, None)],
)
def test_difference_pct_is_signed_relative_to_the_official_value(claim_value, official, expected):
    assert difference_pct(claim_value, official) == expected


@pytest.mark.parametrize(
    "period, expected, year",
    [
        ("2023", (2023, []), "2023"),
        ("2017-01/2017-03", (2017, ["2017-01", "2017-02", "2017-03"]), None),
        ("2022-11/2023-01", (2023, ["2022-11", "2022-12", "2023-01"]), None),
        ("2023-01/2023-12", (2023, [f"2023-{m:02d}" for m in range(1, 13)]), "2023"),
        ("2023-05/2023-01", None, None),
        ("2023-13/2023-14", None, None),
        ("last year", None, None),
    ],
)
def test_periods(period, expected, year):
    assert period_months(period) == expected
    assert whole_year(period) == year


# --------------------------------------------------------------------------- claims against the snapshots


@pytest.mark.parametrize(
    "kwargs, official_source, official_value, verdict, diff",
    [
        # Korea-reported 2023 UZB turnover is 2,460 mn
        (dict(period="2023", value=2.5 * BN), "kor-annual", "2460000000", "consistent", None),
        (dict(period="2023", value=1.04 * BN, comparator="about"), "kor-annual", "2460000000", "differs", -57.72),
        (dict(period="2023", value=2 * BN, comparator="more_than"), "kor-annual", "2460000000", "consistent", None),
        (dict(period="2023", value=2.5 * BN, comparator="more_than"), "kor-annual", "2460000000", "differs", 1.63),
        # the contract's direction: Korea's exports to Uzbekistan are Uzbekistan's imports
        (dict(indicator="imports", period="2023", value=2.4 * BN), "kor-annual", "2370000000", "consistent", None),
        (dict(indicator="exports", period="2023", value=2.4 * BN), "kor-annual", "90000000", "differs", 2566.67),
        # a part-year claim against the monthly series summed over the same months
        (dict(period="2017-01/2017-03", value=0.3 * BN), "kor-monthly", "303000000", "consistent", None),
        (dict(indicator="imports", period="2018-01/2018-02", value=0.1 * BN, comparator="more_than"), "kor-monthly",
         "110000000", "consistent", None),
        # UNCTAD FDI flows
        (dict(indicator="investment_annual", country="KAZ", period="2008", value=0.9 * BN), "unctad", "891000000",
         "consistent", None),
        (dict(indicator="investment_annual", country="KGZ", period="2005", value=-7e6), "unctad", "-7000000",
         "consistent", None),
        (dict(indicator="investment_annual", country="TJK", period="2005", value=1e6), "unctad", "0", "differs", None),
    ],
)
def test_claim_against_one_official_value(kwargs, official_source, official_value, verdict, diff):
    result = checks(claim(**kwargs))
    assert len(result) == 1
    got = result.iloc[0]
    assert (got["official_source_id"], got["official_value"], got["verdict"]) == (official_source, official_value, verdict)
    assert got["official_period"] == kwargs["period"]
    if diff is None:
        assert pd.isna(got["difference_pct"])
    else:
        assert got["difference_pct"] == pytest.approx(diff, abs=0.01)
    if official_value != "0":
        assert got["ratio"] == pytest.approx(kwargs["value"] / float(official_value), abs=1e-4)
    else:
        assert pd.isna(got["ratio"]) and "official value is 0" in got["note"]


@pytest.mark.parametrize(
    "kwargs, reason",
    [
        (dict(indicator="joint_ventures", value=150, unit="count"), "no official series for joint_ventures"),
        (dict(indicator="investment_cumulative", value=BN), "no official series for investment_cumulative"),
        (dict(indicator="edcf_portfolio", value=BN), "no official series"),
        (dict(period="2021", value=BN), "no official value for trade_turnover UZB-KOR 2021"),
        (dict(country="TKM", value=BN), "no official value"),
        (dict(partner="CHN", value=BN), "partner KOR only"),
        (dict(unit="KRW", value=BN), "not USD"),
        (dict(period="2017-01/2017-05", value=BN), "no official value"),  # April missing: no sum
        (dict(period="2017-04/2017-05", value=BN), "no official value"),
        (dict(value=float("nan")), "no value"),
    ],
)
def test_claim_without_statistic(kwargs, reason):
    result = checks(claim(**kwargs))
    assert len(result) == 1
    got = result.iloc[0]
    assert got["verdict"] == "no statistic"
    assert reason in got["note"]
    assert got["official_value"] == got["official_source_id"] == got["official_period"] == ""
    assert pd.isna(got["ratio"]) and pd.isna(got["difference_pct"])


def test_a_partial_year_is_never_checked_against_the_whole_year():
    result = checks(claim(period="2023-01/2023-06", value=2.46 * BN))
    assert list(result["verdict"]) == ["no statistic"]


def test_a_whole_year_written_as_months_is_the_year():
    result = checks(claim(period="2023-01/2023-12", value=2.46 * BN))
    assert list(result["official_source_id"]) == ["kor-annual"] and list(result["verdict"]) == ["consistent"]


def test_both_reporters_give_one_row_each_and_a_note_when_they_disagree():
    # UZB 2020 turnover: Korea-reported 1,722 mn, partner-reported 1,975 mn (+15 %)
    result = checks(claim(period="2020", value=1.7 * BN))
    assert list(result["official_source_id"]) == ["kor-annual", "partner-annual"]
    assert list(result["verdict"]) == ["consistent", "differs"]
    assert all("reporters disagree" in n for n in result["note"])
    assert "USD 1,722.0 mn" in result["note"].iloc[0] and "USD 1,975.0 mn" in result["note"].iloc[0]


def test_reporters_that_agree_get_no_note():
    # KAZ 2022 turnover: Korea-reported 6,525 mn, partner-reported 6,520 mn
    result = checks(claim(country="KAZ", period="2022", value=6.5 * BN, comparator="more_than"))
    assert list(result["verdict"]) == ["consistent", "consistent"]
    assert not any("reporters disagree" in n for n in result["note"])


def test_statistics_rows_are_not_claims_and_curated_rows_are():
    stats = SNAPSHOTS.observations.iloc[0].to_dict()
    curated = claim(period="2023", value=2.5 * BN, method="curated")
    result = checks(stats, curated)
    assert list(result["id"]) == [curated["id"]]


def test_the_table_is_sorted_deterministic_and_keeps_the_claim():
    claims = [
        claim(period="2023", value=2.5 * BN, id_="b"),
        claim(period="2020", value=1.7 * BN, id_="a"),
        claim(indicator="joint_ventures", value=150, unit="count", id_="c"),
        claim(indicator="imports", country="KAZ", period="2022", value=4 * BN, id_="d"),
    ]
    first = checks(*claims)
    again = checks(*reversed(claims))
    assert first.to_csv(index=False) == again.to_csv(index=False)
    assert tuple(first.columns) == schema.CHECK_COLUMNS
    keys = first[list(schema.CHECK_SORT_KEY)].astype(str).values.tolist()
    assert keys == sorted(keys, key=lambda k: (k[0], k[1], k[2], int(k[3]), *k[4:]))
    row = first[first["id"] == "b"].iloc[0]
    assert (row["value"], row["comparator"], row["stated"], row["source_id"], row["publisher"], row["published"]) == (
        "2500000000", "equal", "US $x", "2024-doc", "Press", "2024-06-14")
    assert "2500000000.0" not in first.to_csv(index=False)


def test_summarise_checks_counts_every_verdict():
    result = checks(claim(period="2023", value=2.5 * BN), claim(period="2020", value=1.7 * BN),
                    claim(indicator="joint_ventures", value=150, unit="count"))
    assert summarise_checks(result) == {"consistent": 2, "differs": 1, "no statistic": 1}
    assert summarise_checks(checks()) == {"consistent": 0, "differs": 0, "no statistic": 0}


def test_no_claims_give_an_empty_table_with_the_columns():
    result = checks()
    assert result.empty and tuple(result.columns) == schema.CHECK_COLUMNS

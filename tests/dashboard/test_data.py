import pandas as pd
import pytest

from dashboard.data import (
    CHECK_COLUMNS,
    Filters,
    checks_from_old,
    filter_rows,
    is_partial,
    load_bundle,
    period_label,
    prepare_rows,
    read_body,
)
from dashboard.selection import claim_checks
from etl.schema import COLUMNS


@pytest.mark.parametrize(
    "period, year, label, partial",
    [
        ("2023", 2023, "2023", False),
        ("2023-01/2023-06", 2023, "Jan–Jun 2023", True),
        ("2017-01/2017-10", 2017, "Jan–Oct 2017", True),
        ("2023-03/2023-03", 2023, "Mar 2023", True),
        ("2022-11/2023-02", 2023, "Nov 2022–Feb 2023", True),
        ("2023-01/2023-12", 2023, "2023", False),
    ],
)
def test_period_label_and_partial(period, year, label, partial):
    assert period_label(period, year) == label
    assert is_partial(period, year) is partial


def _frame(rows):
    return pd.DataFrame([{c: "" for c in COLUMNS} | r for r in rows])


RAW = _frame([
    {"id": "a", "indicator": "trade_turnover", "country": "UZB", "partner": "KOR", "year": 2020, "period": "2020", "value": 2e9, "unit": "USD", "comparator": "equal", "method": "text", "published": "2021-01-01", "source_id": "s1"},
    {"id": "b", "indicator": "trade_turnover", "country": "KAZ", "partner": "KOR", "year": 2021, "period": "2021", "value": 4e9, "unit": "USD", "comparator": "more_than", "method": "text", "published": "2022-01-01", "source_id": "s2"},
    {"id": "c", "indicator": "exports", "country": "UZB", "partner": "KOR", "year": 2021, "period": "2021", "value": 1e9, "unit": "USD", "comparator": "equal", "method": "text", "published": "2022-01-01", "source_id": "s2"},
    {"id": "d", "indicator": "trade_turnover", "country": "UZB", "partner": "CHN", "year": 2021, "period": "2021", "value": 9e9, "unit": "USD", "comparator": "equal", "method": "text", "published": "2022-01-01", "source_id": "s3"},
    {"id": "e", "indicator": "trade_turnover", "country": "UZB", "partner": "KOR", "year": 2015, "period": "2015", "value": 1e9, "unit": "USD", "comparator": "equal", "method": "text", "published": "2016-01-01", "source_id": "s4"},
])


@pytest.mark.parametrize(
    "filters, expected",
    [
        (Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2016, 2024)), ["b", "a"]),
        (Filters("trade_turnover", ("UZB",), "KOR", (1990, 2030)), ["e", "a"]),
        (Filters("trade_turnover", ("UZB",), None, (2021, 2021)), ["d"]),
        (Filters("exports", ("UZB",), "KOR", (2000, 2030)), ["c"]),
        (Filters("trade_turnover", ("TJK",), "KOR", (2000, 2030)), []),
        (Filters("trade_turnover", (), "KOR", (2000, 2030)), []),
    ],
)
def test_filter_rows(filters, expected):
    assert sorted(filter_rows(prepare_rows(RAW), filters)["id"]) == sorted(expected)


def test_prepare_rows_adds_derived_columns_and_sorts():
    df = prepare_rows(RAW)
    assert list(df.columns[: len(COLUMNS)]) == list(COLUMNS)
    assert df.loc[df["id"] == "b", "_value_text"].item() == "more than US$ 4 bn"
    assert df.loc[df["id"] == "b", "_country_name"].item() == "Kazakhstan"
    assert df["_main"].all()  # one claim per country, partner and year


def test_main_is_the_latest_whole_year_claim(bundle):
    claims = bundle.rows[bundle.rows["_claim"] & ~bundle.rows["_partial"]]
    mains = claims[claims["_main"]]
    assert not mains.duplicated(["indicator", "country", "partner", "year"]).any()
    assert len(mains) == len(claims.drop_duplicates(["indicator", "country", "partner", "year"]))
    uzb23 = claims[(claims["country"] == "UZB") & (claims["year"] == 2023) & (claims["indicator"] == "trade_turnover")]
    assert uzb23.loc[uzb23["_main"], "published"].item() == max(uzb23["published"].tolist())
    # part-of-year and statistics rows never carry the line
    assert not bundle.rows.loc[bundle.rows["_partial"] | ~bundle.rows["_claim"], "_main"].any()


def test_load_bundle_reads_neighbours(bundle):
    assert len(bundle.rows) == 22
    assert set(bundle.sources["kind"]) == {"document", "excerpt", "snapshot"}
    assert len(bundle.review) == 3
    assert bundle.checks is not None and list(bundle.checks.columns) == list(CHECK_COLUMNS)
    assert not bundle.checks["id"].duplicated().any()  # one row per claim (#10)
    assert bundle.problems == ()
    assert bundle.rows["value"].dtype == "float64"


def test_load_bundle_without_table_or_checks(tmp_path):
    empty = load_bundle(str(tmp_path / "nothing" / "indicators.csv"))
    assert empty.rows.empty and empty.checks is None
    assert any("No data table" in p for p in empty.problems)


def test_load_bundle_without_checks(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from sample_data import write_data_folder

    b = load_bundle(str(write_data_folder(tmp_path / "d", checks=False)))
    assert b.checks is None and len(b.rows) == 22 and (b.rows["_checks"] == "").all()


def test_read_body_matches_offsets_and_normalises_line_ends(tmp_path, bundle):
    body = bundle.source_body("2024-06-14-president-uz")
    for r in bundle.rows[bundle.rows["source_id"] == "2024-06-14-president-uz"].itertuples():
        assert body[r.char_start:r.char_end] == r.stated
    text = "---\ntitle: t\npublisher: p\npublished: 2024\n---\nline one\nline two\n"
    (tmp_path / "lf.md").write_text(text, encoding="utf-8")
    (tmp_path / "crlf.md").write_bytes(("\ufeff" + text.replace("\n", "\r\n")).encode("utf-8"))
    assert read_body(tmp_path, "lf") == read_body(tmp_path, "crlf") == "line one\nline two"
    assert read_body(tmp_path, "../etc/passwd") is None
    assert read_body(tmp_path, "missing") is None


@pytest.mark.parametrize(
    "official, series",
    [("korea", {"kcs-trade-annual"}), ("all", {"kcs-trade-annual", "imf-dots-partner-reported"}), ("none", set())],
)
def test_official_choice_keeps_the_claims_and_picks_the_series(bundle, official, series):
    # #11: claims in front; each country's Korea-reported series by default, the others one click away
    rows = filter_rows(bundle.rows, Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2019, 2023), official))
    assert set(rows.loc[rows["method"] == "statistics", "source_id"]) == series
    assert rows["_claim"].sum() == 8


def test_series_labels_and_dates_come_from_the_metadata(bundle):
    stats = bundle.rows[~bundle.rows["_claim"]].drop_duplicates("source_id").set_index("source_id")
    assert stats.loc["kcs-trade-annual", "_series"] == "Korea Customs (Korea-reported)"
    assert stats.loc["imf-dots-partner-reported", "_series"] == "IMF DOTS (Uzbekistan-reported)"
    assert stats.loc["kcs-trade-annual", "_when"] == "vintage 2025-01-15"  # the data's vintage
    assert stats.loc["imf-dots-partner-reported", "_when"] == "accessed 2025-01-31"  # no vintage: said as access


def test_claim_checks_is_one_row_per_claim_with_unchecked_claims_kept(bundle):
    df = claim_checks(bundle, Filters("trade_turnover", ("UZB", "KAZ", "CAS"), "KOR", (2019, 2023)))
    assert len(df) == df["id"].nunique() == 9 and df["_claim"].all()
    uzb21 = df[(df["country"] == "UZB") & (df["year"] == 2021)].iloc[0]
    assert uzb21["verdict"] == "bound holds" and uzb21["statistic_reporter"] == "KOR" and uzb21["other_reporter"] == "UZB"


def test_an_old_checks_file_is_read_with_a_notice(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from sample_data import write_data_folder

    path = write_data_folder(tmp_path / "d")
    old = ("id,indicator,country,partner,year,period,comparator,value,stated,source_id,publisher,published,"
           "official_value,official_source_id,official_publisher,official_period,ratio,difference_pct,verdict,note\n"
           "x1,trade_turnover,UZB,KOR,2021,2021,equal,1,1,s,P,2022,2,kcs-a-korea-reported,KCS,2021,0.5,-50,differs,n\n"
           "x1,trade_turnover,UZB,KOR,2021,2021,equal,1,1,s,P,2022,3,imf-partner-reported,IMF,2021,0.3,-66.7,differs,n\n")
    (path.parent / "checks.csv").write_text(old, encoding="utf-8")
    b = load_bundle(str(path))
    assert any("older format" in p for p in b.problems)
    row = b.checks.iloc[0]
    assert len(b.checks) == 1 and row["statistic_value"] == 2 and row["other_value"] == 3 and row["margin_pct"] == -50
    assert row["statistic_reporter"] == "KOR" and row["other_reporter"] == "partner"


def test_checks_from_old_keeps_claims_without_a_second_series():
    old = pd.DataFrame([{"id": "a", "official_value": 5.0, "official_source_id": "x", "difference_pct": 1.0, "verdict": "consistent"}])
    assert checks_from_old(old)["statistic_value"].tolist() == ["5.0"]


def test_a_checks_file_that_cannot_be_read_is_a_notice(tmp_path):
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).parent))
    from sample_data import write_data_folder

    path = write_data_folder(tmp_path / "d")
    (path.parent / "checks.csv").write_bytes(b"\xff\xfe\x00garbage")
    b = load_bundle(str(path))
    assert b.checks is None and any("checks.csv" in p for p in b.problems) and len(b.rows) == 22

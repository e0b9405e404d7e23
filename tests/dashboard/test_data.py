import pandas as pd
import pytest

from dashboard.data import Filters, filter_rows, is_partial, load_bundle, period_label, prepare_rows, read_body
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
    assert len(bundle.rows) == 21
    assert set(bundle.sources["kind"]) == {"document", "snapshot"}
    assert len(bundle.review) == 2
    assert bundle.checks is not None and set(bundle.checks["verdict"]) <= {"consistent", "differs", "no statistic"}
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
    assert b.checks is None and len(b.rows) == 21 and (b.rows["_checks"] == "").all()


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

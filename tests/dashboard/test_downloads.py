import csv
import io
import zipfile
from datetime import date

import pandas as pd
import pytest

from dashboard.data import Filters, filter_rows
from dashboard.downloads import export_name, neutralise, rows_csv, zip_bytes
from etl.schema import COLUMN_MEANINGS, COLUMNS, SOURCE_COLUMNS

F = Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (1992, 2024))


@pytest.mark.parametrize(
    "cell, expected",
    [("=1+1", "'=1+1"), ("+7", "'+7"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
     ("plain", "plain"), ("", ""), (-27.0, -27.0), (5, 5)],
)
def test_neutralise(cell, expected):
    assert neutralise(cell) == expected


def _read(data: bytes):
    return list(csv.DictReader(io.StringIO(data.decode("utf-8"))))


def test_csv_has_exactly_the_filtered_rows_with_every_contract_column(bundle):
    rows = filter_rows(bundle.rows, F)
    out = _read(rows_csv(rows))
    assert list(out[0].keys()) == list(COLUMNS)
    assert [r["id"] for r in out] == rows["id"].tolist()
    assert all(r["quote"] or r["method"] == "statistics" for r in out)


def test_csv_neutralises_formulas_but_numbers_stay_numbers(bundle):
    exports = filter_rows(bundle.rows, Filters("exports", ("KAZ",), "KOR", (1992, 2030)))
    row = _read(rows_csv(exports))[0]
    assert row["publisher"].startswith("'=cmd")
    assert row["note"].startswith("'=HYPERLINK")
    assert row["value"] == "1200000000"
    growth = _read(rows_csv(filter_rows(bundle.rows, Filters("trade_growth_pct", ("UZB",), "KOR", (1992, 2030)))))[0]
    assert growth["value"] == "-27"  # a negative number stays a number, unprefixed
    assert growth["char_start"].isdigit()


def test_statistics_rows_have_empty_offsets():
    df = pd.DataFrame([{c: "" for c in COLUMNS} | {"value": 1.5, "year": 2020, "char_start": pd.NA, "char_end": None}])
    row = _read(rows_csv(df))[0]
    assert row["char_start"] == "" and row["char_end"] == "" and row["value"] == "1.5"


def test_export_name_says_what_is_inside():
    assert export_name(F) == "kca-trade_turnover-UZB-KAZ-KOR-1992-2024.csv"
    assert export_name(Filters("../x", (), None, (2000, 2001)), "zip") == "kca-x-none-2000-2001.zip"


def test_zip_has_csv_cited_sources_and_readme(bundle):
    rows = filter_rows(bundle.rows, F)
    zf = zipfile.ZipFile(io.BytesIO(zip_bytes(rows, bundle.sources, F, today=date(2025, 1, 1))))
    assert sorted(zf.namelist()) == sorted([export_name(F), "sources.csv", "README.md"])
    assert zf.read(export_name(F)) == rows_csv(rows)
    sources = _read(zf.read("sources.csv"))
    assert list(sources[0].keys()) == list(SOURCE_COLUMNS)
    assert {s["source_id"] for s in sources} == set(rows["source_id"])
    readme = zf.read("README.md").decode()
    assert all(f"`{c}`" in readme for c in COLUMNS) and "How to cite" in readme


def test_every_contract_column_has_a_meaning():
    assert set(COLUMN_MEANINGS) == set(COLUMNS)

import csv
import io
import re
import zipfile
from datetime import date

import pandas as pd
import pytest

from dashboard.data import CHECK_COLUMNS, Filters, filter_rows
from dashboard.downloads import checks_csv, export_name, neutralise, rows_csv, zip_bytes
from etl.schema import COLUMN_MEANINGS, COLUMNS, SOURCE_COLUMNS, vocabulary

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


# ---------------------------------------------------------------- #11: downloads read back as the table


def _as_table(path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _expected_cell(cell: str) -> str:
    return "'" + cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r") else cell


@pytest.mark.parametrize("filters", [
    F, Filters("exports", ("KAZ",), "KOR", (1992, 2030)), Filters("trade_growth_pct", ("UZB",), "KOR", (1992, 2030)),
    Filters("trade_turnover", ("UZB", "KAZ", "CAS"), "KOR", (1992, 2030), "korea"),
])
def test_csv_reads_back_cell_for_cell_equal_to_the_table(bundle, data_path, filters):
    # the data table as written (indicators.csv), read as text, is the reference; only formula-like text cells change
    table = _as_table(data_path)
    keep = set(filter_rows(bundle.rows, filters)["id"])
    want = table[table["id"].isin(keep)].sort_values("id").reset_index(drop=True)
    got = _as_table(io.BytesIO(rows_csv(filter_rows(bundle.rows, filters)))).sort_values("id").reset_index(drop=True)
    assert list(got.columns) == list(COLUMNS) and len(got) == len(want) > 0
    for column in COLUMNS:
        numeric = column in ("value", "year", "char_start", "char_end")
        for a, b in zip(got[column], want[column]):
            if numeric:
                assert (a == b == "") or float(a) == float(b), column
            else:
                assert a == _expected_cell(b), column


def test_comparators_are_never_altered(bundle):
    out = _read(rows_csv(bundle.rows))
    assert {r["comparator"] for r in out} <= {"equal", "more_than", "at_least", "less_than", "at_most", "about"}


def test_zip_readme_names_only_what_is_inside_every_indicator_and_every_comparator(bundle):
    rows = filter_rows(bundle.rows, F)
    checks = bundle.checks[bundle.checks["id"].isin(set(rows["id"]))]
    zf = zipfile.ZipFile(io.BytesIO(zip_bytes(rows, bundle.sources, F, today=date(2025, 1, 1), checks=checks,
                                              folder=bundle.folder)))
    names = set(zf.namelist())
    assert names == {export_name(F), "sources.csv", "checks.csv", "README.md"}
    readme = zf.read("README.md").decode()
    mentioned = set(re.findall(r"`([\w.-]+\.(?:csv|md))`", readme))
    assert mentioned <= names  # no file named that is not there (the old README pointed at an indicator list)
    for key in vocabulary():
        assert f"- `{key}`:" in readme
    for word in ("equal", "more_than", "at_least", "less_than", "at_most", "about"):
        assert f"- `{word}`:" in readme
    # about the official series: producer, vintage, caveats, licence, citation (plain and BibTeX)
    assert "Korea Customs Service" in readme and "Vintage: 2025-01-15" in readme
    assert "Korea-reported: the Central Asian side reports other figures." in readme
    assert "Public data under Korea's Public Data Act." in readme and "@misc{kcs-trade-annual" in readme
    assert "javascript:" not in readme  # a bad url in the metadata is dropped
    assert len(_read(zf.read("checks.csv"))) == len(checks)


def test_zip_files_unzip_readable_by_everyone(bundle):
    zf = zipfile.ZipFile(io.BytesIO(zip_bytes(filter_rows(bundle.rows, F), bundle.sources, F)))
    for info in zf.infolist():
        assert (info.external_attr >> 16) & 0o777 == 0o644, info.filename


def test_checks_csv_is_the_agreed_format_and_formula_safe(bundle):
    out = _read(checks_csv(bundle.checks))
    assert list(out[0].keys()) == list(CHECK_COLUMNS) and len(out) == len(bundle.checks)
    hostile = [r for r in out if r["source_id"] == "2024-02-01-hostile"][0]
    assert hostile["publisher"].startswith("'=cmd")

"""Statistics snapshots: literal CSV + meta text in, contract rows out; bad snapshots rejected (issues #4, #10)."""
from __future__ import annotations

import csv
from pathlib import Path

import pandas as pd
import pytest
import yaml

from etl import schema
from etl.errors import SnapshotError
from etl.snapshots import contract_indicator, load_snapshots, parse_snapshot

SNAPSHOTS = Path(__file__).resolve().parents[2] / "data" / "snapshots"

META = {
    "title": "Korea's trade, Korea-reported (test)",
    "producer": "Korea Customs Service",
    "url": "https://example.org/mirror/kcs",
    "producer_url": "https://example.org/kcs",
    "vintage": "2025-06-14",
    "date_accessed": "2026-11-22",
    "licence": "public data",
    "unit": "USD million",
    "row": "one country and year",
    "caveats": ["Korea-reported"],
    "kind": "annual_trade",
    "reporter": "KOR",
    "region_total": True,
    "columns": {"country": "partner_iso3", "year": "year", "exports": "kor_exp", "imports": "kor_imp",
                "turnover": "total", "note": "source"},
    "expect": {"reporter_iso3": "KOR"},
}
ANNUAL = """reporter_iso3,partner_iso3,year,kor_exp,kor_imp,total,source
KOR,KAZ,2020,1000.5,200.25,1200.75,KCS
KOR,UZB,2020,1704.234,18.161,1722.395,KCS
KOR,KGZ,1992,,1.2,1.2,IMF DOTS
"""
LONG_META = {
    **META, "title": "Partner-reported (test)", "producer": "IMF DOTS", "kind": "annual_trade_long",
    "reporter": "partner",
    "columns": {"country": "reporter_iso3", "year": "year", "flow": "flow", "value": "value", "flag": "flag"},
    "flows": {"exports_fob": "exports", "imports_cif": "imports"}, "flags": {"e": "IMF estimate (e)"},
    "expect": {"partner_iso3": "KOR"},
}
LONG = """reporter_iso3,partner_iso3,year,flow,value,flag
KAZ,KOR,2019,exports_fob,300,
KAZ,KOR,2019,imports_cif,900,e
UZB,KOR,2019,exports_fob,30,
"""
MONTHLY_META = {
    **META, "unit": "USD", "kind": "monthly_trade", "region_total": False,
    "columns": {"country": "partner_iso3", "month": "month", "exports": "kor_exp", "imports": "kor_imp"},
}
MONTHLY = """reporter_iso3,partner_iso3,month,kor_exp,kor_imp
KOR,UZB,2024-11,10,1
KOR,UZB,2024-12,20,2
KOR,UZB,2025-01,100,5
KOR,UZB,2025-02,200,6
KOR,UZB,2025-03,300,7
"""
FDI_META = {
    **META, "kind": "fdi_flows", "indicator": "investment_annual", "reporter": "host", "region_total": False,
    "columns": {"country": "host_iso3", "year": "year", "value": "value", "note": "source_note"},
    "expect": {"investor_iso3": "KOR"},
}
FDI = """investor_iso3,host_iso3,year,value,source_note
KOR,KGZ,2005,-7.0,net
KOR,TJK,2005,0.0,mirror
"""


def meta_text(meta: dict, **changes) -> str:
    meta = {**meta, **changes}
    return yaml.safe_dump({k: v for k, v in meta.items() if v is not None}, allow_unicode=True)


def row(frame: pd.DataFrame, indicator: str, country: str, period: str) -> pd.Series:
    hit = frame[(frame["indicator"] == indicator) & (frame["country"] == country) & (frame["period"] == period)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


# --------------------------------------------------------------------------- direction and values


@pytest.mark.parametrize(
    "reporter, flow, expected",
    [
        ("KOR", "exports", "imports"),  # Korea's exports to Kazakhstan are Kazakhstan's imports from Korea
        ("KOR", "imports", "exports"),
        ("partner", "exports", "exports"),
        ("partner", "imports", "imports"),
    ],
)
def test_contract_indicator(reporter, flow, expected):
    assert contract_indicator(reporter, flow) == expected


@pytest.mark.parametrize(
    "indicator, country, period, value",
    [
        ("imports", "KAZ", "2020", 1_000_500_000),  # Korea's exports to KAZ
        ("exports", "KAZ", "2020", 200_250_000),  # Korea's imports from KAZ
        ("trade_turnover", "KAZ", "2020", 1_200_750_000),
        ("imports", "UZB", "2020", 1_704_234_000),
        ("trade_turnover", "UZB", "2020", 1_722_395_000),
        ("exports", "KGZ", "1992", 1_200_000),
        ("trade_turnover", "KGZ", "1992", 1_200_000),
    ],
)
def test_annual_korea_reported_direction_and_whole_dollars(indicator, country, period, value):
    obs = parse_snapshot("kor-annual", ANNUAL, meta_text(META)).observations
    assert row(obs, indicator, country, period)["value"] == value


def test_annual_rows_follow_the_contract():
    snap = parse_snapshot("kor-annual", ANNUAL, meta_text(META))
    obs = snap.observations
    assert tuple(obs.columns) == schema.COLUMNS
    assert set(obs["method"]) == {"statistics"}
    assert set(obs["partner"]) == {"KOR"} and set(obs["unit"]) == {"USD"} and set(obs["comparator"]) == {"equal"}
    assert set(obs["source_id"]) == {"kor-annual"}
    assert set(obs["source_title"]) == {META["title"]} and set(obs["publisher"]) == {META["producer"]}
    # published is the data's vintage, not the date the copy was taken; the link is the producer's page (#10)
    assert set(obs["published"]) == {"2025-06-14"} and set(obs["url"]) == {META["producer_url"]}
    assert set(obs["quote"]) == {""} and set(obs["stated"]) == {""} and obs["char_start"].isna().all()
    first = obs.iloc[0]
    assert first["id"] == schema.make_id("kor-annual", first["indicator"], first["country"], "KOR", first["period"])
    assert obs["id"].is_unique
    assert snap.source == {"source_id": "kor-annual", "title": META["title"], "publisher": META["producer"],
                           "published": "2025-06-14", "url": META["producer_url"], "language": "en", "kind": "snapshot"}


def test_a_missing_cell_stays_missing_and_the_row_note_keeps_the_producer():
    obs = parse_snapshot("kor-annual", ANNUAL, meta_text(META)).observations
    kgz = obs[(obs["country"] == "KGZ")]
    assert set(kgz["indicator"]) == {"exports", "trade_turnover"}  # no imports row: Korea's exports not recorded
    assert "IMF DOTS" in row(obs, "exports", "KGZ", "1992")["note"]
    assert "recorded flow only" in row(obs, "trade_turnover", "KGZ", "1992")["note"]


@pytest.mark.parametrize("countries, has_total", [(("KAZ", "KGZ", "TJK", "TKM", "UZB"), True), (("KAZ", "KGZ", "TJK", "UZB"), False)])
def test_region_total_only_when_all_five_have_a_value(countries, has_total):
    lines = ["reporter_iso3,partner_iso3,year,kor_exp,kor_imp,total,source"]
    lines += [f"KOR,{c},2021,{i + 1},1,{i + 2},KCS" for i, c in enumerate(countries)]
    obs = parse_snapshot("kor-annual", "\n".join(lines), meta_text(META)).observations
    cas = obs[obs["country"] == "CAS"]
    assert (not cas.empty) == has_total
    if has_total:
        assert row(obs, "imports", "CAS", "2021")["value"] == sum(range(1, 6)) * 1e6
        assert row(obs, "exports", "CAS", "2021")["value"] == 5e6


def test_partial_year_in_an_annual_file_keeps_its_period():
    meta = {**META, "columns": {**META["columns"], "months": "months"}}
    text = "reporter_iso3,partner_iso3,year,kor_exp,kor_imp,total,source,months\nKOR,UZB,2025,650.9,7.8,658.7,KCS,5\n"
    obs = parse_snapshot("kor-annual", text, meta_text(meta)).observations
    assert set(obs["period"]) == {"2025-01/2025-05"} and set(obs["year"]) == {2025}
    assert all("partial year" in n for n in obs["note"])


def test_partner_reported_long_file():
    obs = parse_snapshot("imf-partner", LONG, meta_text(LONG_META)).observations
    assert row(obs, "exports", "KAZ", "2019")["value"] == 300e6  # KAZ's own exports to Korea
    assert row(obs, "imports", "KAZ", "2019")["value"] == 900e6
    assert "IMF estimate (e)" in row(obs, "imports", "KAZ", "2019")["note"]
    assert row(obs, "trade_turnover", "KAZ", "2019")["value"] == 1200e6
    assert "IMF estimate" in row(obs, "trade_turnover", "KAZ", "2019")["note"]
    uzb = obs[obs["country"] == "UZB"]
    assert list(uzb["indicator"]) == ["exports"]  # no turnover from one flow


def test_monthly_series_is_tidy_and_only_the_partial_year_becomes_rows():
    snap = parse_snapshot("kcs-monthly", MONTHLY, meta_text(MONTHLY_META))
    monthly = snap.monthly
    assert set(monthly["indicator"]) == {"imports", "exports", "trade_turnover"}
    jan = monthly[(monthly["month"] == "2025-01") & (monthly["indicator"] == "imports")].iloc[0]
    assert (jan["country"], jan["partner"], jan["value"], jan["year"]) == ("UZB", "KOR", 100, 2025)
    obs = snap.observations
    assert set(obs["period"]) == {"2025-01/2025-03"}  # 2024's two months are not a year
    assert row(obs, "imports", "UZB", "2025-01/2025-03")["value"] == 600
    assert row(obs, "trade_turnover", "UZB", "2025-01/2025-03")["value"] == 618


def test_fdi_flows_keep_negative_and_zero_values():
    obs = parse_snapshot("unctad", FDI, meta_text(FDI_META)).observations
    assert row(obs, "investment_annual", "KGZ", "2005")["value"] == -7e6
    assert row(obs, "investment_annual", "TJK", "2005")["value"] == 0
    assert row(obs, "investment_annual", "TJK", "2005")["note"] == "mirror"


# --------------------------------------------------------------------------- bad snapshots


@pytest.mark.parametrize(
    "csv_text, meta, source, line, words",
    [
        (ANNUAL, "title: [unclosed", "bad.meta.yml", None, "not valid YAML"),
        (ANNUAL, "just text", "bad.meta.yml", None, "mapping"),
        (ANNUAL, meta_text(META, producer=None), "bad.meta.yml", None, "producer"),
        (ANNUAL, meta_text(META, url=None), "bad.meta.yml", None, "url or origin"),
        (ANNUAL, meta_text(META, date_accessed="22.11.2026"), "bad.meta.yml", None, "date_accessed"),
        (ANNUAL, meta_text(META, vintage=None), "bad.meta.yml", None, "vintage"),
        (ANNUAL, meta_text(META, vintage="June 2025"), "bad.meta.yml", None, "vintage: 'June 2025' is not a date"),
        (ANNUAL, meta_text(META, producer_url=None), "bad.meta.yml", None, "producer_url"),
        (ANNUAL, meta_text(META, producer_url="javascript:alert(1)"), "bad.meta.yml", None, "not an http(s) address"),
        (ANNUAL, meta_text(META, by_note={"KCS": {"vintage": "2025"}}), "bad.meta.yml", None, "by_note: KCS"),
        (ANNUAL, meta_text(META, by_note={"KCS": {"producer": "K", "vintage": "soon"}}), "bad.meta.yml", None,
         "is not a date"),
        (ANNUAL, meta_text(META, reporter_by_country={"CHN": "CHN"}), "bad.meta.yml", None, "reporter_by_country"),
        (ANNUAL, meta_text(META, estimates={"file": "bad.estimates.csv", "columns": {}}), "bad.meta.yml", None,
         "only for kind annual_trade_long"),
        (ANNUAL, meta_text(META, kind="quarterly"), "bad.meta.yml", None, "kind"),
        (ANNUAL, meta_text(META, reporter="Korea"), "bad.meta.yml", None, "reporter"),
        (ANNUAL, meta_text(META, unit="KRW"), "bad.meta.yml", None, "unit"),
        (ANNUAL, meta_text(META, columns={"country": "partner_iso3"}), "bad.meta.yml", None, "missing role"),
        (ANNUAL.replace("source\n", "source,extra\n", 1), meta_text(META), "bad.csv", 1, "unknown column(s) extra"),
        (ANNUAL.replace(",total,", ",sum,", 1), meta_text(META), "bad.csv", 1, "missing column(s): total"),
        (ANNUAL.replace("1000.5", "1,000.5"), meta_text(META), "bad.csv", 2, "fields"),
        (ANNUAL.replace("1000.5", "n/a"), meta_text(META), "bad.csv", 2, "'n/a' is not a number"),
        (ANNUAL.replace("18.161", "NaN"), meta_text(META), "bad.csv", 3, "is not a number"),
        (ANNUAL + "KOR,KAZ,2020,1,1,2,KCS\n", meta_text(META), "bad.csv", 5, "duplicated KAZ 2020"),
        (ANNUAL.replace("KOR,UZB", "KOR,AFG"), meta_text(META), "bad.csv", 3, "'AFG'"),
        (ANNUAL.replace("1992", "92"), meta_text(META), "bad.csv", 4, "not a year"),
        (ANNUAL.replace("KOR,KGZ", "CHN,KGZ"), meta_text(META), "bad.csv", 4, "reporter_iso3"),
        (ANNUAL.replace("1722.395", "1900"), meta_text(META), "bad.csv", 3, "not exports + imports"),
        ("", meta_text(META), "bad.csv", None, "empty"),
        (ANNUAL.splitlines()[0] + "\n", meta_text(META), "bad.csv", None, "no data rows"),
        (LONG.replace("imports_cif", "re_exports"), meta_text(LONG_META), "bad.csv", 3, "flow"),
        (LONG.replace(",e\n", ",x\n"), meta_text(LONG_META), "bad.csv", 3, "unknown flag"),
        (LONG + "KAZ,KOR,2019,exports_fob,301,\n", meta_text(LONG_META), "bad.csv", 5, "duplicated"),
        (MONTHLY.replace("2025-02", "2025-13"), meta_text(MONTHLY_META), "bad.csv", 5, "not a month"),
    ],
)
def test_bad_snapshot_is_rejected_naming_file_and_row(csv_text, meta, source, line, words):
    with pytest.raises(SnapshotError) as caught:
        parse_snapshot("bad", csv_text, meta)
    error = caught.value
    assert (error.source, error.row) == (source, line)
    assert words in error.problem
    assert str(error).startswith(source)


def test_load_snapshots_collects_every_error_and_keeps_the_good(tmp_path):
    (tmp_path / "a-good.csv").write_text(ANNUAL, encoding="utf-8")
    (tmp_path / "a-good.meta.yml").write_text(meta_text(META), encoding="utf-8")
    (tmp_path / "b-no-meta.csv").write_text(ANNUAL, encoding="utf-8")
    (tmp_path / "c-bad-value.csv").write_text(ANNUAL.replace("200.25", "two"), encoding="utf-8")
    (tmp_path / "c-bad-value.meta.yml").write_text(meta_text(META), encoding="utf-8")
    (tmp_path / "d-latin1.csv").write_bytes("reporter_iso3\nKOR é".encode("latin-1"))
    (tmp_path / "d-latin1.meta.yml").write_text(meta_text(META), encoding="utf-8")
    (tmp_path / "e-orphan.meta.yml").write_text(meta_text(META), encoding="utf-8")
    snapshots, errors = load_snapshots(tmp_path)
    assert sorted(str(e) for e in errors) == sorted([
        "b-no-meta.meta.yml: missing: every snapshot needs its metadata beside b-no-meta.csv",
        "c-bad-value.csv: row 2: kor_imp: 'two' is not a number",
        "d-latin1.csv: not UTF-8 (byte 18)",
        "e-orphan.meta.yml: no e-orphan.csv beside it",
    ])
    assert set(snapshots.observations["source_id"]) == {"a-good"}
    assert [s["source_id"] for s in snapshots.sources] == ["a-good"]
    assert snapshots.reporters == {"a-good": "KOR"}


def test_load_snapshots_of_an_empty_folder(tmp_path):
    snapshots, errors = load_snapshots(tmp_path)
    assert errors == [] and snapshots.observations.empty and snapshots.monthly.empty
    assert tuple(snapshots.observations.columns) == schema.COLUMNS


# --------------------------------------------------------------------------- the real folder


@pytest.fixture(scope="module")
def real():
    snapshots, errors = load_snapshots(SNAPSHOTS)
    assert errors == []
    return snapshots


def raw_rows(name: str) -> list[dict]:
    with (SNAPSHOTS / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_real_snapshots_are_all_there(real):
    assert [s["source_id"] for s in real.sources] == [
        "imf-dots-trade-annual-partner-reported", "kcs-imf-trade-annual-korea-reported",
        "kcs-trade-monthly-korea-reported", "unctad-fdi-flows-korea-to-ca",
    ]
    assert real.reporters["kcs-imf-trade-annual-korea-reported"] == "KOR"
    assert real.reporters["imf-dots-trade-annual-partner-reported"] == "partner"
    for path in SNAPSHOTS.glob("*.meta.yml"):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert meta["caveats"] and meta["licence"] and meta["producer"], path.name


@pytest.mark.parametrize("country, year", [("UZB", "2020"), ("KAZ", "2022"), ("KGZ", "1998"), ("TJK", "2011")])
def test_real_korea_reported_values_match_the_raw_file(real, country, year):
    raw = next(r for r in raw_rows("kcs-imf-trade-annual-korea-reported") if (r["partner_iso3"], r["year"]) == (country, year))
    obs = real.observations[real.observations["source_id"] == "kcs-imf-trade-annual-korea-reported"]
    assert row(obs, "trade_turnover", country, year)["value"] == round(float(raw["kor_total_trade_usd_mn"]) * 1e6)
    # Korea's exports to the country are the country's imports from Korea
    assert row(obs, "imports", country, year)["value"] == round(float(raw["kor_exports_usd_mn"]) * 1e6)


def test_real_known_values(real):
    obs = real.observations
    kor = obs[obs["source_id"] == "kcs-imf-trade-annual-korea-reported"]
    assert row(kor, "trade_turnover", "UZB", "2020")["value"] == 1_722_395_000  # README: 1,722 USD mn
    assert row(kor, "trade_turnover", "KAZ", "2022")["value"] == pytest.approx(6_525e6, rel=1e-3)
    assert set(kor["year"]) == set(range(1992, 2025))
    assert kor[(kor["country"] == "KGZ") & kor["year"].isin([1993, 1994])].empty  # no row: missing, not zero
    partner = obs[obs["source_id"] == "imf-dots-trade-annual-partner-reported"]
    assert partner["year"].max() == 2020
    assert partner["note"].str.contains("IMF estimate").sum() >= 14
    ytd = obs[obs["period"].str.contains("/")]
    assert set(ytd["period"]) == {"2025-01/2025-05"} and set(ytd["source_id"]) == {"kcs-trade-monthly-korea-reported"}
    fdi = obs[obs["source_id"] == "unctad-fdi-flows-korea-to-ca"]
    assert set(fdi["indicator"]) == {"investment_annual"} and set(fdi["country"]) == {"KAZ", "KGZ", "TJK"}
    assert row(fdi, "investment_annual", "KAZ", "2008")["value"] == 891e6


def test_real_region_totals_only_for_complete_years(real):
    obs = real.observations
    for (_source_id, _indicator, _period), group in obs.groupby(["source_id", "indicator", "period"]):
        countries = set(group["country"])
        if "CAS" in countries:
            assert countries >= set(schema.CENTRAL_ASIA)
            assert group.loc[group["country"] == "CAS", "value"].iloc[0] == group.loc[group["country"] != "CAS", "value"].sum()


def test_real_monthly_series_sums_to_the_annual(real):
    monthly, obs = real.monthly, real.observations
    uzb = monthly[(monthly["country"] == "UZB") & (monthly["indicator"] == "trade_turnover") & (monthly["year"] == 2020)]
    assert len(uzb) == 12
    annual = row(obs[obs["source_id"] == "kcs-imf-trade-annual-korea-reported"], "trade_turnover", "UZB", "2020")["value"]
    assert uzb["value"].sum() == pytest.approx(annual, abs=1000)  # annual file is rounded to USD thousand

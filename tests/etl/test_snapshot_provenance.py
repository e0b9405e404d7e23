"""Provenance as data (issue #10): vintages, producers' pages, reporters, and the cells that are estimates."""
from __future__ import annotations

import csv
from pathlib import Path

import pytest
import yaml

from etl import schema
from etl.errors import SnapshotError
from etl.snapshots import contract_indicator, load_snapshots, parse_snapshot

SNAPSHOTS = Path(__file__).resolve().parents[2] / "data" / "snapshots"
DOTS = "imf-dots-trade-annual-partner-reported"

BASE = {"title": "t", "producer": "IMF DOTS", "url": "https://example.org/mirror", "producer_url": "https://example.org/imf",
        "vintage": "2022-02", "date_accessed": "2026-11-22", "licence": "l", "unit": "USD million", "row": "r",
        "caveats": ["c"], "kind": "annual_trade_long", "reporter": "partner", "region_total": True,
        "columns": {"country": "iso", "year": "year", "flow": "flow", "value": "value"},
        "flows": {"exports_fob": "exports", "imports_cif": "imports"},
        "estimates": {"file": "dots.estimates.csv", "note": "IMF estimate derived from Korea's figure",
                      "columns": {"country": "iso", "year": "year", "flow": "flow", "value": "value", "how": "how"}}}
LONG = "iso,year,flow,value\n" + "".join(
    f"{c},2010,exports_fob,{i + 1}\n{c},2010,imports_cif,{10 * (i + 1)}\n" for i, c in enumerate(schema.CENTRAL_ASIA))
ESTIMATES = "iso,year,flow,value,how,extra\nTKM,2010,imports_cif,40,Korea x 1.06,kept\n"


def meta_text(**changes) -> str:
    return yaml.safe_dump({k: v for k, v in {**BASE, **changes}.items() if v is not None}, allow_unicode=True)


def parse(csv_text=LONG, meta=None, companions=None):
    return parse_snapshot("dots", csv_text, meta or meta_text(),
                          {"dots.estimates.csv": ESTIMATES} if companions is None else companions)


def note(frame, indicator, country, period="2010"):
    hit = frame[(frame["indicator"] == indicator) & (frame["country"] == country) & (frame["period"] == period)]
    assert len(hit) == 1
    return hit.iloc[0]["note"]


# --------------------------------------------------------------------------- estimates


def test_an_estimated_cell_says_so_and_so_does_what_is_built_from_it():
    snap = parse()
    obs = snap.observations
    assert "estimate: IMF estimate derived from Korea's figure (Korea x 1.06)" in note(obs, "imports", "TKM")
    assert "estimate" not in note(obs, "exports", "TKM")
    assert "estimate: includes an estimated flow (imports)" in note(obs, "trade_turnover", "TKM")
    assert "estimate: includes estimated values for TKM" in note(obs, "imports", "CAS")
    assert "estimate" not in note(obs, "exports", "CAS")
    series = snap.series.set_index(["indicator", "country"])
    assert series.loc[("imports", "TKM"), "estimate"].startswith("IMF estimate")
    assert series.loc[("exports", "KAZ"), "estimate"] == ""


@pytest.mark.parametrize(
    "estimates, line, words",
    [
        ("iso,year,flow,value,how\nTKM,2010,imports_cif,41,x\n", 2, "value differs from dots.csv line 9"),
        ("iso,year,flow,value,how\nTKM,2011,imports_cif,40,x\n", 2, "no cell TKM 2011 imports_cif in dots.csv"),
        ("iso,year,flow,value,how\nTKM,2010,imports_cif,40,\n", 2, "must not be empty"),
        ("iso,year,flow,how\nTKM,2010,imports_cif,x\n", 1, "missing column(s): value"),
        ("iso,year,flow,value,how\nTKM,2010,imports_cif,40,x\nTKM,2010,imports_cif,40,x\n", 3, "duplicated"),
    ],
)
def test_a_bad_list_of_estimates_is_rejected_naming_its_line(estimates, line, words):
    with pytest.raises(SnapshotError) as caught:
        parse(companions={"dots.estimates.csv": estimates})
    assert (caught.value.source, caught.value.row) == ("dots.estimates.csv", line)
    assert words in caught.value.problem


@pytest.mark.parametrize(
    "estimates, words",
    [
        ({"file": "other.estimates.csv", "columns": BASE["estimates"]["columns"]}, "companion named dots.<part>.csv"),
        ({"file": "dots.estimates.csv", "columns": {"country": "iso"}}, "missing role(s) year"),
        ({"file": "dots.estimates.csv"}, "must give file and columns"),
    ],
)
def test_a_bad_estimates_field_is_rejected(estimates, words):
    with pytest.raises(SnapshotError) as caught:
        parse(meta=meta_text(estimates=estimates))
    assert caught.value.source == "dots.meta.yml" and words in caught.value.problem


def test_a_missing_companion_is_named():
    with pytest.raises(SnapshotError, match="estimates: no dots.estimates.csv beside it"):
        parse(companions={})


def test_load_snapshots_reads_companions_and_names_stray_ones(tmp_path):
    (tmp_path / "dots.csv").write_text(LONG, encoding="utf-8")
    (tmp_path / "dots.meta.yml").write_text(meta_text(), encoding="utf-8")
    (tmp_path / "dots.estimates.csv").write_text(ESTIMATES, encoding="utf-8")
    (tmp_path / "dots.extra.csv").write_text("a\n1\n", encoding="utf-8")
    (tmp_path / "ghost.estimates.csv").write_text("a\n1\n", encoding="utf-8")
    snapshots, errors = load_snapshots(tmp_path)
    assert sorted(str(e) for e in errors) == [
        "dots.extra.csv: a companion file that no snapshot's .meta.yml names",
        "ghost.estimates.csv: a companion file that no snapshot's .meta.yml names",
    ]
    assert [s["source_id"] for s in snapshots.sources] == ["dots"]
    assert snapshots.series["estimate"].str.len().gt(0).any()


# --------------------------------------------------------------------------- producers, vintages, reporters


def test_rows_of_a_combined_snapshot_carry_their_own_producer_vintage_and_page():
    meta = {**BASE, "kind": "annual_trade", "reporter": "KOR", "estimates": None, "region_total": False,
            "producer": "KCS; IMF", "vintage": "2025-06-14", "producer_url": "https://example.org/kcs",
            "columns": {"country": "iso", "year": "year", "exports": "x", "imports": "m", "note": "source"},
            "by_note": {"IMF": {"producer": "IMF DOTS (Korea-reported)", "vintage": "2022-02",
                                "producer_url": "https://example.org/imf"}}}
    text = "iso,year,x,m,source\nKAZ,1995,1.2,2.4,IMF DOTS\nKAZ,2020,10,20,KCS open API\n"
    snap = parse_snapshot("mixed", text, meta_text(**meta))
    obs = snap.observations.set_index(["indicator", "year"])
    assert tuple(obs.loc[("exports", 1995), ["publisher", "published", "url"]]) == (
        "IMF DOTS (Korea-reported)", "2022-02", "https://example.org/imf")
    assert tuple(obs.loc[("exports", 2020), ["publisher", "published", "url"]]) == (
        "KCS; IMF", "2025-06-14", "https://example.org/kcs")
    assert snap.source["published"] == "2025-06-14"


@pytest.mark.parametrize(
    "by_country, expected",
    [({}, {"KAZ": "KAZ", "TKM": "TKM"}), ({"TKM": "KOR"}, {"KAZ": "KAZ", "TKM": "KOR"})],
)
def test_who_reports_each_country(by_country, expected):
    snap = parse(meta=meta_text(reporter_by_country=by_country))
    series = snap.series[snap.series["indicator"] == "exports"].set_index("country")["reporter"]
    assert {c: series[c] for c in expected} == expected
    assert series["CAS"] == "CAS"  # a region total of the countries' own records


# --------------------------------------------------------------------------- the shipped snapshots


@pytest.fixture(scope="module")
def real():
    snapshots, errors = load_snapshots(SNAPSHOTS)
    assert errors == []
    return snapshots


def test_every_snapshot_states_its_vintage_and_the_producers_page(real):
    for path in sorted(SNAPSHOTS.glob("*.meta.yml")):
        meta = yaml.safe_load(path.read_text(encoding="utf-8"))
        for key in ("title", "producer", "citation", "url", "producer_url", "vintage", "date_accessed", "licence",
                    "caveats"):
            assert meta.get(key), (path.name, key)
        assert str(meta["vintage"]) != str(meta["date_accessed"]), path.name
    stats = real.observations
    assert "2026-11-22" not in set(stats["published"])  # the access date is never the publication date
    assert set(stats["published"]) == {"2014", "2022-02", "2025-06-14"}
    assert {s["source_id"]: s["published"] for s in real.sources} == {
        DOTS: "2022-02", "kcs-imf-trade-annual-korea-reported": "2025-06-14",
        "kcs-trade-monthly-korea-reported": "2025-06-14", "unctad-fdi-flows-korea-to-ca": "2014"}
    assert not stats["url"].str.contains("github.com").any()


def test_the_korea_reported_1990s_are_imf_figures_of_their_own_vintage(real):
    obs = real.observations
    kor = obs[obs["source_id"] == "kcs-imf-trade-annual-korea-reported"].set_index(["indicator", "country", "year"])
    assert kor.loc[("trade_turnover", "UZB", 1995), "published"] == "2022-02"
    assert kor.loc[("trade_turnover", "UZB", 1995), "publisher"].startswith("IMF Direction of Trade Statistics")
    assert kor.loc[("trade_turnover", "UZB", 2023), "published"] == "2025-06-14"
    assert kor.loc[("trade_turnover", "UZB", 2023), "publisher"] == "Korea Customs Service"


def estimated_cells() -> list[dict]:
    with (SNAPSHOTS / f"{DOTS}.estimates.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_list_of_estimates_is_the_audits():
    cells = estimated_cells()
    assert len(cells) == 54
    assert sum(c["imf_estimate_flag"] == "e" for c in cells) == 14
    assert sum(c["reporter_iso3"] == "TKM" and not c["imf_estimate_flag"] for c in cells) == 34
    assert sum(c["reporter_iso3"] == "TJK" for c in cells) == 6


def test_every_statistics_row_built_from_an_estimate_says_estimate(real):
    obs = real.observations[real.observations["source_id"] == DOTS]
    rows = obs.set_index(["indicator", "country", "year"])["note"]
    flows = {"exports_fob": "exports", "imports_cif": "imports"}
    for cell in estimated_cells():
        indicator = contract_indicator("partner", flows[cell["flow"]])
        country, year = cell["reporter_iso3"], int(cell["year"])
        assert "estimate" in rows[(indicator, country, year)], cell
        if ("trade_turnover", country, year) in rows.index:
            assert "estimate" in rows[("trade_turnover", country, year)], cell
        if (indicator, "CAS", year) in rows.index:
            assert "estimate" in rows[(indicator, "CAS", year)], cell
    estimated = {(contract_indicator("partner", flows[c["flow"]]), c["reporter_iso3"], int(c["year"]))
                 for c in estimated_cells()}
    countries = obs[obs["country"] != "CAS"]
    flagged = {k for k, n in countries.set_index(["indicator", "country", "year"])["note"].items()
               if "estimate" in n and k[0] != "trade_turnover"}
    assert flagged == estimated  # and no other cell is called an estimate

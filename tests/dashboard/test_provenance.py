"""About this data: provenance records and citation text from snapshots/*.meta.yml (#11, #10)."""
from pathlib import Path

import pytest

from dashboard import provenance
from dashboard.provenance import About, about_lines, citation_bibtex, citation_plain, parse_about, read_about

META = """title: "Korea's trade with Central Asia, annual"
producer: Korea Customs Service
citation: Korea Customs Service, trade statistics by country.
url: https://github.com/mirror/trade_data.csv
producer_url: https://unipass.customs.go.kr/ets/
date_accessed: 2026-11-22
vintage: 2025-06-14
licence: Public data (Korea's Public Data Act).
reporter: KOR
caveats:
  - Korea-reported.
  - "Gaps stay missing, never zero."
"""


def test_parse_about_reads_every_field():
    a = parse_about("kcs", META)
    assert (a.producer, a.vintage, a.date_accessed, a.reporter) == ("Korea Customs Service", "2025-06-14", "2026-11-22", "KOR")
    assert a.caveats == ("Korea-reported.", "Gaps stay missing, never zero.")
    assert a.producer_url == "https://unipass.customs.go.kr/ets/" and a.when == "vintage 2025-06-14"


@pytest.mark.parametrize(
    "text, check",
    [
        ("producer: X\nurl: javascript:alert(1)\n", lambda a: a.url == ""),  # only http(s) addresses
        ("producer: X\ncaveats: one caveat\n", lambda a: a.caveats == ("one caveat",)),
        ("producer: X\ndate_accessed: 2026-11-22\n", lambda a: a.vintage == "" and a.when == "accessed 2026-11-22"),
        ("producer: [1, 2]\n", lambda a: a.producer == ""),
        ("- a list\n", lambda a: a is None),
        ("key: [unclosed\n", lambda a: a is None),
        ("!!python/object/apply:os.system ['echo x']\n", lambda a: a is None),  # safe_load: no code runs
    ],
)
def test_parse_about_is_safe_and_tolerant(text, check):
    assert check(parse_about("s", text))


def test_citation_text_plain_and_bibtex():
    a = parse_about("kcs-imf-trade-annual-korea-reported", META)
    plain = citation_plain(a)
    assert plain.startswith("Korea Customs Service (2025). Korea's trade with Central Asia, annual.")
    assert "Vintage 2025-06-14; accessed 2026-11-22." in plain and plain.endswith("https://unipass.customs.go.kr/ets/")
    bib = citation_bibtex(a)
    assert bib.startswith("@misc{kcs-imf-trade-annual-korea-reported,") and "author = {{Korea Customs Service}}" in bib
    assert "year = {2025}" in bib and "urldate = {2026-11-22}" in bib
    assert citation_bibtex(About("x", producer="A & B_C {}")).count("\\&") == 1  # specials escaped


def test_read_about_beside_the_data_and_about_lines(tmp_path):
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "kcs.meta.yml").write_text(META, encoding="utf-8")
    assert read_about(tmp_path, "kcs").producer == "Korea Customs Service"
    for bad in ("../kcs", "missing", "", None, ["kcs"], ".hidden"):
        assert read_about(tmp_path, bad) is None
    lines = about_lines(tmp_path, ["kcs", "missing", "kcs"])
    assert lines[0] == "Korea Customs: Korea's trade with Central Asia, annual (vintage 2025-06-14)"
    assert "  Caveat: Gaps stay missing, never zero." in lines and lines[-1].startswith("  Cite: Korea Customs Service")


def test_the_shipped_snapshots_all_have_an_about_record():
    data = Path(__file__).resolve().parents[2] / "data"
    ids = [p.name[: -len(".meta.yml")] for p in (data / "snapshots").glob("*.meta.yml")]
    records = provenance.about_records(data, ids)
    assert len(records) == len(ids) > 0
    assert all(r.producer and r.licence and r.caveats and r.date_accessed for r in records)


def test_about_blocks_for_slide_notes(tmp_path):
    (tmp_path / "snapshots").mkdir()
    (tmp_path / "snapshots" / "kcs.meta.yml").write_text(META, encoding="utf-8")
    [block] = provenance.about_blocks(tmp_path, ["kcs", "missing"])
    assert block.splitlines()[0] == "Korea's trade with Central Asia, annual (series kcs)"
    assert "Vintage: 2025-06-14; accessed 2026-11-22" in block and "Caveat: Korea-reported." in block
    assert block.splitlines()[-1].startswith("Cite as: Korea Customs Service (2025).")

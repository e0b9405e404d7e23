"""``python -m dashboard.export``: files for one view or a deck; clear messages and exit codes on bad arguments.

Issue: "Briefing slides: figures that drop straight into a deck" (item 5); #14: a mistaken --out fails
with one clear line, non-zero, writing nothing; #11: "About this data" in the notes, official series as context.
"""
from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
from pptx import Presentation

from dashboard.data import Filters, filter_rows
from dashboard.export import main

ROOT = Path(__file__).resolve().parents[2]
UZB = ["--indicator", "trade_turnover", "--country", "UZB"]


@pytest.fixture
def run(data_path, capsys, tmp_path, monkeypatch):
    """main() in-process on the sample data; returns (exit status, stdout, stderr)."""
    monkeypatch.chdir(tmp_path)

    def _run(*argv):
        code = main(["--data", str(data_path), *map(str, argv)])
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def test_one_view_as_pptx_with_default_name(run, tmp_path, bundle):
    code, out, err = run("--indicator", "trade_turnover", "--country", "UZB", "--country", "KAZ", "--from", 2019, "--to", 2023)
    assert (code, err) == (0, "")
    path = tmp_path / "kca-trade_turnover-UZB-KAZ-KOR-2019-2023.pptx"
    assert f"wrote {path.name}" in out and path.exists()
    deck = Presentation(str(path))
    chart = next(s for s in deck.slides[0].shapes if s.has_chart).chart
    assert list(chart.plots[0].categories) == [str(y) for y in range(2019, 2024)]
    assert deck.slides[0].shapes.title.text == "Trade turnover"


def test_several_countries_after_one_flag_or_comma_separated(run, tmp_path, bundle):
    for countries in (["UZB", "KAZ"], ["uzb,kaz"]):
        code, _, err = run("--indicator", "trade_turnover", "--country", *countries, "--from", 2020, "--to", 2023,
                           "--format", "csv", "--out", tmp_path / "v.csv", "--statistics", "all")
        assert code == 0, err
        rows = list(csv.DictReader(io.StringIO((tmp_path / "v.csv").read_text(encoding="utf-8"))))
        want = filter_rows(bundle.rows, Filters("trade_turnover", ("UZB", "KAZ"), "KOR", (2020, 2023)))
        assert sorted(r["id"] for r in rows) == sorted(want["id"])


def test_format_follows_the_out_suffix(run, tmp_path):
    code, _, err = run("--indicator", "trade_turnover", "--country", "UZB", "--out", tmp_path / "brief" / "uzb.csv")
    assert code == 0, err
    assert (tmp_path / "brief" / "uzb.csv").read_text(encoding="utf-8").startswith("id,indicator,")


def test_a_deck_has_one_slide_per_view(run, tmp_path):
    deck_file = tmp_path / "deck.yml"
    deck_file.write_text(
        "title: Briefing pack\n"
        "slides:\n"
        "  - {indicator: trade_turnover, countries: [UZB, KAZ], from: 2019, to: 2023}\n"
        "  - {indicator: joint_ventures, countries: UZB, title: Joint ventures in Uzbekistan}\n"
        "  - {indicator: edcf_loan, countries: [TKM]}\n",
        encoding="utf-8",
    )
    code, out, err = run("--deck", deck_file, "--out", tmp_path / "pack.pptx")
    assert code == 0 and "wrote" in out
    assert "slide 3: no figures of edcf_loan" in err  # warned, and the slide says so
    deck = Presentation(str(tmp_path / "pack.pptx"))
    assert [s.shapes.title.text for s in deck.slides] == [
        "Briefing pack", "Trade turnover", "Joint ventures in Uzbekistan", "New EDCF loans"]


def test_the_example_deck_is_valid(data_path, tmp_path, capsys):
    code = main(["--deck", str(ROOT / "examples" / "briefing-deck.yml"), "--out", str(tmp_path / "x.pptx"),
                 "--data", str(data_path)])
    assert code == 0, capsys.readouterr().err


@pytest.mark.parametrize("argv, message", [
    (["--indicator", "gdp", "--country", "UZB"], "unknown indicator “gdp”; use one of trade_turnover"),
    (["--indicator", "trade_turnover", "--country", "UZB", "XXX"], "unknown country code(s) XXX"),
    (["--indicator", "trade_turnover", "--from", "2024", "--to", "2019"], "--from 2024 is after --to 2019"),
    (["--indicator", "trade_turnover", "--from", "soon"], "from must be a year such as 2015"),
    (["--country", "UZB"], "an indicator is required"),
    (["--deck", "/no/such/deck.yml"], "cannot read the deck /no/such/deck.yml"),
    (["--deck", "DECK", "--format", "png"], "a deck is written as pptx"),
])
def test_usage_errors_exit_2_with_a_message(run, argv, message, tmp_path):
    (tmp_path / "deck.yml").write_text("slides: [{indicator: trade_turnover}]\n", encoding="utf-8")
    argv = [str(tmp_path / "deck.yml") if a == "DECK" else a for a in argv]
    code, out, err = run(*argv)
    assert code == 2
    assert message in err and err.startswith("python -m dashboard.export: error: ")
    assert err.count("\n") == 1  # one line (#14)
    assert out == "" and not list(tmp_path.glob("*.pptx"))


@pytest.mark.parametrize("text, message", [
    ("slides: [\n", "not valid YAML"),
    ("just a string\n", "a deck is a mapping with a non-empty list `slides:`"),
    ("slides: []\n", "non-empty list"),
    ("slides:\n  - {indicator: trade_turnover}\n  - {indicator: gdp}\n", "slide 2: unknown indicator “gdp”"),
    ("slides:\n  - {indicator: exports, countries: [UZB, MARS]}\n", "slide 1: unknown country code(s) MARS"),
    ("slides:\n  - {indicator: exports, from: 2024, to: 2020}\n", "slide 1: --from 2024 is after --to 2020"),
    ("slides:\n  - {indicator: exports, colour: red}\n", "slide 1: unknown key(s) colour"),
    ("slides:\n  - trade_turnover\n", "slide 1: expected a mapping"),
    ("slides: [{indicator: exports}]\nauthor: me\n", "unknown key(s) author"),
    ("!!python/object/apply:os.system ['echo hacked']\n", "not valid YAML"),  # safe_load: no code runs
])
def test_bad_decks_exit_2_naming_the_file_and_the_slide(run, tmp_path, text, message):
    deck = tmp_path / "deck.yml"
    deck.write_text(text, encoding="utf-8")
    code, _, err = run("--deck", deck)
    assert code == 2
    assert f"{deck}: " in err and message in err


def test_a_view_without_figures_exits_1_and_writes_nothing(run, tmp_path):
    code, out, err = run("--indicator", "edcf_loan", "--country", "TKM", "--out", tmp_path / "x.pptx")
    assert code == 1 and "no figures of edcf_loan for TKM" in err and "nothing written" in err
    assert not (tmp_path / "x.pptx").exists()


def test_a_missing_data_file_is_a_usage_error(capsys, tmp_path):
    assert main(["--indicator", "trade_turnover", "--data", str(tmp_path / "none.csv")]) == 2
    assert "no such data file" in capsys.readouterr().err


def test_no_chromium_exits_1_with_the_install_hint(run, tmp_path, monkeypatch):
    monkeypatch.delenv("BROWSER_PATH", raising=False)
    monkeypatch.setenv("PATH", str(tmp_path))
    code, _, err = run("--indicator", "trade_turnover", "--country", "UZB", "--format", "png")
    assert code == 1 and "apt-get install chromium" in err
    assert not list(tmp_path.glob("*.png"))


def test_the_module_runs_as_a_command(data_path, tmp_path):
    """The real entry point, in a subprocess: exit codes reach the shell."""
    env_cmd = [sys.executable, "-m", "dashboard.export", "--data", str(data_path)]
    ok = subprocess.run([*env_cmd, "--indicator", "trade_turnover", "--country", "UZB", "--format", "csv",
                         "--out", str(tmp_path / "u.csv")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert ok.returncode == 0, ok.stderr
    bad = subprocess.run([*env_cmd, "--indicator", "trade_turnover", "--format", "gif"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert bad.returncode == 2 and "invalid choice: 'gif'" in bad.stderr
    too = subprocess.run([*env_cmd, "--indicator", "trade_turnover", "--out", str(tmp_path / "foo.xlsx")], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert too.returncode == 2 and too.stdout == "" and not (tmp_path / "foo.xlsx").exists()  # #14
    assert too.stderr.splitlines() == [f"python -m dashboard.export: error: --out {tmp_path / 'foo.xlsx'}: "
                                       "unknown extension .xlsx; use .pptx, .png, .svg or .csv (see --help)"]


# ---------------------------------------------------------------- --out and --format (#14)


@pytest.mark.parametrize("out, fmt, message", [
    ("foo.xlsx", None, "--out foo.xlsx: unknown extension .xlsx; use .pptx, .png, .svg or .csv"),
    ("foo.xlsx", "pptx", "--out foo.xlsx: unknown extension .xlsx"),
    ("brief.v2", None, "--out brief.v2: unknown extension .v2"),
    ("foo.png", "pptx", "--out foo.png ends in .png but --format is pptx; make them agree"),
    ("foo.pptx", "csv", "--out foo.pptx ends in .pptx but --format is csv"),
    ("sub/", None, "--out sub/ is a folder; give a file name ending in .pptx, .png, .svg or .csv"),
])
def test_an_out_that_disagrees_is_refused_naming_out_and_nothing_is_written(run, tmp_path, out, fmt, message):
    (tmp_path / "sub").mkdir()
    code, stdout, err = run(*UZB, "--out", out, *(["--format", fmt] if fmt else []))
    assert (code, stdout) == (2, "")
    assert err == f"python -m dashboard.export: error: {message}" + err.split(message, 1)[1]
    assert err.count("\n") == 1 and err.endswith("(see --help)\n")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["sub"] and not list((tmp_path / "sub").iterdir())


@pytest.mark.parametrize("out, fmt, written, magic", [
    ("brief", "png", "brief.png", b"\x89PNG"),  # no extension: the format's is added
    ("brief", "csv", "brief.csv", b"id,indicator"),
    ("brief", None, "brief.pptx", b"PK"),
    ("BRIEF.PPTX", None, "BRIEF.PPTX", b"PK"),  # extensions in any case
    ("brief.csv", "csv", "brief.csv", b"id,indicator"),
    ("brief.svg", None, "brief.svg", b"<svg"),  # the extension gives the format
])
def test_out_and_format_agree(run, tmp_path, out, fmt, written, magic):
    code, stdout, err = run(*UZB, "--out", out, *(["--format", fmt] if fmt else []))
    assert code == 0, err
    assert stdout == f"wrote {written} ({(tmp_path / written).stat().st_size:,} bytes)\n"
    assert (tmp_path / written).read_bytes().lstrip()[:len(magic)] == magic
    assert [p.name for p in tmp_path.iterdir()] == [written]


def test_a_deck_refuses_an_image_out(run, tmp_path):
    (tmp_path / "deck.yml").write_text("slides: [{indicator: trade_turnover}]\n", encoding="utf-8")
    code, _, err = run("--deck", tmp_path / "deck.yml", "--out", "pack.png")
    assert code == 2 and "a deck is written as pptx, not png (--out pack.png)" in err
    assert not (tmp_path / "pack.png").exists()


# ---------------------------------------------------------------- official series and "About this data" (#11)

META = """title: Uzbekistan-Korea trade, Korea-reported
producer: Korea Customs Service
producer_url: https://unipass.customs.go.kr
citation: Korea Customs Service, trade statistics by country.
url: https://example.org/kcs-trade-annual
date_accessed: 2025-01-31
vintage: 2025-01 release
vintage_note: figures as of 31 January 2025.
licence: Public data, free to reuse under Korea's Public Data Act.
caveats:
  - Korea-reported; Uzbek statistics differ.
  - 2024 is provisional.
kind: annual_trade
"""


@pytest.fixture
def data_with_meta(tmp_path_factory):
    import sys

    sys.path.insert(0, str(Path(__file__).parent))
    from sample_data import write_data_folder

    path = write_data_folder(tmp_path_factory.mktemp("meta"))
    (path.parent / "snapshots").mkdir()
    (path.parent / "snapshots" / "kcs-trade-annual.meta.yml").write_text(META, encoding="utf-8")
    # loaded safely: a tag that would run code is unreadable metadata, not a command
    (path.parent / "snapshots" / "imf-dots-partner-reported.meta.yml").write_text(
        "!!python/object/apply:os.system ['touch pwned']\n", encoding="utf-8")
    return path


def notes_of(path: Path) -> str:
    return Presentation(str(path)).slides[-1].notes_slide.notes_text_frame.text


def test_the_notes_say_about_this_data_for_each_official_series(data_with_meta, tmp_path, capsys):
    code = main(["--data", str(data_with_meta), *UZB, "--statistics", "all", "--out", str(tmp_path / "u.pptx")])
    assert code == 0, capsys.readouterr().err
    about = notes_of(tmp_path / "u.pptx").split("About this data\n", 1)[1]
    assert about.split("\n\nComparators:")[0].strip().split("\n") == [
        "imf-dots-partner-reported: no readable metadata (snapshots/imf-dots-partner-reported.meta.yml)",
        "",
        "Uzbekistan-Korea trade, Korea-reported (series kcs-trade-annual)",
        "Producer: Korea Customs Service, https://unipass.customs.go.kr",
        "Vintage: 2025-01 release (figures as of 31 January 2025); accessed 2025-01-31",
        "Licence: Public data, free to reuse under Korea's Public Data Act.",
        "Caveat: Korea-reported; Uzbek statistics differ.",
        "Caveat: 2024 is provisional.",
        "Cite as: Korea Customs Service (2025). Uzbekistan-Korea trade, Korea-reported. Korea Customs Service, trade "
        "statistics by country. Vintage 2025-01 release; accessed 2025-01-31. https://unipass.customs.go.kr",
    ]


@pytest.mark.parametrize("flags, official", [
    ([], ["Uzbekistan, official: Korea Customs Service"]),  # context: one series per country
    (["--statistics", "context"], ["Uzbekistan, official: Korea Customs Service"]),
    (["--statistics", "all"], ["Uzbekistan, official: IMF Direction of Trade Statistics (partner-reported)",
                               "Uzbekistan, official: Korea Customs Service"]),
    (["--statistics", "none"], []),
    (["--no-statistics"], []),
])
def test_official_series_as_context_unless_asked(run, tmp_path, flags, official):
    code, _, err = run(*UZB, *flags, "--out", tmp_path / "u.pptx")
    assert code == 0, err
    chart = next(s for s in Presentation(str(tmp_path / "u.pptx")).slides[0].shapes if s.has_chart).chart
    assert [s.name for s in chart.plots[0].series if ", official" in s.name] == official
    about = notes_of(tmp_path / "u.pptx")
    assert ("About this data" in about) == bool(official)  # the sample folder has no metadata: says so

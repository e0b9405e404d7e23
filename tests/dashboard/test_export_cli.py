"""``python -m dashboard.export``: files for one view or a deck; clear messages and exit codes on bad arguments.

Issue: "Briefing slides: figures that drop straight into a deck" (item 5).
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
                           "--format", "csv", "--out", tmp_path / "v.csv")
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
    assert message in err and "usage: python -m dashboard.export" in err
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

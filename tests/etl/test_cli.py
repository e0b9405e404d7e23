"""`python -m etl build` and `show`: exit codes, untouched outputs on bad input, determinism, atomicity,
curation overrides and conflicts (issue #3)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from etl.__main__ import main

ROOT = Path(__file__).resolve().parents[2]
SHIPPED = ROOT / "data" / "sources"
OUTPUTS = ("indicators.csv", "sources.csv", "review.csv")

GOOD = """---
title: Presidents met
publisher: Press Service of the President of the Republic of Uzbekistan
published: 2024-06-14
url: https://example.org/a
---
In our country, 726 joint ventures with Korean capital are operating. Korea's investment exceeds US $7,5 billion,
and last year's trade reached US $2,5 billion.
"""
OTHER = GOOD.replace("2024-06-14", "2024-07-01").replace("US $2,5 billion", "US $3,5 billion")
BAD = {
    "no-front-matter.md": b"Trade reached $2 billion.\n",
    "bad-yaml.md": b"---\ntitle: [oops\npublisher: P\npublished: 2024\n---\nBody\n",
    "no-published.md": b"---\ntitle: T\npublisher: P\n---\nBody\n",
    "not-utf8.md": "---\ntitle: T\npublisher: P\npublished: 2024\n---\nBody ü\n".encode("latin-1"),
    "empty-body.md": b"---\ntitle: T\npublisher: P\npublished: 2024\n---\n\n",
}


@pytest.fixture
def corpus(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    (src / "2024-06-14-good.md").write_text(GOOD, encoding="utf-8")
    (src / "2024-07-01-other.md").write_text(OTHER, encoding="utf-8")
    return src


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def test_build_writes_tables_and_summary(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    assert main(["build", "--sources", str(corpus), "--out", str(out)]) == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(OUTPUTS)
    text = capsys.readouterr().out
    for word in ("documents   2 read", "figures     6 from text", "to review", "overrides   0 applied", "conflicts   1"):
        assert word in text
    assert "trade_turnover UZB-KOR 2023" in text  # 2.5 bn and 3.5 bn for the same year disagree


def test_two_builds_are_byte_identical(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    assert main(["build", "--sources", str(SHIPPED), "--out", str(a)]) == 0
    assert main(["build", "--sources", str(SHIPPED), "--out", str(b)]) == 0
    assert snapshot(a) == snapshot(b)


@pytest.mark.parametrize("name", sorted(BAD))
def test_bad_document_exit_1_and_outputs_unchanged(corpus, tmp_path, capsys, name):
    out = tmp_path / "out"
    assert main(["build", "--sources", str(corpus), "--out", str(out)]) == 0
    before = snapshot(out)
    (corpus / name).write_bytes(BAD[name])
    capsys.readouterr()
    assert main(["build", "--sources", str(corpus), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert name in err and "nothing written" in err
    assert snapshot(out) == before


def test_every_bad_document_is_reported_at_once(corpus, tmp_path, capsys):
    for name, data in BAD.items():
        (corpus / name).write_bytes(data)
    assert main(["build", "--sources", str(corpus), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert all(name in err for name in BAD)
    assert not (tmp_path / "out").exists()


def test_keep_going_writes_the_good_ones(corpus, tmp_path, capsys):
    for name, data in BAD.items():
        (corpus / name).write_bytes(data)
    out = tmp_path / "out"
    assert main(["build", "--sources", str(corpus), "--out", str(out), "--keep-going"]) == 1
    sources = (out / "sources.csv").read_text()
    assert "2024-06-14-good" in sources and "no-published" not in sources


def test_overrides_reject_and_correct_by_id(corpus, tmp_path, capsys):
    out = tmp_path / "out"
    main(["build", "--sources", str(corpus), "--out", str(out)])
    import csv

    rows = list(csv.DictReader(open(out / "indicators.csv", encoding="utf-8")))
    jv = next(r for r in rows if r["indicator"] == "joint_ventures" and r["source_id"] == "2024-06-14-good")
    trade = next(r for r in rows if r["indicator"] == "trade_turnover" and r["source_id"] == "2024-07-01-other")
    (tmp_path / "overrides.csv").write_text(
        "id,action,indicator,year,value,reason\n"
        f"{jv['id']},reject,,,,duplicate of the official count\n"
        f"{trade['id']},correct,,2022,,the speech was about 2022\n"
        "ffffffffffff,reject,,,,an id that no longer exists\n", encoding="utf-8")
    capsys.readouterr()
    assert main(["build", "--sources", str(corpus), "--out", str(out)]) == 0
    text = capsys.readouterr().out
    assert "overrides   2 applied, 1 with an unknown id" in text and "ffffffffffff" in text
    rows = {r["id"]: r for r in csv.DictReader(open(out / "indicators.csv", encoding="utf-8"))}
    assert jv["id"] not in rows
    assert rows[trade["id"]]["method"] == "curated" and rows[trade["id"]]["year"] == "2022"
    assert "the speech was about 2022" in rows[trade["id"]]["note"]
    assert "rejected by a curator" in (out / "review.csv").read_text()


def test_interrupted_write_leaves_old_files_whole(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    main(["build", "--sources", str(corpus), "--out", str(out)])
    before = snapshot(out)
    (corpus / "2024-07-01-other.md").write_text(OTHER.replace("3,5", "4,5"), encoding="utf-8")
    import etl.io

    calls = {"n": 0}
    real_fsync = os.fsync

    def dying_fsync(fd):
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        real_fsync(fd)

    monkeypatch.setattr(etl.io.os, "fsync", dying_fsync)
    assert main(["build", "--sources", str(corpus), "--out", str(out)]) == 130
    assert snapshot(out) == before  # no temporary file left either


def test_show_prints_a_table(capsys, tmp_path):
    path = tmp_path / "2024-06-14-good.md"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["show", str(path), "--review"]) == 0
    out = capsys.readouterr().out
    assert "joint_ventures" in out and "US $7,5 billion" in out and "3 figures" in out


def test_missing_sources_folder_is_a_clear_error(tmp_path, capsys):
    assert main(["build", "--sources", str(tmp_path / "nope"), "--out", str(tmp_path / "o")]) == 2
    assert "no such folder" in capsys.readouterr().err


# --- mistaken commands: one clear line, exit status 2, nothing written (issue #14) ---------------

@pytest.mark.parametrize("make, words", [
    (lambda p: p.mkdir(), "no documents found there"),                          # an empty folder
    (lambda p: (p.mkdir(), (p / "notes.csv").write_text("a,b\n")), "no documents found there"),  # no .md/.txt
    (lambda p: None, "no such folder of source documents"),                     # a folder that is not there
    (lambda p: p.write_text("---\n"), "is not a folder of source documents"),   # a file
])
def test_a_mistaken_sources_folder_is_one_line_exit_2_nothing_written(tmp_path, capsys, make, words):
    src = tmp_path / "src"
    make(src)
    out = tmp_path / "out"
    assert main(["build", "--sources", str(src), "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and words in err and str(src) in err
    assert not out.exists()


def test_the_data_folder_itself_is_not_a_folder_of_documents():
    proc = subprocess.run([sys.executable, "-m", "etl", "build", "--sources", "data"], cwd=ROOT, capture_output=True,
                          text=True)
    assert proc.returncode == 2
    assert proc.stderr == ("python -m etl build: error: data: no documents found there (files ending in .md, .txt, "
                           ".markdown); nothing written\n")
    assert not (ROOT / "indicators.csv").exists()


def test_show_of_a_missing_file_is_one_line_exit_2(tmp_path, capsys):
    assert main(["show", str(tmp_path / "nope.md")]) == 2
    assert capsys.readouterr().err.strip().endswith("nope.md: no such file")


def test_show_of_a_bad_document_names_every_problem(tmp_path, capsys):
    path = tmp_path / "bad.md"
    path.write_text("---\ntitle: T\npublished: 2024-13-45\nurl: javascript:alert(1)\n---\nBody.\n", encoding="utf-8")
    assert main(["show", str(path)]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "error: bad.md: publisher: missing (required: title, publisher, published)",
        "error: bad.md: published: '2024-13-45' is not a date: there is no month 13",
        "error: bad.md: url: 'javascript:alert(1)' is not an http(s) address: write http://… or https://…, "
        "or leave it empty",
    ]


def test_a_crash_inside_the_extraction_names_its_document_and_spares_the_others(corpus, tmp_path, capsys, monkeypatch):
    import etl.__main__ as cli

    real = cli.extract_document

    def failing(doc):
        if doc.source_id == "2024-07-01-other":
            raise RecursionError("maximum recursion depth exceeded")
        return real(doc)

    monkeypatch.setattr(cli, "extract_document", failing)
    assert main(["build", "--sources", str(corpus), "--out", str(tmp_path / "out"), "--keep-going"]) == 1
    err = capsys.readouterr().err
    assert ("error: rejected: 2024-07-01-other.md: the extraction failed (RecursionError: maximum recursion depth "
            "exceeded); please report this file") in err
    assert "2024-06-14-good" in (tmp_path / "out" / "sources.csv").read_text(encoding="utf-8")

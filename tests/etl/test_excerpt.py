"""Excerpts: the cited sentences and what their figures need, with the same figures as the whole text (issue 13)."""
from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import etl.excerpt as ex
from etl.__main__ import main
from etl.documents import Document, parse
from etl.extract import mentions

ROOT = Path(__file__).resolve().parents[2]
DEV = ROOT.parent / "shared" / "corpus" / "dev"
needs_shared = pytest.mark.skipif(not DEV.is_dir(), reason="../shared (the dev corpus) not beside the repo")
SEEDS = {"2016-11-18-korea-net-central-asia-forum", "2021-01-isrs-virtual-conference-korea",
         "2022-06-22-news1-park-jin-central-asia", "2024-05-16-isrs-korean-experts",
         "2024-06-14-president-uz-negotiations"}
COMPARED = ("indicator", "country", "partner", "year", "period", "value", "unit", "comparator", "stated", "quote")


def doc(body: str, title: str = "Talks continued", url: str = "https://example.org/a") -> Document:
    return Document("t", title, "Press service", "2024-06-14", url, "en", body)


# --- joining sentences -----------------------------------------------------------------------

BODY = "A one. B two. C three.\nD four.\n\nE five. F six."  # sentences A-D in one paragraph, E-F in the next


@pytest.mark.parametrize("keep, expected", [
    ({0, 1}, "A one. B two."),  # adjacent: the text between them as it stands
    ({2, 3}, "C three.\nD four."),
    ({3, 4}, "D four.\n\nE five."),
    ({0, 2}, "A one.\n[…]\nC three."),  # a gap inside a paragraph: a line of its own
    ({1, 4}, "B two.\n\n[…]\n\nE five."),  # a gap across paragraphs: a paragraph of its own
    ({0, 3, 5}, "A one.\n[…]\nD four.\n\n[…]\n\nF six."),
])
def test_join_keeps_sentences_and_paragraphs(keep, expected):
    assert ex.join(BODY, ex.split_sentences(BODY), keep) == expected


LONG = ("In 2023 trade grew. Korea's exports to Uzbekistan reached $2 billion. It rose 10% on the year.\n"
        "Investment from Korea reached US$ 7,5 bn in total, officials said. No. 3 on the list was Samsung.\n\n"
        "The talks ended. The next round is in Seoul in May.\n\nCotton exports were $120 mln. They fell.")


@settings(max_examples=150, deadline=None)
@given(st.sets(st.integers(0, 9), min_size=1))
def test_an_excerpt_splits_into_its_sentences_and_the_marker_hides_or_makes_no_figure(keep):
    sents = ex.split_sentences(LONG)
    keep = {i for i in keep if i < len(sents)} or {0}
    text = ex.join(LONG, sents, keep)
    got = ex.split_sentences(text)
    kept = [s for s in got if s.text != ex.GAP]
    assert [s.text for s in kept] == [sents[i].text for i in sorted(keep)]
    # two kept sentences share a paragraph in the excerpt exactly when they did in the whole text
    pairs = [(a, b) for a in range(len(kept)) for b in range(a + 1, len(kept))]
    original = [sents[i] for i in sorted(keep)]
    assert all((kept[a].paragraph == kept[b].paragraph) == (original[a].paragraph == original[b].paragraph)
               for a, b in pairs)
    # every number of the excerpt is a number of a kept sentence, read the same way
    assert [(m.stated, m.value, m.kind) for m in mentions(text)] == \
        [(m.stated, m.value, m.kind) for i in sorted(keep) for m in mentions(sents[i].text)]


def test_the_marker_is_no_number():
    assert mentions(ex.GAP) == [] and mentions(f"$2 billion.\n{ex.GAP}\n2023") != []


# --- the fixpoint, with the real extraction --------------------------------------------------


def test_an_excerpt_keeps_the_sentences_naming_the_country_and_the_year():
    whole = doc("The presidents of Uzbekistan and Korea met in Tashkent on Friday. The talks covered energy, "
                "transport and education.\n\nThe delegations also visited a textile factory. The statistics agency "
                "published its figures for 2023 on Monday. Trade with Korea reached $2.5 billion. The ministers "
                "praised the result.\n\nThe next meeting will be held in Seoul.")
    result = ex.excerpt(whole)
    assert not result.whole and result.figures == 1
    assert ex.figures(result.document) == ex.figures(whole)
    body = result.document.body
    assert "Trade with Korea reached $2.5 billion." in body  # the cited sentence
    assert "figures for 2023" in body  # the previous sentence of its paragraph: the year
    assert "Uzbekistan" in body  # the sentence naming the country
    assert "textile" not in body and "Seoul" not in body and "praised" not in body
    assert result.document.excerpt and result.document.url == whole.url


def test_an_excerpt_grows_until_its_figures_are_the_whole_texts():
    # the sentence names no country; the document's country comes from the sentences after it
    whole = doc("Trade with Korea reached $2.5 billion in 2023, the ministry said.\n\nOfficials from Kazakhstan "
                "attended the forum as guests. Uzbekistan hosted the forum in its capital. Uzbekistan also signed "
                "agreements on culture. The weather was warm.", title="Forum held")
    sents = ex.split_sentences(whole.body)
    result = ex.excerpt(whole)
    assert ex.figures(result.document) == ex.figures(whole)
    assert len(ex.seed(sents, {0})) < result.kept < result.total
    assert "weather" not in result.document.body


def test_a_document_without_figures_keeps_its_lead():
    result = ex.excerpt(doc("The presidents met in Seoul. They discussed culture.\n\nThey planted a tree."))
    assert (result.document.body, result.figures, result.whole) == ("The presidents met in Seoul.", 0, False)


# --- the fixpoint, with extractions of our own making -----------------------------------------

FIXPOINT = "Key: Uzbekistan. Filler one. Filler two. The figure: 5 units. Tail one. Tail two."


def fake_extraction(needs):
    """An extraction whose one figure is resolved only when ``needs(body)`` holds."""
    def extract_document(d):
        at = d.body.index("5 units")
        sentence = next(s for s in ex.split_sentences(d.body) if s.start <= at < s.end)
        row = {"indicator": "companies", "country": "UZB" if needs(d.body) else "", "partner": "KOR", "year": 2024,
               "period": "2024", "value": "5", "unit": "count", "comparator": "equal", "stated": "5 units",
               "quote": sentence.text, "char_start": at}
        return [row], []
    return extract_document


@pytest.mark.parametrize("needs, expected_body, whole", [
    # a context far before the figure: reached by adding the nearest earlier sentences first
    (lambda body: "Key:" in body, "Key: Uzbekistan. Filler one. Filler two. The figure: 5 units.", False),
    # a context after it, once nothing is left before it
    (lambda body: "Tail one." in body, "Key: Uzbekistan. Filler one. Filler two. The figure: 5 units. Tail one.", False),
    # nothing short of the whole text: it stays whole
    (lambda body: body.endswith("Tail two.") and body.startswith("Key:"), FIXPOINT, True),
])
def test_the_fixpoint_adds_nearest_earlier_sentences_until_the_figures_are_equal(monkeypatch, needs, expected_body,
                                                                                   whole):
    monkeypatch.setattr(ex, "extract_document", fake_extraction(needs))
    monkeypatch.setattr(ex, "CONTEXT", [])  # no place or period words: the seed is the cited sentence alone
    result = ex.excerpt(doc(FIXPOINT))
    assert (result.document.body, result.whole, result.document.excerpt) == (expected_body, whole, not whole)


# --- the command and the documents ------------------------------------------------------------

PRESS = """---
title: "Talks: trade grows"
publisher: Press service
published: 2024-06-14
url: https://example.org/talks
language: en
curator_note: checked 2024-07-01
---
The presidents of Uzbekistan and Korea met in Tashkent on Friday. The talks covered energy, transport and education.

The delegations also visited a textile factory. The statistics agency published its figures for 2023 on Monday. Trade with Korea reached $2.5 billion. The ministers praised the result.

The next meeting will be held in Seoul.
"""
SEED = PRESS.replace("url: https://example.org/talks\n", "url: https://example.org/seed\nexcerpt: false\n")
NO_URL = PRESS.replace("url: https://example.org/talks\n", "")


@pytest.fixture
def folder(tmp_path):
    src = tmp_path / "sources"
    src.mkdir()
    for name, text in (("2024-06-14-press.md", PRESS), ("2024-06-14-seed.md", SEED), ("2024-06-14-no-url.md", NO_URL)):
        (src / name).write_text(text, encoding="utf-8")
    return src


def test_excerpt_rewrites_press_articles_in_place(folder, capsys, tmp_path):
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    assert main(["excerpt", "--sources", str(folder)]) == 1  # the document without a url
    printed = capsys.readouterr()
    assert "2024-06-14-no-url.md: url: no url" in printed.err
    assert "2024-06-14-seed.md: excerpt: false: ships whole" in printed.out
    assert "2024-06-14-press.md: excerpt: 3 of 7 sentences; figures as in the whole text: 1" in printed.out
    for name in ("2024-06-14-seed.md", "2024-06-14-no-url.md"):
        assert (folder / name).read_bytes() == before[name]
    text = (folder / "2024-06-14-press.md").read_text(encoding="utf-8")
    d = parse(text, "2024-06-14-press")
    assert d.excerpt and (d.title, d.url, d.published) == ("Talks: trade grows", "https://example.org/talks", "2024-06-14")
    assert "curator_note: checked 2024-07-01\nexcerpt: true\n---\n" in text  # every field kept, then the mark
    assert "\n[…]\n" in d.body and "textile" not in d.body
    # again: an excerpt is left as it is
    assert main(["excerpt", "--sources", str(folder), str(folder / "2024-06-14-press.md")]) == 0
    assert "already an excerpt" in capsys.readouterr().out
    assert (folder / "2024-06-14-press.md").read_text(encoding="utf-8") == text
    # the build gives the whole text's figures, and says the source is an excerpt
    whole = tmp_path / "whole"
    whole.mkdir()
    (whole / "2024-06-14-press.md").write_text(PRESS, encoding="utf-8")
    (folder / "2024-06-14-no-url.md").unlink()
    (folder / "2024-06-14-seed.md").unlink()
    for src in (folder, whole):
        assert main(["build", "--sources", str(src), "--out", str(src.parent / f"{src.name}-out")]) == 0
    assert table(tmp_path / "sources-out") == table(tmp_path / "whole-out")
    kinds = {r["source_id"]: r["kind"] for r in read_csv(tmp_path / "sources-out" / "sources.csv")}
    assert kinds == {"2024-06-14-press": "excerpt"}


def test_excerpt_out_writes_another_folder_and_copies_whole_ones(folder, tmp_path, capsys):
    out = tmp_path / "out"
    files = [str(folder / n) for n in ("2024-06-14-press.md", "2024-06-14-seed.md")]
    assert main(["excerpt", "--out", str(out), *files]) == 0
    assert sorted(p.name for p in out.iterdir()) == ["2024-06-14-press.md", "2024-06-14-seed.md"]
    assert (out / "2024-06-14-seed.md").read_text(encoding="utf-8") == SEED
    assert (folder / "2024-06-14-press.md").read_text(encoding="utf-8") == PRESS  # the whole text is not touched
    assert "1 excerpts, 1 whole documents written" in capsys.readouterr().err


@pytest.mark.parametrize("front, expected", [("excerpt: true\n", True), ("excerpt: false\n", False), ("", False)])
def test_a_document_says_whether_it_is_an_excerpt(front, expected):
    assert parse(f"---\ntitle: T\npublisher: P\npublished: 2024\n{front}---\nBody.\n", "x").excerpt is expected


def read_csv(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


def table(out: Path) -> list[tuple]:
    """The figures of a build, without what differs between an excerpt and its whole text (ids, offsets)."""
    return sorted(tuple(r[k] for k in ("source_id", *COMPARED)) for r in read_csv(out / "indicators.csv"))


# --- the shared dev corpus and the shipped documents ------------------------------------------


@needs_shared
def test_every_dev_article_gives_the_same_figures_from_its_excerpt(tmp_path):
    excerpts = tmp_path / "excerpts"
    paths = sorted(DEV.glob("*.md"))
    proc = subprocess.run([sys.executable, "-m", "etl", "excerpt", "--out", str(excerpts), *map(str, paths)],
                          cwd=ROOT, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.count(": excerpt: ") == len(paths) == 61, proc.stdout  # none had to stay whole
    for src, out in ((excerpts, tmp_path / "a"), (DEV, tmp_path / "b")):
        proc = subprocess.run([sys.executable, "-m", "etl", "build", "--sources", str(src), "--out", str(out)],
                              cwd=ROOT, capture_output=True, text=True)
        assert proc.returncode == 0, proc.stderr
    assert table(tmp_path / "a") == table(tmp_path / "b")
    assert len(table(tmp_path / "a")) > 100
    # quotations, not copies: well under the whole texts
    size = lambda folder: sum(len(parse(p.read_text(encoding="utf-8"), p.stem).body) for p in folder.glob("*.md"))  # noqa: E731
    assert size(excerpts) < 0.6 * size(DEV)


def shipped() -> list[tuple[Path, Document]]:
    return [(p, parse(p.read_text(encoding="utf-8"), p.stem)) for p in sorted((ROOT / "data" / "sources").glob("*.md"))]


def test_shipped_documents_are_excerpts_with_their_url_but_the_seeds():
    for path, d in shipped():
        if d.source_id in SEEDS:
            assert not d.excerpt and "\nexcerpt: false" in path.read_text(encoding="utf-8"), path.name
        else:
            assert d.excerpt and d.url.startswith("http"), path.name


@needs_shared
def test_shipped_excerpts_are_current_quotations_of_the_dev_articles():
    for path, d in shipped():
        if not d.excerpt:
            continue
        whole = parse((DEV / path.name).read_text(encoding="utf-8"), d.source_id)
        assert ex.figures(d) == ex.figures(whole), f"{path.name}: stale excerpt: run `make excerpts`"
        sentences = {s.text for s in ex.split_sentences(whole.body)}
        quoted = [s.text for s in ex.split_sentences(d.body) if s.text != ex.GAP]
        assert set(quoted) <= sentences and len(quoted) < len(sentences), path.name

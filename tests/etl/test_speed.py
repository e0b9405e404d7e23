"""The speed work keeps every match (issue #12): a pattern led by its lead finds exactly what the pattern alone finds.

A lead (etl/lexicon.yml ``lead:``) is the words any match of a pattern starts with; the pattern is then tried only
where its lead stands in the lower-cased text. These tests compare both ways over every spec sentence, every
document of the corpora, each of their sentences and stretches of them, and texts made up by Hypothesis.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl import lexicon as lx
from etl.extract import EXPRESSION, QUALIFIER, sentences
from etl.resolve import indicator, places

ROOT = Path(__file__).resolve().parents[2]
CORPORA = [ROOT / "data" / "sources", ROOT / "tests" / "corpus" / "heldout", ROOT.parent / "shared" / "corpus" / "dev",
           ROOT.parent / "shared" / "corpus" / "seeds"]


def led_patterns() -> dict[str, lx.Led]:
    named = {name: lx.pattern(name) for name in lx.names()
             if lx.lead_source(name) and "CITY" not in lx.source(name) and "PRODUCT" not in lx.source(name)}
    built = {"ca_pattern": places.ca_pattern(), "names_pattern": places.names_pattern(),
             "metonym_pattern": places.metonym_pattern(), "region_pattern": places.region_pattern(),
             "korea_pattern": places.korea_pattern(), "cue_pattern": indicator.cue_pattern(),
             "other_partner_pattern": places.other_partner_pattern(),
             "edcf_pattern": indicator.edcf_pattern(), "product_pattern": indicator._product_pattern(), "QUALIFIER": QUALIFIER,
             "EXPRESSION": EXPRESSION}
    return {**named, **built}


LED = led_patterns()


def texts() -> list[str]:
    from tests.etl.test_lexicon import TEXTS

    out = list(TEXTS)
    for folder in CORPORA:
        for path in sorted(folder.glob("*.md")):
            body = path.read_text(encoding="utf-8", errors="replace")
            out.append(body)
            out += [s.text for s in sentences(body)]
    # what stands before each number (a pattern ending in $ is asked of it), and before each partner other than Korea
    # a spec sentence names (asked of that too: "the fourth largest supplier after China, Russia and ")
    from etl.resolve.places import other_partner_pattern

    before_partners = [t[max(0, m.start() - 80):m.start()] for t in TEXTS for m in other_partner_pattern().finditer(t)]
    return out + [t[max(0, d.start() - 60):d.start()] for t in out for d in re.finditer(r"\d+", t)] + before_partners


TEXTS = texts()


def spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


def same(p: lx.Led, text: str, pos: int = 0, endpos: int = sys.maxsize) -> None:
    assert spans(p.finditer(text, pos, endpos)) == spans(p.compiled.finditer(text, pos, endpos))
    a, b = p.search(text, pos, endpos), p.compiled.search(text, pos, endpos)
    assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def test_every_led_pattern_is_led():
    assert all(isinstance(p, lx.Led) for p in LED.values())
    assert len(LED) >= 20


@pytest.mark.parametrize("name", sorted(LED))
def test_a_led_pattern_finds_what_the_pattern_finds(name):
    p = LED[name]
    found = 0
    for text in TEXTS:
        same(p, text)
        found += bool(p.compiled.search(text))
    assert found, f"{name} matches no text: the comparison would prove nothing"


@pytest.mark.parametrize("name", sorted(LED))
def test_and_in_stretches_of_a_text(name):
    """search(text, pos, endpos), as the rules ask it (a look-behind still sees before pos)."""
    p = LED[name]
    for text in TEXTS[::7]:
        n = len(text)
        for pos, endpos in ((n // 3, n), (0, n // 2), (n // 4, 3 * n // 4), (1, n - 1)):
            same(p, text, pos, endpos)


WORDS = sorted({w for p in LED.values() for w in re.findall(r"(?<![\\(?])[A-Za-z][A-Za-z'-]+", p.pattern)}
               | {w for names in lx.words("countries").values() for w in names}
               | {w for names in lx.words("cities").values() for w in names}
               | set(lx.words("spelled_units")) | set(lx.words("spelled_tens"))
               | {"half", "a", "the", "of", "in", "to", "and", "Seoul", "Korea", "trade", "exports", "imports",
                  "investment", "loans", "EDCF", "first", "quarter", "H1", "so far", "more than", "about", "FDI",
                  "İstanbul", "ſeven", "ıt", "KEXIM", "’s", "'s", "-", "–", "$", "2023", "1.5", "billion",
                  "٣", "١٢M", "３", "9M", "12m", "٢٠٢٣"})  # digits other than 0-9: \d is not [0-9] but in ASCII


@settings(max_examples=300, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(WORDS), st.sampled_from([" ", "", "  ", "\n", ", ", "-", ". "]),
                          st.sampled_from([str.lower, str.upper, str.title, str])), max_size=25))
def test_made_up_texts(parts):
    text = "".join(case(word) + gap for word, gap, case in parts)
    for p in LED.values():
        same(p, text)


def test_only_three_letters_are_not_lowered_to_what_a_case_insensitive_pattern_matches():
    """lower() is safe for a lead but for these (and for letters it turns into two characters)."""
    letter = re.compile("[a-z]", re.IGNORECASE).fullmatch
    unsafe = [chr(c) for c in range(128, 0x110000) if letter(chr(c)) and chr(c).lower() not in "abcdefghijklmnopqrstuvwxyz"]
    assert unsafe == ["\u0130", "\u0131", "\u017f"]
    assert all(lx.lowered(f"x{ch}y") is None for ch in unsafe)


@pytest.mark.parametrize("alternatives, expected", [
    (["kazakh", "kazakhstan", "kyrgyz"], "k(?:azakh|yrgyz)"),  # a word another starts is looked for once
    (["a\\s+half", "half"], "(?:a\\s+half|half)"),  # a regular-expression tail after the plain head
    (["quarters?", "q1"], "q(?:1|uarters?)"),
    (["ca\\.", "circa"], "c(?:a\\.|irca)"),
])
def test_a_lead_is_a_trie_of_its_words(alternatives, expected):
    assert lx.lead_trie(alternatives) == expected


@pytest.mark.parametrize("scale", sorted(set(lx.words("scales").values())))
def test_a_scale_is_the_number_pint_gives(scale):
    from etl import units

    for unit in sorted(set(lx.words("currencies").values()) | {"count"}):
        assert units._factor(scale, unit) == units.pint_factor(scale, unit)


def test_building_from_documents_imports_neither_pint_nor_pandas(tmp_path):
    """Only what the command uses: a build without snapshots reads, extracts and writes (issue #12)."""
    import shutil
    import subprocess

    shutil.copytree(ROOT / "data" / "sources", tmp_path / "sources")  # no snapshots beside them: nothing to check
    code = ("import sys; from etl.__main__ import main; "
            f"rc = main(['build', '--sources', {str(tmp_path / 'sources')!r}]); "
            "print(rc, sorted(m for m in ('pint', 'pandas', 'numpy') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.split("\n")[-2] == "0 []", out.stdout + out.stderr


@pytest.mark.parametrize("line", ["in 2020.Korean imports fell. Then! What? \"Yes.\" (It.) A.B. c.D e. F", "a.. B",
                                  "x.\u201d A", "End.Korea. Next", "1.5. A", ".", ". A", "a. \"B", "No. 5. Next one."])
def test_sentence_boundaries_are_looked_for_only_after_a_stop(line):
    from etl.extract import BOUNDARY, _boundaries

    for text in [line] + [t for body in TEXTS for t in body.split("\n")]:
        assert [m.span() for m in _boundaries(text)] == [m.span() for m in BOUNDARY.finditer(text)]


@pytest.mark.parametrize("name, back", [("_YEAR_SPAN_BEFORE", 6), ("_ATTACHED_BEFORE", 2), ("_DATE_PART_BEFORE", 3),
                                        ("year_edge", 7)])
def test_a_pattern_that_ends_a_text_is_tried_only_near_its_end(name, back):
    """``\\d{4}-$`` can only start a few characters from the end (one more before a final line break)."""
    from etl import extract

    p = getattr(extract, name) if name.startswith("_") else lx.pattern(name)
    for text in [t[max(0, d.start() - 20):d.start()] for t in TEXTS[:4000] for d in re.finditer(r"\d+", t)] + \
            ["end-\n", "1993-\n", "ab.\n", "12/", "x\n\n", "late-", "year-\n", "2024–", "", "\n", "5.\n"]:
        a, b = p.search(text), p.search(text, max(0, len(text) - back))
        assert (a and a.span()) == (b and b.span()), text


@pytest.mark.parametrize("rows", [
    [{"a": "plain", "b": 1}, {"a": 'with "quotes", a comma', "b": None}],
    [{"a": "a line\nbreak", "b": "=1+2"}, {"a": "", "b": "tab\there"}, {"b": "no a"}],
    [],
])
def test_a_line_made_in_a_worker_is_the_line_write_csv_writes(rows):
    """A large build formats its rows' CSV lines on the workers' cores (issue #12): the same bytes, and a row that
    changed after (a curator's correction drops its line) is formatted again."""
    import copy
    import io

    from etl.io import LINE, csv_lines, write_csv

    plain, lined = io.StringIO(), io.StringIO()
    write_csv(plain, copy.deepcopy(rows), ("a", "b"))
    with_lines = copy.deepcopy(rows)
    csv_lines(with_lines, ("a", "b"))
    assert all(LINE in r for r in with_lines)
    if with_lines:
        with_lines[0].pop(LINE)  # as apply_overrides does for a corrected row
    write_csv(lined, with_lines, ("a", "b"))
    assert lined.getvalue() == plain.getvalue()


@pytest.mark.parametrize("text", ["US$ ٣ billion in ٢٠٢٣", "\u0663\u0664 million", "１２ joint ventures", "٩M 2023 and 9M 2023",
                                  "$3 billion and ٣", "in ١٢M ٢٠٢٣"])
def test_a_lead_finds_digits_other_than_0_to_9(text):
    """A lead's digit (``\\d``) is spelled out as 0-9 only for an ASCII text (issue #12): \\d is every decimal digit."""
    for p in LED.values():
        same(p, text)
    assert EXPRESSION.search(text) is not None


def test_numbers_in_digits_other_than_0_to_9_are_still_read():
    from etl.extract import mentions

    found = [(m.stated, m.kind) for m in mentions("Trade reached $٣ billion, up from $2 billion.")]
    assert found == [("$٣ billion", "money"), ("$2 billion", "money")]


@pytest.mark.parametrize("lead", ["$", "$|us$|1", "\\d?", "(?:a)?", "x|"])
def test_a_lead_that_can_match_nothing_is_refused(lead):
    """A lead that matches the empty string (an unescaped "$" of "$1 = 1,041.5 won") would have a led search try the
    same place for ever: the pattern is refused when it is built, with the lead named (issue #12)."""
    with pytest.raises(ValueError, match="at least one character"):
        lx.Led(re.compile(r"\$1"), lead)


def test_an_escaped_dollar_lead_is_fine():
    p = lx.Led(re.compile(r"(?:US)?\$\s?1\b", re.IGNORECASE), r"\$|us\$")
    assert [m.group(0) for m in p.finditer("($1 = 1,041.5 won) and US$1")] == ["$1", "US$1"]

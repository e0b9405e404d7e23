"""The lexical pass's shortcuts find what the plain patterns find (issue #12): number expressions tried only at a
run of digits or a currency just before one, their currencies and scale words behind a look at their first letters,
and sentence boundaries looked for in the whole body at once."""
from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from etl import extract
from tests.etl.test_speed import TEXTS

PLAIN = extract.expression(guarded=False)


def spans(matches) -> list[tuple]:
    return [(m.span(), m.groups()) for m in matches]


def expressions(text: str) -> list[tuple]:
    return spans(extract._expressions(text, [d.span() for d in extract._DIGITS.finditer(text)]))


def test_the_guarded_expression_is_the_expression():
    for text in TEXTS:
        assert spans(extract.EXPRESSION.compiled.finditer(text)) == spans(PLAIN.finditer(text))


def test_expressions_are_found_where_the_pattern_finds_them():
    for text in TEXTS:
        assert expressions(text) == spans(PLAIN.finditer(text))


def test_a_body_is_cut_into_the_sentences_of_its_lines():
    for text in TEXTS[::3]:
        lines = re.findall(r"[^\n]*(?:\n|$)", text)
        cuts = [m.span() for m in extract._boundaries(text, pattern=extract._BOUNDARY_IN_LINE)]
        starts = [m.start() for m in re.finditer(r"[^\n]*(?:\n|$)", text)]
        per_line = [(a + m.start(), a + m.end()) for a, line in zip(starts, lines)
                    for m in extract.BOUNDARY.finditer(line)]
        assert cuts == per_line


PIECES = ["US", "U.S.", "US dollars", "US    dollars", "dollar", "$", "₩", "€", "KRW", "usd", "W", "w", "1", "25",
          "2023", "1,234", "1.234.567", "7,5", "million", "bn", "m", "k", "per cent", "%", "won", "tenge", "to", "-",
          "–", "(", "(-", "G", "x", "No.", "Mr.", ".", "!", "?", "\"", "Korea", "The", "a"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(PIECES), st.sampled_from(["", " ", "  ", "\n", "\n\n", ", ", ". "])),
                max_size=30))
def test_made_up_texts(parts):
    text = "".join(piece + gap for piece, gap in parts)
    assert expressions(text) == spans(PLAIN.finditer(text))
    assert spans(extract.EXPRESSION.compiled.finditer(text)) == spans(PLAIN.finditer(text))


def test_spelled_numbers_are_found_where_the_pattern_finds_them():
    pattern = extract._SPELLED.compiled
    for text in TEXTS + ["seven", "Twenty-five million", "a half", "ſeven hundred", "İ one", "_one two", "x\none"]:
        assert spans(extract._spelled_numbers(text)) == spans(pattern.finditer(text))

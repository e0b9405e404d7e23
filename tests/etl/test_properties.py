"""Property-based tests (Hypothesis) of the document reader and the extraction, and their time growth (issue #14).

Arbitrary text and front matter give a Document or a DocumentError naming the document, never another
exception; an extraction gives rows whose spans and quotes are the body's own text. Time grows linearly:
a document 8 times as long takes at most 10 times the CPU time (user time, best of three for the small
one; the large one is stopped once over that budget, so a quadratic case fails fast).
"""
from __future__ import annotations

import dataclasses
import gc
import math
import re
import resource
import signal
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from etl import build as build_module
from etl.build import extract_document
from etl.documents import FIELDS, Document, decode, parse
from etl.errors import DocumentError
from etl.extract import sentences
from etl.io import read_document

ROOT = Path(__file__).resolve().parents[2]
SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow],
                    derandomize=True)

# --- the document reader ------------------------------------------------------------------------

KEYS = st.sampled_from([*FIELDS, "titel", "author", "tags", "date", "", "-", "? a", "<<", "&a x", "*a"])
YAML_BITS = st.sampled_from([
    "", " ", "'", '"', "[", "]", "{", "}", ",", ":", "- ", "&a ", "*a", "!!str ", "!!python/object ", "!x ", "|",
    ">", "#", "%", "@", "`", "\t", "\n", "\n  ", "2024", "2024-13-45", "2023-02-29", "2024-06-14", "2024-06",
    "0x7E8", "1e999", ".nan", "~", "null", "true", "no", "https://example.org/a", "javascript:alert(1)",
    "data:text/html,<b>", "//x.org", "Press Service", "Ташкент", "\u202e", "\x1b", "\u00a0", "\ufeff", "\x00",
])
VALUES = st.one_of(st.lists(YAML_BITS, max_size=8).map("".join), st.text(max_size=40))
FRONT = st.lists(st.tuples(KEYS, VALUES), max_size=8).map(lambda kv: "\n".join(f"{k}: {v}" for k, v in kv))
BODY = st.one_of(st.text(max_size=200), st.just("Trade reached US $2,5 billion in 2023."))
DOCUMENTS = st.one_of(
    st.text(max_size=300),
    st.builds(lambda f, b, end: "---\n" + f + end + b, FRONT, BODY, st.sampled_from(["\n---\n", "\n--- \n", "\n"])),
    st.builds(lambda f, b: "---\ntitle: T\npublisher: P\npublished: 2024\n" + f + "\n---\n" + b, FRONT, BODY),
)


def check_read(document: Document, text: str) -> None:
    assert document.source_id == "doc" and document.title and document.publisher and document.body.strip()
    assert re.fullmatch(r"\d{4}(-\d\d(-\d\d)?)?", document.published)
    assert document.url == "" or re.match(r"(?i)https?://", document.url)
    assert "\x00" not in document.body and "\r" not in document.body


def check_error(e: DocumentError, source: str = "doc") -> None:
    assert e.problems and all(problem for _, problem in e.problems)
    for line in str(e).splitlines():  # one line per problem: file: field: what is wrong
        assert line.startswith(source + ": ") and line.strip() == line


@SETTINGS
@given(DOCUMENTS)
def test_any_text_reads_as_a_document_or_a_named_error(text):
    try:
        check_read(parse(text, "doc"), text)
    except DocumentError as e:
        check_error(e)


@SETTINGS
@given(st.binary(max_size=300), st.sampled_from([b"", b"---\ntitle: T\npublisher: P\npublished: 2024\n---\n"]))
def test_any_bytes_read_as_a_document_or_a_named_error(data, head):
    try:
        check_read(parse(decode(head + data, "doc"), "doc"), "")
    except DocumentError as e:
        check_error(e)


@SETTINGS
@given(st.dictionaries(st.sampled_from(list(FIELDS)), VALUES, max_size=5))
def test_each_field_at_fault_is_named(fields):
    text = "---\n" + "\n".join(f"{k}: {v}" for k, v in fields.items()) + "\n---\nBody.\n"
    try:
        document = parse(text, "doc")
    except DocumentError as e:
        check_error(e)
        named = {f for f, _ in e.problems}
        assert named <= {*FIELDS, None}
        if not any("YAML" in p for _, p in e.problems):  # YAML that cannot be read has no fields to check
            for required in ("title", "publisher", "published"):
                if required not in fields:
                    assert required in named or None in named
    else:
        assert set(fields) >= {"title", "publisher", "published"}
        check_read(document, text)


# --- the extraction ------------------------------------------------------------------------------

TOKENS = st.sampled_from([
    "1", "7", "2,5", "7,5", "1.1", "1 234", "1,234,567", "1.234.567", "60", "726", "2023", "2024", "1993-2008",
    "$", "US $", "US$", "₩", "€", "₸", "USD", "won", "soums", "billion", "bn", "million", "mln", "thousand", "%",
    "per cent", "more than", "over", "about", "nearly", "up to", "at least", "less than", "some", "the",
    "Korea", "Korean", "Uzbekistan", "Kazakhstan", "our country", "China", "EDCF", "trade", "turnover", "exports",
    "imports", "investment", "joint ventures", "companies", "loans", "reached", "last year", "in January–June",
    "the same period", "this year", "end-2023", "No.", "Mr.", "U.S.", " ", " ", " ", ",", ".", ". ", "!", "?", "-",
    "–", "(", ")", ":", ";", "\n", "\n\n", "\u00a0", "\u202f", "<b>", "</b>",
])
BODIES = st.one_of(st.lists(TOKENS, min_size=1, max_size=80).map("".join), st.text(min_size=1, max_size=200))


def check_rows(document: Document, observations: list[dict], review: list[dict]) -> None:
    body = document.body
    for r in observations + review:
        assert body[r["char_start"]:r["char_end"]] == r["stated"]
        assert r["quote_start"] <= r["char_start"] <= r["char_end"] <= r["quote_end"]
        assert body[r["quote_start"]:r["quote_end"]] == r["quote"]
        assert len(r["quote"]) <= max(build_module.QUOTE_MAX, len(r["stated"]))
    for r in observations:
        assert math.isfinite(float(r["value"])) and r["indicator"] and r["country"] and r["year"]
    for r in review:
        assert r["reason"]


@SETTINGS
@given(BODIES, st.sampled_from(["2024-06-14", "2024-06", "2024"]),
       st.sampled_from(["Press Service of the President of the Republic of Uzbekistan", "Yonhap", "Kazinform"]))
def test_any_body_gives_rows_that_are_its_own_text(body, published, publisher):
    if not body.strip():
        return
    document = Document("doc", "Korea and Central Asia", publisher, published, "", "en", body.strip())
    check_rows(document, *extract_document(document))


@SETTINGS
@given(BODIES)
def test_a_document_read_from_text_extracts_without_surprises(body):
    try:
        document = parse(f"---\ntitle: T\npublisher: P\npublished: 2024\n---\n{body}", "doc")
    except DocumentError as e:
        check_error(e)
        return
    check_rows(document, *extract_document(document))


# --- time grows linearly ----------------------------------------------------------------------------

class _OverBudget(Exception):
    pass


# The kernel counts CPU time in scheduler ticks (up to 10 ms each): a run shorter than a tick can read 0 s, so a
# ratio gets a few ticks of slack. Quadratic time is still far past it (8 times the text: 64 times the time).
GRAIN = 0.05


def user_seconds() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_utime


def cpu_seconds(fn, budget: float = math.inf) -> float:
    """User CPU time ``fn()`` takes (page faults of fresh memory, system time, are left out); inf when it
    takes more than ``budget`` (a virtual timer stops it there)."""
    def stop(signum, frame):
        raise _OverBudget

    previous = signal.signal(signal.SIGVTALRM, stop)
    if budget < math.inf:
        signal.setitimer(signal.ITIMER_VIRTUAL, budget)
    start = user_seconds()
    try:
        fn()
        return user_seconds() - start
    except _OverBudget:
        return math.inf
    finally:
        signal.setitimer(signal.ITIMER_VIRTUAL, 0)
        signal.signal(signal.SIGVTALRM, previous)


def grows_linearly(make, n: int, what=extract_document, factor: int = 8, ratio: float = 10,
                   slack: float = GRAIN) -> tuple[float, float]:
    """(CPU time for size n, for size factor*n): the best of three, and of two; the second is inf beyond
    ``ratio`` times the first (plus ``slack`` seconds for the timer's grain).

    ``make(n, salt)`` makes the document: each run's text is new (a different salt in its sentences), so no
    cache of an earlier run answers for it, as in a real build where every document is new.
    """
    salts = iter(["Run alpha", "Run bravo", "Run charlie", "Run delta", "Run echo", "Run foxtrot"])

    def timed(size, budget=math.inf):
        document = make(size, next(salts))
        gc.collect()
        gc.disable()  # (the collector's passes over what a run keeps are not the growth of the code measured)
        try:
            return cpu_seconds(lambda: what(document), budget)
        finally:
            gc.enable()

    first = min(timed(n) for _ in range(3))
    # the larger text's time, the better of two runs (one run alone is at the mercy of the machine's other work;
    # a quadratic step misses the budget in both)
    return first, min(timed(factor * n, budget=ratio * first + slack) for _ in range(2))


@cache
def real_sentences() -> tuple[str, ...]:
    """Every sentence of the shipped documents (real text, with their figures)."""
    out = []
    for path in sorted((ROOT / "data" / "sources").glob("*.md")):
        out += [s.text for s in sentences(read_document(path).body)]
    return tuple(out)


def article(n: int, salt: str, joiner: str = "\n") -> Document:
    text = real_sentences()
    body = joiner.join(f"{salt}: {text[i % len(text)]}" for i in range(n))
    return Document("doc", "Korea and Uzbekistan", "Press Service of the President of the Republic of Uzbekistan",
                    "2024-06-14", "", "en", body)


def one_sentence(piece: str, prefix: str = "Trade between Korea and Uzbekistan: ", suffix: str = " end."):
    return lambda n, salt: Document("doc", "T", "Yonhap", "2024-06-14", "", "en", f"{salt} {prefix}{piece * n}{suffix}")


RESOLVE = ("quadratic in the figures of a document: etl/resolve.py _resolve_one() builds same_sentence (line 483) "
           "and next_start (line 486) over every earlier and later figure, _year_for() scans items[:index] and "
           "items[index+1:] (lines 357-378) and calls _years_bound() for every earlier item, which slices the body "
           "(line 416), resolve() filters ca_positions per sentence (line 435); etl/extract.py mentions() checks "
           "each digit run against every expression (lines 260-262)")
ONE_LINE = ("quadratic in the sentences of one line: etl/extract.py _is_abbreviation() runs "
            "re.search(r'([A-Za-z.]+)$', text[:dot]) over the whole line before every full stop (line 37); and " + RESOLVE)
SENTENCE_COPY = ("quadratic in the numbers of one sentence: etl/resolve.py _resolve_one() copies the whole sentence "
                 "for every number (s_text = body[sentence.start:sentence.end], line 476, before the early return "
                 "of a year, date or code)")
COVERAGE = ("quadratic in the numbers: etl/extract.py mentions() checks each digit run against every expression "
            "found (lines 260-262: any(a <= d.start() < b for a, b in covered)); and " + SENTENCE_COPY)
CLAUSES = (COVERAGE + "; etl/resolve.py _resolve_one() slices clause_before/clause_after/after_text (lines 488-490), "
           "which reach back to the sentence's start and on to its end when earlier numbers went to review, and "
           "_indicator() runs CUE_PATTERN over them (lines 294, 305)")

SENTENCES = pytest.param(article, 250, id="sentences, one per line")
PARAGRAPH = pytest.param(lambda n, salt: article(n, salt, " "), 100, id="sentences, one paragraph")
# (past the crowded-sentence window at both sizes, as below: the first numbers near the cue cost a constant more)
COUNTS = pytest.param(one_sentence("1 "), 1000, id="counts in one sentence")
YEARS = pytest.param(one_sentence("2020, "), 500, id="years in one sentence")
DIGITS = pytest.param(one_sentence("7"), 1_000_000, id="run of digits")
THOUSANDS = pytest.param(one_sentence(" 000", "Korea 1"), 30_000, id="run of thousands")
CURRENCY = pytest.param(one_sentence("US$₩€₸", "Korea ", " 5 end."), 16_000, id="run of currency signs")
QUALIFIERS = pytest.param(one_sentence("more than about ", "Korea's investment exceeds ", "US $7,5 billion."), 8_000,
                          id="run of qualifiers")


def dashes_under_a_header(n: int, salt: str) -> Document:
    """A table's header over a long line of dashes that is no rule (it ends in a letter): the rule is looked for in
    time linear in the line (a pattern of three runs over the same characters took cubic time)."""
    return Document("doc", "T", "Yonhap", "2024-06-14", "", "en",
                    f"{salt}\n\nForeign trade with the Republic of Korea\n| Year | Exports |\n|{'-' * n}x\n| 2023 | 12 |")


DASHES = pytest.param(dashes_under_a_header, 1_000, id="a long line of dashes under a table's header")


@pytest.mark.parametrize("make, n", [SENTENCES, PARAGRAPH, COUNTS, YEARS, DIGITS, THOUSANDS, CURRENCY, QUALIFIERS,
                                     DASHES])
def test_extraction_time_grows_linearly(make, n):
    small, large = grows_linearly(make, n)
    assert large <= 10 * small + GRAIN, f"8 times the text took {large / small:.1f} times the time ({small:.3f} s)"


class CountingBody(str):
    """A body that counts the characters sliced out of it: an operation count of the extraction."""

    copied = 0

    def __getitem__(self, key):
        out = str.__getitem__(self, key)
        CountingBody.copied += len(out)
        return out


def copied(document: Document) -> int:
    CountingBody.copied = 0
    extract_document(dataclasses.replace(document, body=CountingBody(document.body)))
    return CountingBody.copied


@pytest.mark.parametrize("make, n", [
    pytest.param(*SENTENCES.values[:1], 100, id="sentences, one per line"),
    pytest.param(*PARAGRAPH.values[:1], 100, id="sentences, one paragraph"),
    # past the crowded-sentence window (etl/resolve: 2 x WINDOW characters), so both sizes read whole windows
    pytest.param(*COUNTS.values[:1], 1000, id="counts in one sentence"),
    pytest.param(*YEARS.values[:1], 200, id="years in one sentence"),
    pytest.param(one_sentence("1."), 1000, id="run of dots (the issue's 1.1.1.1...)"),
    pytest.param(one_sentence("1,"), 1000, id="run of commas"),
    pytest.param(one_sentence("1-"), 1000, id="run of dashes"),
    pytest.param(*DIGITS.values[:1], 10_000, id="run of digits"),
    pytest.param(*THOUSANDS.values[:1], 3_000, id="run of thousands"),
    pytest.param(*CURRENCY.values[:1], 2_000, id="run of currency signs"),
    pytest.param(*QUALIFIERS.values[:1], 2_000, id="run of qualifiers"),
])
def test_characters_copied_grow_linearly(make, n):
    """Deterministic: the characters the extraction slices out of a body 8 times as long, at most 10 times."""
    small, large = copied(make(n, "Run alpha")), copied(make(8 * n, "Run bravo"))
    assert large <= 10 * small, f"8 times the text: {large / small:.1f} times the characters copied"


@pytest.mark.parametrize("piece", ["Trade reached US $2,5 billion in 2023. ", "1.", "[", "\u00a0x", "x" * 99 + "\n"])
def test_reading_time_grows_linearly(piece):
    def make(n, salt):
        return f"---\ntitle: {salt}\npublisher: P\npublished: 2024\n---\n" + piece * n

    small, large = grows_linearly(make, 1_000_000 // len(piece), what=lambda text: parse(text, "doc"))
    assert large <= 10 * small + GRAIN

"""Pure lexical extraction: a body -> sentences and number expressions with spans.

Nothing here knows about indicators or countries (that is ``etl.resolve``): it
finds every number in the text, reads it (thousands separators, decimal point
or comma, scale words, currency before or after, percent, ranges), says what
kind of number it is (money, percent, count, year, date, ordinal, code) and
which qualifier ("more than", "about") stands before it.
"""
from __future__ import annotations

import bisect
import re
from functools import cache
from itertools import accumulate
from typing import NamedTuple

from . import lexicon as lx
from .units import to_base

# --- sentences -------------------------------------------------------------------------------

_WORD_CHARS = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz.")  # a word before a dot: [A-Za-z.]+
# a sentence ends at . ! ? before white space and a capital, or (a run-on: "in 2020.Korean imports fell") at a full
# stop after a small letter, a digit or a closing mark, straight before a capitalised word
BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9А-Я])|(?<=[a-z0-9%)\"”’]\.)(?=[A-Z][a-z])")
PARAGRAPH = re.compile(r"\n[ \t]*\n")
# the shapes of numbers and their neighbours, compiled once
_LINE = re.compile(r"[^\n]*(?:\n|$)")
_DOTTED_THOUSANDS = re.compile(r"\d{1,3}(?:\.\d{3}){2,}")
_GROUPED_THOUSANDS = re.compile(r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?")
_SPACES = re.compile(r"\s+")
_YEAR = re.compile(r"(?:19|20)\d\d")
_YEAR_SPAN_AFTER = re.compile(r"^[-–]\d{4}\b")
_YEAR_SPAN_BEFORE = re.compile(r"\b\d{4}[-–]$")
_ATTACHED_BEFORE = re.compile(r"[\w\-/.]$")
_ATTACHED_AFTER = re.compile(r"^(?:[A-Za-z/]|-\w|\.\d)")
_DATE_PART_BEFORE = re.compile(r"\d[./]$")
_DATE_PART_AFTER = re.compile(r"^[./]\d")
_DECADE_YEAR = re.compile(r"1[89]\d0|20\d0")
_DIGITS = re.compile(r"\d+")
_STOP = re.compile(r"[.!?]")


class Sentence(NamedTuple):  # immutable, and built faster than a frozen dataclass (issue #12)
    start: int
    end: int
    text: str
    paragraph: int


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(lx.words("abbreviations"))


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation ("No.", "Nov.", "U.S.") or an initial."""
    # the run of letters and full stops that ends at the dot, at most 200 characters of it (linear in the line's
    # length), found by stepping back from the dot (a pattern ending at the dot is tried at each of those characters)
    start = dot
    while start > dot - 200 and start and text[start - 1] in _WORD_CHARS:
        start -= 1
    if start == dot:
        return False
    token = text[start:dot].lower().strip(".")
    return token in _abbreviations() or (len(token) == 1 and text[dot - 1].isupper())


def _boundaries(text: str):
    """``BOUNDARY.finditer(text)``, tried only right after a full stop, ! or ? (where every boundary starts): the
    same matches without trying the pattern at every character (issue #12)."""
    reach = 0
    for stop in _STOP.finditer(text):
        at = stop.end()
        if at < reach:
            continue
        m = BOUNDARY.match(text, at)
        if m is not None:
            yield m
            reach = m.end()


def sentences(body: str) -> list[Sentence]:
    """Split a body into sentences with their spans; a line break or a blank line always ends one."""
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    for line in _LINE.finditer(body):
        text = line.group(0)
        if not text.strip():
            if out and out[-1].paragraph == paragraph:
                paragraph += 1
            if line.end() >= len(body):
                break
            continue
        start = line.start()
        cuts = [0]
        for m in _boundaries(text):
            dot = m.start() - 1
            while dot > 0 and text[dot] not in ".!?":
                dot -= 1
            if text[dot] == "." and _is_abbreviation(text, dot):
                continue
            cuts.append(m.end())
        cuts.append(len(text))
        for a, b in zip(cuts, cuts[1:]):
            piece = text[a:b]
            stripped = piece.strip()
            if stripped:
                lead = len(piece) - len(piece.lstrip())
                s = start + a + lead
                out.append(Sentence(s, s + len(stripped), stripped, paragraph))
        pos = line.end()
        if pos >= len(body):
            break
    return out


# --- number expressions ---------------------------------------------------------------------

_NUM = r"(?:\d{1,3}(?:\.\d{3}){2,}|\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?:\.\d+)?(?![\d,])|\d+(?:[.,]\d+)?)"
_CUR_PRE = lx.source("currency_before")
_SCALE = lx.source("scale_word")
_CUR_POST = lx.source("currency_after")
_PERCENT = lx.source("percent_sign")

# (a number after a hyphen is part of a name or code, "EXPO-2017", unless the hyphen is a minus sign: "(-17.2%)")
EXPRESSION = lx.led(lx.compile(
    rf"(?:(?<![\w.,\-/])|(?<=[(\s]-)(?=\d))(?:(?P<pre>{_CUR_PRE})\s?)?(?P<num>{_NUM})"
    rf"(?:\s?(?:-|–|—|to)\s?(?(pre)(?:{_CUR_PRE})?\s?|)(?P<num2>{_NUM}))?"
    rf"(?:(?:\s?|-)(?P<scale>{_SCALE})\b)?"
    rf"(?:(?P<pct>{_PERCENT})|\s?(?P<post>{_CUR_POST})\b)?",
    re.IGNORECASE,
), r"\d|" + lx.lead_source("currency_before"))  # an expression starts with a digit or a currency

QUALIFIERS = [(comparator, lx.source(name)) for name, comparator in lx.words("qualifiers").items()]
QUALIFIER = lx.led(lx.compile(
    r"\b(?:" + "|".join(f"(?P<q{i}>{p})" for i, (_, p) in enumerate(QUALIFIERS)) + r")\s+"
    + lx.source("qualifier_filler") + r"$",
    re.IGNORECASE,
), "|".join(lx.lead_source(name) for name in lx.words("qualifiers")))
MONTHS = lx.source("month_name")
DATE_BEFORE = lx.pattern("date_before")
DATE_AFTER = lx.pattern("date_after")


class Mention(NamedTuple):
    """One number expression in a body (immutable; a named tuple is built faster than a frozen dataclass)."""

    start: int
    end: int
    stated: str
    kind: str  # money, percent, count, year, decade, date, ordinal, code, number
    number: float | None = None  # as written, before the scale word
    value: float | None = None  # in base units (USD, not millions)
    unit: str = ""
    comparator: str = "equal"
    upper: float | None = None  # the upper end of a range, in base units
    currency_stated: bool = False
    scale: str = ""


def read_number(text: str, *, decimal_comma_ok: bool = True) -> float:
    """'1,234' -> 1234; '7,5' -> 7.5; '1 234' -> 1234; '1.234.567' -> 1234567; '2.5' -> 2.5."""
    t = text.replace("\u00a0", " ").replace("\u202f", " ")
    if _DOTTED_THOUSANDS.fullmatch(t):
        return float(t.replace(".", ""))
    if _GROUPED_THOUSANDS.fullmatch(t):
        return float(t.replace(",", "").replace(" ", ""))
    if "," in t and decimal_comma_ok:
        return float(t.replace(",", "."))
    return float(t.replace(",", ""))


def _tidy(value: float) -> float:
    """Drop the binary noise of scaling: 1.07 * 1e9 is 1070000000, not 1070000000.0000001."""
    return float(f"{value:.12g}")


def _qualifier(prefix: str) -> str:
    prefix = prefix[-60:]
    if not lx.pattern("qualifier_hint").search(prefix):
        return "equal"
    m = QUALIFIER.search(prefix)
    if not m or lx.pattern("comparison_not_qualifier").search(prefix):
        return "equal"  # ("still well below the $4.1 billion recorded in 2012": that figure is stated, not bounded)
    for i, (symbol, _) in enumerate(QUALIFIERS):
        if m.group(f"q{i}"):
            return symbol
    return "equal"


def _currency(word: str | None) -> str | None:
    if not word:
        return None
    currencies = lx.words("currencies")
    key = _SPACES.sub(" ", word.strip().lower())
    if key in currencies:
        return currencies[key]
    if key.endswith("dollar") or key.endswith("dollars") or "$" in key:
        return currencies["$"]
    return currencies.get(key.rstrip("s"))


def _classify(body: str, m: re.Match) -> Mention | None:
    start, end = m.start(), m.end()
    num_text = m.group("num")
    pre, post, scale, pct = m.group("pre"), m.group("post"), m.group("scale"), m.group("pct")
    num2 = m.group("num2")
    # A trailing space or dash the optional groups swallowed is not part of the expression.
    while end > start and body[end - 1] in " -–—":
        end -= 1
    after = body[end:end + 30]
    # A range of two plain numbers "1993-2008" or "400 to 500" without a scale or currency keeps its parts.
    plain = not (pre or post or scale or pct)
    if num2 and plain:
        return None  # handled number by number
    scale_key = lx.words("scales").get(scale.lower()) if scale else None
    if scale and scale.lower() in lx.words("scale_letters") and not (pre or post):
        scale_key, scale = None, None  # "5 m" of distance, "3b" of a name: not a scale without a currency
        end = m.start("scale") if m.group("scale") else end
        while end > start and body[end - 1] in " -":
            end -= 1
    number = read_number(num_text)
    unit = _currency(pre) or _currency(post)
    stated = body[start:end]
    if plain or (not unit and not pct and not scale_key):
        if num2:
            return None
        return _plain(body, start, end, num_text, number)
    comparator = _qualifier(body[max(0, start - 80):start])
    if pct:
        return Mention(start, end, stated, "percent", number, number, "percent", comparator)
    upper = None
    if unit is None:  # "3.78 billion" with no currency: a money figure whose currency comes from context
        value = _tidy(to_base(number, "USD", scale_key)) if scale_key else number
        if num2:
            upper = to_base(read_number(num2), "USD", scale_key) if scale_key else read_number(num2)
        counted = not scale_key or scale_key == "thousand" or lx.pattern("noun_after_scale").match(after)
        return Mention(start, end, stated, "count" if counted else "amount",
                       number, value, "count", comparator, upper, False, scale_key or "")
    value = _tidy(to_base(number, unit, scale_key))
    if num2:
        upper = _tidy(to_base(read_number(num2), unit, scale_key))
    return Mention(start, end, stated, "money", number, value, unit, comparator, upper, True, scale_key or "")


def is_dateline_year(before: str, after: str) -> bool:
    """Whether a year closes a dateline's date ("Seoul, February 24, 2010 — ..."): it dates the report."""
    return bool(lx.pattern("dateline_before").search(before) and lx.pattern("dateline_after").match(after))


def _plain(body: str, start: int, end: int, text: str, number: float) -> Mention:
    """A number with no currency, scale or percent: year, date, ordinal, code or a count of something (only a
    count reads the qualifier before it: the other kinds have none)."""
    before, after = body[max(0, start - 20):start], body[end:end + 20]
    stated = body[start:end]
    if lx.pattern("ordinal_suffix").match(after):
        kind = "date" if DATE_AFTER.match(after) else "ordinal"
        return Mention(start, end + 2, body[start:end + 2], kind, number)
    if DATE_BEFORE.search(before) or DATE_AFTER.match(after):
        return Mention(start, end, stated, "date", number)
    if _YEAR.fullmatch(text) and is_dateline_year(before, body[end:end + 40]):
        return Mention(start, end, stated, "date", number)  # "Seoul, February 24, 2010 — ...": the report's date
    # (a pattern that ends the text before is tried only where it can start: a few characters from the end, one
    # more for a final line break)
    n = len(before)
    if _YEAR.fullmatch(text) and (_YEAR_SPAN_AFTER.match(after) or _YEAR_SPAN_BEFORE.search(before, max(0, n - 6))
                                  or lx.pattern("year_edge").search(before, max(0, n - 7))):
        return Mention(start, end, stated, "year", number)  # a span of years: 1993-2008
    if _ATTACHED_BEFORE.search(before, max(0, n - 2)) or _ATTACHED_AFTER.match(after):
        # attached to letters or another number: part of a name, code or date (G20, EXPO-2017, 06.07.2024, 1930s)
        kind = "date" if _DATE_PART_BEFORE.search(before, max(0, n - 3)) or _DATE_PART_AFTER.match(after) else "code"
        if lx.pattern("decade").match(after) and _DECADE_YEAR.fullmatch(text):
            kind = "decade"  # the 1990s: ten years, no one year a figure can be dated by
        return Mention(start, end, stated, kind, number)
    if _YEAR.fullmatch(text) and 1900 <= number <= 2100:
        return Mention(start, end, stated, "year", number)
    if lx.pattern("number_sign").search(before):
        return Mention(start, end, stated, "ordinal", number)
    # "60 thousand units": a count with a scale word
    scale = lx.pattern("count_scale").match(after)
    comparator = _qualifier(body[max(0, start - 80):start])
    if scale:
        end2 = end + scale.end()
        scale_key = lx.words("scales")[scale.group(1).lower()]
        value = _tidy(to_base(number, "count", scale_key))
        return Mention(start, end2, body[start:end2], "count", number, value, "count", comparator, scale=scale_key)
    return Mention(start, end, stated, "count", number, number, "count", comparator)


def spelled_value(words: str) -> float:
    """'twenty-five' -> 25; 'seven hundred' -> 700; 'one and a half' -> 1.5; 'half a' -> 0.5."""
    units, tens = lx.words("spelled_units"), lx.words("spelled_tens")
    text = words.lower().replace("-", " ")
    if text.strip() in ("half a", "a half"):
        return 0.5
    total, value = 0.0, 0.0
    for word in text.split():
        if word in units:
            value += units[word]
        elif word in tens:
            value += tens[word]
        elif word == "hundred":
            value *= 100
    total = value + (0.5 if text.endswith("and a half") else 0.0)
    return total


def _spelled(body: str) -> list[Mention]:
    """Numbers spelled out that state a figure: with a scale or currency, or counting companies or projects."""
    out = []
    for m in lx.pattern("spelled_number").finditer(body):
        scale, post = m.group("scale"), m.group("post")
        if not (scale or post) and not lx.pattern("spelled_count_noun").match(body[m.end():m.end() + 60]):
            continue
        number = spelled_value(m.group("spelled"))
        scale_key = lx.words("scales")[scale.lower()] if scale else ""
        unit = _currency(post) if post else None
        comparator = _qualifier(body[max(0, m.start() - 80):m.start()])
        if unit:
            value = _tidy(to_base(number, unit, scale_key))
            out.append(Mention(m.start(), m.end(), m.group(0), "money", number, value, unit, comparator, None, True,
                               scale_key))
        else:
            value = _tidy(to_base(number, "count", scale_key)) if scale_key else number
            counted = not scale_key or scale_key == "thousand"
            out.append(Mention(m.start(), m.end(), m.group(0), "count" if counted else "amount", number, value,
                               "count", comparator, scale=scale_key))
    return out


_SCALE_ORDER = ("thousand", "million", "billion", "trillion")


def _compounds(body: str, out: list[Mention]) -> list[Mention]:
    """One amount in two parts is one figure: "$1 billion 200 million", "1 trillion 300 billion won"."""
    merged: list[Mention] = []
    for x in out:
        prev = merged[-1] if merged else None
        if prev is not None and prev.scale and x.scale and prev.kind in ("money", "amount") \
                and x.kind in ("money", "amount", "count") and x.upper is None and prev.upper is None \
                and _SCALE_ORDER.index(x.scale) < _SCALE_ORDER.index(prev.scale) \
                and lx.pattern("compound_tail").match(body[prev.end:x.start]) \
                and (prev.unit == x.unit or "count" in (prev.unit, x.unit)):
            unit = prev.unit if prev.unit != "count" else x.unit
            value = _tidy(to_base(prev.number, unit, prev.scale) + to_base(x.number, unit, x.scale))
            kind = "money" if "money" in (prev.kind, x.kind) else "amount"
            merged[-1] = Mention(prev.start, x.end, body[prev.start:x.end], kind, prev.number, value, unit,
                                 prev.comparator, None, prev.currency_stated or x.currency_stated, prev.scale)
            continue
        merged.append(x)
    return merged


def mentions(body: str) -> list[Mention]:
    """Every number expression of ``body``, in order, each with its span and reading."""
    out: list[Mention] = []
    for m in EXPRESSION.finditer(body):
        if m.group("num2") and _YEAR.fullmatch(m.group("num")) and m.start() == m.start("num") \
                and lx.pattern("year_before_to").search(body, max(0, m.start() - 12), m.start()):
            # "in 2017 to 1.27 billion": the year on its own, then the figure
            out.append(_plain(body, m.start(), m.end("num"), m.group("num"), read_number(m.group("num"))))
            rest = EXPRESSION.match(body, m.start("num2"))
            m = rest if rest is not None else m
        mention = _classify(body, m)
        if mention is None:  # a plain range: read its two numbers on their own
            for group in ("num", "num2"):
                a, b = m.start(group), m.end(group)
                text = body[a:b]
                out.append(_plain(body, a, b, text, read_number(text)))
            continue
        out.append(mention)
    out += _spelled(body)
    out.sort(key=lambda x: x.start)
    out = _compounds(body, out)
    # any digit that no expression covered (e.g. inside a word) is still a number seen
    starts, reach = [x.start for x in out], list(accumulate((x.end for x in out), max))
    for d in _DIGITS.finditer(body):
        i = bisect.bisect_right(starts, d.start()) - 1  # the last expression starting at or before the digit
        if i < 0 or reach[i] <= d.start():
            year = _YEAR.fullmatch(d.group(0)) and lx.pattern("year_edge_short").search(
                body[max(0, d.start() - 8):d.start()])
            out.append(Mention(d.start(), d.end(), d.group(0), "year" if year else "code", float(d.group(0))))
    out.sort(key=lambda x: x.start)
    return out

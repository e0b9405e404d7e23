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
_DIGITS = re.compile(r"\d\d*")  # (\d+, in a form the engine scans for by its first character: faster)
_STOP = re.compile(r"[.!?]")


class Sentence(NamedTuple):  # immutable, and built faster than a frozen dataclass (issue #12)
    start: int
    end: int
    text: str
    paragraph: int


@cache
def _abbreviations() -> frozenset[str]:
    return frozenset(lx.words("abbreviations"))


@cache
def _scale_abbreviations() -> frozenset[str]:
    return frozenset(lx.words("scale_abbreviations"))


def _is_abbreviation(text: str, dot: int, floor: int = 0) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation ("No.", "Nov.", "U.S.") or an initial (its line starts at
    ``floor``)."""
    # the run of letters and full stops that ends at the dot, at most 200 characters of it (linear in the line's
    # length), found by stepping back from the dot (a pattern ending at the dot is tried at each of those characters)
    start = dot
    while start > dot - 200 and start > floor and text[start - 1] in _WORD_CHARS:
        start -= 1
    if start == dot:
        return False
    token = text[start:dot].lower().strip(".")
    return token in _abbreviations() or (len(token) == 1 and text[dot - 1].isupper()) \
        or token in _scale_abbreviations() and lx.pattern("currency_next").match(text, dot + 1) is not None


def _boundaries(text: str, pattern: re.Pattern = BOUNDARY):
    """``BOUNDARY.finditer(text)``, tried only right after a full stop, ! or ? (where every boundary starts): the
    same matches without trying the pattern at every character (issue #12)."""
    reach = 0
    for stop in _STOP.finditer(text):
        at = stop.end()
        if at < reach:
            continue
        m = pattern.match(text, at)
        if m is not None:
            yield m
            reach = m.end()


# BOUNDARY as it is found in one line of a text (its space is no line break): asked of a whole body, it finds what
# BOUNDARY finds in each of its lines
_BOUNDARY_IN_LINE = re.compile(BOUNDARY.pattern.replace(r"\s+", r"[^\S\n]+", 1))


def sentences(body: str) -> list[Sentence]:
    """Split a body into sentences with their spans; a line break or a blank line always ends one."""
    cuts = []  # where a sentence ends within its line (all lines at once: one look for full stops in the body)
    for m in _boundaries(body, pattern=_BOUNDARY_IN_LINE):
        dot = m.start() - 1  # (the stop the boundary follows)
        if body[dot] == "." and _is_abbreviation(body, dot, body.rfind("\n", 0, dot) + 1):
            continue
        cuts.append(m.end())
    out: list[Sentence] = []
    paragraph = 0
    start, n, i = 0, len(body), 0
    while True:  # line by line, each with its line break
        end = body.find("\n", start) + 1 or n
        if start == end or body[start:end].isspace():  # a blank line
            if out and out[-1].paragraph == paragraph:
                paragraph += 1
        else:
            a = start
            while True:
                b = cuts[i] if i < len(cuts) and cuts[i] < end else end
                piece = body[a:b].lstrip()
                stripped = piece.rstrip()
                if stripped:
                    s = b - len(piece)
                    out.append(Sentence(s, s + len(stripped), stripped, paragraph))
                if b == end:
                    break
                a, i = b, i + 1
        if end >= n:
            return out
        start = end


# --- number expressions ---------------------------------------------------------------------

_NUM = (r"(?:\d{1,3}(?:\.\d{3}){2,}|\d{1,3}(?:[ \u00a0\u202f]\d{3})+,\d{1,2}(?![\d,])"  # (and "37 251,5": a decimal comma)
        r"|\d{1,3}(?:(?:,|[ \u00a0\u202f])\d{3})+(?:\.\d+)?(?!\d|,\d)|\d+(?:[.,]\d+)?)")  # ("1 164, including")
_CUR_PRE = lx.source("currency_before")
_SCALE = lx.source("scale_word")
_CUR_POST = lx.source("currency_after")
_PERCENT = lx.source("percent_sign")



def first_letters(name: str) -> str:
    """A look-ahead for the characters a named pattern's matches start with (the first of its lead's words): put
    before the pattern, it gives up at once where none stands rather than try every alternative (issue #12)."""
    firsts = {lx.head(word)[:1] for word in lx.lead_source(name).split("|")}
    if "" in firsts or not firsts:
        raise ValueError(f"{name}: every word of its lead starts with a plain character")
    return "(?=[" + "".join(re.escape(c) for c in sorted(firsts)) + "])"


def expression(guarded: bool = True) -> re.Pattern:
    """The pattern of a number expression; ``guarded``: its currencies and scale words tried only where their first
    letters stand (the same matches, fewer steps)."""
    pre, scale, post = (first_letters(name) if guarded else "" for name in ("currency_before", "scale_word",
                                                                            "currency_after"))
    # (a number after a hyphen is part of a name or code, "EXPO-2017", unless the hyphen is a minus sign: "(-17.2%)")
    return lx.compile(
        rf"(?:(?<![\w.,\-/])|(?<=[(\s]-)(?=\d))(?:{pre}(?P<pre>{_CUR_PRE})\s?)?(?P<num>{_NUM})"
        rf"(?:\s?(?:-|–|—|to)\s?(?(pre)(?:{_CUR_PRE})?\s?|)(?P<num2>{_NUM}))?"
        rf"(?:(?:\s?|-){scale}(?P<scale>{_SCALE})\b)?"
        rf"(?:(?P<pct>{_PERCENT})|(?(scale)\.?)\s?{post}(?P<post>{_CUR_POST})\b)?",  # ("412,7 mln. US dollars")
        re.IGNORECASE,
    )


EXPRESSION = lx.led(expression(), r"\d|" + lx.lead_source("currency_before"))  # it starts with a digit or a currency

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
    if "," not in text and " " not in text and text.count(".") < 2 and "\u00a0" not in text and "\u202f" not in text:
        return float(text)  # (most numbers: no separator to read, so none of the shapes below)
    t = text.replace("\u00a0", " ").replace("\u202f", " ")
    if _DOTTED_THOUSANDS.fullmatch(t):
        return float(t.replace(".", ""))
    if _GROUPED_THOUSANDS.fullmatch(t):
        return float(t.replace(",", "").replace(" ", ""))
    if "," in t and decimal_comma_ok:
        return float(t.replace(" ", "").replace(",", "."))  # ("37 251,5": spaces group, the comma is the point)
    return float(t.replace(",", ""))


def _tidy(value: float) -> float:
    """Drop the binary noise of scaling: 1.07 * 1e9 is 1070000000, not 1070000000.0000001."""
    return float(f"{value:.12g}")


_QUALIFIER_HINT = lx.pattern("qualifier_hint")
_NOT_QUALIFIER = lx.pattern("comparison_not_qualifier")
_QUALIFIER_GROUPS = [(f"q{i}", symbol) for i, (symbol, _) in enumerate(QUALIFIERS)]


_SIGNS: dict[str, str] = lx.words("qualifier_signs")


def _qualifier(prefix: str) -> str:
    prefix = prefix[-60:]
    sign = prefix.rstrip()[-1:]
    if sign in _SIGNS:  # ("~$143 mln", "≈ $1.6bn", "(<$50mn)")
        return _SIGNS[sign]
    if not _QUALIFIER_HINT.search(prefix):
        return "equal"
    m = QUALIFIER.search(prefix)
    if not m or _NOT_QUALIFIER.search(prefix):
        return "equal"  # ("still well below the $4.1 billion recorded in 2012": that figure is stated, not bounded)
    for group, symbol in _QUALIFIER_GROUPS:
        if m.group(group):
            return symbol
    return "equal"


_CURRENCIES: dict[str, str] = lx.words("currencies")
_SCALES: dict[str, str] = lx.words("scales")
_SCALE_LETTERS = frozenset(lx.words("scale_letters"))
# every currency key is written as _currency reads a word (stripped, lower case, one space): a word found as it is
# is its own key
_KEYS_READ = all(k == _SPACES.sub(" ", k.strip().lower()) for k in _CURRENCIES)


def _currency(word: str | None) -> str | None:
    if not word:
        return None
    currencies = _CURRENCIES
    if _KEYS_READ and word in currencies:
        return currencies[word]
    key = _SPACES.sub(" ", word.strip().lower())
    if key in currencies:
        return currencies[key]
    if key.endswith("dollar") or key.endswith("dollars") or "$" in key:
        return currencies["$"]
    return currencies.get(key.rstrip("s"))


def _classify(body: str, m: re.Match) -> Mention | None:
    start, end = m.span()
    num_text, pre, post, scale, pct, num2 = m.group("num", "pre", "post", "scale", "pct", "num2")
    # A trailing space or dash the optional groups swallowed is not part of the expression.
    while end > start and body[end - 1] in " -–—":
        end -= 1
    after = body[end:end + 30]
    # A range of two plain numbers "1993-2008" or "400 to 500" without a scale or currency keeps its parts.
    plain = not (pre or post or scale or pct)
    if num2 and plain:
        return None  # handled number by number
    scale_key = _SCALES.get(scale.lower()) if scale else None
    if scale and scale.lower() in _SCALE_LETTERS and not (pre or post):
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
        counted = not scale_key or scale_key == "thousand" or _NOUN_AFTER_SCALE.match(after)
        return Mention(start, end, stated, "count" if counted else "amount",
                       number, value, "count", comparator, upper, False, scale_key or "")
    value = _tidy(to_base(number, unit, scale_key))
    if num2:
        upper = _tidy(to_base(read_number(num2), unit, scale_key))
    return Mention(start, end, stated, "money", number, value, unit, comparator, upper, True, scale_key or "")


_NOUN_AFTER_SCALE = lx.pattern("noun_after_scale")
_DATELINE_BEFORE, _DATELINE_AFTER = lx.pattern("dateline_before"), lx.pattern("dateline_after")


def is_dateline_year(before: str, after: str) -> bool:
    """Whether a year closes a dateline's date ("Seoul, February 24, 2010 — ..."): it dates the report."""
    # (the text after first: a short match at its start, rarely there)
    return bool(_DATELINE_AFTER.match(after) and _DATELINE_BEFORE.search(before))


_ORDINAL_SUFFIX = lx.pattern("ordinal_suffix")
_SUFFIXES = frozenset(("st", "nd", "rd", "th"))  # (what an ordinal's suffix starts with)
_YEAR_EDGE, _DECADE, _NUMBER_SIGN = lx.pattern("year_edge"), lx.pattern("decade"), lx.pattern("number_sign")
_COUNT_SCALE = lx.pattern("count_scale")


def _plain(body: str, start: int, end: int, text: str, number: float) -> Mention:
    """A number with no currency, scale or percent: year, date, ordinal, code or a count of something (only a
    count reads the qualifier before it: the other kinds have none)."""
    before, after = body[max(0, start - 20):start], body[end:end + 20]
    stated = body[start:end]
    if after[:2] in _SUFFIXES and _ORDINAL_SUFFIX.match(after):
        kind = "date" if DATE_AFTER.match(after) else "ordinal"
        return Mention(start, end + 2, body[start:end + 2], kind, number)
    if DATE_BEFORE.search(before) or DATE_AFTER.match(after):
        return Mention(start, end, stated, "date", number)
    year = _YEAR.fullmatch(text)
    if year and is_dateline_year(before, body[end:end + 40]):
        return Mention(start, end, stated, "date", number)  # "Seoul, February 24, 2010 — ...": the report's date
    # (a pattern that ends the text before is tried only where it can start: a few characters from the end, one
    # more for a final line break)
    n = len(before)
    if year and (_YEAR_SPAN_AFTER.match(after) or _YEAR_SPAN_BEFORE.search(before, max(0, n - 6))
                 or _YEAR_EDGE.search(before, max(0, n - 7))):
        return Mention(start, end, stated, "year", number)  # a span of years: 1993-2008
    if _ATTACHED_BEFORE.search(before, max(0, n - 2)) or _ATTACHED_AFTER.match(after):
        # attached to letters or another number: part of a name, code or date (G20, EXPO-2017, 06.07.2024, 1930s)
        kind = "date" if _DATE_PART_BEFORE.search(before, max(0, n - 3)) or _DATE_PART_AFTER.match(after) else "code"
        if _DECADE.match(after) and _DECADE_YEAR.fullmatch(text):
            kind = "decade"  # the 1990s: ten years, no one year a figure can be dated by
        return Mention(start, end, stated, kind, number)
    if year and 1900 <= number <= 2100:
        return Mention(start, end, stated, "year", number)
    if "No" in before and _NUMBER_SIGN.search(before):  # (the sign's letters first: a plain look)
        return Mention(start, end, stated, "ordinal", number)
    # "60 thousand units": a count with a scale word
    scale = _COUNT_SCALE.match(after)
    comparator = _qualifier(body[max(0, start - 80):start])
    if scale:
        end2 = end + scale.end()
        scale_key = _SCALES[scale.group(1).lower()]
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


_SPELLED = lx.pattern("spelled_number")
_SPELLED_COUNT_NOUN = lx.pattern("spelled_count_noun")
# a spelled number starts a word (its pattern starts with \b): the character before it is no letter, digit or _ (in
# lower case, a look for a few characters the engine skips to, rather than for \b at every character)
_BEFORE_SPELLED = lx.compile(r"[^a-z0-9_](?=" + _SPELLED.lead.pattern + ")")


def _spelled_numbers(body: str) -> list[re.Match]:
    """``_SPELLED.finditer(body)``, tried only at the start of a word that its lead starts (issue #12)."""
    low = lx.lowered(body)
    if low is None:
        return _SPELLED.finditer(body)
    out: list[re.Match] = []
    reach, match = 0, _SPELLED.match
    if _SPELLED.lead.match(low) is not None and (m := match(body)) is not None:
        out.append(m)
        reach = m.end()
    for before in _BEFORE_SPELLED.finditer(low):
        at = before.end()
        if at >= reach and (m := match(body, at)) is not None:
            out.append(m)
            reach = m.end()
    return out


def _spelled(body: str) -> list[Mention]:
    """Numbers spelled out that state a figure: with a scale or currency, or counting companies or projects."""
    out = []
    for m in _spelled_numbers(body):
        scale, post = m.group("scale", "post")
        if not (scale or post) and not _SPELLED_COUNT_NOUN.match(body[m.end():m.end() + 60]):
            continue
        number = spelled_value(m.group("spelled"))
        scale_key = _SCALES[scale.lower()] if scale else ""
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
    """One amount in two parts is one figure: "$1 billion 200 million", "1 trillion 300 billion won" (not two
    amounts in a list: "$1.27 billion and $436 million", the second with its own currency or the first with a
    fraction)."""
    merged: list[Mention] = []
    for x in out:
        prev = merged[-1] if merged else None
        if prev is not None and prev.scale and x.scale and prev.kind in ("money", "amount") \
                and x.kind in ("money", "amount", "count") and x.upper is None and prev.upper is None \
                and _SCALE_ORDER.index(x.scale) < _SCALE_ORDER.index(prev.scale) \
                and (lx.pattern("compound_tail").match(body[prev.end:x.start])
                     or lx.pattern("compound_tail_abbreviated").match(body[prev.end:x.start])
                     and lx.pattern("scale_abbreviation_end").search(prev.stated)) \
                and prev.number == int(prev.number) and not _CURRENCY_LEAD.match(x.stated) \
                and (prev.unit == x.unit or "count" in (prev.unit, x.unit)):
            unit = prev.unit if prev.unit != "count" else x.unit
            value = _tidy(to_base(prev.number, unit, prev.scale) + to_base(x.number, unit, x.scale))
            kind = "money" if "money" in (prev.kind, x.kind) else "amount"
            merged[-1] = Mention(prev.start, x.end, body[prev.start:x.end], kind, prev.number, value, unit,
                                 prev.comparator, None, prev.currency_stated or x.currency_stated, prev.scale)
            continue
        merged.append(x)
    return merged


def _shared_units(body: str, out: list[Mention]) -> list[Mention]:
    """Numbers listed before an amount share its scale and currency: "196.1, 211.7 and 188.9 million US dollars",
    "12.4 and 15.1 million" (a list that ends with "and" or "or"; not a range's bounds, "between 12 and 15 million")."""
    for k in range(len(out) - 1, 0, -1):
        last = out[k]
        if last.kind not in ("money", "amount") or not last.scale or last.upper is not None \
                or not body[last.start].isdigit() or out[k - 1].kind != "count":
            continue
        j, tail = k - 1, lx.pattern("shared_unit_last")
        listed: list[int] = []
        while j >= 0 and out[j].kind == "count" and not out[j].scale and out[j].upper is None \
                and tail.fullmatch(body, out[j].end, out[j + 1].start):
            listed.append(j)
            j, tail = j - 1, lx.pattern("shared_unit_comma")
        if not listed or lx.pattern("shared_unit_range").search(body, max(0, out[listed[-1]].start - 10),
                                                                  out[listed[-1]].start):
            continue
        for i in listed:
            x = out[i]
            unit = last.unit if last.kind == "money" else "USD"
            out[i] = Mention(x.start, x.end, x.stated, last.kind, x.number, _tidy(to_base(x.number, unit, last.scale)),
                             last.unit, x.comparator, None, last.currency_stated, last.scale)
    return out


# where an expression that starts with a currency can start: its lead (as the case-insensitive expression reads the
# text as it is); and the one currency of no bounded length ("US   dollars 5"), spelled out
_CURRENCY_LEAD = lx.compile(lx.lead_trie(lx.lead_source("currency_before").split("|")), re.IGNORECASE)
_DOLLAR = re.compile("dollar", re.IGNORECASE)


def _expressions(body: str, runs: list[tuple[int, int]]) -> list[re.Match]:
    """``EXPRESSION.finditer(body)``, the expression tried only where it can start (issue #12): at the first digit of a
    run of digits (``runs``, their spans: a digit after another cannot start one, the expression is never after a letter or a
    digit) or at a currency just before such a digit, which no digit stands between (the number follows its currency
    after one space at most)."""
    out: list[re.Match] = []
    match, lead = EXPRESSION.match, _CURRENCY_LEAD.search
    reach = after_run = 0  # the end of the last expression; of the last run of digits
    for d, run_end in runs:
        if d >= reach:
            lo = max(reach, after_run)
            if d - 8 > lo and _DOLLAR.search(body, d - 8, d) is None:
                lo = d - 8  # (a currency but "US dollars" is at most 7 characters, and a space)
            candidates = []
            found = lead(body, lo, d + 8) if lo < d else None
            while found is not None and found.start() < d:
                candidates.append(found.start())
                found = lead(body, found.start() + 1, d + 8)
            candidates.append(d)
            for at in candidates:
                if at >= reach and (m := match(body, at)) is not None:
                    out.append(m)
                    reach = m.end()
        after_run = run_end
    return out


def mentions(body: str) -> list[Mention]:
    """Every number expression of ``body``, in order, each with its span and reading."""
    out: list[Mention] = []
    runs = [d.span() for d in _DIGITS.finditer(body)]  # (spans, not matches: a long text's are many)
    for m in _expressions(body, runs):
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
    out = _shared_units(body, out)
    # any digit that no expression covered (e.g. inside a word) is still a number seen
    starts, reach = [x.start for x in out], list(accumulate((x.end for x in out), max))
    for a, b in runs:
        i = bisect.bisect_right(starts, a) - 1  # the last expression starting at or before the digit
        if i < 0 or reach[i] <= a:
            digits = body[a:b]
            year = _YEAR.fullmatch(digits) and lx.pattern("year_edge_short").search(body[max(0, a - 8):a])
            out.append(Mention(a, b, digits, "year" if year else "code", float(digits)))
    out.sort(key=lambda x: x.start)
    return out

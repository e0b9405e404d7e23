"""Pure lexical extraction: a body -> sentences and number expressions with spans.

Nothing here knows about indicators or countries (that is ``resolve.py``): it
finds every number in the text, reads it (thousands separators, decimal point
or comma, scale words, currency before or after, percent, ranges), says what
kind of number it is (money, percent, count, year, date, ordinal, code) and
which qualifier ("more than", "about") stands before it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from .units import CURRENCY_WORDS, SCALE_WORDS, to_base

# --- sentences -------------------------------------------------------------------------------

ABBREVIATIONS = {
    "no", "nos", "nov", "dec", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct",
    "mr", "mrs", "ms", "dr", "prof", "st", "jr", "sr", "inc", "co", "ltd", "corp", "e.g", "i.e", "vs",
    "approx", "u.s", "u.n", "u.k", "gen", "gov", "rep", "sen", "art", "p", "pp", "vol", "fig", "est",
}
BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)\]]*\s+(?=[\"“‘(\[]?[A-Z0-9А-Я])")
PARAGRAPH = re.compile(r"\n[ \t]*\n")


@dataclass(frozen=True)
class Sentence:
    start: int
    end: int
    text: str
    paragraph: int


def _is_abbreviation(text: str, dot: int) -> bool:
    """Whether the full stop at ``dot`` ends an abbreviation ("No.", "Nov.", "U.S.") or an initial."""
    word = re.search(r"([A-Za-z.]+)$", text[:dot])
    if not word:
        return False
    token = word.group(1).lower().strip(".")
    return token in ABBREVIATIONS or (len(token) == 1 and text[dot - 1].isupper())


def sentences(body: str) -> list[Sentence]:
    """Split a body into sentences with their spans; a line break or a blank line always ends one."""
    out: list[Sentence] = []
    paragraph = 0
    pos = 0
    for line in re.finditer(r"[^\n]*(?:\n|$)", body):
        text = line.group(0)
        if not text.strip():
            if out and out[-1].paragraph == paragraph:
                paragraph += 1
            if line.end() >= len(body):
                break
            continue
        start = line.start()
        cuts = [0]
        for m in BOUNDARY.finditer(text):
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
_CUR_PRE = r"(?:U\.?S\.?\s?\$|USD|KRW|EUR|UZS|KZT|RUB|\$|₩|€|₽|¥|₸|US(?=\s?\d))"
_SCALE = (r"(?:thousand|millions?|billions?|trillion|mln|mlrd|mio|bln|trn|mn|bn|tn|th"
          r"|m(?![a-z²])|b(?![a-z])|k(?![a-z]))")
_CUR_POST = (r"(?:(?:US|U\.S\.|American)\s+dollars?|dollars?|USD|KRW|won|EUR|euros?|roubles?|rubles?|RUB"
             r"|soums?|UZS|sums|tenge|KZT|somoni|TJS|manats?|TMT|KGS|soms|yuan|CNY|yen|JPY)")
_PERCENT = r"(?:%|\s?per\s?cent\b|\s?pct\b)"

EXPRESSION = re.compile(
    rf"(?<![\w.,\-/])(?:(?P<pre>{_CUR_PRE})\s?)?(?P<num>{_NUM})"
    rf"(?:\s?(?:-|–|—|to)\s?(?(pre)(?:{_CUR_PRE})?\s?|)(?P<num2>{_NUM}))?"
    rf"(?:(?:\s?|-)(?P<scale>{_SCALE})\b)?"
    rf"(?:(?P<pct>{_PERCENT})|\s?(?P<post>{_CUR_POST})\b)?",
    re.IGNORECASE,
)

QUALIFIERS = [
    ("more_than", r"more than|over|above|exceed(?:s|ed|ing)?|in excess of|upwards of|greater than|beyond|surpass(?:es|ed)?"),
    ("at_least", r"at least|no less than|not less than|a minimum of"),
    ("at_most", r"up to|no more than|not more than|a maximum of|at most"),
    ("less_than", r"less than|under|below|fewer than"),
    ("about", r"about|around|nearly|almost|approximately|approx\.|some|roughly|close to|an estimated|estimated at"
          r"|circa|ca\.|just over|just under|hovering around|of about|of around|of nearly|of some"),
]
_FILLER = r"(?:(?:already|just|a total of|the total of|a level of|the level of|the mark of|the sum of|a sum of" \
          r"|an amount of|the amount of|a record|a|the|US)\s+)*"
QUALIFIER = re.compile(
    r"\b(?:" + "|".join(f"(?P<q{i}>{p})" for i, (_, p) in enumerate(QUALIFIERS)) + r")\s+" + _FILLER + r"$",
    re.IGNORECASE,
)
MONTHS = r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)"
DATE_BEFORE = re.compile(rf"\b{MONTHS}\.?\s*$", re.IGNORECASE)
DATE_AFTER = re.compile(rf"^(?:st|nd|rd|th)?(?:\s+of)?\s+{MONTHS}\b", re.IGNORECASE)


@dataclass(frozen=True)
class Mention:
    """One number expression in a body."""

    start: int
    end: int
    stated: str
    kind: str  # money, percent, count, year, date, ordinal, code, number
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
    if re.fullmatch(r"\d{1,3}(?:\.\d{3}){2,}", t):
        return float(t.replace(".", ""))
    if re.fullmatch(r"\d{1,3}(?:[, ]\d{3})+(?:\.\d+)?", t):
        return float(t.replace(",", "").replace(" ", ""))
    if "," in t and decimal_comma_ok:
        return float(t.replace(",", "."))
    return float(t.replace(",", ""))


def _tidy(value: float) -> float:
    """Drop the binary noise of scaling: 1.07 * 1e9 is 1070000000, not 1070000000.0000001."""
    return float(f"{value:.12g}")


def _qualifier(prefix: str) -> str:
    m = QUALIFIER.search(prefix[-60:])
    if not m:
        return "equal"
    for i, (symbol, _) in enumerate(QUALIFIERS):
        if m.group(f"q{i}"):
            return symbol
    return "equal"


def _currency(word: str | None) -> str | None:
    if not word:
        return None
    key = re.sub(r"\s+", " ", word.strip().lower())
    if key in CURRENCY_WORDS:
        return CURRENCY_WORDS[key]
    if key.endswith("dollar") or key.endswith("dollars") or "$" in key:
        return "USD"
    return CURRENCY_WORDS.get(key.rstrip("s"))


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
    scale_key = SCALE_WORDS.get(scale.lower()) if scale else None
    if scale and scale.lower() in ("m", "b", "k", "th") and not (pre or post):
        scale_key, scale = None, None  # "5 m" of distance, "3b" of a name: not a scale without a currency
        end = m.start("scale") if m.group("scale") else end
        while end > start and body[end - 1] in " -":
            end -= 1
    number = read_number(num_text)
    unit = _currency(pre) or _currency(post)
    comparator = _qualifier(body[max(0, start - 80):start])
    stated = body[start:end]
    if plain or (not unit and not pct and not scale_key):
        if num2:
            return None
        return _plain(body, start, end, num_text, number, comparator)
    if pct:
        return Mention(start, end, stated, "percent", number, number, "percent", comparator)
    upper = None
    if unit is None:  # "3.78 billion" with no currency: a money figure whose currency comes from context
        value = _tidy(to_base(number, "USD", scale_key)) if scale_key else number
        if num2:
            upper = to_base(read_number(num2), "USD", scale_key) if scale_key else read_number(num2)
        counted = not scale_key or scale_key == "thousand" or re.match(r"\s+[A-Za-z]", after)
        return Mention(start, end, stated, "count" if counted else "amount",
                       number, value, "count", comparator, upper, False, scale_key or "")
    value = _tidy(to_base(number, unit, scale_key))
    if num2:
        upper = _tidy(to_base(read_number(num2), unit, scale_key))
    return Mention(start, end, stated, "money", number, value, unit, comparator, upper, True, scale_key or "")


def _plain(body: str, start: int, end: int, text: str, number: float, comparator: str) -> Mention:
    """A number with no currency, scale or percent: year, date, ordinal, code or a count of something."""
    before, after = body[max(0, start - 20):start], body[end:end + 20]
    stated = body[start:end]
    if re.match(r"^(?:st|nd|rd|th)\b", after):
        kind = "date" if DATE_AFTER.match(after) else "ordinal"
        return Mention(start, end + 2, body[start:end + 2], kind, number)
    if DATE_BEFORE.search(before) or DATE_AFTER.match(after):
        return Mention(start, end, stated, "date", number)
    if re.fullmatch(r"(?:19|20)\d\d", text) and (re.match(r"^[-–]\d{4}\b", after) or re.search(r"\b\d{4}[-–]$", before)
                                                 or re.search(r"\b(?:end|mid|early|late|year)-$", before, re.I)):
        return Mention(start, end, stated, "year", number)  # a span of years: 1993-2008
    if re.search(r"[\w\-/.]$", before) or re.match(r"^(?:[A-Za-z/]|-\w|\.\d)", after):
        # attached to letters or another number: part of a name, code or date (G20, EXPO-2017, 06.07.2024, 1930s)
        kind = "date" if re.search(r"\d[./]$", before) or re.match(r"^[./]\d", after) else "code"
        if re.match(r"^s\b", after) and re.fullmatch(r"1[89]\d0|20\d0", text):
            kind = "year"  # the 1930s
        return Mention(start, end, stated, kind, number)
    if re.fullmatch(r"(?:19|20)\d\d", text) and 1900 <= number <= 2100:
        return Mention(start, end, stated, "year", number)
    if re.search(r"\bNo\.?\s*$", before):
        return Mention(start, end, stated, "ordinal", number)
    # "60 thousand units": a count with a scale word
    scale = re.match(r"^\s?(thousand|million|billion)\b", after)
    if scale:
        end2 = end + scale.end()
        value = _tidy(to_base(number, "count", SCALE_WORDS[scale.group(1).lower()]))
        return Mention(start, end2, body[start:end2], "count", number, value, "count", comparator,
                       scale=SCALE_WORDS[scale.group(1).lower()])
    return Mention(start, end, stated, "count", number, number, "count", comparator)


def mentions(body: str) -> list[Mention]:
    """Every number expression of ``body``, in order, each with its span and reading."""
    out: list[Mention] = []
    for m in EXPRESSION.finditer(body):
        mention = _classify(body, m)
        if mention is None:  # a plain range: read its two numbers on their own
            for group in ("num", "num2"):
                a, b = m.start(group), m.end(group)
                text = body[a:b]
                out.append(_plain(body, a, b, text, read_number(text), _qualifier(body[max(0, a - 80):a])))
            continue
        out.append(mention)
    # any digit that no expression covered (e.g. inside a word) is still a number seen
    covered = [(x.start, x.end) for x in out]
    for d in re.finditer(r"\d+", body):
        if not any(a <= d.start() < b for a, b in covered):
            year = re.fullmatch(r"(?:19|20)\d\d", d.group(0)) and re.search(
                r"\b(?:end|mid|early|late)-$", body[max(0, d.start() - 8):d.start()], re.IGNORECASE)
            out.append(Mention(d.start(), d.end(), d.group(0), "year" if year else "code", float(d.group(0))))
    out.sort(key=lambda x: x.start)
    return out

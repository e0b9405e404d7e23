"""Parts of a year a text names ("in January-June 2023", "the first quarter", "so far this year") and relative
years ("last year"), read against the document's date: what ``time`` dates figures with."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import lexicon as lx
from ..documents import Document
from ..periods import format_period
from .filters import first_part  # ("the first half, beating last year's record": the half's words end at the comma)

Time = tuple[int | None, str, str]  # (year, period, note)
# the kinds of part-year phrase, in the order they are tried (lexicon patterns period_<kind>)
PERIOD_KINDS = ("months", "quarters", "quarter", "quarter_code", "half", "n_months", "ytd", "same", "month", "month_alone",
                "date", "fiscal_year")


@dataclass(frozen=True)
class Span:
    year: int
    first: int
    last: int
    start: int  # where the phrase stands in the text searched
    end: int
    phrase: str
    kind: str = ""

    def time(self) -> Time:
        if self.kind == "date":
            return self.year, str(self.year), f"'{self.phrase}' -> {self.year}"
        if self.first == 1 and self.last == 12:
            return self.year, str(self.year), f"'{self.phrase}' is the whole year"
        return (self.year, format_period(self.year, self.first, self.last),
                f"'{self.phrase}' -> {self.year}-{self.first:02d}..{self.last:02d}")


@cache
def _partial_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    # (a date in brackets, "Forum in Seoul (November 2025)", is a date like "on November 14, 2025")
    return tuple((lx.pattern(f"period_{kind}"), kind) for kind in PERIOD_KINDS) \
        + ((lx.pattern("period_date_bracket"), "date"),)


def _month(word: str) -> int:
    return lx.words("months").index(word[:3].lower()) + 1


month_of = _month  # (a month's name, "Sept", "August": its number)


def last_full_month(doc: Document) -> int | None:
    """The last month of the publication year that was over when the document was published."""
    return doc.month - 1 if doc.month else None


def _months(kind: str, groups: dict, doc: Document, same: tuple[int, int, int] | None) -> tuple[int, int] | None:
    """(first month, last month) a part-year phrase names."""
    if kind in ("months", "month", "month_alone"):
        return _month(groups["m1"]), _month(groups.get("m2") or groups["m1"])
    if kind == "quarters":
        nq = groups.get("nq") or groups["nq2"]  # "the first three quarters", "the three quarters to September"
        n = lx.words("number_words").get(nq.lower()) or int(nq)
        return 1, 3 * n
    if kind in ("quarter", "quarter_code"):
        q = groups.get("q") or groups.get("qn") or groups.get("qn2")
        n = lx.words("ordinals").get(str(q).lower()) or int(q)
        return 3 * n - 2, 3 * n
    if kind == "half":
        return (1, 6) if lx.words("halves")[groups["h"].lower()] == 1 else (7, 12)
    if kind == "n_months":
        n = (groups.get("n") or groups.get("n2") or groups["n3"]).lower()
        return 1, lx.words("number_words").get(n) or int(n)
    if kind == "same":
        return same[1:] if same else None
    if kind in ("date", "fiscal_year"):
        return 1, 12
    return (1, last_full_month(doc)) if last_full_month(doc) else None  # year to date


def spans_in(text: str, doc: Document, base_year: int | None, same: tuple[int, int, int] | None = None) -> list[Span]:
    """Every part of a year a text names ("in January-June 2023", "in the third quarter"), in text order."""
    if not lx.pattern("period_hint").search(text):
        return []
    return list(_spans_in(text, doc.year, doc.month, doc.published, base_year, same))


@lru_cache(maxsize=2048)  # the figures of a sentence ask about the same texts
def _spans_in(text: str, year: int, month: int | None, published: str, base_year: int | None,
              same: tuple[int, int, int] | None) -> tuple[Span, ...]:
    doc = _Published(year, month, published)
    out: list[Span] = []
    for pattern, kind in _partial_patterns():
        for m in pattern.finditer(text):
            before = text[max(0, m.start() - 60):m.start()]
            if lx.pattern("comparison_right_before").search(before) \
                    or kind == "same" and lx.pattern("over_before").search(before) \
                    or lx.pattern("from_first").match(m.group(0)) and lx.pattern("percent_right_before").search(before):
                continue  # "up 14% over the same period last year": a comparison base, not the figure's time
            span = _span(kind, m, text, doc, base_year, same)
            if span and not any(s.start <= span.start < s.end or span.start <= s.start < span.end for s in out):
                out.append(span)
    return tuple(sorted(out, key=lambda s: s.start))


@dataclass(frozen=True)
class _Published:
    """What the time rules read of a document: its date."""

    year: int
    month: int | None
    published: str


def _span(kind: str, m: re.Match, text: str, doc: Document, base_year: int | None,
          same: tuple[int, int, int] | None) -> Span | None:
    groups = m.groupdict()
    if kind == "n_months" and not lx.pattern("period_n_months_check").search(m.group(0) + text[m.end():m.end() + 12]):
        return None
    months = _months(kind, groups, doc, same)
    if months is None:
        return None
    year = int(groups["y"]) if groups.get("y") else (2000 + int(groups["yy"]) if groups.get("yy") else None)
    if year is None:  # the relative year right after the span first: "in the first five months of this year"
        rel = relative_year(first_part(text[m.end():m.end() + 20]), doc) or own_relative(text, doc, before=m.start())
        year = rel[0] if rel else base_year
    if year is None and kind in ("ytd", "month", "month_alone"):
        year = doc.year if doc.month is None or months[1] <= doc.month else doc.year - 1
    if year is None and kind == "same":  # "the same period": see same_period
        year = same[0]
    if year is None:  # "in the first quarter": of the year of publication, if it is over
        year = doc.year if doc.month is None or months[1] <= doc.month else doc.year - 1
    if year is None or not 1 <= months[0] <= months[1] <= 12:
        return None
    return Span(year, months[0], months[1], m.start(), m.end(), m.group(0).strip(), kind)


def partial_in(text: str, doc: Document, base_year: int | None, *, last: bool = False,
               same: tuple[int, int, int] | None = None) -> Time | None:
    """The first (or ``last``) part of a year a text names, as a Time, or None."""
    spans = spans_in(text, doc, base_year, same)
    if not spans:
        return None
    return (spans[-1] if last else spans[0]).time()


def relative_year(text: str, doc: Document) -> tuple[int, str] | None:
    """("last year" -> publication year - 1, note), or None."""
    m = _relative_match(text)
    if not m:
        return None
    offset = lx.words("relative_years")[m[1]]
    return doc.year + offset, f"'{m[0].group(0).strip()}' -> {doc.year + offset} (published {doc.published})"


def relative_is_base(text: str) -> bool:
    """Whether the relative year a text names is a comparison's base ("more than in the corresponding period of last
    year"), not the time the text speaks of."""
    found = _relative_match(text)
    return bool(found) and bool(lx.pattern("comparison_right_before").search(text, max(0, found[0].start() - 80),
                                                                              found[0].start()))


def _relative_match(text: str) -> tuple[re.Match, str] | None:
    if not lx.pattern("relative_hint").search(text):
        return None
    for name in lx.words("relative_years"):
        m = lx.pattern(name).search(text)
        if m:
            return m, name
    return None


def leads_with_relative(text: str) -> bool:
    """Whether a text starts with a relative year ("last year and that ..."): after a figure, that figure's."""
    found = _relative_match(text)
    return bool(found) and lx.pattern("year_after_gap").fullmatch(text[:found[0].start()]) is not None


def own_relative(text: str, doc: Document, before: int | None = None) -> tuple[int, str] | None:
    """A relative year of the text that is not a comparison base ("than last year", "from last year"); for the part
    of a year that starts at ``before``, not another noun's either: a possessive names the year of what follows it
    ("in the first half, beating last year's record": not the half's year; "in this year's first quarter": it is)."""
    found = _relative_match(text)
    if not found or lx.pattern("comparison_right_before").search(text[:found[0].start()]) \
            or lx.pattern("base_figure_before").search(text[:found[0].start()]):  # "from 470 at the end of last year"
        return None
    end = found[0].end()
    if before is not None and lx.pattern("possessive_s").match(text, end) \
            and not lx.pattern("possessive_s_then_space").fullmatch(text, end, before):
        return None
    return relative_year(text, doc)



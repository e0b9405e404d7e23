"""Time: the year and period a figure is about (explicit, relative, partial, carried) or none."""
from __future__ import annotations

import re
from functools import cache

from .. import lexicon as lx
from ..documents import Document
from ..extract import Mention, Sentence
from ..periods import format_period
from .figure import Context

Time = tuple[int | None, str, str]  # (year, period, note)
PERIOD_KINDS = ("months", "quarter", "quarter_code", "half", "n_months", "ytd")


@cache
def _partial_patterns() -> tuple[tuple[re.Pattern, str], ...]:
    return tuple((lx.pattern(f"period_{kind}"), kind) for kind in PERIOD_KINDS)


def _month(word: str) -> int:
    return lx.words("months").index(word[:3].lower()) + 1


def _span(kind: str, m: re.Match, base_year: int | None, doc: Document) -> tuple[int | None, int, int]:
    """(year, first month, last month) of a partial-year phrase."""
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("yy"):
        year = 2000 + int(groups["yy"])
    if year is None:
        year = base_year
    if kind == "months":
        return year, _month(groups["m1"]), _month(groups["m2"])
    if kind in ("quarter", "quarter_code"):
        q = groups.get("q") or groups.get("qn") or groups.get("qn2")
        n = lx.words("ordinals").get(str(q).lower()) or int(q)
        return year, 1, 3 * n
    if kind == "half":
        return year, 1, 6
    if kind == "n_months":
        n = groups["n"].lower()
        return year, 1, lx.words("number_words").get(n) or int(n)
    return year, 1, doc.month or 12  # year to date: up to the month of publication


def partial_in(text: str, doc: Document, base_year: int | None) -> Time | None:
    """The part of a year a text names ("in January-June 2023", "in the first quarter"), or None."""
    for pattern, kind in _partial_patterns():
        m = pattern.search(text)
        if not m:
            continue
        if kind == "n_months" and not re.search(lx.source("period_n_months_check"),
                                                m.group(0) + text[m.end():m.end() + 12]):
            continue
        rel = relative_year(text, doc)
        year, first, last = _span(kind, m, base_year if rel is None else rel[0], doc)
        if year is None and kind != "ytd":  # "in the first quarter": of the year of publication, if it is over
            year = doc.year if doc.month is None or last <= doc.month else doc.year - 1
        if year is None or not 1 <= first <= last <= 12:
            continue
        if first == 1 and last == 12:
            return year, str(year), f"'{m.group(0).strip()}' is the whole year"
        return year, format_period(year, first, last), f"'{m.group(0).strip()}' -> {year}-{first:02d}..{last:02d}"
    return None


def relative_year(text: str, doc: Document) -> tuple[int, str] | None:
    """("last year" -> publication year - 1, note), or None."""
    for name, offset in lx.words("relative_years").items():
        m = re.search(lx.source(name), text, re.IGNORECASE)
        if m:
            return doc.year + offset, f"'{m.group(0).strip()}' -> {doc.year + offset} (published {doc.published})"
    return None


def is_event_year(body: str, start: int, floor: int = 0) -> bool:
    """Whether the year at ``start`` dates an event ("since 1992"), not a figure."""
    return bool(lx.pattern("event_year").search(body[max(floor, start - 60):start]))


def years_bound(items: list[Mention], j: int, body: str) -> bool:
    """Whether the year items[j] directly follows a figure ("$10 billion in 2023"), so it is that figure's."""
    prev = items[j - 1]
    if prev.kind not in ("money", "percent", "count", "amount"):
        return False
    return bool(lx.pattern("year_bound_gap").fullmatch(body[prev.end:items[j].start]))


def _year_right_after(m: Mention, body: str, items: list[Mention], index: int, doc: Document,
                      clause_end: int) -> Time | None:
    """The period or year right after the figure: "$3.5 billion in the period from January to June 2023"."""
    partial = partial_in(body[m.end:clause_end][:70], doc, None)
    years_after = [x for x in items[index + 1:] if x.kind == "year" and x.start < clause_end and x.start - m.end <= 25]
    if partial and partial[0] is not None and (not years_after or partial[0] == int(years_after[0].number)):
        return partial
    if years_after:
        y = years_after[0]
        if lx.pattern("year_after_gap").fullmatch(body[m.end:y.start]):
            rng = re.match(lx.source("year_range_end"), body[y.end:y.end + 6])
            year = int(rng.group(1)) if rng else int(y.number)
            return year, str(year), ""
    return None


def _year_before(m: Mention, sentence: Sentence, body: str, items: list[Mention], index: int, doc: Document,
                 prev_end: int) -> Time | None:
    """A partial period or a year in the figure's clause before it ("In 2023, trade reached ...")."""
    consumed = {x.start for j, x in enumerate(items[:index]) if x.kind == "year" and j > 0 and years_bound(items, j, body)}
    partial = partial_in(body[prev_end:m.start], doc, None)
    if partial and partial[0] is not None:
        return partial
    years_before = [x for x in items[:index] if x.kind == "year" and prev_end <= x.start < m.start
                    and x.start not in consumed and not is_event_year(body, x.start, sentence.start)]
    if years_before:
        y = int(years_before[-1].number)
        return y, str(y), ""
    return None


def _year_later(m: Mention, body: str, items: list[Mention], index: int, clause_end: int) -> Time | None:
    """A year later in the clause after "in", not a comparison base: "$1.5 billion of FDI from Korea in 2022"."""
    later = [x for x in items[index + 1:] if x.kind == "year" and x.start < clause_end
             and lx.pattern("year_later_lead").search(body[max(m.end, x.start - 20):x.start])
             and not lx.pattern("comparison_lead").search(body[max(m.end, x.start - 25):x.start])]
    if later:
        y = int(later[0].number)
        return y, str(y), ""
    return None


def _relative(m: Mention, sentence: Sentence, body: str, doc: Document, prev_end: int, clause_end: int) -> Time | None:
    before, after_first = body[prev_end:m.start], body[m.end:clause_end].split(",")[0]
    if lx.pattern("comparison_words").search(after_first):
        after_first = ""  # "an increase of 14% over the same period last year": last year is the base, not the year
    rel = relative_year(before, doc) or relative_year(after_first, doc)
    if not rel:
        return None
    partial = partial_in(body[sentence.start:sentence.end], doc, rel[0])
    return partial or (rel[0], str(rel[0]), rel[1])


def _from_context(m: Mention, body: str, doc: Document, context: Context, prev_end: int, clause_end: int) -> Time | None:
    before = body[prev_end:m.start]
    if lx.pattern("following_year").search(before) and context.last_year:
        y = context.last_year + 1
        return y, str(y), f"'the following year' -> {y}"
    if lx.pattern("same_year").search(before) and context.last_year:
        return context.last_year, str(context.last_year), f"'the same year' -> {context.last_year}"
    if lx.pattern("now_words").search(before) or lx.pattern("now_words").search(body[m.end:clause_end].split(",")[0]):
        return doc.year, str(doc.year), f"stated as of now -> publication year {doc.year}"
    return None


def year_for(m: Mention, sentence: Sentence, body: str, items: list[Mention], index: int, doc: Document,
             context: Context, carried: Time | None, prev_end: int, clause_end: int) -> Time:
    """(year, period, note) of a figure: explicit, relative, partial, carried or (None, '', '')."""
    found = (_year_right_after(m, body, items, index, doc, clause_end)
             or _year_before(m, sentence, body, items, index, doc, prev_end)
             or _year_later(m, body, items, index, clause_end)
             or _relative(m, sentence, body, doc, prev_end, clause_end)
             or _from_context(m, body, doc, context, prev_end, clause_end))
    if found:
        return found
    if carried:
        return carried
    # a whole-sentence partial period ("In the first half of this year, ...")
    partial = partial_in(body[sentence.start:sentence.end], doc, None)
    if partial and partial[0] is not None:
        return partial
    return None, "", ""


def sentence_time(text: str, doc: Document) -> Time | None:
    """The time a sentence states for itself: a partial period, a relative year or its one year."""
    rel = relative_year(text, doc)
    partial = partial_in(text, doc, rel[0] if rel else None)
    if partial and partial[0] is not None:
        return partial[0], partial[1], partial[2] + " (previous sentence)"
    if rel:
        return rel[0], str(rel[0]), rel[1] + " (previous sentence)"
    years = {y.group(0) for y in re.finditer(lx.source("any_year"), text) if not is_event_year(text, y.start())}
    if len(years) == 1:
        y = int(years.pop())
        return y, str(y), f"year {y} from the previous sentence"
    return None

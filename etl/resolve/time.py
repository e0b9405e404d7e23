"""Time: the year and period a figure is about (explicit, relative, partial, carried) or none.

A figure's own time wins: the year or period right after it, then the nearest one before it in its clause,
then a year later in its clause, a relative year ("last year"), a year the text set ("the same year"),
"now" (publication), the time of the previous figure of its sentence, and last a period the whole
sentence states. ``unfinished`` then turns a whole year that was not over at publication into the months
that were.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import lexicon as lx
from ..documents import Document
from ..extract import Mention, Sentence, is_dateline_year
from ..periods import MONTH_ABBR, format_period, label, try_parse
from .figure import Context

Time = tuple[int | None, str, str]  # (year, period, note)
# the kinds of part-year phrase, in the order they are tried (lexicon patterns period_<kind>)
PERIOD_KINDS = ("months", "quarters", "quarter", "quarter_code", "half", "n_months", "ytd", "same", "month", "month_alone",
                "date")


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
    return tuple((lx.pattern(f"period_{kind}"), kind) for kind in PERIOD_KINDS)


def _month(word: str) -> int:
    return lx.words("months").index(word[:3].lower()) + 1


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
        n = (groups.get("n") or groups["n2"]).lower()
        return 1, lx.words("number_words").get(n) or int(n)
    if kind == "same":
        return same[1:] if same else None
    if kind == "date":
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
                    or kind == "same" and lx.pattern("over_before").search(before):
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
        rel = relative_year(text[m.end():m.end() + 20], doc) or _own_relative(text, doc)
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


def _relative_match(text: str) -> tuple[re.Match, str] | None:
    if not lx.pattern("relative_hint").search(text):
        return None
    for name in lx.words("relative_years"):
        m = lx.pattern(name).search(text)
        if m:
            return m, name
    return None


def is_event_year(body: str, start: int, floor: int = 0) -> bool:
    """Whether the year at ``start`` dates an event ("since 1992"), not a figure."""
    before = body[max(floor, start - 60):start]
    return bool(lx.pattern("event_year").search(before)) and not lx.pattern("when_clause").search(before)


def years_bound(items: list[Mention], j: int, body: str) -> bool:
    """Whether the year items[j] directly follows a figure ("$10 billion in 2023"), so it is that figure's."""
    prev = items[j - 1]
    if prev.kind not in ("money", "percent", "count", "amount"):
        return False
    return bool(lx.pattern("year_bound_gap").fullmatch(body[prev.end:items[j].start]))


def _year_right_after(m: Mention, body: str, items: list[Mention], index: int, doc: Document,
                      clause_end: int, same) -> Time | None:
    """The period or year right after the figure: "$3.5 billion in the period from January to June 2023"."""
    after = body[m.end:clause_end][:70]
    spans = [s for s in spans_in(after, doc, None, same) if lx.pattern("span_after_gap").fullmatch(after[:s.start])]
    partial = spans[0].time() if spans else None
    years_after = [x for x in items[index + 1:] if x.kind == "year" and x.start < clause_end and x.start - m.end <= 25]
    if partial and partial[0] is not None and (not years_after or partial[0] == int(years_after[0].number)):
        return partial
    if years_after:
        y = years_after[0]
        if lx.pattern("year_after_gap").fullmatch(body[m.end:y.start]) \
                and not lx.pattern("year_labels_next").match(body, y.end):
            rng = lx.pattern("year_range_end").match(body[y.end:y.end + 6])
            year = int(rng.group(1)) if rng else int(y.number)
            return year, str(year), ""
    return None


def _year_before(m: Mention, sentence: Sentence, body: str, items: list[Mention], index: int, doc: Document,
                 prev_end: int, same) -> Time | None:
    """The nearest period or year in the figure's clause before it ("In 2023, trade reached ...")."""
    consumed = {x.start for j, x in enumerate(items[:index]) if x.kind == "year" and j > 0 and years_bound(items, j, body)}
    before = body[prev_end:m.start]
    spans = spans_in(before, doc, None, same)
    asides = [(prev_end + a.start(), prev_end + a.end()) for a in lx.pattern("relative_aside").finditer(before)]
    years = [x for x in items[:index] if x.kind == "year" and prev_end <= x.start < m.start
             and not any(a <= x.start < b for a, b in asides)  # "investment, which had surged in 2008, fell to"
             and x.start not in consumed and not is_event_year(body, x.start, sentence.start)
             and not lx.pattern("comparison_right_before").search(body[max(prev_end, x.start - 60):x.start])
             and not lx.pattern("year_attribute").match(body[x.end:x.end + 30])]
    span_end = prev_end + spans[-1].end if spans else -1
    if years and (not spans or years[-1].start >= span_end):
        y = int(years[-1].number)
        return y, str(y), ""
    return spans[-1].time() if spans else None


def _year_later(m: Mention, body: str, items: list[Mention], index: int, clause_end: int) -> Time | None:
    """A year later in the clause after "in", not a comparison base nor an event's ("since the fund's first loan
    in 1995"): "$1.5 billion of FDI from Korea in 2022"."""
    later = [x for x in items[index + 1:] if x.kind == "year" and x.start < clause_end
             and lx.pattern("year_later_lead").search(body[max(m.end, x.start - 20):x.start])
             and not lx.pattern("comparison_lead").search(body[max(m.end, x.start - 25):x.start])
             and not lx.pattern("base_figure_before").search(body[max(m.end, x.start - 40):x.start])
             and not is_event_year(body, x.start, m.end)
             and not lx.pattern("year_labels_next").match(body, x.end)
             and not lx.pattern("clause_boundary").search(body, m.end, x.start)]  # (", and in 2025 alone ...")
    if later:
        y = int(later[0].number)
        return y, str(y), ""
    return None


def _own_relative(text: str, doc: Document) -> tuple[int, str] | None:
    """A relative year of the text that is not a comparison base ("than last year", "from last year")."""
    found = _relative_match(text)
    if not found or lx.pattern("comparison_right_before").search(text[:found[0].start()]):
        return None
    return relative_year(text, doc)


def _relative_possessive(m: Mention, body: str, doc: Document, prev_end: int) -> Time | None:
    """"last year's full-year figure of 487.9 billion won": the year the words right before the figure name."""
    found = lx.pattern("relative_possessive_before").search(body, max(prev_end, m.start - 60), m.start)
    rel = relative_year(found.group(0), doc) if found else None
    return (rel[0], str(rel[0]), rel[1]) if rel else None


def _relative_right_after(m: Mention, body: str, doc: Document, clause_end: int) -> Time | None:
    """"so far this year" in the words right after the figure (to the first comma): its own time, before a year
    the clause names later ("..., surpassing the record set in 2008")."""
    after_first = body[m.end:clause_end].split(",")[0]
    if not lx.pattern("relative_hint").search(after_first):
        return None
    partial = partial_in(after_first, doc, None)
    if partial and partial[0] is not None:
        return partial
    rel = _own_relative(after_first, doc)
    return (rel[0], str(rel[0]), rel[1]) if rel else None


def _relative(m: Mention, sentence: Sentence, body: str, doc: Document, prev_end: int, clause_end: int,
              same) -> Time | None:
    before, after_first = body[prev_end:m.start], body[m.end:clause_end].split(",")[0]
    rel = _own_relative(after_first, doc) or _own_relative(before, doc)  # the time right after a figure is its own
    if not rel:
        return None
    # the months of its own clause ("In the first half of last year, ..."), not of another ("$9.7 billion last year,
    # and in the first five months of this year ...")
    partial = partial_in(before + " " + after_first, doc, rel[0], same=same)
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


def _year_earlier(m: Mention, body: str, context: Context, clause_end: int, carried: Time | None) -> Time | None:
    """"fell to $34 million in 2020 from $45 million a year earlier": the time a year before the figure's before
    it in the sentence (its months, for a part of a year: "in the first quarter ..., against $60 million a year
    earlier"), else before the year the text stated last (not in "18.4% more than a year earlier", a comparison)."""
    earlier = lx.pattern("year_earlier").search(body[m.end:clause_end][:30])
    if not earlier or lx.pattern("comparison_right_before").search(body[m.end:m.end + earlier.start()]):
        return None
    n = earlier.group("n")  # "five years earlier"
    back = (lx.words("number_words").get(n.lower()) or int(n)) if n else 1
    if carried and carried[0] is not None and (span := try_parse(carried[1])) is not None:
        period = format_period(span.first[0] - back, span.first[1], span.last[1], end_year=span.last[0] - back)
        return carried[0] - back, period, f"{EARLIER} -> {label(period, carried[0] - back)}"
    if context.last_year:
        y = context.last_year - back
        return y, str(y), f"{EARLIER} -> {y}"
    return None


def same_period(last_span: tuple[int, int, int] | None, text: str) -> tuple[int, int, int] | None:
    """(year, first month, last month) "the same period" stands for in ``text``: the months of the last part-year
    figure, of the year before it where the text compares ("up from $1.5 billion in the same period"), of its own
    year where nothing compares ("Exports for the same period amounted to $1.9 million")."""
    if last_span is None:
        return None
    year, first, last = last_span
    return (year - 1 if lx.pattern("same_period_base").search(text) else year), first, last


WHEN = "the time named before 'when'"  # a base's time: a figure with it sets no time for the text
EARLIER = "'a year earlier'"  # so is the time of a figure "a year earlier" than the one before it


def is_base(how: str) -> bool:
    """Whether a figure's time (told by its note) is a comparison base's, which sets no time for the text."""
    return WHEN in how or how.startswith(EARLIER)


def _when_back(m: Mention, body: str, doc: Document, prev_end: int, same) -> Time | None:
    """"... less than in the first quarter of 2015, when it reached $326.7 million": the time the words before
    "when" name, a comparison base included (the figure is the base's)."""
    before = body[prev_end:m.start]
    when = lx.pattern("when_back").search(before)
    if not when or not before[:when.start()].rstrip().endswith(","):
        return None
    named = before[:when.start()]
    cut = list(lx.pattern("comparison_words").finditer(named))
    named = named[cut[-1].end():] if cut else named
    spans = spans_in(named, doc, None, same)
    if spans:
        year, period, note = spans[-1].time()
        return year, period, f"{note} ({WHEN})"
    years = list(lx.pattern("any_year").finditer(named))
    if years:
        y = int(years[-1].group(0))
        return y, str(y), f"{y} ({WHEN})"
    return None


def year_for(m: Mention, sentence: Sentence, body: str, items: list[Mention], index: int, doc: Document,
             context: Context, carried: Time | None, prev_end: int, clause_end: int) -> Time:
    """(year, period, note) of a figure: explicit, relative, partial, carried or (None, '', '')."""
    same = same_period(context.last_span, sentence.text)
    found = (_when_back(m, body, doc, prev_end, same)
             or _year_right_after(m, body, items, index, doc, clause_end, same)
             or _year_earlier(m, body, context, clause_end, carried)  # "$312.4mn recorded a year earlier"
             or _relative_right_after(m, body, doc, clause_end)  # "($2.41 billion) in Uzbekistan so far this year"
             or _relative_possessive(m, body, doc, prev_end)  # "last year's full-year figure of 487.9 billion won"
             or _year_before(m, sentence, body, items, index, doc, prev_end, same)
             or _year_later(m, body, items, index, clause_end)
             or _relative(m, sentence, body, doc, prev_end, clause_end, same)
             or _from_context(m, body, doc, context, prev_end, clause_end))
    if found:
        return found
    if carried:
        return carried
    # a whole-sentence partial period ("In the first half of this year, ...")
    partial = partial_in(sentence.text, doc, None, same=same)
    if partial and partial[0] is not None:
        return partial
    return None, "", ""


def states_no_year(m: Mention, body: str, clause_end: int) -> bool:
    """Whether the figure is a rate with no year of its own: "$50 million a year", "over the year"."""
    return bool(lx.pattern("rate_no_year").search(body[m.end:clause_end][:40]))


def _free_years(text: str) -> set[str]:
    """The years a text states as a time: not an event's ("since 1992"), a base ("compared with 2021") or a
    name ("the 2023 report")."""
    return {y.group(0) for y in lx.pattern("any_year").finditer(text)
            if not is_event_year(text, y.start())
            and not is_dateline_year(text[max(0, y.start() - 20):y.start()], text[y.end():y.end() + 40])
            and not lx.pattern("comparison_right_before").search(text[max(0, y.start() - 60):y.start()])
            and not lx.pattern("base_figure_before").search(text[max(0, y.start() - 40):y.start()])
            and not lx.pattern("year_attribute").match(text[y.end():y.end() + 30])
            and not lx.pattern("year_labels_next").match(text, y.end())}


def sentence_year(text: str, doc: Document) -> Time | None:
    """The one year a sentence states, for a figure of it that states none."""
    years = _free_years(text)
    if len(years) != 1 or lx.pattern("year_span").search(text):
        return None
    y = int(years.pop())
    return y, str(y), f"the sentence's year {y}"


def sentence_time(text: str, doc: Document, same: tuple[int, int, int] | None = None, *,
                  own: bool = False) -> Time | None:
    """The time a sentence states for itself: a partial period, a relative year or its one year; the note says it
    came from the previous sentence, or (``own``) from the figure's own sentence."""
    where = "its sentence" if own else "previous sentence"
    rel = relative_year(text, doc)
    partial = partial_in(text, doc, rel[0] if rel else None, same=same)
    if partial and partial[0] is not None:
        return partial[0], partial[1], f"{partial[2]} ({where})"
    if rel:
        return rel[0], str(rel[0]), f"{rel[1]} ({where})"
    years = _free_years(text)
    if len(years) == 1:
        y = int(years.pop())
        return y, str(y), f"year {y} of its sentence" if own else f"year {y} from the previous sentence"
    return None


def unfinished(year: int, period: str, doc: Document) -> tuple[str, str] | None:
    """A whole year that was not over at publication: (the months that were, note); ('', reason) when none
    was; None when the year was over (or the publication month is not known)."""
    if period != str(year) or year != doc.year or not doc.month:
        return None
    last = last_full_month(doc)
    if not last:
        return "", f"{year} had only begun when the source was published ({doc.published}): not a year's figure"
    months = f"{MONTH_ABBR[0]}–{MONTH_ABBR[last - 1]}" if last > 1 else MONTH_ABBR[0]
    return (format_period(year, 1, last),
            f"{year} was not over at publication ({doc.published}): read as {months} {year}")

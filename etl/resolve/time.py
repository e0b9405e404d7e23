"""Time: the year and period a figure is about (explicit, relative, partial, carried) or none.

A figure's own time wins: the year or period right after it, then the nearest one before it in its clause,
then a year later in its clause, a relative year ("last year"), a year the text set ("the same year"),
"now" (publication), the time of the previous figure of its sentence, and last a period the whole
sentence states. ``unfinished`` then turns a whole year that was not over at publication into the months
that were.
"""
from __future__ import annotations

from .. import lexicon as lx
from ..documents import Document
from ..extract import Mention, Sentence, is_dateline_year
from ..periods import MONTH_ABBR, format_period, label, try_parse
from .figure import Context
from .spans import (
    Time,
    last_full_month,
    leads_with_relative,
    own_relative,
    partial_in,
    relative_is_base,
    relative_year,
    spans_in,
)


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
    spans = [s for s in spans_in(after, doc, None, same) if lx.pattern("span_after_gap").fullmatch(after[:s.start])
             and not (m.kind == "percent" and lx.pattern("from_first").match(after, s.start))]  # ("up 7.7% from January-March")
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
             and (not lx.pattern("comparison_right_before").search(body[max(prev_end, x.start - 60):x.start])
                  or lx.pattern("year_names_figure").match(body[x.end:m.start]))
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
             and not lx.pattern("comparison_right_before").search(body[max(m.end, x.start - 60):x.start])
             and not lx.pattern("base_figure_before").search(body[max(m.end, x.start - 40):x.start])
             and not is_event_year(body, x.start, m.end)
             and not lx.pattern("year_labels_next").match(body, x.end)
             and not lx.pattern("clause_boundary").search(body, m.end, x.start)]  # (", and in 2025 alone ...")
    if later:
        y = int(later[0].number)
        return y, str(y), ""
    return None


def _relative_possessive(m: Mention, body: str, doc: Document, prev_end: int) -> Time | None:
    """"last year's full-year figure of 487.9 billion won": the year the words right before the figure name."""
    found = lx.pattern("relative_possessive_before").search(body, max(prev_end, m.start - 60), m.start)
    rel = relative_year(found.group(0), doc) if found else None
    return (rel[0], str(rel[0]), rel[1]) if rel else None


def _first_clause_after(m: Mention, body: str, clause_end: int) -> str:
    """The words after a figure to the first comma or semicolon: its own ("$520m in the first quarter; for the whole
    of last year ...": not last year)."""
    return body[m.end:clause_end].split(",")[0].split(";")[0]


def _relative_right_after(m: Mention, body: str, doc: Document, clause_end: int) -> Time | None:
    """"so far this year" in the words right after the figure (to the first comma): its own time, before a year
    the clause names later ("..., surpassing the record set in 2008")."""
    after_first = _first_clause_after(m, body, clause_end)
    if not lx.pattern("relative_hint").search(after_first):
        return None
    partial = partial_in(after_first, doc, None)
    if partial and partial[0] is not None:
        return partial
    # (read with the figure's last word: "63 percent over the previous year" compares with that year)
    rel = own_relative(body[max(m.start, m.end - 10):m.end] + after_first, doc)
    return (rel[0], str(rel[0]), rel[1]) if rel else None


def _relative(m: Mention, sentence: Sentence, body: str, doc: Document, prev_end: int, clause_end: int,
              same) -> Time | None:
    before, after_first = body[prev_end:m.start], _first_clause_after(m, body, clause_end)
    # the time right after a figure is its own (and so not the next figure's: "$1.9 billion last year and that
    # Korean companies had invested more than $5 billion since independence")
    bound = prev_end > sentence.start and leads_with_relative(before)
    rel = own_relative(body[max(m.start, m.end - 10):m.end] + after_first, doc) \
        or (None if bound else own_relative(before, doc))  # ("63 percent over the previous year": a base)
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
    if (same := lx.pattern("same_year").search(before)) and context.last_year:
        return context.last_year, str(context.last_year), f"'{same.group(0)}' -> {context.last_year}"
    if lx.pattern("now_words").search(before) or lx.pattern("now_words").search(_first_clause_after(m, body, clause_end)):
        return doc.year, str(doc.year), f"stated as of now -> publication year {doc.year}"
    return None


def _year_earlier(m: Mention, body: str, context: Context, clause_end: int, carried: Time | None) -> Time | None:
    """"fell to $34 million in 2020 from $45 million a year earlier": the time a year before the figure's before
    it in the sentence (its months, for a part of a year: "in the first quarter ..., against $60 million a year
    earlier"), else before the year the text stated last (not in "18.4% more than a year earlier", a comparison)."""
    earlier = lx.pattern("year_earlier").search(body[m.end:clause_end][:30])
    # (the figure's own last word read with the words after it: "63 percent over the previous year" compares)
    if not earlier or lx.pattern("comparison_right_before").search(body[max(m.start, m.end - 10):m.end + earlier.start()]) \
            or any(ch.isdigit() for ch in body[m.end:m.end + earlier.start()]):  # ("620, from 480 a year ago": 480's)
        return None
    at = m.end + earlier.end()
    if named := lx.pattern("year_earlier_named").match(body, at, max(at, clause_end)):
        y = int(named.group("year"))  # ("just 210 billion won ten years earlier, in 2013")
        return y, str(y), f"'{earlier.group(0)}, in {y}' -> {y}"
    n = earlier.group("n")  # "five years earlier"
    return _years_back((lx.words("number_words").get(n.lower()) or int(n)) if n else 1, context, carried)


def _year_earlier_opener(m: Mention, body: str, context: Context, sentence: Sentence) -> Time | None:
    """"... fell to 76.4 billion tenge in 2015. A year earlier, Korean investors brought in 142.9 billion tenge": the
    time a year before the last figure's (for the figures of a sentence that opens so)."""
    if not lx.pattern("year_earlier_opener").match(body, sentence.start, m.start) \
            or lx.pattern("any_year").search(body, sentence.start, m.start):
        return None  # (not past a year of its own: "A year earlier the turnover had been $47.6 million, so the fall
        # in 2015 was 28.2 percent")
    return _years_back(1, context, (*context.prev_time, "") if context.prev_time else None)


def _years_back(back: int, context: Context, carried: Time | None) -> Time | None:
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
    # (the time after the comparison's words: "more than in the same period of 2019, when" is the same period's)
    cut = [c for c in lx.pattern("comparison_words").finditer(named) if not c.group(0).lower().startswith("same")]
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
             or _year_earlier_opener(m, body, context, sentence)  # "A year earlier, investors brought in $798 million"
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
    # a whole-sentence partial period ("In the first half of this year, ..."), not one after a semicolon after the
    # figure ("... $318 million, respectively; the rest ... grew 19.2 percent in January–August 2018")
    partial = partial_in(to_semicolon(sentence.text, m.end - sentence.start), doc, None, same=same)
    if partial and partial[0] is not None:
        return partial
    return None, "", ""


def states_no_year(m: Mention, body: str, clause_end: int) -> bool:
    """Whether the figure is a rate with no year of its own: "$50 million a year", "over the year"."""
    return bool(lx.pattern("rate_no_year").search(body[m.end:clause_end][:40]))


def _free_years(text: str) -> set[str]:
    """The years a text states as a time: not an event's ("since 1992"), a base ("compared with 2021", "three times
    the 2021 level") or a name ("the 2023 report")."""
    return {y.group(0) for y in lx.pattern("any_year").finditer(text)
            if not is_event_year(text, y.start())
            and not is_dateline_year(text[max(0, y.start() - 20):y.start()], text[y.end():y.end() + 40])
            and not lx.pattern("comparison_right_before").search(text[max(0, y.start() - 60):y.start()])
            and not lx.pattern("base_figure_before").search(text[max(0, y.start() - 40):y.start()])
            and not lx.pattern("year_attribute").match(text[y.end():y.end() + 30])
            and not lx.pattern("year_level_after").match(text[y.end():y.end() + 12])
            and not lx.pattern("year_in_earlier_aside").search(text, max(0, y.start() - 80), y.start())
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
    if rel and not own and relative_is_base(text):  # ("This is 1.8 times more than in the same period of last year.")
        return None
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


def to_semicolon(text: str, at: int) -> str:
    """``text`` up to its first semicolon from ``at`` on (after a figure: what follows is another clause's, with its
    own time), or the whole text."""
    cut = text.find(";", at)
    return text[:cut] if cut > 0 else text

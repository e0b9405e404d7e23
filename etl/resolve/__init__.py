"""Pure context resolution: what a figure is about (indicator, country, partner, year, period).

Rules read the words of press releases around the figure: the clause it stands in (from the previous
figure of its sentence to the next), the rest of its sentence, the sentence before it in the same
paragraph, and the document (its main Central Asian country, its publisher, its date). A figure whose
indicator, country, partner or year cannot be told is returned with a ``reason`` and goes to review,
never to a guess. The words live in ``etl/lexicon.yml``; the indicators in ``etl/vocabulary.yml``.

The steps, in order, for each number of a document (``etl/resolve/steps.py``):
kind (what sort of number) -> partner -> indicator -> filters -> country -> time. Then two passes over the whole
document: the time the text set carries to later figures, and years compared with a year not over.
"""
from __future__ import annotations

import bisect
import functools
import re

from .. import lexicon as lx
from .. import periods
from ..documents import Document
from ..extract import Mention, Sentence, mentions, sentences
from ..schema import vocabulary
from . import blocks, filters, indicator, places, time
from . import spans as parts  # parts of a year, relative years
from .figure import Clause, Context, DocFacts, Figure, Work
from .steps import STEPS

__all__ = ["Figure", "resolve", "main_country"]
main_country = places.main_country


# A sentence that holds more than MANY_NUMBERS numbers is read, for each of its figures, in a window of WINDOW
# characters on either side of the figure (the window is that figure's "sentence" and quote): every figure costs
# the same, so a document's time grows linearly with its length however its sentences run. A sentence with
# fewer numbers is read whole, however long (its cost is its length).
MANY_NUMBERS = 20
WINDOW = 200
# What is kept of the questions the figures of one document ask again and again (a sentence's places and partners,
# a text's periods, a long text's lower case) is forgotten when the next document starts: it saves a document's
# repeated questions, never another document's work, so a corpus of near-copies costs what any corpus costs (#12).
PER_DOCUMENT = (places.marks, places._others_in, parts._spans_in, lx._kept_lowered)


def resolve(doc: Document) -> list[Figure]:
    """Every number of ``doc`` as a Figure: resolved (reason '') or with the reason it goes to review."""
    for kept in PER_DOCUMENT:
        kept.cache_clear()
    body = doc.body
    d = DocFacts(doc, mentions(body))
    context = Context()
    starts = [m.start for m in d.items]
    sents = sentences(body)
    d.cells = blocks.cells(body, sents)
    said: set[str] = set()
    for si, sentence in enumerate(sents):
        context.direction.later(_direction_set(sentence.text))
        context.list_lead = _list_lead(sentence.text, context.list_lead)
        first, end = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)
        if first == end:  # no number: nothing to resolve; the time it may set is worked out only if a figure reads it
            said.add(sentence.text)
            context.time_set.later(_time_set(sentence.text, doc, context.last_span))
            continue
        context.places_before = functools.partial(d.places_before, sentence.start)
        previous = sents[si - 1] if si and sents[si - 1].paragraph == sentence.paragraph else None
        context.prev_text, context.sentence_index = (previous.text if previous else ""), si
        if sentence.text in said:  # a headline repeated in the text: its figures are counted once
            d.figures += [Figure(mention=x, sentence=sentence, value=x.value, unit=x.unit, comparator=x.comparator,
                                 reason="the same sentence stands earlier in the text") for x in d.items[first:end]]
            continue
        said.add(sentence.text)
        _set_topic_time(context, sentence, _resolve_sentence(d, sentence, starts, first, end, context), doc)
    _like_with_like(d)
    return d.figures


def warm() -> None:
    """Compile every pattern the rules may ask for, now: a large build does it before its workers fork, so that they
    inherit them and none compiles one of its own (issue #12)."""
    lx.every_pattern()
    places.warm()
    indicator.warm()
    lx.regex_cache.save(complete=True)  # (their programs, for the next run: etl/regex_cache.py)


def _resolve_sentence(d: DocFacts, sentence: Sentence, starts: list[int], first: int, end: int,
                      context: Context) -> list[Figure]:
    """The figures of one sentence (items ``first``..``end``), each read in the sentence or, in a very long
    one, in a bounded window around it."""
    done_here: list[Figure] = []
    for i in range(first, end):
        crowded = end - first > MANY_NUMBERS
        seen = _window(d.doc.body, sentence, d.items[i]) if crowded else sentence
        lo, hi = bisect.bisect_left(starts, seen.start, first, end), bisect.bisect_left(starts, seen.end, first, end)
        window_start = max(0, lo - 1)
        recent = done_here[lo - first:] if seen is not sentence else done_here
        cell = d.cells.get(d.items[i].start)
        fig = blocks.figure(cell, d.items[i], context, d.doc) if cell is not None \
            else _resolve_one(d, d.items[window_start:hi], i - window_start, seen, context, recent)
        fig.whole_start = sentence.start
        done_here.append(fig)
        d.figures.append(fig)
    return done_here


def _set_topic_time(context: Context, sentence: Sentence, done_here: list[Figure], doc: Document) -> None:
    """The time the text has set, for later figures that state none: the last dated flow figure, or a sentence
    that names a period or a relative year ("In January-August 2025, ...") without a figure of its own."""
    flows = [f for f in done_here if not f.reason and not f.base and vocabulary()[f.indicator].kind == "flow"
             and not vocabulary()[f.indicator].undated_year]
    if flows:
        f = flows[-1]
        if not _month_within(f.period, context):  # ("In July alone, ...": January-July stays the time)
            context.topic_time = (f.year, f.period, f"the time the text set before ({periods.label(f.period, f.year)})")
        return
    if not any(not f.reason for f in done_here):
        context.time_set.later(_time_set(sentence.text, doc, context.last_span))


def _month_within(period: str, context: Context) -> bool:
    """Whether ``period`` is one month inside the longer part of a year the text had set (a detail of it); the time
    the text set is asked only for a figure of one month."""
    one = periods.try_parse(period)
    if one is None or one.first != one.last:
        return False
    topic = context.topic_time
    whole = periods.try_parse(topic[1]) if topic else None
    return whole is not None and whole.first != whole.last and whole.first <= one.first <= whole.last


def _time_set(text: str, doc: Document, last_span: tuple[int, int, int] | None):
    """The question of the time a sentence with no resolved figure sets: a period or a relative year it names."""
    def ask() -> tuple[int, str, str] | None:
        same = time.same_period(last_span, text)
        spans = [s for s in parts.spans_in(text, doc, None, same) if s.kind not in ("date", "month")]
        if spans:  # a period, not the date of an event
            found = spans[0].time()
            return found[0], found[1], f"the time the text set before ({found[2]})"
        rel = None if lx.pattern("relative_event").search(text) or parts.relative_is_base(text) \
            else parts.relative_year(text, doc)
        if rel:
            return rel[0], str(rel[0]), f"the time the text set before ({rel[1]})"
        heading = lx.pattern("heading_line").fullmatch(text.strip()) and time.sentence_year(text, doc)
        if heading:  # "Korea–Kazakhstan trade at a glance, 2013 (Korean customs data)": a heading's one year
            return heading[0], heading[1], f"the time the text set before (the heading's year {heading[0]})"
        return None
    return ask


def _like_with_like(d: DocFacts) -> None:
    """Years compared in one line with a year that was not over read as the same months: "in 2022 ... $1.3bn,
    in 2023 ... $1.04bn, in 2024 ... $1.07bn" published in July 2024 compares January-June of each year."""
    if not any(f.unfinished for f in d.figures):
        return
    breaks = [m.start() for m in re.finditer("\n", d.doc.body)]
    unfinished: dict[int, list[Figure]] = {}
    for f in d.figures:
        if not f.reason and f.unfinished:
            unfinished.setdefault(bisect.bisect(breaks, f.mention.start), []).append(f)
    if not unfinished:
        return
    for f in d.figures:
        known = vocabulary().get(f.indicator)
        if f.reason or f.unfinished or f.period != str(f.year) or f.year >= d.doc.year \
                or not known or known.kind != "flow" or known.undated_year:
            continue
        family = indicator.family_of(f.indicator)
        partial = unfinished.get(bisect.bisect(breaks, f.mention.start), [])
        same = next((p for p in partial if indicator.family_of(p.indicator) == family), None)
        if same is not None:
            span = periods.parse(same.period)
            f.period = periods.format_period(f.year, span.first[1], span.last[1])
            f.notes.append(f"compared in one line with {same.year}, which was not over: read as "
                           f"{periods.label(f.period)}")


def _window(body: str, sentence: Sentence, m: Mention) -> Sentence:
    """The part of a long sentence a figure is read in: WINDOW characters on either side, cut at spaces."""
    a, b = max(sentence.start, m.start - WINDOW), min(sentence.end, m.end + WINDOW)
    if a > sentence.start:
        a = body.find(" ", a, m.start) + 1 or a
    if b < sentence.end:
        b = body.rfind(" ", m.end, b) if body.rfind(" ", m.end, b) > 0 else b
    return Sentence(a, b, body[a:b], sentence.paragraph)


def _list_lead(text: str, lead: str) -> str:
    """The lead-in of the list a line belongs to: kept over the list's items, set by a line that ends with a colon or
    by a heading ("1. Bilateral trade", "Q1 2023 AT A GLANCE (Korea Customs Service)"), dropped by any other line."""
    if lx.pattern("list_bullet").match(text):
        return lead
    if text.endswith(":"):
        return text
    # (a heading has no full stop: most lines, sentences, are passed over without the pattern)
    return text if text[-1:] not in ".!?" and lx.pattern("heading_line").fullmatch(text.strip()) else ""


def _direction_set(text: str):
    """The question of the direction of trade a sentence sets for "these exports": the last it states, or None."""
    def ask() -> str | None:
        return indicator.stated_direction(text) or None
    return ask


def _resolve_one(d: DocFacts, window: list[Mention], index: int, sentence: Sentence, context: Context,
                 done_here: list[Figure]) -> Figure:
    m = window[index]
    fig = Figure(mention=m, sentence=sentence, value=m.value, unit=m.unit, comparator=m.comparator)
    if m.kind == "year" and not time.is_event_year(d.doc.body, m.start, sentence.start):
        context.last_year = int(m.number)
    if m.kind in filters.NON_FIGURE:
        fig.reason = filters.NON_FIGURE[m.kind]
        return fig
    prev_fig = next((f for f in reversed(done_here) if not f.reason), None)
    w = Work(d, fig, window, index, _clause(d.doc.body, window, index, sentence, prev_fig), context, prev_fig)
    for step in STEPS:
        if not step(w, done_here):
            break
    return fig


def _clause(body: str, window: list[Mention], index: int, sentence: Sentence, prev_fig: Figure | None) -> Clause:
    m = window[index]
    prev_end = prev_fig.mention.end if prev_fig else sentence.start
    later = [x for x in window[index + 1:] if x.kind in ("money", "percent", "amount") and x.start < sentence.end]
    if later and lx.pattern("equivalent_gap").fullmatch(body[m.end:later[0].start]):
        later = later[1:]  # "291 billion won ($243 million) last year": the equivalent is not the next figure
    next_start = min([x.start for x in later] + [sentence.end])
    before = body[prev_end:m.start]
    bounds = list(lx.pattern("clause_boundary").finditer(before))
    return Clause(sentence=sentence.text, before=before, after=body[m.end:next_start],
                  rest=body[m.end:sentence.end], start=prev_end, end=next_start, own=bounds[-1].end() if bounds else 0)



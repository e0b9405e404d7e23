"""Pure context resolution: what a figure is about (indicator, country, partner, year, period).

Rules read the words of press releases around the figure: the clause it stands in (from the previous
figure of its sentence to the next), the rest of its sentence, the sentence before it in the same
paragraph, and the document (its main Central Asian country, its publisher, its date). A figure whose
indicator, country, partner or year cannot be told is returned with a ``reason`` and goes to review,
never to a guess. The words live in ``etl/lexicon.yml``; the indicators in ``etl/vocabulary.yml``.

The steps, in order, for each number of a document (each a function below):
``_kind`` (what sort of number) -> ``_partner`` -> ``_indicator`` -> ``_filters`` -> ``_country`` -> ``_time``.
"""
from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field

from .. import lexicon as lx
from .. import periods
from ..documents import Document
from ..extract import Mention, Sentence, mentions, sentences
from ..schema import REGION, vocabulary
from . import filters, indicator, places, time
from .figure import Clause, Context, Figure

__all__ = ["Figure", "resolve", "main_country"]
main_country = places.main_country
TRACKED_UNITS = ("USD", "count", "percent", "vehicle / year", "tonne / year")


@dataclass
class _Doc:
    """What resolution knows about the whole document."""

    doc: Document
    items: list[Mention]
    main: str
    mine: str
    has_korea: bool
    has_edcf: bool
    figures: list[Figure] = field(default_factory=list)


@dataclass
class _Work:
    """One figure being resolved: its mention, its clause, and what the steps found so far."""

    d: _Doc
    fig: Figure
    window: list[Mention]  # the sentence's mentions, and the one before it
    index: int  # of the figure in ``window``
    clause: Clause
    context: Context
    prev_fig: Figure | None  # the previous resolved figure of the sentence
    kind: str = ""
    family: str = ""
    how: str = ""

    @property
    def m(self) -> Mention:
        return self.fig.mention

    @property
    def sentence(self) -> Sentence:
        return self.fig.sentence


# A sentence longer than this is read, for each of its figures, in a window of WINDOW characters on either
# side of the figure (the window is that figure's "sentence" and quote): every figure costs the same, so a
# document's time grows linearly with its length however its sentences run.
LONG_SENTENCE = 1200
WINDOW = 500


def resolve(doc: Document) -> list[Figure]:
    """Every number of ``doc`` as a Figure: resolved (reason '') or with the reason it goes to review."""
    body = doc.body
    d = _Doc(doc, mentions(body), places.main_country(doc), places.publisher_country(doc) or places.main_country(doc),
             bool(places.korea_pattern().search(doc.title + "\n" + body)), bool(indicator.edcf_pattern().search(body)))
    context = Context()
    topics = places.topics_in(body)
    topic_starts = [p for p, _ in topics]
    named_countries = [(p, c) for p, c in topics if c != REGION]
    country_starts = [p for p, _ in named_countries]
    starts = [m.start for m in d.items]
    sents = sentences(body)
    said: set[str] = set()
    for si, sentence in enumerate(sents):
        named = bisect.bisect_left(topic_starts, sentence.start)
        context.last_topic = topics[named - 1][1] if named else ""
        named = bisect.bisect_left(country_starts, sentence.start)
        context.last_country = named_countries[named - 1][1] if named else ""
        _note_direction(sentence.text, context)
        previous = sents[si - 1] if si and sents[si - 1].paragraph == sentence.paragraph else None
        context.prev_text = previous.text if previous else ""
        context.sentence_index = si
        first, end = bisect.bisect_left(starts, sentence.start), bisect.bisect_left(starts, sentence.end)
        done_here: list[Figure] = []
        if sentence.text in said and first < end:  # a headline repeated in the text: its figures are counted once
            d.figures += [Figure(mention=x, sentence=sentence, value=x.value, unit=x.unit, comparator=x.comparator,
                                 reason="the same sentence stands earlier in the text") for x in d.items[first:end]]
            continue
        said.add(sentence.text)
        for i in range(first, end):
            seen = sentence
            if len(sentence.text) > LONG_SENTENCE:
                seen = _window(body, sentence, d.items[i])
            lo, hi = bisect.bisect_left(starts, seen.start, first, end), bisect.bisect_left(starts, seen.end, first, end)
            window_start = max(0, lo - 1)
            recent = done_here[lo - first:] if seen is not sentence else done_here
            fig = _resolve_one(d, d.items[window_start:hi], i - window_start, seen, context, recent)
            done_here.append(fig)
            d.figures.append(fig)
        _set_topic_time(context, sentence, done_here, doc)
    _like_with_like(d)
    return d.figures


def _set_topic_time(context: Context, sentence: Sentence, done_here: list[Figure], doc: Document) -> None:
    """The time the text has set, for later figures that state none: the last dated flow figure, or a sentence
    that names a period or a relative year ("In January-August 2025, ...") without a figure of its own."""
    flows = [f for f in done_here if not f.reason and vocabulary()[f.indicator].kind == "flow"
             and not vocabulary()[f.indicator].undated_year]
    if flows:
        f = flows[-1]
        context.topic_time = (f.year, f.period, f"the time the text set before ({periods.label(f.period, f.year)})")
        return
    if not any(not f.reason for f in done_here):
        spans = [s for s in time.spans_in(sentence.text, doc, None, context.last_span) if s.kind not in ("date", "month")]
        rel = time.relative_year(sentence.text, doc)
        if spans:  # a period, not the date of an event
            found = spans[0].time()
            context.topic_time = (found[0], found[1], f"the time the text set before ({found[2]})")
        elif rel:
            context.topic_time = (rel[0], str(rel[0]), f"the time the text set before ({rel[1]})")


def _like_with_like(d: _Doc) -> None:
    """Years compared in one line with a year that was not over read as the same months: "in 2022 ... $1.3bn,
    in 2023 ... $1.04bn, in 2024 ... $1.07bn" published in July 2024 compares January-June of each year."""
    breaks = [i for i, c in enumerate(d.doc.body) if c == "\n"]
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


def _note_direction(text: str, context: Context) -> None:
    for family in indicator.FLOWS:
        if lx.pattern(f"mentions_{family}").search(text):
            found = indicator.explicit_direction(family, text)
            if found:
                context.last_direction = found


def _resolve_one(d: _Doc, window: list[Mention], index: int, sentence: Sentence, context: Context,
                 done_here: list[Figure]) -> Figure:
    m = window[index]
    fig = Figure(mention=m, sentence=sentence, value=m.value, unit=m.unit, comparator=m.comparator)
    if m.kind == "year" and not time.is_event_year(d.doc.body, m.start, sentence.start):
        context.last_year = int(m.number)
    if m.kind in filters.NON_FIGURE:
        fig.reason = filters.NON_FIGURE[m.kind]
        return fig
    prev_fig = next((f for f in reversed(done_here) if not f.reason), None)
    w = _Work(d, fig, window, index, _clause(d.doc.body, window, index, sentence, prev_fig), context, prev_fig)
    for step in (_kind, _partner, _indicator, _filters, _country, _time):
        if not step(w, done_here):
            break
    return fig


def _clause(body: str, window: list[Mention], index: int, sentence: Sentence, prev_fig: Figure | None) -> Clause:
    m = window[index]
    prev_end = prev_fig.mention.end if prev_fig else sentence.start
    later = [x for x in window[index + 1:] if x.kind in ("money", "percent", "amount") and x.start < sentence.end]
    if later and re.fullmatch(lx.source("equivalent_gap"), body[m.end:later[0].start]):
        later = later[1:]  # "291 billion won ($243 million) last year": the equivalent is not the next figure
    next_start = min([x.start for x in later] + [sentence.end])
    before = body[prev_end:m.start]
    bounds = list(lx.pattern("clause_boundary").finditer(before))
    return Clause(sentence=sentence.text, before=before, after=body[m.end:next_start],
                  rest=body[m.end:sentence.end], start=prev_end, end=next_start, own=bounds[-1].end() if bounds else 0)


# --- the steps: each returns False when the figure goes to review -----------------------------


def _kind(w: _Work, done_here: list[Figure]) -> bool:
    """What sort of number: money, percent, count; an amount takes the currency of the sentence's money."""
    m, fig, body = w.m, w.fig, w.d.doc.body
    w.kind = m.kind
    if w.kind == "amount":  # "3.78 billion": money whose currency an earlier figure of the sentence gave
        earlier = [f for f in done_here if f.mention.kind == "money"]
        if not earlier:
            fig.reason = "an amount without a currency"
            return False
        fig.unit, fig.value, w.kind = earlier[-1].unit, m.value, "money"
        fig.notes.append(f"currency {fig.unit} carried from '{earlier[-1].mention.stated}'")
    # parenthetical equivalent: "US $250m (735.9 billion UZS)" or "100,000 tonnes (110,231 tons)"
    prev = w.window[w.index - 1] if w.index > 0 else None
    if w.kind in ("money", "count") and prev is not None and prev.kind in ("money", "count", "amount") \
            and re.fullmatch(lx.source("equivalent_gap"), body[prev.end:m.start]):
        # one figure stated in its own currency with an equivalent: the equivalent goes in the figure's note
        prev_fig = next((f for f in reversed(w.d.figures) if f.mention is prev), None)
        if prev_fig is not None and not prev_fig.reason:
            prev_fig.notes.append(f"equivalent stated beside it: {m.stated}")
        fig.reason = f"the same figure as '{prev.stated}' in another unit (in parentheses)"
        return False
    return True


def _partner(w: _Work, done_here: list[Figure]) -> bool:
    s = w.sentence
    other = places.foreign_partner(w.clause.sentence, w.m.start - s.start, w.clause.start - s.start)
    if other:
        w.fig.reason = f"partner is not Korea ('{other}')"
        return False
    if not w.d.has_korea:
        w.fig.reason = "no partner: the document does not mention Korea"
        return False
    w.fig.partner = "KOR"
    return True


def _carried_family(w: _Work) -> tuple[str, str]:
    """The family of the previous sentence's figure, for "this figure" or a sentence with no new subject."""
    c = w.context
    back = lx.pattern("same_figure").search(w.clause.sentence)
    if back and c.prev_text and c.prev_figure_sentence != c.sentence_index - 1:
        # "Trade continues to grow. In January-February 2018, it totalled $291 million": the subject before
        family, _ = indicator.family_from_cues(c.prev_text, "", "")
        if family:
            return family, "the subject of the previous sentence"
    if not c.prev_indicator or (w.sentence.paragraph != c.prev_paragraph
                                and c.prev_figure_sentence != c.sentence_index - 1):
        return "", ""
    if lx.pattern("same_figure").search(w.clause.sentence):
        return c.prev_cue, "carried from the previous sentence"
    if w.kind == "money" and not lx.pattern("other_topic").search(w.clause.sentence):
        # "Kazakhstan accounted for $5.9 billion, followed by Uzbekistan at $2.4 billion": the same subject
        return c.prev_cue, "carried from the previous sentence (no new subject)"
    return "", ""


def _indicator(w: _Work, done_here: list[Figure]) -> bool:
    fig, clause = w.fig, w.clause
    carried = w.prev_fig.cue if w.prev_fig else ""  # the words' family: a direction is never read twice
    if carried and clause.own and lx.pattern("other_topic").search(clause.own_before):
        carried = ""  # ", and a new plant will cost $15 million": a clause of its own about something else
    w.family, w.how = indicator.family_from_cues(clause.own_before, clause.after, carried)
    if not w.family and clause.own:
        w.family, w.how = indicator.family_from_cues(clause.before, clause.after, "")
    if not w.family and not done_here_resolved(done_here):
        w.family, w.how = _carried_family(w)
    fig.cue = w.family
    if w.kind == "money":
        own = clause.own_before + " " + filters.first_part(clause.after)
        fig.indicator = indicator.money_indicator(w.family, clause.sentence, own, w.d.has_edcf)
        if indicator.family_of(fig.indicator) in indicator.FLOWS:
            own = clause.own_before + " " + filters.first_part(clause.after)
            flow = indicator.direction(w.family, own, clause.sentence, w.context, len(clause.own_before))
            if not flow:
                fig.reason = "goods shipped, but the text does not say in which direction"
                return False
            fig.indicator = indicator.flow_indicator(flow, own)
            w.context.last_direction = flow
    elif w.kind == "percent":
        return _percent(w)
    elif w.kind == "count":
        return _count(w)
    if not fig.indicator:
        fig.reason = "unknown indicator: no cue word (trade, exports, investment, EDCF...) near the figure"
        return False
    return True


def done_here_resolved(done_here: list[Figure]) -> bool:
    """Whether the sentence already has a resolved figure (then the previous sentence's indicator is not carried)."""
    return any(not f.reason for f in done_here)


def _percent(w: _Work) -> bool:
    fig, clause = w.fig, w.clause
    if w.family == "trade" and not filters.is_share(clause.before[-40:] + " " + clause.rest[:40]):
        if lx.pattern("growth_up").search(clause.sentence) or lx.pattern("growth_down").search(clause.sentence):
            fig.indicator = indicator.indicator_id("trade", "percent")
            near = clause.before[-60:] + " " + clause.rest[:40]
            down, up = lx.pattern("growth_down").search(near), lx.pattern("growth_up").search(near)
            if down and not (up and up.start() < down.start() and lx.pattern("recovery").search(up.group(0))):
                fig.value = -abs(w.m.value)
                fig.notes.append(f"'{down.group(0)}' -> negative")
    if not fig.indicator:
        fig.reason = ("a share or ratio, not a tracked indicator" if filters.is_share(clause.rest[:40])
                      else f"a percentage that is not growth of bilateral trade ({w.family or 'no cue'})")
        return False
    return True


def _count(w: _Work) -> bool:
    fig, body = w.fig, w.d.doc.body
    fig.indicator = indicator.count_indicator(body, w.m, w.clause.rest, w.clause.sentence, w.clause.before)
    if fig.indicator and vocabulary()[fig.indicator].measure == "capacity":
        noun = lx.pattern("capacity_noun").match(body[w.m.end:w.m.end + 20]).group("noun")
        fig.unit = "tonne / year" if lx.pattern("tonne_noun").match(noun) else "vehicle / year"
    if not fig.indicator:
        fig.reason = f"a count of something not tracked ({filters.counted_noun(w.clause.rest)})"
        return False
    return True


def _filters(w: _Work, done_here: list[Figure]) -> bool:
    fig, clause = w.fig, w.clause
    family = indicator.family_of(fig.indicator)
    korea_here = indicator.korea_in(clause.own_before) or bool(lx.pattern("korea_partner_after").search(clause.after))
    reason = (filters.with_all_partners(family, clause, korea_here)
              or filters.company_accounts(family, clause)
              or (w.kind == "money" and filters.grant_aid(family, clause))
              or (w.kind != "count" and filters.target(clause))
              or filters.pledged(family, clause)
              or filters.single_deal(family, clause)
              or (w.kind == "count" and filters.attendance(clause)))
    if reason:
        fig.reason, fig.indicator = reason, ""
        return False
    if fig.unit not in TRACKED_UNITS:
        fig.notes.append(f"stated in {fig.unit}: not converted")
    if w.how:
        fig.notes.append(f"indicator from {w.how}")
    return True


FIGURE_KINDS = ("money", "percent", "count", "amount")


def _country(w: _Work, done_here: list[Figure]) -> bool:
    fig, s = w.fig, w.sentence
    fig.country, how = places.country(w.clause.sentence, w.m.start - s.start, w.m.end - s.start, _segment(w),
                                      w.context, w.d.main, w.d.mine)
    if not fig.country:
        fig.reason = "no country: the text does not say which Central Asian country"
        return False
    if how:
        fig.notes.append(how)
    return True


def _segment(w: _Work) -> tuple[int, int]:
    """The figure's own stretch of its sentence: from the figure before it to the figure after it."""
    s = w.sentence
    before = [x for x in w.window[:w.index] if x.kind in FIGURE_KINDS and x.start >= s.start]
    after = [x for x in w.window[w.index + 1:] if x.kind in FIGURE_KINDS]
    return (before[-1].end - s.start if before else 0), (after[0].start - s.start if after else s.end - s.start)


def _time(w: _Work, done_here: list[Figure]) -> bool:
    fig, d, clause, prev = w.fig, w.d, w.clause, w.prev_fig
    carried = (prev.year, prev.period, "carried from the previous figure of the sentence") if prev and prev.year else None
    family = indicator.family_of(fig.indicator)
    if carried and indicator.family_has_stock(family) and family != indicator.family_of(prev.indicator) \
            and lx.pattern("stock_words").search(clause.before):
        carried = None  # "... in 2023, and the accumulated investment has exceeded $15 billion": a new stock
    args = (w.m, w.sentence, d.doc.body, w.window, w.index, d.doc, w.context)
    year, period, how = time.year_for(*args, carried, clause.start, clause.end)
    stock = indicator.is_stock(fig.indicator)
    if year is None and w.kind == "percent":  # "soared 130% to $1.2 billion in 2023": the rest of the sentence
        year, period, how = time.year_for(*args, None, clause.start, w.sentence.end)
    if year is None and w.context.prev_text and not stock:
        year, period, how = time.sentence_time(w.context.prev_text, d.doc, w.context.last_span) or (None, "", "")
    known = vocabulary()[fig.indicator]
    if year is None and w.context.topic_time and known.kind == "flow" and not known.undated_year:
        year, period, how = w.context.topic_time
    if year is not None and _rate_without_year(w):
        fig.reason = "no year stated: a rate per year, with no year of its own"
        return False
    if year is None:
        year, period, how = _undated(w, stock)
        if year is None:
            return False
    if family == "investment":
        fig.indicator = indicator.investment_kind(clause.sentence, clause.before + " " + filters.first_part(clause.after),
                                                  period)
    known = vocabulary()[fig.indicator]
    if (known.kind == "stock" or known.undated_year) and period != str(year):
        period = str(year)  # a stock is as of a year, an agreement dated by its year: never over part of one
    if known.kind == "flow" and not known.undated_year:
        period, how, unfinished = _unfinished(w, year, period, how)
        if unfinished is None:
            return False
    return _finish(w, year, period, how)


def _rate_without_year(w: _Work) -> bool:
    """"$50 million a year" with no year in the figure's own clause: an annual rate, not a year's figure."""
    if w.kind != "money" or not time.states_no_year(w.m, w.d.doc.body, w.clause.end):
        return False
    own = w.clause.before + " " + w.clause.after
    return not (re.search(lx.source("any_year"), own) or time.spans_in(own, w.d.doc, None)
                or time.relative_year(own, w.d.doc))


def _unfinished(w: _Work, year: int, period: str, how: str) -> tuple[str, str, bool | None]:
    """A year not over at publication is read as its months that were (or sent to review when none was)."""
    found = time.unfinished(year, period, w.d.doc)
    if found is None:
        return period, how, False
    months, note = found
    if not months:
        w.fig.reason = note
        return period, how, None
    w.fig.notes.append(note)
    w.fig.unfinished = True
    return months, how, True


def _undated(w: _Work, stock: bool) -> tuple[int | None, str, str]:
    """The year of a figure stated without one: a plant's capacity from the sentence, a stock or agreement by
    its publication; otherwise none (the figure goes to review)."""
    fig, doc = w.fig, w.d.doc
    known = vocabulary()[fig.indicator]
    years = {int(y.group(0)) for y in re.finditer(lx.source("any_year"), w.clause.sentence)}
    if known.measure == "capacity" and len(years) == 1:
        year = years.pop()
        return year, str(year), f"capacity from {year}"
    if known.undated_year == "publication":
        how = (f"a stock stated without a year -> publication year {doc.year}" if stock
               else f"an agreement reported without a year -> publication year {doc.year}")
        return doc.year, str(doc.year), how
    fig.reason = "no reference year: a flow stated without a year or period"
    return None, "", ""


def _finish(w: _Work, year: int, period: str, how: str) -> bool:
    fig, context = w.fig, w.context
    fig.year, fig.period = year, period
    fig.notes.append(how or f"year {year} stated in the sentence")
    if fig.value is not None and fig.value <= 0 and w.kind != "percent":
        fig.reason = "not a positive amount"
        return False
    context.last_year = year if not period or "/" not in period else context.last_year
    if "/" in period:
        span = periods.parse(period)
        context.last_span = (span.year, span.first[1], span.last[1])
    context.prev_indicator = fig.indicator
    context.prev_cue = fig.cue
    context.prev_paragraph = w.sentence.paragraph
    context.prev_figure_sentence = context.sentence_index
    return True

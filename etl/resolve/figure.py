"""What resolution produces (a Figure) and what it carries from sentence to sentence (a Context)."""
from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING

from .. import lexicon as lx
from ..documents import Document
from ..extract import Mention, Sentence
from ..schema import REGION

if TYPE_CHECKING:
    from .places import Mark


@dataclass
class Figure:
    """A number of a document with everything resolved about it, or the reason it could not be."""

    mention: Mention
    sentence: Sentence
    indicator: str = ""
    country: str = ""
    partner: str = ""
    year: int | None = None
    period: str = ""
    value: float | None = None
    unit: str = ""
    comparator: str = "equal"
    notes: list[str] = field(default_factory=list)
    base: bool = False  # its time is a comparison base's ("less than in 2015, when it reached $X"): sets no topic
    reason: str = ""  # empty when the figure is an observation
    cue: str = ""  # the cue family its words gave, before the direction of trade was read
    counted: str = ""  # what a count sent to review counts ("37 new enterprises"): for "their total number" after it
    unfinished: bool = False  # a year not over at publication, read as the months that were
    whole_start: int = -1  # where its whole sentence starts (``sentence`` may be a window of a very long one)

    @property
    def note(self) -> str:
        return "; ".join(dict.fromkeys(self.notes))


class Latest:
    """A value the text sets and later figures read, where many sentences may set it and few figures read it: what
    each sentence would set is a question (a function giving the value, or None when the sentence sets nothing),
    asked only when the value is read, newest first, and only until one answers (issue #12). The value read is
    the one asking every sentence in order would have left."""

    __slots__ = ("value", "pending")

    def __init__(self, value=None) -> None:
        self.value = value
        self.pending: list[Callable[[], object]] = []

    def set(self, value) -> None:
        self.value = value
        self.pending.clear()

    def later(self, ask: Callable[[], object]) -> None:
        self.pending.append(ask)

    def get(self):
        if self.pending:
            for ask in reversed(self.pending):
                found = ask()
                if found is not None:
                    self.value = found
                    break
            self.pending.clear()
        return self.value


@dataclass
class Context:
    """What the text so far has established: used for "the same year", "these exports", "the country"."""

    last_year: int | None = None
    # (the last place the text named before the sentence being read: a country or the region, the last Central Asian
    # country it named), asked only when a figure needs it
    places_before: Callable[[], tuple[str, str]] = lambda: ("", "")
    prev_indicator: str = ""
    prev_country: str = ""  # the country of the last resolved figure
    prev_time: tuple[int, str] | None = None  # (year, period) of the last resolved figure that is not a base
    prev_cue: str = ""  # the cue family of the previous sentence's figure (its direction not yet read)
    prev_text: str = ""  # the previous sentence of the same paragraph, for the time it states
    prev_paragraph: int = -1
    last_span: tuple[int, int, int] | None = None  # (year, first month, last month) of the last part-year figure
    sentence_index: int = 0  # of the sentence being read
    prev_figure_sentence: int = -2  # the sentence of the last resolved figure
    direction: Latest = field(default_factory=lambda: Latest(""))  # exports or imports, for "these exports"
    # whether the text's last flow named by its word was told from Korea's side ("Korean exports": the country's
    # imports), for a flow later told by its word alone ("Trade: $1.7 billion; exports $1.3 billion")
    korea_side: bool | None = None
    # the text's last total (of trade or investment), for "By country, Kazakhstan accounted for ...": its indicator
    total: str = ""
    # the time the text set last: (year, period, where it came from)
    time_set: Latest = field(default_factory=Latest)
    # the line that introduces the list being read ("By country, trade in 2005 was as follows:"), while its items
    # ("- Uzbekistan: US$912 million") last; else ''
    list_lead: str = ""
    looked_back: int = -2  # the last sentence with a figure that looks back at an earlier year (its time is no topic)

    @property
    def last_topic(self) -> str:
        return self.places_before()[0]

    @property
    def last_country(self) -> str:
        return self.places_before()[1]

    @property
    def last_direction(self) -> str:
        return self.direction.get()

    @last_direction.setter
    def last_direction(self, value: str) -> None:
        self.direction.set(value)

    @property
    def topic_time(self) -> tuple[int, str, str] | None:
        return self.time_set.get()

    @topic_time.setter
    def topic_time(self, value: tuple[int, str, str] | None) -> None:
        self.time_set.set(value)


@dataclass
class Clause:
    """The text around one figure: its clause (from the previous figure of the sentence to the next) and sentence."""

    sentence: str  # the whole sentence
    before: str  # from the previous figure of the sentence (or the sentence's start) to this one
    after: str  # from this figure to the next money or percent figure (or the sentence's end)
    rest: str  # from this figure to the sentence's end
    start: int  # where ``before`` starts in the body
    end: int  # where ``after`` ends in the body
    own: int = 0  # where the figure's own clause starts in ``before`` (after the last ", and", ";", "while")
    own_before: str = ""  # the figure's own clause before it: from the last clause boundary (or the previous figure)

    def __post_init__(self) -> None:
        self.own_before = self.before[self.own:]


@dataclass
class DocFacts:
    """What resolution knows about the whole document: each fact read from the text when a figure first asks."""

    doc: Document
    items: list[Mention]
    figures: list[Figure] = field(default_factory=list)
    cells: dict = field(default_factory=dict)  # the numbers that stand in a table or list (etl/resolve/blocks.py)
    _topic: dict[int, bool] = field(default_factory=dict)  # (which of _places are topics, as they are asked)

    @cached_property
    def main(self) -> str:
        """The Central Asian country the document is mostly about."""
        from . import places

        return places.main_country(self.doc)

    @cached_property
    def mine(self) -> str:
        """The publisher's country (or else the main one)."""
        from . import places

        return places.publisher_country(self.doc) or self.main

    @cached_property
    def has_korea(self) -> bool:
        from . import places

        return bool(places.korea_pattern().search(self.doc.title + "\n" + self.doc.body))

    @cached_property
    def has_edcf(self) -> bool:
        from . import indicator

        return bool(indicator.edcf_pattern().search(self.doc.body))

    @cached_property
    def named_region(self) -> str:
        """The country of the one region of the five a text about such a region names ("the akimat of Karaganda
        region": its "the region" is that region, not Central Asia), or ''; '' for a text that names Central Asia."""
        from . import places

        body = self.doc.body
        if not places.named_region_pattern().search(body):
            return ""
        region = places.region_pattern()
        if any(not lx.pattern("region_bare").search(body, m.start(), m.end()) for m in region.finditer(body)):
            return ""
        return places.named_region(body)

    @cached_property
    def _places(self) -> list[tuple[int, str, Mark]]:
        """Every place the text names, in order (of where, then code): each a topic or not, asked when a figure
        needs the last topic before it (most never do: issue #12)."""
        from . import places

        return sorted(((k.start, k.code, k) for k in places.marks(self.doc.body) if k.code), key=lambda t: t[:2])

    def places_before(self, pos: int) -> tuple[str, str]:
        """(the last topic the text names before ``pos``: a country or the region, the last country of them)."""
        from . import places

        named, topic = self._places, ""
        for i in range(bisect.bisect_left(named, (pos, ""), key=lambda t: t[:2]) - 1, -1, -1):
            at, code, k = named[i]
            if i not in self._topic:
                self._topic[i] = places.is_topic(self.doc.body, k)
            if not self._topic[i]:
                continue
            if code == REGION and self.named_region and lx.pattern("region_bare").search(self.doc.body, at, at + 30):
                code = self.named_region  # ("Korean companies in the region": the text's region)
            topic = topic or code
            if code != REGION:
                return topic, code
        return topic, ""


BY_COUNTRY = "the total the text breaks down by country"  # how a part of the text's total is found


@dataclass
class Work:
    """One figure being resolved: its mention, its clause, and what the steps found so far."""

    d: DocFacts
    fig: Figure
    window: list[Mention]  # the sentence's mentions, and the one before it
    index: int  # of the figure in ``window``
    clause: Clause
    context: Context
    prev_fig: Figure | None  # the previous resolved figure of the sentence
    kind: str = ""
    family: str = ""
    how: str = ""
    label: str = ""  # the label a list item puts on the figure: KOR, a country's code, or other
    part: bool = False  # a part of the previous sentence's figure ("Of the total, Kazakhstan drew ..."): its indicator
    joint: bool = False  # one figure for two countries named together: resolved for the text, then kept in review

    @property
    def m(self) -> Mention:
        return self.fig.mention

    @property
    def sentence(self) -> Sentence:
        return self.fig.sentence

    def respective_run(self) -> tuple[int, list[Mention]] | None:
        """With "respectively" after the figure: (where, in its sentence, the words after the "respectively" before
        it start, the figures of its kind from there to its "respectively"); None without the word after it (a
        figure after the word is not of the list: "..., respectively, while the rest came to $77 million")."""
        text, start = self.clause.sentence, self.sentence.start
        words = list(lx.pattern("respectively").finditer(text))
        own = next((i for i, r in enumerate(words) if r.start() >= self.m.end - start), None)
        if own is None:
            return None
        since = words[own - 1].end() if own else 0
        return since, [x for x in self.window if x.kind == self.m.kind and since <= x.start - start
                       and x.end - start <= words[own].start()]

    def respective_echo(self) -> tuple[int, list[Mention], list[Mention]] | None:
        """For a figure in a list right after a "respectively" (its figures joined by commas and "and" only): (where
        the words after the "respectively" before that one start, the figures of the first list, the figures of
        this one, as long as the first), so that the two pair in order: "... $6.5 billion and $2.4 billion, respectively, in 2023, up 49%
        and 12% from the previous year"; None otherwise."""
        text, start, body = self.clause.sentence, self.sentence.start, self.d.doc.body
        words = [r for r in lx.pattern("respectively").finditer(text) if r.end() <= self.m.start - start]
        if not words:
            return None
        since = words[-2].end() if len(words) > 1 else 0
        first = [x for x in self.window if since <= x.start - start and x.end - start <= words[-1].start()
                 and x.kind in ("money", "percent", "count")]
        after = [x for x in self.window if x.kind == self.m.kind and x.start - start >= words[-1].end()]
        if not first or self.m not in after:
            return None
        run = after[:1]
        for x in after[1:]:
            if not lx.pattern("list_pair_gap").fullmatch(body, run[-1].end, x.start):
                break
            run.append(x)
        return (since, first, run) if self.m in run and len(first) == len(run) > 1 else None

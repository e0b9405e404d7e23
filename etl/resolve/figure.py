"""What resolution produces (a Figure) and what it carries from sentence to sentence (a Context)."""
from __future__ import annotations

from dataclasses import dataclass, field

from ..documents import Document
from ..extract import Mention, Sentence


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
    reason: str = ""  # empty when the figure is an observation
    cue: str = ""  # the cue family its words gave, before the direction of trade was read
    unfinished: bool = False  # a year not over at publication, read as the months that were
    whole_start: int = -1  # where its whole sentence starts (``sentence`` may be a window of a very long one)

    @property
    def note(self) -> str:
        return "; ".join(dict.fromkeys(self.notes))


@dataclass
class Context:
    """What the text so far has established: used for "the same year", "these exports", "the country"."""

    last_year: int | None = None
    last_country: str = ""  # the last Central Asian country the text named
    last_topic: str = ""  # the last place the text named: a country or the region
    last_direction: str = ""  # exports or imports, for "these exports"
    prev_indicator: str = ""
    prev_cue: str = ""  # the cue family of the previous sentence's figure (its direction not yet read)
    prev_text: str = ""  # the previous sentence of the same paragraph, for the time it states
    prev_paragraph: int = -1
    last_span: tuple[int, int, int] | None = None  # (year, first month, last month) of the last part-year figure
    sentence_index: int = 0  # of the sentence being read
    prev_figure_sentence: int = -2  # the sentence of the last resolved figure
    topic_time: tuple[int, str, str] | None = None  # the time the text set last: (year, period, where it came from)


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
    """What resolution knows about the whole document."""

    doc: Document
    items: list[Mention]
    main: str
    mine: str
    has_korea: bool
    has_edcf: bool
    figures: list[Figure] = field(default_factory=list)


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

    @property
    def m(self) -> Mention:
        return self.fig.mention

    @property
    def sentence(self) -> Sentence:
        return self.fig.sentence

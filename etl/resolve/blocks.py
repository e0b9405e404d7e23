"""Figures in blocks of lines under a caption that gives their unit and year: a table, one row a place and one
column an indicator ("Country | Korea's exports | Korea's imports | Total"), or a list of items ("- auto parts:
211.7") under "Korean exports to Kyrgyzstan by item, 2022 (US$ million):".

A number of a block is resolved here, from the words of its caption, its column's header and its row's label;
what cannot be told (no year, a row that is a group of countries, no unit) goes to review with the reason.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import lexicon as lx
from ..documents import Document
from ..extract import Mention, Sentence
from ..units import to_base
from . import indicator, places
from . import spans as parts  # parts of a year, relative years
from .figure import Context, Figure


@dataclass(frozen=True)
class Cell:
    """What a block says of one of its numbers."""

    caption: str  # the caption's text: unit, year, place, and for a list what its items are
    header: str  # the column's header ('' in a list)
    label: str  # the row's label, or the list item's
    scale: str  # the caption's scale word, as the lexicon's scales name it
    line: Sentence  # the row, the figure's quote
    lead_in: str = ""  # the sentence before the caption ("Korea's trade with the region ...": whose figures they are)
    change: str = ""  # for the change in brackets after a row's figure ("(-17.2%)"): its text, sign included
    year: int | None = None  # the year of a row keyed by its year ("- 2021: exports 402,118; imports 5,327")


def cells(body: str, sents: list[Sentence]) -> dict[int, Cell]:
    """The numbers of ``body`` that stand in a table or a list under a caption stating their unit, by where they
    start (offsets in the body); {} for a text with no such caption (the common case, found with one search)."""
    if not lx.pattern("block_unit").search(body):
        return {}
    found: dict[int, Cell] = {}
    i = 0
    while i < len(sents):
        unit = lx.pattern("block_unit").search(sents[i].text)
        if unit is None:
            i += 1
            continue
        said = lx.pattern("scale_word").search(unit.group(0))  # (the unit's scale word: "US$ million", "USD mln")
        scale = lx.words("scales").get(said.group(0).lower().rstrip("s"), "") if said else ""
        head = {"caption": _caption(sents, i), "scale": scale, "lead_in": sents[i - 1].text if i else ""}
        if _is_header(sents, i + 1):
            i = _table(body, sents, i + 1, head, found)
        elif i + 1 < len(sents) and lx.pattern("year_row").fullmatch(sents[i + 1].text):
            i = _year_rows(sents, i + 1, head, found)
        elif i + 1 < len(sents) and (columns := lx.pattern("slash_columns").search(sents[i].text)) \
                and lx.pattern("slash_row").fullmatch(sents[i + 1].text):
            i = _slash_rows(sents, i + 1, [c.strip() for c in columns.group("cols").split("/")], head, found)
        else:
            i = _list(sents, i + 1, head, found)
    return found


def _caption(sents: list[Sentence], i: int) -> str:
    """The caption line, with "Table 1." before it when the splitter cut it off."""
    before = sents[i - 1] if i and sents[i - 1].paragraph == sents[i].paragraph else None
    lead = before.text + " " if before is not None and lx.pattern("table_number").fullmatch(before.text) else ""
    return lead + sents[i].text


def _cells_of(text: str) -> list[str]:
    """A table line's cells (a line written "| a | b |" has no empty cell before its first bar or after its last)."""
    return [c.strip() for c in text.strip().strip("|").split("|")]


def _is_header(sents: list[Sentence], i: int) -> bool:
    """A line of bars whose cells hold words, or years ("| | 2011 | 2012 | 2013/2012 (%) |"), but no figure."""
    return i < len(sents) and "|" in sents[i].text and all(
        not any(ch.isdigit() for ch in cell) or lx.pattern("year_column").fullmatch(cell)
        for cell in _cells_of(sents[i].text))


def _table(body: str, sents: list[Sentence], i: int, head: dict, found: dict[int, Cell]) -> int:
    header = _cells_of(sents[i].text)
    years = [int(y.group("year")) for y in map(lx.pattern("year_column").fullmatch, header) if y]
    i += 1
    while i < len(sents) and len(_cells_of(sents[i].text)) == len(header):
        row = sents[i]
        values = _cells_of(row.text)
        at = row.start
        for col, value in enumerate(values):
            at = body.index(value, at) if value else at
            digit = next((k for k, ch in enumerate(value) if ch.isdigit()), None)
            if col and digit is not None:  # (keyed where its number starts: after a minus sign)
                year = lx.pattern("year_column").fullmatch(header[col])
                change = value if lx.pattern("change_column").search(header[col]) else ""
                # (a change column after columns of years, "| 2021 | 2022 | change, % |", is the last year's change)
                year = int(year.group("year")) if year else max(years) if change and years else None
                found[at + digit] = Cell(header=header[col], label=values[0], line=row, change=change, year=year,
                                         **head)
            at += len(value)
        i += 1
    return i


def _year_rows(sents: list[Sentence], i: int, head: dict, found: dict[int, Cell]) -> int:
    """Lines keyed by their year, each figure labelled: "- 2021: exports 402,118; imports 5,327; total 407,445"."""
    while i < len(sents) and (row := lx.pattern("year_row").fullmatch(sents[i].text)):
        year, at = row.group("year"), sents[i].start + row.start("cells")
        for cell in lx.pattern("year_row_cell").finditer(row.group("cells")):
            found[at + cell.start("value")] = Cell(header=cell.group("label").strip(), label=year, line=sents[i],
                                                   year=int(year), **head)
        i += 1
    return i


def _slash_rows(sents: list[Sentence], i: int, columns: list[str], head: dict, found: dict[int, Cell]) -> int:
    """Rows "Kazakhstan: 1,034 / 452 / 1,486" of a table whose columns the caption names ("exports / imports /
    total"); a row with another number of figures ends the table."""
    while i < len(sents) and (row := lx.pattern("slash_row").fullmatch(sents[i].text)):
        values = row.group("values").split("/")
        if len(values) != len(columns):
            break
        at = sents[i].start + row.start("values")
        for column, value in zip(columns, values):
            lead = len(value) - len(value.lstrip())
            found[at + lead] = Cell(header=column, label=row.group("label").strip(), line=sents[i], **head)
            at += len(value) + 1
        i += 1
    return i


def _list(sents: list[Sentence], i: int, head: dict, found: dict[int, Cell]) -> int:
    """Lines "- cars: 40.2" or "Uzbekistan 1,041 (-17.2%)" (a figure and its change in brackets)."""
    while i < len(sents) and (item := lx.pattern("list_item").fullmatch(sents[i].text)
                              or lx.pattern("list_row").fullmatch(sents[i].text)):
        label = item.group("label").strip()
        found[sents[i].start + item.start("value")] = Cell(header="", label=label, line=sents[i], **head)
        change = item.groupdict().get("change")
        if change:
            digit = next(k for k, ch in enumerate(change) if ch.isdigit())
            found[sents[i].start + item.start("change") + digit] = Cell(header="", label=label, line=sents[i], change=change,
                                                                        **head)
        i += 1
    return i


def figure(cell: Cell, m: Mention, context: Context, doc: Document) -> Figure:
    """The figure a block's number is: its indicator from the column's header (or the caption), its place from the
    row's label (or the caption), its year (or part of one) from the caption; a row's change in brackets is its
    growth; a reason when one of them cannot be told."""
    if cell.change:
        value, unit = (-abs(m.number) if cell.change.lstrip()[:1] in "-−–" else abs(m.number)), "percent"
    else:
        # (without the binary noise of scaling: 2,100.3 thousand is 2100300000, not 2100300000.0000002)
        value, unit = float(f"{to_base(m.number, 'USD', cell.scale or None):.12g}"), "USD"
    fig = Figure(mention=m, sentence=cell.line, value=value, unit=unit, comparator="equal", partner="KOR",
                 notes=[f"a {'table' if cell.header else 'list'}: '{cell.label}'"
                        + (f", column '{cell.header}'" if cell.header else "") + f" under '{cell.caption[:80]}'"])
    # the words that tell what the figures are: the column's header, else the row's label ("Exports to Kazakhstan"
    # under a header of years), else the caption
    words = next((w for w in (cell.header, cell.label if cell.header else "")
                  if w and indicator.family_from_cues(w, "", "")[0]), cell.caption)
    family, _ = indicator.family_from_cues(words, "", "")
    row_place = _row_place(cell.label, in_table=bool(cell.header))
    if not indicator.korea_in(cell.caption + " " + cell.header + " " + cell.lead_in):
        fig.reason = "a table or list of figures that does not say they are Korea's"
    elif family not in indicator.FLOWS + ("shipment", "trade", "investment"):
        fig.reason = f"a table or list of figures, but not of trade or investment ('{words[:60]}')"
    elif cell.year is None and (year := lx.pattern("any_year").search(cell.caption)) is None:
        fig.reason = "a table or list of figures with no year in its caption"
    elif cell.change and not (family == "trade" and (lx.pattern("change_caption").search(cell.caption)
                                                     or cell.header and lx.pattern("change_column").search(cell.header))):
        fig.reason = f"a percentage that is not said to be the change of total trade ('{words[:60]}')"
    else:
        fig.year = cell.year or int(year.group(0))
        fig.period = _period(cell, doc, fig.year)
        fig.indicator = indicator.indicator_id("trade", "percent") if cell.change \
            else _indicator(family, words, cell.caption, context, not cell.header and not row_place)
        fig.country = row_place or _caption_place(cell)
        if not fig.country:
            fig.reason = f"a row of a table that is no country of Central Asia ('{cell.label}')"
    return fig


def _period(cell: Cell, doc: Document, year: int) -> str:
    """The period of a block's figure of ``year``: the part of a year its caption names ("... in January-June
    2023"), or, for a row or column keyed by its year, the months a caption names without a year ("... in
    January-September", columns 2021 and 2022: January-September of each); else the whole year."""
    if cell.year is None:
        part = parts.partial_in(cell.caption, doc, year)
        return part[1] if part and part[0] == year else str(year)
    span = next(iter(parts.spans_in(cell.caption, doc, year)), None)
    if span is None or span.kind == "date" or lx.pattern("any_year").search(span.phrase):
        return str(year)
    return span.time()[1]


def _row_place(label: str, in_table: bool) -> str:
    """The country a row's label is ("Kazakhstan"), or, in a table, names alone ("Exports to Kazakhstan"), else ''."""
    name = places.names_pattern().fullmatch(label)
    if name or not in_table:
        return name.lastgroup if name else ""
    codes = {k.code for k in places.marks(label) if k.code}
    return codes.pop() if len(codes) == 1 else ""


def _indicator(family: str, words: str, caption: str, context: Context, by_item: bool) -> str:
    if family == "investment":
        return indicator.indicator_id("investment", kind="flow")
    if family == "trade":
        return indicator.indicator_id("trade")
    side = _reporter_is_korea(caption) if family in indicator.FLOWS else None
    if side is not None and not indicator.explicit_direction(family, words + " " + caption):
        flow = indicator.FLOWS[1 - indicator.FLOWS.index(family)] if side else family  # (the figures' country's)
    else:
        flow = indicator.direction(family, words, caption, context)
    return indicator.product_indicator(flow) if by_item else indicator.indicator_id(flow)


def _caption_place(cell: Cell) -> str:
    """A row with no country's name: the whole region when the caption's place is ("Total" of "Korea's trade with
    Central Asia"), the caption's one country for a list of items; '' for any other row."""
    codes = {k.code for k in places.marks(cell.caption) if k.code}
    if cell.header and not cell.year and not lx.pattern("total_row").fullmatch(cell.label):
        return ""
    return codes.pop() if len(codes) == 1 else ""


def _reporter_is_korea(caption: str) -> bool | None:
    """Whose exports a bare column of exports is: the country a trade caption names first, its reporter ("Korea–Kyrgyzstan
    trade by year": Korea's; "Uzbekistan's trade with Korea": Uzbekistan's); None when it names no such pair."""
    korea, ca = places.korea_pattern().search(caption), next((k for k in places.marks(caption) if k.code), None)
    if korea is None or ca is None:
        return None
    return korea.start() < ca.start

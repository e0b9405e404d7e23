"""Figures in blocks of lines under a caption that gives their unit and year: a table, one row a place and one
column an indicator ("Country | Korea's exports | Korea's imports | Total"), or a list of items ("- auto parts:
211.7") under "Korean exports to Kyrgyzstan by item, 2022 (US$ million):". A table may be laid out otherwise too: its
rows years, quarters or months and its columns indicators, or its rows indicators and its columns years or parts of
one ("| Q1 2024 | Change (%) |"); its unit in a column's header or a row's label ("Turnover, thousand US dollars").

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
    corner: str = ""  # a table's first header ("Quarter", "Year"): what its rows' labels are
    level: bool = False  # a change stated as the percent of the earlier level ("in % to 2022": 117.8 is +17.8%)
    time_header: str = ""  # the header that names the column's time: its own, or for a change column that names
    # none ("Change (%)" after "Q1 2023 | Q1 2024"), the last before it that does


def cells(body: str, sents: list[Sentence]) -> dict[int, Cell]:
    """The numbers of ``body`` that stand in a table or a list under a caption stating their unit, or in a table whose
    header stands over its rule ("|---|---|"), by where they start (offsets in the body); {} for a text with neither
    (the common case, found with two searches)."""
    if not lx.pattern("block_unit").search(body) and not lx.pattern("table_rule_mark").search(body):
        return {}
    found: dict[int, Cell] = {}
    i = 0
    while i < len(sents):
        unit = lx.pattern("block_unit").search(sents[i].text)
        if unit is None:
            if "|" not in sents[i].text and _ruled(sents, i + 2) and _may_caption(sents, i):
                # a table under a caption that states no unit ("Table 4.2. Foreign trade with the Republic of Korea"):
                # its figures are read where a header or a row label states theirs ("Turnover, thousand US dollars")
                head = {"caption": _caption(sents, i), "scale": _note_scale(sents, i + 1), "lead_in": _lead_in(sents, i)}
                i = _table(body, sents, i + 1, head, found)
                continue
            if "|" in sents[i].text and _ruled(sents, i + 1):
                # a table with no caption above its header (the text starts with it, or a sentence of the text stands
                # before it): its unit stated in its header, a row's label or a note under it ("Figures in US$ million.")
                head = {"caption": "", "scale": _note_scale(sents, i), "lead_in": sents[i - 1].text if i else ""}
                i = _table(body, sents, i, head, found)
                continue
            i += 1
            continue
        scale = _scale(unit.group(0))
        head = {"caption": _caption(sents, i), "scale": scale, "lead_in": _lead_in(sents, i)}
        if _is_header(sents, i + 1) or _ruled(sents, i + 2):
            i = _table(body, sents, i + 1, head, found)
        elif i + 1 < len(sents) and lx.pattern("year_row").fullmatch(sents[i + 1].text):
            i = _year_rows(sents, i + 1, head, found)
        elif i + 1 < len(sents) and (columns := lx.pattern("slash_columns").search(sents[i].text)) \
                and lx.pattern("slash_row").fullmatch(sents[i + 1].text):
            i = _slash_rows(sents, i + 1, [c.strip() for c in columns.group("cols").split("/")], head, found)
        else:
            i = _list(sents, i + 1, head, found)
    return found


def _may_caption(sents: list[Sentence], i: int) -> bool:
    """Whether line ``i``, right above a table's header, may be its caption: a line of its paragraph, or a title
    ("Table 4.2. Foreign trade with the Republic of Korea"), not a sentence of the text before it ("Exports to Korea
    made up $1.2 billion.")."""
    return sents[i].paragraph == sents[i + 1].paragraph or not sents[i].text.rstrip().endswith(".")


def _note_scale(sents: list[Sentence], i: int) -> str:
    """The scale of the unit a note right under the table whose header is line ``i`` states ("Figures in US$
    million."), or ''."""
    width, j = len(_cells_of(sents[i].text)), i + 1
    while j < len(sents) and len(_cells_of(sents[j].text)) == width:
        j += 1
    note = lx.pattern("table_note_unit").match(sents[j].text) if j < len(sents) else None
    return _scale(note.group("unit")) if note else ""


def _scale(unit: str) -> str:
    """The scale a unit's words state ("US$ million", "USD mln": million), as the lexicon's scales name it."""
    said = lx.pattern("scale_word").search(unit)
    return lx.words("scales").get(said.group(0).lower().rstrip("s"), "") if said else ""


def _ruled(sents: list[Sentence], i: int) -> bool:
    """Whether line ``i`` is the rule under a table's header ("|---|---|"), in the header's paragraph."""
    return 0 < i < len(sents) and sents[i].paragraph == sents[i - 1].paragraph \
        and lx.pattern("table_rule").fullmatch(sents[i].text.strip()) is not None


def _lead_in(sents: list[Sentence], i: int) -> str:
    """The sentence before a caption (before its "Table 5.1." when the splitter cut that off)."""
    if i and lx.pattern("table_number").fullmatch(sents[i - 1].text) and sents[i - 1].paragraph == sents[i].paragraph:
        i -= 1
    return sents[i - 1].text if i else ""


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
    """The rows of a table under its header (line ``i``): each number keyed by its column's header and its row's
    label. Its year is a column's ("2013") or a row's ("| 2003 | ..."); its unit the caption's, else the one its
    column's header or its row's label states ("Turnover, thousand US dollars"); a column or a row of changes
    ("Growth 2014 (%)", "Turnover, in % to previous year") holds percentages. A number with no unit is not read here."""
    header = _cells_of(sents[i].text)
    years = [int(y.group("year")) for y in map(lx.pattern("year_column").fullmatch, header) if y]
    timed = [h if lx.pattern("any_year").search(h) or not lx.pattern("change_column").search(h) else "" for h in header]
    timed = [h or next((t for t in reversed(timed[:k]) if lx.pattern("any_year").search(t)), "")
             for k, h in enumerate(timed)]
    i += 1
    while i < len(sents) and len(_cells_of(sents[i].text)) == len(header):
        row = sents[i]
        values = _cells_of(row.text)
        row_year = lx.pattern("year_column").fullmatch(values[0])  # (a row keyed by its year: "| 2003 | ...")
        at = row.start
        for col, value in enumerate(values):
            at = body.index(value, at) if value else at
            digit = next((k for k, ch in enumerate(value) if ch.isdigit()), None)
            if col and digit is not None:  # (keyed where its number starts: after a minus sign)
                year = lx.pattern("year_column").fullmatch(header[col])
                by_row = not lx.pattern("change_column").search(header[col]) \
                    and lx.pattern("change_label").search(values[0])
                change = value if lx.pattern("change_column").search(header[col]) or by_row else ""
                # (a change column after columns of years, "| 2021 | 2022 | change, % |", is the last year's change)
                year = int(year.group("year")) if year else max(years) if change and years and not by_row \
                    else int(row_year.group("year")) if row_year else None
                scale = head["scale"] or _label_scale(header[col]) or _label_scale(values[0])
                if scale or change:
                    level = bool(change and lx.pattern("percent_of_level").search(header[col] + " " + values[0]))
                    found[at + digit] = Cell(header=header[col], label=values[0], line=row, change=change, year=year,
                                             corner=header[0], level=level, time_header=timed[col],
                                             **{**head, "scale": scale})
            at += len(value)
        i += 1
    return i


def _label_scale(words: str) -> str:
    """The scale of the unit a header or a row label states ("Turnover, thousand US dollars", "Amount (USD mln)")."""
    unit = lx.pattern("block_unit").search(words)
    return _scale(unit.group(0)) if unit else ""


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
    if cell.change and cell.level:  # (117.8 percent of the earlier level: +17.8%)
        value, unit = float(f"{m.number - 100:.10g}"), "percent"
    elif cell.change:
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
    # (a table of a country's partners, one row each: "| China | 24.1 | 31.5 |", "| Republic of Korea | 6.4 | 6.6 |")
    row_partner = _row_partner(cell.label) if cell.header and not row_place else ""
    caption_year = lx.pattern("any_year").search(cell.caption)
    own = _own_time(cell, doc, int(caption_year.group(0)) if caption_year else None)
    column_partner = _column_partner(cell.header)
    if row_partner == "other":
        fig.partner, fig.reason = "", f"partner is not Korea ('{cell.label}', a row of a table of partners)"
    elif column_partner:  # ("| Year | Trade with China, $ mln |")
        fig.partner, fig.reason = "", f"partner is not Korea ('{column_partner}', in the column's header)"
    elif not row_partner and not indicator.korea_in(cell.caption + " " + cell.header + " " + cell.lead_in):
        fig.reason = "a table or list of figures that does not say they are Korea's"
    elif family not in indicator.FLOWS + ("shipment", "trade", "investment"):
        fig.reason = f"a table or list of figures, but not of trade or investment ('{words[:60]}')"
    elif family == "investment" and (stock := _stock_row(cell)) is not None:  # ("| Cumulative to end-2007 | 1,875.9 |")
        fig.year, fig.period = stock, str(stock)
        fig.indicator = indicator.indicator_id("investment", kind="stock")
        fig.country = row_place or _caption_place(cell, True, context, doc)
        if not fig.country:
            fig.reason = f"a row of a table that is no country of Central Asia ('{cell.label}')"
    elif cell.year is None and own is None and caption_year is None:
        fig.reason = "a table or list of figures with no year in its caption"
    elif cell.change and not (family == "trade" and (lx.pattern("change_caption").search(cell.caption)
                                                     or cell.header and lx.pattern("change_column").search(cell.header)
                                                     or lx.pattern("change_label").search(cell.label))):
        fig.reason = f"a percentage that is not said to be the change of total trade ('{words[:60]}')"
    else:
        if own is not None and cell.year is None:
            fig.year, fig.period = own
        else:
            fig.year = cell.year or int(caption_year.group(0))
            fig.period = own[1] if own is not None and own[0] == fig.year else _period(cell, doc, fig.year)
        fig.indicator = indicator.indicator_id("trade", "percent") if cell.change \
            else _indicator(family, words, cell.caption, context, not cell.header and not row_place)
        fig.country = row_place or (_partners_country(cell) if row_partner
                                    else _caption_place(cell, own is not None, context, doc))
        if not fig.country:
            fig.reason = f"a row of a table that is no country of Central Asia ('{cell.label}')"
    return fig


def _row_partner(label: str) -> str:
    """'KOR' for a row labelled Korea, 'other' for one labelled another partner (a table of a country's partners),
    else ''."""
    code = places.label_code(label.strip())
    return code if code in ("KOR", "other") else ""


def _column_partner(header: str) -> str:
    """The partner other than Korea a column's header names ("Trade with China"), or ''."""
    other = places.other_partner_pattern().search(header) if header else None
    return other.group(0) if other and not indicator.korea_in(header) else ""


def _partners_country(cell: Cell) -> str:
    """The country whose partners a table's rows are: the one its caption names, else the line before it."""
    for words in (cell.caption, cell.lead_in):
        codes = {k.code for k in places.marks(words) if k.code}
        if codes:
            return codes.pop() if len(codes) == 1 else ""
    return ""


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


def _caption_place(cell: Cell, timed: bool, context: Context, doc: Document) -> str:
    """A row with no country's name: the whole region when the caption's place is ("Total" of "Korea's trade with
    Central Asia"), the caption's one country for a list of items; in a table keyed by time (its columns or its rows
    years or parts of one) the place the caption, else the line before it, else the text names, as for a sentence;
    '' for any other row."""
    codes = {k.code for k in places.marks(cell.caption) if k.code}
    if cell.header and not cell.year and not timed and not lx.pattern("total_row").fullmatch(cell.label):
        return ""
    if len(codes) == 1 or not cell.header or not (cell.year or timed):
        return codes.pop() if len(codes) == 1 else ""
    if codes:
        return ""
    before = {k.code for k in places.marks(cell.lead_in) if k.code}
    if before:
        return before.pop() if len(before) == 1 else ""
    return context.last_topic or places.main_country(doc) or places.publisher_country(doc)


def _stock_row(cell: Cell) -> int | None:
    """The year of a table's row (or column) of investment that is its total to that year ("1992–2005 (total)",
    "Cumulative to end-2007"): the last year it names; None for any other."""
    for words in (cell.label, cell.header):
        years = lx.pattern("any_year").findall(words) if words and lx.pattern("stock_row").search(words) else []
        if years:
            return int(years[-1])
    return None


def _own_time(cell: Cell, doc: Document, caption_year: int | None) -> tuple[int, str] | None:
    """The year and period a table's column header or row label names ("Q1 2024", "January–June 2023", a row "II"
    under "Quarter" in a table of 2019), or None."""
    # (a row's label read with its column's name, "II Quarter", or as a time, "in July")
    for words in (cell.time_header, f"{cell.label} {cell.corner}" if cell.header else "",
                  f"in {cell.label}" if cell.header else ""):
        span = next((s for s in parts.spans_in(words, doc, caption_year) if s.kind != "date"), None)
        if span is not None:
            found = span.time()
            return found[0], found[1]
    header = cell.time_header
    if header and (year := lx.pattern("any_year").search(header)) and not lx.pattern("year_column").fullmatch(header):
        return int(year.group(0)), year.group(0)  # ("Growth 2014 (%)")
    return None


def _reporter_is_korea(caption: str) -> bool | None:
    """Whose exports a bare column of exports is: the country a trade caption names first, its reporter ("Korea–Kyrgyzstan
    trade by year": Korea's; "Uzbekistan's trade with Korea": Uzbekistan's); None when it names no such pair."""
    korea, ca = places.korea_pattern().search(caption), next((k for k in places.marks(caption) if k.code), None)
    if korea is None or ca is None:
        return None
    return korea.start() < ca.start

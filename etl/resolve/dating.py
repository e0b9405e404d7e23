"""The last step that resolves a figure: its time (year, and the months of a part of one), and what the text's
context keeps of it for the figures after it ("the same period", "these exports", "the country")."""
from __future__ import annotations

from .. import lexicon as lx
from .. import periods
from ..schema import vocabulary
from . import filters, indicator, time
from . import spans as parts  # parts of a year, relative years
from .figure import BY_COUNTRY, Figure, Work


def whole_after(w: Work) -> str:
    """For a figure that is a part of the money figure right after it ("$1.2 billion of Korea's $6.1 billion
    exports to the region"), the words from the whole on to its clause's end; else ''."""
    nxt = w.window[w.index + 1] if w.index + 1 < len(w.window) else None
    if w.kind != "money" or nxt is None or nxt.kind != "money" \
            or not lx.pattern("part_of_next").match(w.d.doc.body[w.m.end:nxt.start]):
        return ""
    return " " + w.d.doc.body[w.m.end:nxt.start] + filters.first_part(w.d.doc.body[nxt.end:w.sentence.end])


def _whole_year_after_part(w: Work) -> bool:
    """Whether the figure is a whole year's, told after a part of it: "$96.3 million in the fourth quarter of 2024,
    bringing the total for the year to $612 million"."""
    found = list(lx.pattern("whole_year").finditer(w.clause.own_before))
    if not found:
        return False
    spans = parts.spans_in(w.clause.own_before, w.d.doc, None)
    return any(s.end <= found[-1].start() for s in spans) and not any(s.start > found[-1].start() for s in spans)


def date(w: Work, done_here: list[Figure]) -> bool:
    """The figure's year and period (or the reason it has none)."""
    fig, d, clause, prev = w.fig, w.d, w.clause, w.prev_fig
    # (the time of the last figure before it that is not a base: "394 million in 2006 from 158 million a year before,
    # bringing the accumulated total to 1.72 billion" is 2006's)
    timed = next((f for f in reversed(done_here) if not f.reason and not f.base and f.year), prev)
    carried = (timed.year, timed.period, "carried from the previous figure of the sentence") \
        if timed and timed.year else None
    if whole := whole_after(w):  # "$3.6 billion of the $3.9 billion Korea bought last year": the whole's time
        carried = time.sentence_time(whole, d.doc, own=True) or carried
    if w.kind == "percent" and prev and prev.base and w.context.topic_time:
        carried = w.context.topic_time  # "In the same period of 2014 it stood at $212.3 million, an increase of 39.7%"
    family = indicator.family_of(fig.indicator)
    own = clause.own_before + " " + filters.first_part(clause.after)
    # (an item of a list told by its lead-in: "Korean direct investment by country in 2021: - Kazakhstan – $410 million")
    sentence = w.context.list_lead + " " + clause.sentence if w.how.startswith("the lead-in") else clause.sentence
    # (the parts of a year's flow the sentence before told: "... investment in the region reached 412.6 billion won in
    # January-September. Kazakhstan drew 268.3 billion won, ...": that flow's)
    carried_flow = w.how.startswith("carried from the previous sentence") \
        and w.context.prev_indicator == indicator.indicator_id("investment", kind="flow") \
        and not lx.pattern("total_words").search(own) and not lx.pattern("stock_words").search(own)
    if family == "investment" and carried_flow:
        fig.indicator = w.context.prev_indicator
    elif family == "investment" and not w.part:  # during the year or accumulated: told by its own words before its time
        fig.indicator = indicator.investment_kind(sentence, own, "")
    if carried and indicator.family_has_stock(family) \
            and (lx.pattern("stock_words").search(clause.before)
                 or lx.pattern("stock_words").search(filters.first_part(clause.after))) \
            and (family != indicator.family_of(prev.indicator)
                 or indicator.is_stock(fig.indicator) and not indicator.is_stock(prev.indicator)
                 and not lx.pattern("brings_total_to").search(clause.own_before[-120:])):
        # "... in 2023, and the accumulated investment has exceeded $15 billion": a new stock, not the year's flow
        # (but "$287 million in 2012, bringing the cumulative total to $3.4 billion": the total after that flow)
        carried = None
    start = clause.start
    if clause.own and indicator.is_stock(fig.indicator) and (
            vocabulary()[fig.indicator].measure == "count"
            and (carried and prev.indicator != fig.indicator or any(f.counted for f in done_here))
            or prev is not None and prev.indicator and not indicator.is_stock(prev.indicator)
            and lx.pattern("stock_words").search(clause.own_before)):
        # "trade reached $2.3 billion last year, while 1,100 enterprises are working there": the count's own clause
        # (so after new ones of a period: "In 2017, 25 new JVs opened; the number of such enterprises now stands at";
        # and a stock after a flow: "put $12.7 million in 2023, while total investment since 1992 has reached $148 million")
        carried, start = None, clause.start + clause.own
    if indicator.is_stock(fig.indicator) and (lx.pattern("end_of_the_year").match(clause.after)
                                              or lx.pattern("end_of_the_year_before").search(clause.own_before)):
        # "the stock ... reached $8.9 billion at the end of the year" (the time the text set is asked only here)
        topic = None if timed and timed.year else w.context.topic_time
        the_year = timed.year if timed and timed.year else (topic[0] if topic else w.context.last_year)
        if the_year:
            carried = (the_year, str(the_year), f"'the end of the year' -> {the_year}")
    args = (w.m, w.sentence, d.doc.body, w.window, w.index, d.doc, w.context)
    year, period, how = _respective_time(w, done_here) or _time_of_figure_led_to(w) \
        or time.year_for(*args, carried, start, clause.end)
    fig.base = time.is_base(how) or _earlier_same_months(period, w.context.last_span) \
        or bool(lx.pattern("base_figure_lead").search(clause.own_before[-60:]))
    stock = indicator.is_stock(fig.indicator)
    if year is None and w.kind == "percent":  # "soared 130% to $1.2 billion in 2023": the rest of the sentence
        year, period, how = time.year_for(*args, None, clause.start, w.sentence.end)
    flow = vocabulary()[fig.indicator].kind == "flow" and not vocabulary()[fig.indicator].undated_year
    # (the sentence up to a semicolon after the figure: what follows it is another clause's, with its own time)
    to_semicolon = time.to_semicolon(clause.sentence, w.m.end - w.sentence.start)
    if year is None and flow:  # "$5.9 billion for Kazakhstan and $2.4 billion for Uzbekistan in 2023"
        year, period, how = time.sentence_year(to_semicolon, d.doc) or (None, "", "")
    if year is None and lx.pattern("respectively").search(clause.sentence):  # "... respectively, last year"
        # ("... respectively; the rest fell to Uzbekistan, whose trade grew ... in January–August 2018": not its time)
        year, period, how = time.sentence_time(to_semicolon, d.doc, own=True) or (None, "", "")
    if year is None and w.how == BY_COUNTRY and w.context.prev_time:  # a part of the total: the total's time (not a
        year, period = w.context.prev_time  # base's the total's line named: "$1.41bn (−9.6% y/y); cf. 4M19: $1.56bn")
        how = f"the time of the total it is a part of ({periods.label(period, year)})"
    if year is None and w.context.list_lead and lx.pattern("list_bullet").match(clause.sentence):
        # "Korean exports to Central Asia in 2017 by destination: * Uzbekistan: $1.1 billion": the lead-in's time (before
        # the item above's: "- KOR–CA trade: $6.94bn ...; FY23: $7.62bn\n- KOR exports to CA $3.82bn" is 9M24's)
        found = time.sentence_time(w.context.list_lead, d.doc)
        if found:
            year, period, how = found[0], found[1], found[2].replace("previous sentence", "list's lead-in")
    if year is None and w.context.prev_text and not stock and w.context.looked_back != w.context.sentence_index - 1:
        year, period, how = time.sentence_time(w.context.prev_text, d.doc,
                                               time.same_period(w.context.last_span, w.context.prev_text)) or (None, "", "")
    known = vocabulary()[fig.indicator]
    if year is None and known.kind == "flow" and not known.undated_year and w.context.topic_time:
        year, period, how = w.context.topic_time
    if year is None and w.part and w.context.prev_time:  # "Uzbekistan received 870 billion won of the total"
        year, period = w.context.prev_time
        how = f"the time of the total it is a part of ({periods.label(period, year)})"
    if _rate_without_year(w):
        fig.reason = "no year stated: a rate per year, with no year of its own"
        return False
    if known.kind == "flow" and not known.undated_year and family != "investment" and (span := _several_years(w)):
        fig.reason = f"a figure over several years ('{span}'), not a year's"  # ("trade in 2021-2022 totalled")
        return False
    if year is None:
        year, period, how = _undated(w, stock)
        if year is None:
            return False
    if period != str(year) and _whole_year_after_part(w):
        period, how = str(year), f"the whole year {year}, after a part of it"
    if family == "investment" and not w.part and not carried_flow:
        fig.indicator = indicator.investment_kind(sentence, own, period,
                                                  year if time.unfinished(year, period, d.doc) is not None else None)
    known = vocabulary()[fig.indicator]
    if (known.kind == "stock" or known.undated_year) and period != str(year) \
            and not (known.kind == "flow" and lx.pattern("period_ytd").search(own)):
        # a stock is as of a year, an agreement dated by its year: never over part of one (but the new loans of a
        # year so far are that part's: "has approved $97 million in EDCF loans ... so far this year")
        period = str(year)
    if known.kind == "flow" and not known.undated_year:
        period, how, unfinished = _unfinished(w, year, period, how)
        if unfinished is None:
            return False
    return _finish(w, year, period, how)


def _echo_time(w: Work, done_here: list[Figure]) -> time.Time | None:
    """For a figure of a list right after a "respectively", paired with the list before it: the time of the figure
    of the same rank there ("$2.1 billion and $2.4 billion in 2022 and 2023, respectively, up 28% and 12%")."""
    if (echo := w.respective_echo()) is None:
        return None
    _, first, run = echo
    pair = first[run.index(w.m)]
    fig = next((f for f in done_here if f.mention is pair and f.year and not f.reason), None)
    return (fig.year, fig.period, "'respectively': the time of the figure of the same rank") if fig else None


def _respective_time(w: Work, done_here: list[Figure]) -> time.Time | None:
    """With "respectively", the i-th figure of a kind has the i-th time named before the first of them ("in 2019 and
    2020 were 12.4 and 15.1 million US dollars, respectively", "in July, August and September 2021 ... 196.1, 211.7
    and 188.9 million"); None when they do not pair."""
    text, start = w.clause.sentence, w.sentence.start
    if (respective := w.respective_run()) is None:
        return _echo_time(w, done_here)
    since, run = respective
    # (the list itself: the figures joined by commas and "and" up to "respectively", not a total before them: "596.7
    # million US dollars, including in July, August and September – 196.1, 211.7 and 188.9 million")
    first = len(run) - 1
    while first > 0 and lx.pattern("list_joint").fullmatch(w.d.doc.body, run[first - 1].end, run[first].start):
        first -= 1
    run = run[first:]
    if len(run) < 2 or w.m not in run:
        return None
    before = text[since:run[0].start - start]
    times = [s.time() for s in parts.spans_in(before, w.d.doc, None) if s.kind != "date"]
    if len(times) != len(run):
        years = [int(y) for y in lx.pattern("any_year").findall(before)]
        months = [parts.month_of(m) for m in lx.pattern("month_name").findall(before)]
        if len(years) == len(run) and not months:
            times = [(y, str(y), f"'respectively': the year of the same rank -> {y}") for y in years]
        elif len(months) == len(run) and (len(set(years)) == 1 or not years and w.prev_fig and w.prev_fig.year):
            # (the months' year: the one the words name, else the figure's before them, "in the third quarter ...
            # 596.7 million, including in July, August and September – 196.1, 211.7 and 188.9 million")
            year = years[0] if years else w.prev_fig.year
            times = [(year, periods.format_period(year, m, m), "'respectively': the month of the same rank")
                     for m in months]
    return times[run.index(w.m)] if len(times) == len(run) else None


def _time_of_figure_led_to(w: Work) -> time.Time | None:
    """For a percentage right before the figure it led to ("fell 8.6% year-on-year to $4.73 billion in
    January-October"), that figure's own time (not the time of a figure before it in the sentence)."""
    nxt = w.window[w.index + 1] if w.index + 1 < len(w.window) else None
    body = w.d.doc.body
    end = w.sentence.end
    if w.kind != "percent" or nxt is None or nxt.kind != "money" or nxt.start >= end \
            or not lx.pattern("percent_to_figure").match(body[w.m.end:nxt.start]):
        return None
    found = time.year_for(nxt, w.sentence, body, w.window, w.index + 1, w.d.doc, w.context, None, w.m.end, end)
    return found if found[0] is not None else None


def _earlier_same_months(period: str, last_span: tuple[int, int, int] | None) -> bool:
    """Whether a part of a year is the same months as the text's last one, of an earlier year: the base it is
    compared with ("In January-September 2015 ... In the same period of 2014, ...")."""
    if last_span is None or "/" not in period:
        return False
    span = periods.parse(period)
    return span.year < last_span[0] and (span.first[1], span.last[1]) == last_span[1:]


def _several_years(w: Work) -> str:
    """The span of years a figure's words set it over ("in 2021-2022 totalled", "Over 2019–2023, trade ...", "From 2017
    to 2022"), when they name no year outside it, or ''. (Investment over years is a total as of their end.)"""
    text = w.clause.before + " " + filters.first_part(w.clause.after)
    span = lx.pattern("year_span").search(text)
    if span is None or any(not span.start() <= y.start() < span.end() for y in lx.pattern("any_year").finditer(text)):
        return ""
    return span.group(0).strip()


def _rate_without_year(w: Work) -> bool:
    """"$50 million a year" with no year in the figure's own clause: an annual rate, not a year's figure."""
    if w.kind != "money" or not time.states_no_year(w.m, w.d.doc.body, w.clause.end):
        return False
    own = w.clause.before + " " + w.clause.after
    return not (lx.pattern("any_year").search(own) or parts.spans_in(own, w.d.doc, None)
                or parts.relative_year(own, w.d.doc))


def _unfinished(w: Work, year: int, period: str, how: str) -> tuple[str, str, bool | None]:
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


def _undated(w: Work, stock: bool) -> tuple[int | None, str, str]:
    """The year of a figure stated without one: a plant's capacity from the sentence, a stock or agreement by
    its publication; otherwise none (the figure goes to review)."""
    fig, doc = w.fig, w.d.doc
    known = vocabulary()[fig.indicator]
    # (not the year it was set up, nor a year another figure stands nearer to: "produces up to 2,000 buses a year, and
    # welcomed the plans ... to start assembling in 2027 with a capacity of 20,000 cars a year")
    at = w.m.start - w.sentence.start
    others = [x.start - w.sentence.start for x in w.window if x is not w.m and x.kind in ("count", "money", "amount")]
    years = {int(y.group(0)) for y in lx.pattern("any_year").finditer(w.clause.sentence)
             if not lx.pattern("origin_year").search(w.clause.sentence, max(0, y.start() - 60), y.start())
             and not any(abs(o - y.start()) < abs(at - y.start()) for o in others)}
    if known.measure == "capacity" and len(years) == 1:
        year = years.pop()
        return year, str(year), f"capacity from {year}"
    if known.undated_year == "publication":
        how = (f"a stock stated without a year -> publication year {doc.year}" if stock
               else f"an agreement reported without a year -> publication year {doc.year}")
        return doc.year, str(doc.year), how
    fig.reason = "no reference year: a flow stated without a year or period"
    return None, "", ""


TRADE = (*indicator.FLOWS, "trade")  # (trade and its two flows: one subject for a look back)


def _looks_back(w: Work, year: int) -> bool:
    """Whether a flow figure of a later sentence looks back at an earlier year of the subject the text's last figure
    was about ("... reached $6.62 billion in 2021. In 1992, the first year of ties, it was barely $200 million."):
    a base, whose time the figures after it do not take."""
    context, fig = w.context, w.fig
    if fig.base or not context.prev_time or context.prev_figure_sentence >= context.sentence_index \
            or year >= context.prev_time[0] or context.prev_time[1] != str(context.prev_time[0]) \
            or fig.country != context.prev_country \
            or vocabulary()[fig.indicator].kind != "flow":  # (after a part of a year, the last whole year is news)
        return False
    mine, last = indicator.family_of(fig.indicator), indicator.family_of(context.prev_indicator)
    return mine == last or mine in TRADE and last in TRADE


def _finish(w: Work, year: int, period: str, how: str) -> bool:
    fig, context = w.fig, w.context
    fig.year, fig.period = year, period
    fig.notes.append(how or f"year {year} stated in the sentence")
    if year > w.d.doc.year and vocabulary()[fig.indicator].kind != "rate":
        # ("agreed to raise bilateral trade to $10 billion by 2030": not yet observed; a plant's capacity "from 2026" is
        # the plant's, whenever it starts)
        fig.reason = f"a year after publication ({year}): a target or forecast, not an observed figure"
        return False
    if _looks_back(w, year):
        fig.base, context.looked_back = True, context.sentence_index
        fig.notes.append(f"a look back from {context.prev_time[0]}: the text's time stays")
    if fig.value is not None and fig.value <= 0 and w.kind != "percent":
        fig.reason = "not a positive amount"
        return False
    if not fig.base and "/" in period:  # (a comparison base's time is not the text's)
        span = periods.parse(period)
        context.last_span = (span.year, span.first[1], span.last[1])
    elif not fig.base:
        context.last_year = year
    context.prev_indicator, context.prev_country = fig.indicator, fig.country
    if not fig.base:
        context.prev_time = (year, period)
    context.prev_cue = fig.cue
    if fig.cue in ("trade", "investment") and not fig.base and vocabulary()[fig.indicator].measure == "money":
        context.total = fig.indicator
    context.prev_paragraph = w.sentence.paragraph
    context.prev_figure_sentence = context.sentence_index
    if w.joint:
        fig.reason = "one figure for two or more countries together: neither one country's nor the region's"
        return False
    if not any(ch.isdigit() for ch in w.m.stated):
        # "Sixteen joint ventures": read, resolved and kept in review.csv, since a cited figure's span is digits
        fig.reason = (f"written in words: read as {fig.indicator} {fig.country} {periods.label(period, year)} "
                      f"= {fig.value:g}; a cited figure must be stated in digits")
        return False
    return True



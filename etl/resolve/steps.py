"""The steps that resolve one figure, in order (each returns False when the figure goes to review):
``kind`` (what sort of number) -> ``partner`` -> ``indicator`` -> ``filters`` -> ``country`` -> ``date`` (in dating.py).
"""
from __future__ import annotations

from .. import lexicon as lx
from ..schema import CENTRAL_ASIA, REGION, vocabulary
from . import filters, indicator, places
from .dating import date, whole_after
from .figure import BY_COUNTRY, Figure, Work

TRACKED_UNITS = ("USD", "count", "percent", "vehicle / year", "tonne / year", "square_metre / year", "set / year",
                 "unit / year")
FIGURE_KINDS = ("money", "percent", "count", "amount")
PREVIOUS_SUBJECT = "the subject of the previous sentence"  # how a figure's family was found in the sentence before


def _kind(w: Work, done_here: list[Figure]) -> bool:
    """What sort of number: money, percent, count; an amount takes the currency of the sentence's money."""
    m, fig, body = w.m, w.fig, w.d.doc.body
    w.kind = m.kind
    near = body[max(0, m.start - 40):m.end + 40].lower() if w.kind in ("money", "amount") else ""
    if ("=" in near or "equals" in near or "worth" in near) and any(  # (every exchange rate says one of these)
            r.start() <= m.start < r.end() for r in lx.pattern("exchange_rate").finditer(body, max(0, m.start - 40), m.end + 40)):
        fig.reason = "an exchange rate, not a figure"  # "($1 = 1,041.5 won)": both of its numbers
        return False
    if w.kind == "amount":  # "3.78 billion": money whose currency an earlier figure of the sentence gave
        earlier = [f.mention for f in done_here if f.mention.kind == "money"]
        # (or, with none before it, the next one: "Import made 127,8 mln., export - 3,4 mln. dollars")
        given = earlier[-1] if earlier else next((x for x in w.window[w.index + 1:] if x.kind == "money"
                                                  and x.start < w.sentence.end and x.scale), None)
        if given is None:
            fig.reason = "an amount without a currency"
            return False
        fig.unit, fig.value, w.kind = given.unit, m.value, "money"
        fig.notes.append(f"currency {fig.unit} carried from '{given.stated}'")
    # parenthetical equivalent: "US $250m (735.9 billion UZS)" or "100,000 tonnes (110,231 tons)"
    prev = w.window[w.index - 1] if w.index > 0 else None
    if w.kind in ("money", "count") and prev is not None and prev.kind in ("money", "count", "amount") \
            and lx.pattern("equivalent_gap").fullmatch(body[prev.end:m.start]):
        # one figure stated in its own currency with an equivalent: the equivalent goes in the figure's note
        prev_fig = next((f for f in reversed(w.d.figures) if f.mention is prev), None)
        if prev_fig is not None and not prev_fig.reason:
            prev_fig.notes.append(f"equivalent stated beside it: {m.stated}")
        fig.reason = f"the same figure as '{prev.stated}' in another unit (in parentheses)"
        return False
    return True


def _partner(w: Work, done_here: list[Figure]) -> bool:
    s = w.sentence
    w.label, label = places.attached_label(w.clause.sentence, w.m.start - s.start, w.m.end - s.start)
    if w.label not in ("", "KOR", "other") and places.other_partner_pattern().search(w.clause.sentence):
        w.label = "other"  # "Russian (2,390), ..., Kazakh (1,109)": a list of partners, Kazakhstan one of them
    other = f"{label}, an item of a list" if w.label == "other" else ""
    if not w.label:
        other = places.foreign_partner(w.clause.sentence, w.m.start - s.start, w.clause.start - s.start,
                                       w.m.end - s.start)
    if other:
        w.fig.reason = f"partner is not Korea ('{other}')"
        return False
    if not w.d.has_korea:
        w.fig.reason = "no partner: the document does not mention Korea"
        return False
    w.fig.partner = "KOR"
    return True




def _subject_words(text: str) -> str:
    """The words of a sentence's first clause, where its subject stands ("Bilateral trade reached a record in 2011,
    driven by Korean purchases of uranium": trade), or the whole sentence when that clause has no cue word."""
    first = filters.first_part(text)
    return first if indicator.family_from_cues(first, "", "")[0] else text


def _carried_family(w: Work) -> tuple[str, str]:
    """The family of the previous sentence's figure, for "this figure" or a sentence with no new subject."""
    c = w.context
    back = lx.pattern("same_figure").search(w.clause.sentence)
    if back and c.prev_text and c.prev_figure_sentence != c.sentence_index - 1:
        # "Trade continues to grow. In January-February 2018, it totalled $291 million": the subject before
        family, _ = indicator.family_from_cues(_subject_words(c.prev_text), "", "")
        if family:
            return family, PREVIOUS_SUBJECT
    if c.prev_text and lx.pattern("rank_statement").search(w.clause.before):
        # "China remained Uzbekistan's largest trading partner ..., followed by Russia .... South Korea ranked fifth
        # with $2.2 billion": the family of the ranking the sentence before told of
        family, _ = indicator.family_from_cues(c.prev_text, "", "")
        if family:
            return family, "the ranking the previous sentence told of"
    if c.total and (lx.pattern("by_country").search(w.clause.sentence)
                    or w.kind == "money" and w.label in CENTRAL_ASIA and c.prev_figure_sentence >= c.sentence_index - 2):
        # (and a line of the total's parts, each labelled by its country: "KZ $588mn (−17.2%) | UZ $630mn (−4.1%)")
        w.part = True  # ("By country, Kazakhstan accounted for"): the total's indicator, and a flow's time
        return indicator.family_of(c.total), BY_COUNTRY
    if not c.prev_indicator or (w.sentence.paragraph != c.prev_paragraph
                                and c.prev_figure_sentence != c.sentence_index - 1):
        return "", ""
    if lx.pattern("same_figure").search(w.clause.sentence):
        return c.prev_cue, "carried from the previous sentence"
    if w.kind == "money" and c.prev_cue in indicator.FLOWS + ("shipment", "trade") \
            and (lx.pattern("part_of_last").search(w.clause.sentence) or lx.pattern("part_of_last").match(w.clause.after)) \
            and indicator.names_product(w.clause.sentence):
        # a product's part of the flow before, whatever else its words name ("Car kits ... for the automobile plant in
        # Andijan region accounted for $412.7 million of them", "Used cars took the lion's share, at $61 million")
        return c.prev_cue, "carried from the previous sentence (a product's part of its figure)"
    new_paragraph = w.sentence.paragraph != c.prev_paragraph
    if w.kind == "money" and not lx.pattern("other_topic").search(w.clause.sentence) \
            and len(lx.pattern("prose_word").findall(w.clause.sentence, 0, 400)) >= 2 \
            and (not new_paragraph or any(k.code for k in places.marks(w.clause.sentence))):
        # a sentence of words; past a paragraph break only when it names the country it now speaks of
        # "Kazakhstan accounted for $5.9 billion, followed by Uzbekistan at $2.4 billion": the same subject
        return c.prev_cue, "carried from the previous sentence (no new subject)"
    return "", ""


def _elliptical_flow(w: Work) -> str:
    """"Exports from Kazakhstan reached $1.47 billion, imports – $2.25 billion", "Trade: $1.7 billion; exports $1.3
    billion": a flow told by its word alone, seen from the side the flow before it in the sentence was told from
    (Korean exports, then imports: Korea's imports, the country's exports), else the text's last flow."""
    if w.family not in indicator.FLOWS or not lx.pattern("elliptical_flow").match(w.clause.own_before):
        return ""
    prev, other = w.prev_fig, next(f for f in indicator.FLOWS if f != w.family)
    if prev is not None and prev.cue in indicator.FLOWS and indicator.family_of(prev.indicator) in indicator.FLOWS:
        return w.family if prev.cue == indicator.family_of(prev.indicator) else other
    if w.context.korea_side is not None and not indicator.explicit_direction(w.family, w.clause.sentence):
        return other if w.context.korea_side else w.family
    return ""


def _since_money(w: Work) -> int:
    """Where, in the figure's own clause before it, the words after the last money figure before it start (0: none
    stands there). "Some 250 joint projects ..., trade is set to exceed $2 billion this year and Korean investment has
    reached $6.5 billion": the projects are not the $6.5 billion's."""
    own_start = w.clause.start + w.clause.own
    ends = [x.end for x in w.window[:w.index] if x.kind == "money" and x.end > own_start]
    return ends[-1] - own_start if ends else 0


def _indicator(w: Work, done_here: list[Figure]) -> bool:
    fig, clause = w.fig, w.clause
    carried = w.prev_fig.cue if w.prev_fig else ""  # the words' family: a direction is never read twice
    if carried and not lx.pattern("ellipsis_those").search(clause.own_before) \
            and (clause.own and lx.pattern("other_topic").search(clause.own_before)
                 or lx.pattern("other_topic").search(clause.after[:20])):
        carried = ""  # ", and a new plant will cost $15 million", "opened a $20 million plant": something else
    w.family, w.how = indicator.family_from_cues(clause.own_before, clause.after, carried, _since_money(w))
    if w.prev_fig and w.prev_fig.cue and lx.pattern("followed_by").search(clause.own_before[-60:]):
        w.family, w.how = w.prev_fig.cue, "carried from the figure before it in a ranking ('followed by')"
    elif w.how == "cue after the figure" and w.prev_fig and w.prev_fig.cue \
            and lx.pattern("it_figure_before").search(clause.own_before):
        w.family, w.how = w.prev_fig.cue, "carried from the previous figure ('it')"  # "..., when it peaked at $635.4 million on"
    lead_in = _list_lead_in(w, done_here)
    if lead_in:  # "By country, trade in 2005 was as follows: - Kazakhstan: US$1.09 billion (exports ...)"
        w.family, w.how = lead_in, f"the lead-in of its list ('{w.context.list_lead[:60]}')"
    if not w.family and w.prev_fig and w.prev_fig.cue and lx.pattern("with_component").search(clause.before[-120:]):
        w.family, w.how = w.prev_fig.cue, "the figure it is a part of ('with ... accounting for')"
    if (not w.family or w.how.startswith("carried")) and (whole := whole_after(w)):
        family, _ = indicator.family_from_cues("", whole, "")  # "$1.2 billion of Korea's $6.1 billion exports"
        if family:
            w.family, w.how = family, "the cue of the whole it is a part of"
    if not w.family and clause.own and not lx.pattern("other_topic").search(clause.after[:20]):
        w.family, w.how = indicator.family_from_cues(clause.before, clause.after, "")
    if not w.family and not done_here_resolved(done_here):
        w.family, w.how = _carried_family(w)
    fig.cue = w.family
    if w.kind == "money":
        own = clause.own_before + " " + filters.first_part(clause.after)
        if w.family in ("loan", "portfolio", "edcf") and lx.pattern("new_loan_before").search(clause.own_before):
            w.family, own = "loan", clause.own_before[-40:]  # "..., including the new loan of 45 million dollars"
        elif w.family == "portfolio" and lx.pattern("attached_with").search(clause.before[:clause.own]):
            own = clause.before + " " + filters.first_part(clause.after)  # (", with 31 projects worth": the subject's)
        fig.indicator = indicator.money_indicator(w.family, clause.sentence, own, lambda: w.d.has_edcf)
        if w.how.startswith("carried from the previous figure") and w.prev_fig and w.family in ("edcf", "loan", "portfolio") \
                and vocabulary()[w.prev_fig.indicator].measure == "money":
            fig.indicator = w.prev_fig.indicator  # "$1.5 billion in Uzbekistan and $300 million in Turkmenistan"
        if w.how == "carried from the previous sentence" and w.family in ("edcf", "loan", "portfolio") \
                and w.context.prev_indicator and vocabulary()[w.context.prev_indicator].measure == "money":
            fig.indicator = w.context.prev_indicator  # "... EDCF money ... $412 million. The figure for the whole
            # region is about $640 million": the same thing as the figure it refers back to
        if lx.pattern("brings_total_to").search(clause.own_before[-120:]):  # "..., bringing the total to $1.45 billion"
            fig.indicator = indicator.running_total_of(fig.indicator)
        if w.prev_fig and lx.pattern("component_lead").search(clause.before) \
                and not lx.pattern("new_loan_before").search(clause.own_before) \
                and not (lx.pattern("one_loan_before").search(clause.own_before)
                         and lx.pattern("loan_right_after").match(clause.after)) \
                and indicator.part_of_running_total(fig.indicator, w.prev_fig.indicator):
            fig.indicator = w.prev_fig.indicator  # "has lent $1.1 billion, including $640 million from the EDCF"
        if indicator.family_of(fig.indicator) in indicator.FLOWS:
            own = clause.own_before + " " + filters.own_after(clause.after) + whole_after(w)
            if lead_in:
                own = w.context.list_lead + " " + own
            # (a flow named by the sentence before, "Turkmen exports to Korea are small. They came to $17 million":
            # its direction is read in that sentence's words)
            said = _subject_words(w.context.prev_text) + " " if w.how == PREVIOUS_SUBJECT else ""
            flow = _elliptical_flow(w) or indicator.direction(w.family, said + own, clause.sentence, w.context,
                                                              len(said) + len(clause.own_before))
            if not flow and w.context.last_direction and lx.pattern("part_of_last").search(clause.sentence):
                flow = w.context.last_direction  # "Korean shipments ... $96 million. Cars accounted for $52 million of the total"
            if not flow and w.family == "shipment" and w.context.prev_text:
                # "Korean exports to Kyrgyzstan fell sharply. In January alone, shipments were ..., at US$96 million"
                flow = indicator.stated_direction(w.context.prev_text)
            if not flow:
                fig.reason = "goods shipped, but the text does not say in which direction"
                return False
            if w.prev_fig and not clause.own:  # not the words that complete the figure before
                own = lx.pattern("previous_complement").sub("", clause.own_before, count=1) + " " \
                    + filters.own_after(clause.after)
            fig.indicator = indicator.flow_indicator(flow, own, clause.after, clause.own_before)
            if lx.pattern("their_flow").search(clause.own_before) and indicator.names_product(clause.before):
                fig.indicator = indicator.product_indicator(flow)  # "Passenger cars dropped most, their export fell to"
            w.context.last_direction = flow
            if w.family in indicator.FLOWS:
                w.context.korea_side = flow != w.family
        elif w.context.korea_side is None and w.family == "trade" and lx.pattern("korea_side_trade").search(clause.sentence):
            w.context.korea_side = True  # "Korea's trade with the five ...: exports $6.12 billion, imports ..."
        if w.prev_fig and lx.pattern("base_figure_lead").search(clause.own_before[-60:]) \
                and vocabulary()[w.prev_fig.indicator].measure == "money" \
                and not (w.how == "cue after the figure" and w.family != w.prev_fig.cue) \
                and (not w.how.startswith("cue before") or vocabulary()[w.prev_fig.indicator].part_of == fig.indicator):
            # "$521 million of cars ..., up from $163 million": the same thing (and "Cars accounted for $962.5 million
            # of Korean exports in 2023, against $341.8 million a year earlier": the cue is the whole's, not the base's;
            # but not "$25.1 million of imports, against $1.1 million of Tajik exports": its own cue after it)
            fig.indicator = w.prev_fig.indicator
        _part_of_last(w)
        if w.how == BY_COUNTRY:
            fig.indicator = w.context.total
    elif w.kind == "percent":
        return _percent(w)
    elif w.kind == "count":
        return _count(w, done_here)
    if not fig.indicator:
        fig.reason = "unknown indicator: no cue word (trade, exports, investment, EDCF...) near the figure"
        return False
    return True


def _list_lead_in(w: Work, done_here: list[Figure]) -> str:
    """For the first figure of a list's item that names no cue before it ("- Uzbekistan: US$912 million"), the
    family its list's lead-in names ("By country, trade in 2005 was as follows:"), else ''."""
    # (the item's first figure: a year or date before it, "- 2018: US$2.12 billion", is none)
    figures = [f for f in done_here if f.mention.kind not in filters.NON_FIGURE]
    if not w.context.list_lead or figures or not lx.pattern("list_bullet").match(w.clause.sentence) \
            or indicator.family_from_cues(w.clause.own_before, "", "")[0]:
        return ""
    # (the lead-in's words in brackets are its own: "By country (total trade, 2009):")
    return indicator.family_from_cues(w.context.list_lead.replace("(", " ").replace(")", " "), "", "")[0]


def _part_of_last(w: Work) -> None:
    """A money figure of a sentence about the parts of the previous sentence's ("Of the total, Kazakhstan drew
    612 billion won"): that figure's indicator, and (a flow) its time."""
    c, prev = w.context, w.context.prev_indicator
    if prev and c.total and not w.how.startswith("cue") and (indicator.family_of(prev) in indicator.FLOWS or prev == c.total) \
            and indicator.family_of(c.total) == "trade" and lx.pattern("of_the_total").search(w.clause.sentence) \
            and not indicator.names_product(w.clause.own_before + " " + filters.first_part(w.clause.after)):
        # "Trade reached $5.32 billion. Exports came to $3.91 billion, imports to $1.41 billion. Kazakhstan accounted
        # for $3.48 billion of the total": the total is the trade, not the direction last named
        prev = c.total
        if indicator.family_of(w.fig.indicator) in indicator.FLOWS:
            w.fig.indicator = ""
    # (the sentence right before, or the one before that: "... deals worth $12.4 billion. The deals cover minerals.
    # Kazakhstan accounted for $5.1 billion of the total")
    if prev and c.prev_figure_sentence >= c.sentence_index - 2 and lx.pattern("part_of_last").search(w.clause.sentence) \
            and vocabulary()[prev].measure == "money" \
            and (indicator.family_of(w.fig.indicator) in ("", indicator.family_of(prev))
                 or indicator.family_of(w.fig.indicator) == "portfolio" and indicator.family_of(prev) in ("edcf", "loan")):
        w.fig.indicator, w.part = prev, True
        own = w.clause.own_before + " " + filters.first_part(w.clause.after)
        if prev in (indicator.indicator_id(f) for f in indicator.FLOWS) and indicator.names_product(own):
            # "A significant part of them are components and car kits ... worth $712 million": that product's
            w.fig.indicator = indicator.product_indicator(indicator.family_of(prev))


def done_here_resolved(done_here: list[Figure]) -> bool:
    """Whether the sentence already has a resolved figure (then the previous sentence's indicator is not carried)."""
    return any(not f.reason for f in done_here)


def _percent(w: Work) -> bool:
    fig, clause = w.fig, w.clause
    if w.family == "trade" and not filters.is_share(clause.before[-40:] + " " + clause.rest[:40], clause.own_before):
        if lx.pattern("growth_up").search(clause.sentence) or lx.pattern("growth_down").search(clause.sentence):
            fig.indicator = indicator.indicator_id("trade", "percent")
            # the words of its own clause, or else around it ("rose 12.5% to $897 million, after a fall of 3%": the
            # fall is the next figure's); the figure itself shows a minus sign ("-28.4%")
            before = lx.pattern("growth_aside").sub(", ", clause.before)[-60:]  # (not an aside's: "which had shrunk")
            near = before + w.m.stated + " " + filters.first_part(clause.rest)[:40]
            down, up = lx.pattern("growth_down").search(near), lx.pattern("growth_up").search(near)
            if not (down or up):
                near = before + w.m.stated + " " + clause.rest[:40]
                down, up = lx.pattern("growth_down").search(near), lx.pattern("growth_up").search(near)
            if not (down or up) and lx.pattern("change_or_by").search(before):
                # "decreased to 19.4 million US dollars, or by 38.5%": the verb that led to the figure before it
                lead = clause.sentence[:w.m.start - w.sentence.start][-160:]
                downs, ups = list(lx.pattern("growth_down").finditer(lead)), list(lx.pattern("growth_up").finditer(lead))
                down = downs[-1] if downs and (not ups or downs[-1].start() > ups[-1].start()) else None
            plus = lx.pattern("plus_sign_before").search(before)  # ("KG $63mn (+1.9%)" after "UZ $630mn (−4.1%) |")
            if down and not plus and not (up and up.start() < down.start() and lx.pattern("recovery").search(up.group(0))):
                fig.value = -abs(w.m.value)
                fig.notes.append(f"'{down.group(0)}' -> negative")
    if w.family == "trade" and lx.pattern("level_percent_after").match(clause.rest) \
            and (lx.pattern("level_percent_or").search(clause.before) or lx.pattern("level_of").match(clause.rest)):
        # "... made $312.5 million, or 127.4 percent against January–June 2005": the earlier level is 100
        fig.indicator, fig.value = indicator.indicator_id("trade", "percent"), float(f"{w.m.value - 100:.10g}")
        fig.notes.append(f"'{w.m.stated}' of the earlier level -> {fig.value:+g}%")
    if not fig.indicator:
        fig.reason = ("a share or ratio, not a tracked indicator" if filters.is_share(clause.rest[:40], clause.own_before)
                      else f"a percentage that is not growth of bilateral trade ({w.family or 'no cue'})")
        return False
    return True


def _set_up_in_period(w: Work) -> bool:
    """A count of ones set up in a bounded period: "Over the past three years, 120 enterprises ... were established"."""
    rest = filters.first_part(w.clause.rest)
    return bool(lx.pattern("set_up_verb").search(rest)
                and lx.pattern("bounded_period").search(w.clause.own_before + " " + rest))


def _count(w: Work, done_here: list[Figure]) -> bool:
    fig, body = w.fig, w.d.doc.body
    fig.indicator = indicator.count_indicator(body, w.m, w.clause.rest, w.clause.sentence, w.clause.before)
    head = places.list_head(w.clause.sentence, w.m.start - w.sentence.start) if w.label else ""
    if not fig.indicator and head:  # "Joint ventures by partner country: 2,100 (China), ..., 610 (Korea)"
        fig.indicator = indicator.list_indicator(head, w.label == "KOR")
    # the count before it in the sentence, a count of new ones in review included
    prev = next((f for f in reversed(done_here) if f.counted or f.indicator and not f.reason), None)
    counts = prev.counted or prev.indicator if prev else ""
    new = prev is not None and bool(prev.counted)
    if counts and vocabulary()[counts].measure != "count":
        counts = ""
    if not fig.indicator and counts and lx.pattern("count_back_reference").search(w.clause.own_before[-80:]):
        fig.indicator, new = counts, False  # "40 new firms were registered; their total number reached 412"
        w.how = "the count it refers back to"
    elif not fig.indicator and counts and lx.pattern("count_base_lead").search(w.clause.own_before[-60:]):
        fig.indicator = counts  # "470 Korean companies ..., up from about 350 two years ago"
        w.how = "the count it is compared with"
    elif not fig.indicator and counts and lx.pattern("count_rise_to").search(body, max(w.sentence.start, w.m.start - 120),
                                                                         w.m.start):
        fig.indicator = counts  # "The number of enterprises ... has risen from 430 at the start of 2017 to 531"
        w.how = "the count it rose or fell from"
    elif not fig.indicator and counts and lx.pattern("elliptical_count").match(w.clause.rest):
        fig.indicator = counts  # "150 joint ventures in Kyrgyzstan and 60 in Tajikistan"
        w.how = "the count it is listed with"
    else:
        new = bool(fig.indicator) and (bool(lx.pattern("new_count").match(w.clause.rest)) or _set_up_in_period(w))
    if fig.indicator and vocabulary()[fig.indicator].measure == "capacity":
        said = lx.pattern("capacity_noun").match(body[w.m.end:w.m.end + 20])
        fig.unit = next((unit for name, unit in lx.words("capacity_units").items() if lx.pattern(name).fullmatch(
            said.group("noun"))), "vehicle / year") if said else "unit / year"  # (other goods: "5,000 transformers")
    if fig.indicator and new and vocabulary()[fig.indicator].kind == "stock":
        fig.counted, fig.indicator = fig.indicator, ""
        fig.reason = "new ones of a period, not the number there is (a stock)"
        return False
    if not fig.indicator:
        fig.reason = f"a count of something not tracked ({filters.counted_noun(w.clause.rest)})"
        return False
    if vocabulary()[fig.indicator].measure == "count" and fig.value is not None and fig.value != int(fig.value):
        fig.reason = f"not a whole number: a section's number or a share, not a count ('{w.m.stated}')"
        return False  # ("3.4 Korean companies", a heading; "2.5 firms per project")
    return True


def _filters(w: Work, done_here: list[Figure]) -> bool:
    fig, clause = w.fig, w.clause
    family = indicator.family_of(fig.indicator)

    def korea_here() -> bool:  # asked only of a figure that may be the country's trade with all partners
        # (", with total investment of $100 million" adds to the clause before it: its Korea counts)
        attached = lx.pattern("attached_with").search(clause.before[:clause.own])
        # (a part of the Korean figure before it: "... from Korea ..., including foreign direct investment of $684m")
        part = w.prev_fig is not None and bool(lx.pattern("component_lead").search(clause.own_before))
        return part or indicator.korea_in(clause.before if attached else clause.own_before) or \
            bool(lx.pattern("korea_partner_after").search(filters.first_part(clause.after)))

    reason = (filters.with_all_partners(family, clause, korea_here)
              or filters.korea_overall(family, clause)
              or (w.kind == "money" and filters.trade_balance(family, clause))
              or filters.company_accounts(family, clause)
              or (w.kind == "money" and (filters.per_unit(clause) or filters.average(clause) or filters.difference(clause)
                                         or filters.export_credit(clause) or filters.grant_aid(family, clause)))
              or (w.kind == "count" and filters.difference(clause))  # ("rose by 37 this year to 720")
              or (w.kind != "count" and filters.target(clause))
              or filters.pledged(family, clause)
              or filters.one_sector(family, clause)
              or filters.single_deal(family, clause)
              # (an event's companies, not a plant's capacity: "The delegation visited a joint venture that can
              # turn out 1.2 million garments a year")
              or (w.kind == "count" and getattr(vocabulary().get(fig.indicator), "measure", "count") == "count"
                  and filters.attendance(clause)))
    if reason:
        fig.reason, fig.indicator = reason, ""
        return False
    if fig.unit not in TRACKED_UNITS:
        fig.notes.append(f"stated in {fig.unit}: not converted")
    if w.how:
        fig.notes.append(f"indicator from {w.how}")
    return True


def _country(w: Work, done_here: list[Figure]) -> bool:
    fig, s = w.fig, w.sentence
    fig.country, how = places.country(w.clause.sentence, w.m.start - s.start, w.m.end - s.start, _segment(w),
                                      w.context, w.d, in_list=w.label == "KOR")
    if w.label not in ("", "KOR", "other"):
        fig.country, how = w.label, "the label of a list item"
    prev = w.window[w.index - 1] if w.index else None
    if w.kind == "percent" and w.prev_fig is not None and w.prev_fig.country and prev is not None \
            and prev.kind == "money" and lx.pattern("bracket_after_figure").match(w.d.doc.body[prev.end:w.m.start]):
        fig.country, how = w.prev_fig.country, "the place of the figure it is in brackets after"
    if respective := _respective_place(w):
        fig.country, how = respective, f"'respectively': the place of the same rank -> {respective}"
    elif w.label in ("", "KOR") and (places.joint_places(w.clause.sentence, w.m.end - s.start, _segment(w)[1])
                                     or fig.country != REGION and lx.pattern("several_countries").search(w.clause.own_before)):
        w.joint = True  # (what follows it may still refer to it: "Under the agreements, Uzbekistan will receive")
    if not fig.country:
        fig.reason = "no country: the text does not say which Central Asian country"
        return False
    if how:
        fig.notes.append(how)
    return True


def _respective_place(w: Work) -> str:
    """With "respectively", the i-th figure of a kind is the i-th country named before the first of them ("trade
    with Kazakhstan and Uzbekistan reached $4.2 billion and $2.4 billion, respectively"); '' when they do not pair."""
    text, start = w.clause.sentence, w.sentence.start
    if (respective := w.respective_run()) is not None:
        since, run = respective
        first = run
    elif (echo := w.respective_echo()) is not None:
        since, first, run = echo  # (a list right after the "respectively" pairs with the list before it)
    else:
        return ""
    codes: list[str] = []
    for k in places.marks(text):
        if k.code and k.code != REGION and since <= k.start and k.end <= first[0].start - start and k.code not in codes:
            codes.append(k.code)
    return codes[run.index(w.m)] if len(codes) == len(run) > 1 else ""


def _segment(w: Work) -> tuple[int, int]:
    """The figure's own stretch of its sentence: from the figure before it to the figure after it."""
    s = w.sentence
    before = [x for x in w.window[:w.index] if x.kind in FIGURE_KINDS and x.start >= s.start]
    after = [x for x in w.window[w.index + 1:] if x.kind in FIGURE_KINDS]
    return (before[-1].end - s.start if before else 0), (after[0].start - s.start if after else s.end - s.start)


STEPS = (_kind, _partner, _indicator, _filters, _country, date)

"""Indicators: which family of cue words names a figure, and which indicator of the vocabulary it is."""
from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache

from .. import lexicon as lx
from ..extract import Mention
from ..schema import vocabulary
from .figure import Context
from .places import ca_pattern, region_pattern

CUE_FAMILIES = ("edcf", "portfolio", "loan", "export", "import", "shipment", "trade", "investment")
FLOWS = ("export", "import")  # the two directions of trade, seen from the Central Asian side


@cache
def cue_pattern() -> re.Pattern | lx.Led:
    """One pattern, one named group per cue family (the group's name is the family), led by the families' leads."""
    families = "|".join(f"(?P<{f}>\\b(?:{lx.source('cue_' + f)}))" for f in CUE_FAMILIES)
    return lx.led(lx.compile(f"(?=[A-Za-z])(?:{families})", re.IGNORECASE),  # every cue starts with a letter
                  "|".join(lx.lead_source("cue_" + f) for f in CUE_FAMILIES))


@cache
def edcf_pattern() -> re.Pattern | lx.Led:
    return lx.led(lx.compile(lx.source("cue_edcf"), re.IGNORECASE), lx.lead_source("cue_edcf"))


@cache
def indicator_id(family: str, measure: str = "money", kind: str | None = None) -> str:
    """The vocabulary's indicator for a cue family, a measure and (where a family has two) a kind."""
    found = [i.id for i in vocabulary().values()
             if i.family == family and i.measure == measure and not i.part_of and kind in (None, i.kind)]
    if len(found) != 1:
        raise LookupError(f"vocabulary.yml: {len(found)} indicators for family {family!r}, {measure}, {kind}")
    return found[0]


def family_of(indicator: str) -> str:
    """The cue family of an indicator ('' for counts and capacities, which no cue word names)."""
    known = vocabulary().get(indicator)
    return known.family if known and known.family in CUE_FAMILIES else ""


def part_of_running_total(new: str, total: str) -> bool:
    """Whether a new EDCF loan stated as a part of the figure before it ("..., of which", "including") is a part
    of that figure's running total, and so a running total too."""
    return family_of(new) in ("loan", "portfolio") and family_of(total) == "edcf" and is_stock(total)


def running_total_of(indicator: str) -> str:
    """The running total a new loan or a year's investment adds to (the EDCF's portfolio, the accumulated
    investment); the indicator itself when it has none."""
    family = family_of(indicator)
    if family == "loan" and vocabulary()[indicator].measure == "money":
        return indicator_id("edcf")
    if family == "investment":
        return indicator_id("investment", kind="stock")
    return indicator


def is_stock(indicator: str) -> bool:
    known = vocabulary().get(indicator)
    return bool(known) and known.kind == "stock"


def family_has_stock(family: str) -> bool:
    return any(i.family == family and i.kind == "stock" for i in vocabulary().values())


def family_from_cues(clause_before: str, clause_after: str, carried: str, since: int = 0) -> tuple[str, str]:
    """(indicator family, how it was found) from the cue words nearest the figure; ``since``: where, in
    ``clause_before``, the words after the last money figure before this one start (the words before it are that
    figure's: they never make this one's family more specific)."""
    if lx.pattern("capital_immediate").match(clause_after):
        return "investment", "cue after the figure"
    immediate = lx.pattern("cue_immediate").match(clause_after)
    if immediate:
        found = cue_pattern().match(immediate.group("w"))
        return found.lastgroup, "cue after the figure"
    # (not the words of a closed aside, "investment (notified basis, Export-Import Bank of Korea) was $257 million", nor
    # of an institution's name, nor of a source named in an aside: ", by Korea Eximbank's count,")
    masked = lx.pattern("bracket_aside").sub(lambda m: " " * len(m.group(0)), clause_before) \
        if "(" in clause_before else clause_before
    masked = lx.pattern("institution_name").sub(lambda m: " " * len(m.group(0)), masked)
    masked = lx.pattern("source_aside").sub(lambda m: " " * len(m.group(0)), masked)
    # (nor of an aside between commas: "Korea's exports to Turkmenistan, which is not publishing its own foreign trade
    # figures, fell 57%")
    masked = lx.pattern("growth_aside").sub(lambda m: " " * len(m.group(0)), masked) if "," in masked else masked
    before = [(m.start(), m.lastgroup) for m in cue_pattern().finditer(masked)]
    # (not the words a comparison measures the figure's against: "investment declined less than trade: $412 million")
    compared = [c for c in before if lx.pattern("than_right_before").search(masked, max(0, c[0] - 20), c[0])]
    if compared and len(compared) < len(before):
        before = [c for c in before if c not in compared]
    if before:
        names = {n for at, n in before if at >= since}
        name = before[-1][1]
        # a portfolio or EDCF anywhere in the clause is more specific than "investment" or "projects"
        for specific in ("edcf", "portfolio"):
            if specific in names and name in ("investment", "loan", "portfolio", "edcf"):
                name = specific if specific != "portfolio" or name != "edcf" else name
                break
        return name, "cue before the figure"
    if carried and lx.pattern("ellipsis_those").search(clause_before):
        return carried, "carried from the previous figure ('those')"
    stop = lx.pattern("cue_after_stop").search(clause_after)
    after = clause_after[:stop.start()] if stop else clause_after
    found = [m.lastgroup for m in cue_pattern().finditer(after)]
    if found:
        return found[0], "cue after the figure"
    if carried:
        return carried, "carried from the previous figure"
    return "", ""


def _ca_names() -> str:
    return "|".join((ca_pattern().pattern, region_pattern().pattern, lx.source("region_bare"), lx.source("the_ca_country")))


def _place(name: str, place: str) -> re.Pattern:
    return _compiled(lx.source(name).replace("PLACE", place))


@cache
def _compiled(text: str) -> re.Pattern:
    return lx.compile(text)


def warm() -> None:
    """Compile the patterns built here (see ``etl.resolve.warm``)."""
    cue_pattern(), edcf_pattern(), _product_pattern(), _product_list(), _product_bracket(), _any_product(), _goods_list(), _group_patterns()
    _compiled(_ca_names())
    for family in FLOWS:
        explicit_direction(family, "")


def explicit_direction(family: str, s: str) -> str:
    """'export' or 'import' of the Central Asian country when the sentence says who sends to whom, else ''."""
    korea, ca = lx.source("korea_plain"), _ca_names()
    exports, imports = FLOWS
    from_korea = _place("from_place", korea).search(s)
    outbound = _compiled(lx.source("korea_possessive_flow") + lx.source("outbound_goods")).search(s)  # Korean goods
    origin_korea = _compiled(lx.source("korea_possessive_flow") + lx.source("cue_" + family)).search(s) or from_korea \
        or outbound
    to_korea = _place("to_place", korea).search(s)
    from_ca, to_ca, ca_own = (_place(n, ca).search(s) for n in ("from_place", "to_place", "own_flow"))
    ca_own = ca_own or (_place("own_goods_out", ca).search(s) if family == exports else None)
    if family == exports:
        if _place("imports_from_place", ca).search(s) and not _place("exports_to_place", korea).search(s):
            return imports  # "Imports from Kazakhstan fell ..., while exports rose": Korea's exports
        if to_korea or from_ca or ca_own:
            return exports
        if origin_korea or to_ca:
            return imports
    else:
        if lx.pattern("korea_flow").search(s) and not ca_own:
            return exports  # Korea's imports, or "Korean exports ..., and imports ...": seen from Korea
        if _place("exports_to_place", ca).search(s) and not _place("imports_from_place", korea).search(s):
            return exports  # "Exports to the region jumped ..., while imports climbed": Korea's imports
        if from_korea or to_ca or ca_own or outbound:
            return imports
        if from_ca:
            return exports
    return ""


def stated_direction(text: str) -> str:
    """The direction of trade the last flow a sentence names is told in ("Korean exports to Kyrgyzstan fell": import),
    or ''."""
    said = ""
    for family in FLOWS:
        if lx.pattern(f"mentions_{family}").search(text):
            said = explicit_direction(family, text) or said
    return said


def _ca_subject(sentence: str) -> bool:
    """Whether a sentence starts with a Central Asian country that exports or imports ("Kazakhstan imported ...")."""
    from .places import names_pattern

    start = len(sentence) - len(sentence.lstrip())
    m = names_pattern().match(sentence, start)
    return bool(m) and bool(lx.pattern("subject_verb").match(sentence, m.end()))


def _role_direction(text: str, at: int) -> str:
    """export or import from who sends goods to whom ("Korea is its largest supplier", "Korean purchases from
    Tajikistan"); the role named nearest the figure (at ``at`` in ``text``) decides."""
    exports, imports = FLOWS
    found = [(abs(m.start() - at), imports) for m in lx.pattern("flow_into_ca").finditer(text)]
    found += [(abs(m.start() - at), exports) for m in lx.pattern("flow_out_of_ca").finditer(text)]
    return min(found)[1] if found else ""


def direction(family: str, own: str, sentence: str, context: Context, at: int = 0) -> str:
    """export or import of the Central Asian country, decided once: the figure's own clause first ("shipments in
    the other direction", "Korea's exports to Y", "Korean purchases from X"), then its sentence, then "these
    exports"; '' when goods are shipped and nothing says which way."""
    exports, imports = FLOWS
    flow = family if family in FLOWS else exports
    if lx.pattern("other_direction").search(own) and context.last_direction:
        return imports if context.last_direction == exports else exports
    there = lx.pattern("from_there").search(sentence) if lx.pattern("from_there").search(own) else None
    if there and _compiled(_ca_names()).search(sentence, 0, there.start()):
        return exports  # "from there": from the Central Asian place the sentence named before
    verb = lx.pattern("coordinated_verb").search(own[:at]) if at else None
    if verb:  # "Korea exported ... and imported just $140 million": the sentence's subject imported it
        bought = bool(lx.pattern("buying_verb").match(verb.group("verb")))
        if lx.pattern("korea_subject").search(sentence):
            return exports if bought else imports
        if _ca_subject(sentence):
            return imports if bought else exports
    for text in (own, sentence):
        found = explicit_direction(flow, text) or _role_direction(text, at if text is own else 0)
        if found:
            return found
    these = lx.pattern("these_flows").search(sentence)
    if these and context.korea_side is not None:  # "the imports": the word read from the side the text tells flows
        word = exports if these.group("word").lower().startswith("export") else imports
        return word if not context.korea_side else (imports if word == exports else exports)
    if these and context.last_direction:
        return context.last_direction
    if family in FLOWS and context.korea_side is not None:  # a flow word alone, read from the side the text tells
        return (imports if family == exports else exports) if context.korea_side else family  # flows from
    return family if family in FLOWS else ""


@cache
def _product_pattern() -> re.Pattern | lx.Led:
    products = lx.words("products")  # regular expressions: led by their plain heads ("cotton", "ferro")
    heads = "|".join(lx.head(p) or p for p in products)
    return lx.led(lx.compile(lx.source("product_of").replace("PRODUCT", "|".join(products)), re.IGNORECASE),
                  lx.lead_source("product_of").replace("PRODUCT", heads))


@cache
def _product_list() -> re.Pattern:
    return lx.compile(lx.source("product_list").replace("PRODUCT", "|".join(lx.words("products"))), re.IGNORECASE)


def one_product(own: str) -> str:
    """The product a flow figure is of ("exports of ferroalloys", "cotton yarn worth"), or '' when the figure is
    the total (also when the products only describe it: "exports, mainly uranium, totalled")."""
    for m in _product_pattern().finditer(own):
        # (the words that say the product only describes the flow stand before the product: "exports, mainly uranium";
        # a product that starts the match is its subject, whatever an aside after it says: "Passenger cars, most of
        # them second-hand, made up")
        first = _any_product().match(own, m.start())
        named = first or _any_product().search(own, m.start(), m.end())
        listed = _goods_list().match(own, named.end()) if named is not None else None
        if listed and not _one_group(own[named.start():listed.end()]):
            continue  # (goods across groups: "deliveries of Korean machinery, vehicles and household appliances")
        if not lx.pattern("product_composition").search(own, max(0, m.start() - 30), first.end() if first else m.end()) \
                and not lx.pattern("composition_after").match(own, m.start()):
            return m.group(0)
    return ""


def _one_group(goods: str) -> bool:
    """Whether every item of a list of goods is of one group of the lexicon's product_groups ("passenger cars, car kits
    and parts": vehicles)."""
    items = [i for i in lx.pattern("list_item_split").split(goods) if i.strip()]
    groups = [{g for g, p in _group_patterns().items() if p.search(item)} for item in items]
    return bool(groups) and all(groups) and bool(set.intersection(*groups))


@cache
def _group_patterns() -> dict[str, re.Pattern]:
    return {group: lx.compile(text, re.IGNORECASE) for group, text in lx.words("product_groups").items()}


@cache
def _goods_list() -> re.Pattern:
    return lx.compile(lx.source("goods_list_after").replace("PRODUCT", "|".join(lx.words("products"))), re.IGNORECASE)


@cache
def _any_product() -> re.Pattern:
    return lx.compile(r"\b(?:" + "|".join(lx.words("products")) + r")\b", re.IGNORECASE)


def names_product(text: str) -> bool:
    """Whether a text names goods of the product list at all (for a part of a flow: "components and car kits")."""
    return bool(_any_product().search(text))


@cache
def _product_bracket() -> re.Pattern:
    return lx.compile(lx.source("product_bracket").replace("PRODUCT", "|".join(lx.words("products"))), re.IGNORECASE)


def flow_indicator(flow: str, own: str, after: str = "", own_before: str = "") -> str:
    """The indicator of a trade flow: the total, or one product's (vocabulary ``part_of`` the total); ``after``,
    the words after the figure, may list the goods the total was made of; a figure in brackets right after a
    product is that product's ("led by passenger cars ($1.64 billion)")."""
    if "(" in own_before:  # (an aside in brackets is passed over: "vehicles (passenger cars and buses) – ")
        own_before = lx.pattern("bracket_aside").sub(lambda m: " " * len(m.group(0)), own_before)
    if _product_bracket().search(own_before[-80:]):
        return product_indicator(flow)
    listed = _product_list().search(after[:120])
    return product_indicator(flow) if one_product(own) and not listed else indicator_id(flow)


def product_indicator(flow: str) -> str:
    """The indicator of one product's trade in a flow (the vocabulary's ``part_of`` its total)."""
    total = indicator_id(flow)
    return next(i.id for i in vocabulary().values() if i.part_of == total)


def money_family(family: str, sentence: str, clause: str, doc_has_edcf: Callable[[], bool]) -> str:
    """The family of a money figure, with EDCF money told apart: 'edcf' (the portfolio) or 'loan' (new). (The words
    of the EDCF are looked for only for the families they can change.)"""
    # a set of deals or projects is the EDCF's when its own clause says so, or its portfolio is in an EDCF sentence
    edcf_here = (family == "loan" and edcf_pattern().search(sentence)) or (family == "portfolio" and (
        edcf_pattern().search(clause) or (lx.pattern("portfolio_word").search(clause) and edcf_pattern().search(sentence))
        or (lx.pattern("edcf_approvals").search(sentence) and doc_has_edcf())  # "cumulative approvals ... for 4 projects"
        or ((lx.pattern("committed_total").search(clause) or lx.pattern("the_fund").search(clause))
            and doc_has_edcf())))  # "the bank has committed a total of", "the Fund has financed"
    if family == "edcf" or (family == "loan" and (edcf_here or doc_has_edcf())) or (family == "portfolio" and edcf_here):
        if lx.pattern("portfolio_word").search(clause):
            return "edcf"
        if lx.pattern("edcf_new_item").search(clause):
            return "loan"  # "has approved a $100 million loan": one new loan
        if lx.pattern("period_ytd").search(clause):
            return "loan"  # "has approved $97 million in EDCF loans for Uzbekistan so far this year": a part year's new
        total = [m.end() for m in lx.pattern("edcf_total").finditer(clause)]
        if total and not lx.pattern("new_word").search(clause):
            # "has extended a total of ... since 1995, signed two more in June, worth": the words nearest tell
            return "loan" if lx.pattern("edcf_new_event").search(clause, total[-1]) else "edcf"
        if lx.pattern("edcf_approvals").search(sentence) and not lx.pattern("new_word").search(clause):
            return "edcf"  # "cumulative approvals stood at KRW 71.0 billion for Kazakhstan and KRW 56.5 billion for ..."
        if lx.pattern("edcf_so_far").search(sentence) and not lx.pattern("new_words").search(clause):
            return "edcf"  # "has so far financed 9 projects ..., including ..., with a total of $287 million"
        if lx.pattern("new_words").search(sentence) or family == "loan":
            return "loan"
        stock = lx.pattern("stock_words").search(clause) or lx.pattern("portfolio_word").search(clause)
        return "edcf" if stock else "loan"
    if family == "loan":
        return "loan" if lx.pattern("korea_word").search(sentence) else ""
    return family


def money_indicator(family: str, sentence: str, clause: str, doc_has_edcf: Callable[[], bool]) -> str:
    family = money_family(family, sentence, clause, doc_has_edcf)
    if not family:
        return ""
    if family == "shipment":  # goods moving one way or the other: the direction is read next
        family = FLOWS[0]
    return indicator_id(family, "money", "stock" if family == "investment" else None)


def investment_kind(sentence: str, clause: str, period: str, year_not_over: int | None = None) -> str:
    """Accumulated (a stock) or during the year (a flow): the figure's own clause first, then its sentence; the year
    not over at publication (``year_not_over``), named in the clause, is that year's flow so far ("in 2026 has
    reached")."""
    if lx.pattern("total_words").search(clause) or lx.pattern("year_range").search(clause):
        return indicator_id("investment", kind="stock")  # "total volume", "accumulated", "from 2005 to mid-2024": a
        # stock, whatever its time
    so_far = year_not_over and any(m.group("y") == str(year_not_over) for m in lx.pattern("in_year").finditer(clause))
    if lx.pattern("period_ytd").search(clause) or so_far or lx.pattern("full_year_words").search(clause):
        return indicator_id("investment", kind="flow")  # "so far this year ... have invested": this year's flow
    if lx.pattern("stock_words").search(clause):
        return indicator_id("investment", kind="stock")
    if lx.pattern("flow_in_year").search(clause):  # "of which 96 million dollars arrived last year", whatever the
        return indicator_id("investment", kind="flow")  # sentence's "over 1993-2003"
    if lx.pattern("year_range").search(sentence):  # ("over the period from 2005 to mid-2024": a total, whatever its
        return indicator_id("investment", kind="stock")  # last year's months)
    if "/" in period:
        return indicator_id("investment", kind="flow")
    if lx.pattern("flow_in_year").search(sentence):
        return indicator_id("investment", kind="flow")
    return indicator_id("investment", kind="stock")


def count_indicator(body: str, m: Mention, after_text: str, sentence: str, clause_before: str = "") -> str:
    """joint ventures, companies with Korean capital, a plant's capacity, or '' for other counts."""
    if lx.pattern("jv_noun").match(after_text):
        return indicator_id("joint_venture", "count")
    company = lx.pattern("company_noun").match(after_text)
    if company:
        adj = (company.group("adj") or "").lower()
        phrase = after_text[:100]
        if part := lx.pattern("component_lead").search(phrase):  # ("7,962 enterprises with foreign capital,
            phrase = phrase[:part.start()]  # including 580 with Korean capital": the part's words are not the whole's)
        context = lx.pattern("company_context").search(phrase)
        if "korea" in company.group(0).lower() or lx.pattern("korean_capital").search(phrase) or \
                (adj.strip() == lx.source("local_adjective") and context) or \
                (context and korea_in(phrase)) or lx.pattern("korean_business_before").search(clause_before[-160:]) or \
                (context and lx.pattern("such_noun").match(after_text)
                 and lx.pattern("korean_capital_before").search(clause_before[-160:])):
            return indicator_id("company", "count")
        return ""
    if lx.pattern("capital_item_korean").match(after_text) and lx.pattern("foreign_capital_companies").search(sentence):
        return indicator_id("company", "count")  # "Of the 7,962 enterprises with foreign capital, ..., 580 with Korean"
    # "the number of joint ventures with Korean capital ... reached 700", "Korean firms there number about 700"
    number_of = lx.pattern("number_of").search(clause_before) or lx.pattern("counted_by_verb").search(clause_before) \
        or lx.pattern("put_at_count").search(clause_before)
    if number_of and not lx.pattern("lowercase_next").match(after_text):
        if lx.pattern("jv_words").match(number_of.group("noun")):
            return indicator_id("joint_venture", "count")
        # (the noun's own adjective counts: "Korean companies operating in Kazakhstan now number more than 900")
        return indicator_id("company", "count") if korea_in(clause_before[max(0, number_of.start() - 25):]) else ""
    head = lx.pattern("count_head").search(clause_before)
    if head:  # "Enterprises with Korean capital: 497": the heading names what is counted
        return list_indicator(head.group("noun"), False)
    if lx.pattern("capacity_noun").match(body[m.end:m.end + 20]) and lx.pattern("per_year").search(sentence) and \
            lx.pattern("capacity_words").search(sentence):
        return indicator_id("capacity", "capacity")
    if lx.pattern("capacity_lead").search(clause_before[-60:]) and lx.pattern("capacity_goods").match(after_text[:60]):
        return indicator_id("capacity", "capacity")  # "has a capacity of 5,000 transformers a year"
    return ""


def list_indicator(head: str, korean: bool) -> str:
    """What the items of a labelled list count, from its head: joint ventures, or companies (with Korean capital
    when the item is Korea's or the head says so)."""
    if lx.pattern("list_jv").search(head):
        return indicator_id("joint_venture", "count")
    if lx.pattern("list_companies").search(head) and (korean or korea_in(head)):
        return indicator_id("company", "count")
    return ""


def korea_in(text: str) -> bool:
    from .places import korea_pattern

    return bool(korea_pattern().search(text))

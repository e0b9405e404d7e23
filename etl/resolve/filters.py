"""Filters: numbers that are figures of something we do not track go to review, with the reason."""
from __future__ import annotations

from collections.abc import Callable

from .. import lexicon as lx
from .figure import Clause

NON_FIGURE = {"year": "a year, not a figure", "decade": "a decade, not a figure", "date": "part of a date", "ordinal": "an ordinal or rank",
              "code": "part of a name, code or date"}
# families whose figures a country also has with the whole world (its total trade, all FDI)
WORLD_FAMILIES = ("trade", "export", "import", "investment")
TRADE_FAMILIES = ("trade", "export", "import")


def own_after(text: str) -> str:
    """The words after a figure that are its own: up to the first clause stop, or to a clause that gives a cause
    ("$1.9 billion in 2022 as uranium deliveries grew": the uranium is not the figure's product)."""
    text = first_part(text)
    cause = lx.pattern("cause_opener").search(text)
    text = text[:cause.start()] if cause else text
    # (nor the next flow's words: "the export amount to Kazakhstan was $231 million and import amount from Kazakhstan")
    other = lx.pattern("next_flow_subject").search(text)
    return text[:other.start()] if other else text


def first_part(text: str) -> str:
    """The text up to its first clause stop (what ``split(text)[0]`` gives, without splitting the rest)."""
    stop = lx.pattern("clause_stop").search(text)
    return text[:stop.start()] if stop else text


def with_all_partners(family: str, clause: Clause, korea_here: Callable[[], bool]) -> str:
    """A reason when the figure is the country's trade or investment with every partner, not with Korea."""
    if family not in WORLD_FAMILIES:
        return ""
    overall = lx.pattern("all_partners").search(clause.own_before + " " + clause.after[:40])
    if overall and not korea_here() and not lx.pattern("with_korea").search(first_part(clause.after)) \
            and not lx.pattern("sum_of_before").search(clause.own_before):
        return f"the country's {overall.group(0)} with all partners, not with Korea"
    return ""


def korea_overall(family: str, clause: Clause) -> str:
    """Korea's trade with every partner is not its trade with Central Asia."""
    if family not in WORLD_FAMILIES:
        return ""
    found = lx.pattern("korea_overall").search(clause.own_before[-120:])
    return f"Korea's {found.group(0).split()[-2]} {found.group(0).split()[-1]} with all partners, not with Central Asia" \
        if found else ""


def trade_balance(family: str, clause: Clause) -> str:
    """A trade balance (deficit, surplus) is the difference of the two flows, not a flow."""
    if family not in ("trade", "export", "import"):
        return ""
    found = lx.pattern("trade_balance").search(clause.own_before[-60:])
    return f"a trade balance ('{found.group(0).strip()[:40]}'), not a flow" if found else ""


def grant_aid(family: str, clause: Clause) -> str:
    """A reason when a money figure is grant aid (KOICA, grants, humanitarian aid), not a loan or trade."""
    if family in TRADE_FAMILIES:
        return ""
    both = lx.pattern("grants_and_loans").search(clause.own_before[-100:] + " " + first_part(clause.after)[:40])
    if both:
        return f"grants and loans together ('{both.group(0)}'), not a tracked indicator"
    right_after = lx.pattern("grant_words").search(first_part(clause.after)[:40])  # "$10 million in KOICA grants"
    before = lx.pattern("grant_words").search(clause.own_before[-80:])
    grant = right_after or (before if not lx.pattern("loan_words").search(clause.own_before[-60:]) else None)
    return f"grant aid ('{grant.group(0)}'), not a tracked indicator" if grant else ""


def target(clause: Clause) -> str:
    """A reason when the figure is a target or forecast, not an observed figure."""
    if lx.pattern("base_lead").search(clause.own_before) or lx.pattern("target_base_before").search(clause.own_before[-80:]):
        return ""  # "aim to reach $10 billion, up from $2.5 billion last year", "to $12 billion by 2030 from $6 billion"
    words = list(lx.pattern("target_words").finditer(clause.own_before))
    found = words[-1] if words else None
    if found is not None and lx.pattern("own_verb_after_figure").search(clause.own_before, found.end()):
        found = None  # the target word is a figure's before this one, which has a verb of its own (own_verb_after_figure)
    found = found or lx.pattern("target_after").search(clause.after)
    return f"a target or forecast ('{found.group(0).strip()}'), not an observed figure" if found else ""


def pledged(family: str, clause: Clause) -> str:
    """Investment committed or pledged is not investment made (an EDCF commitment is a loan: not here)."""
    if family != "investment":
        return ""
    found = lx.pattern("pledge_words").search(clause.own_before + " " + first_part(clause.after)[:40])
    return f"investment {found.group(0)}, not made" if found else ""


def one_sector(family: str, clause: Clause) -> str:
    """Investment in one sector of the economy is a part of the total, not tracked ("went into mining, which received
    $4.9 billion"), and so is an item of a breakdown by sector, whatever its cue words ("wholesale trade ($21.9
    million)"); but sectors named after "mainly" only describe the whole ("most of it going mainly into mining")."""
    if family != "investment" and family not in TRADE_FAMILIES:
        return ""
    before = clause.before[-160:]
    found = lx.pattern("sector_label").search(before)
    if found is None and family == "investment":
        found = lx.pattern("sector_part").search(before)
        if found is not None and lx.pattern("sector_composition").search(before, 0, found.start()):
            found = None
    return f"one sector of the economy ('{found.group(0).strip()[:40]}'), not the total" if found else ""


def single_deal(family: str, clause: Clause) -> str:
    """One contract or project is not a portfolio of them."""
    if family != "portfolio":
        return ""
    before = clause.own_before[-80:]
    found = lx.pattern("single_deal").search(before + " " + first_part(clause.after)[:40])
    if not found or lx.pattern("brings_total_to").search(clause.own_before[-120:]):
        return ""  # "The deal brings the commitments to W410 billion": the total the deal brings
    if found.end() <= len(before) and lx.pattern("total_words").search(before, found.end()):
        return ""  # "With the latest deal, the bank has committed a total of $621 million": the total after it
    return f"a single contract or project ('{found.group(0)}'), not a portfolio"


def company_accounts(family: str, clause: Clause) -> str:
    """A company's revenue, sales or turnover is not trade or investment between the countries."""
    if family not in WORLD_FAMILIES:
        return ""
    found = lx.pattern("company_finance").search(clause.own_before[-100:] + " " + first_part(clause.after)[:40])
    if found:
        return f"a company's accounts ('{found.group(0)}'), not trade between the countries"
    return ""


def difference(clause: Clause) -> str:
    """A difference between two figures ("8.9 million dollars lower than in 2015", "it decreased by $118.4 million")
    is not a figure."""
    found = lx.pattern("difference_after").match(clause.after) or lx.pattern("difference_before").search(clause.own_before)
    return f"a difference between two figures ('{found.group(0).strip()}'), not a figure" if found else ""


def per_unit(clause: Clause) -> str:
    """Money per unit is a rate or a price ("342.2 tenge per dollar", "$1,950 per tonne"), not a figure."""
    found = lx.pattern("per_unit_after").match(clause.after)
    return f"a rate or a price ('{found.group(0).strip()}'), not a figure" if found else ""


def export_credit(clause: Clause) -> str:
    """Export credit, insurance or guarantees for the lender's own sellers are neither trade nor development loans."""
    found = lx.pattern("export_credit").search(clause.own_before[-100:] + " " + first_part(clause.after)[:60])
    return f"export credit ('{found.group(0)}'), not trade nor a development loan" if found else ""


def average(clause: Clause) -> str:
    """An average ("an average of $20 million per project", "trade averaged $4 billion", "$9 million a year on
    average") is no figure of the total it is an average of."""
    found = lx.pattern("average_before").search(clause.own_before[-80:]) or lx.pattern("average_after").match(clause.after)
    return f"an average ('{found.group(0).strip()[:40]}'), not a figure" if found else ""


def attendance(clause: Clause) -> str:
    """Companies counted at a forum, exhibition or mission are not the companies operating in the country."""
    found = lx.pattern("attendance_words").search(clause.own_before + " " + first_part(clause.after)) \
        or lx.pattern("attendance_right_before").search(clause.own_before[-60:])
    if found and found.end() <= len(clause.own_before) and lx.pattern("said_after").search(clause.own_before, found.end()):
        return ""  # "the head of the Uzbek delegation said more than 400 Korean companies now operate": what was said
    return f"companies counted at an event or in a survey ('{found.group(0).strip()}'), not companies operating there" \
        if found else ""


def is_share(text: str, own_before: str = "") -> bool:
    """Whether a percentage is a share: share words around it, or a clause about a share before it."""
    return bool(lx.pattern("share_words").search(text) or lx.pattern("share_subject").search(own_before))


def counted_noun(after_text: str) -> str:
    noun = lx.pattern("counted_noun").match(after_text)
    return noun.group(1) if noun else "no noun"

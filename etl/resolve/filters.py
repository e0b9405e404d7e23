"""Filters: numbers that are figures of something we do not track go to review, with the reason."""
from __future__ import annotations

import re

from .. import lexicon as lx
from .figure import Clause

NON_FIGURE = {"year": "a year, not a figure", "date": "part of a date", "ordinal": "an ordinal or rank",
              "code": "part of a name, code or date"}
# families whose figures a country also has with the whole world (its total trade, all FDI)
WORLD_FAMILIES = ("trade", "export", "import", "investment")
TRADE_FAMILIES = ("trade", "export", "import")


def first_part(text: str) -> str:
    return re.split(lx.source("clause_stop"), text)[0]


def with_all_partners(family: str, clause: Clause, korea_before: bool) -> str:
    """A reason when the figure is the country's trade or investment with every partner, not with Korea."""
    overall = lx.pattern("all_partners").search(clause.before + " " + clause.after[:40])
    if overall and family in WORLD_FAMILIES and not korea_before \
            and not re.search(lx.source("with_korea"), first_part(clause.after)):
        return f"the country's {overall.group(0)} with all partners, not with Korea"
    return ""


def grant_aid(family: str, clause: Clause) -> str:
    """A reason when a money figure is grant aid (KOICA, grants, humanitarian aid), not a loan or trade."""
    grant = lx.pattern("grant_words").search(clause.before[-80:] + " " + first_part(clause.after)[:60])
    if grant and family not in TRADE_FAMILIES and not lx.pattern("loan_words").search(clause.before[-60:]):
        return f"grant aid ('{grant.group(0)}'), not a tracked indicator"
    return ""


def target(clause: Clause) -> str:
    """A reason when the figure is a target or forecast, not an observed figure."""
    found = lx.pattern("target_words").search(clause.before)
    return f"a target or forecast ('{found.group(0)}'), not an observed figure" if found else ""


def is_share(text: str) -> bool:
    return bool(lx.pattern("share_words").search(text))


def counted_noun(after_text: str) -> str:
    noun = re.match(lx.source("counted_noun"), after_text)
    return noun.group(1) if noun else "no noun"

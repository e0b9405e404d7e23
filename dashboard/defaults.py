"""The default view of a table, worked out from its :class:`~dashboard.data.Facts` (pure).

Each function takes a Bundle, its Facts, or a frame of rows (tests and tools pass frames).
"""
from __future__ import annotations

from etl.schema import vocabulary

from .data import COUNTRIES, Filters, as_facts

DEFAULT_INDICATOR = "trade_turnover"
DEFAULT_PARTNER = "KOR"
DEFAULT_OFFICIAL = "korea"
EMPTY_YEARS = (1992, 2025)


def year_bounds(table) -> tuple[int, int]:
    """The first and last year of the table (a default span when it is empty)."""
    return as_facts(table).years or EMPTY_YEARS


def indicator_label(indicator: str) -> str:
    known = vocabulary().get(indicator)
    return known.label if known else indicator


def known_indicators(table) -> list[str]:
    return list(dict.fromkeys([*vocabulary(), *as_facts(table).indicators]))


def known_partners(table) -> set[str]:
    return set(as_facts(table).partners) | {DEFAULT_PARTNER}


def default_filters(table) -> Filters:
    """Trade turnover (or the indicator with data), all countries with data, Korea as partner, every year,
    claims with each country's Korea-reported series."""
    facts = as_facts(table)
    indicators = [k for k, n in facts.indicators.items() if n]
    indicator = DEFAULT_INDICATOR if DEFAULT_INDICATOR in indicators or not indicators else indicators[0]
    return Filters(indicator=indicator, countries=default_countries(facts, indicator), partner=default_partner(facts),
                   years=year_bounds(facts), official=DEFAULT_OFFICIAL)


def default_countries(table, indicator: str) -> tuple[str, ...]:
    present = as_facts(table).countries_of(indicator)
    return tuple(c for c in COUNTRIES if c in present) or COUNTRIES


def default_partner(table) -> str:
    partners = [k for k, n in as_facts(table).partners.items() if n]
    return DEFAULT_PARTNER if DEFAULT_PARTNER in partners or not partners else partners[0]

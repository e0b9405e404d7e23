"""How things read, in plain words (pure): series, reporters, verdicts, comparators, review reasons.

Legends, hovers, the table and the downloads' README take their words from
here, so a raw id (``kcs-imf-trade-annual-korea-reported``) never reaches a
reader where a name will do ("Korea Customs (Korea-reported)").
"""
from __future__ import annotations

from etl.schema import CENTRAL_ASIA, COMPARATOR_WORDS, REGION, country_name

KOREA = "KOR"

# Producers as a legend names them; anything else keeps its first part ("A; B (1992-1999)" -> "A").
PRODUCER_SHORT = {
    "Korea Customs Service": "Korea Customs",
    "IMF Direction of Trade Statistics": "IMF DOTS",
    "International Monetary Fund": "IMF",
    "UNCTAD Bilateral FDI Statistics": "UNCTAD",
}

# What each comparator means, for the README of a download and the table's help.
COMPARATOR_MEANINGS = {
    "equal": "a plain figure, stated as such",
    "more_than": "more than, over, exceeds: a lower bound",
    "at_least": "at least, no less than: a lower bound",
    "less_than": "less than, under: an upper bound",
    "at_most": "up to, not more than: an upper bound",
    "about": "about, around, nearly: an approximation",
}

# checks.csv verdicts in plain words (etl/checks.py writes the keys).
VERDICT_WORDS = {
    "consistent": "Consistent with the official figure",
    "bound holds": "The stated bound holds",
    "bound fails": "The stated bound fails",
    "matches partner records": "Matches the other country's records",
    "not comparable": "Not comparable with an official figure",
    "differs": "Differs from the official figure",
    "no statistic": "No official figure to compare with",
}
NOT_CHECKED = "Not checked"

# review.csv reasons: what the reader shows. Only a number the ETL could not place is "in review";
# a year or a date is not a figure, and a figure of something not tracked was skipped on purpose.
NOT_A_FIGURE = ("a year, not a figure", "part of a date", "part of a name", "an ordinal", "the same figure as")
IN_REVIEW = ("unknown indicator", "no country", "no reference year", "no partner", "an amount without a currency",
             "rejected by a curator")


def producer_short(producer: str) -> str:
    """"Korea Customs Service; IMF Direction of Trade Statistics (1992-1999)" -> "Korea Customs"."""
    first = (producer or "").split(";")[0].strip()
    first = first.split(" (")[0].strip() or first
    return PRODUCER_SHORT.get(first, first)


def reporter_text(reporter: str, country: str = "") -> str:
    """Who reports a series, in words: "Korea-reported", "Uzbekistan-reported" (the partner side), or "".

    ``reporter`` is KOR, a Central Asian ISO3 code, CAS, or ``partner`` (a snapshot's metadata).
    """
    reporter = (reporter or "").strip()
    if reporter == KOREA:
        return "Korea-reported"
    if reporter in CENTRAL_ASIA:  # checks.csv names the reporting country
        return f"{country_name(reporter)}-reported"
    if reporter in ("partner", REGION):  # the partner side; CAS: each Central Asian country's own records
        return f"{country}-reported" if country and country != "Central Asia" else "partner-reported"
    return ""


def reporter_of(source_id: str, meta_reporter: str | None = None) -> str:
    """``KOR``, ``partner`` or "" for a series: its metadata's ``reporter`` first, else its name."""
    value = (meta_reporter or "").strip()
    if value in (KOREA, "partner"):
        return value
    sid = (source_id or "").lower()
    if "korea-reported" in sid:
        return KOREA
    if "partner-reported" in sid:
        return "partner"
    return ""


def series_label(producer: str, reporter: str, country: str = "") -> str:
    """An official series as a legend names it: "Korea Customs (Korea-reported)"."""
    who = reporter_text(reporter, country)
    name = producer_short(producer) or "official statistics"
    return f"{name} ({who})" if who else name


def trace_name(country: str, what: str) -> str:
    """"Uzbekistan · Korea Customs (Korea-reported)": country first, then the series."""
    return f"{country} · {what}" if country else what


def verdict_text(verdict: str | None) -> str:
    """A checks.csv verdict in plain words ("Not checked" when there is none)."""
    verdict = (verdict or "").strip()
    return VERDICT_WORDS.get(verdict, verdict.capitalize() if verdict else NOT_CHECKED)


def comparator_text(comparator: str | None) -> str:
    """``more_than`` -> "more than"; ``equal`` -> "exactly as stated"."""
    words = COMPARATOR_WORDS.get(comparator or "equal")
    if words is None:
        return str(comparator)
    return words or "exactly as stated"


def review_kind(reason: str | None) -> str:
    """``review`` (a number the ETL could not place), ``not-a-figure`` (a year, a date...) or ``skipped``."""
    reason = (reason or "").strip().lower()
    if reason.startswith(IN_REVIEW):
        return "review"
    if reason.startswith(NOT_A_FIGURE):
        return "not-a-figure"
    return "skipped"


def margin_text(margin) -> str:
    """A signed percentage: ``-57.73`` -> "−57.7 %"; missing -> ""."""
    try:
        value = float(margin)
    except (TypeError, ValueError):
        return ""
    if value != value:  # NaN
        return ""
    return f"{value:+.1f} %".replace("-", "−")

"""The one module that owns the tables' columns, their order and sort keys.

Everything that reads or writes ``indicators.csv``, ``sources.csv``,
``review.csv`` or ``checks.csv`` takes its column names from here.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

COLUMNS = (
    "id", "indicator", "country", "partner", "year", "period", "value", "unit", "comparator",
    "source_id", "source_title", "publisher", "published", "url", "quote",
    "char_start", "char_end", "stated", "method", "note",
)
# What each column means, for the README of a data download and for readers of the CSV.
COLUMN_MEANINGS = {
    "id": "stable id of the observation (same inputs, same id); cite it with the source",
    "indicator": "id from the indicator vocabulary (see the list below)",
    "country": "the Central Asian side: ISO 3166-1 alpha-3, or CAS for the five countries taken together",
    "partner": "the counterpart, ISO 3166-1 alpha-3 (KOR is the Republic of Korea)",
    "year": "the reference year (a flow: during that year; a stock: as of that year)",
    "period": "the span covered: YYYY for a whole year, YYYY-MM/YYYY-MM for part of a year (year is the year it ends)",
    "value": "number in the base unit (whole US dollars, not millions)",
    "unit": "base unit of value: USD, count, percent, vehicle / year",
    "comparator": ("how the source states the figure: equal (a plain figure), more_than, at_least, less_than, "
                   "at_most (up to), about"),
    "source_id": "the document or statistics snapshot the figure comes from",
    "source_title": "title of that source",
    "publisher": "publisher of that source (for statistics: the producer)",
    "published": "publication date of that source",
    "url": "address of that source (may be empty)",
    "quote": "the sentence that states the figure, verbatim (empty for statistics)",
    "char_start": "start of the figure's expression in the source body (Unicode code points from 0)",
    "char_end": "end of that expression",
    "stated": "the expression as written in the source",
    "method": "text (extracted from a document), statistics (an official series) or curated (set by a curator)",
    "note": "what was resolved or why a curator changed it",
}

SORT_KEY = ("indicator", "country", "partner", "year", "source_id", "char_start")
INTEGER_COLUMNS = ("year", "char_start", "char_end")

SOURCE_COLUMNS = ("source_id", "title", "publisher", "published", "url", "language", "kind")
REVIEW_COLUMNS = (
    "source_id", "char_start", "char_end", "stated", "value", "unit", "comparator",
    "indicator", "country", "partner", "year", "period", "reason", "quote",
    # the span of the quote in the body: the sentence, or a window of at most about 500 characters of a longer one
    "quote_start", "quote_end",
)
REVIEW_SORT_KEY = ("source_id", "char_start")

COMPARATORS = ("equal", "more_than", "at_least", "less_than", "at_most", "about")
METHODS = ("text", "statistics", "curated")
# How a comparator reads in words, for hovers, labels and slides.
COMPARATOR_WORDS = {"equal": "", "more_than": "more than", "at_least": "at least", "less_than": "less than",
                    "at_most": "up to", "about": "about"}

CENTRAL_ASIA = ("KAZ", "KGZ", "TJK", "TKM", "UZB")
REGION = "CAS"  # the five taken together


@dataclass(frozen=True)
class Indicator:
    id: str
    label: str
    definition: str
    unit: str
    kind: str  # "flow" (during the year), "stock" (as of the year) or "rate" (per year, at a plant)
    family: str = ""  # the cue family of lexicon.yml whose words name it
    measure: str = ""  # money, count, percent or capacity
    statistic: str = ""  # the official indicator a claim is checked against ("" when none is comparable)
    part_of: str = ""  # for one product: the total it is part of (never compared with it)
    undated_year: str = ""  # "publication": stated without a year, it is dated by its publication


@cache
def vocabulary() -> dict[str, Indicator]:
    """The indicator vocabulary, read from ``vocabulary.yml`` beside this module."""
    raw = yaml.load((Path(__file__).with_name("vocabulary.yml")).read_text(encoding="utf-8"),
                    Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))  # libyaml's safe loader: ten times faster
    return {key: Indicator(id=key, **fields) for key, fields in raw.items()}


def country_name(code: str) -> str:
    """A readable name for a country code of the table (``CAS`` is Central Asia)."""
    if code == REGION:
        return "Central Asia"
    import pycountry

    country = pycountry.countries.get(alpha_3=code)
    if country is None:
        return code
    return {"KOR": "Republic of Korea"}.get(code, getattr(country, "common_name", None) or country.name)


# data/checks.csv: one row per claim (a text or curated observation), judged like with like (issue #10).
CHECK_COLUMNS = (
    "id", "indicator", "country", "partner", "year", "period", "comparator", "value", "unit", "stated",
    "source_id", "publisher", "published", "verdict", "reason",
    "statistic_source_id", "statistic_publisher", "statistic_reporter", "statistic_period", "statistic_value",
    "margin_pct", "tolerance_pct",
    "other_source_id", "other_reporter", "other_value", "other_margin_pct", "note",
)
CHECK_SORT_KEY = ("indicator", "country", "partner", "year", "source_id", "id")
VERDICTS = ("consistent", "bound holds", "bound fails", "matches partner records", "not comparable", "differs",
            "no statistic")
# What a figure may differ from the statistic by and still be consistent, besides the rounding of the figure as
# stated (half a unit of its last stated digit): a level within 10 % (revisions, and what the audit of the
# snapshots found between vintages), a growth rate within 2 percentage points.
CHECK_REVISION_TOLERANCE_PCT = 10.0
CHECK_GROWTH_TOLERANCE_PP = 2.0
CHECK_COLUMN_MEANINGS = {
    "id": "the claim's id in indicators.csv (one row per claim)",
    "indicator": "the claim's indicator", "country": "the claim's country (CAS: Central Asia)",
    "partner": "the claim's partner", "year": "the claim's year", "period": "the claim's period (YYYY or YYYY-MM/YYYY-MM)",
    "comparator": "how the claim is stated: equal, more_than, at_least, less_than, at_most, about",
    "value": "the claim's value in base units", "unit": "the claim's unit", "stated": "the claim as written",
    "source_id": "the claim's source", "publisher": "the claim's publisher",
    "published": "the claim's publication date (a whole year not over by then is never compared with a year)",
    "verdict": "consistent, bound holds, bound fails, matches partner records, not comparable, differs or no statistic",
    "reason": "in plain words: what was compared, or why nothing comparable was",
    "statistic_source_id": "the official series the verdict rests on",
    "statistic_publisher": "its producer",
    "statistic_reporter": "whose records: KOR (Korea's), a country's ISO3 (its own), CAS (each Central Asian country's own)",
    "statistic_period": "the period compared (the same months for a part-year claim)",
    "statistic_value": "the statistic in base units (a growth claim: the growth in percent the series gives)",
    "margin_pct": "(claim - statistic) / |statistic| x 100, signed",
    "tolerance_pct": "the margin within which an equal or about claim is consistent: rounding of the figure as stated "
                     "plus the revision tolerance, in percent of the statistic",
    "other_source_id": "the other reporter's series for the same period, when there is one",
    "other_reporter": "whose records the other series are",
    "other_value": "its value in base units",
    "other_margin_pct": "(claim - other) / |other| x 100, signed",
    "note": "what a reader must know: estimates, reporters that disagree, countries missing from a region sum",
}


def make_id(*parts: object) -> str:
    """A stable 12-hex-digit id from the parts that identify a row (same inputs, same id)."""
    import hashlib

    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]

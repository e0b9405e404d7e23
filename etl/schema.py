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
    kind: str  # "flow" (during the year) or "stock" (as of the year)
    family: str = ""  # the cue family of lexicon.yml whose words name it
    measure: str = ""  # money, count, percent or capacity
    statistic: str = ""  # the official indicator a claim is checked against ("" when none is comparable)
    part_of: str = ""  # for one product: the total it is part of (never compared with it)


@cache
def vocabulary() -> dict[str, Indicator]:
    """The indicator vocabulary, read from ``vocabulary.yml`` beside this module."""
    raw = yaml.safe_load((Path(__file__).with_name("vocabulary.yml")).read_text(encoding="utf-8"))
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


# data/checks.csv: one row per text observation and official series compared with it.
CHECK_COLUMNS = (
    "id", "indicator", "country", "partner", "year", "period", "comparator", "value", "stated",
    "source_id", "publisher", "published",
    "official_value", "official_source_id", "official_publisher", "official_period",
    "ratio", "difference_pct", "verdict", "note",
)
CHECK_SORT_KEY = ("indicator", "country", "partner", "year", "source_id", "id", "official_source_id")
VERDICTS = ("consistent", "differs", "no statistic")


def make_id(*parts: object) -> str:
    """A stable 12-hex-digit id from the parts that identify a row (same inputs, same id)."""
    import hashlib

    text = "\x1f".join("" if p is None else str(p) for p in parts)
    return hashlib.sha1(text.encode("utf-8")).hexdigest()[:12]

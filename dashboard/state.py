"""The view's state in the URL query string (pure).

``?view=explore&indicator=trade_turnover&countries=UZB,KAZ&partner=KOR&years=2015-2024``

Opening such a link restores the view. A bad or unknown parameter falls back
to a default and adds a notice that the page shows; it never raises.
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode

import pandas as pd

from etl.schema import vocabulary

from .data import COUNTRIES, Filters

VIEWS = ("explore", "sources", "checks")
PARAMS = ("view", "indicator", "countries", "partner", "years", "source", "year")
DEFAULT_INDICATOR = "trade_turnover"
DEFAULT_PARTNER = "KOR"
EMPTY_YEARS = (1992, 2025)


@dataclass(frozen=True)
class State:
    """Everything the query string can say."""

    filters: Filters
    view: str = "explore"
    source: str | None = None  # the source open in the Sources view
    bar_year: int | None = None  # the year of the by-country chart (None: the latest)
    notices: tuple[str, ...] = field(default=())


def year_bounds(df: pd.DataFrame) -> tuple[int, int]:
    """The first and last year of the table (a default span when it is empty)."""
    if df.empty:
        return EMPTY_YEARS
    return int(df["year"].min()), int(df["year"].max())


def indicator_label(indicator: str) -> str:
    known = vocabulary().get(indicator)
    return known.label if known else indicator


def known_indicators(df: pd.DataFrame) -> list[str]:
    return list(dict.fromkeys([*vocabulary(), *(str(i) for i in df["indicator"].unique())]))


def default_state(df: pd.DataFrame) -> State:
    """The view when no parameter is given: trade turnover (or the indicator with data), all countries with data."""
    indicators = df["indicator"].value_counts()
    indicators = indicators[indicators > 0]
    if DEFAULT_INDICATOR in indicators.index or indicators.empty:
        indicator = DEFAULT_INDICATOR
    else:
        indicator = str(indicators.index[0])
    return State(filters=Filters(
        indicator=indicator,
        countries=default_countries(df, indicator),
        partner=default_partner(df),
        years=year_bounds(df),
    ))


def default_countries(df: pd.DataFrame, indicator: str) -> tuple[str, ...]:
    present = set(df.loc[df["indicator"] == indicator, "country"])
    chosen = tuple(c for c in COUNTRIES if c in present)
    return chosen or COUNTRIES


def default_partner(df: pd.DataFrame) -> str:
    partners = df["partner"].value_counts()
    partners = partners[partners > 0]
    if DEFAULT_PARTNER in partners.index or partners.empty:
        return DEFAULT_PARTNER
    return str(partners.index[0])


def parse_query(search: str | None, df: pd.DataFrame) -> State:
    """The state a query string asks for; bad parts fall back to defaults, with a notice each."""
    base = default_state(df)
    f, notices = base.filters, []
    params = {}
    for key, value in parse_qsl((search or "").lstrip("?"), keep_blank_values=True):
        if key not in PARAMS:
            notices.append(f"Unknown parameter “{key}” ignored.")
        else:
            params[key] = value.strip()
    view = params.get("view", "explore") or "explore"
    if view not in VIEWS:
        notices.append(f"Unknown view “{view}”; showing Explore.")
        view = "explore"
    if "indicator" in params:
        if params["indicator"] in known_indicators(df):
            f = replace(f, indicator=params["indicator"], countries=default_countries(df, params["indicator"]))
        else:
            notices.append(f"Unknown indicator “{params['indicator']}”; showing {indicator_label(f.indicator)}.")
    if "countries" in params:
        codes = [c.strip().upper() for c in params["countries"].split(",") if c.strip()]
        bad = [c for c in codes if c not in COUNTRIES]
        good = tuple(dict.fromkeys(c for c in codes if c in COUNTRIES))
        if bad:
            notices.append(f"Unknown country code(s) {', '.join(bad)} ignored.")
        if good:
            f = replace(f, countries=good)
        elif not bad:
            notices.append("No country given; showing all.")
    if "partner" in params:
        partners = set(df["partner"]) | {DEFAULT_PARTNER}
        if params["partner"].upper() in partners:
            f = replace(f, partner=params["partner"].upper())
        else:
            notices.append(f"Unknown partner “{params['partner']}”; showing {f.partner}.")
    if "years" in params:
        years = _parse_years(params["years"])
        if years is None:
            notices.append(f"Bad year range “{params['years']}” (expected e.g. 2015-2024); showing all years.")
        else:
            f = replace(f, years=years)
    bar_year = None
    if params.get("year"):
        if params["year"].isdigit() and 1900 <= int(params["year"]) <= 2100:
            bar_year = int(params["year"])
        else:
            notices.append(f"Bad year “{params['year']}”; showing the latest.")
    return State(filters=f, view=view, source=params.get("source") or None, bar_year=bar_year, notices=tuple(notices))


def _parse_years(text: str) -> tuple[int, int] | None:
    parts = text.replace("–", "-").split("-")
    if len(parts) == 1:
        parts = parts * 2
    if len(parts) != 2 or not all(p.strip().isdigit() for p in parts):
        return None
    lo, hi = sorted(int(p) for p in parts)
    if lo < 1900 or hi > 2100:
        return None
    return lo, hi


def to_query(filters: Filters, view: str = "explore", *, source: str | None = None, bar_year: int | None = None) -> str:
    """The query string (with its leading ``?``) for a state; parse_query reads it back."""
    params = {
        "view": view,
        "indicator": filters.indicator,
        "countries": ",".join(filters.countries),
        "partner": filters.partner or "",
        "years": f"{filters.years[0]}-{filters.years[1]}",
    }
    if source and view == "sources":
        params["source"] = source
    if bar_year:
        params["year"] = str(bar_year)
    return "?" + urlencode(params, safe=",")


def filters_from_controls(indicator, countries, partner, years, df: pd.DataFrame) -> Filters:
    """Filters from the controls' values, tolerant of cleared controls (None, empty lists)."""
    base = default_state(df).filters
    yrs = tuple(int(y) for y in years) if years and len(years) == 2 else base.years
    return Filters(
        indicator=indicator or base.indicator,
        countries=tuple(countries) if countries else (),
        partner=partner or None,
        years=(min(yrs), max(yrs)),
    )

"""The view's state, and the one place where every input from a browser is checked (pure).

``?view=explore&indicator=trade_turnover&countries=UZB,KAZ&partner=KOR&years=2015-2024&year=2019&official=all``

Everything a callback reads from the page (control values, click data, the
URL, stored ids) goes through a ``clean_*`` function here before it is used.
A value of the wrong type, too long, with non-ASCII digits, out of range or
unknown is dropped and the default view's value is used instead, so no input
reaches pandas or pycountry unchecked and no request costs more than its rows.
Opening a URL with bad parts falls back the same way and adds a notice.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qsl, urlencode, urlsplit

from .data import COUNTRIES, OFFICIAL_CHOICES, Filters, as_facts
from .defaults import (  # noqa: F401 - the defaults are read through this module too
    DEFAULT_OFFICIAL,
    default_countries,
    default_filters,
    indicator_label,
    known_indicators,
    known_partners,
    year_bounds,
)

VIEWS = ("explore", "table", "sources")
VIEW_ALIASES = {"checks": "table"}  # links made before the Table tab replaced "Claims vs statistics"
PARAMS = ("view", "indicator", "countries", "partner", "years", "source", "year", "official")
YEAR_MIN, YEAR_MAX = 1900, 2100
IMAGE_FORMATS = ("png", "svg")

MAX_TEXT = 200  # longer strings are not ids, codes or years
MAX_ITEMS = 64  # list items looked at (a list of 1,000 repeated codes costs no more than this)
MAX_SEARCH = 8000  # a query string longer than this is not one the app made
_YEAR = re.compile(r"\A[0-9]{4}\Z")  # ASCII digits only: str.isdigit() accepts '²' and '①'
_YEARS = re.compile(r"\A([0-9]{4})(?:\s*[-–]\s*([0-9]{4}))?\Z")
_CODE = re.compile(r"\A[A-Za-z]{3}\Z")
_OBS_ID = re.compile(r"\A[A-Za-z0-9_.:-]{1,64}\Z")
_SOURCE_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,199}\Z")


@dataclass(frozen=True)
class State:
    """Everything the query string can say."""

    filters: Filters
    view: str = "explore"
    source: str | None = None  # the source open in the Sources view
    bar_year: int | None = None  # the year of the by-country chart (None: the latest)
    notices: tuple[str, ...] = field(default=())


# ---------------------------------------------------------------- single values


def as_text(value, limit: int = MAX_TEXT) -> str | None:
    """A stripped string of at most ``limit`` characters, else None (lists, dicts, numbers, huge strings)."""
    if not isinstance(value, str) or len(value) > limit:
        return None
    return value.strip()


def shown(value, limit: int = 40) -> str:
    """A user's value as a notice quotes it: shortened, never huge."""
    try:
        text = value if isinstance(value, str) else repr(value)
    except ValueError:  # an int too long to print
        text = "…"
    return text if len(text) <= limit else text[: limit - 1] + "…"


def clean_year(value) -> int | None:
    """A year between 1900 and 2100 from an int, an integral float or four ASCII digits; else None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int):
        return value if YEAR_MIN <= value <= YEAR_MAX else None
    text = as_text(value, 8)
    if text and _YEAR.match(text):
        year = int(text)
        return year if YEAR_MIN <= year <= YEAR_MAX else None
    return None


def clean_years(value) -> tuple[int, int] | None:
    """``[2015, 2024]`` (either order) or "2015-2024" / "2019" -> (lo, hi); anything else None."""
    if isinstance(value, str):
        match = _YEARS.match(value.strip()) if len(value) <= 20 else None
        if not match:
            return None
        value = [match[1], match[2] or match[1]]
    if not isinstance(value, (list, tuple)) or len(value) != 2:
        return None
    years = [clean_year(v) for v in value]
    if None in years:
        return None
    return min(years), max(years)


def clean_indicator(value, table) -> str | None:
    text = as_text(value, 80)
    return text if text and text in known_indicators(table) else None


def clean_countries(value) -> tuple[str, ...] | None:
    """Known country codes, de-duplicated, in the order given; None when ``value`` is not a list or a string.

    Only the first :data:`MAX_ITEMS` items are looked at; unknown codes are dropped (they never reach pycountry).
    """
    if isinstance(value, str):
        value = value[:MAX_TEXT].split(",")
    if not isinstance(value, (list, tuple)):
        return None
    codes = [v.strip().upper() for v in value[:MAX_ITEMS] if isinstance(v, str) and _CODE.match(v.strip())]
    return tuple(dict.fromkeys(c for c in codes if c in COUNTRIES))


def clean_partner(value, partners) -> str | None:
    text = as_text(value, 8)
    return text.upper() if text and _CODE.match(text) and text.upper() in partners else None


def clean_official(value) -> str | None:
    text = as_text(value, 10)
    return text if text in OFFICIAL_CHOICES else None


def clean_view(value) -> str | None:
    text = as_text(value, 20)
    text = VIEW_ALIASES.get(text, text)
    return text if text in VIEWS else None


def clean_obs_id(value) -> str | None:
    """An observation id as the app writes them (letters, digits, ``_.:-``, at most 64), else None."""
    return value if isinstance(value, str) and _OBS_ID.match(value) else None


def clean_source_id(value, known=None) -> str | None:
    """A source id (a file stem: no path, no dot first), and one of ``known`` when given."""
    if not isinstance(value, str) or not _SOURCE_ID.match(value):
        return None
    return value if known is None or value in known else None


def clean_clicks(value) -> int | None:
    """A button's click count (a positive int), else None: a crafted ``n_clicks`` starts no download."""
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return value if 0 < value < 10**9 else None


def clean_image_format(value) -> str:
    text = as_text(value, 8)
    return text.lower() if text and text.lower() in IMAGE_FORMATS else "png"


def clean_viewport(value) -> int | None:
    """The browser window's width in CSS pixels, or None."""
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != value:
        return None
    return int(value) if 100 <= value <= 20000 else None


def clean_pathname(value) -> str:
    """A URL path as the browser sends it ("/..." of printable characters, not huge), else "/"."""
    text = value if isinstance(value, str) and len(value) <= 400 else ""
    if not text.startswith("/") or any(ord(c) < 32 or ord(c) == 127 for c in text):
        return "/"
    return text


def clean_search(value) -> str:
    """A query string as the URL holds it; anything else (or a huge one) is the empty query."""
    return value if isinstance(value, str) and len(value) <= MAX_SEARCH else ""


def clean_origin(href) -> str:
    """``scheme://host[:port]`` of the page's address (http or https only), else ""."""
    text = as_text(href, MAX_SEARCH)
    if not text:
        return ""
    try:
        parts = urlsplit(text)
    except ValueError:
        return ""
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c in parts.netloc for c in "\"'<> \\"):
        return ""
    return f"{parts.scheme}://{parts.netloc}"


# ---------------------------------------------------------------- what the page sends


def clicked_point(data) -> str | None:
    """The observation id of a plotly ``clickData`` (``{"points": [{"customdata": id}]}``), else None."""
    points = data.get("points") if isinstance(data, dict) else None
    point = points[0] if isinstance(points, list) and points else None
    return clean_obs_id(point.get("customdata")) if isinstance(point, dict) else None


def clicked_row(data) -> str | None:
    """The row id of a grid's ``cellClicked`` (``{"rowId": id}``), else None."""
    return clean_obs_id(data.get("rowId")) if isinstance(data, dict) else None


def entered_row(data) -> str | None:
    """The row id a grid's Enter-key listener sent (``eventData = {"data": {"rowId": id}}``), else None."""
    inner = data.get("data") if isinstance(data, dict) else None
    return clicked_row(inner)


# ---------------------------------------------------------------- a grid's request for a block of rows


MAX_BLOCK = 500  # rows one request may ask for (the grids ask for 100 at a time)
TEXT_OPS = ("contains", "notContains", "equals", "notEqual", "startsWith", "endsWith", "blank", "notBlank")
NUMBER_OPS = ("equals", "notEqual", "lessThan", "lessThanOrEqual", "greaterThan", "greaterThanOrEqual", "inRange",
              "blank", "notBlank")


@dataclass(frozen=True)
class RowsRequest:
    """A block of rows a server-side grid asks for: ``sort`` (field, asc|desc); ``filters`` (field, AND|OR,
    conditions), a condition (text|number, operation, value, second value)."""

    start: int
    end: int
    sort: tuple = ()
    filters: tuple = ()


def clean_rows_request(value, fields) -> RowsRequest | None:
    """A grid's ``getRowsRequest``: at most :data:`MAX_BLOCK` rows, sorted and filtered by ``fields`` only."""
    start, end = (value.get("startRow"), value.get("endRow")) if isinstance(value, dict) else (None, None)
    if not all(isinstance(v, int) and not isinstance(v, bool) for v in (start, end)) or not 0 <= start < end <= 10**9:
        return None
    sort, model = value.get("sortModel"), value.get("filterModel")
    sort = tuple((s["colId"], s["sort"]) for s in (sort[:4] if isinstance(sort, list) else [])
                 if isinstance(s, dict) and s.get("colId") in fields and s.get("sort") in ("asc", "desc"))
    items = list(model.items())[:MAX_ITEMS] if isinstance(model, dict) else []
    filters = tuple(f for f in (_clean_filter(k, v) for k, v in items if k in fields) if f)
    return RowsRequest(start, min(end, start + MAX_BLOCK), sort, filters)


def _clean_filter(field: str, model) -> tuple | None:
    if not isinstance(model, dict):
        return None
    conditions, operator = model.get("conditions", [model]), model.get("operator", "AND")
    if operator not in ("AND", "OR") or not isinstance(conditions, list):
        return None
    out = tuple(c for c in map(_clean_condition, conditions[:2]) if c)  # the grid's menu combines at most two
    return (field, operator, out) if out else None


def _clean_condition(c) -> tuple | None:
    kind, op = (c.get("filterType"), c.get("type")) if isinstance(c, dict) else (None, None)
    if kind == "text" and op in TEXT_OPS:
        text = "" if op in ("blank", "notBlank") else as_text(c.get("filter"))
        return None if text is None else (kind, op, text, None)
    if kind == "number" and op in NUMBER_OPS:
        a, b = _number(c.get("filter")), _number(c.get("filterTo"))
        if op in ("blank", "notBlank") or (a is not None and (op != "inRange" or b is not None)):
            return (kind, op, a, b)
    return None


def _number(value) -> float | None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return None
    return float(value) if value == value and abs(value) < 1e18 else None


def default_state(table) -> State:
    """The view when no parameter is given (:func:`dashboard.defaults.default_filters`)."""
    return State(filters=default_filters(table))


# ---------------------------------------------------------------- URL <-> state


def parse_query(search, table) -> State:
    """The state a query string asks for; bad parts fall back to defaults, with a notice each."""
    table = as_facts(table)
    base = default_state(table)
    f, notices = base.filters, []
    if isinstance(search, str) and len(search) > MAX_SEARCH:
        notices.append("This link is too long to be one of the dashboard's; showing the default view.")
    search = clean_search(search)
    params = {}
    for key, value in parse_qsl(search.lstrip("?"), keep_blank_values=True, max_num_fields=40):
        if key not in PARAMS:
            notices.append(f"Unknown parameter “{shown(key)}” ignored.")
        else:
            params[key] = value.strip()
    view = clean_view(params.get("view") or "explore")
    if view is None:
        notices.append(f"Unknown view “{shown(params['view'])}”; showing Explore.")
        view = "explore"
    if "indicator" in params:
        indicator = clean_indicator(params["indicator"], table)
        if indicator:
            f = replace(f, indicator=indicator, countries=default_countries(table, indicator))
        else:
            notices.append(f"Unknown indicator “{shown(params['indicator'])}”; showing {indicator_label(f.indicator)}.")
    if "countries" in params:
        raw = [c.strip() for c in params["countries"][:MAX_TEXT].split(",") if c.strip()]
        good = clean_countries(raw) or ()
        bad = [shown(c, 12) for c in raw[:8] if c.upper() not in good]
        if bad:
            notices.append(f"Unknown country code(s) {', '.join(bad)} ignored.")
        if good:
            f = replace(f, countries=good)
        elif not bad:
            notices.append("No country given; showing all.")
    if "partner" in params:
        partner = clean_partner(params["partner"], known_partners(table))
        if partner:
            f = replace(f, partner=partner)
        else:
            notices.append(f"Unknown partner “{shown(params['partner'])}”; showing {f.partner}.")
    if "years" in params:
        years = clean_years(params["years"])
        if years is None:
            notices.append(f"Bad year range “{shown(params['years'])}” (expected e.g. 2015-2024); showing all years.")
        else:
            f = replace(f, years=years)
    if "official" in params:
        official = clean_official(params["official"])
        if official:
            f = replace(f, official=official)
        else:
            notices.append(f"Unknown choice of official series “{shown(params['official'])}”; showing Korea-reported.")
    bar_year = None
    if params.get("year"):
        bar_year = clean_year(params["year"])
        if bar_year is None:
            notices.append(f"Bad year “{shown(params['year'])}”; showing the latest.")
    source = clean_source_id(params.get("source")) if params.get("source") else None
    if params.get("source") and source is None:
        notices.append(f"Bad source id “{shown(params['source'])}” ignored.")
    return State(filters=f, view=view, source=source, bar_year=bar_year, notices=tuple(notices))


def to_query(filters: Filters, view: str = "explore", *, source: str | None = None, bar_year: int | None = None) -> str:
    """The query string (with its leading ``?``) for a state; parse_query reads it back."""
    params = {
        "view": view,
        "indicator": filters.indicator,
        "countries": ",".join(filters.countries),
        "partner": filters.partner or "",
        "years": f"{filters.years[0]}-{filters.years[1]}",
    }
    if filters.official != DEFAULT_OFFICIAL:
        params["official"] = filters.official
    if source and view == "sources":
        params["source"] = source
    if bar_year:
        params["year"] = str(bar_year)
    return "?" + urlencode(params, safe=",")


def filters_from_controls(indicator, countries, partner, years, official, table) -> Filters:
    """Filters from the controls' values: each one checked, a bad one replaced by the default view's.

    A cleared country list stays empty (the page then asks for a country); anything that is not a list of
    codes falls back to the default countries.
    """
    table = as_facts(table)
    base = default_state(table).filters
    chosen = clean_countries(countries)
    return Filters(
        indicator=clean_indicator(indicator, table) or base.indicator,
        countries=base.countries if chosen is None or (not chosen and countries) else chosen,
        partner=clean_partner(partner, known_partners(table)) or base.partner,
        years=clean_years(years) or base.years,
        official=clean_official(official) or base.official,
    )

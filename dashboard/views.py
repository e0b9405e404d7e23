"""Plain functions behind the callbacks: values in, components/figures/bytes out.

Each callback in :mod:`dashboard.callbacks` is a few lines that call one of
these, so they are tested (and benchmarked) without a browser.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass

from dash import dcc, html, no_update

from . import downloads, layout
from .data import Bundle, Filters, country_label, filter_rows
from .figures import by_country_spec, by_year_spec, latest_year
from .state import State, indicator_label, parse_query

logger = logging.getLogger(__name__)


@dataclass
class ExploreOutput:
    by_year: dict  # figure specs: {"data": [...], "layout": {...}}
    by_country: dict
    records: list[dict]
    message: list
    info: list
    bar_years: list[dict]

    def as_tuple(self) -> tuple:
        return self.by_year, self.by_country, self.records, self.message, self.info, self.bar_years


def empty_message(bundle: Bundle, filters: Filters) -> str:
    """Why a selection has no figures, and what has some."""
    if not filters.countries:
        return "Pick at least one country."
    names = ", ".join(country_label(c) for c in filters.countries)
    text = (f"No figures of {indicator_label(filters.indicator)} for {names} "
            f"(partner {filters.partner or 'any'}, {filters.years[0]}–{filters.years[1]}).")
    rows = bundle.rows
    others = rows[rows["country"].isin(list(filters.countries))]["indicator"].value_counts()
    others = others[others > 0]
    if len(others):
        text += " Indicators with figures for these countries: " + ", ".join(
            f"{indicator_label(k)} ({n})" for k, n in others.head(6).items()) + "."
    return text


def table(bundle: Bundle, query: str | None) -> list[dict]:
    """The table's rows for the selection a query string names: exactly the rows the charts draw."""
    return layout.table_records(filter_rows(bundle.rows, parse_query(query, bundle.rows).filters))


def explore(bundle: Bundle, filters: Filters, bar_year: int | None = None, *, with_records: bool = True) -> ExploreOutput:
    """Everything the Explore view shows for a selection: two charts, the table, a message.

    ``with_records=False`` leaves the table's rows out (the app sends them in a second response).
    """
    rows = filter_rows(bundle.rows, filters)
    info = layout.indicator_info(filters.indicator)
    if rows.empty:
        message = empty_message(bundle, filters)
        short = "No figures for this selection (see the message above)."
        return ExploreOutput(by_year_spec(rows, empty_message=short), by_country_spec(rows, empty_message=short), [], [html.Div(message, className="empty-state")], info, [])
    years = sorted(rows["year"].astype(int).unique(), reverse=True)
    year = bar_year if bar_year in years else latest_year(rows)
    kw = {"indicator": filters.indicator, "countries": filters.countries}
    n_claims = int(rows["_claim"].sum())
    message = [f"{len(rows)} figure(s): {n_claims} from texts, {len(rows) - n_claims} official statistics."]
    return ExploreOutput(
        by_year_spec(rows, **kw),
        by_country_spec(rows, year=year, **kw),
        layout.table_records(rows) if with_records else [],
        message,
        info,
        [{"label": str(y), "value": int(y)} for y in years],
    )


def observation(bundle: Bundle, obs_id: str | None) -> dict | None:
    """One prepared row as a dict, by observation id."""
    if not obs_id:
        return None
    match = bundle.rows[bundle.rows["id"] == str(obs_id)]
    return None if match.empty else match.iloc[0].to_dict()


def citation(bundle: Bundle, obs_id: str | None) -> html.Div:
    """The citation panel for an observation id (the quote, the source, the official comparison)."""
    row = observation(bundle, obs_id)
    if row is None:
        return layout.build_citation(None)
    checks = bundle.checks[bundle.checks["id"] == row["id"]] if bundle.checks is not None else None
    body = bundle.source_body(row["source_id"]) if row.get("_claim") else None
    return layout.build_citation(row, body=body, checks=checks)


def clicked_id(trigger: str | None, by_year_click: dict | None, by_country_click: dict | None, cell: dict | None) -> str | None:
    """The observation id behind the last click, on a chart point or a table row."""
    from . import ids

    if trigger == ids.TABLE:
        return (cell or {}).get("rowId")
    click = by_year_click if trigger == ids.BY_YEAR else by_country_click if trigger == ids.BY_COUNTRY else None
    points = (click or {}).get("points") or []
    return points[0].get("customdata") if points else None


def page(bundle: Bundle, pathname: str | None, search: str | None, strip=lambda p: p) -> html.Div:
    """The page for a URL: ``/embed`` is the chart alone, anything else the main page.

    Whatever the URL holds, this returns a page: if building the asked-for view
    fails, the default view is shown with a notice (and the error is logged).
    """
    try:
        return _page(bundle, pathname, search, strip)
    except Exception:  # noqa: BLE001 - the edge: a notice, never an error page
        logger.exception("could not build the page for %r %r", pathname, search)
        state = parse_query("", bundle.rows)
        notice = "This link could not be opened as it is; showing the default view."
        return layout.build_page(bundle, State(state.filters, notices=(notice,)))


def _page(bundle: Bundle, pathname: str | None, search: str | None, strip) -> html.Div:
    state = parse_query(search, bundle.rows)
    path = (strip(pathname or "/") or "").strip("/")
    if path == "embed":
        return layout.build_embed(bundle, state)
    if path not in ("",):
        state = State(state.filters, state.view, state.source, state.bar_year,
                      (f"No page “/{path}”; showing the dashboard.", *state.notices))
    return layout.build_page(bundle, state)


def download(bundle: Bundle, trigger: str | None, filters: Filters | None) -> dict | None:
    """The file for a download button: the filtered CSV, the zip, or the checks CSV."""
    from . import ids

    if trigger == ids.DOWNLOAD_CHECKS:
        return dcc.send_bytes(downloads.checks_csv(bundle.checks), "kca-checks.csv")
    rows = filter_rows(bundle.rows, filters)
    if trigger == ids.DOWNLOAD_ZIP:
        return dcc.send_bytes(downloads.zip_bytes(rows, bundle.sources, filters), downloads.export_name(filters, "zip"))
    if trigger == ids.DOWNLOAD_CSV:
        return dcc.send_bytes(downloads.rows_csv(rows), downloads.export_name(filters))
    return None


def open_source(bundle: Bundle, cell: dict | None) -> tuple[html.Div, str | None]:
    """The Sources view's reading panel for a clicked row, and the source id to keep in the URL."""
    source_id = (cell or {}).get("rowId")
    return layout.build_source_panel(bundle, source_id), source_id


def tabs(bundle: Bundle, view: str | None, source: str | None) -> tuple:
    """Contents for the (sources, checks) tabs: the one opened is built, the other left as it is."""
    return (
        layout.build_tab(bundle, "sources", source) if view == "sources" else no_update,
        layout.build_tab(bundle, "checks") if view == "checks" else no_update,
    )


def bar_year_value(value) -> int | None:
    try:
        return int(value) if value not in (None, "") else None
    except (TypeError, ValueError):
        return None


"""Plain functions behind the callbacks: checked values in, components/figures/bytes out.

Each callback in :mod:`dashboard.callbacks` is a few lines that call one of
these, so they are tested (and benchmarked) without a browser. Raw values from
the page are checked by :mod:`dashboard.state` before they get here.
"""
from __future__ import annotations

import html as html_text
import logging
import threading
from collections import OrderedDict
from dataclasses import replace

from dash import dcc, html, no_update
from dash.exceptions import UnsupportedRelativePath

from . import downloads, ids, layout, selection, slides, state
from .checks_view import build_table_tab, claim_records, verdict_summary
from .citation import build_about, build_citation
from .components import graph_config
from .data import Bundle, Filters, country_label, values
from .figures import add_source_note, by_country_spec, by_year_spec
from .layout import ExploreOutput
from .provenance import about_blocks
from .sources_view import build_source_panel, build_sources
from .state import State, indicator_label, parse_query, to_query
from .traces import source_note_from

logger = logging.getLogger(__name__)
COMPACT_BELOW = 700  # px: a window narrower than this gets the phone layout of the charts
DRAWER_OPEN, DRAWER_CLOSED = "drawer open", "drawer"
SLIDE_LIMIT = 5_000  # figures a slide may hold


def empty_message(bundle: Bundle, filters: Filters) -> str:
    """Why a selection has no figures, and what has some."""
    if not filters.countries:
        return "Pick at least one country."
    names = ", ".join(country_label(c) for c in filters.countries)
    text = (f"No figures of {indicator_label(filters.indicator)} for {names} "
            f"(partner {filters.partner or 'any'}, {filters.years[0]}–{filters.years[1]}).")
    others = [(k, n) for k, n in bundle.facts.indicators_of(filters.countries).items() if n]
    if others:
        text += " Indicators with figures for these countries: " + ", ".join(
            f"{indicator_label(k)} ({n})" for k, n in others[:6]) + "."
    return text


def is_compact(viewport) -> bool:
    width = state.clean_viewport(viewport)
    return width is not None and width < COMPACT_BELOW


def _block(df, total: int, records) -> dict:
    return {"rowData": records(df), "rowCount": total}


def table_block(bundle: Bundle, query, request) -> dict | object:
    """A block of the Explore table's rows (the grid asks as it scrolls): the selection a query string names,
    sorted and filtered as the grid says. The table holds exactly the rows the charts draw or gather."""
    req = state.clean_rows_request(request, selection.ROW_FIELDS)
    if req is None:
        return no_update
    if not isinstance(query, str):  # before the charts have drawn: nothing yet
        return {"rowData": [], "rowCount": 0}
    filters = parse_query(query, bundle).filters
    sql, args = selection.where(bundle, filters)
    df, total = selection.page(bundle, f"SELECT * FROM rows WHERE {sql}", args, req, selection.ROW_FIELDS)
    return _block(selection.dressed(bundle, df.drop(columns="_n"), checks=False), total, layout.table_records)


def claims_block(bundle: Bundle, query, request) -> dict | object:
    """A block of the Table tab's rows: the selection's claims beside their checks."""
    req = state.clean_rows_request(request, selection.CLAIM_FIELDS_OF_GRID)
    if req is None:
        return no_update
    if not isinstance(query, str):
        return {"rowData": [], "rowCount": 0}
    sql, args = selection.claims_sql(bundle, parse_query(query, bundle).filters)
    df, total = selection.page(bundle, sql, args, req, selection.CLAIM_FIELDS_OF_GRID)
    return _block(selection.dressed_claims(bundle, df), total, claim_records)


def explore(bundle: Bundle, filters: Filters, bar_year: int | None = None, *, compact: bool = False) -> ExploreOutput:
    """Everything the Explore view shows for a selection: two charts, a message, About this data (the table's
    rows come block by block, see :func:`table_block`)."""
    v = selection.view(bundle, filters)
    info = layout.indicator_info(filters.indicator)
    if not v.total:
        short = "No figures for this selection (see the message above)."
        return ExploreOutput(by_year_spec(v.rows, empty_message=short), by_country_spec(v.rows, empty_message=short),
                             [html.Div(empty_message(bundle, filters), className="empty-state")], info, [], None)
    options = [{"label": str(y), "value": y} for y in v.years]
    year = bar_year if bar_year in v.years else v.latest
    kw = {"indicator": filters.indicator, "countries": filters.countries, "compact": compact, "summary": v.summary}
    message = [f"{v.total:,} figure(s): {v.claims:,} press claim(s), {v.total - v.claims:,} official value(s)."
               + ("" if filters.official == "all" else " Other official series: choose “every series” above.")]
    if v.summary is not None:
        gathered = int(v.summary["n"].sum())
        message.append(f" Too many to draw one by one: {gathered:,} of them are drawn as one range per country and "
                       "year (lowest to highest, a tick at the median); narrow the selection to see each, or page "
                       "through the table below.")
    note = source_note_from(list(v.publishers), list(v.series_labels))
    bar_note = note if v.summary is not None else _year_note(v.rows, year)
    about = build_about([bundle.about[s] for s in v.official_sources if s in bundle.about], v.claims, list(v.publishers))
    return ExploreOutput(
        add_source_note(by_year_spec(v.rows, **kw), note),
        add_source_note(by_country_spec(v.rows, year=year, **kw), bar_note),
        message,
        info,
        options,
        about,
    )


def _year_note(rows, year: int) -> str:
    """The source line of one year's figures."""
    publishers, series = {}, {}
    for y, claim, publisher, name in zip(*(values(rows[c]) for c in ("year", "_claim", "publisher", "_series"))):
        if y == year:
            (publishers if claim else series).setdefault(str(publisher) if claim else str(name), None)
    return source_note_from(list(publishers), [s for s in series if s])


_RECENT: OrderedDict = OrderedDict()  # (bundle id, filters, bar year, compact) -> (bundle, ExploreOutput)
_RECENT_LOCK = threading.Lock()
RECENT_VIEWS = 32  # views a process keeps, newest first: every visitor opens the default view first


_DEFAULT: dict = {}  # the same, for the default view (a desk's and a phone's): computed at start, never dropped


def warm(bundle: Bundle) -> None:
    """Compute the default view once, when the app starts (before gunicorn forks its workers, with ``--preload``):
    every visitor opens it first, and its page then comes without the wait (#12)."""
    filters = parse_query("", bundle).filters
    for compact in (False, True):
        _DEFAULT[(id(bundle), filters, None, compact)] = (bundle, explore(bundle, filters, None, compact=compact))


def recent_explore(bundle: Bundle, filters: Filters, bar_year, compact: bool) -> ExploreOutput:
    """:func:`explore`, kept for the last :data:`RECENT_VIEWS` views (the data never change while a process runs;
    the outputs are not changed by their readers), and for the default view once :func:`warm` has run."""
    key = (id(bundle), filters, bar_year, compact)
    default = _DEFAULT.get(key)
    if default is not None and default[0] is bundle:
        return default[1]
    with _RECENT_LOCK:
        hit = _RECENT.get(key)
        if hit is not None and hit[0] is bundle:
            _RECENT.move_to_end(key)
            return hit[1]
    out = explore(bundle, filters, bar_year, compact=compact)
    with _RECENT_LOCK:
        _RECENT[key] = (bundle, out)
        while len(_RECENT) > RECENT_VIEWS:
            _RECENT.popitem(last=False)
    return out


def explore_response(bundle: Bundle, raw: tuple, bar_year, viewport, config, table_query=None) -> tuple:
    """The main callback's outputs for raw control values (checked here first).

    The over-time chart and its camera settings change in one response; a config is sent only when it changed,
    since a new config re-creates the plot; the table's selection only when it changed (the grid then asks
    for its rows again). The by-country chart's figure (and config) go to a store, from which the browser draws
    them once the over-time chart is drawn (``kca.afterChart``): the page's first chart comes first (#12).
    """
    filters = state.filters_from_controls(*raw, bundle)
    out = recent_explore(bundle, filters, state.clean_year(bar_year), is_compact(viewport))
    configs = (graph_config(slides.graph_config(filters)), graph_config(slides.graph_config(filters, suffix="-by-country")))
    changed = configs[0] != config
    query = to_query(filters)
    return (out.by_year, query if query != table_query else no_update, out.message, out.info, out.bar_years, out.about,
            configs[0] if changed else no_update, {"figure": out.by_country, "config": configs[1] if changed else None})


def rows_table(drawn):
    """The Explore view's table, built once the over-time chart was first drawn (the browser says so once)."""
    return layout.build_rows_table() if drawn else no_update


def url_search(bundle: Bundle, raw: tuple, view, bar_year, source) -> str:
    """The query string for the page's current settings (every one of them)."""
    filters = state.filters_from_controls(*raw, bundle)
    return to_query(filters, state.clean_view(view) or "explore", source=state.clean_source_id(source),
                    bar_year=state.clean_year(bar_year))


def sync_years(trigger, slider, first, last, table) -> tuple:
    """Keep the year boxes and the slider in step: (slider value, first box, last box); a bad box is reset."""
    current = state.clean_years(slider) or state.default_state(table).filters.years
    if trigger in (ids.YEAR_FROM, ids.YEAR_TO):
        lo, hi = state.clean_year(first), state.clean_year(last)
        if lo is None or hi is None:
            return no_update, current[0], current[1]
        years = (min(lo, hi), max(lo, hi))
        return (list(years) if years != current else no_update), years[0], years[1]
    return no_update, current[0], current[1]


def observation(bundle: Bundle, obs_id: str | None) -> dict | None:
    """One dressed row as a dict, by observation id."""
    return selection.observation(bundle, obs_id)


def citation(bundle: Bundle, obs_id: str | None) -> html.Div:
    """The citation panel for an observation id (the quote, the source, the official comparison)."""
    row = selection.observation(bundle, obs_id)
    if row is None:
        return build_citation(None)
    check = selection.check_of(bundle, row) if row.get("_claim") else None
    body = bundle.source_body(str(row["source_id"])) if row.get("_claim") else None
    names = {sid: a.short_producer for sid, a in bundle.about.items()}
    return build_citation(row, body=body, check=check, about=bundle.about.get(str(row["source_id"])),
                          unit=str(row.get("unit") or "USD"), names=names)


def drawer(bundle: Bundle, obs_id) -> tuple:
    """(citation panel, drawer class, aria-hidden) for the selected id; closed when there is none."""
    obs_id = state.clean_obs_id(obs_id)
    panel = citation(bundle, obs_id) if obs_id is not None else None
    if panel is None or getattr(panel, "className", "") == "citation-empty":
        return build_citation(None), DRAWER_CLOSED, "true"
    return panel, DRAWER_OPEN, "false"


def picked(value) -> str | object:
    """The observation id a click or Enter chose (plotly clickData, grid cellClicked or eventData); else no_update."""
    return state.clicked_point(value) or state.clicked_row(value) or state.entered_row(value) or no_update


def page(bundle: Bundle, pathname, search, viewport=None, strip=lambda p: p) -> html.Div:
    """The page for a URL: ``/embed`` is the chart alone, anything else the main page.

    Whatever the URL holds, this returns a page: if building the asked-for view
    fails, the default view is shown with a notice (and the error is logged).
    """
    try:
        return _page(bundle, pathname, search, viewport, strip)
    except Exception:  # noqa: BLE001 - the edge: a notice, never an error page
        logger.exception("could not build the page for %r %r", state.shown(pathname, 200), state.shown(search, 200))
        default = parse_query("", bundle)
        notice = "This link could not be opened as it is; showing the default view."
        return main_page(bundle, State(default.filters, notices=(notice,)), viewport)


def _page(bundle: Bundle, pathname, search, viewport, strip) -> html.Div:
    page_state = parse_query(search, bundle)
    try:
        path = (strip(state.clean_pathname(pathname)) or "").strip("/")
    except UnsupportedRelativePath:  # outside the app's path prefix
        path = state.shown(pathname)
    if path == "embed":
        return layout.build_embed(bundle, page_state, compact=is_compact(viewport))
    if path != "":
        page_state = replace(page_state, notices=(f"No page “/{state.shown(path)}”; showing the dashboard.",
                                                  *page_state.notices))
    return main_page(bundle, page_state, viewport)


def main_page(bundle: Bundle, page_state: State, viewport) -> html.Div:
    """The main page, its Explore view already drawn for its state: no callback stands between a visitor and
    the first chart (#12); the main callback runs when a control changes."""
    first = recent_explore(bundle, page_state.filters, state.clean_year(page_state.bar_year), is_compact(viewport))
    return layout.build_page(bundle, page_state, first)


def download(bundle: Bundle, trigger, filters: Filters | None) -> dict | None:
    """The file for a download button: the filtered CSV or the zip (every row of the selection)."""
    rows = selection.select(bundle, filters)
    if trigger == ids.DOWNLOAD_ZIP:
        blob = downloads.zip_bytes(rows, bundle.sources, filters, checks=selection.checks_of(bundle, filters),
                                   folder=bundle.folder)
        return dcc.send_bytes(blob, downloads.export_name(filters, "zip"))
    if trigger == ids.DOWNLOAD_CSV:
        return dcc.send_bytes(downloads.rows_csv(rows), downloads.export_name(filters))
    return None


def download_claims(bundle: Bundle, filters: Filters) -> dict:
    """The Table tab's checks as CSV (checks.csv's columns, the selection's claims only)."""
    name = downloads.export_name(filters).replace("kca-", "kca-checks-", 1)
    return dcc.send_bytes(downloads.checks_csv(selection.checks_of(bundle, filters)), name)


def slide_file(bundle: Bundle, trigger, image_format, filters: Filters) -> tuple:
    """(download, message) for the slide and image buttons; a missing Chromium is said, not raised."""
    fmt = "pptx" if trigger == ids.DOWNLOAD_PPTX else state.clean_image_format(image_format)
    total = selection.count(bundle, filters).total
    if total > SLIDE_LIMIT:  # its notes cite every figure: past this, a slide nobody could read (#12)
        return no_update, html.Div(f"This view holds {total:,} figures; a slide cites each one in its notes. Narrow "
                                   f"the selection to at most {SLIDE_LIMIT:,} (or download the CSV).", className="notice")
    rows = selection.rows(bundle, filters)  # the view's official series already chosen: the slide draws them all
    about = about_blocks(bundle.folder, rows.loc[~rows["_claim"], "source_id"].astype(str).unique())
    try:
        data, name = slides.download(rows, filters, fmt, statistics="all", about=about)
    except slides.SlideError as exc:
        return no_update, html.Div(str(exc), className="notice")
    return dcc.send_bytes(data, name), ""


def open_source(bundle: Bundle, value) -> tuple:
    """The Sources view's reading panel for a clicked (or Entered) row, and the source id to keep in the URL."""
    known = set(bundle.sources["source_id"].astype(str))
    source_id = state.clean_source_id(state.clicked_row(value) or state.entered_row(value), known)
    if source_id is None:
        return no_update, no_update
    return build_source_panel(bundle, source_id), source_id


def sources_tab(bundle: Bundle, view, source) -> object:
    """The Sources tab's content, built when it is first opened."""
    if state.clean_view(view) != "sources":
        return no_update
    return build_sources(bundle, state.clean_source_id(source, set(bundle.sources["source_id"].astype(str))))


def table_tab(bundle: Bundle, view, built) -> object:
    """The Table tab's frame, built when it is first opened (then kept, with its grid's place)."""
    if state.clean_view(view) != "table" or built:
        return no_update
    return build_table_tab(bundle)


def claims_tab(bundle: Bundle, view, raw: tuple) -> tuple:
    """The Table tab's summary and the selection its grid pages through (only while it is the open tab)."""
    if state.clean_view(view) != "table":
        return no_update, no_update
    filters = state.filters_from_controls(*raw, bundle)
    return verdict_summary(bundle, filters), to_query(filters)


def share(bundle: Bundle, search, href) -> tuple[str, str]:
    """(the view's link, an iframe snippet of its chart), rebuilt from the checked settings of ``search``."""
    origin = state.clean_origin(href)
    shown = parse_query(search, bundle)
    query = to_query(shown.filters, shown.view, source=shown.source, bar_year=shown.bar_year)
    embed = f"{origin}/embed{to_query(shown.filters, bar_year=shown.bar_year)}"
    snippet = (f'<iframe src="{html_text.escape(embed, quote=True)}" width="100%" height="480" '
               'style="border:0" loading="lazy" title="Korea–Central Asia economic cooperation"></iframe>')
    return f"{origin}/{query}", snippet

"""The page's frame: header, filters, tabs, the Explore view, the citation drawer, /embed (pure builders)."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from dash import dcc, html

from etl.schema import vocabulary

from . import ids, selection, slides
from .checks_view import build_table_tab
from .citation import build_citation
from .components import build_link, build_notices, copy_field, graph_config, grid, paged_columns
from .data import COUNTRIES, Bundle, country_label, indicator_options, source_count
from .data import values as column_values
from .figures import add_source_note, by_year_spec
from .sources_view import build_sources
from .state import State, indicator_label, known_partners, to_query, year_bounds
from .traces import source_note_from

TITLE = "Korea–Central Asia economic cooperation"
OFFICIAL_OPTIONS = [
    {"label": "Korea-reported (one per country)", "value": "korea"},
    {"label": "every series", "value": "all"},
    {"label": "none", "value": "none"},
]
KEY_ITEMS = (
    ("●", "a figure as stated"), ("△", "more than / at least (a lower bound)"), ("▽", "less than / up to (an upper bound)"),
    ("◇", "about"), ("┄", "official statistics"), ("labelled", "part of a year (never joined to a line)"),
)


def indicator_info(indicator: str) -> list:
    known = vocabulary().get(indicator)
    if known is None:
        return [html.Span(f"{indicator}: not in the vocabulary.", className="muted")]
    return [html.Strong(known.label), f": {known.definition} ", html.Span(f"Unit: {known.unit}.", className="unit")]


def bar_year_options(rows: pd.DataFrame) -> list[dict]:
    """The years the by-country chart can show (latest first)."""
    years = sorted({int(y) for y in rows["year"].dropna()}, reverse=True) if len(rows) else []
    return [{"label": str(y), "value": y} for y in years]


# ---------------------------------------------------------------- filters


def build_filters(bundle: Bundle, state: State) -> html.Div:
    """Indicator, countries, partner, years (typed or slid), which official series: shared by Explore and Table."""
    f = state.filters
    lo, hi = year_bounds(bundle)
    lo, hi = min(lo, f.years[0]), max(hi, f.years[1])
    partners = sorted(known_partners(bundle) | ({f.partner} if f.partner else set()))
    step = 5 if hi - lo > 15 else (2 if hi - lo > 8 else 1)
    marks = {y: str(y) for y in range(lo, hi + 1) if (y - lo) % step == 0 or y == hi}
    year_input = {"type": "number", "min": lo, "max": hi, "step": 1, "debounce": True, "className": "year-input"}
    return html.Div([
        html.Div([
            html.Label("Indicator", htmlFor=ids.INDICATOR),
            dcc.Dropdown(id=ids.INDICATOR, options=indicator_options(bundle), value=f.indicator, clearable=False,
                         searchable=False),
            html.Div(indicator_info(f.indicator), id=ids.INDICATOR_INFO, className="indicator-info"),
        ], className="control control-indicator"),
        html.Div([
            html.Label("Countries (Central Asian side)"),
            dcc.Checklist(id=ids.COUNTRIES, options=[{"label": country_label(c), "value": c} for c in COUNTRIES],
                          value=list(f.countries), inline=True, className="countries"),
        ], className="control control-countries"),
        html.Div([
            html.Label("Partner", htmlFor=ids.PARTNER),
            dcc.Dropdown(id=ids.PARTNER, options=[{"label": country_label(p), "value": p} for p in partners],
                         value=f.partner, clearable=False, searchable=False),
        ], className="control control-partner"),
        html.Div([
            html.Label("Years (type a year and press Enter, or slide)", htmlFor=ids.YEAR_FROM),
            html.Div([
                dcc.Input(id=ids.YEAR_FROM, value=f.years[0], **year_input),
                html.Div(dcc.RangeSlider(id=ids.YEARS, min=lo, max=hi, step=1, value=list(f.years), marks=marks,
                                         allowCross=False, allow_direct_input=False), className="year-slider"),
                html.Label("to", htmlFor=ids.YEAR_TO, className="visually-hidden"),
                dcc.Input(id=ids.YEAR_TO, value=f.years[1], **year_input),
            ], className="years-row"),
        ], className="control control-years"),
        html.Div([
            html.Label("Official statistics beside the claims"),
            dcc.RadioItems(id=ids.OFFICIAL, options=OFFICIAL_OPTIONS, value=f.official, inline=True, className="official"),
        ], className="control control-official"),
    ], className="controls")


# ---------------------------------------------------------------- explore


TABLE_COLUMNS = [
    {"field": "_country_name", "headerName": "Country", "pinned": "left", "width": 130},
    {"field": "year", "headerName": "Year", "width": 85, "filter": "agNumberColumnFilter"},
    {"field": "_period_label", "headerName": "Period", "width": 120},
    {"field": "_value_text", "headerName": "Value (as stated)", "width": 170},
    {"field": "value", "headerName": "Value (base unit)", "width": 150, "filter": "agNumberColumnFilter",
     "valueFormatter": {"function": "params.value == null ? '' : d3.format(',')(params.value)"}},
    {"field": "unit", "headerName": "Unit", "width": 90},
    {"field": "comparator", "headerName": "Comparator", "width": 110},
    {"field": "method", "headerName": "Method", "width": 100},
    {"field": "_series", "headerName": "Official series", "width": 220},
    {"field": "publisher", "headerName": "Publisher / producer", "width": 200},
    {"field": "_when", "headerName": "Published / vintage", "width": 150},
    {"field": "source_title", "headerName": "Title", "width": 240},
    {"field": "quote", "headerName": "Quote", "width": 360, "tooltipField": "quote"},
    {"field": "stated", "headerName": "Stated", "width": 140},
    {"field": "url", "headerName": "URL", "width": 200},
    {"field": "note", "headerName": "Note", "width": 200},
    {"field": "source_id", "headerName": "Source id", "width": 220},
    {"field": "id", "headerName": "Id", "width": 130},
]
TABLE_FIELDS = [c["field"] for c in TABLE_COLUMNS]


def table_records(df: pd.DataFrame) -> list[dict]:
    """Grid rows for the charted observations (JSON-safe: NaN and NA become None)."""
    columns = []
    for field in TABLE_FIELDS:
        values = column_values(df[field])
        if df[field].isna().any():
            values = [None if (v is None or v is pd.NA or v != v) else v for v in values]  # v != v: NaN
        columns.append(values)
    return [dict(zip(TABLE_FIELDS, row)) for row in zip(*columns)]


def build_key() -> html.Div:
    """The chart's key in words, above the chart: always in view, however long the legend."""
    return html.Div([html.Span("Key:", className="key-title")]
                    + [html.Span([html.Span(mark, className="key-mark"), f" {text}"], className="key-item")
                       for mark, text in KEY_ITEMS], id=ids.KEY, className="chart-key")


def build_share(state: State) -> html.Details:
    return html.Details([
        html.Summary("Share"),
        copy_field(ids.SHARE_LINK, "Link to this view (every setting kept)"),
        copy_field(ids.SHARE_EMBED, "Embed code (an iframe of the chart)", multiline=True),
    ], className="share")


def build_slide_downloads() -> html.Div:
    """"Download slide (PPTX)" and "Download image" (PNG or SVG) of the over-time chart, styled as a 16:9 slide."""
    return html.Div([
        html.Button("Download slide (PPTX)", id=ids.DOWNLOAD_PPTX, n_clicks=0, className="button"),
        html.Button("Download image", id=ids.DOWNLOAD_IMAGE, n_clicks=0, className="button"),
        dcc.RadioItems(id=ids.IMAGE_FORMAT, options=[{"label": " PNG", "value": "png"}, {"label": " SVG", "value": "svg"}],
                       value="png", inline=True, className="image-format"),
        dcc.Download(id=ids.SLIDE_DOWNLOAD),
        html.Div(id=ids.SLIDE_MESSAGE, role="status"),
    ], className="downloads slide-downloads")


@dataclass
class ExploreOutput:
    """What the Explore view shows for a selection (``views.explore``): the main callback's outputs, and the
    content the page opens with."""

    by_year: dict  # figure specs: {"data": [...], "layout": {...}}
    by_country: dict
    message: list
    info: list
    bar_years: list[dict]
    about: object = None

    def as_tuple(self) -> tuple:
        return self.by_year, self.by_country, self.message, self.info, self.bar_years


def build_explore(state: State, first: ExploreOutput) -> html.Div:
    """The Explore view, drawn already with ``first`` (the by-country chart and the table follow the over-time
    chart, see ``kca.afterChart``)."""
    config = graph_config(slides.graph_config(state.filters))
    bar_year = state.bar_year if state.bar_year in {o["value"] for o in first.bar_years} else None
    return html.Div([
        html.Div(first.message, id=ids.EXPLORE_MESSAGE, className="explore-message", role="status"),
        build_key(),
        dcc.Loading(dcc.Graph(id=ids.BY_YEAR, figure=first.by_year, config=config), type="dot", delay_show=400),
        html.Div(first.about, id=ids.ABOUT, className="about-slot"),
        html.Div([
            build_share(state),
            html.Div([
                html.Button("Download CSV", id=ids.DOWNLOAD_CSV, n_clicks=0, className="button"),
                html.Button("Download data (zip)", id=ids.DOWNLOAD_ZIP, n_clicks=0, className="button"),
                html.Span(" The rows of the table below, with their citations.", className="muted"),
            ], className="downloads"),
            build_slide_downloads(),
        ], className="actions"),
        html.Div([
            html.Div([
                html.Label("Year of the bars", htmlFor=ids.BAR_YEAR),
                dcc.Dropdown(id=ids.BAR_YEAR, options=first.bar_years, value=bar_year, placeholder="latest", clearable=True,
                             searchable=False),
            ], className="control control-bar-year"),
            dcc.Graph(id=ids.BY_COUNTRY, config=graph_config(slides.graph_config(state.filters, suffix="-by-country"))),
        ], className="by-country"),
        html.H3("Every figure of the view", className="section-title"),
        # below the fold, so built after the over-time chart is drawn: the first chart comes sooner (#12)
        html.Div(id=ids.TABLE_SLOT, className="table-slot"),
        dcc.Store(id=ids.TABLE_QUERY, data=to_query(state.filters)), dcc.Store(id=ids.TABLE_PURGED),
        dcc.Store(id=ids.BY_COUNTRY_NEXT, data={"figure": first.by_country, "config": None}),
        dcc.Store(id=ids.BY_YEAR_DRAWN),
    ], className="explore")


def build_rows_table():
    """The Explore view's table (every figure of the view, paged from the server)."""
    return grid(ids.TABLE, paged_columns(TABLE_COLUMNS, selection.ROW_FIELDS), None, height=380)


# ---------------------------------------------------------------- pages


def build_shell() -> html.Div:
    """The app's fixed layout: the URL, the window width, a page slot filled from them, the download target."""
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Store(id=ids.VIEWPORT),
        dcc.Download(id=ids.DOWNLOAD),
        html.Div(id=ids.PAGE),
    ])


def build_drawer() -> html.Aside:
    """The citation drawer: fixed beside the chart, opened by a click or Enter, closed by × or Escape."""
    return html.Aside([
        html.Div([
            html.H2("Where this figure comes from", className="drawer-title"),
            html.Button("×", id=ids.DRAWER_CLOSE, n_clicks=0, className="drawer-close", title="Close (Escape)",
                        **{"aria-label": "Close the citation"}),
        ], className="drawer-head"),
        html.Div(build_citation(None), id=ids.CITATION, **{"aria-live": "polite"}),
    ], id=ids.DRAWER, className="drawer", tabIndex="-1", role="dialog", **{"aria-label": "Citation", "aria-hidden": "true"})


def header_text(bundle: Bundle) -> str:
    total, documents, series = source_count(bundle)
    return (f"{bundle.facts.n_rows:,} figure(s) from {total} source(s) ({documents} document(s), {series} official series). "
            "Every point links to the sentence that states it.")


def build_page(bundle: Bundle, state: State, first: ExploreOutput) -> html.Div:
    """The main page for a state: header, notices, filters, the three views as tabs, the citation drawer
    (``first``: the Explore view's content, see :func:`build_explore`)."""
    return html.Div([
        html.Header([html.H1(TITLE), html.P(header_text(bundle), className="muted")]),
        html.Div(build_notices([*bundle.problems, *state.notices]), id=ids.NOTICES),
        dcc.Store(id=ids.SOURCE_SELECTED, data=state.source),
        dcc.Store(id=ids.SELECTED),
        dcc.Store(id=ids.MARKED),
        build_filters(bundle, state),
        # Table and Sources are built when their tab is first opened: their grids stay off the first page (#12).
        dcc.Tabs(id=ids.VIEW, value=state.view, mobile_breakpoint=0, children=[
            dcc.Tab(build_explore(state, first), label="Explore", value="explore"),
            dcc.Tab(html.Div(build_table_tab(bundle) if state.view == "table" else [], id=ids.TABLE_TAB),
                    label="Table", value="table"),
            dcc.Tab(html.Div(build_sources(bundle, state.source) if state.view == "sources" else [], id=ids.SOURCES_TAB),
                    label="Sources", value="sources"),
        ]),
        build_drawer(),
    ], className="page")


def embed_title(state: State) -> str:
    """"Trade turnover · Uzbekistan, Kazakhstan · 2015–2024"."""
    f = state.filters
    names = ", ".join(country_label(c).rsplit(" (", 1)[0] for c in f.countries) or "no country"
    return f"{indicator_label(f.indicator)} · {names} · {f.years[0]}–{f.years[1]}"


def build_embed(bundle: Bundle, state: State, *, compact: bool = False) -> html.Div:
    """The over-time chart alone, for an iframe: it fills its frame, says what it shows and links back."""
    v = selection.view(bundle, state.filters)
    spec = by_year_spec(v.rows, indicator=state.filters.indicator, countries=state.filters.countries, title="",
                        empty_message="No figures for this selection.", compact=compact, summary=v.summary)
    spec = add_source_note(spec, source_note_from(list(v.publishers), list(v.series_labels)))
    spec["layout"].pop("height", None)
    spec["layout"]["autosize"] = True
    return html.Div([
        html.Div(build_notices(state.notices), id=ids.NOTICES),
        html.H1(embed_title(state), className="embed-title"),
        dcc.Graph(id=ids.EMBED_CHART, figure=spec, config=graph_config(slides.graph_config(state.filters)),
                  responsive=True, className="embed-graph"),
        html.Div([html.Span("Hover a point for its source. "),
                  build_link_back(state)], className="muted embed-credit"),
    ], className="embed")


def build_link_back(state: State):
    return html.A("Open in the kca-indicators dashboard ↗", href="/" + to_query(state.filters, bar_year=state.bar_year),
                  target="_blank", rel="noopener")


__all__ = ["TITLE", "build_embed", "build_link", "build_page", "build_shell", "header_text", "table_records"]

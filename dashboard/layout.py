"""build_* component functions (no callbacks).

Source text is always passed as plain strings to html.* children, so a body
holding ``<script>``, HTML or a markdown link renders as inert text. Only
http(s) URLs become links.
"""
from __future__ import annotations

from urllib.parse import urlparse

import dash_ag_grid as dag
import pandas as pd
from dash import dcc, html

from etl.schema import COMPARATOR_WORDS, vocabulary

from . import ids, slides
from .data import COUNTRIES, Bundle, country_label, filter_rows, indicator_options
from .figures import by_year_figure
from .state import State, year_bounds
from .units import value_text

TITLE = "Korea–Central Asia economic cooperation"


# ---------------------------------------------------------------- small pieces


def is_web_url(url: str) -> bool:
    """True only for http:// and https:// addresses (javascript:, data:, ftp: stay text)."""
    try:
        parsed = urlparse((url or "").strip())
    except ValueError:
        return False
    return parsed.scheme in ("http", "https") and bool(parsed.netloc)


def build_link(url: str, text: str | None = None):
    """An <a> for a web URL, plain text for anything else."""
    if is_web_url(url):
        return html.A(text or url, href=url.strip(), target="_blank", rel="noopener noreferrer nofollow")
    return html.Span(url or "(no address)", className="muted")


def build_notices(notices) -> list:
    return [html.Div(text, className="notice", role="status") for text in notices]


def highlight(text: str, spans: list[tuple[int, int, str, str, str]]) -> list:
    """``text`` as children with ``spans`` marked.

    Args:
        text: the plain text (a body or a quote).
        spans: ``(start, end, class_name, title, tag)``; offsets are code points
            in ``text``. Spans that overlap an earlier one or fall outside the
            text are skipped. ``tag`` (may be empty) is shown after the mark.

    Returns:
        A list of strings, ``html.Mark`` and ``html.Span`` components: never HTML.
    """
    out, pos = [], 0
    for start, end, cls, title, tag in sorted(spans, key=lambda s: (s[0], s[1])):
        if start < pos or end > len(text) or start >= end or start < 0:
            continue
        if start > pos:
            out.append(text[pos:start])
        out.append(html.Mark(text[start:end], className=cls, title=title))
        if tag:
            out.append(html.Span(tag, className=f"tag tag-{cls}"))
        pos = end
    if pos < len(text):
        out.append(text[pos:])
    return out


def figure_span_in_quote(row: dict, body: str | None) -> tuple[int, int] | None:
    """Where the figure sits in its quote: from char_start/char_end and the body, else by finding ``stated``."""
    quote, stated = row.get("quote") or "", row.get("stated") or ""
    start, end = row.get("char_start"), row.get("char_end")
    if body and quote and start is not None and end is not None and not pd.isna(start) and not pd.isna(end):
        start, end = int(start), int(end)
        q0 = body.rfind(quote, 0, start + 1)
        if q0 >= 0 and q0 <= start and end <= q0 + len(quote) and body[start:end] == stated:
            return start - q0, end - q0
    if stated and stated in quote:
        i = quote.index(stated)
        return i, i + len(stated)
    return None


# ---------------------------------------------------------------- citation panel


def _dl(pairs) -> html.Dl:
    items = []
    for term, value in pairs:
        if value in (None, ""):
            continue
        items += [html.Dt(term), html.Dd(value)]
    return html.Dl(items, className="meta")


def build_check_table(checks: pd.DataFrame) -> html.Div:
    """The official value(s) and verdict(s) for one claim."""
    rows = []
    for r in checks.itertuples(index=False):
        official = "" if pd.isna(r.statistic_value) else value_text(r.statistic_value, _unit_of(r.indicator))
        diff = "" if pd.isna(r.margin_pct) else f"{r.margin_pct:+.1f} %"
        rows.append(html.Tr([
            html.Td(official or "—"), html.Td(r.statistic_period or ""),
            html.Td(f"{r.statistic_publisher} ({r.statistic_source_id})" if r.statistic_source_id else "—"),
            html.Td(r.verdict, className=f"verdict verdict-{(r.verdict or '').replace(' ', '-')}"), html.Td(diff),
            html.Td(r.note or ""),
        ]))
    head = html.Tr([html.Th(h) for h in ("Official value", "Period", "Series", "Verdict", "Difference", "Note")])
    return html.Div([html.H5("Against official statistics"), html.Table([html.Thead(head), html.Tbody(rows)], className="checks")],
                    className="citation-checks")


def _unit_of(indicator: str) -> str:
    known = vocabulary().get(indicator)
    return known.unit if known else "USD"


def build_citation(row: dict | None, *, body: str | None = None, checks: pd.DataFrame | None = None) -> html.Div:
    """The citation panel for one observation (a dict of a prepared row)."""
    if row is None:
        return html.Div("Click a point of a chart or a row of the table to see which sentence of which source says so.",
                        className="citation-empty")
    head = f"{row['_country_name']} · {row['_period_label']} · {row['_value_text']}"
    parts = [html.H4(head, className="citation-head")]
    if row.get("_claim"):
        quote = row.get("quote") or ""
        span = figure_span_in_quote(row, body)
        children = highlight(quote, [(span[0], span[1], "figure", row.get("stated") or "", "")]) if span else [quote]
        parts.append(html.Blockquote(children or "(no quote)", className="quote"))
    else:
        parts.append(html.P(f"Official statistics from the series {row['source_id']} (no quote: a table, not a text).",
                            className="muted"))
    parts.append(_dl([
        ("Title", row.get("source_title")),
        ("Publisher", row.get("publisher")),
        ("Published", row.get("published")),
        ("Source", build_link(row.get("url") or "")),
        ("As stated", row.get("stated")),
        ("Comparator", f"{row.get('comparator')} ({COMPARATOR_WORDS.get(row.get('comparator'), '') or 'exact'})"),
        ("Method", row.get("method")),
        ("Note", row.get("note")),
        ("Source id", row.get("source_id")),
        ("Observation id", row.get("id")),
    ]))
    if checks is not None and len(checks):
        parts.append(build_check_table(checks))
    return html.Div(parts, className="citation")


# ---------------------------------------------------------------- explore


TABLE_COLUMNS = [
    {"field": "_country_name", "headerName": "Country", "pinned": "left", "width": 130},
    {"field": "year", "headerName": "Year", "width": 85, "filter": "agNumberColumnFilter"},
    {"field": "_period_label", "headerName": "Period", "width": 120},
    {"field": "_value_text", "headerName": "Value (as stated)", "width": 170},
    {"field": "value", "headerName": "Value (base unit)", "width": 150, "filter": "agNumberColumnFilter",
     "valueFormatter": {"function": "params.value == null ? '' : d3.format(',')(params.value)"}},
    {"field": "unit", "headerName": "Unit", "width": 90},
    {"field": "comparator", "headerName": "Cmp", "width": 75},
    {"field": "method", "headerName": "Method", "width": 100},
    {"field": "publisher", "headerName": "Publisher", "width": 200},
    {"field": "published", "headerName": "Published", "width": 115},
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
        values = df[field].tolist()
        if any(v is None or v is pd.NA or v != v for v in values):  # v != v: NaN
            values = [None if (v is None or v is pd.NA or v != v) else v for v in values]
        columns.append(values)
    return [dict(zip(TABLE_FIELDS, row)) for row in zip(*columns)]


def _grid(id_, columns, rows, *, height=420, row_id="params.data.id", extra=None) -> dag.AgGrid:
    return dag.AgGrid(
        id=id_,
        columnDefs=columns,
        rowData=rows,
        getRowId=row_id,
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "floatingFilter": True, "cellDataType": False},
        dashGridOptions={"rowSelection": {"mode": "singleRow", "enableClickSelection": True, "checkboxes": False},
                         "animateRows": False, "tooltipShowDelay": 300, **(extra or {})},
        style={"height": f"{height}px", "width": "100%"},
        className="ag-theme-quartz",
    )


def indicator_info(indicator: str) -> list:
    known = vocabulary().get(indicator)
    if known is None:
        return [html.Span(f"{indicator}: not in the vocabulary.", className="muted")]
    return [html.Strong(known.label), f": {known.definition} ", html.Span(f"Unit: {known.unit}.", className="unit")]


def build_controls(bundle: Bundle, state: State) -> html.Div:
    df, f = bundle.rows, state.filters
    lo, hi = year_bounds(df)
    lo, hi = min(lo, f.years[0]), max(hi, f.years[1])
    partners = sorted(set(df["partner"]) | {"KOR"} | ({f.partner} if f.partner else set()))
    step = 5 if hi - lo > 15 else (2 if hi - lo > 8 else 1)
    marks = {y: str(y) for y in range(lo, hi + 1) if (y - lo) % step == 0 or y == hi}
    return html.Div([
        html.Div([
            html.Label("Indicator", htmlFor=ids.INDICATOR),
            dcc.Dropdown(id=ids.INDICATOR, options=indicator_options(df), value=f.indicator, clearable=False),
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
                         value=f.partner, clearable=False),
        ], className="control control-partner"),
        html.Div([
            html.Label("Years"),
            dcc.RangeSlider(id=ids.YEARS, min=lo, max=hi, step=1, value=list(f.years), marks=marks,
                            allowCross=False, tooltip={"placement": "bottom", "always_visible": False}),
        ], className="control control-years"),
    ], className="controls")


def build_explore(bundle: Bundle, state: State) -> html.Div:
    return html.Div([
        build_controls(bundle, state),
        html.Div(id=ids.EXPLORE_MESSAGE, className="explore-message", role="status"),
        dcc.Loading(dcc.Graph(id=ids.BY_YEAR, config=slides.graph_config(state.filters)), type="dot", delay_show=400),
        html.Div([
            html.Div([
                html.Label("Year of the bars", htmlFor=ids.BAR_YEAR),
                dcc.Dropdown(id=ids.BAR_YEAR, options=[], value=state.bar_year, placeholder="latest", clearable=True),
            ], className="control control-bar-year"),
            dcc.Graph(id=ids.BY_COUNTRY, config=slides.graph_config(state.filters, suffix="-by-country")),
        ], className="by-country"),
        html.Div(build_citation(None), id=ids.CITATION, className="citation-panel", **{"aria-live": "polite"}),
        html.Div([
            html.Button("Download CSV", id=ids.DOWNLOAD_CSV, n_clicks=0, className="button"),
            html.Button("Download data (zip)", id=ids.DOWNLOAD_ZIP, n_clicks=0, className="button"),
            html.Span(" The files hold exactly the rows of the table below, with their citations.", className="muted"),
        ], className="downloads"),
        build_slide_downloads(),
        _grid(ids.TABLE, TABLE_COLUMNS, [], height=380),
        dcc.Store(id=ids.TABLE_QUERY),
    ], className="explore")


def build_slide_downloads() -> html.Div:
    """"Download slide (PPTX)" and "Download image" (PNG or SVG) of the over-time chart, styled as a 16:9 slide."""
    return html.Div([
        html.Button("Download slide (PPTX)", id=ids.DOWNLOAD_PPTX, n_clicks=0, className="button"),
        html.Button("Download image", id=ids.DOWNLOAD_IMAGE, n_clicks=0, className="button"),
        dcc.RadioItems(id=ids.IMAGE_FORMAT, options=[{"label": " PNG", "value": "png"}, {"label": " SVG", "value": "svg"}],
                       value="png", inline=True, style={"display": "inline-block", "marginRight": "12px"},
                       labelStyle={"marginRight": "10px"}),
        html.Span(" The over-time chart as a 16:9 slide with title, units and sources; "
                  "the PPTX chart stays editable and its notes hold the citations.", className="muted"),
        dcc.Download(id=ids.SLIDE_DOWNLOAD),
        html.Div(id=ids.SLIDE_MESSAGE, role="status"),
    ], className="downloads slide-downloads")


# ---------------------------------------------------------------- sources


SOURCE_TABLE_COLUMNS = [
    {"field": "source_id", "headerName": "Source id", "width": 260},
    {"field": "title", "headerName": "Title", "width": 300},
    {"field": "publisher", "headerName": "Publisher", "width": 240},
    {"field": "published", "headerName": "Published", "width": 115},
    {"field": "kind", "headerName": "Kind", "width": 100},
    {"field": "figures", "headerName": "Figures", "width": 100, "filter": "agNumberColumnFilter"},
    {"field": "review_items", "headerName": "Review items", "width": 125, "filter": "agNumberColumnFilter"},
]


def source_records(bundle: Bundle) -> list[dict]:
    """Every source with its number of figures and of review items."""
    figures = bundle.rows["source_id"].value_counts()
    review = bundle.review["source_id"].value_counts()
    df = bundle.sources.copy()
    df["figures"] = df["source_id"].map(figures).fillna(0).astype(int)
    df["review_items"] = df["source_id"].map(review).fillna(0).astype(int)
    return df[[c["field"] for c in SOURCE_TABLE_COLUMNS]].astype(object).to_dict("records")


def body_spans(source_id: str, body: str, bundle: Bundle) -> tuple[list, list[str]]:
    """Highlight spans for a body: extracted figures and review items; and the ones that did not fit."""
    spans, misplaced = [], []
    figs = bundle.rows[bundle.rows["source_id"] == source_id]
    for r in figs[["indicator", "country", "_period_label", "_value_text", "char_start", "char_end", "stated"]].to_dict("records"):
        label = f"{r['indicator']} · {r['country']} · {r['_period_label']}: {r['_value_text']}"
        spans.append(_span(body, r["char_start"], r["char_end"], r["stated"], "figure", label, label, misplaced))
    rev = bundle.review[bundle.review["source_id"] == source_id]
    for r in rev.itertuples(index=False):
        spans.append(_span(body, r.char_start, r.char_end, r.stated, "review", f"not extracted: {r.reason}",
                           f"review: {r.reason}", misplaced))
    return [s for s in spans if s is not None], misplaced


def _span(body, start, end, stated, cls, title, tag, misplaced):
    if start is not None and end is not None and not pd.isna(start) and not pd.isna(end):
        start, end = int(start), int(end)
        if 0 <= start < end <= len(body) and (not stated or body[start:end] == stated):
            return (start, end, cls, title, tag)
    misplaced.append(f"{tag} (“{stated}” at {start}–{end} does not match the body)")
    return None


def build_source_panel(bundle: Bundle, source_id: str | None) -> html.Div:
    """One source: its metadata and its body with figures and review items marked."""
    if not source_id:
        return html.Div("Open a source (click its row) to read it with every figure marked.", className="muted")
    meta = bundle.sources[bundle.sources["source_id"] == source_id]
    if meta.empty:
        return html.Div(f"No source “{source_id}” in sources.csv.", className="notice")
    m = meta.iloc[0].to_dict()
    parts = [
        html.H3(m.get("title") or source_id, className="source-title"),
        _dl([("Publisher", m.get("publisher")), ("Published", m.get("published")), ("Source", build_link(m.get("url") or "")),
             ("Kind", m.get("kind")), ("Language", m.get("language")), ("Source id", source_id)]),
    ]
    if m.get("kind") == "snapshot":
        n = int((bundle.rows["source_id"] == source_id).sum())
        parts.append(html.P(f"A statistics snapshot (a table, no text body): {n} observation(s) in the data.", className="muted"))
        return html.Div(parts, className="source-panel")
    body = bundle.source_body(source_id)
    if body is None:
        parts.append(html.P(f"The body of this source (sources/{source_id}.md) is not available.", className="notice"))
        return html.Div(parts, className="source-panel")
    spans, misplaced = body_spans(source_id, body, bundle)
    parts.append(html.Div([html.Mark("figure", className="figure"), " extracted figure  ",
                           html.Mark("review", className="review"), " number not extracted (with the reason)"],
                          className="legend-marks"))
    parts.append(html.Div(highlight(body, spans), className="source-body"))
    if misplaced:
        parts.append(html.Div([html.H5("Spans that do not match the body"), html.Ul([html.Li(t) for t in misplaced])],
                              className="notice"))
    return html.Div(parts, className="source-panel")


def build_sources(bundle: Bundle, source: str | None = None) -> html.Div:
    return html.Div([
        html.P(f"{len(bundle.sources)} source(s). Click one to read it.", className="muted"),
        _grid(ids.SOURCES_TABLE, SOURCE_TABLE_COLUMNS, source_records(bundle), height=300, row_id="params.data.source_id"),
        html.Div(build_source_panel(bundle, source), id=ids.SOURCE_PANEL),
    ], className="sources")


# ---------------------------------------------------------------- claims vs statistics


CHECK_TABLE_COLUMNS = [
    {"field": "indicator", "width": 140},
    {"field": "country", "width": 95},
    {"field": "partner", "width": 95},
    {"field": "year", "width": 85, "filter": "agNumberColumnFilter"},
    {"field": "period", "width": 130},
    {"field": "stated", "headerName": "Stated", "width": 150},
    {"field": "value", "headerName": "Claim value", "width": 150, "filter": "agNumberColumnFilter",
     "valueFormatter": {"function": "params.value == null ? '' : d3.format(',')(params.value)"}},
    {"field": "statistic_value", "headerName": "Official value", "width": 150, "filter": "agNumberColumnFilter",
     "valueFormatter": {"function": "params.value == null ? '' : d3.format(',')(params.value)"}},
    {"field": "margin_pct", "headerName": "Difference %", "width": 135, "filter": "agNumberColumnFilter", "sort": "desc",
     # sorted by the size of the difference, either way: -60 % before +20 %
     "comparator": {"function": "bySize"},
     "headerTooltip": "Claim minus official value, in percent of the official value; sorted by its size"},
    {"field": "verdict", "width": 125},
    {"field": "statistic_source_id", "headerName": "Official series", "width": 200},
    {"field": "publisher", "headerName": "Claim publisher", "width": 200},
    {"field": "published", "width": 115},
    {"field": "source_id", "headerName": "Claim source", "width": 220},
    {"field": "note", "width": 200},
    {"field": "id", "width": 130},
]


def check_records(checks: pd.DataFrame | None) -> list[dict]:
    if checks is None or checks.empty:
        return []
    part = checks.astype(object)
    part = part.where(part.notna(), None)
    part["_key"] = [f"{i}|{o}|{n}" for n, (i, o) in enumerate(zip(part["id"], part["statistic_source_id"]))]
    return part.to_dict("records")


def build_checks(bundle: Bundle) -> html.Div:
    if bundle.checks is None:
        message = "No checks.csv beside indicators.csv: claims have not been compared with official statistics yet."
    elif bundle.checks.empty:
        message = "checks.csv has no rows."
    else:
        counts = bundle.checks["verdict"].value_counts()
        message = f"{len(bundle.checks)} check(s): " + ", ".join(f"{n} {v}" for v, n in counts.items()) + "."
    return html.Div([
        html.Div(message, id=ids.CHECKS_MESSAGE, className="muted" if bundle.checks is not None else "empty-state"),
        html.Button("Download checks CSV", id=ids.DOWNLOAD_CHECKS, n_clicks=0, className="button",
                    disabled=bundle.checks is None),
        dcc.Download(id=ids.DOWNLOAD_CHECKS_FILE),
        _grid(ids.CHECKS_TABLE, CHECK_TABLE_COLUMNS, check_records(bundle.checks), height=460, row_id="params.data._key"),
    ], className="checks-view")


# ---------------------------------------------------------------- pages


def build_shell() -> html.Div:
    """The app's fixed layout: the URL, a page slot filled from it, the download target."""
    return html.Div([
        dcc.Location(id=ids.URL, refresh=False),
        dcc.Download(id=ids.DOWNLOAD),
        html.Div(id=ids.PAGE),
    ])


def build_tab(bundle: Bundle, view: str, source: str | None = None) -> html.Div:
    """The content of the Sources or the Claims vs statistics tab."""
    if view == "sources":
        return build_sources(bundle, source)
    return build_checks(bundle)


def build_page(bundle: Bundle, state: State) -> html.Div:
    """The main page for a state: header, notices, the three views as tabs."""
    n = len(bundle.rows)
    return html.Div([
        html.Header([
            html.H1(TITLE),
            html.P(f"{n} figure(s) from {bundle.rows['source_id'].nunique()} source(s). Every point links to the sentence that states it.",
                   className="muted"),
        ]),
        html.Div(build_notices([*bundle.problems, *state.notices]), id=ids.NOTICES),
        dcc.Store(id=ids.SOURCE_SELECTED, data=state.source),
        # Sources and checks are built when their tab is opened (see build_tab): a big table stays off the first page.
        dcc.Tabs(id=ids.VIEW, value=state.view, children=[
            dcc.Tab(build_explore(bundle, state), label="Explore", value="explore"),
            dcc.Tab(html.Div(build_tab(bundle, "sources", state.source) if state.view == "sources" else [], id=ids.SOURCES_TAB),
                    label="Sources", value="sources"),
            dcc.Tab(html.Div(build_tab(bundle, "checks") if state.view == "checks" else [], id=ids.CHECKS_TAB),
                    label="Claims vs statistics", value="checks"),
        ]),
    ], className="page")


def build_embed(bundle: Bundle, state: State) -> html.Div:
    """The over-time chart alone, for an iframe."""
    rows = filter_rows(bundle.rows, state.filters)
    fig = by_year_figure(rows, indicator=state.filters.indicator, countries=state.filters.countries,
                         empty_message="No figures for this selection.")
    return html.Div([
        html.Div(build_notices(state.notices), id=ids.NOTICES),
        dcc.Graph(id=ids.EMBED_CHART, figure=fig, config=slides.graph_config(state.filters), style={"height": "100%"}),
        html.Div("Source: kca-indicators (hover a point for its source).", className="muted embed-credit"),
    ], className="embed")

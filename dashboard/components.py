"""Small build_* pieces the views share (no callbacks, no data access).

Source text is always passed as plain strings to html.* children, so a body
holding ``<script>``, HTML or a markdown link renders as inert text. Only
http(s) URLs become links.
"""
from __future__ import annotations

from urllib.parse import urlparse

import dash_ag_grid as dag
from dash import dcc, html

# The plotly toolbar: no button that talks to a third party (Chart Studio, "Share", the plotly logo link),
# no selection tools the app does not use. The camera (a local PNG) stays.
SAFE_GRAPH_CONFIG = {
    "displaylogo": False,
    "showLink": False,
    "showSendToCloud": False,
    "showEditInChartStudio": False,
    "showTips": False,
    "modeBarButtonsToRemove": ["sendDataToCloud", "editInChartStudio", "lasso2d", "select2d"],
}


def graph_config(base: dict | None = None) -> dict:
    """A dcc.Graph config: ``base`` (e.g. the camera's file name) with every third-party button off."""
    return {**(base or {}), **SAFE_GRAPH_CONFIG}


def is_web_url(url: str) -> bool:
    """True only for http:// and https:// addresses (javascript:, data:, ftp: stay text)."""
    try:
        parsed = urlparse((url or "").strip())
    except (ValueError, AttributeError):
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


def definition_list(pairs) -> html.Dl:
    """A <dl> of (term, value) pairs; empty values are left out."""
    items = []
    for term, value in pairs:
        if value is None or (isinstance(value, str) and not value):
            continue
        items += [html.Dt(term), html.Dd(value)]
    return html.Dl(items, className="meta")


BLOCK = 100  # rows a server-side grid asks for at a time


def grid(id_, columns, rows, *, height=420, row_id="params.data.id", extra=None, enter=True) -> dag.AgGrid:
    """An AG Grid; Enter on a row sends its id as ``eventData`` (the keyboard's click).

    ``rows`` None: the rows stay on the server, and the grid asks for them a block at a time as it scrolls,
    sorts or filters (AG Grid's infinite row model: it sets ``getRowsRequest``, a callback answers with
    ``getRowsResponse``), one request at a time so every answer meets its question.
    """
    paged = rows is None
    options = {"rowSelection": {"mode": "singleRow", "enableClickSelection": True, "checkboxes": False},
               "animateRows": False, "tooltipShowDelay": 300, **(extra or {})}
    if paged:
        options |= {"cacheBlockSize": BLOCK, "maxBlocksInCache": 40, "maxConcurrentDatasourceRequests": 1}
    return dag.AgGrid(
        id=id_,
        columnDefs=columns,
        rowData=None if paged else rows,
        rowModelType="infinite" if paged else "clientSide",
        getRowId=row_id,
        defaultColDef={"sortable": True, "filter": True, "resizable": True, "floatingFilter": True, "cellDataType": False},
        dashGridOptions=options,
        eventListeners={"cellKeyDown": ["rowEnter(params, setEventData)"]} if enter else None,
        style={"height": f"{height}px", "width": "100%"},
        className="ag-theme-quartz",
    )


def paged_columns(columns: list[dict], fields: dict) -> list[dict]:
    """Column definitions for a server-side grid: each sorts and filters as the server can (``fields``: grid field
    -> (ORDER BY expressions, filter expression, filter kind), see :mod:`dashboard.selection`)."""
    out = []
    for c in columns:
        sort, expr, kind = fields.get(c["field"], (None, None, None))
        filt = {"text": "agTextColumnFilter", "number": "agNumberColumnFilter"}.get(kind) if expr else False
        out.append({k: v for k, v in c.items() if k != "comparator"} | {"sortable": bool(sort), "filter": filt or False})
    return out


def copy_field(id_: str, label: str, value: str = "", *, multiline: bool = False) -> html.Div:
    """A read-only text field with a copy button (dcc.Clipboard: the browser's own clipboard, nothing sent)."""
    field = (dcc.Textarea(id=id_, value=value, readOnly=True, rows=3, className="copy-text") if multiline
             else dcc.Input(id=id_, value=value, readOnly=True, type="text", className="copy-text"))
    return html.Div([
        html.Label(label, htmlFor=id_),
        html.Div([field, dcc.Clipboard(target_id=id_, title=f"Copy the {label.lower()}", className="copy-button")],
                 className="copy-row"),
    ], className="copy-field")

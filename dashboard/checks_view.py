"""The Table tab: each claim of the selection beside the official records, with the verdict in words (pure).

One row per claim (country × year): what the press said, what Korea's records
and the partner's records give for the same period, the difference and the
verdict from ``checks.csv``. It follows the filters; a row opens the quote.
"""
from __future__ import annotations

import pandas as pd
from dash import dcc, html

from etl import periods

from . import ids, labels, selection
from .components import grid, paged_columns
from .data import Bundle, Filters
from .units import value_text

CLAIMS_COLUMNS = [
    {"field": "country", "headerName": "Country", "pinned": "left", "width": 125},
    {"field": "year", "headerName": "Year", "width": 80, "filter": "agNumberColumnFilter", "sort": "desc"},
    {"field": "period", "headerName": "Period", "width": 135},
    {"field": "claim", "headerName": "Claim", "width": 170, "tooltipField": "claim"},
    {"field": "publisher", "headerName": "Said by", "width": 190, "tooltipField": "publisher"},
    {"field": "published", "headerName": "Published", "width": 110},
    {"field": "korea", "headerName": "Korea's records", "width": 195, "tooltipField": "korea",
     "headerTooltip": "The official value for the same period as Korea records it (Korea Customs)"},
    {"field": "partner", "headerName": "Partner's records", "width": 195, "tooltipField": "partner",
     "headerTooltip": "The official value as the Central Asian country reports it"},
    {"field": "margin", "headerName": "Difference %", "width": 130, "filter": "agNumberColumnFilter",
     "comparator": {"function": "bySize"},
     "valueFormatter": {"function": "params.value == null ? '' : (params.value > 0 ? '+' : '') + params.value.toFixed(1) + ' %'"},
     "headerTooltip": "Claim minus the official value compared, in percent of it; sorts by its size"},
    {"field": "verdict", "headerName": "Verdict", "width": 250, "tooltipField": "verdict",
     "cellClass": {"function": "'verdict-cell verdict-' + ((params.data && params.data.verdict_key) || 'none')"}},
    {"field": "reason", "headerName": "Why", "width": 320, "tooltipField": "reason"},
    {"field": "stated", "headerName": "As stated", "width": 140},
    {"field": "id", "headerName": "Id", "width": 120},
]


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def _official(value, period, unit: str) -> str:
    number = _num(value)
    if number is None:
        return ""
    return value_text(number, unit) + (f" ({periods.label(str(period))})" if period else "")


def claim_records(df: pd.DataFrame) -> list[dict]:
    """Grid rows from :func:`dashboard.selection.claim_checks` (JSON-safe, values in words)."""
    out = []
    for r in df.to_dict("records"):
        unit = str(r.get("unit") or "USD")
        korea = partner = ""
        for prefix, period in (("statistic", r.get("statistic_period")), ("other", r.get("statistic_period"))):
            reporter = str(r.get(f"{prefix}_reporter") or "")
            text = _official(r.get(f"{prefix}_value"), period or "", unit)
            if reporter == labels.KOREA and not korea:
                korea = text
            elif reporter and not partner:
                partner = text
        verdict = str(r.get("verdict") or "") if r.get("verdict") == r.get("verdict") else ""
        out.append({
            "id": str(r["id"]), "country": str(r["_country_name"]), "year": int(r["year"]),
            "period": str(r["_period_label"]), "claim": str(r["_value_text"]), "stated": str(r.get("stated") or ""),
            "publisher": str(r.get("publisher") or ""), "published": str(r.get("published") or ""),
            "korea": korea, "partner": partner, "margin": _num(r.get("margin_pct")),
            "verdict": labels.verdict_text(verdict), "verdict_key": verdict.replace(" ", "-") or "none",
            "reason": str(r.get("reason") or "") if r.get("reason") == r.get("reason") else "",
        })
    return out


def verdict_summary(bundle: Bundle, filters: Filters) -> str:
    """"12 claim(s): 5 consistent, 3 differs, 4 no statistic" (claims, not rows), counted in SQL."""
    total, counts = selection.verdict_counts(bundle, filters)
    if not total:
        return "No press claims in this selection."
    return f"{total:,} claim(s): " + ", ".join(f"{n:,} {v or labels.NOT_CHECKED}" for v, n in counts.items()) + "."


def build_table_tab(bundle: Bundle) -> html.Div:
    """The Table tab's frame; its rows follow the filters (filled by a callback)."""
    if not bundle.has_checks:
        note = html.Div("No checks.csv beside indicators.csv: the claims are listed, not yet compared with official "
                        "statistics (run `python -m etl build`).", className="notice")
    else:
        note = None
    return html.Div([
        html.P("Each press claim of the selection beside the official records for the same period, with the verdict "
               "in words. Click a row (or press Enter on it) for its sentence.", className="table-help"),
        html.Details([html.Summary("What the verdicts mean"),
                      html.Ul([html.Li([html.Strong(v), f" ({k})"]) for k, v in labels.VERDICT_WORDS.items()])],
                     className="muted"),
        note,
        html.Div(id=ids.CLAIMS_MESSAGE, className="explore-message", role="status"),
        html.Div([
            html.Button("Download this table's checks (CSV)", id=ids.DOWNLOAD_CLAIMS, n_clicks=0, className="button",
                        disabled=not bundle.has_checks),
            dcc.Download(id=ids.DOWNLOAD_CLAIMS_FILE),
        ], className="downloads"),
        grid(ids.CLAIMS_TABLE, paged_columns(CLAIMS_COLUMNS, selection.CLAIM_FIELDS_OF_GRID), None, height=460),
        dcc.Store(id=ids.CLAIMS_QUERY), dcc.Store(id=ids.CLAIMS_PURGED),
    ], className="table-view")

"""The citation of one figure (the drawer beside the chart) and "About this data" (pure builders).

A claim shows its sentence with the figure marked, where it was published, and
how it compares with the official records; an official value shows its series:
producer, vintage, caveats, licence and how to cite it.
"""
from __future__ import annotations

import re

import pandas as pd
from dash import dcc, html

from etl import periods

from . import labels
from .components import build_link, definition_list, highlight
from .provenance import About, citation_bibtex, citation_plain, compilation_bibtex, compilation_plain
from .units import value_text

EMPTY_TEXT = "Click a point of a chart or a row of a table (or press Enter on it) to see which sentence of which source says so."


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


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


def build_check(check: dict | None, unit: str, country: str, names: dict | None = None) -> html.Div | None:
    """The official value(s) a claim was compared with, the margin and the verdict, in words.

    ``names``: series id -> its producer in words (from the series' metadata).
    """
    if not check:
        return None
    rows = []
    for prefix in ("statistic", "other"):
        value = _num(check.get(f"{prefix}_value"))
        if value is None:
            continue
        who = labels.reporter_text(str(check.get(f"{prefix}_reporter") or ""), country) or "official"
        sid = str(check.get(f"{prefix}_source_id") or "")
        series = (names or {}).get(sid) or labels.producer_short(str(check.get("statistic_publisher") or "")
                                                                  if prefix == "statistic" else sid)
        margin = labels.margin_text(check.get("margin_pct" if prefix == "statistic" else "other_margin_pct"))
        period = periods.label(str(check.get("statistic_period") or ""))
        rows.append(html.Tr([html.Td(who), html.Td(value_text(value, unit)), html.Td(period),
                             html.Td(margin), html.Td(series)]))
    verdict = str(check.get("verdict") or "")
    parts = [html.H5("Against official statistics"),
             html.P([html.Span(labels.verdict_text(verdict), className=f"verdict verdict-{verdict.replace(' ', '-')}"),
                     f" — {check.get('reason')}" if check.get("reason") else ""])]
    if rows:
        head = html.Tr([html.Th(h) for h in ("Records of", "Official value", "Period", "Claim vs it", "Series")])
        parts.append(html.Table([html.Thead(head), html.Tbody(rows)], className="checks"))
    tolerance = _num(check.get("tolerance_pct"))
    if tolerance is not None:
        parts.append(html.P(f"Tolerance: ±{tolerance:g} % (the rounding of the figure as stated, plus revisions).",
                            className="muted"))
    return html.Div(parts, className="citation-checks")


def build_citation(row: dict | None, *, body: str | None = None, check: dict | None = None,
                   about: About | None = None, unit: str = "USD", names: dict | None = None) -> html.Div:
    """The citation panel for one observation (a dict of a prepared row); ``names`` as for :func:`build_check`."""
    if row is None:
        return html.Div(EMPTY_TEXT, className="citation-empty")
    head = f"{row['_country_name']} · {row['_period_label']} · {row['_value_text']}"
    parts = [html.H3(head, className="citation-head")]
    if row.get("_claim"):
        quote = row.get("quote") or ""
        span = figure_span_in_quote(row, body)
        children = highlight(quote, [(span[0], span[1], "figure", row.get("stated") or "", "")]) if span else [quote]
        parts.append(html.Blockquote(children or "(no quote)", className="quote"))
        parts.append(definition_list([
            ("Publisher", row.get("publisher")),
            ("Published", row.get("published")),
            ("Title", row.get("source_title")),
            ("Source", build_link(row.get("url") or "")),
            ("As stated", row.get("stated")),
            ("Reads as", labels.comparator_text(row.get("comparator"))),
            ("Method", row.get("method")),
            ("Note", row.get("note")),
            ("Source id", row.get("source_id")),
            ("Observation id", row.get("id")),
        ]))
        parts.append(build_check(check, unit, str(row.get("_country_name") or ""), names))
    else:
        parts.append(html.P(f"Official statistics: {row.get('_series') or row.get('publisher')} "
                            "(a table, not a text: no quote).", className="muted"))
        parts.append(definition_list([
            ("Producer", (about.producer if about else "") or row.get("publisher")),
            ("Series", (about.title if about else "") or row.get("source_title")),
            ("Vintage", about.vintage if about else ""),
            ("Accessed", (about.date_accessed if about else "") or row.get("published")),
            ("Producer's page", build_link(about.producer_url) if about and about.producer_url else None),
            ("Copy taken from", build_link(row.get("url") or "")),
            ("Note", row.get("note")),
            ("Observation id", row.get("id")),
        ]))
        if about:
            parts.append(build_about_item(about, open_=False, key="drawer"))
    return html.Div([p for p in parts if p is not None], className="citation")


# ---------------------------------------------------------------- about this data


def _dom_id(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9_-]", "-", text)


def build_about_item(about: About, *, open_: bool = False, key: str = "about") -> html.Details:
    """One official series: producer, vintage, caveats, licence, citation (plain and BibTeX)."""
    plain, bib = citation_plain(about), citation_bibtex(about)
    return html.Details([
        html.Summary([html.Strong(about.short_producer), f" — {about.title}" if about.title else "",
                      html.Span(f" ({about.when})" if about.when else "", className="muted")]),
        definition_list([
            ("Producer", about.producer),
            ("Vintage", about.vintage or "not stated"),
            ("Accessed", about.date_accessed),
            ("Producer's page", build_link(about.producer_url) if about.producer_url else None),
            ("Copy taken from", build_link(about.url) if about.url else None),
            ("Licence", about.licence),
        ]),
        html.Div([html.H5("Caveats"), html.Ul([html.Li(c) for c in about.caveats])]) if about.caveats else None,
        _cite_block(_dom_id(f"{key}-{about.source_id}"), plain, bib),
    ], open=open_, className="about-item")


def _cite_block(key: str, plain: str, bib: str) -> html.Div:
    # ids must be unique in the page: one per series, per place shown
    return html.Div([
        html.H5("Cite as"),
        html.Div([html.Pre(plain, id=f"{key}-plain", className="cite-text"),
                  dcc.Clipboard(target_id=f"{key}-plain", title="Copy the citation", className="copy-button")],
                 className="copy-row"),
        html.Details([html.Summary("BibTeX"),
                      html.Div([html.Pre(bib, id=f"{key}-bib", className="cite-text"),
                                dcc.Clipboard(target_id=f"{key}-bib", title="Copy the BibTeX entry", className="copy-button")],
                               className="copy-row")]),
    ], className="cite")


def build_about(abouts: list[About], claims: int, publishers: list[str], *, key: str = "about") -> html.Details:
    """"About this data" for a chart: how many press claims it holds and from whom, each official series, how to
    cite them."""
    items = [html.P([html.Strong("Press claims: "),
                     f"{claims:,} figure(s) from {len(publishers)} publisher(s)"
                     + (f" ({', '.join(publishers[:6])}{'…' if len(publishers) > 6 else ''})" if publishers else "")
                     + ". Each point cites its own sentence: click it."])]
    items += [build_about_item(a, key=key) for a in abouts]
    if not abouts:
        items.append(html.P("No official series in this view.", className="muted"))
    items.append(html.Details([html.Summary("Cite the compilation"),
                               _cite_block(f"{key}-compilation", compilation_plain(), compilation_bibtex())]))
    series = dict.fromkeys(f"{a.short_producer} ({a.when})" if a.when else a.short_producer for a in abouts)
    summary = "About this data: " + ", ".join([f"{claims:,} press claim(s)", *series]) + " — producers, caveats, how to cite"
    return html.Details([html.Summary(summary), *items], className="about", open=False)

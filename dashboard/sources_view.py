"""The Sources tab: every source, and a reader that shows a body with its figures marked (pure builders)."""
from __future__ import annotations

import pandas as pd
from dash import html

from . import ids, labels
from .citation import build_about_item
from .components import build_link, definition_list, grid, highlight
from .data import Bundle, figures_per_source, review_of_source, source_count
from .selection import rows_of_source

SOURCE_TABLE_COLUMNS = [
    {"field": "title", "headerName": "Title", "width": 320, "tooltipField": "title"},
    {"field": "publisher", "headerName": "Publisher", "width": 240},
    {"field": "date", "headerName": "Published / vintage", "width": 160},
    {"field": "kind_text", "headerName": "Kind", "width": 130},
    {"field": "figures", "headerName": "Figures", "width": 100, "filter": "agNumberColumnFilter"},
    {"field": "in_review", "headerName": "In review", "width": 110, "filter": "agNumberColumnFilter",
     "headerTooltip": "Numbers the ETL could not place (no indicator, country or year): a curator decides"},
    {"field": "source_id", "headerName": "Source id", "width": 260},
]
KIND_TEXT = {"document": "Article (whole)", "excerpt": "Excerpt", "snapshot": "Official statistics"}


def review_counts(bundle: Bundle) -> pd.Series:
    """Per source: how many of its review items are truly in review (not years, dates or skipped figures)."""
    review = bundle.review
    if review.empty:
        return pd.Series(dtype="int64")
    kinds = review["reason"].map(labels.review_kind)
    return review.loc[kinds == "review", "source_id"].value_counts()


def source_records(bundle: Bundle) -> list[dict]:
    """Every source with its number of figures and of items in review."""
    figures = figures_per_source(bundle)
    review = review_counts(bundle)
    df = bundle.sources.copy()
    df["figures"] = df["source_id"].map(figures).fillna(0).astype(int)
    df["in_review"] = df["source_id"].map(review).fillna(0).astype(int)
    df["kind_text"] = [KIND_TEXT.get(k, k) for k in df["kind"]]
    df["date"] = [_date_of(bundle, sid, kind, pub) for sid, kind, pub in zip(df["source_id"], df["kind"], df["published"])]
    return df[[c["field"] for c in SOURCE_TABLE_COLUMNS]].astype(object).to_dict("records")


def _date_of(bundle: Bundle, source_id: str, kind: str, published: str) -> str:
    if kind != "snapshot":
        return published
    about = bundle.about.get(source_id)
    return about.when if about and about.when else f"accessed {published}"


def body_spans(source_id: str, body: str, bundle: Bundle) -> tuple[list, list[str]]:
    """Highlight spans for a body: extracted figures, and numbers in review (badged) or skipped (marked lightly).

    Years, dates and names the ETL rightly left out are not marked at all. Returns the spans and the
    items whose offsets do not fit the body.
    """
    spans, misplaced = [], []
    figs = rows_of_source(bundle, source_id)
    for r in figs[["_country_name", "_period_label", "_value_text", "char_start", "char_end", "stated", "indicator"]].to_dict("records"):
        label = f"{r['indicator']} · {r['_country_name']} · {r['_period_label']}: {r['_value_text']}"
        spans.append(_span(body, r["char_start"], r["char_end"], r["stated"], "figure", label, "", misplaced))
    rev = review_of_source(bundle, source_id)
    for r in rev.itertuples(index=False):
        kind = labels.review_kind(r.reason)
        if kind == "not-a-figure":
            continue
        tag = "review" if kind == "review" else ""
        spans.append(_span(body, r.char_start, r.char_end, r.stated, kind,
                           f"{'in review' if tag else 'not taken'}: {r.reason}", tag, misplaced))
    return [s for s in spans if s is not None], misplaced


def _span(body, start, end, stated, cls, title, tag, misplaced):
    if start is not None and end is not None and not pd.isna(start) and not pd.isna(end):
        start, end = int(start), int(end)
        if 0 <= start < end <= len(body) and (not stated or body[start:end] == stated):
            return (start, end, cls, title, tag)
    misplaced.append(f"{title} (“{stated}” at {start}–{end} does not match the body)")
    return None


def build_source_panel(bundle: Bundle, source_id: str | None) -> html.Div:
    """One source: its metadata and its body with figures and review items marked."""
    if not source_id:
        return html.Div("Open a source (click its row, or press Enter on it) to read it with every figure marked.",
                        className="muted")
    meta = bundle.sources[bundle.sources["source_id"] == source_id]
    if meta.empty:
        return html.Div(f"No source “{source_id}” in sources.csv.", className="notice")
    m = meta.iloc[0].to_dict()
    kind = str(m.get("kind") or "")
    about = bundle.about.get(source_id)
    parts = [html.H3(m.get("title") or source_id, className="source-title")]
    if kind == "excerpt":
        parts.append(html.P([html.Strong("Excerpt", className="badge-excerpt"),
                             ": the sentences the tables cite (with […] between passages that are not adjacent). "
                             "The whole article: ", build_link(m.get("url") or "", "read it on the publisher's site")],
                            className="excerpt-note"))
    dates = ([("Vintage", about.vintage if about and about.vintage else "not stated"),
              ("Accessed", (about.date_accessed if about else "") or m.get("published"))] if kind == "snapshot"
             else [("Published", m.get("published"))])
    parts.append(definition_list([("Publisher", m.get("publisher")), *dates, ("Source", build_link(m.get("url") or "")),
                                  ("Kind", KIND_TEXT.get(kind, kind)), ("Language", m.get("language")),
                                  ("Source id", source_id)]))
    if kind == "snapshot":
        n = bundle.per_source.get(source_id, 0)
        parts.append(html.P(f"Official statistics (a table, no text body): {n} observation(s) in the data.", className="muted"))
        if about:
            parts.append(build_about_item(about, open_=True, key="source"))
        return html.Div(parts, className="source-panel")
    body = bundle.source_body(source_id)
    if body is None:
        parts.append(html.P(f"The body of this source (sources/{source_id}.md) is not available.", className="notice"))
        return html.Div(parts, className="source-panel")
    spans, misplaced = body_spans(source_id, body, bundle)
    parts.append(html.Div([html.Mark("figure", className="figure"), " a figure in the tables  ",
                           html.Mark("review", className="review"), html.Span("review", className="tag tag-review"),
                           " a number the ETL could not place (a curator decides)  ",
                           html.Mark("skipped", className="skipped"), " a number not tracked (hover for why)"],
                          className="legend-marks"))
    parts.append(html.Div(highlight(body, spans), className="source-body"))
    if misplaced:
        parts.append(html.Div([html.H5("Spans that do not match the body"), html.Ul([html.Li(t) for t in misplaced])],
                              className="notice"))
    return html.Div(parts, className="source-panel")


def sources_summary(bundle: Bundle) -> str:
    """"35 sources: 31 documents, 4 official series" (the header says the same)."""
    total, documents, series = source_count(bundle)
    return f"{total} source(s): {documents} document(s), {series} official series"


def build_sources(bundle: Bundle, source: str | None = None) -> html.Div:
    return html.Div([
        html.P(f"{sources_summary(bundle)}. Click one (or press Enter on it) to read it.", className="muted"),
        grid(ids.SOURCES_TABLE, SOURCE_TABLE_COLUMNS, source_records(bundle), height=300, row_id="params.data.source_id"),
        html.Div(build_source_panel(bundle, source), id=ids.SOURCE_PANEL),
    ], className="sources")

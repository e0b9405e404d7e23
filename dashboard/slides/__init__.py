"""Briefing slides (pure): filtered rows in, slide content, PPTX and image bytes out.

- :mod:`.content`: what a slide says as plain data (:func:`slide_content`, :func:`chart_table`);
- :mod:`.notes`: its words (subtitle, source line, speaker notes with "About this data");
- :mod:`.pptx`: a 16:9 deck with native, editable charts (:func:`pptx_bytes`);
- :mod:`.image`: the same chart as a 1920×1080 PNG/SVG through kaleido and Chromium (:func:`image_bytes`).

This module adds what the dashboard calls: :func:`download` (a view as a file),
:func:`graph_config` (the camera button's file). Errors are :class:`SlideError`
(a ``ValueError``); the dashboard and the CLI turn them into messages.
"""
from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from ..data import Filters
from ..downloads import export_name
from ..style import OKABE_ITO, PALETTE
from .content import (
    BOUND_SIGNS,
    STATISTICS_MODES,
    ChartTable,
    KeyEntry,
    Series,
    SlideContent,
    SlideError,
    bound_label,
    chart_table,
    select_statistics,
    slide_content,
)
from .image import (
    HEIGHT_PX,
    IMAGE_FORMATS,
    WIDTH_PX,
    ChromiumMissing,
    chromium_path,
    image_bytes,
    slide_figure,
    slide_spec,
    style_for_slide,
)
from .notes import notes_text, short_source_line, source_line
from .pptx import plot_area_share, pptx_bytes


def view_pptx(df: pd.DataFrame, filters: Filters, **options) -> bytes:
    """One view as a one-slide deck (options as for :func:`slide_content`)."""
    return pptx_bytes([slide_content(df, filters, **options)])


def file_stem(filters: Filters) -> str:
    """``kca-trade_turnover-UZB-KAZ-KOR-1992-2024``: the CSV download's name without its suffix."""
    return export_name(filters, "csv")[: -len(".csv")]


def graph_config(filters: Filters, *, suffix: str = "") -> dict:
    """dcc.Graph config: the camera button saves a 1920×1080 PNG (960×540 at scale 2) named after the view."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": file_stem(filters) + suffix,
                                 "width": WIDTH_PX // 2, "height": HEIGHT_PX // 2, "scale": 2},
    }


def download(df: pd.DataFrame, filters: Filters, fmt: str, *, statistics: bool | str = "all",
             about: Sequence[str] = ()) -> tuple[bytes, str]:
    """The file for a view: ``pptx`` (one slide), ``png`` or ``svg``; returns (bytes, file name).

    ``statistics``: which official series of ``df`` to draw ("all", "context", "none");
    ``about``: one "About this data" block per official series, for the slide's notes.
    """
    fmt = (fmt or "").lower()
    if fmt == "pptx":
        return view_pptx(df, filters, statistics=statistics, about=about), export_name(filters, "pptx")
    if fmt in IMAGE_FORMATS:
        return image_bytes(slide_spec(df, filters, statistics=statistics), fmt), export_name(filters, fmt)
    raise SlideError(f"Unknown format “{fmt}”; use pptx, png or svg.")


__all__ = [
    "BOUND_SIGNS", "HEIGHT_PX", "IMAGE_FORMATS", "OKABE_ITO", "PALETTE", "STATISTICS_MODES", "WIDTH_PX",
    "ChartTable", "ChromiumMissing", "KeyEntry", "Series", "SlideContent", "SlideError",
    "bound_label", "chart_table", "chromium_path", "download", "file_stem", "graph_config", "image_bytes",
    "notes_text", "plot_area_share", "pptx_bytes", "select_statistics", "short_source_line", "slide_content",
    "slide_figure", "slide_spec", "source_line", "style_for_slide", "view_pptx",
]

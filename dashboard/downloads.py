"""CSV and zip downloads (pure: frames in, bytes out).

Cells that a spreadsheet would read as a formula (starting with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return) get a leading ``'`` (OWASP, "CSV
injection"). Numeric columns are written as numbers and never prefixed, so a
negative value stays a number.
"""
from __future__ import annotations

import csv
import io
import math
import zipfile
from datetime import date

import numpy as np
import pandas as pd

from etl.schema import CHECK_COLUMNS, COLUMN_MEANINGS, COLUMNS, SOURCE_COLUMNS, vocabulary

from .data import Filters

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_COLUMNS = ("value", "year", "char_start", "char_end", "statistic_value", "margin_pct", "tolerance_pct", "other_value", "other_margin_pct")

# What each column of indicators.csv means, for the README of the zip (the contract, section 2).


def neutralise(cell: object) -> object:
    """Prefix a text cell that a spreadsheet would execute with ``'``; leave numbers alone."""
    if isinstance(cell, str) and cell.startswith(FORMULA_START):
        return "'" + cell
    return cell


_RISKY = frozenset(FORMULA_START)


def _text_values(values: list) -> list[str]:
    """Cells of a text column as strings, missing as "", formula-like ones neutralised (fast path of neutralise)."""
    out = []
    for v in values:
        if v.__class__ is not str:
            v = "" if v is None or v is pd.NA or (isinstance(v, float) and math.isnan(v)) else str(v)
        out.append("'" + v if v[:1] in _RISKY else v)
    return out


def _number_values(series: pd.Series) -> list[str]:
    """Cells of a numeric column: integers without ".0", other floats in full, missing as ""."""
    if str(series.dtype) in ("Int64", "int64", "int32"):
        return ["" if v is pd.NA else str(v) for v in series.tolist()]
    arr = pd.to_numeric(series, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    finite = np.isfinite(arr)
    whole = finite & (np.floor(arr) == arr) & (np.abs(arr) < 1e18)
    return [(str(int(v)) if w else repr(v)) if f else "" for v, f, w in zip(arr.tolist(), finite.tolist(), whole.tolist())]


def to_csv_bytes(df: pd.DataFrame, columns: tuple[str, ...] | list[str]) -> bytes:
    """The rows of ``df`` as UTF-8 CSV with ``columns``, formula-safe, numbers as numbers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    cols = []
    for c in columns:
        if c not in df.columns:
            cols.append([""] * len(df))
        elif c in NUMERIC_COLUMNS:
            cols.append(_number_values(df[c]))
        else:
            cols.append(_text_values(df[c].tolist()))
    writer.writerows(zip(*cols))
    return out.getvalue().encode("utf-8")


def rows_csv(df: pd.DataFrame) -> bytes:
    """The filtered observations, all contract columns (citations included)."""
    return to_csv_bytes(df, COLUMNS)


def checks_csv(df: pd.DataFrame | None) -> bytes:
    """checks.csv as shown in the Claims vs statistics view (formula-safe)."""
    return to_csv_bytes(df if df is not None else pd.DataFrame(columns=list(CHECK_COLUMNS)), CHECK_COLUMNS)


def export_name(filters: Filters, suffix: str = "csv") -> str:
    """``kca-trade_turnover-UZB-KAZ-KOR-1992-2024.csv``: what is inside, in the file name."""
    safe = "".join(ch for ch in filters.indicator if ch.isalnum() or ch in "_-") or "indicator"
    countries = "-".join(filters.countries) or "none"
    partner = f"-{filters.partner}" if filters.partner else ""
    return f"kca-{safe}-{countries}{partner}-{filters.years[0]}-{filters.years[1]}.{suffix}"


def readme_text(filters: Filters, df: pd.DataFrame, csv_name: str, *, today: date | None = None) -> str:
    """A short README for the zip: what is inside, each column, how to cite."""
    today = today or date.today()
    known = vocabulary().get(filters.indicator)
    lines = [
        "# Korea–Central Asia economic cooperation figures",
        "",
        f"Exported {today.isoformat()} from the kca-indicators dashboard.",
        "",
        f"- `{csv_name}`: {len(df)} observation(s) of `{filters.indicator}`"
        + (f" ({known.label}: {known.definition} Unit: {known.unit}.)" if known else ""),
        f"  Countries: {', '.join(filters.countries) or 'none'}; partner: {filters.partner or 'any'}; "
        f"years {filters.years[0]}–{filters.years[1]}.",
        "- `sources.csv`: the sources these observations cite (" + ", ".join(SOURCE_COLUMNS) + ").",
        "",
        "## Columns",
        "",
        *[f"- `{c}`: {COLUMN_MEANINGS.get(c, '')}" for c in COLUMNS],
        "",
        "Figures for part of a year (period not a whole year) are not annual figures; "
        "comparators other than `equal` (`more_than`, `at_least`, `less_than`, `at_most`, `about`) mean the source "
        "gave a bound or an approximation, not an exact value.",
        "Cells that begin with `'` had it added so that spreadsheets do not run them as formulas.",
        "",
        "## How to cite",
        "",
        "Cite the original source of each figure (publisher, title, date, url, and the quoted sentence), "
        "e.g.: President of Uzbekistan, “Negotiations …”, 2024-06-14, <url>: “In 2023 trade turnover reached …”. "
        "For the compilation: kca-indicators, Korea–Central Asia economic cooperation figures, "
        f"observation id(s) as listed, accessed {today.isoformat()}.",
        "",
    ]
    return "\n".join(lines)


def zip_bytes(df: pd.DataFrame, sources: pd.DataFrame, filters: Filters, *, today: date | None = None) -> bytes:
    """The filtered CSV, the sources it cites and a README, in one zip."""
    csv_name = export_name(filters)
    cited = sources[sources["source_id"].isin(set(df["source_id"]))]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        zf.writestr(csv_name, rows_csv(df))
        zf.writestr("sources.csv", to_csv_bytes(cited, SOURCE_COLUMNS))
        zf.writestr("README.md", readme_text(filters, df, csv_name, today=today))
    return buf.getvalue()

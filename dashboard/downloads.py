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

from etl.schema import CHECK_COLUMN_MEANINGS, COLUMN_MEANINGS, COLUMNS, SOURCE_COLUMNS, vocabulary

from .data import CHECK_COLUMNS, Filters
from .labels import COMPARATOR_MEANINGS
from .provenance import about_records, citation_bibtex, citation_plain, compilation_bibtex, compilation_plain

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
NUMERIC_COLUMNS = ("value", "year", "char_start", "char_end", "statistic_value", "margin_pct", "tolerance_pct",
                   "other_value", "other_margin_pct")


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
    """checks.csv rows (one per claim), formula-safe."""
    return to_csv_bytes(df if df is not None else pd.DataFrame(columns=list(CHECK_COLUMNS)), CHECK_COLUMNS)


def export_name(filters: Filters, suffix: str = "csv") -> str:
    """``kca-trade_turnover-UZB-KAZ-KOR-1992-2024.csv``: what is inside, in the file name."""
    safe = "".join(ch for ch in filters.indicator if ch.isalnum() or ch in "_-") or "indicator"
    countries = "-".join(filters.countries) or "none"
    partner = f"-{filters.partner}" if filters.partner else ""
    return f"kca-{safe}-{countries}{partner}-{filters.years[0]}-{filters.years[1]}.{suffix}"


OFFICIAL_WORDS = {"korea": "each country's Korea-reported series", "all": "every official series",
                  "none": "no official series (press claims only)"}


def _about_section(abouts) -> list[str]:
    lines = ["## About the official statistics", ""]
    if not abouts:
        return [*lines, "No official series in this download.", ""]
    for a in abouts:
        lines += [f"### {a.producer or a.source_id}: {a.title}", "",
                  f"- Series id: `{a.source_id}`",
                  f"- Vintage: {a.vintage or 'not stated'}; accessed {a.date_accessed or 'unknown'}",
                  *([f"- Producer's page: {a.producer_url}"] if a.producer_url else []),
                  *([f"- Copy taken from: {a.url}"] if a.url else []),
                  f"- Licence: {a.licence or 'not stated'}",
                  *(["- Caveats:"] + [f"  - {c}" for c in a.caveats] if a.caveats else []),
                  f"- Cite as: {citation_plain(a)}", "", "```bibtex", citation_bibtex(a), "```", ""]
    return lines


def readme_text(filters: Filters, df: pd.DataFrame, csv_name: str, *, today: date | None = None, abouts=(),
                checks_rows: int | None = None) -> str:
    """The zip's README: what each file holds, each column, every indicator and comparator, the official series'
    provenance, and how to cite. It names only files that are in the zip."""
    today = today or date.today()
    known = vocabulary().get(filters.indicator)
    files = [
        f"- `{csv_name}`: {len(df)} observation(s) of `{filters.indicator}`"
        + (f" ({known.label}: {known.definition} Unit: {known.unit}.)" if known else ""),
        f"  Countries: {', '.join(filters.countries) or 'none'}; partner: {filters.partner or 'any'}; "
        f"years {filters.years[0]}–{filters.years[1]}; official statistics: "
        f"{OFFICIAL_WORDS.get(getattr(filters, 'official', 'all'), 'every official series')}.",
        "- `sources.csv`: the sources these observations cite (" + ", ".join(SOURCE_COLUMNS) + ").",
    ]
    if checks_rows is not None:
        files.append(f"- `checks.csv`: {checks_rows} press claim(s) of this selection checked against official "
                     "statistics, one row per claim; its columns are listed below.")
    files.append("- `README.md`: this file.")
    lines = [
        "# Korea–Central Asia economic cooperation figures",
        "",
        f"Exported {today.isoformat()} from the kca-indicators dashboard. The files in this zip:",
        "",
        *files,
        "",
        f"## Columns of `{csv_name}`",
        "",
        *[f"- `{c}`: {COLUMN_MEANINGS.get(c, '')}" for c in COLUMNS],
        "",
        *(["## Columns of `checks.csv`", "", *[f"- `{c}`: {CHECK_COLUMN_MEANINGS.get(c, '')}" for c in CHECK_COLUMNS], ""]
          if checks_rows is not None else []),
        "## Indicators (the values of `indicator`)",
        "",
        *[f"- `{k}`: {v.label}. {v.definition} Unit: {v.unit}." for k, v in vocabulary().items()],
        "",
        "## Comparators (the values of `comparator`)",
        "",
        *[f"- `{k}`: {v}" for k, v in COMPARATOR_MEANINGS.items()],
        "",
        "A comparator other than `equal` means the source gave a bound or an approximation, not an exact value. "
        "Figures for part of a year (a `period` such as 2023-01/2023-06) are not annual figures.",
        "",
        "Cells that begin with `'` had it added so that spreadsheets do not run them as formulas "
        "(only text cells that began with =, +, -, @, a tab or a carriage return); every other cell is as in the data.",
        "",
        *_about_section(abouts),
        "## How to cite",
        "",
        "Cite the original source of each figure (publisher, title, date, url, and the quoted sentence, all in the "
        "CSV), and the official series as above. For the compilation:",
        "",
        compilation_plain(today),
        "",
        "```bibtex",
        compilation_bibtex(today),
        "```",
        "",
    ]
    return "\n".join(lines)


def _add(zf: zipfile.ZipFile, name: str, data: bytes | str, when: tuple) -> None:
    """A file in the zip that unzips readable by everyone (rw-r--r--)."""
    info = zipfile.ZipInfo(name, date_time=when)
    info.external_attr = 0o644 << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    zf.writestr(info, data)


def zip_bytes(df: pd.DataFrame, sources: pd.DataFrame, filters: Filters, *, today: date | None = None,
              checks: pd.DataFrame | None = None, folder=None) -> bytes:
    """The filtered CSV, the sources it cites, the checks of its claims (when given) and a README, in one zip.

    ``folder`` is the data folder: the official series' provenance (snapshots/*.meta.yml) goes into the README.
    """
    today = today or date.today()
    csv_name = export_name(filters)
    cited = sources[sources["source_id"].isin(set(df["source_id"]))]
    stats_ids = [str(s) for s in df.loc[df["method"] == "statistics", "source_id"].unique()] if len(df) else []
    abouts = about_records(folder, stats_ids) if folder is not None else []
    when = (today.year, today.month, today.day, 0, 0, 0)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        _add(zf, csv_name, rows_csv(df), when)
        _add(zf, "sources.csv", to_csv_bytes(cited, SOURCE_COLUMNS), when)
        if checks is not None:
            _add(zf, "checks.csv", checks_csv(checks), when)
        _add(zf, "README.md", readme_text(filters, df, csv_name, today=today, abouts=abouts,
                                          checks_rows=None if checks is None else len(checks)), when)
    return buf.getvalue()

"""Tidy records (one value per indicator, country and period) -> the frames the build and the checks read.

A tidy frame has the columns ``TIDY``: the contract's ``indicator``, ``country``, ``year``, ``period``,
``value`` (whole US dollars) and ``note``, plus ``reporter`` (whose records: ``KOR`` or the country's ISO3),
``estimate`` (words saying why the value is an estimate, ``""`` when it is the producer's own figure),
``producer`` (the row's ``publisher``) and ``vintage`` (the data's date, the row's ``published``).

From it come the contract rows of ``indicators.csv`` (``to_observations``) and the series the checks read
(``to_series``: the same values with their reporter and estimate as columns, not only words in a note).
"""
from __future__ import annotations

import pandas as pd

from .. import schema
from .meta import KOREA

METHOD = "statistics"
UNIT = "USD"
TIDY = ("indicator", "country", "year", "period", "value", "note", "reporter", "estimate", "producer", "vintage")
SERIES_COLUMNS = ("source_id", "publisher", "reporter", "indicator", "country", "partner", "year", "period", "value",
                  "estimate", "vintage", "note")
MONTHLY_COLUMNS = ("source_id", "publisher", "reporter", "indicator", "country", "partner", "year", "month", "value")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")
RECORDED_ONLY = "total of the recorded flow only"
REGION_NOTE = "sum of " + ", ".join(schema.CENTRAL_ASIA) + " (all five have a value)"
ESTIMATE_WORD = "estimate"


def tidy(records: list[tuple]) -> pd.DataFrame:
    """Records in the order of ``TIDY`` -> a tidy frame (``year`` and ``value`` as whole numbers)."""
    frame = pd.DataFrame(records, columns=list(TIDY))
    return frame.astype({"year": "int64", "value": "int64"}) if len(frame) else frame


def join(*parts: str) -> str:
    """The non-empty parts, joined by "; "."""
    return "; ".join(p for p in parts if p)


def period_of(year: int, months: int | None) -> str:
    """The contract's period of the first ``months`` months of ``year`` (the whole year: ``YYYY``)."""
    return str(year) if months in (None, 12) else f"{year}-01/{year}-{months:02d}"


def full_note(note: str, estimate: str) -> str:
    """A row's note for ``indicators.csv``: its note, then why it is an estimate (if it is one)."""
    return join(note, f"{ESTIMATE_WORD}: {estimate}" if estimate else "")


# --------------------------------------------------------------------------- region totals and partial years


def add_region_total(frame: pd.DataFrame) -> pd.DataFrame:
    """Add ``CAS`` rows: the sum of the five countries, only where all five have a value for that indicator and period.

    A total that includes an estimate is an estimate too: its ``estimate`` names the countries concerned. Its
    reporter is Korea's when every component is Korea-reported, else ``CAS`` (each country's own records); its
    vintage is the latest of its components'.
    """
    if frame.empty:
        return frame
    countries = frame[frame["country"].isin(schema.CENTRAL_ASIA)]
    keys = ["indicator", "year", "period"]
    complete = countries[countries.groupby(keys)["country"].transform("nunique") == len(schema.CENTRAL_ASIA)]
    existing = set(map(tuple, frame.loc[frame["country"] == schema.REGION, keys].itertuples(index=False)))
    records = []
    for (indicator, year, period), group in complete.groupby(keys, sort=True):
        if (indicator, year, period) in existing:  # a total already given (e.g. the monthly CAS rows) is kept
            continue
        estimated = sorted(group.loc[group["estimate"] != "", "country"])
        estimate = f"includes estimated values for {', '.join(estimated)}" if estimated else ""
        reporters, producers = set(group["reporter"]), sorted(set(group["producer"]))
        reporter = KOREA if reporters == {KOREA} else schema.REGION
        note = join(f"partial year {period}" if "/" in period else "", REGION_NOTE)
        records.append((indicator, schema.REGION, int(year), period, int(group["value"].sum()), note, reporter,
                        estimate, "; ".join(producers), max(group["vintage"])))
    return pd.concat([frame, tidy(records)], ignore_index=True) if records else frame


def year_to_date(monthly: pd.DataFrame, *, vintage: str = "") -> pd.DataFrame:
    """The trailing partial year of a monthly series as tidy records with period ``YYYY-01/YYYY-MM``.

    Whole years are not repeated here (they belong to the annual series). Only a
    country-indicator whose months of the last year run without a gap from January
    gets a row. CAS comes from the monthly CAS rows, if any.
    """
    if monthly.empty:
        return tidy([])
    last_year = int(monthly["year"].max())
    months = monthly[monthly["year"] == last_year]
    last_month = int(months["month"].str[5:7].astype(int).max())
    if last_month == 12:
        return tidy([])
    records = []
    for (indicator, country), group in months.groupby(["indicator", "country"], sort=True):
        numbers = sorted(int(m[5:7]) for m in group["month"])
        if numbers != list(range(1, last_month + 1)):
            continue
        note = (f"partial year: January-{MONTH_NAMES[last_month - 1]} {last_year} ({last_month} months), "
                "sum of the monthly figures")
        reporter = group["reporter"].iloc[0]
        note = join(note, REGION_NOTE) if country == schema.REGION else join(reported(reporter, country), note)
        records.append((indicator, country, last_year, period_of(last_year, last_month), int(group["value"].sum()),
                        note, reporter, "", group["publisher"].iloc[0], vintage))
    return tidy(records)


def reported(reporter: str, country: str) -> str:
    """Who reports the row, for its note: Korea's customs or the Central Asian country (the mirror)."""
    return "Korea-reported" if reporter == KOREA else f"partner-reported ({country})"


# --------------------------------------------------------------------------- tidy -> contract rows and series


def to_observations(frame: pd.DataFrame, name: str, meta: dict) -> pd.DataFrame:
    """Tidy records -> contract rows (``schema.COLUMNS``) with the snapshot's provenance.

    ``published`` is the data's vintage (not the date it was taken); ``url`` the producer's own page.
    """
    if frame.empty:
        return empty_observations()
    n = len(frame)
    urls = {given["producer"]: given["producer_url"] for given in meta["by_note"].values() if given["producer_url"]}
    out = pd.DataFrame({
        "indicator": frame["indicator"].astype(str),
        "country": frame["country"].astype(str),
        "partner": KOREA,
        "year": frame["year"].astype("int64"),
        "period": frame["period"].astype(str),
        "value": frame["value"].astype("float64"),
        "unit": UNIT,
        "comparator": "equal",
        "source_id": name,
        "source_title": meta["title"],
        "publisher": frame["producer"].astype(str),
        "published": frame["vintage"].astype(str),
        "url": [urls.get(p) or meta["producer_url"] or meta["url"] for p in frame["producer"]],
        "quote": "",
        "char_start": pd.array([pd.NA] * n, dtype="Int64"),
        "char_end": pd.array([pd.NA] * n, dtype="Int64"),
        "stated": "",
        "method": METHOD,
        "note": [full_note(a, b) for a, b in zip(frame["note"].fillna(""), frame["estimate"].fillna(""))],
    })
    out.insert(0, "id", [schema.make_id(name, i, c, p, per) for i, c, p, per in
                         zip(out["indicator"], out["country"], out["partner"], out["period"])])
    return sort_observations(out[list(schema.COLUMNS)])


def to_series(frame: pd.DataFrame, name: str, meta: dict) -> pd.DataFrame:
    """Tidy records -> ``SERIES_COLUMNS``: what the checks compare claims with, reporter and estimate as data."""
    if frame.empty:
        return empty_series()
    out = frame.assign(source_id=name, publisher=frame["producer"], partner=KOREA)
    out["note"] = [full_note(a, b) for a, b in zip(out["note"].fillna(""), out["estimate"].fillna(""))]
    return out[list(SERIES_COLUMNS)].sort_values(["indicator", "country", "period"], kind="mergesort").reset_index(drop=True)


def source_row(name: str, meta: dict) -> dict:
    """The snapshot's row of ``sources.csv`` (published: its vintage; url: the producer's page)."""
    row = {
        "source_id": name,
        "title": meta["title"],
        "publisher": meta["producer"],
        "published": meta["vintage"],
        "url": meta["producer_url"] or meta["url"],
        "language": str(meta.get("language") or "en"),
        "kind": "snapshot",
    }
    return {key: row[key] for key in schema.SOURCE_COLUMNS}


def sort_observations(frame: pd.DataFrame) -> pd.DataFrame:
    """Sort by ``schema.SORT_KEY`` (then period, for partial years), stable, fresh index."""
    keys = [k for k in schema.SORT_KEY if k != "char_start"] + ["period"]
    return frame.sort_values(keys, kind="mergesort").reset_index(drop=True)


def empty_observations() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in schema.COLUMNS})
    return frame.astype({"year": "int64", "value": "float64", "char_start": "Int64", "char_end": "Int64"})


def empty_monthly() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in MONTHLY_COLUMNS})
    return frame.astype({"year": "int64", "value": "int64"})


def empty_series() -> pd.DataFrame:
    frame = pd.DataFrame({c: pd.Series(dtype="str") for c in SERIES_COLUMNS})
    return frame.astype({"year": "int64", "value": "int64"})


def concat(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else empty

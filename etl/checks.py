"""Every figure taken from text, checked against the official statistic for the same period.

``check_claims(observations, snapshots)`` is pure: the indicators table and the
parsed snapshots in, the ``checks.csv`` table out (``schema.CHECK_COLUMNS``,
sorted by ``schema.CHECK_SORT_KEY``). One row per claim and official source
that has a value for the claim's indicator, country, partner and period; a claim
with none gets one row with verdict ``no statistic``.

- A whole-year claim (``period`` ``YYYY``) is compared with the annual rows of
  the same period (``YYYY-01/YYYY-12`` counts as the whole year).
- A part-year claim (``YYYY-MM/YYYY-MM``) is compared with official rows of the
  same period and with the monthly series summed over the same months, never
  with a whole year.
- Verdicts: ``=`` and ``~`` are ``consistent`` within 10 % of the official
  value; ``>``, ``>=``, ``<``, ``<=`` are ``consistent`` when the bound holds
  ("more than $10 bn" against 10.4 bn). Otherwise ``differs``, with the signed
  difference (claim - official) / official x 100 in ``difference_pct``.
- Where Korea-reported and partner-reported statistics for the claim's period
  disagree with each other by more than 10 %, every row of that claim says so in
  ``note``.

``value`` and ``official_value`` are written like ``indicators.csv`` (whole
numbers without a decimal point), so the CSV is byte-identical from run to run.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

from . import schema
from .snapshots import KOREA, Snapshots

# Indicators that have an official series (contract vocabulary ids).
COMPARABLE = ("trade_turnover", "exports", "imports", "investment_annual")
CLAIM_METHODS = ("text", "curated")
TOLERANCE = 0.10  # 10 %: the band of "equal" and "about", and of the reporters' disagreement
PERIOD = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])/(\d{4})-(0[1-9]|1[0-2]))?$")
REPORTER_WORDS = {KOREA: "Korea-reported", "partner": "partner-reported"}


# --------------------------------------------------------------------------- verdict rules


def judge(claim: float, comparator: str, official: float) -> str:
    """``consistent`` or ``differs``: a claim with its comparator against one official value.

    ``=`` and ``~`` allow 10 % either way (of the official value); bounds must hold
    exactly: ``>`` against an equal official value ``differs``.
    """
    if comparator in ("equal", "about", "", None):
        ok = abs(claim - official) <= TOLERANCE * abs(official) * (1 + 1e-12)
    elif comparator == "more_than":
        ok = official > claim
    elif comparator == "at_least":
        ok = official >= claim
    elif comparator == "less_than":
        ok = official < claim
    elif comparator == "at_most":
        ok = official <= claim
    else:
        raise ValueError(f"unknown comparator {comparator!r}")
    return "consistent" if ok else "differs"


def ratio(claim: float, official: float) -> float | None:
    """claim / official, rounded to 4 decimals (``None`` when the official value is 0)."""
    return None if official == 0 else round(claim / official, 4)


def difference_pct(claim: float, official: float) -> float | None:
    """(claim - official) / official x 100, signed, 2 decimals (``None`` when the official value is 0)."""
    return None if official == 0 else round((claim - official) / official * 100, 2)


def period_months(period: str) -> tuple[int, list[str]] | None:
    """``"2017-01/2017-10"`` -> (2017, ["2017-01", ..., "2017-10"]); ``"2023"`` -> (2023, []); else ``None``."""
    match = PERIOD.match(str(period).strip())
    if not match:
        return None
    if match[2] is None:
        return int(match[1]), []
    start, end = (int(match[1]), int(match[2])), (int(match[3]), int(match[4]))
    if end < start:
        return None
    months, (y, m) = [], start
    while (y, m) <= end:
        months.append(f"{y}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return end[0], months


def whole_year(period: str) -> str | None:
    """The ``YYYY`` a period stands for when it is a whole calendar year, else ``None``."""
    parsed = period_months(period)
    if parsed is None:
        return None
    year, months = parsed
    if not months or months == [f"{year}-{m:02d}" for m in range(1, 13)]:
        return str(year)
    return None


# --------------------------------------------------------------------------- official values


def official_values(snapshots: Snapshots, indicator: str, country: str, partner: str, period: str) -> list[dict]:
    """Every official value for one indicator, country, partner and period, one per source.

    Each: ``source_id``, ``publisher``, ``period``, ``value``, ``note``, ``reporter``.
    """
    found: dict[str, dict] = {}
    obs = snapshots.observations
    year = whole_year(period)
    periods = {period} | ({year} if year else set())
    rows = obs[(obs["indicator"] == indicator) & (obs["country"] == country) & (obs["partner"] == partner)
               & obs["period"].isin(periods) & obs["value"].notna()]
    for row in rows.sort_values(["source_id", "period"], kind="mergesort").itertuples(index=False):
        found.setdefault(row.source_id, {
            "source_id": row.source_id, "publisher": row.publisher, "period": row.period,
            "value": float(row.value), "note": row.note,
        })
    parsed = period_months(period)
    if parsed is not None and parsed[1] and year is None:
        months = parsed[1]
        monthly = snapshots.monthly
        sel = monthly[(monthly["indicator"] == indicator) & (monthly["country"] == country)
                      & (monthly["partner"] == partner) & monthly["month"].isin(months)]
        for source_id, group in sel.groupby("source_id", sort=True):
            if source_id in found or sorted(group["month"]) != months:
                continue  # a month missing: no sum (a gap is never a zero)
            found[source_id] = {
                "source_id": source_id, "publisher": group["publisher"].iloc[0], "period": period,
                "value": float(group["value"].sum()), "note": f"sum of the monthly figures {months[0]} to {months[-1]}",
            }
    for item in found.values():
        item["reporter"] = snapshots.reporters.get(item["source_id"], "")
    return [found[k] for k in sorted(found)]


def reporters_note(officials: list[dict]) -> str:
    """A note when the Korea-reported and partner-reported values disagree by more than 10 % (else "")."""
    by_reporter: dict[str, dict] = {}
    for item in officials:
        if item["reporter"] in REPORTER_WORDS:
            by_reporter.setdefault(item["reporter"], item)
    if len(by_reporter) < 2:
        return ""
    korea, partner = by_reporter[KOREA], by_reporter["partner"]
    k, p = korea["value"], partner["value"]
    if abs(p - k) <= TOLERANCE * abs(k) * (1 + 1e-12):
        return ""
    gap = f" ({(p - k) / k * 100:+.0f} %)" if k else ""
    return (f"reporters disagree: Korea-reported {_money(k)} ({korea['source_id']}) vs partner-reported "
            f"{_money(p)} ({partner['source_id']}){gap}")


# --------------------------------------------------------------------------- the table


def check_claims(observations: pd.DataFrame, snapshots: Snapshots) -> pd.DataFrame:
    """Each text or curated observation against the official statistics -> the checks table.

    Args:
        observations: the indicators table (contract columns; rows of every method).
        snapshots: the parsed snapshots (annual rows, monthly series, reporters).
    Returns:
        ``schema.CHECK_COLUMNS``, sorted by ``schema.CHECK_SORT_KEY``.
    """
    claims = observations[observations["method"].isin(CLAIM_METHODS)]
    rows: list[dict] = []
    for claim in claims.to_dict("records"):
        rows += check_claim(claim, snapshots)
    return _table(rows)


def check_claim(claim: dict, snapshots: Snapshots) -> list[dict]:
    """One claim (an indicators row as a dict) -> its check rows."""
    base = {
        "id": claim["id"], "indicator": claim["indicator"], "country": claim["country"],
        "partner": claim["partner"], "year": int(claim["year"]), "period": str(claim["period"]),
        "comparator": claim["comparator"], "value": _number(claim["value"]), "stated": claim["stated"],
        "source_id": claim["source_id"], "publisher": claim["publisher"], "published": str(claim["published"]),
    }
    reason = _not_comparable(claim)
    if reason:
        return [_no_statistic(base, reason)]
    officials = official_values(snapshots, claim["indicator"], claim["country"], claim["partner"], str(claim["period"]))
    if not officials:
        what = f"{claim['indicator']} {claim['country']}-{claim['partner']} {claim['period']}"
        return [_no_statistic(base, f"no official value for {what}")]
    value = float(claim["value"])
    disagreement = reporters_note(officials)
    rows = []
    for item in officials:
        official = item["value"]
        verdict = judge(value, claim["comparator"], official)
        notes = [disagreement, f"official: {item['note']}" if item["note"] else ""]
        if official == 0:
            notes.append("official value is 0: no ratio")
        rows.append({
            **base,
            "official_value": _number(official), "official_source_id": item["source_id"],
            "official_publisher": item["publisher"], "official_period": item["period"],
            "ratio": ratio(value, official),
            "difference_pct": difference_pct(value, official) if verdict == "differs" else None,
            "verdict": verdict, "note": "; ".join(n for n in notes if n),
        })
    return rows


def summarise_checks(checks: pd.DataFrame) -> dict[str, int]:
    """How many check rows have each verdict (every verdict of ``schema.VERDICTS``, zeros included)."""
    counts = Counter(checks["verdict"]) if len(checks) else Counter()
    return {verdict: int(counts.get(verdict, 0)) for verdict in schema.VERDICTS}


# --------------------------------------------------------------------------- helpers


def _not_comparable(claim: dict) -> str:
    if claim["indicator"] not in COMPARABLE:
        return f"no official series for {claim['indicator']}"
    if claim.get("unit") != "USD":
        return f"unit {claim.get('unit')!r} is not USD"
    if claim.get("partner") != KOREA:
        return f"official series are for partner {KOREA} only"
    value = claim.get("value")
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return "the claim has no value"
    if period_months(str(claim["period"])) is None:
        return f"period {claim['period']!r} is not YYYY or YYYY-MM/YYYY-MM"
    if claim.get("comparator") not in schema.COMPARATORS:
        return f"comparator {claim.get('comparator')!r} is unknown"
    return ""


def _no_statistic(base: dict, note: str) -> dict:
    return {**base, "official_value": "", "official_source_id": "", "official_publisher": "", "official_period": "",
            "ratio": None, "difference_pct": None, "verdict": "no statistic", "note": note}


def _number(value: object) -> str:
    """Whole numbers without a decimal point, others with the fewest digits that read back the same."""
    if value is None or value == "" or (isinstance(value, float) and math.isnan(value)):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(round(number, 10))


def _money(value: float) -> str:
    return f"USD {value / 1e6:,.1f} mn"


def _table(rows: list[dict]) -> pd.DataFrame:
    if not rows:
        frame = pd.DataFrame({c: pd.Series(dtype="str") for c in schema.CHECK_COLUMNS})
        return frame.astype({"year": "int64", "ratio": "float64", "difference_pct": "float64"})
    frame = pd.DataFrame(rows, columns=list(schema.CHECK_COLUMNS))
    frame = frame.astype({"year": "int64", "ratio": "float64", "difference_pct": "float64"})
    for column in schema.CHECK_COLUMNS:
        if column not in ("year", "ratio", "difference_pct"):
            frame[column] = frame[column].fillna("").astype(str)
    return frame.sort_values(list(schema.CHECK_SORT_KEY), kind="mergesort").reset_index(drop=True)

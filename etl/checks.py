"""Every claim checked like with like against the official statistics (issue #10).

``check_claims(observations, snapshots)`` is pure: the indicators table and the parsed snapshots in, the
``checks.csv`` table out (``schema.CHECK_COLUMNS``, one row per claim, sorted by ``schema.CHECK_SORT_KEY``).

What a claim is compared with (``schema.VERDICTS``):

- The official indicator comes from ``statistic`` in ``etl/vocabulary.yml``. One product (an indicator with
  ``part_of``) is never compared with the total; a stock is never compared with the flows of its family.
  A percent statistic (a growth) is the growth of the money indicator of the same family.
- The same period: a whole year with the year; part of a year (``YYYY-MM/YYYY-MM``) with the sum of the same
  months of a monthly series, never with a year; a whole year not over when the claim was published is never
  compared at all (it can only be part of the year, or a forecast).
- The region (``CAS``) with the sum of the countries recorded, naming those that are not.
- The statistic is Korea's records when there are any, else the reporting country's own; the other
  reporter's figure for the same period (IMF DOTS, partner-reported) is given beside it.

Verdicts: ``consistent`` when an equal or about claim is within the rounding of the figure as stated (half a
unit of its last digit: "$2.5 billion" is ±0.05 bn) plus ``schema.CHECK_REVISION_TOLERANCE_PCT`` of the
statistic (a growth: ``CHECK_GROWTH_TOLERANCE_PP`` points); ``bound holds`` / ``bound fails`` for more_than,
at_least, less_than, at_most (strict: the statistic must lie beyond the bound); ``matches partner records``
when it agrees with the other reporter's own records but not with the statistic; ``differs`` otherwise, with
the signed margin; ``not comparable`` and ``no statistic`` with the reason.
"""
from __future__ import annotations

import math
import re
from collections import Counter

import pandas as pd

from . import periods, schema
from .periods import Period
from .snapshots import KOREA, Snapshots
from .snapshots.lookup import Lookup, Value

CLAIM_METHODS = ("text", "curated")
BOUNDS = {"more_than": "more than", "at_least": "at least", "less_than": "less than", "at_most": "up to"}
NUMBER = re.compile(r"\d+(?:[.,\u00a0\u202f ]\d+)*")
PUBLISHED = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-\d{2})?$")
_NUMERIC = ("margin_pct", "tolerance_pct", "other_margin_pct")


# --------------------------------------------------------------------------- rules


def agrees(claim: float, comparator: str, statistic: float, tolerance: float) -> bool:
    """Whether a claim holds against a statistic: equal/about within ``tolerance`` (absolute); bounds strict."""
    if comparator in ("equal", "about"):
        return abs(claim - statistic) <= tolerance * (1 + 1e-9) + 1e-9
    if comparator == "more_than":
        return statistic > claim
    if comparator == "at_least":
        return statistic >= claim
    if comparator == "less_than":
        return statistic < claim
    if comparator == "at_most":
        return statistic <= claim
    raise ValueError(f"unknown comparator {comparator!r}")


def half_unit(stated: str, value: float) -> float:
    """Half a unit of the last digit of the figure as stated, in the value's units ("$2.5 billion" -> 0.05e9).

    The stated number is found by its digits ("US $7,5 billion", "1 234", "$160mn"): the reading whose scale
    (value / number) is a power of ten. 0 when the figure cannot be read back from the text.
    """
    target = abs(float(value))
    if target == 0:
        return 0.5 if NUMBER.search(stated or "") else 0.0
    for token in NUMBER.findall(stated or ""):
        for number, decimals in _readings(token):
            if number and _power_of_ten(target / number):
                return 0.5 * 10.0 ** -decimals * (target / number)
    return 0.0


def _readings(token: str) -> list[tuple[float, int]]:
    """Ways to read a digit group: "7,5" is 7.5 (1 decimal) or 75; "1,234" is 1234 or 1.234."""
    groups = re.split(r"[.,\u00a0\u202f ]", token)
    whole = float("".join(groups))
    if len(groups) == 1:
        return [(whole, 0)]
    last = groups[-1]
    decimal = float("".join(groups[:-1]) + "." + last)
    return [(decimal, len(last)), (whole, 0)]


def _power_of_ten(ratio: float) -> bool:
    exponent = round(math.log10(ratio)) if ratio > 0 else None
    return exponent is not None and exponent >= 0 and abs(ratio / 10.0**exponent - 1) < 1e-6


def over_at_publication(period: Period, published: str) -> bool | None:
    """Whether the period was over when the claim was published (``None``: the date cannot be read).

    A date known only to the month or year counts as its latest day: a claim about 2019 published in "2019"
    was published before 2019 was over.
    """
    match = PUBLISHED.match(str(published or "").strip())
    if not match:
        return None
    latest = (int(match[1]), int(match[2]) if match[2] else 12)
    return period.last < latest


def margin(claim: float, statistic: float) -> float | None:
    """(claim - statistic) / |statistic| x 100, 2 decimals (``None`` when the statistic is 0)."""
    return None if statistic == 0 else round((claim - statistic) / abs(statistic) * 100, 2)


# --------------------------------------------------------------------------- what a claim is compared with


def comparable_indicator(indicator: str) -> tuple[str, str, str]:
    """(verdict, reason, official indicator): the verdict is "" when there is an official indicator to compare with."""
    vocabulary = schema.vocabulary()
    info = vocabulary.get(indicator)
    if info is None:
        return "no statistic", f"{indicator} is not in the indicator vocabulary", ""
    if info.part_of:
        total = vocabulary[info.part_of].label.lower() if info.part_of in vocabulary else info.part_of
        return ("not comparable", f"one product or product group ({info.label.lower()}) is part of {total}: "
                f"never compared with the total", "")
    if not info.statistic:
        flows = [v for v in vocabulary.values() if v.family == info.family and v.kind == "flow" and v.statistic
                 and v.measure == info.measure]
        if info.kind == "stock" and flows:
            return ("not comparable", f"{info.label.lower()} is a stock (as of a year); the official series of "
                    f"{flows[0].label.lower()} are flows during a year: a stock is not a sum of flows", "")
        return "no statistic", f"no official series for {info.label.lower()}", ""
    return "", "", info.statistic


def growth_base(statistic: str) -> str:
    """For a percent statistic (a growth): the money indicator of the same family it is the growth of, else ""."""
    vocabulary = schema.vocabulary()
    info = vocabulary[statistic]
    if info.measure != "percent":
        return ""
    bases = [v.id for v in vocabulary.values()
             if v.family == info.family and v.measure == "money" and v.kind == "flow" and v.statistic == v.id]
    if len(bases) != 1:
        raise ValueError(f"vocabulary: growth {statistic} needs one money flow of family {info.family}, found {bases}")
    return bases[0]


# --------------------------------------------------------------------------- the table


def check_claims(observations: pd.DataFrame, snapshots: Snapshots) -> pd.DataFrame:
    """Each text or curated observation against the official statistics -> the checks table, one row per claim.

    Args:
        observations: the indicators table (contract columns; rows of every method).
        snapshots: the parsed snapshots (series, monthly figures).
    Returns:
        ``schema.CHECK_COLUMNS``, sorted by ``schema.CHECK_SORT_KEY``.
    """
    lookup = Lookup(snapshots)
    claims = observations[observations["method"].isin(CLAIM_METHODS)]
    return _table([check_claim(claim, lookup) for claim in claims.to_dict("records")])


def check_claim(claim: dict, lookup: Lookup) -> dict:
    """One claim (an indicators row as a dict) -> its row of checks.csv."""
    verdict, reason, statistic = comparable_indicator(claim["indicator"])
    if verdict:
        return _row(claim, verdict, reason)
    info = schema.vocabulary()[claim["indicator"]]
    period = periods.try_parse(str(claim.get("period") or claim["year"]))
    problem = _unreadable(claim, info.unit, period)
    if problem:
        return _row(claim, *problem)
    over = over_at_publication(period, claim.get("published", ""))
    if over is False:
        what = (f"a whole-year figure for {period.year}" if period.whole_year
                else f"a figure for {periods.label(str(period))}")
        return _row(claim, "not comparable", f"{what} published {claim['published']}, before the period was over: "
                    "part of the period or a forecast, never compared with the whole")
    base = growth_base(statistic)
    values = (lookup.growths(base, claim["country"], period) if base
              else lookup.levels(statistic, claim["country"], period))
    if not values:
        return _row(claim, *_nothing(claim, statistic, base, period, lookup))
    primary, other = _sides(values, period)
    row = _judge(claim, primary, other, growth=bool(base))
    if over is None:
        row["note"] = _join(row["note"], "publication date unknown: the period may not have been over")
    return row


def summarise_checks(checks: pd.DataFrame) -> dict[str, int]:
    """How many claims have each verdict (every verdict of ``schema.VERDICTS``, zeros included)."""
    counts = Counter(checks.drop_duplicates("id")["verdict"]) if len(checks) else Counter()
    return {verdict: int(counts.get(verdict, 0)) for verdict in schema.VERDICTS}


# --------------------------------------------------------------------------- steps


def _unreadable(claim: dict, unit: str, period: Period | None) -> tuple[str, str] | None:
    if claim.get("partner") != KOREA:
        return "no statistic", f"the official series are for trade and investment with Korea (KOR), not {claim.get('partner')}"
    if _missing(claim.get("value")):
        return "not comparable", "the claim has no value"
    if claim.get("unit") != unit:
        return "not comparable", f"stated in {claim.get('unit')!r}, the statistics are in {unit!r}"
    if claim.get("comparator") not in schema.COMPARATORS:
        return "not comparable", f"comparator {claim.get('comparator')!r} is unknown"
    if period is None:
        return "not comparable", f"period {claim.get('period')!r} is not YYYY or YYYY-MM/YYYY-MM"
    return None


def _nothing(claim: dict, statistic: str, base: str, period: Period, lookup: Lookup) -> tuple[str, str]:
    """Why no value was found: a part-year claim where only whole years exist, or no series for it."""
    indicator, country = base or statistic, claim["country"]
    label = schema.vocabulary()[statistic].label.lower()
    if not period.whole_year:
        year = Period((period.year, 1), (period.year, 12))
        whole = (lookup.growths if base else lookup.levels)(indicator, country, year)
        if whole:
            v = _sides(whole, year)[0]
            return ("not comparable", f"a part-year figure ({periods.label(str(period))}) and no monthly series for "
                    f"these months; {_who(v)} give only the whole year {period.year} "
                    f"({_amount(v.value, '%' if base else 'USD')}): part of a year is never compared with a year")
    covered = lookup.coverage(indicator, country)
    where = "; ".join(f"{s} {a}-{b}" for s, (a, b) in covered.items()) or "no series has this country"
    return "no statistic", f"no official value for {label}, {country}, {periods.label(str(period))} ({where})"


def _sides(values: list[Value], period: Period) -> tuple[Value, Value | None]:
    """The statistic (Korea's records first; an annual value before a sum of months) and the other reporter's."""
    ordered = sorted(values, key=lambda v: (v.reporter != KOREA, v.monthly and period.whole_year, v.source_id))
    primary = ordered[0]
    others = [v for v in ordered if (v.reporter == KOREA) != (primary.reporter == KOREA)
              and set(v.countries) >= set(primary.countries)]
    return primary, (others[0] if others else None)


def _judge(claim: dict, primary: Value, other: Value | None, *, growth: bool) -> dict:
    value, comparator = float(claim["value"]), claim["comparator"]
    rounding = half_unit(str(claim.get("stated") or ""), value)

    def tolerance(statistic: float) -> float:
        """Rounding of the figure as stated, plus the revision tolerance (a growth: in points)."""
        if growth:
            return rounding + schema.CHECK_GROWTH_TOLERANCE_PP
        return rounding + schema.CHECK_REVISION_TOLERANCE_PCT / 100 * abs(statistic)

    tol = tolerance(primary.value)
    ok = agrees(value, comparator, primary.value, tol)
    other_ok = other is not None and agrees(value, comparator, other.value, tolerance(other.value))
    bound = comparator in BOUNDS
    if ok:
        verdict = "bound holds" if bound else "consistent"
    elif other_ok and not other.estimate:
        verdict = "matches partner records"
    else:
        verdict = "bound fails" if bound else "differs"
    unit = "%" if growth else "USD"
    reason = _compared(claim, primary, ok, tol, unit, bound)
    if verdict == "matches partner records":
        reason += (f"; but {_who(other)} give {_amount(other.value, unit)}{_margin_words(value, other.value)}, "
                   + ("and the bound holds there" if bound else "within the tolerance"))
    notes = [f"the statistic is an estimate: {primary.estimate}" if primary.estimate else "",
             f"a partial region sum: {', '.join(primary.missing)} not recorded by {primary.source_id} for "
             f"{periods.label(primary.period)}" if primary.missing else ""]
    if other is not None:
        if other.estimate:
            notes.append(f"the other reporter's figure is an estimate, not its own records: {other.estimate}"
                         + (" (the claim agrees with it)" if other_ok and not ok else ""))
        gap = margin(other.value, primary.value)
        if gap is not None and abs(gap) > schema.CHECK_REVISION_TOLERANCE_PCT:
            notes.append(f"the reporters differ: {_who(primary)} {_amount(primary.value, unit)}, "
                         f"{_who(other)} {_amount(other.value, unit)} ({gap:+.0f} %)")
    return _row(
        claim, verdict, reason, statistic=primary, margin_pct=margin(value, primary.value),
        tolerance_pct=None if primary.value == 0 or bound else round(tol / abs(primary.value) * 100, 2),
        other=other, other_margin_pct=margin(value, other.value) if other is not None else None,
        note=_join(*notes), growth=growth,
    )


def _compared(claim: dict, v: Value, ok: bool, tol: float, unit: str, bound: bool) -> str:
    """The reason in plain words: the claim, the statistic (whose, what period, how made) and the outcome."""
    value, comparator = float(claim["value"]), claim["comparator"]
    stated = _amount(value, unit)
    what = f"{_who(v)} give {_amount(v.value, unit)} for {periods.label(v.period)}"
    details = [v.how]
    if unit == "%":
        what += f" over {periods.label(v.previous)}"
        details.insert(0, f"{_amount(v.level, 'USD')} against {_amount(v.base, 'USD')}")
    if any(details):
        what += f" ({'; '.join(d for d in details if d)})"
    if bound:
        return f"{BOUNDS[comparator]} {stated}: {what}; the bound {'holds' if ok else 'fails'}{_margin_words(value, v.value)}"
    if v.value == 0:
        return f"{stated}: {what}; {'within' if ok else 'beyond'} the rounding of the figure"
    outcome = "within" if ok else "beyond"
    if unit == "%":
        return (f"{stated}: {what}; {value - v.value:+.1f} points, {outcome} ±{tol:.1f} points")
    return f"{stated}: {what}; {margin(value, v.value):+.1f} %, {outcome} ±{tol / abs(v.value) * 100:.1f} %"


def _margin_words(claim: float, statistic: float) -> str:
    m = margin(claim, statistic)
    return "" if m is None else f" (the claim {m:+.1f} %)"


def _who(v: Value) -> str:
    if v.reporter == KOREA:
        whose = "Korea's records"
    elif v.reporter == schema.REGION:
        whose = "the Central Asian countries' own records"
    else:
        whose = f"{schema.country_name(v.reporter)}'s own records"
    return f"{whose} ({v.publisher})"


def _amount(value: float | None, unit: str) -> str:
    if value is None:
        return ""
    if unit == "%":
        return f"{value:+.1f} %"
    if abs(value) >= 1e9:
        return f"USD {value / 1e9:,.2f} bn"
    return f"USD {value / 1e6:,.1f} mn"


# --------------------------------------------------------------------------- rows


def _row(claim: dict, verdict: str, reason: str, *, statistic: Value | None = None, margin_pct: float | None = None,
         tolerance_pct: float | None = None, other: Value | None = None, other_margin_pct: float | None = None,
         note: str = "", growth: bool = False) -> dict:
    def number(v: Value | None) -> str:
        return "" if v is None else (_number(round(v.value, 2)) if growth else _number(v.value))

    return {
        "id": claim["id"], "indicator": claim["indicator"], "country": claim["country"], "partner": claim["partner"],
        "year": int(claim["year"]), "period": str(claim.get("period") or claim["year"]),
        "comparator": claim["comparator"], "value": _number(claim["value"]), "unit": claim.get("unit") or "",
        "stated": claim.get("stated") or "", "source_id": claim["source_id"], "publisher": claim["publisher"],
        "published": str(claim.get("published") or ""), "verdict": verdict, "reason": reason,
        "statistic_source_id": statistic.source_id if statistic else "",
        "statistic_publisher": statistic.publisher if statistic else "",
        "statistic_reporter": statistic.reporter if statistic else "",
        "statistic_period": statistic.period if statistic else "", "statistic_value": number(statistic),
        "margin_pct": margin_pct, "tolerance_pct": tolerance_pct,
        "other_source_id": other.source_id if other else "", "other_reporter": other.reporter if other else "",
        "other_value": number(other), "other_margin_pct": other_margin_pct, "note": note,
    }


def _missing(value: object) -> bool:
    return value is None or value == "" or (isinstance(value, float) and math.isnan(value))


def _number(value: object) -> str:
    """Whole numbers without a decimal point, others with the fewest digits that read back the same."""
    if _missing(value):
        return ""
    number = float(value)
    return str(int(number)) if number.is_integer() else repr(round(number, 10))


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _table(rows: list[dict]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=list(schema.CHECK_COLUMNS))
    frame = frame.astype({"year": "int64", **{c: "float64" for c in _NUMERIC}})
    for column in schema.CHECK_COLUMNS:
        if column != "year" and column not in _NUMERIC:
            frame[column] = frame[column].fillna("").astype(str)
    return frame.sort_values(list(schema.CHECK_SORT_KEY), kind="mergesort").reset_index(drop=True)

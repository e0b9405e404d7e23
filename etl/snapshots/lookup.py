"""What the snapshots give for one indicator, country and period: the values a claim can be compared with.

``Lookup(snapshots)`` indexes the series once; then, like with like:

- a whole year: each source's annual value (a monthly source: the sum of its twelve months);
- part of a year (``YYYY-MM/YYYY-MM``): the sum of the same months of a monthly source, never a whole year;
- the region (``CAS``): the sum of the countries a source records, naming those it does not;
- a growth: a source's level for the period over its level for the same months a year earlier.

Every value keeps its source, its reporter (``KOR``: Korea's records; a country's ISO3: its own records;
``CAS``: each Central Asian country's own) and, if it is or includes an estimate, why.
"""
from __future__ import annotations

from dataclasses import dataclass

from .. import schema
from ..periods import Period
from .meta import KOREA


@dataclass(frozen=True)
class Value:
    """One official value for a query, from one source."""

    source_id: str
    publisher: str
    reporter: str
    period: str
    value: float
    estimate: str = ""  # why it is (or includes) an estimate; "" for the producer's own figures
    how: str = ""  # how it was obtained, in words ("" for a value as published)
    monthly: bool = False  # a sum of monthly figures
    countries: tuple[str, ...] = ()  # the countries it covers
    missing: tuple[str, ...] = ()  # for a region: the countries the source does not record
    level: float | None = None  # for a growth: the level of the period
    base: float | None = None  # for a growth: the level of the same months a year earlier
    previous: str = ""  # for a growth: that earlier period


class Lookup:
    """The snapshots' series and monthly figures indexed for ``levels``, ``growths`` and ``coverage``."""

    def __init__(self, snapshots) -> None:
        self._annual: dict[tuple[str, str, str], list] = {}
        for row in snapshots.series.itertuples(index=False):
            if row.country != schema.REGION:  # region sums are made here, from the countries a source records
                self._annual.setdefault((row.indicator, row.country, row.period), []).append(row)
        self._months: dict[tuple[str, str], dict[str, dict[str, int]]] = {}
        self._monthly_source: dict[str, tuple[str, dict[str, str]]] = {}
        for row in snapshots.monthly.itertuples(index=False):
            if row.country == schema.REGION:
                continue
            self._months.setdefault((row.indicator, row.country), {}).setdefault(row.source_id, {})[row.month] = int(row.value)
            publisher, reporters = self._monthly_source.setdefault(row.source_id, (row.publisher, {}))
            reporters[row.country] = row.reporter

    # ----------------------------------------------------------------- levels

    def levels(self, indicator: str, country: str, period: Period) -> list[Value]:
        """One value per source for the indicator, country (or region) and period, sorted by source."""
        countries = schema.CENTRAL_ASIA if country == schema.REGION else (country,)
        by_source: dict[str, dict[str, Value]] = {}
        for code in countries:
            for value in self._country_levels(indicator, code, period):
                by_source.setdefault(value.source_id, {}).setdefault(code, value)
        out = []
        for source_id in sorted(by_source):
            found = by_source[source_id]
            out.append(found[country] if country != schema.REGION else _region(found, period))
        return out

    def _country_levels(self, indicator: str, country: str, period: Period):
        for row in self._annual.get((indicator, country, str(period)), []):
            yield Value(row.source_id, row.publisher, row.reporter, row.period, float(row.value), row.estimate,
                        countries=(country,))
        months = period.months()
        for source_id, values in sorted(self._months.get((indicator, country), {}).items()):
            if all(m in values for m in months):  # a month missing: no sum (a gap is never a zero)
                publisher, reporters = self._monthly_source[source_id]
                yield Value(source_id, publisher, reporters[country], str(period), float(sum(values[m] for m in months)),
                            how="sum of the monthly figures", monthly=True,
                            countries=(country,))

    # ----------------------------------------------------------------- growth

    def growths(self, indicator: str, country: str, period: Period) -> list[Value]:
        """One growth (in percent) per source: its level for ``period`` over the same months a year earlier."""
        previous = Period((period.first[0] - 1, period.first[1]), (period.last[0] - 1, period.last[1]))
        before = {v.source_id: v for v in self.levels(indicator, country, previous)}
        out = []
        for now in self.levels(indicator, country, period):
            then = before.get(now.source_id)
            if then is None or then.value == 0 or then.countries != now.countries:
                continue
            growth = (now.value / then.value - 1) * 100
            estimate = "; ".join(e for e in (now.estimate, then.estimate) if e)
            out.append(Value(now.source_id, now.publisher, now.reporter, str(period), growth, estimate, now.how,
                             now.monthly, now.countries, now.missing, level=now.value, base=then.value,
                             previous=str(previous)))
        return out

    # ----------------------------------------------------------------- what there is

    def coverage(self, indicator: str, country: str) -> dict[str, tuple[int, int]]:
        """Source -> (first year, last year) with a value for the indicator and country (any country for CAS)."""
        countries = set(schema.CENTRAL_ASIA) if country == schema.REGION else {country}
        years: dict[str, set[int]] = {}
        for (ind, code, _period), rows in self._annual.items():
            if ind == indicator and code in countries:
                for row in rows:
                    years.setdefault(row.source_id, set()).add(int(row.year))
        for code in countries:
            for source_id, values in self._months.get((indicator, code), {}).items():
                years.setdefault(source_id, set()).update(int(m[:4]) for m in values)
        return {s: (min(y), max(y)) for s, y in sorted(years.items())}


def _region(found: dict[str, Value], period: Period) -> Value:
    """The sum of the countries one source records, saying which it does not and whether it includes an estimate."""
    countries = tuple(c for c in schema.CENTRAL_ASIA if c in found)
    missing = tuple(c for c in schema.CENTRAL_ASIA if c not in found)
    parts = [found[c] for c in countries]
    estimated = [c for c in countries if found[c].estimate]
    how = (f"sum of {', '.join(countries)}" + (f"; {', '.join(missing)} not recorded" if missing else "")
           + (", each a sum of the monthly figures" if any(p.monthly for p in parts) else ""))
    reporters = {p.reporter for p in parts}
    return Value(
        source_id=parts[0].source_id, publisher=parts[0].publisher,
        reporter=KOREA if reporters == {KOREA} else schema.REGION, period=str(period),
        value=float(sum(p.value for p in parts)),
        estimate=f"includes estimated values for {', '.join(estimated)}" if estimated else "",
        how=how, monthly=any(p.monthly for p in parts), countries=countries, missing=missing,
    )

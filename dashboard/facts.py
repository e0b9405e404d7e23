"""What the page needs to know about a whole table, counted once (#12): indicators, countries, partners and years
with how many figures each, a few hundred numbers rather than rows. :func:`dashboard.data.load_bundle` counts them
in SQL; :func:`facts_of` counts them for a frame of rows (tests and tools pass frames).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

import pandas as pd

from etl import periods


@dataclass(frozen=True)
class Count:
    """How many figures a selection holds, counted from the cells without reading a row."""

    total: int = 0
    claims: int = 0
    official: int = 0
    years: tuple[int, ...] = ()  # latest first
    latest: int | None = None  # the latest year with a whole-year figure (or any)


@dataclass(frozen=True)
class Facts:
    """What the page needs to know about the whole table, counted once: a few thousand numbers, not rows.

    ``cells``: one per indicator, country, partner, year and official series present (``source_id`` "" for the
    press claims): ``(indicator, country, partner, year, source_id, rows, whole)``, ``whole`` the rows of them that
    cover the whole year.
    """

    n_rows: int = 0
    cells: tuple = ()

    @cached_property
    def indicators(self) -> dict[str, int]:
        """indicator -> rows, most first."""
        return _counts((c[0], c[5]) for c in self.cells)

    @cached_property
    def partners(self) -> dict[str, int]:
        return _counts((c[2], c[5]) for c in self.cells)

    @cached_property
    def _by_indicator(self) -> dict[str, list[tuple]]:
        out: dict[str, list[tuple]] = {}
        for c in self.cells:
            out.setdefault(c[0], []).append(c)
        return out

    def countries_of(self, indicator: str) -> set[str]:
        return {c[1] for c in self._by_indicator.get(indicator, ()) if c[5]}

    def indicators_of(self, countries) -> dict[str, int]:
        """indicator -> rows among ``countries``, most first."""
        wanted = set(countries)
        return _counts((c[0], c[5]) for c in self.cells if c[1] in wanted)

    @cached_property
    def years(self) -> tuple[int, int] | None:
        if not self.cells:
            return None
        return min(c[3] for c in self.cells), max(c[3] for c in self.cells)

    def count(self, filters, official: set | None = None) -> Count:
        """What a selection (:class:`~dashboard.data.Filters`) holds; ``official``: the (country, partner,
        source_id) of the series it draws when it draws only some (its ``official`` is "korea")."""
        lo, hi = filters.years
        countries = set(filters.countries)
        claims = total = 0
        years: dict[int, bool] = {}
        for _, country, partner, year, sid, n, whole in self._by_indicator.get(filters.indicator, ()):
            if country not in countries or not lo <= year <= hi or (filters.partner and partner != filters.partner):
                continue
            if sid and (filters.official == "none" or (filters.official == "korea" and official is not None
                                                       and (country, partner, sid) not in official)):
                continue
            total += n
            claims += 0 if sid else n
            years[year] = years.get(year, False) or whole > 0
        if not total:
            return Count()
        whole_years = [y for y, w in years.items() if w]
        return Count(total, claims, total - claims, tuple(sorted(years, reverse=True)),
                     max(whole_years) if whole_years else max(years))


def _counts(pairs) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, n in pairs:
        out[key] = out.get(key, 0) + int(n)
    return dict(sorted(out.items(), key=lambda kv: -kv[1]))


def facts_of(df: pd.DataFrame) -> Facts:
    """:class:`Facts` of a frame of rows (what :func:`dashboard.data.load_bundle` counts in SQL for the whole
    table); the frame's ``_claim`` and ``_partial`` flags are worked out when it lacks them."""
    if df.empty:
        return Facts()
    claim = df["_claim"] if "_claim" in df.columns else df["method"].astype(str) != "statistics"
    partial = df["_partial"] if "_partial" in df.columns else pd.Series(
        [periods.is_partial(str(p), int(y)) for p, y in zip(df["period"], df["year"])], index=df.index)
    keys = {k: df[k].astype(str) for k in ("indicator", "country", "partner")}
    cells = pd.DataFrame({**keys, "year": df["year"].astype(int), "source_id": df["source_id"].astype(str).where(~claim, ""),
                          "whole": ~partial.astype(bool)})
    g = cells.groupby(["indicator", "country", "partner", "year", "source_id"], sort=True)["whole"].agg(["size", "sum"])
    return Facts(len(df), tuple((i, c, p, int(y), s, int(n), int(w)) for (i, c, p, y, s), n, w in
                                zip(g.index, g["size"], g["sum"])))


def as_facts(table) -> Facts:
    """The facts of a Bundle, a Facts, or a frame of rows (tests and tools pass frames)."""
    if isinstance(table, Facts):
        return table
    if isinstance(getattr(table, "facts", None), Facts):  # a Bundle
        return table.facts
    return _frame_facts(table)


_FRAME_FACTS: dict[int, tuple[pd.DataFrame, Facts]] = {}


def _frame_facts(df: pd.DataFrame) -> Facts:
    hit = _FRAME_FACTS.get(id(df))
    if hit is None or hit[0] is not df:
        if len(_FRAME_FACTS) > 8:
            _FRAME_FACTS.clear()
        hit = _FRAME_FACTS[id(df)] = (df, facts_of(df))  # the frame is kept so its id is not reused
    return hit[1]

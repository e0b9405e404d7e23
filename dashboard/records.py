"""The derived columns of the indicators table (pure).

All named with a leading underscore so they never mix with the contract's columns:

- ``_country_name``  readable name of ``country`` (``CAS`` is Central Asia)
- ``_partial``       the figure covers part of a year only (``period`` is not a whole year)
- ``_period_label``  "2023" or "Jan–Jun 2023"
- ``_value_text``    the value as a briefing says it, "more than US$ 10 bn"
- ``_claim``         a text or curated figure (not an official statistic)
- ``_main``          the figure that carries the line for its country and year
- ``_series``        an official series in words, "Korea Customs (Korea-reported)" ("" for claims)
- ``_primary``       an official row of the one series shown by default for its country (Korea-reported)
- ``_when``          "2024-06-14" for a claim; "vintage 2025-06-14" or "accessed 2026-11-22" for a series
- ``_checks``        the official value(s) and verdict for a claim, as hover text
- ``_hover``         the whole hover text of the row's point (HTML-escaped)

The first four are flags the columnar copy carries (:mod:`dashboard.store` writes them; :func:`base_flags` is
the same for a frame); the words are added by :func:`dress` to the rows a request shows, with the table's
:class:`Series` worked out once. :func:`prepare_rows` does both for a whole frame (tests, slides, the CLI).
"""
from __future__ import annotations

import html
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np
import pandas as pd

from etl import periods
from etl.schema import CENTRAL_ASIA, COLUMNS, REGION, SORT_KEY, country_name, vocabulary

from . import labels
from .units import value_text

COUNTRIES = (*CENTRAL_ASIA, REGION)
STATISTICS = "statistics"


def period_label(period: str, year: int) -> str:
    """``"2023"`` -> "2023"; ``"2023-01/2023-06"`` -> "Jan–Jun 2023" (see :func:`etl.periods.label`)."""
    return periods.label(period, year)


def is_partial(period: str, year: int) -> bool:
    """True when ``period`` covers less than the whole of ``year``."""
    return periods.is_partial(period, year)


def _short(text: str, limit: int = 70) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _num(value) -> float | None:
    try:
        value = float(value)
    except (TypeError, ValueError):
        return None
    return None if value != value else value


CHECK_FIELDS = ("verdict", "statistic_source_id", "statistic_publisher", "statistic_reporter", "statistic_period",
                "statistic_value", "margin_pct", "other_reporter", "other_value")  # what a claim's hover says of its check


def check_lines(checks: pd.DataFrame | None) -> dict[str, str]:
    """Claim id -> hover lines: the official value(s) and the verdict, in words (HTML-escaped)."""
    if checks is None or checks.empty:
        return {}
    return dict(zip(checks["id"].astype(str).tolist(), check_texts(checks)))


def check_texts(df: pd.DataFrame) -> list[str]:
    """The hover lines of each row's check (:data:`CHECK_FIELDS` beside the claim's indicator, unit and country);
    "" for a row without one (its ``verdict`` missing)."""
    cols = [values(df[c]) if c in df.columns else [None] * len(df) for c in ("indicator", "unit", "country", *CHECK_FIELDS)]
    return [_check_text(*row) if row[3] is not None and row[3] == row[3] else "" for row in zip(*cols)]


def _check_text(indicator, unit, country, verdict, sid, publisher, reporter, period, value, margin, other_reporter,
                other) -> str:
    unit = unit or _unit_of(indicator)
    lines = []
    value = _num(value)
    if value is not None:
        series = _series_words(str(publisher or sid or ""), str(reporter or ""), str(country or ""))
        lines.append(f"official {_escaped_text(str(period or ''))}: {_value_html(value, unit)} ({series})")
    other = _num(other)
    if other is not None:
        lines.append(f"{_reporter_words(str(other_reporter or ''), str(country or ''))}: {_value_html(other, unit)}")
    margin = labels.margin_text(margin)
    lines.append(_escaped_text(labels.verdict_text(verdict)) + (f" ({margin})" if margin else ""))
    return "<br>".join(lines)


@lru_cache(maxsize=64)
def _unit_of(indicator) -> str:
    known = vocabulary().get(indicator)
    return known.unit if known else "USD"


def _country_words(code: str) -> str:
    return country_name(code) if code in COUNTRIES else code


@lru_cache(maxsize=4096)
def _series_words(publisher: str, reporter: str, country: str) -> str:
    return html.escape(_short(labels.series_label(publisher, reporter, _country_words(country)), 45))


@lru_cache(maxsize=4096)
def _reporter_words(reporter: str, country: str) -> str:
    return html.escape(labels.reporter_text(reporter, _country_words(country)) or "other reporter")


def _value_html(value: float, unit: str) -> str:
    return html.escape(value_text(value, unit))


@lru_cache(maxsize=4096)
def _escaped_text(text: str) -> str:
    return html.escape(text)


@dataclass(frozen=True)
class Series:
    """The official series of a table, in words: worked out once per table from its distinct series rows.

    ``labels``: (source_id, country) -> "Korea Customs (Korea-reported)"; ``primary``: the (indicator, country,
    partner, source_id) of each country's default series (Korea-reported, else the first); ``when``: source_id ->
    "vintage 2025-06-14" (empty when the series has no vintage).
    """

    labels: dict = field(default_factory=dict)
    primary: frozenset = frozenset()
    when: dict = field(default_factory=dict)

    def primary_of(self, indicator: str) -> list[tuple[str, str, str]]:
        """The (country, partner, source_id) of the default series of one indicator."""
        return sorted((c, p, s) for i, c, p, s in self.primary if i == indicator)


def series_info(stats: pd.DataFrame, about: dict | None = None) -> Series:
    """:class:`Series` from the distinct (indicator, country, partner, source_id, publisher) of official rows."""
    about = about or {}
    stats = stats[["indicator", "country", "partner", "source_id", "publisher"]].astype(str).drop_duplicates()
    label, reporter = {}, {}
    for sid, country, publisher in zip(stats["source_id"], stats["country"], stats["publisher"]):
        a = about.get(sid)
        reporter[sid] = labels.reporter_of(sid, a.reporter if a else "")
        label[(sid, country)] = labels.series_label(a.producer if a and a.producer else publisher, reporter[sid],
                                                    country_name(country) if country in COUNTRIES else country)
    primary = set()
    for key, group in stats.groupby(["indicator", "country", "partner"], sort=False):
        sids = sorted(set(group["source_id"]))
        korea = [s for s in sids if reporter.get(s) == labels.KOREA]
        primary.update((*key, s) for s in (korea or sids[:1]))
    when = {sid: (a.when if (a := about.get(sid)) and a.vintage else "") for sid in reporter}
    return Series(label, frozenset(primary), when)


def base_flags(rows: pd.DataFrame) -> pd.DataFrame:
    """The contract's rows with ``_claim``, ``_partial``, ``_main`` and ``_country_name``, in the contract's order.

    The same flags :mod:`dashboard.store` writes into the columnar copy (a test holds the two to each other).
    """
    df = rows.copy()
    for c in COLUMNS:
        if df[c].dtype == object or str(df[c].dtype).startswith("str"):
            df[c] = df[c].fillna("")
        elif df[c].dtype == "category" and df[c].isna().any():
            df[c] = df[c].cat.add_categories([""]).fillna("") if "" not in df[c].cat.categories else df[c].fillna("")
    names = {code: country_name(code) for code in df["country"].unique()}
    df["_country_name"] = df["country"].map(names).astype(object)
    df["_partial"] = [is_partial(p, y) for p, y in zip(df["period"], df["year"])]
    df["_claim"] = (df["method"] != STATISTICS).to_numpy(dtype=bool)
    # One figure per country and year carries the line: the most recently published whole-year claim.
    order = df.sort_values(["published", "source_id", "char_start"], ascending=[False, True, True], kind="stable")
    whole_claims = order[order["_claim"] & ~order["_partial"]]
    main_index = whole_claims.drop_duplicates(["indicator", "country", "partner", "year"]).index
    df["_main"] = df.index.isin(main_index)
    return df.sort_values(list(SORT_KEY), kind="stable").reset_index(drop=True)


@lru_cache(maxsize=65536)
def _period_text(period: str, year: int, partial: bool) -> str:
    return period_label(period, year) if partial else str(year)


def dress(df: pd.DataFrame, series: Series, lines: dict[str, str] | None = None, *, hover: bool = True) -> pd.DataFrame:
    """Add the words of each row (``_period_label``, ``_value_text``, ``_series``, ``_primary``, ``_when``,
    ``_checks``, ``_hover``) to rows that carry the base flags: done for the rows a request shows, not for the whole
    table. ``lines``: claim id -> check lines; rows that carry :data:`CHECK_FIELDS` (joined) need none."""
    lines = lines or {}
    claims = df["_claim"].tolist()
    keys = list(zip(*(texts(df[c]) for c in ("indicator", "country", "partner", "source_id"))))
    words = {
        "_period_label": period_texts(df), "_value_text": value_texts(df),
        "_series": ["" if claim else series.labels.get((s, c), "") for (_, c, _, s), claim in zip(keys, claims)],
        "_when": [str(pub) if claim else (series.when.get(s) or (f"accessed {pub}" if pub else ""))
                  for (_, _, _, s), claim, pub in zip(keys, claims, texts(df["published"]))],
        # the rows may come with their checks (a join in dashboard.selection), else ``lines`` has them
        "_checks": ([t if claim else "" for t, claim in zip(check_texts(df), claims)] if "verdict" in df.columns
                    else [lines.get(i, "") for i in texts(df["id"])]),
    }
    df = df.assign(_primary=[(not claim) and k in series.primary for k, claim in zip(keys, claims)],
                   **{k: text_column(v, df.index) for k, v in words.items()})
    if hover:
        df["_hover"] = text_column(hover_texts(df), df.index)
    return df


def text_column(values: list, index) -> pd.Series:
    """A column of Python strings (object dtype: pandas would store a list of strings as Arrow strings, which are
    slow to slice and to read one by one, as every request does)."""
    return pd.Series(values, index=index, dtype=object)


@lru_cache(maxsize=65536)
def _value_words(value, unit: str, comparator: str) -> str:
    return value_text(value, unit, comparator)


def period_texts(df: pd.DataFrame) -> list[str]:
    """``_period_label`` of each row: "2023" or "Jan–Jun 2023"."""
    years = [int(y) for y in df["year"].tolist()]
    return [_period_text(str(p), y, bool(part)) for p, y, part in zip(df["period"].tolist(), years, df["_partial"])]


def value_texts(df: pd.DataFrame) -> list[str]:
    """``_value_text`` of each row: "more than US$ 10 bn"."""
    return [_value_words(v, str(u), str(c)) for v, u, c in zip(df["value"].tolist(), df["unit"].tolist(),
                                                               df["comparator"].tolist())]


def prepare_rows(rows: pd.DataFrame, checks: pd.DataFrame | None = None, *, about: dict | None = None) -> pd.DataFrame:
    """The contract's rows with every derived column of the module docstring, in the contract's order (a new frame).

    Args:
        rows: indicators rows (contract columns).
        checks: checks.csv rows, for the hover text of claims.
        about: source_id -> :class:`~dashboard.provenance.About` of the official series (their producer,
            reporter and vintage); without it, a series' reporter is read from its name.
    """
    df = base_flags(rows)
    return dress(df, series_info(df.loc[~df["_claim"]], about), check_lines(checks))


def texts(series: pd.Series) -> list[str]:
    return [str(v) for v in values(series)]


def values(series: pd.Series) -> list:
    """A column as a Python list, fast for categoricals (their codes index an object array of the categories)."""
    if isinstance(series.dtype, pd.CategoricalDtype):
        codes = series.cat.codes.to_numpy()
        categories = np.asarray(series.cat.categories, dtype=object)
        out = categories[codes].tolist()
        if (codes < 0).any():
            out = [None if c < 0 else v for c, v in zip(codes.tolist(), out)]
        return out
    return series.tolist()


@lru_cache(maxsize=131072)
def _escape(text: str, limit: int | None) -> str:
    return html.escape(_short(text, limit) if limit else text)


def _escaped(series: pd.Series, limit: int | None = None) -> list[str]:
    """A text column shortened to ``limit`` and HTML-escaped (each distinct value once per process)."""
    return [_escape("" if v is None or v != v else str(v), limit) for v in values(series)]


def hover_texts(df: pd.DataFrame) -> list[str]:
    """The hover text of each row of a prepared frame (HTML-escaped; plotly renders a subset of HTML)."""
    n = len(df)
    series = _escaped(df["_series"]) if "_series" in df.columns else [""] * n
    when = _escaped(df["_when"] if "_when" in df.columns else df["published"])
    return [
        _hover(*t)
        for t in zip(
            _escaped(df["_country_name"]), _escaped(df["_period_label"]), _escaped(df["_value_text"]),
            _escaped(df["stated"], 60), _escaped(df["publisher"], 70), _escaped(df["publisher"], 60), when, series,
            values(df["_claim"]), values(df["_checks"]),
        )
    ]


def _hover(name, period, value, stated, publisher, publisher_60, when, series, claim, checks) -> str:
    """One hover text from already escaped parts."""
    lines = [f"<b>{name}</b> · {period}", f"<b>{value}</b>"]
    if claim:
        if stated:
            lines.append(f"as stated: “{stated}”")
        lines.append(f"{publisher}, {when}")
        if checks:
            lines.append(checks)
        lines.append("<i>click for the sentence</i>")
    else:
        lines.append(f"official statistics: {series or publisher}")
        lines.append(f"{publisher_60}, {when}")
    return "<br>".join(lines)

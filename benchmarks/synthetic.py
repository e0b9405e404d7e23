"""Synthetic data folders for the dashboard benchmark (#12): any number of rows, made in seconds.

    .venv/bin/python benchmarks/synthetic.py ROWS OUT_DIR      # writes indicators.csv, sources.csv, checks.csv, review.csv

The rows follow the contract (etl/schema.py's columns, its sort order): random indicators of the vocabulary, the six
places, 1992-2024, 2,000 press sources and one official series (Korea Customs, for trade turnover, about 5 % of
its rows), part-year periods (8 %), every comparator, partner Korea (90 %) or China. checks.csv has one row per
press figure, as the ETL writes it: trade turnover claims checked against the series, the others "no statistic".
The same ROWS and seed give the same files.
"""
from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from etl.schema import (  # noqa: E402
    CENTRAL_ASIA,
    CHECK_COLUMNS,
    COLUMNS,
    REGION,
    REVIEW_COLUMNS,
    SORT_KEY,
    SOURCE_COLUMNS,
    make_id,
    vocabulary,
)

SERIES = "kcs-trade-annual"
N_SOURCES = 2000
COMPARATORS = np.array(["equal"] * 6 + ["more_than", "at_least", "about", "less_than"])


def _sources() -> dict[str, np.ndarray]:
    i = np.arange(N_SOURCES)
    year = 1992 + i % 33
    return {"source_id": np.array([f"{y}-01-01-source-{k}" for y, k in zip(year, i)]),
            "title": np.array([f"Press release {k}" for k in i]),
            "publisher": np.array([f"Publisher {k % 40}" for k in i]),
            "published": np.array([f"{y}-{1 + k % 12:02d}-01" for y, k in zip(year, i)]),
            "url": np.array([f"https://example.org/{k}" for k in i])}


def tables(n_rows: int, seed: int = 1) -> tuple[pa.Table, pa.Table, pa.Table]:
    """(indicators, sources, checks) as Arrow tables with the contract's columns, indicators in its order."""
    rng = np.random.default_rng(seed)
    vocab = vocabulary()
    names = np.array(list(vocab))
    units = np.array([vocab[k].unit for k in names])
    k = rng.integers(0, len(names), n_rows)
    indicator, unit = names[k], units[k]
    country = np.array([*CENTRAL_ASIA, REGION])[rng.integers(0, 6, n_rows)]
    year = rng.integers(1992, 2025, n_rows)
    statistic = (indicator == "trade_turnover") & (rng.random(n_rows) < 0.05)
    partial = (rng.random(n_rows) < 0.08) & ~statistic
    partner = np.where(rng.random(n_rows) < 0.9, "KOR", "CHN")
    value = np.where(unit == "USD", rng.uniform(1e8, 9e9, n_rows),
                     np.where(unit == "percent", rng.uniform(-40, 60, n_rows), rng.integers(1, 3000, n_rows))).round(2)
    comparator = np.where(statistic, "equal", COMPARATORS[rng.integers(0, len(COMPARATORS), n_rows)])
    src = _sources()
    s = rng.integers(0, N_SOURCES, n_rows)
    stated = np.where(unit == "USD", np.char.add(np.char.add("$", np.char.mod("%.1f", value / 1e9)), " billion"),
                      np.char.mod("%d", np.round(value)))
    stated = np.where(statistic, "", stated)
    start = rng.integers(0, 5000, n_rows)
    years = year.astype(str)
    cols = {
        "id": np.array([make_id("bench", i) for i in range(n_rows)]), "indicator": indicator, "country": country,
        "partner": partner, "year": year,
        "period": np.where(partial, np.char.add(np.char.add(years, "-01/"), np.char.add(years, "-06")), years),
        "value": value, "unit": unit, "comparator": comparator,
        "source_id": np.where(statistic, SERIES, src["source_id"][s]),
        "source_title": np.where(statistic, "KCS annual trade", src["title"][s]),
        "publisher": np.where(statistic, "Korea Customs Service", src["publisher"][s]),
        "published": np.where(statistic, "2025-01-31", src["published"][s]),
        "url": np.where(statistic, "https://example.org/kcs", src["url"][s]),
        "quote": np.where(statistic, "", np.char.add(np.char.add(np.char.add("In ", years), " the figure reached "),
                                                     np.char.add(stated, ", said the minister."))),
        "char_start": pa.array(start, mask=statistic), "char_end": pa.array(start + np.char.str_len(stated), mask=statistic),
        "stated": stated, "method": np.where(statistic, "statistics", "text"), "note": np.full(n_rows, ""),
    }
    rows = pa.table({c: cols[c] for c in COLUMNS})
    rows = rows.sort_by([(c, "ascending") for c in SORT_KEY])
    sources = pa.table({**src, "language": np.full(N_SOURCES, "en"), "kind": np.full(N_SOURCES, "document")})
    sources = pa.concat_tables([sources, pa.table({
        "source_id": [SERIES], "title": ["KCS annual trade"], "publisher": ["Korea Customs Service"],
        "published": ["2025-01-31"], "url": ["https://example.org/kcs"], "language": ["en"], "kind": ["snapshot"]})])
    return rows, sources.select(list(SOURCE_COLUMNS)), _checks(rows)


def _checks(rows: pa.Table) -> pa.Table:
    """One row per press figure: trade turnover claims against the series (within 3 %), the others unchecked."""
    claims = rows.filter(pa.compute.not_equal(rows["method"], "statistics"))
    n = claims.num_rows
    trade = np.asarray(claims["indicator"]) == "trade_turnover"
    value = np.asarray(claims["value"], dtype="float64")
    empty, none = np.full(n, ""), pa.array(np.zeros(n), mask=np.ones(n, dtype=bool))
    def where(a, b=""):
        return np.where(trade, a, b)
    cols = {
        **{c: claims[c] for c in ("id", "indicator", "country", "partner", "year", "period", "value", "unit",
                                  "comparator", "source_id", "publisher", "published", "stated")},
        "statistic_source_id": where(SERIES), "statistic_publisher": where("Korea Customs Service"),
        "statistic_reporter": where("KOR"), "statistic_period": where(np.asarray(claims["year"]).astype(str)),
        "statistic_value": pa.array((value * 1.03).round(2), mask=~trade), "margin_pct": pa.array(np.full(n, -2.9), mask=~trade),
        "tolerance_pct": pa.array(np.full(n, 10.5), mask=~trade), "other_source_id": empty, "other_reporter": empty,
        "other_value": none, "other_margin_pct": none, "verdict": where("consistent", "no statistic"),
        "reason": where("against Korea Customs for the year", "no official series for this indicator"), "note": empty,
    }
    return pa.table({c: cols[c] for c in CHECK_COLUMNS})


def write_folder(n_rows: int, folder: Path, seed: int = 1) -> Path:
    """Write the four CSVs into ``folder``; returns the path of indicators.csv."""
    folder.mkdir(parents=True, exist_ok=True)
    rows, sources, checks = tables(n_rows, seed)
    for name, table in (("indicators", rows), ("sources", sources), ("checks", checks)):
        pacsv.write_csv(table, folder / f"{name}.csv")
    (folder / "review.csv").write_text(",".join(REVIEW_COLUMNS) + "\n", encoding="utf-8")
    return folder / "indicators.csv"


if __name__ == "__main__":
    t = time.perf_counter()
    path = write_folder(int(sys.argv[1]), Path(sys.argv[2]))
    print(f"{path} ({time.perf_counter() - t:.1f} s)")

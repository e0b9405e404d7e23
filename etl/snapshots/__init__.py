"""Statistics snapshots: ``<name>.csv`` + ``<name>.meta.yml`` -> contract rows and the series the checks read.

A snapshot keeps the producer's rows as they are; its ``.meta.yml`` says where
they come from (producer, title, mirror ``url`` and ``producer_url``, ``vintage``,
date accessed, licence, unit, what a row means, caveats) and how its columns map
(``kind``, ``reporter``, ``columns``): see ``meta``. Adding a snapshot is
therefore a data change, not a code change. A companion file
``<name>.<part>.csv`` (e.g. the list of cells that are estimates) sits beside
its snapshot and is read only through the snapshot's meta.

- ``meta``  reads and checks the ``.meta.yml``;
- ``kinds`` has one reader per kind (annual, long, monthly, FDI) -> tidy records;
- ``tidy``  turns tidy records into ``indicators.csv`` rows and the checks' series;
- ``lookup`` answers the checks: a value, a sum of months, a region sum or a growth, with who reports it.

Pure functions only: ``parse_snapshot`` takes text; ``load_snapshots`` is the
one reader of a folder and only returns data (the build writes).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..errors import SnapshotError
from . import kinds
from .kinds import contract_indicator
from .meta import KOREA, UNIT_SCALES, parse_meta
from .tidy import (
    MONTHLY_COLUMNS,
    SERIES_COLUMNS,
    add_region_total,
    concat,
    empty_monthly,
    empty_observations,
    empty_series,
    sort_observations,
    source_row,
    to_observations,
    to_series,
    year_to_date,
)

__all__ = [
    "KOREA", "MONTHLY_COLUMNS", "SERIES_COLUMNS", "UNIT_SCALES", "Snapshot", "Snapshots", "contract_indicator",
    "load_snapshots", "parse_meta", "parse_snapshot",
]


@dataclass(frozen=True)
class Snapshot:
    """One parsed snapshot."""

    name: str
    meta: dict
    observations: pd.DataFrame  # contract rows (schema.COLUMNS)
    monthly: pd.DataFrame  # MONTHLY_COLUMNS; empty unless kind is monthly_trade
    series: pd.DataFrame  # SERIES_COLUMNS: the values of `observations` with reporter and estimate as columns
    source: dict  # a sources.csv row (schema.SOURCE_COLUMNS)

    @property
    def reporter(self) -> str:
        return str(self.meta["reporter"])


@dataclass(frozen=True)
class Snapshots:
    """Every snapshot of a folder, combined."""

    observations: pd.DataFrame  # schema.COLUMNS, method = statistics, sorted by schema.SORT_KEY
    sources: list[dict]  # rows for sources.csv, kind = snapshot
    monthly: pd.DataFrame  # MONTHLY_COLUMNS: monthly series for partial-period sums; not for indicators.csv
    series: pd.DataFrame = field(default_factory=empty_series)  # SERIES_COLUMNS: annual and year-to-date values
    reporters: dict[str, str] = field(default_factory=dict)  # source_id -> meta `reporter` (KOR, partner, ...)
    metas: dict[str, dict] = field(default_factory=dict)  # source_id -> its checked .meta.yml

    @classmethod
    def combine(cls, snapshots: list[Snapshot]) -> Snapshots:
        observations = concat([s.observations for s in snapshots], empty_observations())
        monthly = concat([s.monthly for s in snapshots], empty_monthly())
        series = concat([s.series for s in snapshots], empty_series())
        return cls(
            observations=sort_observations(observations),
            sources=[s.source for s in sorted(snapshots, key=lambda s: s.name)],
            monthly=monthly.sort_values(["source_id", "indicator", "country", "month"], kind="mergesort").reset_index(drop=True),
            series=series.sort_values(["source_id", "indicator", "country", "period"], kind="mergesort").reset_index(drop=True),
            reporters={s.name: s.reporter for s in snapshots},
            metas={s.name: s.meta for s in snapshots},
        )


# --------------------------------------------------------------------------- reading a folder


def load_snapshots(directory: Path) -> tuple[Snapshots, list[SnapshotError]]:
    """Read every ``<name>.csv`` with its ``<name>.meta.yml`` (and companions) in ``directory``, sorted by name.

    Every file is tried, so one run reports every bad snapshot; the good ones are
    returned. A ``.meta.yml`` without its CSV, or a companion no meta names, is an error too.
    """
    directory = Path(directory)
    parsed: list[Snapshot] = []
    errors: list[SnapshotError] = []
    csv_paths = sorted(p for p in directory.glob("*.csv") if "." not in p.stem)
    companions = sorted(p for p in directory.glob("*.csv") if "." in p.stem)
    names = {p.stem for p in csv_paths}
    for meta_path in sorted(directory.glob("*.meta.yml")):
        stem = meta_path.name[: -len(".meta.yml")]
        if stem not in names:
            errors.append(SnapshotError(meta_path.name, f"no {stem}.csv beside it"))
    used: set[str] = set()
    for csv_path in csv_paths:
        name = csv_path.stem
        meta_path = csv_path.with_name(f"{name}.meta.yml")
        try:
            csv_text = _read_text(csv_path)
            if not meta_path.exists():
                raise SnapshotError(meta_path.name, f"missing: every snapshot needs its metadata beside {csv_path.name}")
            own = {p.name: _read_text(p) for p in companions if p.name.startswith(f"{name}.")}
            snapshot = parse_snapshot(name, csv_text, _read_text(meta_path), own)
            parsed.append(snapshot)
            used |= {snapshot.meta["estimates"]["file"]} if snapshot.meta["estimates"] else set()
        except SnapshotError as e:
            errors.append(e)
            used |= {p.name for p in companions if p.name.startswith(f"{name}.")}  # its own error says enough
    for path in companions:
        if path.name not in used:
            errors.append(SnapshotError(path.name, "a companion file that no snapshot's .meta.yml names"))
    return Snapshots.combine(parsed), errors


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise SnapshotError(path.name, f"not UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise SnapshotError(path.name, f"cannot be read: {e.strerror}") from None


# --------------------------------------------------------------------------- one snapshot


def parse_snapshot(name: str, csv_text: str, meta_text: str, companions: dict[str, str] | None = None) -> Snapshot:
    """Parse one snapshot from its CSV text, its ``.meta.yml`` text and its companions' texts (file name -> text).

    Raises ``SnapshotError`` naming ``<name>.csv``, ``<name>.meta.yml`` or the companion and,
    for a bad row, its line number in the CSV (the header is line 1).
    """
    meta = parse_meta(name, meta_text)
    rows = kinds.snapshot_rows(name, csv_text, meta)
    kind = meta["kind"]
    monthly = empty_monthly()
    if kind == "annual_trade":
        frame = kinds.annual_trade(name, rows, meta)
    elif kind == "annual_trade_long":
        frame = kinds.annual_trade_long(name, rows, meta, _estimates(name, meta, companions or {}))
    elif kind == "monthly_trade":
        monthly = kinds.monthly_trade(name, rows, meta)
        frame = year_to_date(monthly, vintage=meta["vintage"])
    else:  # fdi_flows
        frame = kinds.fdi_flows(name, rows, meta)
    if meta.get("region_total"):
        frame = add_region_total(frame)
    return Snapshot(name=name, meta=meta, observations=to_observations(frame, name, meta), monthly=monthly,
                    series=to_series(frame, name, meta), source=source_row(name, meta))


def _estimates(name: str, meta: dict, companions: dict[str, str]) -> dict:
    if not meta["estimates"]:
        return {}
    file = meta["estimates"]["file"]
    if file not in companions:
        raise SnapshotError(f"{name}.meta.yml", f"estimates: no {file} beside it")
    return kinds.read_estimates(name, companions[file], meta)

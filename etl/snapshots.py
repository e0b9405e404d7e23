"""Statistics snapshots: ``<name>.csv`` + ``<name>.meta.yml`` -> contract rows.

A snapshot keeps the producer's rows as they are; its ``.meta.yml`` says where
they come from (producer, title, url/origin, date accessed, licence, unit, what a
row means, caveats) and how its columns map (``kind``, ``reporter``,
``columns``). Adding a snapshot is therefore a data change, not a code change.

Kinds (``kind`` in the meta):

``annual_trade``
    one row per country and year, wide: ``country``, ``year``, ``exports``,
    ``imports`` (as the *reporter* records them), optional ``turnover``,
    ``note`` and ``months`` (fewer than 12 makes a partial period).
``annual_trade_long``
    one row per country, year and flow: ``country``, ``year``, ``flow``,
    ``value``, optional ``flag`` and ``note``; ``flows`` maps the flow column's
    values to ``exports``/``imports``, ``flags`` maps flag values to a note.
``monthly_trade``
    one row per country and month (``YYYY-MM``): ``country``, ``month``,
    ``exports``, ``imports``. Goes to ``Snapshots.monthly`` (for partial-period
    checks); only the trailing partial year becomes contract rows, with its
    ``period`` (``2025-01/2025-05``).
``fdi_flows``
    one row per country and year: ``country``, ``year``, ``value``, optional
    ``note``; ``indicator`` in the meta names the indicator.

Direction (contract, "Direction"): flows are seen from the Central Asian side.
With ``reporter: KOR`` the reporter's exports are Korea's exports, i.e. the
country's ``imports``; with ``reporter: partner`` the reporter is the country.

Pure functions only: ``parse_snapshot`` takes text; ``load_snapshots`` is the
one reader of a folder and only returns data (the build writes).
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import yaml

from . import schema
from .errors import SnapshotError

KOREA = "KOR"
METHOD = "statistics"
UNIT = "USD"
# unit of a snapshot's numbers -> factor to whole US dollars
UNIT_SCALES = {"USD": 1, "USD thousand": 10**3, "USD million": 10**6, "USD billion": 10**9}
REQUIRED_META = ("title", "producer", "date_accessed", "licence", "unit", "row", "caveats", "kind", "reporter", "columns")
TRADE_REPORTERS = ("KOR", "partner")
# kind -> (required column roles, optional column roles)
KINDS = {
    "annual_trade": (("country", "year", "exports", "imports"), ("turnover", "note", "months")),
    "annual_trade_long": (("country", "year", "flow", "value"), ("flag", "note")),
    "monthly_trade": (("country", "month", "exports", "imports"), ("note",)),
    "fdi_flows": (("country", "year", "value"), ("note",)),
}
FLOWS = ("exports", "imports")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")
MONTHLY_COLUMNS = ("source_id", "publisher", "indicator", "country", "partner", "year", "month", "value")
# Tidy records before they become contract rows.
_TIDY = ("indicator", "country", "year", "period", "value", "note")


@dataclass(frozen=True)
class Snapshot:
    """One parsed snapshot."""

    name: str
    meta: dict
    observations: pd.DataFrame  # contract rows (schema.COLUMNS)
    monthly: pd.DataFrame  # MONTHLY_COLUMNS; empty unless kind is monthly_trade
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
    reporters: dict[str, str] = field(default_factory=dict)  # source_id -> meta `reporter` (KOR, partner, ...)

    @classmethod
    def combine(cls, snapshots: list[Snapshot]) -> Snapshots:
        observations = _concat([s.observations for s in snapshots], empty_observations())
        monthly = _concat([s.monthly for s in snapshots], empty_monthly())
        return cls(
            observations=sort_observations(observations),
            sources=[s.source for s in sorted(snapshots, key=lambda s: s.name)],
            monthly=monthly.sort_values(list(MONTHLY_COLUMNS[:5]) + ["month"], kind="mergesort").reset_index(drop=True),
            reporters={s.name: s.reporter for s in snapshots},
        )


# --------------------------------------------------------------------------- reading a folder


def load_snapshots(directory: Path) -> tuple[Snapshots, list[SnapshotError]]:
    """Read every ``*.csv`` with its ``.meta.yml`` in ``directory`` (sorted by name, UTF-8).

    Every file is tried, so one run reports every bad snapshot; the good ones are
    returned. A ``.meta.yml`` without its CSV is an error too.
    """
    directory = Path(directory)
    parsed: list[Snapshot] = []
    errors: list[SnapshotError] = []
    csv_paths = sorted(directory.glob("*.csv"))
    names = {p.stem for p in csv_paths}
    for meta_path in sorted(directory.glob("*.meta.yml")):
        stem = meta_path.name[: -len(".meta.yml")]
        if stem not in names:
            errors.append(SnapshotError(meta_path.name, f"no {stem}.csv beside it"))
    for csv_path in csv_paths:
        name = csv_path.stem
        meta_path = csv_path.with_name(f"{name}.meta.yml")
        try:
            csv_text = _read_text(csv_path)
            if not meta_path.exists():
                raise SnapshotError(meta_path.name, f"missing: every snapshot needs its metadata beside {csv_path.name}")
            meta_text = _read_text(meta_path)
            parsed.append(parse_snapshot(name, csv_text, meta_text))
        except SnapshotError as e:
            errors.append(e)
    return Snapshots.combine(parsed), errors


def _read_text(path: Path) -> str:
    try:
        return path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as e:
        raise SnapshotError(path.name, f"not UTF-8 (byte {e.start})") from None
    except OSError as e:
        raise SnapshotError(path.name, f"cannot be read: {e.strerror}") from None


# --------------------------------------------------------------------------- one snapshot


def parse_snapshot(name: str, csv_text: str, meta_text: str) -> Snapshot:
    """Parse one snapshot from its CSV text and its ``.meta.yml`` text.

    Raises ``SnapshotError`` naming ``<name>.csv`` or ``<name>.meta.yml`` and,
    for a bad row, its line number in the CSV (the header is line 1).
    """
    meta = parse_meta(name, meta_text)
    header, rows = _read_csv(name, csv_text, meta)
    kind = meta["kind"]
    if kind == "annual_trade":
        tidy = _annual_trade(name, rows, meta)
        monthly = empty_monthly()
    elif kind == "annual_trade_long":
        tidy = _annual_trade_long(name, rows, meta)
        monthly = empty_monthly()
    elif kind == "monthly_trade":
        monthly = _monthly_trade(name, rows, meta)
        tidy = year_to_date(monthly, reporter=meta["reporter"])
    else:  # fdi_flows
        tidy = _fdi_flows(name, rows, meta)
        monthly = empty_monthly()
    if meta.get("region_total"):
        tidy = add_region_total(tidy, flagged=tuple(meta["flags"].values()) + (_RECORDED_ONLY,))
    observations = to_observations(tidy, name, meta)
    return Snapshot(name=name, meta=meta, observations=observations, monthly=monthly, source=source_row(name, meta))


def parse_meta(name: str, meta_text: str) -> dict:
    """Read and check a ``.meta.yml``; errors name ``<name>.meta.yml``."""
    where = f"{name}.meta.yml"
    try:
        meta = yaml.safe_load(meta_text)
    except yaml.YAMLError as e:
        raise SnapshotError(where, f"not valid YAML: {_one_line(e)}") from None
    if not isinstance(meta, dict):
        raise SnapshotError(where, "must be a mapping of fields (producer, title, url, date_accessed, licence, ...)")
    missing = [key for key in REQUIRED_META if meta.get(key) in (None, "", [], {})]
    if not (meta.get("url") or meta.get("origin")):
        missing.append("url or origin")
    if missing:
        raise SnapshotError(where, "missing field(s): " + ", ".join(missing))
    meta = dict(meta)
    for key in ("title", "producer", "licence", "unit", "row", "kind", "reporter"):
        if not isinstance(meta[key], str):
            raise SnapshotError(where, f"{key}: must be text")
    accessed = meta["date_accessed"]
    if isinstance(accessed, dt.datetime):
        accessed = accessed.date()
    accessed = accessed.isoformat() if isinstance(accessed, dt.date) else str(accessed).strip()
    if not DATE.match(accessed):
        raise SnapshotError(where, f"date_accessed: {accessed!r} is not a date (YYYY-MM-DD)")
    meta["date_accessed"] = accessed
    if meta["unit"] not in UNIT_SCALES:
        raise SnapshotError(where, f"unit: {meta['unit']!r} is not one of {', '.join(UNIT_SCALES)}")
    if isinstance(meta["caveats"], str):
        meta["caveats"] = [meta["caveats"]]
    if not isinstance(meta["caveats"], list):
        raise SnapshotError(where, "caveats: must be a list of sentences")
    kind = meta["kind"]
    if kind not in KINDS:
        raise SnapshotError(where, f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    if kind != "fdi_flows" and meta["reporter"] not in TRADE_REPORTERS:
        raise SnapshotError(where, f"reporter: {meta['reporter']!r} must be KOR (Korea's customs) or partner")
    if kind == "fdi_flows":
        indicator = meta.get("indicator")
        if indicator not in schema.vocabulary():
            raise SnapshotError(where, f"indicator: {indicator!r} is not in the indicator vocabulary")
    columns = meta["columns"]
    required, optional = KINDS[kind]
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise SnapshotError(where, "columns: must map roles to column names")
    if missing := [role for role in required if role not in columns]:
        raise SnapshotError(where, f"columns: missing role(s) {', '.join(missing)} for kind {kind}")
    if unknown := [role for role in columns if role not in required + optional]:
        raise SnapshotError(where, f"columns: unknown role(s) {', '.join(unknown)} for kind {kind}")
    for key in ("expect", "flows", "flags"):
        value = meta.setdefault(key, {})
        if not isinstance(value, dict):
            raise SnapshotError(where, f"{key}: must be a mapping")
        meta[key] = {str(k): str(v) for k, v in value.items()}
    if kind == "annual_trade_long":
        if not meta["flows"] or set(meta["flows"].values()) - set(FLOWS):
            raise SnapshotError(where, "flows: must map the flow column's values to exports or imports")
    other = meta.setdefault("other_columns", [])
    if not isinstance(other, list):
        raise SnapshotError(where, "other_columns: must be a list of column names")
    meta["other_columns"] = [str(c) for c in other]
    return meta


def _read_csv(name: str, csv_text: str, meta: dict) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """Header and ``(line, row)`` pairs; checks the header against the meta and ``expect`` on every row."""
    where = f"{name}.csv"
    reader = csv.reader(io.StringIO(csv_text.lstrip("\ufeff"), newline=""))
    try:
        header = next(reader)
    except StopIteration:
        raise SnapshotError(where, "empty file: no header") from None
    except csv.Error as e:
        raise SnapshotError(where, f"not a CSV: {e}", 1) from None
    header = [h.strip() for h in header]
    if dupes := sorted({h for h in header if header.count(h) > 1}):
        raise SnapshotError(where, f"duplicated column(s): {', '.join(dupes)}", 1)
    known = set(meta["columns"].values()) | set(meta["expect"]) | set(meta["other_columns"])
    if missing := [c for c in sorted(known) if c not in header]:
        raise SnapshotError(where, f"missing column(s): {', '.join(missing)}", 1)
    if unknown := [h for h in header if h not in known]:
        raise SnapshotError(
            where, f"unknown column(s) {', '.join(unknown)}: map them in columns or list them in other_columns", 1
        )
    rows: list[tuple[int, dict[str, str]]] = []
    line = 1
    try:
        for values in reader:
            line = reader.line_num
            if not values or values == [""]:
                continue
            if len(values) != len(header):
                raise SnapshotError(where, f"{len(values)} fields where the header has {len(header)}", line)
            row = dict(zip(header, values))
            for column, expected in meta["expect"].items():
                if row[column].strip() != expected:
                    raise SnapshotError(where, f"{column} is {row[column]!r}, expected {expected!r}", line)
            rows.append((line, row))
    except csv.Error as e:
        raise SnapshotError(where, f"not a CSV: {e}", line + 1) from None
    if not rows:
        raise SnapshotError(where, "no data rows")
    return header, rows


# --------------------------------------------------------------------------- field readers


def _amount(where: str, line: int, column: str, text: str, scale: int) -> int | None:
    """A producer's number -> whole US dollars (``None`` when the cell is empty: missing, never zero)."""
    text = text.strip()
    if text == "":
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise SnapshotError(where, f"{column}: {text!r} is not a number", line)
    return int((number * scale).quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _year(where: str, line: int, column: str, text: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text):
        raise SnapshotError(where, f"{column}: {text!r} is not a year", line)
    return int(text)


def _country(where: str, line: int, column: str, text: str) -> str:
    text = text.strip()
    if text not in schema.CENTRAL_ASIA:
        raise SnapshotError(where, f"{column}: {text!r} is not a Central Asian country ({', '.join(schema.CENTRAL_ASIA)})", line)
    return text


def _unique(where: str, seen: dict, key: tuple, line: int, what: str) -> None:
    if key in seen:
        raise SnapshotError(where, f"duplicated {what} (first on line {seen[key]})", line)
    seen[key] = line


def contract_indicator(reporter: str, flow: str) -> str:
    """The reporter's ``exports``/``imports`` -> the contract's indicator, seen from the Central Asian side.

    Korea's exports to Kazakhstan are Kazakhstan's ``imports`` from Korea.
    """
    if flow not in FLOWS:
        raise ValueError(f"unknown flow {flow!r}")
    if reporter == KOREA:
        return "imports" if flow == "exports" else "exports"
    return flow


def _join(*parts: str) -> str:
    return "; ".join(p for p in parts if p)


def _period(year: int, months: int | None) -> str:
    return str(year) if months in (None, 12) else f"{year}-01/{year}-{months:02d}"


# --------------------------------------------------------------------------- kinds -> tidy records


def _annual_trade(name: str, rows: list[tuple[int, dict]], meta: dict) -> pd.DataFrame:
    where, cols, scale, reporter = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]], meta["reporter"]
    seen: dict = {}
    records = []
    for line, row in rows:
        country = _country(where, line, cols["country"], row[cols["country"]])
        year = _year(where, line, cols["year"], row[cols["year"]])
        _unique(where, seen, (country, year), line, f"{country} {year}")
        months = None
        if "months" in cols:
            text = row[cols["months"]].strip()
            if not re.fullmatch(r"\d{1,2}", text) or not 1 <= int(text) <= 12:
                raise SnapshotError(where, f"{cols['months']}: {text!r} is not a number of months (1-12)", line)
            months = int(text)
        period = _period(year, months)
        note = _join(_reported(reporter, country), row[cols["note"]].strip() if "note" in cols else "")
        partial = f"partial year: {months} months" if months not in (None, 12) else ""
        flows = {flow: _amount(where, line, cols[flow], row[cols[flow]], scale) for flow in FLOWS}
        for flow, value in flows.items():
            if value is not None:
                records.append((contract_indicator(reporter, flow), country, year, period, value, _join(note, partial)))
        recorded = [v for v in flows.values() if v is not None]
        if "turnover" in cols:
            turnover = _amount(where, line, cols["turnover"], row[cols["turnover"]], scale)
            if turnover is not None and recorded and abs(turnover - sum(recorded)) > max(0.005 * abs(turnover), 0.01 * scale):
                raise SnapshotError(
                    where, f"{cols['turnover']}: {row[cols['turnover']].strip()} is not exports + imports", line
                )
        else:
            turnover = sum(recorded) if len(recorded) == 2 else None
        if turnover is not None:
            gaps = [f"{_reporter_words(reporter)} {flow} not recorded" for flow, v in flows.items() if v is None]
            cover = f"{_RECORDED_ONLY} ({', '.join(gaps)})" if gaps else ""
            records.append(("trade_turnover", country, year, period, turnover, _join(note, partial, cover)))
    return _tidy(records)


def _reported(reporter: str, country: str) -> str:
    """Who reports the row, for its note: Korea's customs or the Central Asian country (the mirror)."""
    return "Korea-reported" if reporter == KOREA else f"partner-reported ({country})"


def _reporter_words(reporter: str) -> str:
    return "Korea's" if reporter == KOREA else "the reporter's"


def _annual_trade_long(name: str, rows: list[tuple[int, dict]], meta: dict) -> pd.DataFrame:
    where, cols, scale, reporter = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]], meta["reporter"]
    seen: dict = {}
    cells: dict[tuple[str, int], dict[str, tuple[int, str]]] = {}
    for line, row in rows:
        country = _country(where, line, cols["country"], row[cols["country"]])
        year = _year(where, line, cols["year"], row[cols["year"]])
        flow_text = row[cols["flow"]].strip()
        if flow_text not in meta["flows"]:
            raise SnapshotError(where, f"{cols['flow']}: {flow_text!r} is not one of {', '.join(meta['flows'])}", line)
        flow = meta["flows"][flow_text]
        _unique(where, seen, (country, year, flow), line, f"{country} {year} {flow_text}")
        notes = [_reported(reporter, country)] + ([row[cols["note"]].strip()] if "note" in cols else [])
        if "flag" in cols:
            flag = row[cols["flag"]].strip()
            if flag and flag not in meta["flags"]:
                raise SnapshotError(where, f"{cols['flag']}: unknown flag {flag!r}", line)
            notes.append(meta["flags"].get(flag, "") if flag else "")
        value = _amount(where, line, cols["value"], row[cols["value"]], scale)
        if value is not None:
            cells.setdefault((country, year), {})[flow] = (value, _join(*notes))
    records = []
    for (country, year), flows in sorted(cells.items()):
        for flow, (value, note) in sorted(flows.items()):
            records.append((contract_indicator(reporter, flow), country, year, str(year), value, note))
        if len(flows) == 2:
            flags = [f"{flow}: {flows[flow][1]}" for flow in FLOWS if flows[flow][1] != flows["exports"][1] or flows[flow][1] != flows["imports"][1]]
            total = sum(v for v, _ in flows.values())
            common = flows["exports"][1] if flows["exports"][1] == flows["imports"][1] else _reported(reporter, country)
            records.append(("trade_turnover", country, year, str(year), total, _join(common, "computed as exports + imports", *flags)))
    return _tidy(records)


def _fdi_flows(name: str, rows: list[tuple[int, dict]], meta: dict) -> pd.DataFrame:
    where, cols, scale = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]]
    seen: dict = {}
    records = []
    for line, row in rows:
        country = _country(where, line, cols["country"], row[cols["country"]])
        year = _year(where, line, cols["year"], row[cols["year"]])
        _unique(where, seen, (country, year), line, f"{country} {year}")
        value = _amount(where, line, cols["value"], row[cols["value"]], scale)
        note = row[cols["note"]].strip() if "note" in cols else ""
        if value is not None:
            records.append((meta["indicator"], country, year, str(year), value, note))
    return _tidy(records)


def _monthly_trade(name: str, rows: list[tuple[int, dict]], meta: dict) -> pd.DataFrame:
    """Monthly rows -> the tidy monthly frame (contract indicators and direction, whole dollars, CAS if asked)."""
    where, cols, scale, reporter = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]], meta["reporter"]
    seen: dict = {}
    records = []
    for line, row in rows:
        country = _country(where, line, cols["country"], row[cols["country"]])
        month = row[cols["month"]].strip()
        if not (match := MONTH.match(month)):
            raise SnapshotError(where, f"{cols['month']}: {month!r} is not a month (YYYY-MM)", line)
        _unique(where, seen, (country, month), line, f"{country} {month}")
        flows = {flow: _amount(where, line, cols[flow], row[cols[flow]], scale) for flow in FLOWS}
        for flow, value in flows.items():
            if value is not None:
                records.append((contract_indicator(reporter, flow), country, int(match[1]), month, value))
        if None not in flows.values():
            records.append(("trade_turnover", country, int(match[1]), month, sum(flows.values())))
    frame = pd.DataFrame(records, columns=["indicator", "country", "year", "month", "value"])
    if meta.get("region_total"):
        frame = _monthly_region_total(frame)
    frame.insert(0, "source_id", name)
    frame.insert(1, "publisher", meta["producer"])
    frame.insert(4, "partner", KOREA)
    frame["value"] = frame["value"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    return frame[list(MONTHLY_COLUMNS)].sort_values(["indicator", "country", "month"], kind="mergesort").reset_index(drop=True)


def _monthly_region_total(frame: pd.DataFrame) -> pd.DataFrame:
    complete = frame.groupby(["indicator", "year", "month"])["country"].transform("nunique") == len(schema.CENTRAL_ASIA)
    totals = frame[complete].groupby(["indicator", "year", "month"], as_index=False)["value"].sum()
    totals["country"] = schema.REGION
    return pd.concat([frame, totals[frame.columns]], ignore_index=True)


def year_to_date(monthly: pd.DataFrame, *, reporter: str = KOREA) -> pd.DataFrame:
    """The trailing partial year of a monthly series as tidy records with period ``YYYY-01/YYYY-MM``.

    Whole years are not repeated here (they belong to the annual series). Only a
    country-indicator whose months of the last year run without a gap from January
    gets a row. CAS comes from the monthly CAS rows, if any.
    """
    if monthly.empty:
        return _tidy([])
    last_year = int(monthly["year"].max())
    months = monthly[monthly["year"] == last_year]
    last_month = int(months["month"].str[5:7].astype(int).max())
    if last_month == 12:
        return _tidy([])
    records = []
    for (indicator, country), group in months.groupby(["indicator", "country"], sort=True):
        numbers = sorted(int(m[5:7]) for m in group["month"])
        if numbers != list(range(1, last_month + 1)):
            continue
        note = f"partial year: January-{_MONTH_NAMES[last_month - 1]} {last_year} ({last_month} months), sum of the monthly figures"
        note = _join(note, _REGION_NOTE) if country == schema.REGION else _join(_reported(reporter, country), note)
        records.append((indicator, country, last_year, _period(last_year, last_month), int(group["value"].sum()), note))
    return _tidy(records)


_RECORDED_ONLY = "total of the recorded flow only"
_REGION_NOTE = "sum of " + ", ".join(schema.CENTRAL_ASIA) + " (all five have a value)"
_MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")


def _tidy(records: list[tuple]) -> pd.DataFrame:
    frame = pd.DataFrame(records, columns=list(_TIDY))
    return frame.astype({"year": "int64", "value": "int64"}) if len(frame) else frame


# --------------------------------------------------------------------------- tidy -> contract rows


def add_region_total(tidy: pd.DataFrame, *, flagged: tuple[str, ...] = ()) -> pd.DataFrame:
    """Add ``CAS`` rows: the sum of the five countries, only where all five have a value for that indicator and period.

    A total that includes a flagged value (one whose note holds one of ``flagged``,
    e.g. an IMF estimate) says so in its note.
    """
    if tidy.empty:
        return tidy
    countries = tidy[tidy["country"].isin(schema.CENTRAL_ASIA)]
    keys = ["indicator", "year", "period"]
    complete = countries.groupby(keys)["country"].transform("nunique") == len(schema.CENTRAL_ASIA)
    totals = countries[complete].groupby(keys, as_index=False)["value"].sum()
    existing = tidy.loc[tidy["country"] == schema.REGION, keys]
    if not existing.empty:  # a total already given (e.g. from the monthly CAS rows) is not added twice
        totals = totals.merge(existing.drop_duplicates(), on=keys, how="left", indicator=True)
        totals = totals[totals["_merge"] == "left_only"].drop(columns="_merge")
    if totals.empty:
        return tidy
    totals["country"] = schema.REGION
    notes = countries[complete].groupby(keys)["note"].agg(lambda ns: sorted({f for n in ns for f in flagged if f and f in n}))
    totals["note"] = [
        _join(f"partial year {p}" if "/" in p else "", _REGION_NOTE, f"components flagged: {', '.join(notes[(i, y, p)])}" if notes[(i, y, p)] else "")
        for i, y, p in zip(totals["indicator"], totals["year"], totals["period"])
    ]
    return pd.concat([tidy, totals[list(_TIDY)]], ignore_index=True)


def to_observations(tidy: pd.DataFrame, name: str, meta: dict) -> pd.DataFrame:
    """Tidy records -> contract rows (``schema.COLUMNS``) with the snapshot's provenance."""
    if tidy.empty:
        return empty_observations()
    frame = pd.DataFrame(
        {
            "indicator": tidy["indicator"].astype(str),
            "country": tidy["country"].astype(str),
            "partner": KOREA,
            "year": tidy["year"].astype("int64"),
            "period": tidy["period"].astype(str),
            "value": tidy["value"].astype("float64"),
            "unit": UNIT,
            "comparator": "equal",
            "source_id": name,
            "source_title": meta["title"],
            "publisher": meta["producer"],
            "published": meta["date_accessed"],
            "url": str(meta.get("url") or ""),
            "quote": "",
            "char_start": pd.array([pd.NA] * len(tidy), dtype="Int64"),
            "char_end": pd.array([pd.NA] * len(tidy), dtype="Int64"),
            "stated": "",
            "method": METHOD,
            "note": tidy["note"].fillna("").astype(str),
        }
    )
    frame.insert(
        0,
        "id",
        [schema.make_id(name, i, c, p, per) for i, c, p, per in zip(frame["indicator"], frame["country"], frame["partner"], frame["period"])],
    )
    return sort_observations(frame[list(schema.COLUMNS)])


def source_row(name: str, meta: dict) -> dict:
    """The snapshot's row of ``sources.csv``."""
    row = {
        "source_id": name,
        "title": meta["title"],
        "publisher": meta["producer"],
        "published": meta["date_accessed"],
        "url": str(meta.get("url") or ""),
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


def _concat(frames: list[pd.DataFrame], empty: pd.DataFrame) -> pd.DataFrame:
    frames = [f for f in frames if not f.empty]
    return pd.concat(frames, ignore_index=True) if frames else empty


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())

"""One reader per snapshot kind: the producer's CSV rows -> tidy records (see ``tidy.TIDY``).

Kinds (``kind`` in the meta):

``annual_trade``
    one row per country and year, wide: ``country``, ``year``, ``exports``,
    ``imports`` (as the *reporter* records them), optional ``turnover``,
    ``note`` and ``months`` (fewer than 12 makes a partial period).
``annual_trade_long``
    one row per country, year and flow: ``country``, ``year``, ``flow``,
    ``value``, optional ``flag`` and ``note``; ``flows`` maps the flow column's
    values to ``exports``/``imports``, ``flags`` maps flag values to a note;
    ``estimates`` names a companion CSV of the cells that are estimates.
``monthly_trade``
    one row per country and month (``YYYY-MM``): ``country``, ``month``,
    ``exports``, ``imports``.
``fdi_flows``
    one row per country and year: ``country``, ``year``, ``value``, optional
    ``note``; ``indicator`` in the meta names the indicator.

Direction (contract, "Direction"): flows are seen from the Central Asian side.
With ``reporter: KOR`` the reporter's exports are Korea's exports, i.e. the
country's ``imports``; with ``reporter: partner`` the reporter is the country.
"""
from __future__ import annotations

import csv
import io
import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd

from .. import schema
from ..errors import SnapshotError
from .meta import KOREA, UNIT_SCALES, provenance_of, reporter_of
from .tidy import RECORDED_ONLY, join, period_of, reported, tidy

FLOWS = ("exports", "imports")
MONTH = re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$")

Rows = list[tuple[int, dict[str, str]]]


def read_csv(where: str, csv_text: str, known: set[str], expect: dict[str, str] | None = None, *,
             others: bool = False) -> Rows:
    """``(line, row)`` pairs of a CSV whose header holds the ``known`` columns (header is line 1).

    Other columns are an error unless ``others`` is true.
    """
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
    if missing := [c for c in sorted(known) if c not in header]:
        raise SnapshotError(where, f"missing column(s): {', '.join(missing)}", 1)
    if not others and (unknown := [h for h in header if h not in known]):
        raise SnapshotError(
            where, f"unknown column(s) {', '.join(unknown)}: map them in columns or list them in other_columns", 1
        )
    rows: Rows = []
    line = 1
    try:
        for values in reader:
            line = reader.line_num
            if not values or values == [""]:
                continue
            if len(values) != len(header):
                raise SnapshotError(where, f"{len(values)} fields where the header has {len(header)}", line)
            row = dict(zip(header, values))
            for column, expected in (expect or {}).items():
                if row[column].strip() != expected:
                    raise SnapshotError(where, f"{column} is {row[column]!r}, expected {expected!r}", line)
            rows.append((line, row))
    except csv.Error as e:
        raise SnapshotError(where, f"not a CSV: {e}", line + 1) from None
    if not rows:
        raise SnapshotError(where, "no data rows")
    return rows


def snapshot_rows(name: str, csv_text: str, meta: dict) -> Rows:
    """The snapshot's rows, its header checked against the meta and ``expect`` checked on every row."""
    known = set(meta["columns"].values()) | set(meta["expect"]) | set(meta["other_columns"])
    return read_csv(f"{name}.csv", csv_text, known, meta["expect"])


# --------------------------------------------------------------------------- field readers


def amount(where: str, line: int, column: str, text: str, scale: int) -> int | None:
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


def year_of(where: str, line: int, column: str, text: str) -> int:
    text = text.strip()
    if not re.fullmatch(r"\d{4}", text):
        raise SnapshotError(where, f"{column}: {text!r} is not a year", line)
    return int(text)


def country_of(where: str, line: int, column: str, text: str) -> str:
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


def _reporter_words(reporter: str) -> str:
    return "Korea's" if reporter == KOREA else "the reporter's"


# --------------------------------------------------------------------------- kinds -> tidy records


def annual_trade(name: str, rows: Rows, meta: dict) -> pd.DataFrame:
    where, cols, scale, reporter = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]], meta["reporter"]
    seen: dict = {}
    records = []
    for line, row in rows:
        country = country_of(where, line, cols["country"], row[cols["country"]])
        year = year_of(where, line, cols["year"], row[cols["year"]])
        _unique(where, seen, (country, year), line, f"{country} {year}")
        months = None
        if "months" in cols:
            text = row[cols["months"]].strip()
            if not re.fullmatch(r"\d{1,2}", text) or not 1 <= int(text) <= 12:
                raise SnapshotError(where, f"{cols['months']}: {text!r} is not a number of months (1-12)", line)
            months = int(text)
        period = period_of(year, months)
        own = row[cols["note"]].strip() if "note" in cols else ""
        note = join(reported(reporter, country), own)
        partial = f"partial year: {months} months" if months not in (None, 12) else ""
        base = (reporter_of(meta, country), "", *provenance_of(meta, own))
        flows = {flow: amount(where, line, cols[flow], row[cols[flow]], scale) for flow in FLOWS}
        for flow, value in flows.items():
            if value is not None:
                records.append((contract_indicator(reporter, flow), country, year, period, value, join(note, partial), *base))
        recorded = [v for v in flows.values() if v is not None]
        if "turnover" in cols:
            turnover = amount(where, line, cols["turnover"], row[cols["turnover"]], scale)
            if turnover is not None and recorded and abs(turnover - sum(recorded)) > max(0.005 * abs(turnover), 0.01 * scale):
                raise SnapshotError(
                    where, f"{cols['turnover']}: {row[cols['turnover']].strip()} is not exports + imports", line
                )
        else:
            turnover = sum(recorded) if len(recorded) == 2 else None
        if turnover is not None:
            gaps = [f"{_reporter_words(reporter)} {flow} not recorded" for flow, v in flows.items() if v is None]
            cover = f"{RECORDED_ONLY} ({', '.join(gaps)})" if gaps else ""
            records.append(("trade_turnover", country, year, period, turnover, join(note, partial, cover), *base))
    return tidy(records)


def annual_trade_long(name: str, rows: Rows, meta: dict, estimates: dict | None = None) -> pd.DataFrame:
    """Long rows -> tidy records; ``estimates`` (from ``read_estimates``) marks the cells that are estimates."""
    where, cols, scale, reporter = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]], meta["reporter"]
    estimates = dict(estimates or {})
    seen: dict = {}
    cells: dict[tuple[str, int], dict[str, tuple[int, str, str]]] = {}
    for line, row in rows:
        country = country_of(where, line, cols["country"], row[cols["country"]])
        year = year_of(where, line, cols["year"], row[cols["year"]])
        flow_text = row[cols["flow"]].strip()
        if flow_text not in meta["flows"]:
            raise SnapshotError(where, f"{cols['flow']}: {flow_text!r} is not one of {', '.join(meta['flows'])}", line)
        flow = meta["flows"][flow_text]
        _unique(where, seen, (country, year, flow), line, f"{country} {year} {flow_text}")
        notes = [reported(reporter, country)] + ([row[cols["note"]].strip()] if "note" in cols else [])
        if "flag" in cols:
            flag = row[cols["flag"]].strip()
            if flag and flag not in meta["flags"]:
                raise SnapshotError(where, f"{cols['flag']}: unknown flag {flag!r}", line)
            notes.append(meta["flags"].get(flag, "") if flag else "")
        value = amount(where, line, cols["value"], row[cols["value"]], scale)
        estimate = ""
        if (key := (country, year, flow_text)) in estimates:
            listed, how, listed_line = estimates.pop(key)
            if value is None or abs(listed - value) > max(1, scale // 10**6):
                raise SnapshotError(meta["estimates"]["file"], f"value differs from {name}.csv line {line}", listed_line)
            estimate = f"{meta['estimates']['note']} ({how})"
        if value is not None:
            cells.setdefault((country, year), {})[flow] = (value, join(*notes), estimate)
    if estimates:
        (country, year, flow_text), (_, _, listed_line) = min(estimates.items(), key=lambda kv: kv[1][2])
        raise SnapshotError(meta["estimates"]["file"], f"no cell {country} {year} {flow_text} in {name}.csv", listed_line)
    records = []
    for (country, year), flows in sorted(cells.items()):
        who, (producer, vintage) = reporter_of(meta, country), provenance_of(meta)
        for flow, (value, note, estimate) in sorted(flows.items()):
            records.append((contract_indicator(reporter, flow), country, year, str(year), value, note, who, estimate,
                            producer, vintage))
        if len(flows) == 2:
            estimated = [flow for flow in FLOWS if flows[flow][2]]
            estimate = f"includes an estimated flow ({', '.join(estimated)})" if estimated else ""
            own = [f"{flow}: {flows[flow][1]}" for flow in FLOWS if flows[flow][1] != reported(reporter, country)]
            note = join(reported(reporter, country), "computed as exports + imports", *own)
            records.append(("trade_turnover", country, year, str(year), sum(v for v, _, _ in flows.values()), note,
                            who, estimate, producer, vintage))
    return tidy(records)


def read_estimates(name: str, csv_text: str, meta: dict) -> dict[tuple[str, int, str], tuple[int, str, int]]:
    """The companion list of estimated cells -> {(country, year, flow as in the CSV): (whole dollars, how, line)}."""
    spec = meta["estimates"]
    where, cols, scale = spec["file"], spec["columns"], UNIT_SCALES[meta["unit"]]
    rows = read_csv(where, csv_text, set(cols.values()), others=True)
    out: dict = {}
    for line, row in rows:
        country = country_of(where, line, cols["country"], row[cols["country"]])
        year = year_of(where, line, cols["year"], row[cols["year"]])
        flow = row[cols["flow"]].strip()
        value = amount(where, line, cols["value"], row[cols["value"]], scale)
        how = row[cols["how"]].strip()
        if value is None or not how:
            raise SnapshotError(where, f"{cols['value']} and {cols['how']} must not be empty", line)
        if (country, year, flow) in out:
            raise SnapshotError(where, f"duplicated {country} {year} {flow} (first on line {out[(country, year, flow)][2]})", line)
        out[(country, year, flow)] = (value, how, line)
    return out


def fdi_flows(name: str, rows: Rows, meta: dict) -> pd.DataFrame:
    where, cols, scale = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]]
    seen: dict = {}
    records = []
    for line, row in rows:
        country = country_of(where, line, cols["country"], row[cols["country"]])
        year = year_of(where, line, cols["year"], row[cols["year"]])
        _unique(where, seen, (country, year), line, f"{country} {year}")
        value = amount(where, line, cols["value"], row[cols["value"]], scale)
        note = row[cols["note"]].strip() if "note" in cols else ""
        if value is not None:
            records.append((meta["indicator"], country, year, str(year), value, note, reporter_of(meta, country), "",
                            *provenance_of(meta, note)))
    return tidy(records)


def monthly_trade(name: str, rows: Rows, meta: dict) -> pd.DataFrame:
    """Monthly rows -> the monthly frame (``tidy.MONTHLY_COLUMNS``: contract indicators and direction, whole dollars)."""
    from .tidy import MONTHLY_COLUMNS

    where, cols, scale, reporter = f"{name}.csv", meta["columns"], UNIT_SCALES[meta["unit"]], meta["reporter"]
    seen: dict = {}
    records = []
    for line, row in rows:
        country = country_of(where, line, cols["country"], row[cols["country"]])
        month = row[cols["month"]].strip()
        if not (match := MONTH.match(month)):
            raise SnapshotError(where, f"{cols['month']}: {month!r} is not a month (YYYY-MM)", line)
        _unique(where, seen, (country, month), line, f"{country} {month}")
        flows = {flow: amount(where, line, cols[flow], row[cols[flow]], scale) for flow in FLOWS}
        who = reporter_of(meta, country)
        for flow, value in flows.items():
            if value is not None:
                records.append((contract_indicator(reporter, flow), country, int(match[1]), month, value, who))
        if None not in flows.values():
            records.append(("trade_turnover", country, int(match[1]), month, sum(flows.values()), who))
    frame = pd.DataFrame(records, columns=["indicator", "country", "year", "month", "value", "reporter"])
    if meta.get("region_total"):
        frame = _monthly_region_total(frame)
    frame.insert(0, "source_id", name)
    frame.insert(1, "publisher", meta["producer"])
    frame["partner"] = KOREA
    frame["value"] = frame["value"].astype("int64")
    frame["year"] = frame["year"].astype("int64")
    return frame[list(MONTHLY_COLUMNS)].sort_values(["indicator", "country", "month"], kind="mergesort").reset_index(drop=True)


def _monthly_region_total(frame: pd.DataFrame) -> pd.DataFrame:
    keys = ["indicator", "year", "month"]
    complete = frame.groupby(keys)["country"].transform("nunique") == len(schema.CENTRAL_ASIA)
    totals = frame[complete].groupby(keys, as_index=False).agg(
        value=("value", "sum"), reporter=("reporter", lambda r: KOREA if set(r) == {KOREA} else schema.REGION))
    totals["country"] = schema.REGION
    return pd.concat([frame, totals[frame.columns]], ignore_index=True)

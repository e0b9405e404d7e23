"""A snapshot's ``.meta.yml``: read it, check it, and say what each field means.

Provenance fields (shown to users, e.g. in the dashboard's About-this-data panel and a download's README):

``title``, ``producer``, ``citation``
    what the data are and whom to cite.
``url``
    where this copy was taken from (often a mirror: a repository holding the producer's figures).
``producer_url``
    the producer's own page for the data (cite this one).
``vintage``
    the data's vintage: the date (``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``) as of which the producer's figures
    were taken, e.g. Korea Customs data as of 2025-06-14. It is the ``published`` date of the snapshot's rows
    in ``indicators.csv`` and ``sources.csv``. ``vintage_note`` says in words how it is known.
``by_note``
    for a snapshot that combines producers: rows whose note (e.g. a ``source`` column) starts with a given
    text have their own ``producer``, ``vintage`` and (optional) ``producer_url``.
``date_accessed``
    when the copy was taken (not the data's date).
``licence``, ``caveats``
    the terms of use, and what a reader must know (a list of sentences).

Mapping fields (how the ETL reads the CSV): ``unit``, ``row``, ``kind``, ``reporter``, ``columns``, and
optionally ``indicator``, ``region_total``, ``expect``, ``flows``, ``flags``, ``other_columns``,
``reporter_by_country`` (who reports each country's rows, e.g. ``TJK: KOR`` for a mirror) and ``estimates``
(a companion CSV listing the cells that are estimates, see ``kinds.read_estimates``).
"""
from __future__ import annotations

import datetime as dt
import re

import yaml

from .. import schema
from ..errors import SnapshotError

KOREA = "KOR"
# unit of a snapshot's numbers -> factor to whole US dollars
UNIT_SCALES = {"USD": 1, "USD thousand": 10**3, "USD million": 10**6, "USD billion": 10**9}
REQUIRED_META = ("title", "producer", "date_accessed", "vintage", "producer_url", "licence", "unit", "row",
                 "caveats", "kind", "reporter", "columns")
TEXT_FIELDS = ("title", "producer", "licence", "unit", "row", "kind", "reporter")
TRADE_REPORTERS = (KOREA, "partner")
# kind -> (required column roles, optional column roles)
KINDS = {
    "annual_trade": (("country", "year", "exports", "imports"), ("turnover", "note", "months")),
    "annual_trade_long": (("country", "year", "flow", "value"), ("flag", "note")),
    "monthly_trade": (("country", "month", "exports", "imports"), ("note",)),
    "fdi_flows": (("country", "year", "value"), ("note",)),
}
ESTIMATE_ROLES = ("country", "year", "flow", "value", "how")
DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
VINTAGE = re.compile(r"^\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\d|3[01]))?)?$")
URL = re.compile(r"^https?://\S+$")


def parse_meta(name: str, meta_text: str) -> dict:
    """Read and check a ``.meta.yml``; errors name ``<name>.meta.yml``. Returns the fields, normalised."""
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
    for key in TEXT_FIELDS:
        if not isinstance(meta[key], str):
            raise SnapshotError(where, f"{key}: must be text")
    meta["date_accessed"] = _date(where, "date_accessed", meta["date_accessed"], DATE, "a date (YYYY-MM-DD)")
    meta["vintage"] = _date(where, "vintage", meta["vintage"], VINTAGE, "a date (YYYY, YYYY-MM or YYYY-MM-DD)")
    meta["by_note"] = _check_by_note(where, meta.get("by_note") or {})
    for key in ("url", "producer_url"):
        value = str(meta.get(key) or "").strip()
        if value and not URL.match(value):
            raise SnapshotError(where, f"{key}: {value!r} is not an http(s) address")
        meta[key] = value
    if meta["unit"] not in UNIT_SCALES:
        raise SnapshotError(where, f"unit: {meta['unit']!r} is not one of {', '.join(UNIT_SCALES)}")
    if isinstance(meta["caveats"], str):
        meta["caveats"] = [meta["caveats"]]
    if not isinstance(meta["caveats"], list):
        raise SnapshotError(where, "caveats: must be a list of sentences")
    _check_kind(where, meta)
    _check_columns(where, meta)
    for key in ("expect", "flows", "flags", "reporter_by_country"):
        value = meta.setdefault(key, {})
        if not isinstance(value, dict):
            raise SnapshotError(where, f"{key}: must be a mapping")
        meta[key] = {str(k): str(v) for k, v in value.items()}
    if meta["kind"] == "annual_trade_long":
        if not meta["flows"] or set(meta["flows"].values()) - {"exports", "imports"}:
            raise SnapshotError(where, "flows: must map the flow column's values to exports or imports")
    if bad := sorted(set(meta["reporter_by_country"]) - set(schema.CENTRAL_ASIA)):
        raise SnapshotError(where, f"reporter_by_country: {', '.join(bad)} is not a Central Asian country")
    other = meta.setdefault("other_columns", [])
    if not isinstance(other, list):
        raise SnapshotError(where, "other_columns: must be a list of column names")
    meta["other_columns"] = [str(c) for c in other]
    meta["estimates"] = _check_estimates(where, name, meta)
    return meta


def reporter_of(meta: dict, country: str) -> str:
    """Who reports a country's rows: ``KOR`` (Korea's records), the country's ISO3 (its own records), or ``""``."""
    if country in meta["reporter_by_country"]:
        return meta["reporter_by_country"][country]
    if meta["reporter"] == KOREA:
        return KOREA
    return country if meta["reporter"] == "partner" else ""


def provenance_of(meta: dict, note: str = "") -> tuple[str, str]:
    """(producer, vintage) of a row: those of the first ``by_note`` key that starts its note, else the snapshot's."""
    for start, given in meta["by_note"].items():
        if note.startswith(start):
            return given["producer"], given["vintage"]
    return meta["producer"], meta["vintage"]


def _check_by_note(where: str, by_note: object) -> dict[str, dict[str, str]]:
    if not isinstance(by_note, dict):
        raise SnapshotError(where, "by_note: must map the start of a row's note to its producer and vintage")
    out = {}
    for start, given in by_note.items():
        if not isinstance(given, dict) or not isinstance(given.get("producer"), str) or "vintage" not in given:
            raise SnapshotError(where, f"by_note: {start}: must give producer (text) and vintage")
        vintage = _date(where, f"by_note: {start}: vintage", given["vintage"], VINTAGE,
                        "a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        url = str(given.get("producer_url") or "").strip()
        if url and not URL.match(url):
            raise SnapshotError(where, f"by_note: {start}: producer_url: {url!r} is not an http(s) address")
        out[str(start)] = {"producer": given["producer"], "vintage": vintage, "producer_url": url}
    return out


def _check_kind(where: str, meta: dict) -> None:
    kind = meta["kind"]
    if kind not in KINDS:
        raise SnapshotError(where, f"kind: {kind!r} is not one of {', '.join(KINDS)}")
    if kind != "fdi_flows" and meta["reporter"] not in TRADE_REPORTERS:
        raise SnapshotError(where, f"reporter: {meta['reporter']!r} must be KOR (Korea's customs) or partner")
    if kind == "fdi_flows":
        indicator = meta.get("indicator")
        if indicator not in schema.vocabulary():
            raise SnapshotError(where, f"indicator: {indicator!r} is not in the indicator vocabulary")


def _check_columns(where: str, meta: dict) -> None:
    columns, kind = meta["columns"], meta["kind"]
    required, optional = KINDS[kind]
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise SnapshotError(where, "columns: must map roles to column names")
    if missing := [role for role in required if role not in columns]:
        raise SnapshotError(where, f"columns: missing role(s) {', '.join(missing)} for kind {kind}")
    if unknown := [role for role in columns if role not in required + optional]:
        raise SnapshotError(where, f"columns: unknown role(s) {', '.join(unknown)} for kind {kind}")


def _check_estimates(where: str, name: str, meta: dict) -> dict:
    """``estimates: {file, columns}``: a companion ``<name>.<part>.csv`` listing estimated cells ({} when none)."""
    estimates = meta.get("estimates") or {}
    if not estimates:
        return {}
    if not isinstance(estimates, dict) or not isinstance(estimates.get("columns"), dict):
        raise SnapshotError(where, "estimates: must give file and columns (country, year, flow, value, how)")
    if meta["kind"] != "annual_trade_long":
        raise SnapshotError(where, "estimates: only for kind annual_trade_long (cells are country, year and flow)")
    file = str(estimates.get("file") or "")
    if not (file.startswith(f"{name}.") and file.endswith(".csv") and file.count(".") >= 2 and "/" not in file):
        raise SnapshotError(where, f"estimates: file {file!r} must be a companion named {name}.<part>.csv")
    columns = {str(k): str(v) for k, v in estimates["columns"].items()}
    if missing := [role for role in ESTIMATE_ROLES if role not in columns]:
        raise SnapshotError(where, f"estimates: columns: missing role(s) {', '.join(missing)}")
    return {"file": file, "columns": columns, "note": str(estimates.get("note") or "estimate")}


def _date(where: str, key: str, value: object, pattern: re.Pattern, words: str) -> str:
    if isinstance(value, dt.datetime):
        value = value.date()
    text = value.isoformat() if isinstance(value, dt.date) else str(value).strip()
    if not pattern.match(text):
        raise SnapshotError(where, f"{key}: {text!r} is not {words}")
    return text


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split())

"""The pipeline: documents (and snapshots, overrides) in, the contract's tables out. Pure but for ``run``."""
from __future__ import annotations

import math
import sys
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import schema
from .documents import Document
from .errors import DocumentError, EtlError, SnapshotError
from .io import LINE
from .resolve import Figure, resolve

if TYPE_CHECKING:  # pandas is imported where the snapshots and checks need it: extraction alone never pays for it
    import pandas as pd

# --- one document ----------------------------------------------------------------------------


def format_value(value: float | None) -> str:
    """Whole numbers without a decimal point, others with the fewest digits that read back the same."""
    if value is None or not math.isfinite(value):  # a run of 400 digits is no figure: no 'inf' in a table
        return ""
    if float(value).is_integer():
        return str(int(value))
    return repr(round(float(value), 10))


def _citation(doc: Document) -> dict[str, str]:
    return {"source_id": doc.source_id, "source_title": doc.title, "publisher": doc.publisher,
            "published": doc.published, "url": doc.url}


# A review row (and a quote) stays bounded whatever the document (issue #14): a sentence longer than
# QUOTE_MAX characters is quoted as a window of about that size around the number, and the review rows of
# one sentence, and of one document, are capped; the first number past a cap stands for the rest (its
# reason says how many more were not listed, and up to which character), so nothing is dropped silently.
QUOTE_MAX = 500
REVIEW_PER_SENTENCE = 100
REVIEW_PER_DOCUMENT = 10_000


def quote_span(body: str, f: Figure) -> tuple[int, int]:
    """The span of a figure's sentence, or for a sentence over QUOTE_MAX characters a window of it around
    the figure (never shorter than the figure itself), cut at spaces where it can be."""
    s, m = f.sentence, f.mention
    if s.end - s.start <= QUOTE_MAX:
        return s.start, s.end
    size = max(QUOTE_MAX, m.end - m.start)
    start = max(s.start, m.start - (size - (m.end - m.start)) // 2)
    end = min(s.end, start + size)
    start = max(s.start, min(start, end - size))
    if start > s.start and (space := body.find(" ", start, min(m.start, start + 40))) >= 0:
        start = space + 1
    if end < s.end and (space := body.rfind(" ", max(m.end, end - 40), end)) >= 0:
        end = space
    return start, end


def _quote(doc: Document, f: Figure) -> dict[str, object]:
    start, end = quote_span(doc.body, f)
    text = f.sentence.text if (start, end) == (f.sentence.start, f.sentence.end) else doc.body[start:end]
    return {"quote": text, "quote_start": start, "quote_end": end}


def observation(doc: Document, f: Figure) -> dict[str, object]:
    m = f.mention
    return {
        "id": schema.make_id(doc.source_id, m.start, m.end, f.comparator),
        "indicator": f.indicator, "country": f.country, "partner": f.partner, "year": f.year,
        "period": f.period or str(f.year), "value": format_value(f.value), "unit": f.unit,
        "comparator": f.comparator, **_citation(doc), **_quote(doc, f),
        "char_start": m.start, "char_end": m.end, "stated": m.stated, "method": "text", "note": f.note,
    }


def review_row(doc: Document, f: Figure, reason: str | None = None) -> dict[str, object]:
    m = f.mention
    return {
        "source_id": doc.source_id, "char_start": m.start, "char_end": m.end, "stated": m.stated,
        "value": format_value(f.value if f.value is not None else m.number), "unit": f.unit or m.unit,
        "comparator": f.comparator, "indicator": f.indicator, "country": f.country, "partner": f.partner,
        "year": f.year or "", "period": f.period, "reason": reason or f.reason, **_quote(doc, f),
    }


class _Review:
    """The review rows of one document, capped per sentence and per document (see QUOTE_MAX)."""

    def __init__(self, doc: Document):
        self.doc, self.rows = doc, []
        self.per_sentence: dict[int, int] = {}
        self.unlisted: dict[object, list] = {}  # cap -> [first figure past it, how many, end of the last]

    def add(self, f: Figure) -> None:
        whole = f.whole_start if f.whole_start >= 0 else f.sentence.start
        n = self.per_sentence[whole] = self.per_sentence.get(whole, 0) + 1
        cap = (whole if n > REVIEW_PER_SENTENCE
               else "document" if len(self.rows) >= REVIEW_PER_DOCUMENT else None)
        if cap is None:
            self.rows.append(review_row(self.doc, f))
        elif cap in self.unlisted:
            self.unlisted[cap][1:] = [self.unlisted[cap][1] + 1, f.mention.end]
        else:
            self.unlisted[cap] = [f, 0, f.mention.end]

    def finish(self) -> list[dict]:
        for cap, (f, more, last) in self.unlisted.items():
            where, limit = (("document", f"{REVIEW_PER_DOCUMENT:,} per document") if cap == "document"
                            else ("sentence", f"{REVIEW_PER_SENTENCE:,} per sentence"))
            note = (f"; {more:,} more numbers of this {where} (to character {last}) are not listed: review rows "
                    f"are capped at {limit}") if more else ""
            self.rows.append(review_row(self.doc, f, f.reason + note))
        return sorted(self.rows, key=lambda r: r["char_start"]) if self.unlisted else self.rows


def extract_document(doc: Document) -> tuple[list[dict], list[dict]]:
    """(observations, review rows) of one document. A range gives two observations: its two bounds."""
    observations, review = [], _Review(doc)
    for f in resolve(doc):
        if not f.reason and not all(math.isfinite(v) for v in (f.value, f.mention.upper) if v is not None):
            f.reason = "too many digits to be a figure (beyond the range of a number)"
        if f.reason:
            review.add(f)
            continue
        if f.mention.upper is not None:
            low = Figure(**{**f.__dict__, "comparator": "at_least", "notes": f.notes + ["lower end of a range"]})
            high = Figure(**{**f.__dict__, "comparator": "at_most", "value": f.mention.upper,
                             "notes": f.notes + ["upper end of a range"]})
            observations += [observation(doc, low), observation(doc, high)]
            continue
        observations.append(observation(doc, f))
    return observations, review.finish()


def source_row(doc: Document) -> dict[str, str]:
    return {"source_id": doc.source_id, "title": doc.title, "publisher": doc.publisher,
            "published": doc.published, "url": doc.url, "language": doc.language,
            "kind": "excerpt" if doc.excerpt else "document"}


# --- the whole table -------------------------------------------------------------------------


def sort_indicators(rows: list[dict]) -> list[dict]:
    """Sort by the contract's key (year and char_start as numbers) and refuse repeated ids."""
    def key(r):
        return tuple(int(r[k] or 0) if k in ("year", "char_start") else str(r[k]) for k in schema.SORT_KEY)
    rows = sorted(rows, key=key)
    seen: set[str] = set()
    for r in rows:
        if r["id"] in seen:
            raise EtlError(f"two observations share the id {r['id']} ({r['source_id']})")
        seen.add(r["id"])
    return rows


def apply_overrides(rows: list[dict], overrides: list[dict]) -> tuple[list[dict], list[dict], list[str], list[str]]:
    """(rows, rejected rows for review, applied lines, unknown-id lines) after a curator's decisions."""
    by_id = {r["id"]: r for r in rows}
    applied, unknown, rejected = [], [], []
    for o in overrides:
        row = by_id.get(o["id"])
        if row is None:
            unknown.append(f"overrides.csv line {o['line']}: id {o['id']} matches no observation ({o['reason']})")
            continue
        if o["action"] == "reject":
            del by_id[o["id"]]
            rejected.append(row)
            applied.append(f"rejected {o['id']} ({row['source_id']}, {row['stated']}): {o['reason']}")
            continue
        changed = {k: o[k] for k in ("indicator", "country", "partner", "year", "period", "value", "unit",
                                     "comparator") if o.get(k)}
        row.pop(LINE, None)  # its CSV line, if it had one, is not the row's any more
        row.update(changed)
        if "year" in changed and "period" not in changed:
            row["period"] = changed["year"]
        row["year"] = int(row["year"])
        row["method"] = "curated"
        row["note"] = f"curated: {o['reason']}" + (f" (was: {row['note']})" if row["note"] else "")
        applied.append(f"corrected {o['id']} ({row['source_id']}, {row['stated']}): "
                       + ", ".join(f"{k}={v}" for k, v in changed.items()) + f": {o['reason']}")
    return list(by_id.values()), rejected, applied, unknown


def _interval(value: float, comparator: str) -> tuple[float, float]:
    inf = float("inf")
    return {"equal": (value * 0.95, value * 1.05), "about": (value * 0.9, value * 1.1), "more_than": (value, inf),
            "at_least": (value, inf), "less_than": (-inf, value), "at_most": (-inf, value)}.get(comparator, (value, value))


def conflicts(rows: Iterable[dict]) -> list[str]:
    """Same indicator, country, partner and period, values from different sources that cannot all hold.

    One line per such group. Values agree when their ranges meet ("more than 10 bn" and "10.5 bn" do;
    a plain figure stands for +-5 %, an "about" figure for +-10 %): ranges on a line all meet exactly
    when the highest lower end is not above the lowest upper end.
    """
    groups: dict[tuple, list[dict]] = {}
    for r in rows:
        if r["method"] != "statistics":
            groups.setdefault((r["indicator"], r["country"], r["partner"], r["period"], r["unit"]), []).append(r)
    out = []
    for key, group in sorted(groups.items()):
        if len({r["source_id"] for r in group}) < 2:
            continue
        ranges = [(_interval(float(r["value"]), r["comparator"]), r) for r in group]
        (low, low_row) = max(((lo, r) for (lo, _), r in ranges), key=lambda t: t[0])
        (high, high_row) = min(((hi, r) for (_, hi), r in ranges), key=lambda t: t[0])
        if low > high and low_row["source_id"] != high_row["source_id"]:
            n = len({r["source_id"] for r in group})
            out.append(f"{key[0]} {key[1]}-{key[2]} {key[3]}: {low_row['comparator']} {low_row['value']} "
                       f"({low_row['source_id']}) vs {high_row['comparator']} {high_row['value']} "
                       f"({high_row['source_id']})" + (f", {n} sources in all" if n > 2 else ""))
    return out


@dataclass
class Result:
    indicators: list[dict] = field(default_factory=list)
    sources: list[dict] = field(default_factory=list)
    review: list[dict] = field(default_factory=list)
    checks: pd.DataFrame | None = None
    errors: list[EtlError] = field(default_factory=list)
    documents: int = 0
    text_figures: int = 0
    statistics: int = 0
    applied: list[str] = field(default_factory=list)
    unknown_overrides: list[str] = field(default_factory=list)
    conflicts: list[str] = field(default_factory=list)
    verdicts: dict[str, int] = field(default_factory=dict)


Extracted = tuple  # (Document or its source row, observations, review rows) or (DocumentError, [], [])


def extracted(documents: Iterable[Document | DocumentError]) -> Iterable[Extracted]:
    """Each document with its figures, one after the other (``etl.__main__`` does the same on two cores)."""
    for doc in documents:
        yield (doc, [], []) if isinstance(doc, DocumentError) else (doc, *extract_document(doc))


def build(documents: Iterable[Document | DocumentError | Extracted], overrides: list[dict] | None = None,
          snapshots=None, snapshot_errors: list[SnapshotError] | None = None,
          progress: Callable[[int], None] | None = None) -> Result:
    """Documents (or the errors that stand for unreadable ones) -> every table of the contract.

    ``documents`` may also be already extracted: (document, observations, review rows) triples, where the document
    may be given as its row of sources.csv (a worker sends back that, not the document's whole text).
    """
    result = Result(errors=list(snapshot_errors or []))
    observations: list[dict] = []
    for n, item in enumerate(documents, start=1):
        if progress:
            progress(n)
        doc, rows, review = item if isinstance(item, tuple) else next(iter(extracted([item])))
        if isinstance(doc, DocumentError):
            result.errors.append(doc)
            continue
        for row in rows + review:  # rows of one sentence or source share their texts: keep one copy of each
            for key in ("quote", "source_title", "publisher", "url", "published", "reason", "unit", "indicator"):
                if isinstance(row.get(key), str):
                    row[key] = sys.intern(row[key])
        observations += rows
        result.review += review
        result.sources.append(doc if isinstance(doc, dict) else source_row(doc))
        result.documents += 1
    result.text_figures = len(observations)
    observations, rejected, result.applied, result.unknown_overrides = apply_overrides(observations, overrides or [])
    for r in rejected:
        result.review.append({**{k: r.get(k, "") for k in schema.REVIEW_COLUMNS},
                              "reason": "rejected by a curator (overrides.csv)"})
    if snapshots is not None:
        import pandas as pd

        stats = snapshots.observations.to_dict("records")
        for r in stats:
            r["year"] = int(r["year"])
            r["value"] = format_value(float(r["value"]))
            for k in ("char_start", "char_end"):
                r[k] = "" if pd.isna(r[k]) or r[k] == "" else int(r[k])
        observations += stats
        result.sources += list(snapshots.sources)
        result.statistics = len(stats)
    result.indicators = sort_indicators(observations)
    result.conflicts = conflicts(result.indicators)
    result.review.sort(key=lambda r: (r["source_id"], int(r["char_start"] or 0)))
    result.sources.sort(key=lambda r: r["source_id"])
    if snapshots is not None:
        from .checks import check_claims, summarise_checks

        table = pd.DataFrame(result.indicators, columns=list(schema.COLUMNS))
        table["year"] = table["year"].astype(int)
        table["value"] = table["value"].astype(float)
        result.checks = check_claims(table, snapshots)
        result.verdicts = summarise_checks(result.checks)
    return result


# --- files -----------------------------------------------------------------------------------


def output_files(result: Result, out: Path) -> dict[Path, str]:
    from functools import partial

    from .io import write_csv

    files = {
        out / "indicators.csv": partial(write_csv, rows=result.indicators, columns=schema.COLUMNS),
        out / "sources.csv": partial(write_csv, rows=result.sources, columns=schema.SOURCE_COLUMNS),
        out / "review.csv": partial(write_csv, rows=result.review, columns=schema.REVIEW_COLUMNS),
    }
    if result.checks is not None:
        files[out / "checks.csv"] = partial(result.checks.to_csv, index=False, lineterminator="\n")
    return files


def summary(result: Result, out: Path) -> str:
    lines = [
        f"documents   {result.documents} read, {len([e for e in result.errors if isinstance(e, DocumentError)])} rejected",
        f"figures     {result.text_figures} from text" + (f", {result.statistics} from statistics snapshots"
                                                         if result.statistics else ""),
        f"to review   {len(result.review)} numbers (review.csv: each with its reason)",
        f"overrides   {len(result.applied)} applied" + (f", {len(result.unknown_overrides)} with an unknown id"
                                                      if result.unknown_overrides else ""),
    ]
    lines += [f"  - {a}" for a in result.applied[:10]]
    lines += [f"  ! {u}" for u in result.unknown_overrides]
    lines.append(f"conflicts   {len(result.conflicts)}")
    lines += [f"  - {c}" for c in result.conflicts[:10]]
    if len(result.conflicts) > 10:
        lines.append(f"  ... and {len(result.conflicts) - 10} more")
    if result.checks is not None:
        claims = sum(result.verdicts.values())
        lines.append(f"checks      {claims} claims: " + (", ".join(f"{n} {v}" for v, n in result.verdicts.items() if n)
                                                      or "none"))
    lines.append(f"written to  {out}/")
    return "\n".join(lines)


def progress_bar(total: int, stream=sys.stderr) -> Callable[[int], None] | None:
    """A one-line progress bar on a terminal, for corpora of more than a few hundred documents."""
    if total < 200 or not stream.isatty():
        return None
    step = max(1, total // 100)

    def show(n: int) -> None:
        if n % step == 0 or n == total:
            filled = int(30 * n / total)
            stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {n}/{total} documents")
            if n == total:
                stream.write("\n")
            stream.flush()
    return show

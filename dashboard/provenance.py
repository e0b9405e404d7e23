"""About this data: who produced an official series, which vintage, its caveats, licence and how to cite it.

Reads ``snapshots/<source_id>.meta.yml`` beside the data's ``indicators.csv``
(``yaml.safe_load``; fields ``title, producer, citation, url, producer_url,
date_accessed, vintage, licence, caveats``, the last three optional), and
writes citation text, plain and BibTeX. Nothing here draws: the page, the zip's
README and the slide notes (:func:`about_lines`) all read the same records.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path

import yaml

from .labels import producer_short, reporter_of

_SAFE_ID = re.compile(r"\A[A-Za-z0-9][A-Za-z0-9_.-]{0,199}\Z")
COMPILATION = "kca-indicators: Korea–Central Asia economic cooperation figures"


@dataclass(frozen=True)
class About:
    """What a reader needs to know about one official series before quoting it."""

    source_id: str
    title: str = ""
    producer: str = ""
    citation: str = ""
    url: str = ""  # where the copy was taken (may be a mirror)
    producer_url: str = ""  # the producer's own page
    date_accessed: str = ""
    vintage: str = ""  # the data's own release or as-of date
    vintage_note: str = ""  # what the vintage means, in words
    licence: str = ""
    caveats: tuple[str, ...] = field(default=())
    reporter: str = ""  # KOR, partner or ""

    @property
    def short_producer(self) -> str:
        return producer_short(self.producer) or self.source_id

    @property
    def when(self) -> str:
        """"vintage 2025-06-14" when known, else "accessed 2026-11-22"."""
        if self.vintage:
            return f"vintage {self.vintage}"
        return f"accessed {self.date_accessed}" if self.date_accessed else ""


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, (list, tuple, dict)):
        return ""
    return " ".join(str(value).split())


def _web(value) -> str:
    url = _text(value)
    return url if url.lower().startswith(("http://", "https://")) and " " not in url else ""


def parse_about(source_id: str, meta_text: str) -> About | None:
    """An :class:`About` from a meta.yml's text; None when it is not a YAML mapping."""
    try:
        meta = yaml.safe_load(meta_text)
    except yaml.YAMLError:
        return None
    if not isinstance(meta, dict):
        return None
    caveats = meta.get("caveats") or []
    if not isinstance(caveats, list):
        caveats = [caveats]
    return About(
        source_id=source_id,
        title=_text(meta.get("title")),
        producer=_text(meta.get("producer")),
        citation=_text(meta.get("citation")),
        url=_web(meta.get("url")),
        producer_url=_web(meta.get("producer_url")),
        date_accessed=_text(meta.get("date_accessed")),
        vintage=_text(meta.get("vintage")),
        vintage_note=_text(meta.get("vintage_note")),
        licence=_text(meta.get("licence")),
        caveats=tuple(t for t in (_text(c) for c in caveats) if t),
        reporter=reporter_of(source_id, _text(meta.get("reporter"))),
    )


@lru_cache(maxsize=256)
def _read(folder: Path, source_id: str, mtime: float) -> About | None:  # mtime: a changed file is read again
    try:
        text = (folder / "snapshots" / f"{source_id}.meta.yml").read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return None
    return parse_about(source_id, text)


def read_about(folder: str | Path, source_id: str) -> About | None:
    """The About record of ``<folder>/snapshots/<source_id>.meta.yml``; None when absent or unreadable."""
    if not isinstance(source_id, str) or not _SAFE_ID.match(source_id):
        return None
    folder = Path(folder)
    path = folder / "snapshots" / f"{source_id}.meta.yml"
    try:
        mtime = path.stat().st_mtime
    except OSError:
        return None
    return _read(folder, source_id, mtime)


def about_records(folder: str | Path, source_ids) -> list[About]:
    """About records for the series among ``source_ids`` that have metadata, in the order given."""
    out = []
    for sid in dict.fromkeys(str(s) for s in source_ids):
        about = read_about(folder, sid)
        if about is not None:
            out.append(about)
    return out


def _year(about: About) -> str:
    for text in (about.vintage, about.date_accessed):
        match = re.search(r"\b(19|20)\d{2}\b", text or "")
        if match:
            return match.group(0)
    return ""


def citation_plain(about: About) -> str:
    """"Korea Customs Service (2025). Title. Citation. Vintage 2025-06-14; accessed 2026-11-22. <url>"."""
    year = _year(about)
    parts = [f"{about.producer or about.source_id}{f' ({year})' if year else ''}.", f"{about.title}." if about.title else ""]
    if about.citation and about.citation != about.title:
        parts.append(about.citation if about.citation.endswith(".") else about.citation + ".")
    dates = "; ".join(x for x in (f"vintage {about.vintage}" if about.vintage else "",
                                  f"accessed {about.date_accessed}" if about.date_accessed else "") if x)
    if dates:
        parts.append(dates[0].upper() + dates[1:] + ".")
    link = about.producer_url or about.url
    if link:
        parts.append(link)
    return " ".join(p for p in parts if p)


def _bib(value: str) -> str:
    """A BibTeX field value: braces and backslashes escaped, specials protected."""
    out = value.replace("\\", r"\textbackslash{}").replace("{", r"\{").replace("}", r"\}")
    for ch in "&%$#_":
        out = out.replace(ch, "\\" + ch)
    return out


def bibtex_key(about: About) -> str:
    return re.sub(r"[^a-z0-9]+", "-", about.source_id.lower()).strip("-") or "series"


def citation_bibtex(about: About) -> str:
    """A ``@misc`` BibTeX entry for one series (the producer as a corporate author)."""
    fields = [
        ("author", "{" + _bib(about.producer or about.source_id) + "}"),
        ("title", _bib(about.title or about.source_id)),
        ("year", _year(about)),
        ("note", _bib("; ".join(x for x in (about.citation, about.when) if x))),
        ("url", about.producer_url or about.url),
        ("urldate", about.date_accessed),
    ]
    body = ",\n".join(f"  {k} = {{{v}}}" for k, v in fields if v)
    return f"@misc{{{bibtex_key(about)},\n{body}\n}}"


def compilation_plain(today: date | None = None) -> str:
    """How to cite the compilation itself (cite each figure's own source first)."""
    today = today or date.today()
    return f"{COMPILATION}. Observation ids as listed. Accessed {today.isoformat()}."


def compilation_bibtex(today: date | None = None) -> str:
    today = today or date.today()
    return ("@misc{kca-indicators,\n  title = {" + _bib(COMPILATION) + "},\n"
            f"  note = {{Observation ids as listed}},\n  urldate = {{{today.isoformat()}}}\n}}")


def about_block(about: About) -> str:
    """One series' "About this data" as plain lines: producer, vintage, licence, caveats, how to cite."""
    lines = [f"{about.title or about.source_id} (series {about.source_id})",
             f"Producer: {about.producer}" + (f", {about.producer_url}" if about.producer_url else ""),
             f"Vintage: {about.vintage or 'not stated'}"
             + (f" ({about.vintage_note.rstrip('.')})" if about.vintage_note else "")
             + (f"; accessed {about.date_accessed}" if about.date_accessed else ""),
             f"Licence: {about.licence}" if about.licence else "",
             *(f"Caveat: {c}" for c in about.caveats),
             f"Cite as: {citation_plain(about)}"]
    return "\n".join(line for line in lines if line)


def about_blocks(folder: str | Path, source_ids) -> list[str]:
    """One :func:`about_block` per official series among ``source_ids`` (slide notes take these)."""
    return [about_block(a) for a in about_records(folder, source_ids)]


def about_lines(folder: str | Path, source_ids) -> list[str]:
    """Plain lines about the official series among ``source_ids`` (for slide notes and READMEs)."""
    lines = []
    for about in about_records(folder, source_ids):
        lines.append(f"{about.short_producer}: {about.title}" + (f" ({about.when})" if about.when else ""))
        if about.licence:
            lines.append(f"  Licence: {about.licence}")
        lines += [f"  Caveat: {c}" for c in about.caveats]
        lines.append(f"  Cite: {citation_plain(about)}")
    return lines

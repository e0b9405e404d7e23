"""Source documents: text with YAML front matter -> Document. Pure: no file access here."""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

import frontmatter
import yaml

from .errors import DocumentError

REQUIRED = ("title", "publisher", "published")
PUBLISHED = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


@dataclass(frozen=True)
class Document:
    source_id: str
    title: str
    publisher: str
    published: str  # YYYY-MM-DD, YYYY-MM or YYYY
    url: str
    language: str
    body: str
    excerpt: bool = False  # the body quotes the cited passages of the article at ``url`` (issue 13)

    @property
    def year(self) -> int:
        return int(self.published[:4])

    @property
    def month(self) -> int | None:
        return int(self.published[5:7]) if len(self.published) >= 7 else None


def normalise_text(text: str) -> str:
    """Drop a byte-order mark and read CRLF and CR line ends as LF (contract, section 1)."""
    return text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")


def decode(data: bytes, source_id: str) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise DocumentError(source_id, f"not UTF-8 (byte {e.start}: {data[e.start:e.start + 1]!r})") from None


def _published(value: object, source_id: str) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    if isinstance(value, int):
        value = str(value)
    text = str(value).strip() if value is not None else ""
    if not PUBLISHED.match(text):
        raise DocumentError(source_id, f"{text!r} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY", "published")
    return text


def parse(text: str, source_id: str) -> Document:
    """Parse one document's text; errors name ``source_id``, the field and the problem."""
    text = normalise_text(text)
    if not text.startswith("---\n"):
        raise DocumentError(source_id, "no YAML front matter (the file must start with a '---' line)")
    try:
        post = frontmatter.loads(text)
    except yaml.YAMLError as e:
        mark = getattr(e, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        raise DocumentError(source_id, f"front matter is not valid YAML{where}: {getattr(e, 'problem', e)}") from None
    meta = post.metadata
    if not isinstance(meta, dict) or not meta:
        raise DocumentError(source_id, "front matter is empty or not a mapping of fields")
    for field in REQUIRED:
        value = meta.get(field)
        if value is None or (isinstance(value, str) and not value.strip()):
            raise DocumentError(source_id, "missing (required: title, publisher, published)", field)
    for field in ("title", "publisher"):
        if not isinstance(meta[field], (str, int, float)):
            raise DocumentError(source_id, "must be text", field)
    url = meta.get("url") or ""
    if not isinstance(url, str):
        raise DocumentError(source_id, "must be text", "url")
    body = post.content
    if not body.strip():
        raise DocumentError(source_id, "the body is empty")
    return Document(
        source_id=source_id,
        title=str(meta["title"]).strip(),
        publisher=str(meta["publisher"]).strip(),
        published=_published(meta["published"], source_id),
        url=url.strip(),
        language=str(meta.get("language") or "en").strip(),
        body=body,
        excerpt=meta.get("excerpt") is True,
    )

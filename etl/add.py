"""`python -m etl add FILE...`: saved web pages (HTML) or plain-text files -> source documents (issue 13).

The body is the article's text as trafilatura reads it (no menus, sidebars, related news, cookie banners,
footers or scripts), one paragraph per block; the front matter comes from the page's own metadata, and the
options override it. Nothing is guessed: a required field the page does not give is named, with the option
that supplies it, and nothing is written for that file.
"""
from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import re
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from .documents import PUBLISHED, normalise_text
from .errors import EtlError
from .io import source_paths, write_atomically

HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
OPTION = {"title": "--title TITLE", "publisher": "--publisher NAME", "published": "--published YYYY-MM-DD",
          "url": "--url URL"}
WHERE = {  # where each field is looked for, in this order (the message of a field found nowhere says so)
    "title": "og:title, JSON-LD headline, <title>",
    "publisher": "og:site_name, JSON-LD publisher name",
    "published": "article:published_time, <time datetime>, JSON-LD datePublished",
    "url": "<link rel=canonical>, og:url, JSON-LD url",
}
REQUIRED = ("title", "publisher", "published")
ISO_DATE = re.compile(r"^\s*(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T\s])")


class AddError(EtlError):
    """A file that cannot become a source document: names the file and the problem."""

    def __init__(self, name: str, problem: str):
        self.name, self.problem = name, problem
        super().__init__(f"{name}: {problem}")


# --- reading a page --------------------------------------------------------------------------


def _date(value: str) -> str:
    """'2024-03-05T10:00:00+05:00' -> '2024-03-05' (the date as the publisher wrote it); '' if not a date."""
    m = ISO_DATE.match(value or "")
    if not m:
        return ""
    try:
        return dt.date(int(m.group(1)), int(m.group(2)), int(m.group(3))).isoformat()
    except ValueError:
        return ""


def _http(url: str) -> str:
    url = (url or "").strip()
    return url if re.match(r"^https?://[^\s/]+", url, re.IGNORECASE) else ""


def _json_ld(tree) -> list[dict]:
    """Every JSON-LD object of the page, @graph members included."""
    out: list[dict] = []

    def walk(x):
        if isinstance(x, list):
            for y in x:
                walk(y)
        elif isinstance(x, dict):
            out.append(x)
            walk(x.get("@graph"))
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            walk(json.loads(script.text_content() or "null"))
        except ValueError:
            continue  # a broken block is no metadata
    return out


def _ld_publisher(objects: list[dict]) -> str:
    by_id = {o["@id"]: o for o in objects if isinstance(o.get("@id"), str)}
    for o in objects:
        pub = o.get("publisher")
        for p in pub if isinstance(pub, list) else [pub]:
            if isinstance(p, dict) and "name" not in p and p.get("@id") in by_id:
                p = by_id[p["@id"]]
            name = p.get("name") if isinstance(p, dict) else p
            if isinstance(name, str) and name.strip():
                return name.strip()
    return ""


def _first(*values) -> str:
    return next((v.strip() for v in values if isinstance(v, str) and v.strip()), "")


def html_metadata(html: str) -> dict[str, str]:
    """title, publisher, published (YYYY-MM-DD), url (http(s)) and language from a page's own metadata."""
    import lxml.html

    tree = lxml.html.document_fromstring(html)

    def meta(*names: str) -> str:
        for name in names:
            for attr in ("property", "name"):
                for v in tree.xpath(f'//meta[@{attr}="{name}"]/@content'):
                    if v.strip():
                        return v.strip()
        return ""

    ld = _json_ld(tree)
    ld_value = lambda key: _first(*(o.get(key) for o in ld))  # noqa: E731
    publisher = _first(meta("og:site_name"), _ld_publisher(ld))
    times = (tree.xpath('//time[@itemprop="datePublished"]/@datetime') + tree.xpath("//time[@pubdate]/@datetime")
             + tree.xpath("//article//time/@datetime") + tree.xpath("//time/@datetime"))
    published = next((d for d in map(_date, [meta("article:published_time"), *times, ld_value("datePublished")]) if d), "")
    canonical = [_http(h) for h in tree.xpath('//link[@rel="canonical"]/@href')]
    ld_url = [_http(o.get("url")) for o in ld if isinstance(o.get("url"), str) and o.get("headline")]
    url = _first(*canonical, _http(meta("og:url")), *ld_url)
    title = _first(meta("og:title"), ld_value("headline"), " ".join(tree.xpath("//title//text()")))
    if publisher and title:  # "Headline | Publisher", "Publisher — Headline": the publisher is not the title's
        name = re.escape(publisher)
        title = re.sub(rf"^\s*{name}\s+[|–—:·-]{{1,2}}\s+|\s+[|–—:·-]{{1,2}}\s+{name}\s*$", "", title,
                       flags=re.IGNORECASE) or title
    lang = re.match(r"^([a-z]{2,3})\b", (tree.get("lang") or "").lower())
    return {"title": re.sub(r"\s+", " ", title), "publisher": re.sub(r"\s+", " ", publisher), "published": published,
            "url": url, "language": lang.group(1) if lang else ""}


def article_text(html: str) -> str:
    """The article's text, one paragraph per block: always the same for the same page."""
    import trafilatura

    text = trafilatura.extract(html, output_format="txt", include_comments=False, include_tables=True,
                               include_links=False, include_images=False, include_formatting=False,
                               deduplicate=False, with_metadata=False)
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in (text or "").splitlines()]
    # a table of the article stays a block of lines, one row each ("Kazakhstan | 1,059.3 | 423.6"), without its
    # Markdown rule line; every other line is a paragraph
    lines = [line.strip("| ") if line.startswith("|") else line for line in lines if not _TABLE_RULE.fullmatch(line)]
    out = []
    for line in (x for x in lines if x):
        out.append(("\n" if out and "|" in line and "|" in out[-1] else "\n\n") + line if out else line)
    return "".join(out)


_TABLE_RULE = re.compile(r"\|?(?:\s*:?-+:?\s*\|)+\s*:?-*:?\s*")


def read_file(data: bytes, name: str) -> tuple[dict[str, str], str]:
    """(metadata, body) of a saved page, a plain-text file or a Markdown file with front matter."""
    looks_html = name.lower().endswith(HTML_SUFFIXES) or re.match(rb"^\s*(?:\xef\xbb\xbf)?\s*<(?:!doctype|html|head)",
                                                                  data[:512], re.IGNORECASE)
    if looks_html:
        import lxml.etree
        from trafilatura.utils import decode_file

        html = decode_file(data)
        try:
            meta, body = html_metadata(html), article_text(html)
        except (lxml.etree.LxmlError, ValueError) as e:
            raise AddError(name, f"not a readable HTML page ({e})") from None
        lines = body.split("\n\n")
        if meta["title"] and lines and _same(lines[0], meta["title"]):
            body = "\n\n".join(lines[1:])  # the headline is the title, not the body's first sentence
        return meta, body
    try:
        text = normalise_text(data.decode("utf-8"))
    except UnicodeDecodeError as e:
        raise AddError(name, f"not UTF-8 (byte {e.start}) and not an HTML page") from None
    if text.startswith("---\n"):
        try:
            post = frontmatter.loads(text)
        except yaml.YAMLError:
            raise AddError(name, "front matter is not valid YAML") from None
        m = post.metadata if isinstance(post.metadata, dict) else {}
        return {k: _text(m.get(k)) for k in ("title", "publisher", "published", "url", "language")}, post.content
    lines = text.strip().split("\n")
    if len(lines) > 2 and not lines[1].strip() and len(lines[0]) <= 200:  # a headline, then a blank line
        return {"title": lines[0].strip()}, "\n".join(lines[2:]).strip()
    return {}, text.strip()


def _text(value) -> str:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.strftime("%Y-%m-%d")
    return "" if value is None else str(value).strip()


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    return norm(a) == norm(b)


# --- making a document -----------------------------------------------------------------------


def slug(text: str, limit: int) -> str:
    """ASCII, lower case, words joined by '-', at most ``limit`` characters, cut at a word."""
    ascii_text = unicodedata.normalize("NFKD", re.sub(r"[^\w]+", " ", text)).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    out = ""
    for w in words:
        if len(out) + len(w) + (1 if out else 0) > limit:
            break
        out = f"{out}-{w}" if out else w
    return out or (words[0][:limit] if words else "")


def file_name(meta: dict[str, str], body: str) -> str:
    """YYYY-MM-DD-publisher-slug.md (a title with no Latin letters gets a short digest of the body)."""
    title = slug(meta["title"], 60) or "article-" + hashlib.sha1(body.encode()).hexdigest()[:8]
    publisher = slug(re.sub(r"^the\s+", "", meta["publisher"], flags=re.IGNORECASE), 30) or "publisher"
    return f"{meta['published']}-{publisher}-{title}.md"


def document_text(meta: dict, body: str) -> str:
    """A source document's file: YAML front matter (safely dumped: it always parses back) and the body."""
    front = yaml.safe_dump(meta, sort_keys=False, allow_unicode=True, default_flow_style=False, width=1000)
    return f"---\n{front}---\n{body.strip()}\n"


def _squash(body: str) -> str:
    return re.sub(r"\s+", " ", body).strip().casefold()


@dataclass
class Corpus:
    """What a folder of documents already holds: its urls and bodies, each with the document that has it."""

    folder: Path
    urls: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)
    names: set[str] = field(default_factory=set)

    @classmethod
    def read(cls, folder: Path) -> Corpus:
        corpus = cls(folder)
        if folder.is_dir():
            for path in source_paths(folder):
                try:
                    post = frontmatter.loads(normalise_text(path.read_text(encoding="utf-8")))
                except (OSError, UnicodeDecodeError, yaml.YAMLError, ValueError):
                    continue  # `etl build` names a broken document; here it holds nothing to compare
                url = post.metadata.get("url") if isinstance(post.metadata, dict) else None
                corpus.remember(path.name, url if isinstance(url, str) else "", post.content)
        return corpus

    def remember(self, name: str, url: str, body: str) -> None:
        self.names.add(name)
        if url.strip():
            self.urls.setdefault(url.strip().rstrip("/"), name)
        self.bodies.setdefault(_squash(body), name)

    def refuse_repeat(self, name: str, url: str, body: str) -> None:
        if url and url.rstrip("/") in self.urls:
            raise AddError(name, f"already in {self.folder}: {self.urls[url.rstrip('/')]} has the url {url}")
        if _squash(body) in self.bodies:
            raise AddError(name, f"already in {self.folder}: {self.bodies[_squash(body)]} has the same text")


def make_document(meta: dict[str, str], body: str, options: dict[str, str], name: str) -> tuple[dict, str]:
    """(front matter, body) of one document; the options override the page. Raises AddError."""
    meta = {k: v for k, v in meta.items() if v}
    meta.update({k: v for k, v in options.items() if v})
    missing = [f for f in REQUIRED if not meta.get(f)]
    if missing:
        raise AddError(name, "; ".join(f"{f}: not found in the file ({WHERE[f]}): give it with {OPTION[f]}"
                                       for f in missing) + "; nothing written")
    if not PUBLISHED.match(meta["published"]):
        raise AddError(name, f"published: {meta['published']!r} is not a date: give it with {OPTION['published']}")
    if not body.strip():
        raise AddError(name, "no article text found in the file; nothing written")
    front = {"title": meta["title"], "publisher": meta["publisher"], "published": meta["published"],
             "url": _http(meta.get("url", ""))}
    if meta.get("language"):
        front["language"] = meta["language"]
    return front, body.strip()


def add_one(path: Path, corpus: Corpus, options: dict[str, str]) -> Path:
    """Read one file, refuse a repeat, write its document into the corpus folder; the path written."""
    try:
        data = path.read_bytes()
    except OSError as e:
        raise AddError(str(path), f"cannot be read: {e.strerror}") from None
    meta, body = read_file(data, str(path))
    front, body = make_document(meta, body, options, str(path))
    corpus.refuse_repeat(str(path), front["url"], body)
    name = file_name(front, body)
    stem, n = name[:-3], 2
    while name in corpus.names or (corpus.folder / name).exists():  # another article of the same day and title
        name, n = f"{stem}-{n}.md", n + 1
    target = corpus.folder / name
    write_atomically({target: document_text(front, body)})
    corpus.remember(name, front["url"], body)
    return target


# --- the command -----------------------------------------------------------------------------


def register(sub) -> None:
    a = sub.add_parser("add", help="saved web pages (HTML) or plain-text files -> source documents")
    a.add_argument("files", nargs="+", type=Path, metavar="FILE")
    a.add_argument("--sources", type=Path, default=Path("data/sources"), help="folder of documents (default data/sources)")
    a.add_argument("--title", help="the title (default: og:title, JSON-LD headline, <title>)")
    a.add_argument("--publisher", help="the publisher (default: og:site_name, JSON-LD publisher)")
    a.add_argument("--published", help="YYYY-MM-DD, YYYY-MM or YYYY (default: article:published_time, <time>, JSON-LD)")
    a.add_argument("--url", help="the article's address, http(s) (default: canonical link, og:url)")


def _bar(n: int, total: int, stream) -> None:
    filled = int(30 * n / total)
    stream.write(f"\r[{'#' * filled}{'.' * (30 - filled)}] {n}/{total} files")
    stream.flush()


def run(args: argparse.Namespace, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    options = {k: (getattr(args, k) or "").strip() for k in ("title", "publisher", "published", "url")}
    if options["published"] and (not PUBLISHED.match(options["published"])
                                 or (len(options["published"]) == 10 and not _date(options["published"]))):
        print(f"error: --published: {options['published']!r} is not a date (YYYY-MM-DD, YYYY-MM or YYYY)", file=err)
        return 2
    if options["url"] and not _http(options["url"]):
        print(f"error: --url: {options['url']!r} is not an http(s) address", file=err)
        return 2
    if args.sources.exists() and not args.sources.is_dir():
        print(f"error: --sources: {args.sources} is not a folder", file=err)
        return 2
    args.sources.mkdir(parents=True, exist_ok=True)
    corpus = Corpus.read(args.sources)
    total, written, refused = len(args.files), [], []
    bar = total > 1 and err.isatty()
    for n, path in enumerate(args.files, start=1):
        try:
            written.append(add_one(path, corpus, options))
            line, stream = str(written[-1]), out
        except AddError as e:
            refused.append(e)
            line, stream = f"error: {e}", err
        if bar:
            err.write("\r\033[K")
        print(line, file=stream, flush=True)
        if bar:
            _bar(n, total, err)
    if bar:
        err.write("\n")
    if refused or total > 1:
        print(f"{len(written)} added to {args.sources}/, {len(refused)} refused", file=err)
    return 1 if refused else 0

"""Source documents: text with YAML front matter -> Document. Pure: no file access here.

Every problem of a document is found in one pass and reported as ``file: field: what is wrong`` (issue
#14). The front matter is read by a YAML loader that builds no objects at all: a field is the text of its
YAML scalar, so an impossible date (``published: 2024-13-45``) is a wrong field, not a crash inside the
loader; aliases ("billion laughs"), explicit tags and deep nesting are refused wherever they stand.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

import frontmatter
import yaml
from frontmatter.default_handlers import YAMLHandler

from .errors import DocumentError

MAX_CHARS = 16 * 1024 * 1024  # a longer text is not an article (io.py refuses a larger file before reading it)
MAX_FRONT_MATTER = 16 * 1024  # characters (a real one has a few hundred)
MAX_DEPTH = 16  # nesting of lists and mappings in the front matter
YEARS = (1900, 2100)  # a publication date outside these is a typing mistake


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


def _nul(text: str | bytes, at: int) -> str:
    line = text.count(b"\n" if isinstance(text, bytes) else "\n", 0, at) + 1
    return f"a NUL character at line {line}: a binary file, not a text document"


def decode(data: bytes, source_id: str) -> str:
    """The text of a file's bytes: UTF-8 (with or without a byte-order mark), never NUL bytes."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise DocumentError(source_id, "not UTF-8 but UTF-16 or UTF-32 (save it as UTF-8)")
    if (at := data.find(b"\x00")) >= 0:
        raise DocumentError(source_id, _nul(data, at))
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise DocumentError(source_id, f"not UTF-8 (line {line}, byte {e.start}: {data[e.start:e.start + 1]!r})") from None


# --- the front matter's YAML -------------------------------------------------------------------

_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_NULL = "tag:yaml.org,2002:null"
_HARMLESS_TAGS = (None, "!", "tag:yaml.org,2002:str")


_NULL_VALUE = next(rx for tag, rx in yaml.SafeLoader.yaml_implicit_resolvers["~"] if tag == _NULL)
_STR = "tag:yaml.org,2002:str"


def _scalar_tag(loader, kind, value, implicit):
    """A node's tag, a scalar's as the fields read it: null or text (the other implicit tags, a number or a yes, are
    read as their text all the same): one look rather than PyYAML's resolvers for every scalar (#12)."""
    if kind is yaml.ScalarNode:
        return _NULL if implicit[0] and _NULL_VALUE.match(value) else _STR
    return yaml.resolver.Resolver.resolve(loader, kind, value, implicit)


class FrontMatterLoader(yaml.SafeLoader):
    """Composes YAML into nodes and never constructs objects (no dates, no tags' constructors).

    Refused, each recorded with the top-level field it stands in (``problems``: (field, problem, line)):
    an alias, an explicit tag other than ``!!str``, a list or mapping nested deeper than MAX_DEPTH. A refused
    node is skipped without recursion and stands as an empty value.
    """

    yaml_implicit_resolvers = {first: [(tag, rx) for tag, rx in rules if tag != _TIMESTAMP]
                               for first, rules in yaml.SafeLoader.yaml_implicit_resolvers.items()}

    resolve = _scalar_tag

    def __init__(self, stream: str):
        super().__init__(stream)
        self.problems: list[tuple[str | None, str, int]] = []
        self.depth = 0
        self.field: str | None = None

    def compose_node(self, parent, index):
        if self.depth == 1:  # the root mapping's keys (index None) and values (index: their key)
            self.field = index.value if isinstance(index, yaml.ScalarNode) else None
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            return self._refuse(f"an alias (*{event.anchor}): aliases are not allowed in front matter")
        if getattr(event, "tag", None) not in _HARMLESS_TAGS:
            return self._refuse(f"an explicit tag ({event.tag}) is not allowed in front matter")
        if self.depth > MAX_DEPTH and isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            return self._refuse(_DEEP)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1

    def _refuse(self, problem: str) -> yaml.ScalarNode:
        first = self.get_event()
        self.problems.append((self.field, problem, first.start_mark.line))
        level = 1 if isinstance(first, (yaml.SequenceStartEvent, yaml.MappingStartEvent)) else 0
        while level:  # skip the node's events, however deep, without recursion
            event = self.get_event()
            level += isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent))
            level -= isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent))
        return yaml.ScalarNode(_NULL, "", first.start_mark, first.end_mark)


_DEEP = f"lists or mappings nested more than {MAX_DEPTH} levels deep"

if hasattr(yaml, "CSafeLoader"):
    class _FastLoader(yaml.CSafeLoader):
        """libyaml's parser and composer with FrontMatterLoader's resolvers (no dates), for _FLAT front matter."""

        yaml_implicit_resolvers = FrontMatterLoader.yaml_implicit_resolvers
        resolve = _scalar_tag
else:  # PyYAML built without libyaml: the pure-Python loader does it all
    _FastLoader = None


# Front matter of plain "key: value" lines (blank lines and comments between): no anchor, alias, tag, block scalar
# or nesting, nothing FrontMatterLoader refuses. libyaml composes it; anything else goes the slow, careful way.
_FLAT = re.compile(r"(?:[A-Za-z_][\w-]*[ \t]*:(?:[ \t]+[^\s&*!|>?%@`\[\]{}#][^\n]*)?[ \t]*\n?|[ \t]*(?:#[^\n]*)?\n)*")


_QUOTED = re.compile(r'"(?:[^"\\\n]|\\.)*"|\'[^\'\n]*\'')


def _too_deep(fm: str) -> int | None:
    """The line (0-based) where brackets outside quotes first nest deeper than MAX_DEPTH, if they do."""
    depth = 0
    text = _QUOTED.sub(lambda m: "x" * len(m.group(0)), fm)  # same length: offsets stay
    for m in re.finditer(r"[\[\]{}]", text):
        depth = depth + 1 if m.group(0) in "[{" else max(0, depth - 1)
        if depth > MAX_DEPTH:
            return text.count("\n", 0, m.start())
    return None


class _Handler(YAMLHandler):
    """python-frontmatter's YAML handler (its split, so its body) with the loader above."""

    root: yaml.Node | None = None
    problems: list[tuple[str | None, str, int | None]]
    closed = False
    fm = ""
    first_line = 0  # the file's line (0-based) on which the front matter's text begins

    def split(self, text: str) -> tuple[str, str]:
        m = self.FM_BOUNDARY.search(text)
        fm, content = super().split(text)
        self.first_line = text.count("\n", 0, m.end())
        return fm, content

    def line(self, mark_line: int) -> int:
        """The file's line number (1-based) of a line of the front matter (0-based, as YAML counts)."""
        return self.first_line + mark_line + 1

    def load(self, fm: str, **kwargs) -> dict:
        self.closed, self.problems, self.fm = True, [], fm
        if len(fm) > MAX_FRONT_MATTER:
            self.problems.append((None, f"the front matter is {len(fm):,} characters long: at most "
                                        f"{MAX_FRONT_MATTER:,}", None))
            return {}
        if (deep := _too_deep(fm)) is not None:  # PyYAML's scanner takes quadratic time over deep [[[[...
            self.problems.append((_field_at(fm.split("\n"), deep), _DEEP, deep))
            return {}
        if _FastLoader is not None and _FLAT.fullmatch(fm):  # libyaml: the same nodes, fifteen times faster
            loader = _FastLoader(fm)
            try:
                self.root = loader.get_single_node()
                return {}
            except yaml.YAMLError:  # named by the careful loader below, in its words
                pass
            finally:
                loader.dispose()
        loader = FrontMatterLoader(fm)
        try:
            self.root = loader.get_single_node()
        finally:
            self.problems += loader.problems
            loader.dispose()
        return {}


def _field_at(fm_lines: list[str], line: int) -> str | None:
    """The top-level field whose text holds front-matter line ``line`` (0-based): the field that line
    starts, or for an indented line the field above it; None for any other line."""
    for text in reversed(fm_lines[:line + 1]):
        if m := re.match(r"([A-Za-z_][\w-]*)[ \t]*:", text):
            return m.group(1)
        if not text.startswith(" "):
            return None
    return None


def _yaml_problem(e: yaml.YAMLError, handler: _Handler) -> tuple[str | None, str]:
    mark = getattr(e, "context_mark", None) or getattr(e, "problem_mark", None)
    if isinstance(e, yaml.reader.ReaderError):  # a character YAML does not allow
        char = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "\0")
        line = handler.fm.count("\n", 0, e.position)
        return _field_at(handler.fm.split("\n"), line), (f"a character YAML does not allow (U+{char:04X}) at "
                                                          f"line {handler.line(line)}")
    if mark is None:
        return None, f"not valid YAML: {str(e).splitlines()[0] if str(e) else type(e).__name__}"
    problem = getattr(e, "problem", None) or str(e).splitlines()[0]
    field = _field_at(handler.fm.split("\n"), mark.line)
    return field, f"not valid YAML at line {handler.line(mark.line)}: {problem}"


# --- the fields ------------------------------------------------------------------------------------

def _shown(text: str) -> str:
    return repr(text if len(text) <= 60 else text[:57] + "…")


def _text(text: str) -> str:
    return text


# the contract's dates, as a front matter states them: YYYY-MM-DD, YYYY-MM or YYYY
PUBLISHED = re.compile(r"^(\d{4})(?:-(0[1-9]|1[0-2])(?:-(0[1-9]|[12]\d|3[01]))?)?$")


def _published(text: str) -> str:
    m = re.fullmatch(r"(\d{4})(?:-(\d\d)(?:-(\d\d)(?:[Tt ]\d\d:\d\d(?::\d\d(?:\.\d+)?)?[ \t]*"
                     r"(?:[Zz]|[+-]\d\d(?::?\d\d)?)?)?)?)?", text)
    if not m:
        raise ValueError(f"{_shown(text)} is not a date: write YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = m.groups()
    if not YEARS[0] <= int(year) <= YEARS[1]:
        raise ValueError(f"{_shown(text)}: the year {year} is not in {YEARS[0]}–{YEARS[1]}")
    if month and not 1 <= int(month) <= 12:
        raise ValueError(f"{_shown(text)} is not a date: there is no month {month}")
    if day:
        try:
            dt.date(int(year), int(month), int(day))
        except ValueError:
            raise ValueError(f"{_shown(text)} is not a date: {year}-{month} has no day {day}") from None
    return "-".join(p for p in (year, month, day) if p)  # a time of day is dropped


_NOT_IN_URLS = re.compile(r"[\s<>\"{}|\\^`]")


def _url(text: str) -> str:
    if m := _NOT_IN_URLS.search(text):
        raise ValueError(f"{_shown(text)} is not a web address: it contains {m.group(0)!r}")
    try:
        parts = urlsplit(text)
        host = parts.hostname
    except ValueError as e:
        raise ValueError(f"{_shown(text)} is not a web address ({e})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise ValueError(f"{_shown(text)} is not an http(s) address: write http://… or https://…, or leave it empty")
    if not host:
        raise ValueError(f"{_shown(text)} names no host")
    return text


def _flag(text: str) -> bool:
    if text.lower() not in ("true", "false", "yes", "no"):
        raise ValueError(f"{_shown(text)} is not true or false")
    return text.lower() in ("true", "yes")


def _language(text: str) -> str:
    if not re.fullmatch(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*", text):
        raise ValueError(f"{_shown(text)} is not a language code (write en, ru, ko, uz…)")
    return text


@dataclass(frozen=True)
class Field:
    """One front-matter field: required or its default, its longest text, and how its text is read."""

    required: bool = False
    default: object = ""
    max_length: int = 1000
    read: Callable[[str], object] = _text  # raises ValueError(what is wrong)


FIELDS: dict[str, Field] = {
    "title": Field(required=True, max_length=1000),
    "publisher": Field(required=True, max_length=500),
    "published": Field(required=True, max_length=40, read=_published),
    "url": Field(max_length=2048, read=_url),
    "language": Field(default="en", max_length=35, read=_language),
    # the body quotes the cited passages of the article at ``url`` (issue 13)
    "excerpt": Field(default=False, max_length=5, read=_flag),
}
REQUIRED = tuple(name for name, f in FIELDS.items() if f.required)
# control characters (tab and line feed aside) and the invisible ones that reorder text
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_KINDS = {yaml.SequenceNode: "a list", yaml.MappingNode: "a mapping"}


def _fields(root: yaml.MappingNode, line: Callable[[int], int],
            refused: set[str | None]) -> tuple[dict[str, object], list[tuple[str | None, str]]]:
    """The values of FIELDS from the front matter's mapping, and every problem with them (but for the
    ``refused`` fields, whose problem the loader has already said)."""
    nodes: dict[str, yaml.Node] = {}
    problems: list[tuple[str | None, str]] = []
    for key, value in root.value:
        if not isinstance(key, yaml.ScalarNode):
            problems.append((None, f"a key that is not a name, at line {line(key.start_mark.line)}"))
            continue
        if key.value in nodes and key.value in FIELDS:
            problems.append((key.value, f"given twice (lines {line(nodes[key.value].start_mark.line)} and "
                                        f"{line(value.start_mark.line)})"))
        nodes[key.value] = value
    values: dict[str, object] = {}
    for name, spec in FIELDS.items():
        node = nodes.get(name)
        if name in refused:
            continue
        if node is not None and not isinstance(node, yaml.ScalarNode):
            problems.append((name, f"must be text, not {_KINDS.get(type(node), 'a structure')}"))
            continue
        text = "" if node is None or node.tag == _NULL else node.value.strip()
        if not text:
            if spec.required:
                near = difflib.get_close_matches(name, [k for k in nodes if k not in FIELDS], n=1, cutoff=0.75)
                hint = f"; is {near[0]!r} a misspelling?" if near else ""
                problems.append((name, f"missing (required: {', '.join(REQUIRED)}){hint}"))
            values[name] = spec.default
        elif len(text) > spec.max_length:
            problems.append((name, f"{len(text):,} characters long: at most {spec.max_length:,}"))
        elif m := _CONTROL.search(text):
            problems.append((name, f"contains a control character (U+{ord(m.group(0)):04X})"))
        else:
            try:
                values[name] = spec.read(text)
            except ValueError as e:
                problems.append((name, str(e)))
    return values, problems


def parse(text: str, source_id: str) -> Document:
    """Parse one document's text; every problem found is named with ``source_id`` and its field."""
    text = normalise_text(text)
    if (at := text.find("\x00")) >= 0:
        raise DocumentError(source_id, _nul(text, at))
    if len(text) > MAX_CHARS:
        raise DocumentError(source_id, f"{len(text):,} characters: more than {MAX_CHARS:,}, not an article")
    if not re.match(r"-{3,}[ \t]*\n", text):
        raise DocumentError(source_id, "no YAML front matter (the file must start with a '---' line)")
    handler = _Handler()
    try:
        post = frontmatter.loads(text, handler=handler)
    except yaml.YAMLError as e:
        field, problem = _yaml_problem(e, handler)
        raise DocumentError(source_id, problem, field) from None
    if not handler.closed:
        raise DocumentError(source_id, "the front matter is not closed (no second '---' line)")
    problems: list[tuple[str | None, str]] = list(dict.fromkeys(  # one line for a problem said twice
        (field, problem if line is None else f"{problem} (line {handler.line(line)})")
        for field, problem, line in handler.problems))
    if len(problems) > 5:  # a front matter of a thousand aliases: five say enough
        problems[5:] = [(None, f"and {len(problems) - 5} more problems of the same kinds in the front matter")]
    values: dict[str, object] = {}
    if isinstance(handler.root, yaml.MappingNode):
        values, more = _fields(handler.root, handler.line, {field for field, _, _ in handler.problems})
        problems += more
    elif not problems:
        problems.append((None, "the front matter is empty" if handler.root is None or handler.root.tag == _NULL
                         else "the front matter is not a mapping of fields (write one 'field: value' per line)"))
    body = post.content
    if not body.strip():
        problems.append((None, "the body is empty"))
    if problems:
        (field, problem), *more = problems
        raise DocumentError(source_id, problem, field, more)
    return Document(source_id=source_id, body=body, **values)

"""The extraction's words: ``lexicon.yml`` loaded once and compiled. The only place words live.

``pattern(name)`` is the compiled regular expression of a named entry, ``source(name)`` its text
(for composing), ``words(name)`` a plain list or mapping. A pattern's text may name another
pattern as ``<<name>>`` or a word list as ``<<@name>>`` (its words joined as alternatives).

An entry may also have a ``lead``: the words any match of it starts with (issue #12). Python's regex engine tries a
case-insensitive pattern, or one that starts with ``\b``, at every character of a text; a lead of plain words is
found by a fast scan (of the lower-cased text, in lower case, for a case-insensitive pattern), and the pattern is
then tried only where its lead stands (``Led``). The matches are the same, one for one.
"""
from __future__ import annotations

import re
import sys
from functools import cache, lru_cache
from pathlib import Path

import yaml

from . import regex_cache

compile = regex_cache.compile  # every pattern of the extraction is compiled through here (lx.compile): as re.compile

_REFERENCE = re.compile(r"<<(@?)(\w+)>>")
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml's safe loader: the same data, ten times faster


@cache
def data() -> dict:
    """The parsed lexicon.yml (read once per process)."""
    return yaml.load(Path(__file__).with_name("lexicon.yml").read_text(encoding="utf-8"), Loader=_LOADER)


def words(name: str):
    """A plain word list or mapping of the lexicon."""
    return data()["words"][name]


def names() -> tuple[str, ...]:
    """Every pattern name (for the test that each has a spec row)."""
    return tuple(data()["patterns"])


def _entry(name: str) -> tuple[str | list[str], bool]:
    entry = data()["patterns"][name]
    if isinstance(entry, dict):
        return entry["re"], bool(entry.get("i"))
    return entry, False


def ignores_case(name: str) -> bool:
    return _entry(name)[1]


def alternatives(name: str) -> list[str]:
    """The alternatives of a named pattern given as a list (for patterns composed in code)."""
    text, _ = _entry(name)
    return text if isinstance(text, list) else [text]


@cache
def lead_source(name: str) -> str:
    """The text of a named pattern's lead (its references resolved), or '' when it has none."""
    entry = data()["patterns"][name]
    lead = entry.get("lead", "") if isinstance(entry, dict) else ""
    return _REFERENCE.sub(_resolve_reference, lead)


@cache
def source(name: str) -> str:
    """The text of a named pattern, references resolved."""
    text, _ = _entry(name)
    if isinstance(text, list):
        text = "|".join(text)
    return _REFERENCE.sub(_resolve_reference, text)


def _resolve_reference(m: re.Match) -> str:
    if m.group(1):
        listed = words(m.group(2))
        return "|".join(map(str, listed))
    return source(m.group(2))


@cache
def pattern(name: str) -> re.Pattern | Led:
    """The compiled pattern of a named entry (case-insensitive where the entry says ``i: true``), led by its lead
    where it has one."""
    compiled = compile(source(name), re.IGNORECASE if ignores_case(name) else 0)
    return Led(compiled, lead_source(name)) if lead_source(name) else compiled


TEMPLATES = ("PLACE", "CITY", "PRODUCT")  # words a pattern's text may hold for code to fill in


def every_pattern() -> None:
    """Compile every named pattern now (but templates, which code fills in and compiles)."""
    for name in names():
        if not any(word in source(name) for word in TEMPLATES):
            pattern(name)


# The letters a case-insensitive pattern matches to an ASCII letter other than their own lower case (Turkish I with a
# dot, dotless i, long s): a text holding one is searched without its lead. No other letter is: see test_lexicon.
_NOT_LOWERED = re.compile("[\u0130\u0131\u017f]")


def lowered(text: str) -> str | None:
    """``text`` in lower case, character for character, so a case-insensitive match of ``text`` at i is a match of
    the lower-cased words at i of this; None for the rare text where lower case cannot promise it. (A long text, a
    body or a sentence, is asked about again and again: its lower case is kept.)"""
    return _lowered(text) if len(text) < 256 else _kept_lowered(text)


@lru_cache(maxsize=64)
def _kept_lowered(text: str) -> str | None:
    return _lowered(text)


def _lowered(text: str) -> str | None:
    low = text.lower()
    if text.isascii():
        return low
    if len(low) != len(text) or "\u0130" in text or "\u0131" in text or "\u017f" in text:  # (_NOT_LOWERED)
        return None
    return low


class Led:
    """A compiled pattern tried only where its lead matches: a lead in lower case in the lower-cased text, a lead with
    capitals (for a case-sensitive pattern: "Korea", "Seoul") in the text as it is.

    ``lead`` matches wherever the pattern can start a match, and more: ``search`` and ``finditer`` give exactly the
    pattern's own matches, ``match`` and ``fullmatch`` are the pattern's. Patterns with a lead never match the empty
    string.
    """

    def __init__(self, compiled: re.Pattern, lead: str) -> None:
        self.compiled = compiled
        self.lead = compile(lead_trie(lead.split("|")))
        if self.lead.match("") is not None or self.lead.search("x", 1) is not None:
            # (an unescaped "$" or an optional lead matches nothing: the search would try the same place forever)
            raise ValueError(f"a lead must match at least one character: {lead!r}")
        # an ASCII text holds no digit but 0-9: its lead spells \d out as ten characters, so that every alternative
        # starts with a plain character, which the engine scans for by its first characters (its fast path)
        digits = any(a.startswith("\\d") for a in lead.split("|"))
        self._ascii_lead = compile(lead_trie(_ascii_digits(lead.split("|")))).search if digits else self.lead.search
        self.folds = lead == lead.lower()
        if not self.folds and compiled.flags & re.IGNORECASE:
            raise ValueError(f"the lead of a case-insensitive pattern is in lower case: {lead!r}")
        self.match, self.fullmatch, self.split = compiled.match, compiled.fullmatch, compiled.split
        self._lead, self._match = self.lead.search, compiled.match
        self.pattern, self.flags, self.groupindex = compiled.pattern, compiled.flags, compiled.groupindex

    def __repr__(self) -> str:
        return f"Led({self.compiled!r}, lead={self.lead.pattern!r})"

    def _scan(self, text: str):
        """(the text the lead is looked for in, the lead's search), or None where lower case cannot promise the
        matches (then the pattern searches alone)."""
        if text.isascii():  # (most texts asked about: ASCII, and short, so lowered here without a call)
            return (text.lower() if len(text) < 256 else lowered(text)) if self.folds else text, self._ascii_lead
        low = lowered(text) if self.folds else text
        return None if low is None else (low, self._lead)

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match | None:
        scan = self._scan(text)
        if scan is None:
            return self.compiled.search(text, pos, endpos)
        low, lead = scan
        found = lead(low, pos, endpos)
        if found is None:  # (most searches: the lead is not there)
            return None
        match = self._match
        while found is not None:
            at = found.start()
            m = match(text, at, endpos)
            if m is not None:
                return m
            found = lead(low, at + 1, endpos)
        return None

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list[re.Match]:
        """The pattern's matches, in order (a list: every caller reads them all)."""
        scan = self._scan(text)
        if scan is None:
            return list(self.compiled.finditer(text, pos, endpos))
        low, lead = scan
        found = lead(low, pos, endpos)
        if found is None:
            return []
        match, out = self._match, []
        while found is not None:
            at = found.start()
            m = match(text, at, endpos)
            if m is None:
                found = lead(low, at + 1, endpos)
            elif m.end() > at:
                out.append(m)
                found = lead(low, m.end(), endpos)
            else:  # an empty match (none of ours has one): the pattern's own scan goes on from here
                return out + list(self.compiled.finditer(text, at, endpos))
        return out

    def findall(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> list:
        return self.compiled.findall(text, pos, endpos)


def led(compiled: re.Pattern, lead: str) -> re.Pattern | Led:
    """``compiled`` led by ``lead`` (a pattern composed in code, from named entries' leads)."""
    return Led(compiled, lead) if lead else compiled


_SPECIAL = frozenset(".^$*+?{}[]()|\\")
# re.escape of one character (a dictionary look-up: the tries of long word lists escape every letter)
_ESCAPED = {ch: re.escape(ch) for ch in "()[]{}?*+-|^$\\.&~# \t\n\r\v\f"}
_ENDS, _TAILS = "", "|"  # trie keys: a lead word ends here; the regular-expression tails that follow this head


def _head_and_tail(alternative: str) -> tuple[str, str]:
    """A lead alternative as its plain head and the regular expression after it: 'a\\s+half' -> ('a', '\\s+half')."""
    if _SPECIAL.isdisjoint(alternative):  # a plain word (most of a long list): all head
        return alternative, ""
    head, i = [], 0
    while i < len(alternative):
        ch = alternative[i]
        if ch == "\\" and i + 1 < len(alternative) and not alternative[i + 1].isalnum():
            literal, step = alternative[i + 1], 2
        elif ch in _SPECIAL:
            break
        else:
            literal, step = ch, 1
        if i + step < len(alternative) and alternative[i + step] in "*+?{":
            break  # a quantified character belongs to the tail
        head.append(literal)
        i += step
    return "".join(head), alternative[i:]


def head(alternative: str) -> str:
    """The plain words a regular expression starts with: 'U\\.S\\.(?!\\s?\\$)' -> 'U.S.'."""
    return _head_and_tail(alternative)[0]


def lead_trie(alternatives) -> str:
    """A lead's alternatives as a trie of their heads ("k(?:azakh|yrgyz)|..."): the engine tries one branch per letter,
    and a word that another word starts (kazakh, kazakhstan) is looked for once, since only where a lead starts
    counts."""
    root: dict = {}
    for alternative in alternatives:
        head, tail = _head_and_tail(alternative)
        node = root
        for ch in head:
            node = node.setdefault(ch, {})
        if tail:
            node.setdefault(_TAILS, []).append(tail)
        else:
            node[_ENDS] = True
    return _lead_text(root)


def _ascii_digits(alternatives):
    """The alternatives that start with a digit (``\\d``) as ten that start with 0, 1, ... 9 (for an ASCII text)."""
    for alternative in alternatives:
        if alternative.startswith("\\d") and alternative[2:3] not in ("*", "+", "?", "{"):
            yield from (digit + alternative[2:] for digit in "0123456789")
        else:
            yield alternative


def _lead_text(node: dict) -> str:
    if node.get(_ENDS):
        return ""
    branches = [_ESCAPED.get(ch, ch) + _lead_text(child) for ch, child in sorted(node.items())
                if len(ch) == 1 and ch != _TAILS]
    branches += node.get(_TAILS, [])
    return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"


def lead_words(words, lower: bool = False) -> str:
    """A lead of plain words (in lower case for a case-insensitive pattern), escaped, as alternatives."""
    return "|".join(sorted({re.escape(str(w).lower() if lower else str(w)) for w in words}, key=len, reverse=True))


def alternation(items) -> str:
    """Words as one alternation, longest first (so "Kyrgyz Republic" wins over "Kyrgyz")."""
    return "|".join(sorted(items, key=len, reverse=True))


def trie(words) -> str:
    """Plain words as one alternation grouped by their letters ("A(?:fghan|lbania)|B(?:...)"): the regex engine
    tries one branch per letter instead of every word, which keeps long lists (every country) fast."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}
    return _trie_text(root)


def _trie_text(node: dict) -> str:
    ends = "" in node
    branches = [_ESCAPED.get(ch, ch) + _trie_text(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body

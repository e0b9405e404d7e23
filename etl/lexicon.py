"""The extraction's words: ``lexicon.yml`` loaded once and compiled. The only place words live.

``pattern(name)`` is the compiled regular expression of a named entry, ``source(name)`` its text
(for composing), ``words(name)`` a plain list or mapping. A pattern's text may name another
pattern as ``<<name>>`` or a word list as ``<<@name>>`` (its words joined as alternatives).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml

_REFERENCE = re.compile(r"<<(@?)(\w+)>>")


@cache
def data() -> dict:
    """The parsed lexicon.yml (read once per process)."""
    return yaml.safe_load(Path(__file__).with_name("lexicon.yml").read_text(encoding="utf-8"))


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
def pattern(name: str) -> re.Pattern:
    """The compiled pattern of a named entry (case-insensitive where the entry says ``i: true``)."""
    return re.compile(source(name), re.IGNORECASE if ignores_case(name) else 0)


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
    branches = [re.escape(ch) + _trie_text(child) for ch, child in sorted(node.items()) if ch]
    if not branches:
        return ""
    body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
    return f"(?:{body})?" if ends else body

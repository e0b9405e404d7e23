"""Places: which Central Asian country a figure is about, and whether its partner is Korea."""
from __future__ import annotations

import re
from functools import cache, lru_cache

from .. import lexicon as lx
from ..documents import Document
from ..schema import REGION
from .figure import Context


@cache
def ca_pattern() -> re.Pattern:
    """The five countries' names, one named group per ISO code."""
    groups = "|".join(f"(?P<{code}>{lx.alternation(names)})" for code, names in lx.words("countries").items())
    return re.compile(r"\b(?:" + groups + r")" + lx.source("possessive"))


@cache
def region_pattern() -> re.Pattern:
    return re.compile(rf"\b(?:{lx.alternation(lx.data()['patterns']['region']['re'])})", re.IGNORECASE)


@cache
def korea_pattern() -> re.Pattern:
    return re.compile(rf"(?:{lx.alternation(lx.data()['patterns']['korea_names'])})")


@cache
def other_partner_pattern() -> re.Pattern:
    """Every partner that is not Korea: other countries (pycountry), their adjectives, lenders, capitals."""
    import pycountry

    own = set(lx.words("own_codes"))
    names: set[str] = set()
    for c in pycountry.countries:
        if c.alpha_3 in own:
            continue
        for attr in ("name", "common_name"):
            name = getattr(c, attr, None)
            if name and "," not in name and "(" not in name and len(name) > 3:
                names.add(re.escape(name))
    names.update(re.escape(a) for a in lx.words("other_adjectives"))
    names.update(lx.words("other_organisations"))
    return re.compile(rf"\b(?:{lx.alternation(sorted(names))})\b")


def publisher_country(doc: Document) -> str:
    m = ca_pattern().search(doc.publisher)
    return m.lastgroup if m else ""


def main_country(doc: Document) -> str:
    """The Central Asian country a document is mostly about (title counts thrice), or ''."""
    counts: dict[str, int] = {}
    for text, weight in ((doc.title, 3), (doc.body, 1)):
        for m in ca_pattern().finditer(text):
            counts[m.lastgroup] = counts.get(m.lastgroup, 0) + weight
    if not counts:
        return REGION if region_pattern().search(doc.title + " " + doc.body) else ""
    return max(sorted(counts), key=lambda c: counts[c])


def countries_in(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.lastgroup) for m in ca_pattern().finditer(text)]


def nearest(found: list[tuple[int, str]], pos: int) -> str:
    """The code mentioned nearest to ``pos``, preferring mentions before it."""
    if not found:
        return ""
    return min(found, key=lambda t: (abs(t[0] - pos) * (1 if t[0] <= pos else 1.5), t[0]))[1]


@lru_cache(maxsize=512)  # the figures of one sentence ask the same question
def _others_in(sentence: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in other_partner_pattern().finditer(sentence)]


def foreign_partner(sentence: str, pos: int, clause_start: int) -> str:
    """The partner other than Korea a figure is about, when its sentence names one: '' when it is Korea's.

    With no Korean word in the sentence, any other country or lender decides; with both, the one named
    last before the figure within its clause (or, failing that, first after it) does.
    """
    others = _others_in(sentence)
    if not others:
        return ""
    korea = [(m.start(), "Korea") for m in korea_pattern().finditer(sentence)]
    if not korea:
        return others[0][1]
    marks = sorted(others + korea)
    before = [mk for mk in marks if clause_start <= mk[0] < pos] or [mk for mk in marks if mk[0] < pos]
    near = before[-1] if before else min(marks, key=lambda mk: mk[0] - pos)
    return "" if near[1] == "Korea" else near[1]


def country(sentence: str, pos: int, context: Context, main: str, mine: str) -> tuple[str, str]:
    """(country code, how it was found) of a figure at ``pos`` of ``sentence``."""
    found = countries_in(sentence)
    if found:
        codes = {c for _, c in found}
        return (next(iter(codes)) if len(codes) == 1 else nearest(found, pos)), ""
    if region_pattern().search(sentence):
        return REGION, "Central Asia as a whole"
    ours = lx.pattern("our_country").search(sentence)
    if ours and mine:
        return mine, f"'{ours.group(0)}' -> {mine}"
    the = lx.pattern("the_country").search(sentence)
    if the and (context.last_country or main):
        code = context.last_country or main
        return code, f"'{the.group(0)}' -> {code}"
    if context.last_country:
        return context.last_country, f"country named before in the text -> {context.last_country}"
    if main:
        return main, f"the document's country -> {main}"
    if mine:
        return mine, f"the publisher's country -> {mine}"
    return "", ""

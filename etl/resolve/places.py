"""Places: which Central Asian country a figure is about, and whether its partner is Korea.

A sentence's places are its country names and adjectives, the region ("Central Asia", "the five nations"),
"the Central Asian nation" (the country the text is about) and cities only where they stand for their country
("between Seoul and Astana", "Tashkent's") — never a dateline or the venue of an event. A figure takes the place
named right after it ("$5.9 billion for Kazakhstan"), else the nearest one before it in its own stretch of the
sentence, else the sentence's one place, else the nearest; a sentence with none takes the text's topic.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .. import lexicon as lx
from ..documents import Document
from ..schema import REGION
from .figure import Context, DocFacts


@dataclass(frozen=True)
class Mark:
    start: int
    end: int
    code: str  # ISO code, REGION, or "" for "the Central Asian nation" (the topic's country)


def _groups(kind: str) -> str:
    return "|".join(f"(?P<{code}>{lx.alternation(names)})" for code, names in lx.words(kind).items())


def _every(kind: str) -> list[str]:
    return [name for names in lx.words(kind).values() for name in names]


def _codes(code: str) -> list[str]:
    """A country's short codes as alternatives that never match inside a longer word ("KZ", not the KZ of "KZT")."""
    return [f"{short}(?![A-Za-z])" for short in lx.words("country_codes").get(code, [])]


@cache
def ca_pattern() -> re.Pattern | lx.Led:
    """The five countries' names and cities, one named group per ISO code."""
    merged = {code: lx.words("countries")[code] + lx.words("cities")[code] + _codes(code) for code in lx.words("countries")}
    groups = "|".join(f"(?P<{code}>{lx.alternation(names)})" for code, names in merged.items())
    return lx.led(lx.compile(r"\b(?:" + groups + r")" + lx.source("possessive")),
                  lx.lead_words(_every("countries") + _every("cities") + _every("country_codes")))


@cache
def names_pattern() -> re.Pattern | lx.Led:
    groups = "|".join(f"(?P<{code}>{lx.alternation(names + _codes(code))})" for code, names in lx.words("countries").items())
    return lx.led(lx.compile(r"\b(?:" + groups + r")" + lx.source("possessive")),
                  lx.lead_words(_every("countries") + _every("country_codes")))


@cache
def cities_pattern() -> re.Pattern:
    return lx.compile(r"\b(?:" + _groups("cities") + r")")


@cache
def metonym_pattern() -> re.Pattern | lx.Led:
    every_city = lx.alternation(_every("cities"))
    return lx.led(lx.compile(lx.source("city_metonym").replace("CITY", every_city)),
                  lx.lead_source("city_metonym").replace("CITY", lx.lead_words(_every("cities"))))


@cache
def named_region_pattern() -> re.Pattern | lx.Led:
    """A region of one of the five by its name ("Karaganda region"), one named group per ISO code."""
    groups = "|".join(f"(?P<{code}>{lx.alternation(names)})" for code, names in lx.words("regions").items())
    return lx.led(lx.compile(lx.source("named_region").replace("CITY", groups)), lx.lead_words(_every("regions")))


def named_region(text: str) -> str:
    """The country whose regions a text names, when it names regions of one country only ("the akimat of Karaganda
    region"), else ''."""
    codes = {m.lastgroup for m in named_region_pattern().finditer(text)}
    return codes.pop() if len(codes) == 1 else ""


@cache
def region_pattern() -> re.Pattern | lx.Led:
    return lx.led(lx.compile(rf"\b(?:{lx.alternation(lx.alternatives('region'))})", re.IGNORECASE),
                  lx.lead_source("region"))


@cache
def korea_pattern() -> re.Pattern | lx.Led:
    return lx.led(lx.compile(rf"(?:{lx.alternation(lx.alternatives('korea_names'))})"), lx.lead_source("korea_names"))


@cache
def other_partner_pattern() -> re.Pattern | lx.Led:
    """Every partner that is not Korea: other countries (pycountry), their adjectives, lenders, capitals."""
    import pycountry

    own = set(lx.words("own_codes"))
    names: set[str] = set()
    for c in pycountry.countries:
        if c.alpha_3 in own:
            continue
        for attr in ("name", "common_name", "official_name"):
            name = (getattr(c, attr, None) or "").split(",")[0].split(" (")[0].strip()
            if len(name) > 3 and "Korea" not in name:
                names.add(name)
    names.update(lx.words("other_adjectives"))
    plain = {n for n in names if re.fullmatch(r"[\w .'’-]+", n)}
    fragments = sorted(set(lx.words("other_organisations")) - plain)  # regular expressions: "\bUS\b(?!\s?\$)"
    plain |= {n for n in lx.words("other_organisations") if re.fullmatch(r"[\w .'’-]+", n)}
    heads = [lx.head(f.removeprefix("\\b")) for f in fragments]  # "US", "U.S.", "EU", "UK"
    assert all(heads), fragments
    return lx.led(lx.compile(rf"\b(?:{lx.trie(plain)}|{lx.alternation(fragments)})\b"), lx.lead_words(plain | set(heads)))


def warm() -> None:
    """Compile the patterns built here (see ``etl.resolve.warm``)."""
    for built in (ca_pattern, names_pattern, cities_pattern, metonym_pattern, region_pattern, korea_pattern,
                  other_partner_pattern, named_region_pattern):
        built()


def attached_label(sentence: str, pos: int, end: int) -> tuple[str, str]:
    """The label a list item puts on its number ("2,100 (China)", "Korean (890)", "Uzbekistan 1,120"), or a place
    compared with puts on the figure in brackets after it ("three times more than Uzbekistan ($620 million)"):
    ('KOR', label) for Korea, (ISO code, label) for a Central Asian country, ('other', label) for another
    partner, ('', '') when the number has no label."""
    m = lx.pattern("label_after").match(sentence[end:end + 45]) or \
        lx.pattern("label_before").search(sentence[max(0, pos - 35):pos]) or \
        lx.pattern("compared_label_before").search(sentence[max(0, pos - 45):pos])
    if not m:
        return "", ""
    label = m.group("label").strip()
    code = label_code(label)
    return (code, label) if code else ("", "")


def label_code(label: str) -> str:
    """What a label names: 'KOR' for Korea, the ISO code of a Central Asian country, 'other' for another partner, ''
    for none of them (a list item's label, a table row's)."""
    if lx.pattern("korea_label").fullmatch(label):
        return "KOR"
    ca = names_pattern().fullmatch(label)
    if ca:
        return ca.lastgroup
    return "other" if other_partner_pattern().fullmatch(label) else ""


def list_head(sentence: str, pos: int) -> str:
    """The head of a labelled list the figure is an item of: the text before the list's colon (or before the
    figure, for a list run into its sentence: "enterprises are with Russian (2,390), ..., Korean (890) capital")."""
    colon = sentence.rfind(":", 0, pos)
    return sentence[:colon] if colon > 0 else sentence[:pos]


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


def is_topic(text: str, k: Mark) -> bool:
    """Whether a place a text names (by name or adjective, or the region) is a topic later sentences refer to: not a
    place named in a cause, "as falling oil prices hit Kazakh exports", nor a share's, "half of it in Kazakhstan",
    nor one named with another partner, "buyers from Kazakhstan and Russia"."""
    return bool(k.code) and not _in_cause_or_share(text, k) and not _beside_other_partner(text, k)


def _beside_other_partner(text: str, k: Mark) -> bool:
    """A place named together with a partner other than Korea ("buyers from Kazakhstan and Russia"), or listed among
    such partners with its figure ("followed by Russia with $9.8 billion, Kazakhstan with $4.4 billion and Turkey"):
    another country's partner, no topic."""
    for gap, reach in (("list_joint", 40), ("partner_list_gap", 70)):
        # (listed with their figures, Korea is one more partner of the list: "Korea ($2.6 billion) and Uzbekistan")
        partners = (other_partner_pattern(),) + ((korea_pattern(),) if gap == "partner_list_gap" else ())
        joint = lx.pattern(gap).match(text, k.end)
        if joint and any(p.match(text, joint.end()) for p in partners):
            return True
        if any(lx.pattern(gap).fullmatch(text, o.end(), k.start)
               for p in partners for o in p.finditer(text, max(0, k.start - reach), k.start)):
            return True
    return False


def _in_cause_or_share(text: str, k: Mark) -> bool:
    """A place in a clause that gives a cause, after the opener in the same clause ("as falling oil prices hit
    Kazakh exports"), or a share's place ("half of it in Kazakhstan")."""
    start = max(text.rfind(", ", 0, k.start), text.rfind(". ", 0, k.start), text.rfind("; ", 0, k.start),
                text.rfind("\n", 0, k.start)) + 1
    opener = lx.pattern("absolute_opener").match(text) if k.start < 130 else None  # ("With car sales in Russia
    # and Kazakhstan collapsing, ...")
    return bool(lx.pattern("cause_opener").search(text, start, k.start)
                or lx.pattern("share_aside").search(text, max(start, k.start - 120), k.start)
                or opener and k.start < opener.end())


@lru_cache(maxsize=512)
def marks(text: str) -> tuple[Mark, ...]:
    """The places a text names (see the module's docstring), in order."""
    found = [Mark(m.start(), m.end(), "") for m in lx.pattern("ca_singular").finditer(text)]
    taken = [(m.start, m.end) for m in found]

    def free(a: int, b: int) -> bool:
        return not any(s < b and a < e for s, e in taken)

    for m in names_pattern().finditer(text):
        taken.append((m.start(), m.end()))
        if not lx.pattern("comparison_before").search(text, max(0, m.start() - 80), m.start()) \
                and not _in_dateline(text, m.start(), m.end()):
            found.append(Mark(m.start(), m.end(), m.lastgroup))
    for m in metonym_pattern().finditer(text):
        city = cities_pattern().search(text, m.start(), m.end())
        code, a, b = city.lastgroup, city.start(), city.end()
        if free(a, b):
            found.append(Mark(a, b, code))
            taken.append((a, b))
    for m in named_region_pattern().finditer(text):  # "in Tashkent region"
        if free(m.start(), m.end()):
            found.append(Mark(m.start(), m.end(), m.lastgroup))
            taken.append((m.start(), m.end()))
    for m in region_pattern().finditer(text):
        modifier = lx.pattern("region_modifier_lead").search(text, max(0, m.start() - 40), m.start())
        if free(m.start(), m.end()) and not modifier:
            found.append(Mark(m.start(), m.end(), REGION))
    return _all_five(text, sorted(found, key=lambda k: k.start))


def _in_dateline(text: str, start: int, end: int) -> bool:
    """A country named in a dateline ("Tashkent, Uzbekistan, June 16 (Trend) - ..."): where the reporter is."""
    return bool(lx.pattern("dateline_place_after").match(text[end:end + 40])
                and lx.pattern("dateline_place_before").search(text, max(0, start - 40), start))


def _all_five(text: str, found: list[Mark]) -> tuple[Mark, ...]:
    """The five countries named in one run ("Kazakhstan, Uzbekistan, Kyrgyzstan, Tajikistan and Turkmenistan"): the
    region, one mark."""
    out: list[Mark] = []
    i = 0
    while i < len(found):
        run = found[i:i + 5]
        if len(run) == 5 and len({k.code for k in run} - {REGION, ""}) == 5 \
                and all(lx.pattern("list_joint").fullmatch(text, a.end, b.start) for a, b in zip(run, run[1:])):
            out.append(Mark(run[0].start, run[-1].end, REGION))
            i += 5
        else:
            out.append(found[i])
            i += 1
    return tuple(out)


def nearest(found: list[tuple[int, str]], pos: int) -> str:
    """The code mentioned nearest to ``pos``, preferring mentions before it."""
    if not found:
        return ""
    return min(found, key=lambda t: (abs(t[0] - pos) * (1 if t[0] <= pos else 1.5), t[0]))[1]


@lru_cache(maxsize=512)  # the figures of one sentence ask the same question
def _others_in(sentence: str) -> list[tuple[int, str]]:
    """The partners other than Korea a sentence names (not a route's, "overland via China", nor one in an opening
    clause of cause, "With car sales in Russia collapsing, ...")."""
    opener = lx.pattern("absolute_opener").match(sentence)
    cause_end = opener.end() if opener else 0
    return [(m.start(), m.group(0)) for m in other_partner_pattern().finditer(sentence)
            if m.start() >= cause_end and not lx.pattern("route_before").search(sentence, max(0, m.start() - 30), m.start())]


def _ranked_after(sentence: str, mark: tuple[int, str], pos: int) -> bool:
    at, name = mark
    return bool(lx.pattern("ranked_after_before").search(sentence, max(0, at - 80), at)
                and lx.pattern("ranking_list_to_figure").fullmatch(sentence, at + len(name), pos))


def foreign_partner(sentence: str, pos: int, clause_start: int, end: int | None = None) -> str:
    """The partner other than Korea a figure is about, when its sentence names one: '' when it is Korea's.

    With no Korean word in the sentence, any other country or lender decides; with both, the one named
    last before the figure within its clause, else one right after it ("$3 billion invested by Chinese companies"),
    else the last before it, else the first after it.
    """
    others = _others_in(sentence)
    if not others:
        return ""
    korea = [(m.start(), "Korea") for m in korea_pattern().finditer(sentence)]
    if not korea:  # (but not one named in a later clause: "$5.16 billion in 2020, while China's trade with ...")
        kept = [mk for mk in others if mk[0] < pos or end is None
                or not lx.pattern("later_clause").search(sentence, end, mk[0])]
        return kept[0][1] if kept else ""
    # (not the partners the figure's country is ranked after, their list running on to the figure: "the fourth largest
    # supplier after China, Russia and Kazakhstan, with $1.3 billion")
    others = [mk for mk in others if not (mk[0] < pos and _ranked_after(sentence, mk, pos))]
    marks_ = sorted(others + korea)
    joined = next((mk for mk in marks_ if end is not None and end < mk[0] <= end + 12
                   and lx.pattern("partner_with_gap").fullmatch(sentence, end, mk[0])), None)
    if joined is not None:
        return "" if joined[1] == "Korea" else joined[1]
    before = [mk for mk in marks_ if clause_start <= mk[0] < pos]
    right_after = [mk for mk in marks_ if end is not None and end <= mk[0] <= end + 35
                   and lx.pattern("partner_after_gap").fullmatch(sentence, end, mk[0])]
    if not before and right_after:
        return "" if right_after[0][1] == "Korea" else right_after[0][1]
    before = before or [mk for mk in marks_ if mk[0] < pos]
    near = before[-1] if before else min(marks_, key=lambda mk: mk[0] - pos)
    return "" if near[1] == "Korea" else near[1]


def _own_place(sentence: str, pos: int, end: int, seg_start: int, seg_end: int) -> Mark | None:
    """The place of a figure's own stretch of the sentence: right after it, or the nearest before it (a country
    named there before the region)."""
    found = marks(sentence)
    after = _place_right_after(sentence, end, seg_end)
    if after:
        return after
    before = [k for k in found if seg_start <= k.start < pos and not _bound_to_previous(sentence, k, seg_start)
              and not _in_aside(sentence, k)]
    countries = [k for k in before if k.code != REGION]
    if before:
        return (countries or before)[-1]
    # else a place later in its own stretch, before any parts of it ("Of the $8.4 billion that Korean companies have
    # invested in Central Asia since 1992, around $4.6 billion went to Kazakhstan")
    # (in its own clause: not "..., while trade with Tajikistan stood at")
    stops = [x.start() for x in (lx.pattern("component_lead").search(sentence, end),
                                 lx.pattern("cue_after_stop").search(sentence, end),
                                 lx.pattern("comparison_stop").search(sentence, end)) if x]
    stop = min([seg_end] + stops)
    later = [k for k in found if end <= k.start < stop and k.code and not _in_aside(sentence, k)]
    return later[0] if later else None


def joint_places(sentence: str, end: int, seg_end: int) -> bool:
    """Whether the place right after a figure is one of two countries named together ("worth $109 million with
    Uzbekistan and the Kyrgyz Republic"): the figure is neither one country's nor the region's."""
    first = _place_right_after(sentence, end, seg_end)
    if not first or not first.code or first.code == REGION:
        return False
    return any(k.code and k.code not in (REGION, first.code) and k.start >= first.end
               and lx.pattern("joint_place_gap").match(sentence[first.end:k.start]) for k in marks(sentence))


def _place_right_after(sentence: str, end: int, seg_end: int) -> Mark | None:
    """The place right after a figure ending at ``end``, in its stretch ("$2 billion in Uzbekistan")."""
    gap = lx.pattern("place_after_gap")
    return next((k for k in marks(sentence) if end <= k.start < seg_end and gap.match(sentence[end:k.start])), None)


def _in_aside(sentence: str, k: Mark) -> bool:
    """A place inside an aside that describes goods ("imports, mostly oil from Kazakhstan, came to", "imports — Kazakh
    crude, Uzbek cotton yarn — fell to"), gives a cause ("... in 2014 as falling oil prices hit Kazakh exports") or a
    share (", 78% of it in Kazakhstan")."""
    start = sentence.rfind(",", 0, k.start) + 1
    composition = lx.pattern("product_composition").search(sentence, start, k.start) \
        and not lx.pattern("composition_place").search(sentence, max(0, k.start - 30), k.start)
    return bool(composition) or _in_cause_or_share(sentence, k) \
        or bool(lx.pattern("dash_aside_open").search(sentence, max(0, k.start - 100), k.start)
                and lx.pattern("dash_aside_close").match(sentence, k.end, k.end + 100))


def _bound_to_previous(sentence: str, k: Mark, seg_start: int) -> bool:
    """A place right after the previous figure ("$1.5 billion in Uzbekistan and ...") is that figure's."""
    return seg_start > 0 and bool(lx.pattern("place_after_gap").match(sentence[seg_start:k.start]))


def _sentence_place(found: tuple[Mark, ...], pos: int) -> Mark | None:
    """The sentence's place for a figure whose own stretch names none: its one country, the nearest country,
    else the region."""
    for group in ([k for k in found if k.code and k.code != REGION], [k for k in found if k.code == REGION],
                  [k for k in found if not k.code]):
        if group:
            code = nearest([(k.start, k.code) for k in group], pos)
            return next(k for k in group if k.code == code)
    return None


def _is_label(sentence: str, k: Mark) -> bool:
    """A place that labels an item of a list ("Kazakh (1,109)"): a partner of the list, not its country."""
    return bool(re.match(r"\s*\(\s*\d", sentence[k.end:k.end + 6]))


def country(sentence: str, pos: int, end: int, segment: tuple[int, int], context: Context, d: DocFacts,
            in_list: bool = False) -> tuple[str, str]:
    """(country code, how it was found) of a figure at ``pos``..``end`` of ``sentence`` (offsets in it); the text
    before it and the document (``d``) are read only when the sentence names no place of its own."""
    own = None if in_list else _own_place(sentence, pos, end, *segment)
    if own is None:
        # (not a place of its parts named after it: "$3.26 billion, of which $1.71 billion fell on Kazakhstan, ...")
        parts = lx.pattern("component_lead").search(sentence, end)
        # (nor one named among other partners: "its products are exported to Russia, Kazakhstan and Ukraine")
        # (nor one in a later clause of its own: "mutual trade grew to 92.5 million dollars, while Kazakhstan's trade
        # with Korea ... surpassed 1.9 billion", nor one it is compared with: "a small sum next to Korean stakes in
        # Kazakhstan")
        later = lx.pattern("later_clause").search(sentence, end) or lx.pattern("comparison_stop").search(sentence, end)
        found = tuple(k for k in marks(sentence) if not _in_aside(sentence, k)
                      and not (in_list and _is_label(sentence, k)) and not (parts and k.start >= parts.start())
                      and not _beside_other_partner(sentence, k) and not (later and k.start >= later.end()))
        own = _sentence_place(found, pos)

    def country_topic() -> str:
        return context.last_country or (d.main if d.main != REGION else "")

    if own is not None:
        if own.code == REGION and d.named_region and lx.pattern("region_bare").search(sentence, own.start, own.end):
            return d.named_region, f"'the region' -> the text's region of {d.named_region}"
        if own.code:
            return own.code, ("Central Asia as a whole" if own.code == REGION else "")
        if country_topic():
            return country_topic(), f"'{sentence[own.start:own.end]}' -> {country_topic()}"
    ours = lx.pattern("our_country").search(sentence)
    if ours and d.mine:
        return d.mine, f"'{ours.group(0)}' -> {d.mine}"
    pair = lx.pattern("two_countries").search(sentence) or lx.pattern("the_country").search(sentence)
    if pair and country_topic():
        return country_topic(), f"'{pair.group(0)}' -> {country_topic()}"
    if context.last_topic:
        return context.last_topic, f"named before in the text -> {context.last_topic}"
    if d.main:
        return d.main, f"the document's country -> {d.main}"
    if d.mine:
        return d.mine, f"the publisher's country -> {d.mine}"
    return "", ""

"""Pure context resolution: what a figure is about (indicator, country, partner, year, period).

Rules read the words of press releases around the figure: the clause it
stands in (from the previous figure of its sentence to the next), the rest
of its sentence, the sentence before it in the same paragraph, and the
document (its main Central Asian country, its publisher, its date). A figure
whose indicator, country, partner or year cannot be told is returned with a
``reason`` and goes to review, never to a guess.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache, lru_cache

import pycountry

from .documents import Document
from .extract import MONTHS, Mention, Sentence, mentions, sentences

# --- places ----------------------------------------------------------------------------------

CA_WORDS = {
    "KAZ": ["Kazakhstan", "Kazakhstani", "Kazakh", "Qazaqstan", "Astana", "Almaty", "Nur-Sultan", "Shymkent",
            "Karaganda", "Aktau", "Atyrau", "Pavlodar", "Aktobe"],
    "UZB": ["Uzbekistan", "Uzbekistani", "Uzbek", "O'zbekiston", "Tashkent", "Samarkand", "Navoi", "Navoiy",
            "Andijan", "Fergana", "Namangan", "Bukhara", "Khiva", "Jizzakh", "Nukus", "Karshi", "Karakalpakstan"],
    "KGZ": ["Kyrgyzstan", "Kyrgyz Republic", "Kyrgyzstani", "Kyrgyz", "Bishkek", "Osh", "Jalal-Abad", "Issyk-Kul"],
    "TJK": ["Tajikistan", "Tajikistani", "Tajik", "Dushanbe", "Khujand", "Bokhtar"],
    "TKM": ["Turkmenistan", "Turkmen", "Ashgabat", "Ashkhabad", "Turkmenbashi", "Turkmenabat", "Arkadag",
            "Kiyanly", "Balkan velayat"],
}
CAS_WORDS = [
    r"Central Asian? (?:countries|states|nations|region)", r"countries of (?:the )?Central Asia(?:n region)?",
    r"CA countries", r"C5", r"Central Asia", r"Central Asian", r"(?:in|to|across|of) the region\b(?!'s)",
    r"five countries of the region", r"regional",
]
KOREA_WORDS = [
    r"(?<!North )Korea(?:n|ns|'s|’s)?", r"Republic of Korea", r"\bROK\b", r"Seoul", r"KOICA", r"EDCF", r"Eximbank",
    r"KEXIM", r"Export-Import Bank of Korea", r"KOTRA", r"Hyundai", r"Samsung", r"\bLG\b", r"\bKIA\b", r"Daewoo",
]
# Partners that are not Korea: every other country of pycountry, their adjectives, and lenders.
OTHER_ADJECTIVES = [
    "Russian", "Chinese", "Japanese", "Turkish", "Belarusian", "Belarussian", "American", "German", "French",
    "British", "Indian", "Iranian", "Afghan", "Pakistani", "Azerbaijani", "Georgian", "Ukrainian", "Italian",
    "Emirati", "Saudi", "Qatari", "Israeli", "Polish", "Dutch", "Spanish", "Swiss", "Mongolian", "Kuwaiti",
    "North Korean", "Soviet", "European", "Arab",
]
OTHER_ORGS = [
    "ADB", "Asian Development Bank", "World Bank", "IMF", "International Monetary Fund", "EBRD", "AIIB",
    "European Union", r"\bEU\b", "Islamic Development Bank", "IsDB", "OPEC", "Gazprom", "Putin", "Xi Jinping",
    "Lukashenko", "Erdogan", "Modi", "Kremlin", "Beijing", "Moscow", "Tokyo", "Minsk", "Ankara", "Washington",
    "North Korea", "DPRK", "Pyongyang",
]
MINE = {"KOR", "PRK", *CA_WORDS}


def _alternation(words: list[str]) -> str:
    return "|".join(sorted(words, key=len, reverse=True))


@cache
def _other_partner_pattern() -> re.Pattern:
    names: set[str] = set()
    for c in pycountry.countries:
        if c.alpha_3 in MINE:
            continue
        for attr in ("name", "common_name"):
            name = getattr(c, attr, None)
            if name and "," not in name and "(" not in name and len(name) > 3:
                names.add(re.escape(name))
    names.update(re.escape(a) for a in OTHER_ADJECTIVES)
    names.update(OTHER_ORGS)
    return re.compile(rf"\b(?:{_alternation(sorted(names))})\b")


CA_PATTERN = re.compile(
    r"\b(?:" + "|".join(f"(?P<{code}>{_alternation(words)})" for code, words in CA_WORDS.items()) + r")(?:'s|’s)?\b"
)
CAS_PATTERN = re.compile(rf"\b(?:{_alternation(CAS_WORDS)})", re.IGNORECASE)
KOREA_PATTERN = re.compile(rf"(?:{_alternation(KOREA_WORDS)})")
OUR_COUNTRY = re.compile(r"\b(?:our|my) (?:country|state|republic|economy)\b", re.IGNORECASE)
THE_COUNTRY = re.compile(r"\b(?:the|this) (?:country|republic)(?!'s)(?! of)\b|\blocal economy\b|\bdomestic economy\b",
                         re.IGNORECASE)

# --- indicators ------------------------------------------------------------------------------

CUES = [
    ("edcf", r"EDCF|Economic Development (?:and )?Cooperation Fund|Eximbank|Export-Import Bank|KEXIM"
             r"|economic cooperation funds?"),
    ("portfolio", r"portfolio|package of [\w\s-]{0,70}projects|projects?\s+(?:is\s+|are\s+|was\s+|were\s+)?worth|contracts?|worth of contracts"
                  r"|joint (?:investment )?projects|value of (?:the )?projects"),
    ("loan", r"loans?|credit lines?|credits|concessional|support of|grant-aid|financing of"),
    ("exports", r"(?<!-)export(?:s|ed|ing)?"),
    ("imports", r"(?<!-)import(?:s|ed|ing)?"),
    ("trade", r"trade turnover|commodity turnover|turnover|bilateral trade|two-way trade|mutual trade|trade volume"
              r"|volume of (?:bilateral |mutual )?trade|trade between|trade with|trade\b|traded|revenue"),
    ("investment", r"invest(?:ment|ments|ed|ing|s)?\b|investors?|FDI|poured|injected"),
]
CUE_PATTERN = re.compile("|".join(f"(?P<{name}>\\b(?:{p}))" for name, p in CUES), re.IGNORECASE)
STOCK_WORDS = re.compile(
    r"\b(?:accumulated|cumulative|total(?:ly)? (?:amount|volume|value)|in total|so far|to date|already|today"
    r"|currently|presently|at present|at the moment|now|since|until|has (?:already )?(?:exceeded|reached|totall?ed|amounted)"
    r"|have (?:already )?(?:exceeded|reached|invested|been invested|totall?ed)|exceeds|totals|stands at|amounts to"
    r"|portfolio|stock)\b",
    re.IGNORECASE,
)
NEW_WORDS = re.compile(r"\b(?:new|agreement|agreed|signed|sign|extend|allocat\w*|approv\w*|provid\w*|MOU|commit\w*"
                       r"|framework|will|plans?|to finance|support of)\b", re.IGNORECASE)
GROWTH_UP = re.compile(r"\b(?:increase[sd]?|rise|rose|risen|rising|grow(?:th|n|s)?|grew|up|more than in|higher"
                       r"|recovery|rebound|expan\w+|jump\w*|surge\w*|gain\w*|soar\w*|climb\w*|leap\w*|doubled)\b",
                       re.IGNORECASE)
GROWTH_DOWN = re.compile(r"\b(?:decrease[sd]?|decline[sd]?|drop(?:ped|s)?|fell|fall(?:en|s)?|down|reduction|lower"
                         r"|less than in|shr[au]nk|contract(?:ed|ion)|slump\w*|plunge\w*)\b", re.IGNORECASE)
SHARE_WORDS = re.compile(r"\b(?:share|accounted for|accounts for|of (?:the )?(?:total|global|its|Korea's|Korea’s)"
                         r"|of the figure|percent of|% of|times)\b", re.IGNORECASE)
JV_NOUN = re.compile(r"^\s*(?:[\w-]+\s+){0,2}?(?:joint ventures?|JVs?)\b", re.IGNORECASE)
COMPANY_NOUN = re.compile(
    r"^\s*(?P<adj>(?:(?:South\s+)?Korean|local|foreign|joint)\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:companies|firms|enterprises|businesses|compan(?:y|ies) with)\b", re.IGNORECASE)
COMPANY_CONTEXT = re.compile(r"\b(?:with (?:South )?Korean (?:capital|participation|investment)|investing|invested"
                             r"|operat(?:e|ing|ion)|in operation|registered|working|present)\b", re.IGNORECASE)
CAPACITY_NOUN = re.compile(r"^\s*(?P<noun>units|cars|vehicles|automobiles|buses|trucks|tons|tonnes|t)\b", re.IGNORECASE)
PER_YEAR = re.compile(r"\b(?:per year|a year|per annum|annually|in a year|each year|every year)\b", re.IGNORECASE)

# --- time ------------------------------------------------------------------------------------

NUMBER_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
                "nine": 9, "ten": 10, "eleven": 11}
MONTH_NUMBERS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}
YEAR = r"(?P<y>(?:19|20)\d\d)"
RELATIVE = [
    (r"\blast year|\bin the past year|\bover the past year|\bprevious year(?!'s)(?! )", -1),
    (r"\bthis year|\bcurrent year|\bthe year to date", 0),
    (r"\bnext year|\bthe coming year", 1),
]
NOW_WORDS = re.compile(r"\b(?:today|currently|presently|at present|at the moment|now|to date|so far|as of now"
                       r"|nowadays|these days)\b", re.IGNORECASE)
EVENT_YEAR = re.compile(r"(?:\bsince|diplomatic (?:relations|ties)[^.,;]{0,40}\bin|establish\w*[^.,;]{0,40}\bin"
                        r"|independence[^.,;]{0,20}\bin|founded in|from)\s*$", re.IGNORECASE)
PARTIAL = [
    # (pattern, function(match) -> (first month, last month)); a year inside the match is group y
    (re.compile(rf"\b(?:from\s+)?(?P<m1>{MONTHS})\.?\s*(?:-|–|—|to|through|till|until)\s*(?P<m2>{MONTHS})\.?"
                rf"(?:\s+(?:of\s+)?{YEAR})?", re.IGNORECASE), "months"),
    (re.compile(rf"\b(?:the\s+)?(?P<q>first|second|third|1st|2nd|3rd)\s+quarter(?:\s+of)?(?:\s+{YEAR})?", re.IGNORECASE),
     "quarter"),
    (re.compile(rf"\b(?:Q(?P<qn>[1-3])\s*{YEAR}?|(?P<qn2>[1-3])Q\s*(?P<yy>\d\d)\b)", re.IGNORECASE), "quarter"),
    (re.compile(rf"\b(?:the\s+)?(?:first half|H1|1H)(?:\s+of)?(?:\s+{YEAR})?", re.IGNORECASE), "half"),
    (re.compile(rf"\b(?:the\s+)?(?:first\s+)?(?P<n>\d{{1,2}}|{'|'.join(NUMBER_WORDS)})\s+months(?:\s+of)?(?:\s+{YEAR})?",
                re.IGNORECASE), "n_months"),
    (re.compile(r"\b(?:year[- ]to[- ]date|since the (?:beginning|start) of the year|YTD)\b", re.IGNORECASE), "ytd"),
]
TARGET_WORDS = re.compile(
    r"\b(?:target(?:s|ed)?|goal|aim(?:s|ed|ing)? (?:at|to)|intend\w*|seek\w* to|strive\w*|set (?:the|a) task"
    r"|(?:intend|plan|aim|want|agree|decide)\w* to bring|to (?:increase|raise|boost|double|triple) (?:it|the \w+(?: \w+)?)? ?to"
    r"|increasing (?:\w+ ){0,3}to|potential of|could reach|can reach|expected to (?:reach|exceed|grow|increase|amount)"
    r"|forecast\w*|projected|will invest|plan\w* to invest|intend\w* to invest|to be invested)\b", re.IGNORECASE)
GRANT_WORDS = re.compile(r"\b(?:KOICA|grants?|grant-aid|grant-type|aid|assistance|ODA|humanitarian|donat\w+|gratuitous)\b",
                         re.IGNORECASE)
OTHER_TOPIC = re.compile(
    r"\b(?:cost\w*|price\w*|worth|value[ds]?|budget|grants?|aid|assistance|contracts?|deals?|projects?|plants?"
    r"|factor(?:y|ies)|GDP|output|revenue|salar\w*|wages?|debts?|documents?|agreements?|memorand\w*|tenders?"
    r"|bonds?|shares?|stakes?|capitali[sz]ation|fund(?:s|ing)?|spent|spend\w*|paid|pay\w*)\b", re.IGNORECASE)


@dataclass
class Figure:
    """A number of a document with everything resolved about it, or the reason it could not be."""

    mention: Mention
    sentence: Sentence
    indicator: str = ""
    country: str = ""
    partner: str = ""
    year: int | None = None
    period: str = ""
    value: float | None = None
    unit: str = ""
    comparator: str = "equal"
    notes: list[str] = field(default_factory=list)
    reason: str = ""  # empty when the figure is an observation

    @property
    def note(self) -> str:
        return "; ".join(dict.fromkeys(self.notes))


@dataclass
class Context:
    """What the text so far has established: used for "the same year", "these exports", "the country"."""

    last_year: int | None = None
    last_country: str = ""
    last_direction: str = ""  # exports or imports, for "these exports"
    prev_indicator: str = ""
    prev_text: str = ""  # the previous sentence of the same paragraph, for the time it states
    prev_paragraph: int = -1


# --- helpers ---------------------------------------------------------------------------------

def _publisher_country(doc: Document) -> str:
    m = CA_PATTERN.search(doc.publisher)
    return m.lastgroup if m else ""


def main_country(doc: Document) -> str:
    """The Central Asian country a document is mostly about (title counts thrice), or ''."""
    counts: dict[str, int] = {}
    for text, weight in ((doc.title, 3), (doc.body, 1)):
        for m in CA_PATTERN.finditer(text):
            counts[m.lastgroup] = counts.get(m.lastgroup, 0) + weight
    if not counts:
        return "CAS" if CAS_PATTERN.search(doc.title + " " + doc.body) else ""
    return max(sorted(counts), key=lambda c: counts[c])


def _countries_in(text: str) -> list[tuple[int, str]]:
    return [(m.start(), m.lastgroup) for m in CA_PATTERN.finditer(text)]


def _nearest(found: list[tuple[int, str]], pos: int) -> str:
    """The code mentioned nearest to ``pos``, preferring mentions before it."""
    if not found:
        return ""
    return min(found, key=lambda t: (abs(t[0] - pos) * (1 if t[0] <= pos else 1.5), t[0]))[1]


def _month(word: str) -> int:
    return MONTH_NUMBERS[word[:3].lower()]


def _period(kind: str, m: re.Match, base_year: int | None, doc: Document) -> tuple[int | None, int, int]:
    """(year, first month, last month) of a partial-year phrase."""
    groups = m.groupdict()
    year = int(groups["y"]) if groups.get("y") else None
    if groups.get("yy"):
        year = 2000 + int(groups["yy"])
    if year is None:
        year = base_year
    if kind == "months":
        return year, _month(groups["m1"]), _month(groups["m2"])
    if kind == "quarter":
        q = groups.get("q") or groups.get("qn") or groups.get("qn2")
        n = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3}.get(str(q).lower(), None) or int(q)
        return year, 1, 3 * n
    if kind == "half":
        return year, 1, 6
    if kind == "n_months":
        n = groups["n"].lower()
        n = NUMBER_WORDS.get(n) or int(n)
        return year, 1, n
    return year, 1, doc.month or 12  # year to date: up to the month of publication


def _partial_in(text: str, doc: Document, base_year: int | None) -> tuple[int | None, str, str] | None:
    for pattern, kind in PARTIAL:
        m = pattern.search(text)
        if not m:
            continue
        if kind == "n_months" and not re.search(r"months\s+(?:of|since)|first", m.group(0) + text[m.end():m.end() + 12]):
            continue
        rel = _relative_year(text, doc)
        year, first, last = _period(kind, m, base_year if rel is None else rel[0], doc)
        if year is None and kind != "ytd":  # "in the first quarter": of the year of publication, if it is over
            year = doc.year if doc.month is None or last <= doc.month else doc.year - 1
        if year is None or not 1 <= first <= last <= 12:
            continue
        if first == 1 and last == 12:
            return year, str(year), f"'{m.group(0).strip()}' is the whole year"
        return year, f"{year}-{first:02d}/{year}-{last:02d}", f"'{m.group(0).strip()}' -> {year}-{first:02d}..{last:02d}"
    return None


def _relative_year(text: str, doc: Document) -> tuple[int, str] | None:
    for pattern, offset in RELATIVE:
        m = re.search(pattern, text, re.IGNORECASE)
        if m:
            return doc.year + offset, f"'{m.group(0).strip()}' -> {doc.year + offset} (published {doc.published})"
    return None


# --- resolution ------------------------------------------------------------------------------

def _indicator(clause_before: str, clause_after: str, carried: str) -> tuple[str, str]:
    """(indicator family, how it was found) from the cue words nearest the figure."""
    immediate = re.match(r"^\W{0,3}(?:in|of|worth of)\s+(?:(?!and\b|or\b)[A-Za-z-]+,?\s+){0,7}?(?P<w>exports|imports|investments?|trade|loans?)\b",
                         clause_after, re.IGNORECASE)
    if immediate:
        word = immediate.group("w").lower()
        return {"exports": "exports", "imports": "imports", "trade": "trade", "loan": "loan", "loans": "loan"}.get(
            word, "investment"), "cue after the figure"
    before = [(m.start(), m.lastgroup) for m in CUE_PATTERN.finditer(clause_before)]
    if before:
        names = {n for _, n in before}
        pos, name = before[-1]
        # a portfolio or EDCF anywhere in the clause is more specific than "investment" or "projects"
        for specific in ("edcf", "portfolio"):
            if specific in names and name in ("investment", "loan", "portfolio", "edcf"):
                name = specific if specific != "portfolio" or name != "edcf" else name
                break
        return name, "cue before the figure"
    after = re.split(r",|;|\bwhile\b|\bwhereas\b", clause_after)[0]
    found = [m.lastgroup for m in CUE_PATTERN.finditer(after)]
    if found:
        return found[0], "cue after the figure"
    if carried:
        return carried, "carried from the previous figure"
    return "", ""


def _explicit_direction(family: str, s: str) -> str:
    """'exports' or 'imports' of the Central Asian country when the sentence says who sends to whom, else ''."""
    korea = r"(?:the )?(?:Republic of |South )?Korea"
    ca = CA_PATTERN.pattern + "|" + CAS_PATTERN.pattern.replace("(?i)", "")
    origin_korea = re.search(rf"Korea(?:'s|’s|n)\s+(?:\w+\s+)?{family}|\bfrom {korea}\b", s)
    to_korea = re.search(rf"\bto {korea}\b", s)
    from_ca = re.search(rf"\bfrom (?:{ca})", s)
    to_ca = re.search(rf"\bto (?:{ca})", s)
    ca_own = re.search(rf"(?:{ca})(?:'s|’s)?\s+(?:total\s+)?(?:exports?|imports?|imported|exported)", s)
    if family == "exports":
        if to_korea or from_ca or ca_own:
            return "exports"
        if origin_korea or to_ca:
            return "imports"
    else:
        if re.search(r"Korea(?:'s|’s|n)\s+(?:\w+\s+)?(?:imports|exports)", s) and not ca_own:
            return "exports"  # Korea's imports, or "Korean exports ..., and imports ...": seen from Korea
        if re.search(rf"\bfrom {korea}\b", s) or to_ca or ca_own:
            return "imports"
        if from_ca:
            return "exports"
    return ""


def _direction(family: str, sentence: str, context: Context) -> str:
    """exports or imports of the Central Asian country, from 'X's exports to Y', 'imported ... from Y'."""
    explicit = _explicit_direction(family, sentence)
    if explicit:
        return explicit
    if context.last_direction and re.search(r"\b(?:these|those|such|the)\s+(?:exports|imports)", sentence, re.I):
        return context.last_direction
    return family


def _year_for(m: Mention, sentence: Sentence, body: str, items: list[Mention], index: int, doc: Document,
              context: Context, carried: tuple[int, str, str] | None, prev_end: int,
              clause_end: int) -> tuple[int | None, str, str]:
    """(year, period, note) of a figure: explicit, relative, partial, carried or ''."""
    s_start = sentence.start
    after = body[m.end:clause_end]
    before = body[prev_end:m.start]
    # the period or year right after the figure: "$3.5 billion in the period from January to June 2023"
    head = after[:70]
    partial = _partial_in(head, doc, None)
    years_after = [x for x in items[index + 1:] if x.kind == "year" and x.start < clause_end and x.start - m.end <= 25]
    if partial and partial[0] is not None and (not years_after or partial[0] == int(years_after[0].number)):
        return partial
    if years_after:
        y = years_after[0]
        gap = body[m.end:y.start]
        if re.fullmatch(r"[\s,(]*(?:in|for|as of|by|at the end of|by the end of|in the year|during|of|until)?\s*(?:the\s+)?"
                        r"(?:(?:end|mid|early|late|year)-)?",
                        gap, re.IGNORECASE):
            rng = re.match(r"^[-–]\s?((?:19|20)\d\d)", body[y.end:y.end + 6])
            return int(rng.group(1)) if rng else int(y.number), str(int(rng.group(1)) if rng else int(y.number)), ""
    # partial period or relative year in the text before the figure, within its clause
    consumed = {x.start for j, x in enumerate(items[:index]) if x.kind == "year" and j > 0 and _years_bound(items, j, body)}
    partial = _partial_in(before, doc, None)
    if partial and partial[0] is not None:
        return partial
    years_before = [x for x in items[:index] if x.kind == "year" and prev_end <= x.start < m.start
                    and x.start not in consumed and not EVENT_YEAR.search(body[max(s_start, x.start - 60):x.start])]
    if years_before:
        y = years_before[-1]
        return int(y.number), str(int(y.number)), ""
    later = [x for x in items[index + 1:] if x.kind == "year" and x.start < clause_end
             and re.search(r"\b(?:in|for|during)\s+(?:the\s+year\s+)?$", body[max(m.end, x.start - 20):x.start], re.I)
             and not re.search(r"\b(?:than|compared (?:to|with)|relative to|against|versus|over)\s+(?:in\s+)?$",
                               body[max(m.end, x.start - 25):x.start], re.I)]
    if later:  # "$1.5 billion of direct investment from Korea in 2022"
        y = int(later[0].number)
        return y, str(y), ""
    after_first = after.split(",")[0]
    if re.search(r"\b(?:over|compared (?:to|with)|than|from|against|versus|vs\.?|same period)\b", after_first, re.I):
        after_first = ""  # "an increase of 14% over the same period last year": last year is the base, not the year
    rel = _relative_year(before, doc) or _relative_year(after_first, doc)
    if rel:
        partial = _partial_in(body[s_start:sentence.end], doc, rel[0])
        if partial:
            return partial
        return rel[0], str(rel[0]), rel[1]
    if re.search(r"\b(?:the )?following year\b", before, re.IGNORECASE) and context.last_year:
        y = context.last_year + 1
        return y, str(y), f"'the following year' -> {y}"
    if re.search(r"\b(?:the )?same year\b", before, re.IGNORECASE) and context.last_year:
        return context.last_year, str(context.last_year), f"'the same year' -> {context.last_year}"
    if NOW_WORDS.search(before) or NOW_WORDS.search(after.split(",")[0]):
        return doc.year, str(doc.year), f"stated as of now -> publication year {doc.year}"
    if carried:
        return carried
    # a whole-sentence partial period or relative year ("In the first half of this year, ...")
    whole = body[s_start:sentence.end]
    partial = _partial_in(whole, doc, None)
    if partial and partial[0] is not None:
        return partial
    return None, "", ""


def _years_bound(items: list[Mention], j: int, body: str) -> bool:
    """Whether the year items[j] directly follows a figure ("$10 billion in 2023"), so it is that figure's."""
    prev = items[j - 1]
    if prev.kind not in ("money", "percent", "count", "amount"):
        return False
    gap = body[prev.end:items[j].start]
    return bool(re.fullmatch(r"[\s,]*(?:in|for|as of|by|during|of)?\s*", gap, re.IGNORECASE))


def resolve(doc: Document) -> list[Figure]:
    """Every number of ``doc`` as a Figure: resolved (reason '') or with the reason it goes to review."""
    body = doc.body
    items = mentions(body)
    sents = sentences(body)
    main = main_country(doc)
    mine = _publisher_country(doc) or main
    doc_has_korea = bool(KOREA_PATTERN.search(doc.title + "\n" + body))
    doc_has_edcf = bool(re.search(CUES[0][1], body, re.IGNORECASE))
    context = Context()
    ca_positions = _countries_in(body)
    figures: list[Figure] = []
    index = 0
    for si, sentence in enumerate(sents):
        text = sentence.text
        before = [c for p, c in ca_positions if p < sentence.start]
        context.last_country = before[-1] if before else ""
        for family in ("exports", "imports"):
            if re.search(rf"\b{family[:-1]}", text, re.IGNORECASE):
                direction = _explicit_direction(family, text)
                if direction:
                    context.last_direction = direction
        previous = sents[si - 1] if si and sents[si - 1].paragraph == sentence.paragraph else None
        context.prev_text = previous.text if previous else ""
        while index < len(items) and items[index].start < sentence.end:
            if items[index].start >= sentence.start:
                figures.append(_resolve_one(doc, body, items, index, sentence, context, main, mine, doc_has_korea,
                                            doc_has_edcf, figures))
            index += 1
    return figures


def _sentence_time(text: str, doc: Document) -> tuple[int, str, str] | None:
    """The time a sentence states for itself: a partial period, a relative year or its one year."""
    rel = _relative_year(text, doc)
    partial = _partial_in(text, doc, rel[0] if rel else None)
    if partial and partial[0] is not None:
        return partial[0], partial[1], partial[2] + " (previous sentence)"
    if rel:
        return rel[0], str(rel[0]), rel[1] + " (previous sentence)"
    years = {y.group(0) for y in re.finditer(r"\b(?:19|20)\d\d\b", text)
             if not EVENT_YEAR.search(text[max(0, y.start() - 60):y.start()])}
    if len(years) == 1:
        y = int(years.pop())
        return y, str(y), f"year {y} from the previous sentence"
    return None


NON_FIGURE = {"year": "a year, not a figure", "date": "part of a date", "ordinal": "an ordinal or rank",
              "code": "part of a name, code or date"}


def _resolve_one(doc, body, items, index, sentence, context, main, mine, doc_has_korea, doc_has_edcf,
                 done) -> Figure:
    m = items[index]
    fig = Figure(mention=m, sentence=sentence, value=m.value, unit=m.unit, comparator=m.comparator)
    s_text = body[sentence.start:sentence.end]
    if m.kind == "year":
        if not EVENT_YEAR.search(body[max(sentence.start, m.start - 60):m.start]):
            context.last_year = int(m.number)
    if m.kind in NON_FIGURE:
        fig.reason = NON_FIGURE[m.kind]
        return fig
    same_sentence = [f for f in done if f.sentence.start == sentence.start and not f.reason]
    prev_fig = same_sentence[-1] if same_sentence else None
    prev_end = prev_fig.mention.end if prev_fig else sentence.start
    next_start = min([x.start for x in items[index + 1:] if x.kind in ("money", "percent", "amount")
                      and x.start < sentence.end] + [sentence.end])
    clause_before = body[prev_end:m.start]
    clause_after = body[m.end:next_start]
    after_text = body[m.end:sentence.end]

    # what kind of figure ------------------------------------------------------------------
    kind = m.kind
    if kind == "amount":  # "3.78 billion": money whose currency an earlier figure of the sentence gave
        earlier = [f for f in done if f.sentence.start == sentence.start and f.mention.kind == "money"]
        if not earlier:
            fig.reason = "an amount without a currency"
            return fig
        fig.unit = earlier[-1].unit
        fig.value = m.value
        fig.notes.append(f"currency {fig.unit} carried from '{earlier[-1].mention.stated}'")
        kind = "money"
    # parenthetical equivalent: "US $250m (735.9 billion UZS)" or "100,000 tonnes (110,231 tons)"
    if kind in ("money", "count") and index > 0:
        prev = items[index - 1]
        if prev.kind in ("money", "count", "amount") and re.fullmatch(r"\s*[\w\s]{0,12}\(\s*", body[prev.end:m.start]):
            prev_fig = next((f for f in reversed(done) if f.mention is prev), None)
            if prev.kind == "money" and kind == "money" and prev.unit != "USD" and m.unit == "USD" and prev_fig \
                    and prev_fig.reason == "":
                # keep the US dollars, send the other currency to review
                prev_fig.notes.append(f"the same figure in USD stands beside it: '{m.stated}'")
            else:
                fig.reason = f"the same figure as '{prev.stated}' in another unit (in parentheses)"
                return fig

    # partner ------------------------------------------------------------------------------
    other = _foreign_partner(s_text, m.start - sentence.start, prev_end - sentence.start)
    if other:
        fig.reason = f"partner is not Korea ('{other}')"
        return fig
    if not doc_has_korea:
        fig.reason = "no partner: the document does not mention Korea"
        return fig
    fig.partner = "KOR"

    # indicator -----------------------------------------------------------------------------
    carried = prev_fig.indicator if prev_fig else ""
    family, how = _indicator(clause_before, clause_after, _family(carried))
    if not family and not same_sentence and context.prev_indicator and sentence.paragraph == context.prev_paragraph:
        if re.search(r"\b(?:this|the|that) (?:figure|amount|sum|volume|value)\b|\bit\b", s_text, re.IGNORECASE):
            family, how = _family(context.prev_indicator), "carried from the previous sentence"
        elif kind == "money" and not OTHER_TOPIC.search(s_text):
            # "Kazakhstan accounted for $5.9 billion, followed by Uzbekistan at $2.4 billion": the same subject
            family, how = _family(context.prev_indicator), "carried from the previous sentence (no new subject)"
    indicator = ""
    if kind == "money":
        indicator = _money_indicator(family, s_text, clause_before + " " + clause_after, doc_has_edcf)
        if indicator in ("exports", "imports"):
            indicator = _direction(indicator, s_text, context)
            context.last_direction = indicator
    elif kind == "percent":
        if family == "trade" and not SHARE_WORDS.search(clause_before[-40:] + " " + after_text[:40]):
            if GROWTH_UP.search(s_text) or GROWTH_DOWN.search(s_text):
                indicator = "trade_growth_pct"
                down = GROWTH_DOWN.search(clause_before[-60:] + " " + after_text[:40])
                up = GROWTH_UP.search(clause_before[-60:] + " " + after_text[:40])
                if down and not (up and up.start() < down.start() and "recovery" in up.group(0).lower()):
                    fig.value = -abs(m.value)
                    fig.notes.append(f"'{down.group(0)}' -> negative")
        if not indicator:
            fig.reason = ("a share or ratio, not a tracked indicator" if SHARE_WORDS.search(after_text[:40])
                          else f"a percentage that is not growth of bilateral trade ({family or 'no cue'})")
            return fig
    elif kind == "count":
        indicator = _count_indicator(body, m, after_text, s_text, clause_before)
        if indicator == "production_capacity":
            noun = CAPACITY_NOUN.match(body[m.end:m.end + 20]).group("noun").lower()
            fig.unit = "tonne / year" if noun.startswith("t") else "vehicle / year"
        if not indicator:
            noun = re.match(r"^\s*([\w’'-]+(?:\s+[\w’'-]+){0,2})", after_text)
            fig.reason = f"a count of something not tracked ({noun.group(1) if noun else 'no noun'})"
            return fig
    if not indicator:
        fig.reason = "unknown indicator: no cue word (trade, exports, investment, EDCF...) near the figure"
        return fig
    overall = re.search(r"\b(?:foreign|external|total|overall|global) (?:trade|investments?|direct investments?|FDI)"
                        r"|\b(?:foreign|external) (?:\w+ )?turnover|from (?:all|other) countries|\bworldwide\b",
                        clause_before + " " + clause_after[:40], re.IGNORECASE)
    if overall and indicator in ("trade_turnover", "exports", "imports", "investment_cumulative", "trade_growth_pct") \
            and not KOREA_PATTERN.search(clause_before) \
            and not re.search(r"\bwith (?:the )?(?:Republic of |South )?Korea", re.split(r"[,;]", clause_after)[0]):
        fig.reason = f"the country's {overall.group(0)} with all partners, not with Korea"
        return fig
    grant = GRANT_WORDS.search(clause_before[-80:] + " " + re.split(r"[,;]", clause_after)[0][:60])
    if grant and kind == "money" and indicator not in ("trade_turnover", "exports", "imports", "trade_growth_pct") \
            and not re.search(r"\bloans?\b|EDCF", clause_before[-60:], re.IGNORECASE):
        fig.reason = f"grant aid ('{grant.group(0)}'), not a tracked indicator"
        return fig
    target = TARGET_WORDS.search(clause_before)
    if target and kind != "count":
        fig.reason = f"a target or forecast ('{target.group(0)}'), not an observed figure"
        return fig
    if fig.unit not in ("USD", "count", "percent", "vehicle / year", "tonne / year"):
        fig.notes.append(f"stated in {fig.unit}: not converted")
    fig.indicator = indicator
    if how:
        fig.notes.append(f"indicator from {how}")

    # country ------------------------------------------------------------------------------
    fig.country, how = _country(s_text, m.start - sentence.start, context, main, mine)
    if not fig.country:
        fig.reason = "no country: the text does not say which Central Asian country"
        return fig
    if how:
        fig.notes.append(how)

    # year and period ----------------------------------------------------------------------
    carried_time = (prev_fig.year, prev_fig.period, "carried from the previous figure of the sentence") \
        if prev_fig and prev_fig.year else None
    if carried_time and _family(indicator) in ("investment", "edcf", "portfolio") and \
            _family(indicator) != _family(prev_fig.indicator) and STOCK_WORDS.search(clause_before):
        carried_time = None  # "... in 2023, and the accumulated investment has exceeded $15 billion": a new stock
    year, period, how = _year_for(m, sentence, body, items, index, doc, context, carried_time, prev_end, next_start)
    stock = indicator in ("investment_cumulative", "joint_ventures", "companies", "edcf_portfolio",
                          "project_portfolio")
    if year is None and kind == "percent":  # "soared 130% to $1.2 billion in 2023": the rest of the sentence
        year, period, how = _year_for(m, sentence, body, items, index, doc, context, None, prev_end, sentence.end)
    prev_time = _sentence_time(context.prev_text, doc) if year is None and context.prev_text and not stock else None
    if prev_time:
        year, period, how = prev_time
    if year is None:
        years = {int(y.group(0)) for y in re.finditer(r"\b(?:19|20)\d\d\b", s_text)}
        if indicator == "production_capacity" and len(years) == 1:
            year = years.pop()
            period, how = str(year), f"capacity from {year}"
        elif stock or indicator == "edcf_loan":
            year, period = doc.year, str(doc.year)
            how = (f"a stock stated without a year -> publication year {doc.year}" if stock
                   else f"an agreement reported without a year -> publication year {doc.year}")
        else:
            fig.reason = "no reference year: a flow stated without a year or period"
            return fig
    if indicator.startswith("investment"):
        indicator = _investment_kind(s_text, clause_before + " " + re.split(r"[,;]", clause_after)[0], year, period, doc)
        fig.indicator = indicator
    if indicator == "investment_cumulative" and period != str(year):
        period = str(year)
    fig.year, fig.period = year, period
    fig.notes.append(how or f"year {year} stated in the sentence")
    if fig.value is not None and fig.value <= 0 and kind != "percent":
        fig.reason = "not a positive amount"
        return fig
    context.last_year = year if not period or "/" not in period else context.last_year
    context.prev_indicator = indicator
    context.prev_paragraph = sentence.paragraph
    return fig


@lru_cache(maxsize=512)  # the figures of one sentence ask the same question
def _others_in(sentence: str) -> list[tuple[int, str]]:
    return [(m.start(), m.group(0)) for m in _other_partner_pattern().finditer(sentence)]


def _foreign_partner(sentence: str, pos: int, clause_start: int) -> str:
    """The partner other than Korea a figure is about, when its sentence names one: '' when it is Korea's.

    With no Korean word in the sentence, any other country or lender decides; with both, the one named
    last before the figure within its clause (or, failing that, first after it) does.
    """
    others = _others_in(sentence)
    if not others:
        return ""
    korea = [(m.start(), "Korea") for m in KOREA_PATTERN.finditer(sentence)]
    if not korea:
        return others[0][1]
    marks = sorted(others + korea)
    before = [mk for mk in marks if clause_start <= mk[0] < pos] or [mk for mk in marks if mk[0] < pos]
    nearest = before[-1] if before else min(marks, key=lambda mk: mk[0] - pos)
    return "" if nearest[1] == "Korea" else nearest[1]


def _family(indicator: str) -> str:
    return {"trade_turnover": "trade", "exports": "exports", "imports": "imports", "investment_cumulative": "investment",
            "investment_annual": "investment", "edcf_loan": "loan", "edcf_portfolio": "edcf",
            "project_portfolio": "portfolio", "trade_growth_pct": "trade"}.get(indicator, "")


def _money_indicator(family: str, sentence: str, clause: str, doc_has_edcf: bool) -> str:
    edcf_here = re.search(CUES[0][1], sentence, re.IGNORECASE)
    stock = STOCK_WORDS.search(clause) or re.search(r"\bportfolio\b", clause, re.IGNORECASE)
    if family == "edcf" or (family in ("loan",) and (edcf_here or doc_has_edcf)) or \
            (family == "portfolio" and edcf_here):
        if re.search(r"\bportfolio\b|\btotal amount\b|\bhas totall?ed\b|\bstands at\b|cumulative|so far|to date",
                     clause + " " + sentence if family != "loan" else clause, re.IGNORECASE) and \
                not re.search(r"\bnew\b", clause, re.IGNORECASE):
            return "edcf_portfolio"
        if NEW_WORDS.search(sentence) or family == "loan":
            return "edcf_loan"
        return "edcf_portfolio" if stock else "edcf_loan"
    if family == "loan":
        return "edcf_loan" if re.search(r"Korea", sentence) else ""
    return {"portfolio": "project_portfolio", "trade": "trade_turnover", "exports": "exports", "imports": "imports",
            "investment": "investment_cumulative"}.get(family, "")


def _investment_kind(sentence: str, clause: str, year: int, period: str, doc: Document) -> str:
    """Accumulated (a stock) or during the year (a flow): the figure's own clause first, then its sentence."""
    if "/" in period:
        return "investment_annual"
    if STOCK_WORDS.search(clause) or re.search(r"\b(?:the|a) total\b|\btotal of\b", clause, re.IGNORECASE):
        return "investment_cumulative"
    if re.search(r"\b(?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d", sentence):
        return "investment_cumulative"
    if re.search(r"\b(?:in|during)\s+(?:19|20)\d\d\b|\blast year|\bthis year", sentence, re.IGNORECASE):
        return "investment_annual"
    return "investment_cumulative"


def _count_indicator(body: str, m: Mention, after_text: str, sentence: str, clause_before: str = "") -> str:
    if JV_NOUN.match(after_text):
        return "joint_ventures"
    company = COMPANY_NOUN.match(after_text)
    if company:
        adj = (company.group("adj") or "").lower()
        phrase = after_text[:100]
        if "korea" in company.group(0).lower() or re.search(r"(?:South )?Korean (?:capital|participation|investors?|investment)", phrase) or \
                (adj.strip() == "local" and COMPANY_CONTEXT.search(phrase)) or \
                (COMPANY_CONTEXT.search(phrase) and KOREA_PATTERN.search(phrase)):
            return "companies"
        return ""
    # "the number of joint ventures with Korean capital ... reached 700"
    number_of = re.search(r"\bnumber of (?:[\w-]+\s+){0,2}?(?P<noun>joint ventures|JVs|companies|enterprises|firms)\b",
                          clause_before, re.IGNORECASE)
    if number_of and not re.match(r"^\s*[a-z]", after_text):
        if number_of.group("noun").lower() in ("joint ventures", "jvs"):
            return "joint_ventures"
        return "companies" if KOREA_PATTERN.search(clause_before[number_of.start():]) else ""
    if CAPACITY_NOUN.match(body[m.end:m.end + 20]) and PER_YEAR.search(sentence) and \
            re.search(r"capacity|produc|output|manufactur", sentence, re.IGNORECASE):
        return "production_capacity"
    return ""


def _country(sentence: str, pos: int, context: Context, main: str, mine: str) -> tuple[str, str]:
    found = _countries_in(sentence)
    if found:
        codes = {c for _, c in found}
        code = next(iter(codes)) if len(codes) == 1 else _nearest(found, pos)
        return code, ""
    if CAS_PATTERN.search(sentence):
        return "CAS", "Central Asia as a whole"
    if OUR_COUNTRY.search(sentence) and mine:
        return mine, f"'{OUR_COUNTRY.search(sentence).group(0)}' -> {mine}"
    if THE_COUNTRY.search(sentence) and (context.last_country or main):
        code = context.last_country or main
        return code, f"'{THE_COUNTRY.search(sentence).group(0)}' -> {code}"
    if context.last_country:
        return context.last_country, f"country named before in the text -> {context.last_country}"
    if main:
        return main, f"the document's country -> {main}"
    if mine:
        return mine, f"the publisher's country -> {mine}"
    return "", ""

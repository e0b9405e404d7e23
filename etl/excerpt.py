"""Excerpts: a press article cut down to what its figures need — a quotation, not a copy (issue 13).

An excerpt keeps the sentences the tables cite (the observations' quotes) and the sentences their
resolution reads, in their order, with "[…]" between sentences that were not adjacent. Which context the
resolution reads is not written down here: the excerpt is a fixpoint. It starts from the cited sentences,
the previous sentence of each one's paragraph and the nearest earlier sentences naming a place or a period,
extracts from the candidate, compares its figures with the whole text's (indicator, country, partner,
year, period, value, unit, comparator, stated and quote: not ids or offsets) and adds sentences, nearest
earlier ones first, until they are equal. When only the whole text gives its figures, it stays whole.

``excerpt`` is pure (a document in, an excerpt out); ``run`` is `python -m etl excerpt`, which reads and
writes the files. A document whose front matter says ``excerpt: false`` (the seed documents) ships whole.
"""
from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass, replace
from pathlib import Path

import frontmatter

from .add import document_text
from .build import extract_document
from .documents import Document, decode, normalise_text, parse
from .errors import DocumentError
from .extract import sentences as split_sentences  # the one import of the sentence splitter: it may move
from .io import source_paths, write_atomically

GAP = "[…]"
FIGURE_FIELDS = ("indicator", "country", "partner", "year", "period", "value", "unit", "comparator", "stated", "quote")

# Where the resolution may look for a place or a time the cited sentence does not state itself: the nearest
# earlier sentence of each kind is in the first candidate. Generous on purpose: the comparison with the whole
# text decides what the excerpt needs.
_MONTHS = r"Jan(?:uary)?|Feb(?:ruary)?|March|April|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
CONTEXT = [re.compile(p, re.IGNORECASE) for p in (
    r"\b(?:Kazakh\w*|Qazaq\w*|Astana|Almaty|Nur-Sultan)",
    r"\b(?:Uzbek\w*|O'zbek\w*|Tashkent|Samarkand|Bukhara|Navoi\w*|Andijan|Fergana)",
    r"\b(?:Kyrgyz\w*|Bishkek|Osh)\b",
    r"\b(?:Tajik\w*|Dushanbe|Khujand)",
    r"\b(?:Turkmen\w*|Ashgabat|Kiyanly)",
    r"\bCentral Asia|\bthe region\b|\bC5\b",
    r"\bKorea|\bSeoul\b|\bROK\b",
    r"\b(?:our|my|the|this) (?:country|republic|state|economy)\b",
    r"\b(?:19|20)\d\d\b",
    rf"\b(?:{_MONTHS}|quarter|half|months?)\b",
    r"\b(?:last|this|next|previous|current|same|following) year\b|\b(?:today|currently|now|so far|to date)\b",
)]


def figures(doc: Document) -> Counter:
    """The observations of a document as comparable tuples (ids and offsets differ between texts)."""
    return Counter(tuple(str(row[k]) for k in FIGURE_FIELDS) for row in extract_document(doc)[0])


def join(body: str, sents: list, keep: set[int]) -> str:
    """The kept sentences of ``body`` in order: adjacent ones with the text between them as it stands,
    others with "[…]" on a line of its own between them (its own paragraph when they were in two).

    A line break always ends a sentence, so the marker never joins a neighbour and every kept sentence
    splits out of the excerpt exactly as it did out of the whole text, in the same paragraphs.
    """
    parts: list[str] = []
    prev = None
    for i in sorted(keep):
        s = sents[i]
        if prev is None:
            parts.append(body[s.start:s.end])
        elif i == prev + 1:
            parts.append(body[sents[prev].end:s.end])
        else:
            sep = "\n" if sents[prev].paragraph == s.paragraph else "\n\n"
            parts.append(f"{sep}{GAP}{sep}{body[s.start:s.end]}")
        prev = i
    return "".join(parts)


def _nearest(i: int, keep: set[int], n: int) -> int | None:
    """The nearest sentence before ``i`` not yet kept, else the nearest after it."""
    earlier = next((j for j in range(i - 1, -1, -1) if j not in keep), None)
    if earlier is not None:
        return earlier
    return next((j for j in range(i + 1, n) if j not in keep), None)


def seed(sents: list, cited: set[int]) -> set[int]:
    """The cited sentences, each one's previous sentence in its paragraph, and the nearest earlier
    sentence naming each kind of place and period of ``CONTEXT``."""
    keep = set(cited)
    for i in cited:
        if i and sents[i - 1].paragraph == sents[i].paragraph:
            keep.add(i - 1)
        for pattern in CONTEXT:
            j = next((j for j in range(i - 1, -1, -1) if pattern.search(sents[j].text)), None)
            if j is not None:
                keep.add(j)
    return keep


@dataclass(frozen=True)
class Excerpt:
    document: Document  # the excerpt (excerpt=True), or the whole document when it had to stay whole
    kept: int  # sentences kept
    total: int  # sentences of the whole text
    figures: int  # observations, equal in both
    whole: bool  # True when no shorter text gives the same figures


def excerpt(doc: Document) -> Excerpt:
    """The shortest excerpt this fixpoint finds whose figures are the whole text's."""
    sents = split_sentences(doc.body)
    target = figures(doc)
    n = len(sents)
    starts = [s.start for s in sents]
    index_of: dict[str, list[int]] = {}
    for i, s in enumerate(sents):
        index_of.setdefault(s.text, []).append(i)

    def sentence_at(offset: int) -> int:
        return max(i for i, start in enumerate(starts) if start <= offset)

    cited = {sentence_at(int(r["char_start"])) for r in extract_document(doc)[0]}
    keep = seed(sents, cited) if cited else ({0} if n else set())  # no figure: the lead says what it is about
    while keep and len(keep) < n:
        candidate = replace(doc, body=join(doc.body, sents, keep), excerpt=True)
        got = figures(candidate)
        if got == target:
            return Excerpt(candidate, len(keep), n, sum(target.values()), False)
        wrong = {quote for *_, quote in (target - got) + (got - target)}
        added = {j for quote in sorted(wrong) for i in index_of.get(quote, [])
                 for j in [_nearest(i, keep, n)] if j is not None}
        keep |= added or {min(set(range(n)) - keep)}
    return Excerpt(doc, n, n, sum(target.values()), True)


def excerpt_text(meta: dict, result: Excerpt) -> str:
    """The excerpt's file: the whole front matter (its url is the whole text's) plus ``excerpt: true``."""
    return document_text({**meta, "excerpt": True}, result.document.body)


# --- the command -----------------------------------------------------------------------------


def register(sub) -> None:
    e = sub.add_parser("excerpt", help="rewrite press articles as excerpts: the sentences their figures cite "
                                       "and those their resolution reads")
    e.add_argument("files", nargs="*", type=Path, metavar="FILE", help="documents (default: every one of --sources)")
    e.add_argument("--sources", type=Path, default=Path("data/sources"), help="folder of documents (default data/sources)")
    e.add_argument("--out", type=Path, default=None,
                   help="write into this folder, same file names (default: rewrite each document in place)")


def excerpt_file(path: Path) -> tuple[str | None, str]:
    """(the new text of the file or None to leave it as it is, what was done). Raises DocumentError."""
    text = normalise_text(decode(path.read_bytes(), path.name))
    doc = parse(text, path.stem)
    meta = frontmatter.loads(text).metadata
    if doc.excerpt:
        return None, "already an excerpt: left as it is"
    if meta.get("excerpt") is False:
        return None, "excerpt: false: ships whole"
    if not doc.url:
        raise DocumentError(path.name, "no url: an excerpt must link to the whole text; give the document its url",
                            "url")
    result = excerpt(doc)
    if result.whole:
        return None, f"kept whole: no shorter text gives its {result.figures} figures"
    return excerpt_text(meta, result), (f"excerpt: {result.kept} of {result.total} sentences; "
                                        f"figures as in the whole text: {result.figures}")


def run(args: argparse.Namespace, out=None, err=None) -> int:
    out, err = out or sys.stdout, err or sys.stderr
    paths = args.files or source_paths(args.sources)
    files: dict[Path, str] = {}
    errors = excerpts = 0
    for path in paths:
        target = (args.out / path.name) if args.out else path
        try:
            text, said = excerpt_file(path)
        except DocumentError as e:
            print(f"error: {e}", file=err)
            errors += 1
            continue
        except OSError as e:
            print(f"error: {path}: cannot be read: {e.strerror}", file=err)
            errors += 1
            continue
        excerpts += text is not None
        if text is None and target != path:
            text = path.read_text(encoding="utf-8")  # a whole document is copied as it stands
        if text is not None:
            files[target] = text
        print(f"{target}: {said}", file=out)
    write_atomically(files)
    print(f"{excerpts} excerpts, {len(files) - excerpts} whole documents written"
          + (f", {errors} documents refused (nothing written for them)" if errors else ""), file=err)
    return 1 if errors else 0

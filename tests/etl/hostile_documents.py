"""Malformed and odd-but-valid source documents for the tests of issue #14 (tests/etl/test_hostile.py).

``MALFORMED``: file name -> (bytes, the field at fault or None, words the error must say).
``VALID``: file name -> (bytes, what reading it must give). ``write(folder)`` writes them all, so that
``python -m etl build --sources FOLDER`` can be tried by hand.
"""
from __future__ import annotations

import os
from pathlib import Path

PUBLISHER = "Press Service of the President of the Republic of Uzbekistan"
ARTICLE = ("In our country, 726 joint ventures with Korean capital are operating. Korea's investment exceeds "
           "US $7,5 billion, and last year's trade reached US $2,5 billion.\n")
# what ARTICLE gives: (indicator, value, comparator, year)
ARTICLE_FIGURES = {("joint_ventures", "726", "equal", 2024), ("investment_cumulative", "7500000000", "more_than", 2024),
                   ("trade_turnover", "2500000000", "equal", 2023)}


def doc(front: str = "", body: str = ARTICLE, *, title: str | None = "Presidents met",
        publisher: str | None = PUBLISHER, published: str | None = "2024-06-14",
        url: str | None = "https://president.uz/en/lists/view/7315") -> str:
    fields = [f"{k}: {v}" for k, v in (("title", title), ("publisher", publisher), ("published", published),
                                       ("url", url)) if v is not None]
    return "---\n" + "\n".join(fields) + ("\n" + front if front else "") + "\n---\n" + body


def _nested(depth: int) -> str:
    return "\n".join("  " * i + f"level{i}:" for i in range(depth)) + " deep"


BILLION_LAUGHS = 'lol: &lol "lol"\n' + "\n".join(
    f"lol{i}: &lol{i} [" + ", ".join([f"*lol{i - 1}" if i > 1 else "*lol"] * 9) + "]" for i in range(1, 10))

MALFORMED: dict[str, tuple[bytes, str | None, str]] = {
    # dates YAML would have built into impossible values, and other wrong dates
    "impossible-month.md": (doc(published="2024-13-45").encode(), "published", "no month 13"),
    "impossible-day.md": (doc(published="2023-02-29").encode(), "published", "no day 29"),
    "year-zero.md": (doc(published="0000-01-01").encode(), "published", "not in 1900"),
    "date-in-words.md": (doc(published="June 14, 2024").encode(), "published", "not a date"),
    "timestamp-tag.md": (doc(published="!!timestamp 2024-13-45").encode(), "published", "explicit tag"),
    # hostile YAML
    "python-object.md": (doc(title="!!python/object/apply:os.system ['echo pwned']").encode(), "title",
                         "explicit tag"),
    "custom-tag.md": (doc(publisher="!include /etc/passwd").encode(), "publisher", "explicit tag"),
    "billion-laughs.md": (doc(BILLION_LAUGHS, title="*lol9").encode(), "title", "alias"),
    "deep-flow-nesting.md": (doc(title="[" * 5_000 + "]" * 5_000).encode(), "title", "nested more than"),
    "deep-block-nesting.md": (doc(_nested(90)).encode(), "level0", "nested more than"),
    # broken YAML and front matter
    "unclosed-list.md": (doc(title="[Presidents met").encode(), "title", "not valid YAML"),
    "tab-indented.md": (doc("\tlanguage: en").encode(), None, "not valid YAML"),
    "list-front-matter.md": (b"---\n- title\n- publisher\n---\nTrade reached $2 billion.\n", None, "not a mapping"),
    "empty-front-matter.md": (b"---\n---\nTrade reached $2 billion.\n", None, "front matter is empty"),
    "unclosed-front-matter.md": (b"---\ntitle: T\npublisher: P\npublished: 2024\nTrade reached $2 billion.\n",
                                 None, "not closed"),
    "no-front-matter.md": (ARTICLE.encode(), None, "no YAML front matter"),
    "empty-file.md": (b"", None, "no YAML front matter"),
    "huge-front-matter.md": (doc("notes: " + "x" * 70_000).encode(), None, "front matter is 70,"),
    # missing and wrong fields
    "no-title.md": (doc(title=None).encode(), "title", "missing"),
    "no-publisher-no-date.md": (doc(publisher=None, published=None).encode(), "published", "missing"),
    "null-publisher.md": (doc(publisher="~").encode(), "publisher", "missing"),
    "title-is-a-list.md": (doc(title="[Presidents, met]").encode(), "title", "must be text, not a list"),
    "publisher-is-a-mapping.md": (doc(publisher="{name: Press Service}").encode(), "publisher",
                                  "must be text, not a mapping"),
    "title-twice.md": (doc("title: Another title").encode(), "title", "given twice"),
    "title-too-long.md": (doc(title="Presidents " * 500).encode(), "title", "at most 1,000"),
    "escape-in-title.md": (doc(title='"Presidents\\x1b[31m met"').encode(), "title", "control character (U+001B)"),
    "bidi-override.md": (doc(publisher="Press Service \u202egnp.exe").encode(), "publisher", "U+202E"),
    "bad-language.md": (doc("language: English (US)").encode(), "language", "not a language code"),
    # urls: empty or http(s), nothing else
    "javascript-url.md": (doc(url="javascript:alert(1)").encode(), "url", "not an http(s) address"),
    "data-url.md": (doc(url='"data:text/html,<script>alert(1)</script>"').encode(), "url", "not a web address"),
    "file-url.md": (doc(url="file:///etc/passwd").encode(), "url", "not an http(s) address"),
    "relative-url.md": (doc(url="../articles/7315.html").encode(), "url", "not an http(s) address"),
    "scheme-relative-url.md": (doc(url="//evil.example/x").encode(), "url", "not an http(s) address"),
    "url-without-host.md": (doc(url="https:///path").encode(), "url", "names no host"),
    "url-is-a-list.md": (doc(url="[https://a.example, https://b.example]").encode(), "url", "must be text"),
    # not a text document
    "nul-bytes.md": (doc().encode().replace(b"joint ventures", b"joint\x00ventures"), None, "NUL character"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4, None, "NUL character"),
    "latin-1.md": (doc(title="Präsidenten").encode("latin-1"), None, "not UTF-8"),
    "utf-16.md": (doc().encode("utf-16"), None, "UTF-16"),
    "empty-body.md": (doc(body="\n   \n").encode(), None, "body is empty"),
    # every problem of one document in one report
    "everything-wrong.md": (doc("language: 42 languages", title=None, published="2024-02-30",
                                url="javascript:void(0)").encode(), "url", "javascript:void"),
}
# the names of the problems the last one must report, one line each
EVERYTHING_WRONG = ("title", "published", "url", "language")

LONG_BODY_BYTES = 1_600_000


def _long_body() -> str:
    """About 1.6 MB of the shipped articles' bodies, one after the other (real text, real figures)."""
    from etl.io import read_document

    sources = Path(__file__).resolve().parents[2] / "data" / "sources"
    text = "\n\n".join(read_document(p).body for p in sorted(sources.glob("*.md")))
    return "\n\n".join([text] * (LONG_BODY_BYTES // len(text.encode()) + 1))


VALID: dict[str, tuple[bytes, dict]] = {
    "bom-crlf.md": (b"\xef\xbb\xbf" + doc().replace("\n", "\r\n").encode(), {"figures": ARTICLE_FIGURES}),
    "old-mac-line-ends.md": (doc().replace("\n", "\r").encode(), {"figures": ARTICLE_FIGURES}),
    "year-only.md": (doc(published="2024").encode(), {"published": "2024", "figures": ARTICLE_FIGURES}),
    "year-and-month.md": (doc(published="2024-06").encode(), {"published": "2024-06", "figures": ARTICLE_FIGURES}),
    "date-and-time.md": (doc(published="2024-06-14T09:30:00+05:00").encode(), {"published": "2024-06-14"}),
    "quoted-date.md": (doc(published="'2024-06-14'").encode(), {"published": "2024-06-14"}),
    "html-body.md": (doc(body="<p>In our country, 726 joint ventures with Korean capital are operating.</p>\n"
                              "<script>alert('Korea')</script>\n<p>Korea's investment exceeds US $7,5 "
                              "billion, and last year's trade reached US $2,5 billion.</p>\n").encode(),
                     {"figures": ARTICLE_FIGURES, "body_has": "<script>alert('Korea')</script>"}),
    "non-breaking-spaces.md": (doc(body=ARTICLE.replace("US $7,5 billion", "US\u00a0$7,5\u00a0billion")
                                   .replace(" joint", "\u00a0joint")).encode(), {"figures": ARTICLE_FIGURES}),
    "Узбекистан-Корея 2024 (копия).md": (doc().encode(), {"source_id": "Узбекистан-Корея 2024 (копия)",
                                                          "figures": ARTICLE_FIGURES}),
    "extra-fields.md": (doc("author: Staff\ntags: [Korea, Uzbekistan]\ndraft: false\nlanguage: en-GB").encode(),
                        {"language": "en-GB", "figures": ARTICLE_FIGURES}),
    "empty-url.md": (doc(url="").encode(), {"url": ""}),
    "folded-title.md": (doc(title=">\n  Presidents\n  met").encode(), {"title": "Presidents met"}),
    "markdown-rules.md": (doc(body="Intro.\n\n---\n\n" + ARTICLE + "\n***\n").encode(),
                          {"body_has": "\n---\n", "figures": ARTICLE_FIGURES}),
    "run-of-digits.md": (doc(body=ARTICLE + "\nCode " + "7" * 50_000 + ".\n").encode(), {"figures": ARTICLE_FIGURES}),
    "run-of-commas.md": (doc(body=ARTICLE + "\nKorea " + ",".join(["1"] * 30_000) + ".\n").encode(),
                         {"figures": ARTICLE_FIGURES}),
    "run-of-dots.md": (doc(body=ARTICLE + "\nKorea " + ".".join(["1"] * 30_000) + "\n").encode(),
                       {"figures": ARTICLE_FIGURES}),
    "run-of-thousands.md": (doc(body=ARTICLE + "\nKorea " + "1" + " 000" * 20_000 + " won.\n").encode(),
                            {"figures": ARTICLE_FIGURES}),
    "run-of-qualifiers.md": (doc(body="Korea's " + "more than about nearly " * 3_000 + "$5 billion.\n\n" + ARTICLE)
                             .encode(), {"figures": ARTICLE_FIGURES}),
    "run-of-currency-signs.md": (doc(body="Korea " + "US$₩€₸¥₽" * 5_000 + " 5.\n\n" + ARTICLE).encode(),
                                 {"figures": ARTICLE_FIGURES}),
    "long-report.md": (None, {"figures_at_least": 1_500}),  # made on demand: _long_body()
}


def valid_bytes(name: str) -> bytes:
    data = VALID[name][0]
    return data if data is not None else doc(body=_long_body()).encode()


def write(folder: Path, *, malformed: bool = True, valid: bool = True) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, (data, _, _) in MALFORMED.items() if malformed else ():
        (folder / name).write_bytes(data)
    if malformed:  # a file name that is not UTF-8 (Linux allows any bytes but / and NUL)
        with open(os.path.join(os.fsencode(folder), b"bad-name-\xff.md"), "wb") as f:
            f.write(doc().encode())
    for name in VALID if valid else ():
        (folder / name).write_bytes(valid_bytes(name))

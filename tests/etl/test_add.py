"""`python -m etl add`: saved news pages and text files become source documents (issue 13)."""
from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from etl.__main__ import main
from etl.add import document_text, html_metadata, read_file, slug
from etl.documents import parse

PAGES = Path(__file__).resolve().parents[1] / "fixtures" / "pages"
FOUR = ("jsonld-only.html", "og-only.html", "time-element.html", "furniture.html")

# page -> (file written, title, publisher, published, url)
EXPECTED = {
    "jsonld-only.html": ("2024-02-10-tashkent-business-daily-uzbekistan-korea-trade-reaches-a-new-high.md",
                         "Uzbekistan–Korea trade reaches a new high", "Tashkent Business Daily", "2024-02-10",
                         "https://tbd.example.uz/en/economy/uzbekistan-korea-trade-new-high"),
    "og-only.html": ("2024-05-20-astana-economic-review-korean-investment-in-kazakhstan-passes-7-billion.md",
                     "Korean investment in Kazakhstan passes $7 billion", "Astana Economic Review", "2024-05-20",
                     "https://aer.example.kz/news/korean-investment-passes-7-billion"),
    "time-element.html": ("2023-11-02-bishkek-herald-korea-lends-kyrgyzstan-money-for-two-hospitals.md",
                          "Korea lends Kyrgyzstan money for two hospitals", "Bishkek Herald", "2023-11-02",
                          "https://bishkekherald.example.kg/2023/11/korea-loan-hospitals"),
    "furniture.html": ("2024-03-15-dushanbe-times-tajikistan-and-korea-trade-grows.md",
                       "Tajikistan and Korea trade grows", "Dushanbe Times", "2024-03-15",
                       "https://dushanbetimes.example.tj/en/news/tajikistan-korea-trade-grows"),
}
# the one figure each article states: (indicator, country, partner, year, value, quote)
FIGURES = {
    ("trade_turnover", "UZB", "KOR", "2023", "2100000000", "Trade between Uzbekistan and Korea reached $2.1 billion in 2023."),
    ("investment_cumulative", "KAZ", "KOR", "2023", "7500000000",
     "Accumulated Korean investment in Kazakhstan reached $7.5 billion at the end of 2023."),
    ("edcf_loan", "KGZ", "KOR", "2023", "50000000",
     "The Export-Import Bank of Korea extended a loan of $50 million to Kyrgyzstan in 2023 to build two hospitals."),
    ("trade_turnover", "TJK", "KOR", "2023", "45000000", "Trade between Tajikistan and Korea grew to $45 million in 2023."),
}
FURNITURE = ("$1.2 billion", "Markets", "cookie", "Related", "900 million", "$5 billion", "Subscribe", "©", "Privacy",
             "$4 billion", "$1.5 billion", "Advertisement", "Share:", "gtag", "Most read")


def add(*args: str, sources: Path) -> int:
    return main(["add", "--sources", str(sources), *args])


def rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return list(csv.DictReader(f))


@pytest.fixture
def added(tmp_path, capsys):
    sources = tmp_path / "sources"
    code = add(*(str(PAGES / p) for p in FOUR), sources=sources)
    return sources, code, capsys.readouterr()


def test_four_pages_become_four_documents_with_their_front_matter(added):
    sources, code, printed = added
    assert code == 0, printed.err
    names = sorted(p.name for p in sources.iterdir())
    assert names == sorted(e[0] for e in EXPECTED.values())
    assert sorted(printed.out.split()) == sorted(str(sources / n) for n in names)  # each written path printed
    for page, (name, title, publisher, published, url) in EXPECTED.items():
        doc = parse((sources / name).read_text(encoding="utf-8"), name[:-3])
        assert (doc.title, doc.publisher, doc.published, doc.url, doc.language) == (title, publisher, published, url, "en"), page
        assert not doc.excerpt
        assert not any(word in doc.body for word in FURNITURE), (page, doc.body)
        assert doc.title not in doc.body.split("\n\n")[0]  # the headline is the title, not the first paragraph


def test_the_build_finds_exactly_the_four_article_figures(added, tmp_path):
    sources, code, _ = added
    out = tmp_path / "out"
    assert main(["build", "--sources", str(sources), "--out", str(out)]) == 0
    found = {(r["indicator"], r["country"], r["partner"], r["year"], r["value"], r["quote"])
             for r in rows(out / "indicators.csv")}
    assert found == FIGURES
    # nothing else with a number was read: only the years of the four article sentences
    assert {(r["stated"], r["reason"]) for r in rows(out / "review.csv")} == {("2023", "a year, not a figure")}


@pytest.mark.parametrize("page, options, refusal", [
    # the same page again: its url is there
    ("og-only.html", [], "2024-05-20-astana-economic-review-korean-investment-in-kazakhstan-passes-7-billion.md has the url"),
    # the same article under another address: its text is there
    ("furniture.html", ["--url", "https://mirror.example.org/copy"],
     "2024-03-15-dushanbe-times-tajikistan-and-korea-trade-grows.md has the same text"),
])
def test_a_page_already_in_the_folder_is_refused_naming_the_document(added, capsys, page, options, refusal):
    sources, _, _ = added
    before = sorted(sources.iterdir())
    assert add(str(PAGES / page), *options, sources=sources) == 1
    assert refusal in capsys.readouterr().err
    assert sorted(sources.iterdir()) == before


def test_a_page_without_a_date_is_refused_naming_published_and_accepted_with_it(tmp_path, capsys):
    sources = tmp_path / "sources"
    assert add(str(PAGES / "no-date.html"), sources=sources) == 1
    err = capsys.readouterr().err
    assert "no-date.html: published: not found" in err and "--published YYYY-MM-DD" in err
    assert list(sources.iterdir()) == []  # nothing written
    assert add(str(PAGES / "no-date.html"), "--published", "2024-01-25", sources=sources) == 0
    written = Path(capsys.readouterr().out.strip())
    assert written.name == "2024-01-25-turkmen-business-weekly-korean-goods-find-buyers-in-turkmenistan.md"
    doc = parse(written.read_text(encoding="utf-8"), written.stem)
    assert (doc.published, doc.publisher, doc.url) == ("2024-01-25", "Turkmen Business Weekly",
                                                       "https://tbw.example.tm/articles/korean-goods-turkmenistan")


def test_one_bad_file_does_not_stop_the_others(tmp_path, capsys):
    sources = tmp_path / "sources"
    files = [PAGES / "no-date.html", tmp_path / "missing.html", PAGES / "og-only.html"]
    assert add(*map(str, files), sources=sources) == 1
    printed = capsys.readouterr()
    assert len(list(sources.iterdir())) == 1 and printed.out.count("\n") == 1
    assert "missing.html: cannot be read" in printed.err
    assert "1 added to" in printed.err and "2 refused" in printed.err


def test_many_files_on_a_terminal_show_a_progress_bar(tmp_path, capsys, monkeypatch):
    class Tty(io.StringIO):
        def isatty(self):
            return True
    err = Tty()
    monkeypatch.setattr("sys.stderr", err)
    assert add(*(str(PAGES / p) for p in FOUR), sources=tmp_path / "s") == 0
    assert "[" + "#" * 30 + "] 4/4 files" in err.getvalue()
    assert "#" not in capsys.readouterr().out  # the paths stay clean for scripts


def test_the_same_page_always_gives_the_same_body():
    data = (PAGES / "furniture.html").read_bytes()
    first = read_file(data, "furniture.html")
    assert all(read_file(data, "furniture.html") == first for _ in range(3))  # no deduplication across calls


@pytest.mark.parametrize("head, expected", [
    # og: first, then JSON-LD, then <title>; a publisher suffix is not part of a title
    ('<meta property="og:title" content="OG"><script type="application/ld+json">{"headline": "LD"}</script>'
     "<title>T</title>", {"title": "OG"}),
    ('<script type="application/ld+json">{"headline": "LD"}</script><title>T</title>', {"title": "LD"}),
    ('<meta property="og:site_name" content="Daily"><title>Trade grows | Daily</title>',
     {"title": "Trade grows", "publisher": "Daily"}),
    ('<script type="application/ld+json">[{"@type": "NewsArticle", "publisher": {"name": "Wire"}}]</script>',
     {"publisher": "Wire"}),
    # dates: the publisher's own day, whatever the clock says
    ('<meta property="article:published_time" content="2024-03-05T23:30:00-08:00">', {"published": "2024-03-05"}),
    ('<script type="application/ld+json">{"datePublished": "2022/11/06"}</script>', {"published": "2022-11-06"}),
    ('<meta property="article:published_time" content="last Tuesday">', {"published": ""}),
    ('<meta property="article:published_time" content="2024-02-30">', {"published": ""}),
    # urls: http(s) only, the canonical link first
    ('<link rel="canonical" href="https://a.example/x"><meta property="og:url" content="https://b.example/y">',
     {"url": "https://a.example/x"}),
    ('<link rel="canonical" href="/relative"><meta property="og:url" content="https://b.example/y">',
     {"url": "https://b.example/y"}),
    ('<link rel="canonical" href="javascript:alert(1)">', {"url": ""}),
])
def test_metadata_from_the_page(head, expected):
    meta = html_metadata(f"<html><head>{head}</head><body><p>Text.</p></body></html>")
    assert {k: meta[k] for k in expected} == expected


def test_a_time_element_of_the_sidebar_does_not_date_the_article():
    html = ('<html><body><aside><time datetime="2020-01-01">old</time></aside>'
            '<article><p>Text <time datetime="2024-06-01">1 June</time>.</p></article></body></html>')
    assert html_metadata(html)["published"] == "2024-06-01"


@pytest.mark.parametrize("text, expected", [
    ("Uzbekistan–Korea trade reaches a new high", "uzbekistan-korea-trade-reaches-a-new-high"),
    ("Ko'rea & O‘zbekiston: savdo $2,1 mlrd", "ko-rea-o-zbekiston-savdo-2-1-mlrd"),
    ("Çafé", "cafe"),
    ("한국과 우즈베키스탄", ""),
    ("a " * 100, "-".join(["a"] * 30)[:59]),
])
def test_slug_is_ascii(text, expected):
    assert slug(text, 60) == expected


def test_a_title_in_another_script_gets_a_digest_name(tmp_path, capsys):
    page = tmp_path / "ko.html"
    page.write_text('<html lang="ko"><head><meta property="og:title" content="한국과 우즈베키스탄 교역">'
                    '<meta property="og:site_name" content="Yonhap"></head><body><article><p>'
                    + "한국과 우즈베키스탄의 교역이 늘었다. " * 10 + "</p></article></body></html>", encoding="utf-8")
    assert add(str(page), "--published", "2024-05", sources=tmp_path / "s") == 0
    name = Path(capsys.readouterr().out.strip()).name
    assert name.startswith("2024-05-yonhap-article-") and name.isascii()
    doc = parse((tmp_path / "s" / name).read_text(encoding="utf-8"), name[:-3])
    assert (doc.title, doc.language, doc.published) == ("한국과 우즈베키스탄 교역", "ko", "2024-05")


def test_a_text_file_takes_its_headline_and_the_options(tmp_path, capsys):
    text = tmp_path / "note.txt"
    text.write_text("Korea and Uzbekistan: trade grows\n\nTrade between Uzbekistan and Korea reached $2.1 billion "
                    "in 2023.\n", encoding="utf-8")
    assert add(str(text), sources=tmp_path / "s") == 1
    err = capsys.readouterr().err
    assert "publisher: not found" in err and "--publisher NAME" in err and "--published YYYY-MM-DD" in err
    assert "title" not in err.split("note.txt:")[1].split(";")[0]  # the headline was the title
    assert add(str(text), "--publisher", "Note: ministry", "--published", "2024", sources=tmp_path / "s") == 0
    path = Path(capsys.readouterr().out.strip())
    doc = parse(path.read_text(encoding="utf-8"), path.stem)
    assert (doc.title, doc.publisher, doc.published, doc.url) == ("Korea and Uzbekistan: trade grows", "Note: ministry",
                                                                  "2024", "")
    assert doc.body == "Trade between Uzbekistan and Korea reached $2.1 billion in 2023."


@pytest.mark.parametrize("options, message", [
    (["--published", "2024-13-01"], "--published: '2024-13-01' is not a date"),
    (["--published", "2024-02-30"], "--published: '2024-02-30' is not a date"),
    (["--url", "ftp://example.org/a"], "--url: 'ftp://example.org/a' is not an http(s) address"),
])
def test_bad_options_are_named(tmp_path, capsys, options, message):
    assert add(str(PAGES / "og-only.html"), *options, sources=tmp_path / "s") == 2
    assert message in capsys.readouterr().err
    assert not (tmp_path / "s").exists() or not list((tmp_path / "s").iterdir())


def test_the_options_override_the_page(tmp_path, capsys):
    assert add(str(PAGES / "og-only.html"), "--title", "Investment: a record", "--publisher", "AER",
               "--url", "https://aer.example.kz/other", sources=tmp_path / "s") == 0
    path = Path(capsys.readouterr().out.strip())
    assert path.name == "2024-05-20-aer-investment-a-record.md"
    doc = parse(path.read_text(encoding="utf-8"), path.stem)
    assert (doc.title, doc.publisher, doc.url) == ("Investment: a record", "AER", "https://aer.example.kz/other")


line = st.text(st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp")), min_size=1, max_size=80).filter(
    lambda s: s.strip() == s and s.strip())


@settings(max_examples=200, deadline=None)
@given(title=line, publisher=line)
def test_the_front_matter_always_parses_back(title, publisher):
    # titles with colons, quotes, '#', '---', 'yes', '2024': yaml.safe_dump quotes what needs quoting
    meta = {"title": title, "publisher": publisher, "published": "2024-05-20", "url": "", "language": "en"}
    doc = parse(document_text(meta, "Body text."), "x")
    assert (doc.title, doc.publisher, doc.published, doc.body) == (title, publisher, "2024-05-20", "Body text.")


def test_a_table_of_the_article_is_kept_and_read(tmp_path, capsys):
    # #9/#13: a table in the article (not in a sidebar) stays a block of lines, one row each, and the build reads
    # each cell under its row's country and its column's indicator, in the caption's unit and year
    sources, out = tmp_path / "sources", tmp_path / "out"
    assert add(str(PAGES / "table.html"), sources=sources) == 0, capsys.readouterr().err
    (doc_path,) = sources.iterdir()
    body = parse(doc_path.read_text(encoding="utf-8"), doc_path.stem).body
    assert "Kazakhstan | 1,059.3 | 423.6 | 1,482.9\nUzbekistan | 661.7 | 98.4 | 760.1" in body
    assert "$61.2" not in body and "---" not in body
    assert main(["build", "--sources", str(sources), "--out", str(out)]) == 0
    found = {(r["indicator"], r["country"], r["year"], r["value"]) for r in rows(out / "indicators.csv")}
    assert found == {("imports", "KAZ", "2006", "1059300000"), ("exports", "KAZ", "2006", "423600000"),
                     ("trade_turnover", "KAZ", "2006", "1482900000"), ("imports", "UZB", "2006", "661700000"),
                     ("exports", "UZB", "2006", "98400000"), ("trade_turnover", "UZB", "2006", "760100000")}

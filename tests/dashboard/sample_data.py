"""A small, literal data folder for the dashboard's tests.

``write_data_folder(folder)`` writes indicators.csv, sources.csv, review.csv,
checks.csv and sources/*.md as the contract defines them, with offsets that
match the bodies, one hostile source (script, HTML, a markdown link, a
javascript: URL, formula-like cells) and official statistics from two sides.
"""
from __future__ import annotations

import csv
from pathlib import Path

from dashboard.data import CHECK_COLUMNS
from etl.schema import COLUMNS, REVIEW_COLUMNS, SOURCE_COLUMNS, make_id

CLAIM_KEYS = ("id", "indicator", "country", "partner", "year", "period", "comparator", "value", "unit", "stated",
              "source_id", "publisher", "published")

HOSTILE = "2024-02-01-hostile"
EXCERPT = "2024-03-05-excerpt-jv"  # a source shipped as an excerpt of a longer article (#13)
HOSTILE_QUOTE = (
    'Exports reached $1.2 billion <script>window.__pwned = 1; alert("x")</script>'
    ' <img src=x onerror="window.__pwned = 2"> see [details](javascript:alert(1)).'
)

# source_id -> (title, publisher, published, url, sentences with figures)
# A figure: (indicator, country, year, period, value, unit, comparator, stated, method, note)
DOCUMENTS = {
    "2021-03-10-uz-trade": (
        "Uzbekistan and Korea review trade", "Ministry of Investment of Uzbekistan", "2021-03-10",
        "https://example.org/uz-trade-2021",
        [
            ("In 2019 trade turnover amounted to $3.2 billion.", ("trade_turnover", "UZB", 2019, "2019", 3.2e9, "USD", "equal", "$3.2 billion", "text", "")),
            ("In 2020 the turnover was $2.1 billion because of the pandemic.", ("trade_turnover", "UZB", 2020, "2020", 2.1e9, "USD", "equal", "$2.1 billion", "text", "")),
        ],
    ),
    "2022-02-01-uz-news": (
        "Trade grows again", "Daryo", "2022-02-01", "https://example.org/daryo",
        [
            ("Last year trade exceeded $2.5 billion.", ("trade_turnover", "UZB", 2021, "2021", 2.5e9, "USD", "more_than", "$2.5 billion", "text", '"last year" -> 2021')),
            ("In 2021 Kazakhstan traded $4.1 billion with Korea.", ("trade_turnover", "KAZ", 2021, "2021", 4.1e9, "USD", "equal", "$4.1 billion", "text", "")),
        ],
    ),
    "2023-07-20-isrs-half-year": (
        "ISRS: first half of 2023", "ISRS", "2023-07-20", "ftp://example.org/not-a-web-link",
        [
            ("In January-June 2023 trade reached $3.1 billion.", ("trade_turnover", "UZB", 2023, "2023-01/2023-06", 3.1e9, "USD", "equal", "$3.1 billion", "text", "")),
            ("Trade fell by 27 percent in 2020.", ("trade_growth_pct", "UZB", 2020, "2020", -27.0, "percent", "equal", "27 percent", "text", "a fall is negative")),
        ],
    ),
    "2024-06-14-president-uz": (
        "Negotiations with the President of Korea", "President of Uzbekistan", "2024-06-14",
        "https://president.uz/en/lists/view/7330",
        [
            ("In 2023 trade turnover reached about $6.5 billion.", ("trade_turnover", "UZB", 2023, "2023", 6.5e9, "USD", "about", "$6.5 billion", "text", "")),
            ("Kazakhstan's trade with Korea was $6.4 billion in 2023.", ("trade_turnover", "KAZ", 2023, "2023", 6.4e9, "USD", "equal", "$6.4 billion", "text", "")),
            ("More than 1,000 joint ventures operate in 2023.", ("joint_ventures", "UZB", 2023, "2023", 1000, "count", "more_than", "1,000", "text", "")),
            ("Central Asia traded $5.9 billion with Korea in 2022.", ("trade_turnover", "CAS", 2022, "2022", 5.9e9, "USD", "equal", "$5.9 billion", "text", "")),
        ],
    ),
    "2024-01-15-kun-trade": (
        "Korea is a top partner", "Kun.uz", "2024-01-15", "https://kun.uz/en/news/1",
        [
            ("Trade in 2023 totalled $6.2 billion.", ("trade_turnover", "UZB", 2023, "2023", 6.2e9, "USD", "equal", "$6.2 billion", "text", "")),
        ],
    ),
    EXCERPT: (
        "Joint ventures keep growing", "Uzbekistan Daily", "2024-03-05", "https://example.org/uz-daily/jv-2024",
        [
            ("About 900 joint ventures operated in 2022.", ("joint_ventures", "UZB", 2022, "2022", 900, "count", "about", "900", "text", "")),
        ],
    ),
    HOSTILE: (
        '<b>Hostile</b> <script>window.__pwned = 3</script>', "=cmd|' /C calc'!A0", "2024-02-01",
        "javascript:alert(1)",
        [
            (HOSTILE_QUOTE, ("exports", "KAZ", 2023, "2023", 1.2e9, "USD", "equal", "$1.2 billion", "text", "=HYPERLINK(\"http://evil\")")),
        ],
    ),
}
PREAMBLE = "Press release.\n\n"
REVIEW_SENTENCE = "The forum took place in 1992, gathered 300 guests and noted $40 million."
REVIEW_ITEMS = (("1992", "a year, not a figure"), ("300", "a count of something not tracked (guests)"),
                ("$40 million", "unknown indicator: no cue word (trade, exports, investment, EDCF...) near the figure"))

STATISTICS = {
    # source_id: (publisher, {year: value})
    "kcs-trade-annual": ("Korea Customs Service", {2019: 3.3e9, 2020: 2.2e9, 2021: 2.6e9, 2022: 6.3e9, 2023: 6.6e9}),
    "imf-dots-partner-reported": ("IMF Direction of Trade Statistics", {2019: 3.0e9, 2020: 2.0e9, 2021: 2.4e9, 2022: 5.9e9}),
}


def body_of(source_id: str) -> str:
    sentences = [s for s, _ in DOCUMENTS[source_id][4]]
    if source_id == EXCERPT:
        return "[…]\n\n" + sentences[0] + "\n\n[…]"
    if source_id == "2021-03-10-uz-trade":
        sentences.append(REVIEW_SENTENCE)
    return PREAMBLE + "\n\n".join(sentences)


def _row(**kw) -> dict:
    return {c: kw.get(c, "") for c in COLUMNS}


def build_rows() -> tuple[list[dict], list[dict], list[dict], list[dict]]:
    """indicators, sources, review and checks rows (lists of dicts, contract columns)."""
    rows, sources, review = [], [], []
    for sid, (title, publisher, published, url, figures) in DOCUMENTS.items():
        body = body_of(sid)
        kind = "excerpt" if sid == EXCERPT else "document"
        sources.append(dict(zip(SOURCE_COLUMNS, (sid, title, publisher, published, url, "en", kind))))
        for sentence, (ind, country, year, period, value, unit, comp, stated, method, note) in figures:
            q0 = body.index(sentence)
            start = q0 + sentence.index(stated)
            end = start + len(stated)
            assert body[start:end] == stated
            rows.append(_row(
                id=make_id(sid, start, ind), indicator=ind, country=country, partner="KOR", year=year,
                period=period, value=value, unit=unit, comparator=comp, source_id=sid, source_title=title,
                publisher=publisher, published=published, url=url, quote=sentence, char_start=start,
                char_end=end, stated=stated, method=method, note=note,
            ))
        if sid == "2021-03-10-uz-trade":
            for stated, reason in REVIEW_ITEMS:
                start = body.index(REVIEW_SENTENCE) + REVIEW_SENTENCE.index(stated)
                review.append({c: "" for c in REVIEW_COLUMNS} | {
                    "source_id": sid, "char_start": start, "char_end": start + len(stated), "stated": stated,
                    "value": stated, "reason": reason, "quote": REVIEW_SENTENCE,
                })
    for sid, (publisher, series) in STATISTICS.items():
        sources.append(dict(zip(SOURCE_COLUMNS, (sid, f"{publisher}: Uzbekistan-Korea trade", publisher, "2025-01-31", "https://example.org/" + sid, "en", "snapshot"))))
        for year, value in series.items():
            rows.append(_row(
                id=make_id(sid, year), indicator="trade_turnover", country="UZB", partner="KOR", year=year,
                period=str(year), value=value, unit="USD", comparator="equal", source_id=sid,
                source_title=f"{publisher}: Uzbekistan-Korea trade", publisher=publisher, published="2025-01-31",
                url="https://example.org/" + sid, method="statistics",
            ))
    return rows, sources, review, build_checks(rows)


def build_checks(rows: list[dict]) -> list[dict]:
    """checks.csv rows in the agreed format (#10): one row per claim, the Korea-reported series first."""
    kcs, imf = STATISTICS["kcs-trade-annual"][1], STATISTICS["imf-dots-partner-reported"][1]
    checks = []
    for r in rows:
        if r["method"] != "text":
            continue
        row = {c: "" for c in CHECK_COLUMNS} | {k: r[k] for k in CLAIM_KEYS}
        official = kcs.get(r["year"]) if r["indicator"] == "trade_turnover" and r["country"] == "UZB" else None
        if official is None:
            row |= {"verdict": "no statistic", "reason": f"no official series for {r['indicator']} of {r['country']}"}
        elif r["period"] != str(r["year"]):
            row |= {"verdict": "not comparable", "reason": "part of a year, against whole years"}
        else:
            margin = (r["value"] - official) / official * 100
            other = imf.get(r["year"])
            other_margin = None if other is None else (r["value"] - other) / other * 100
            if r["comparator"] == "more_than":
                verdict = "bound holds" if official > r["value"] else "bound fails"
            elif abs(margin) <= 5:
                verdict = "consistent"
            elif other_margin is not None and abs(other_margin) <= 5:
                verdict = "matches partner records"
            else:
                verdict = "differs"
            row |= {"verdict": verdict, "reason": f"against Korea Customs for {r['year']}",
                    "statistic_source_id": "kcs-trade-annual", "statistic_publisher": "Korea Customs Service",
                    "statistic_reporter": "KOR", "statistic_period": str(r["year"]), "statistic_value": official,
                    "margin_pct": round(margin, 2), "tolerance_pct": 5}
            if other is not None:
                row |= {"other_source_id": "imf-dots-partner-reported", "other_reporter": "UZB",
                        "other_value": other, "other_margin_pct": round(other_margin, 2)}
        checks.append(row)
    return checks



def _write(path: Path, columns, rows) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        w = csv.DictWriter(fh, fieldnames=list(columns), lineterminator="\n")
        w.writeheader()
        for r in rows:
            w.writerow({k: (f"{v:.0f}" if isinstance(v, float) and v.is_integer() else v) for k, v in r.items()})


def write_data_folder(folder: Path, *, checks: bool = True, meta: bool = False) -> Path:
    """Write the sample data folder; returns the path of its indicators.csv.

    ``meta``: also the official series' snapshots/*.meta.yml (their producer, vintage, caveats, reporter).
    """
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sources").mkdir(exist_ok=True)
    rows, sources, review, check_rows = build_rows()
    _write(folder / "indicators.csv", COLUMNS, rows)
    _write(folder / "sources.csv", SOURCE_COLUMNS, sources)
    _write(folder / "review.csv", REVIEW_COLUMNS, review)
    if checks:
        _write(folder / "checks.csv", CHECK_COLUMNS, check_rows)
    if meta:
        write_meta(folder)
    for sid, (title, publisher, published, url, _) in DOCUMENTS.items():
        front = f"---\ntitle: {title!r}\npublisher: {publisher!r}\npublished: '{published}'\nurl: {url!r}\n---\n"
        front = front.replace("'", '"') if "'" not in title + publisher + url else front
        (folder / "sources" / f"{sid}.md").write_text(front + body_of(sid) + "\n", encoding="utf-8")
    return folder / "indicators.csv"


# snapshots/<source_id>.meta.yml: provenance of the two official series (read by dashboard/provenance.py)
META = {
    "kcs-trade-annual": """title: "Korea's trade with Uzbekistan, annual (Korea Customs Service)"
producer: Korea Customs Service
citation: "Korea Customs Service, trade statistics by country, data.go.kr dataset 15101211."
url: https://example.org/mirror/kcs-trade-annual
producer_url: https://unipass.customs.go.kr/ets/
date_accessed: 2025-01-31
vintage: 2025-01-15
licence: Public data under Korea's Public Data Act.
reporter: KOR
caveats:
  - "Korea-reported: the Central Asian side reports other figures."
  - "<script>window.__pwned = 9</script> stays text"
""",
    "imf-dots-partner-reported": """title: "Uzbekistan's trade with Korea, partner-reported (IMF DOTS)"
producer: IMF Direction of Trade Statistics
citation: International Monetary Fund, Direction of Trade Statistics.
url: javascript:alert(1)
date_accessed: 2025-01-31
licence: IMF data terms.
reporter: partner
caveats:
  - "Some cells are IMF estimates."
""",
}


def write_meta(folder: Path) -> None:
    (folder / "snapshots").mkdir(exist_ok=True)
    for sid, text in META.items():
        (folder / "snapshots" / f"{sid}.meta.yml").write_text(text, encoding="utf-8")

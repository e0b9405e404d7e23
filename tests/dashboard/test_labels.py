"""Plain words for series, reporters, verdicts and review reasons (#11: never a raw id where a name will do)."""
import pytest

from dashboard import labels


@pytest.mark.parametrize(
    "producer, reporter, country, expected",
    [
        ("Korea Customs Service; IMF Direction of Trade Statistics (1992-1999)", "KOR", "Uzbekistan", "Korea Customs (Korea-reported)"),
        ("IMF Direction of Trade Statistics", "partner", "Kazakhstan", "IMF DOTS (Kazakhstan-reported)"),
        ("IMF Direction of Trade Statistics", "partner", "Central Asia", "IMF DOTS (partner-reported)"),
        ("UNCTAD Bilateral FDI Statistics", "", "Kyrgyzstan", "UNCTAD"),
        ("National Statistics Committee (2024)", "", "", "National Statistics Committee"),
        ("", "KOR", "", "official statistics (Korea-reported)"),
    ],
)
def test_series_label(producer, reporter, country, expected):
    assert labels.series_label(producer, reporter, country) == expected


@pytest.mark.parametrize(
    "source_id, meta, expected",
    [("kcs-imf-trade-annual-korea-reported", None, "KOR"), ("imf-dots-trade-annual-partner-reported", "", "partner"),
     ("unctad-fdi", "host (KAZ, KGZ) or investor (TJK)", ""), ("anything", "KOR", "KOR"), ("x-korea-reported", "partner", "partner")],
)
def test_reporter_of(source_id, meta, expected):
    assert labels.reporter_of(source_id, meta) == expected


@pytest.mark.parametrize(
    "verdict, words",
    [("consistent", "Consistent with the official figure"), ("bound holds", "The stated bound holds"),
     ("bound fails", "The stated bound fails"), ("matches partner records", "Matches the other country's records"),
     ("not comparable", "Not comparable with an official figure"), ("differs", "Differs from the official figure"),
     ("no statistic", "No official figure to compare with"), ("", "Not checked"), (None, "Not checked"), ("new one", "New one")],
)
def test_verdict_text(verdict, words):
    assert labels.verdict_text(verdict) == words


@pytest.mark.parametrize(
    "reason, kind",
    [("a year, not a figure", "not-a-figure"), ("part of a date", "not-a-figure"), ("an ordinal or rank", "not-a-figure"),
     ("the same figure as 'US $7 billion' in another unit (in parentheses)", "not-a-figure"),
     ("unknown indicator: no cue word (trade, exports, investment, EDCF...) near the figure", "review"),
     ("no reference year: a flow stated without a year or period", "review"),
     ("no country: the text does not say which Central Asian country", "review"),
     ("a count of something not tracked (guests)", "skipped"), ("partner is not Korea ('Japan')", "skipped"), ("", "skipped")],
)
def test_review_kind(reason, kind):
    # #11: the Sources reader badges only what is in review, not every year
    assert labels.review_kind(reason) == kind


@pytest.mark.parametrize("margin, text", [(-57.734, "−57.7 %"), (4.21, "+4.2 %"), (None, ""), ("x", ""), (float("nan"), "")])
def test_margin_text(margin, text):
    assert labels.margin_text(margin) == text


def test_every_comparator_has_words_and_a_meaning():
    from etl.schema import COMPARATORS

    assert set(labels.COMPARATOR_MEANINGS) == set(COMPARATORS)
    assert labels.comparator_text("equal") == "exactly as stated" and labels.comparator_text("at_most") == "up to"


@pytest.mark.parametrize(
    "reporter, country, words",
    [("KOR", "Uzbekistan", "Korea-reported"), ("UZB", "Uzbekistan", "Uzbekistan-reported"),
     ("KAZ", "", "Kazakhstan-reported"), ("CAS", "Central Asia", "partner-reported"), ("partner", "Tajikistan", "Tajikistan-reported"),
     ("", "Uzbekistan", ""), ("XXX", "Uzbekistan", "")],
)
def test_reporter_text_reads_checks_and_metadata_alike(reporter, country, words):
    # checks.csv names the reporting country (KOR, UZB, CAS); a snapshot's metadata says KOR or partner
    assert labels.reporter_text(reporter, country) == words

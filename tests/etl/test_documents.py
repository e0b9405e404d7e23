"""Reading documents: front matter validated, errors name the file, the field and the problem (issue #3)."""
from __future__ import annotations

import pytest

from etl.documents import decode, parse
from etl.errors import DocumentError

GOOD = "---\ntitle: T\npublisher: P\npublished: 2024-06-14\nurl: https://example.org/a\n---\nBody text.\n"


def test_parses_fields_and_body():
    doc = parse(GOOD, "a")
    assert (doc.title, doc.publisher, doc.published, doc.url, doc.language, doc.body) == \
        ("T", "P", "2024-06-14", "https://example.org/a", "en", "Body text.")
    assert doc.year == 2024 and doc.month == 6


@pytest.mark.parametrize("variant", [
    "\ufeff" + GOOD,                       # a byte-order mark
    GOOD.replace("\n", "\r\n"),            # Windows line ends
    GOOD.replace("\n", "\r"),              # old Mac line ends
])
def test_bom_and_line_ends_give_the_same_body(variant):
    assert parse(variant, "a") == parse(GOOD, "a")


@pytest.mark.parametrize("published, expected", [("2024", "2024"), ("2024-05", "2024-05"), ("'2021-01'", "2021-01")])
def test_partial_dates(published, expected):
    assert parse(GOOD.replace("2024-06-14", published), "a").published == expected


@pytest.mark.parametrize("text, field, words", [
    ("Just a body, no front matter.", None, "no YAML front matter"),
    ("---\ntitle: [unclosed\npublisher: P\npublished: 2024\n---\nBody", "title", "not valid YAML"),
    ("---\ntitle: T\npublisher: P\n---\nBody", "published", "missing"),
    ("---\ntitle: T\npublished: 2024\n---\nBody", "publisher", "missing"),
    ("---\ntitle: ''\npublisher: P\npublished: 2024\n---\nBody", "title", "missing"),
    ("---\ntitle: T\npublisher: P\npublished: June 2024\n---\nBody", "published", "not a date"),
    ("---\ntitle: T\npublisher: P\npublished: 2024\n---\n   \n", None, "body is empty"),
    ("---\n- a\n- b\n---\nBody", None, "not a mapping"),
])
def test_bad_documents_name_file_field_and_problem(text, field, words):
    with pytest.raises(DocumentError) as e:
        parse(text, "bad-doc")
    assert "bad-doc" in str(e.value) and words in str(e.value)
    assert e.value.field == field


def test_not_utf8_is_named():
    with pytest.raises(DocumentError, match="bad.md: not UTF-8"):
        decode(GOOD.encode("utf-16"), "bad.md")


def test_yaml_is_loaded_safely():
    text = "---\ntitle: !!python/object/apply:os.system ['echo pwned']\npublisher: P\npublished: 2024\n---\nBody"
    with pytest.raises(DocumentError, match="explicit tag .* not allowed") as e:
        parse(text, "evil")
    assert e.value.field == "title"

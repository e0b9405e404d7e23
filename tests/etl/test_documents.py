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


def _tree(node):
    """A composed YAML node as plain data: (tag, value) all the way down."""
    if isinstance(node.value, list):
        return node.tag, [_tree(v) if not isinstance(v, tuple) else (_tree(v[0]), _tree(v[1])) for v in node.value]
    return node.tag, node.value


@pytest.mark.parametrize("fm", [
    "title: T\npublisher: P\npublished: 2024-06-14\nurl: https://example.org/a\n",
    "title: 'Korea & Uzbekistan: $1 billion!'\n# a comment\n\npublished: '2024'\nexcerpt: true\nyear: 2024\n",
    "title: \"quoted \\\"inner\\\"\"\npublisher: P # trailing comment\nempty:\nnull_value: ~\nn: -5\nf: 1.5e3\n",
])
def test_flat_front_matter_composes_the_same_through_libyaml(fm):
    # #12: plain "key: value" front matter is composed by libyaml; it must give the very nodes the careful loader does
    from etl.documents import _FLAT, FrontMatterLoader, _FastLoader

    assert _FLAT.fullmatch(fm)
    trees = []
    for loader_class in (_FastLoader, FrontMatterLoader):
        loader = loader_class(fm)
        try:
            trees.append(_tree(loader.get_single_node()))
        finally:
            loader.dispose()
    assert trees[0] == trees[1]


@pytest.mark.parametrize("fm", ["a: &x 1\nb: *x\n", "a: !!python/object:os.system x\n", "a:\n  - b\n", "a: [1, [2]]\n",
                                "a: |\n  text\n", "just a scalar\n"])
def test_anything_but_flat_front_matter_goes_the_careful_way(fm):
    from etl.documents import _FLAT

    assert not _FLAT.fullmatch(fm)

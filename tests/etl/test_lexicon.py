"""Conventions of the lexicon (issue #9, step 1): the words live in etl/lexicon.yml, every entry is
exercised by at least one row of the spec table, and every indicator family by at least one expected figure.

The spec table is the sentence table of tests/etl/test_extraction.py plus tests/etl/spec/sentences.yml.
Adding a phrasing = one line in lexicon.yml + one row in the table.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from etl import lexicon as lx
from etl.schema import vocabulary

HERE = Path(__file__).parent
PLACE = "Korea|the Republic of Korea|Uzbekistan|Kazakhstan|Kyrgyzstan|Tajikistan|Turkmenistan|Central Asia|Uzbek|Kazakh|Kyrgyz|Tajik|Turkmen|Korean"
PRODUCT = "|".join(lx.words("products"))
CITY = "|".join(city for cities in lx.words("cities").values() for city in cities)


def spec_rows() -> list[tuple[str, list[str]]]:
    """(text, expected indicators) of every spec row."""
    from tests.etl.test_extraction import CASES

    rows = [(body, [e[0] for e in expected]) for body, _, expected in CASES]
    spec = HERE / "spec" / "sentences.yml"
    if spec.exists():
        for row in yaml.safe_load(spec.read_text(encoding="utf-8")) or []:
            rows.append((row["text"], [e[0] for e in row.get("expect") or []]))
    return rows


TEXTS = [text for text, _ in spec_rows()]


def _unanchored(name: str) -> re.Pattern:
    """The pattern as it would search a whole sentence: anchors dropped, PLACE filled in."""
    text = lx.source(name).replace("PLACE", PLACE).replace("CITY", CITY).replace("PRODUCT", PRODUCT)
    text = text[1:] if text.startswith("^") else text
    text = text[:-1] if text.endswith("$") and not text.endswith("\\$") else text
    return re.compile(text, re.IGNORECASE if lx.ignores_case(name) else 0)


# rows that wait for a rule of step 2 (issue #9): the year-to-date span is fixed there
WAITING: set[str] = set()


@pytest.mark.parametrize("name", [pytest.param(n, marks=pytest.mark.xfail(strict=True, reason="issue #9 step 2"))
                                  if n in WAITING else n for n in lx.names()])
def test_every_pattern_has_a_spec_row(name):
    pattern = _unanchored(name)
    assert any(pattern.search(t) for t in TEXTS), f"lexicon pattern {name!r} matches no spec sentence: add one"


# (relative_years, qualifiers and capacity_units map the names of patterns, each tested on its own above)
WORD_LISTS = [n for n, v in lx.data()["words"].items()
              if n not in ("relative_years", "qualifiers", "capacity_units", "own_codes")]


@pytest.mark.parametrize("name", WORD_LISTS)
def test_every_word_list_has_a_spec_row(name):
    listed = lx.words(name)
    groups = listed.values() if isinstance(listed, dict) and isinstance(next(iter(listed.values())), list) else [listed]
    for words in groups:
        found = [w for w in words if any(re.search(rf"(?<!\w){re.escape(str(w))}(?!\w)", t, re.IGNORECASE)
                                         for t in TEXTS)]
        assert found, f"no spec sentence uses a word of {name!r}: add one"


@pytest.mark.parametrize("family", sorted({i.family for i in vocabulary().values()}))
def test_every_indicator_family_has_a_spec_row(family):
    indicators = {i.id for i in vocabulary().values() if i.family == family}
    assert any(indicators & set(expected) for _, expected in spec_rows()), f"no spec row expects a {family} figure"


def test_no_word_in_the_resolver_code():
    """The resolver names no indicator: it asks the vocabulary (issue #9)."""
    ids = "|".join(vocabulary())
    for path in (HERE.parents[1] / "etl" / "resolve").glob("*.py"):
        assert not re.search(rf"[\"']({ids})[\"']", path.read_text(encoding="utf-8")), path


def test_every_product_is_one_alternative():
    # a product's plain head leads its search (etl/resolve/indicator.py); one with no head is its own lead, and a
    # '|' in it would split that lead and hide every product (issue #9): write 'car kits', 'vehicle kits' apart
    for product in lx.words("products"):
        assert lx.head(product) or "|" not in product, f"product {product!r}: one alternative per entry"

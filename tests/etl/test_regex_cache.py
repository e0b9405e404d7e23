"""The compiled patterns kept between runs (etl/regex_cache.py, issue #12): the very patterns re.compile makes."""
from __future__ import annotations

import re

import pytest

from etl import lexicon as lx
from etl import regex_cache
from etl.resolve import warm


@pytest.fixture
def cache(tmp_path, monkeypatch):
    """An empty cache folder of its own, and a process that has read nothing from it yet."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    monkeypatch.delenv("KCA_REGEX_CACHE", raising=False)
    monkeypatch.setattr(regex_cache, "_loaded", None)
    monkeypatch.setattr(regex_cache, "_used", {})
    return tmp_path


def _new_process(monkeypatch):
    """Forget what this process read and compiled, as the next run starts."""
    monkeypatch.setattr(regex_cache, "_loaded", None)
    monkeypatch.setattr(regex_cache, "_used", {})


TEXTS = [(r"\b(?P<value>\d+(?:\.\d+)?)\s*(?:bn|billion)\b", re.IGNORECASE), (r"(?<=[.!?])\s+(?=[A-Z])", 0),
         ("Korea(?!n)|Kazakh(?:stan)?", 0), (r"^\s*[-*]\s", re.MULTILINE), ("[\u0130\u0131]", 0)]


def test_every_pattern_of_the_lexicon_is_the_one_re_compile_makes(cache, monkeypatch):
    texts = [(lx.source(name), re.IGNORECASE if lx.ignores_case(name) else 0) for name in lx.names()
             if not any(word in lx.source(name) for word in lx.TEMPLATES)]
    texts += [(lx.lead_trie(lx.lead_source(name).split("|")), 0) for name in lx.names() if lx.lead_source(name)]
    for text, flags in texts:
        regex_cache.compile(text, flags)
    regex_cache.save()
    _new_process(monkeypatch)
    # (re.Pattern equality: the same text, flags and engine program), read back from the file
    assert all(regex_cache.compile(text, flags) == re.compile(text, flags) for text, flags in texts)
    assert len(regex_cache._programs()) == len(set(texts)) > 300


def test_a_later_run_reads_the_programs_back_instead_of_compiling(cache, monkeypatch):
    for text, flags in TEXTS:
        regex_cache.compile(text, flags)
    regex_cache.save()
    _new_process(monkeypatch)

    def never(*args):
        raise AssertionError("compiled again")
    monkeypatch.setattr(regex_cache, "program", never)
    for text, flags in TEXTS:
        got = regex_cache.compile(text, flags)
        assert got == re.compile(text, flags) and got.groupindex == re.compile(text, flags).groupindex
    assert regex_cache.compile(*TEXTS[0]).search("trade of 12.5 bn").group("value") == "12.5"


def test_a_damaged_or_foreign_cache_file_is_compiled_over(cache, monkeypatch):
    regex_cache.compile(*TEXTS[0])
    regex_cache.save()
    path = regex_cache.path()
    for junk in (b"", b"not marshal data", b"\xe9\x00\x00", __import__("marshal").dumps([1, 2, 3]),
                 __import__("marshal").dumps({(TEXTS[0][0], int(TEXTS[0][1])): (0, [999999], 0, {}, ())})):
        path.write_bytes(junk)
        _new_process(monkeypatch)
        assert regex_cache.compile(*TEXTS[0]) == re.compile(*TEXTS[0])
        regex_cache.save()  # and the next run finds a good file again
        _new_process(monkeypatch)
        assert regex_cache._programs().keys() == {(TEXTS[0][0], int(TEXTS[0][1]))}


def test_turned_off_or_unwritable_it_is_only_re_compile(cache, monkeypatch):
    monkeypatch.setenv("KCA_REGEX_CACHE", "off")
    assert regex_cache.path() is None
    made = []
    with monkeypatch.context() as m:
        m.setattr(regex_cache, "program", lambda text, flags: made.append(text))
        assert regex_cache.compile(*TEXTS[1]) == re.compile(*TEXTS[1])
    assert made == []  # (off: no program made beside re.compile's own)
    regex_cache.save()
    assert not any(cache.rglob("*.marshal"))
    monkeypatch.delenv("KCA_REGEX_CACHE")
    blocker = cache / "kca-indicators"
    blocker.write_text("a file where the folder would be")
    regex_cache.save()  # no error: the next run compiles again
    assert blocker.read_text() == "a file where the folder would be"


def test_a_complete_save_drops_what_the_extraction_no_longer_compiles(cache, monkeypatch):
    regex_cache.compile("an old pattern(?: of a changed lexicon)?")
    regex_cache.save()
    _new_process(monkeypatch)
    lx.pattern.cache_clear()
    try:
        warm()
    finally:
        lx.pattern.cache_clear()
    assert ("an old pattern(?: of a changed lexicon)?", 0) not in regex_cache._programs()


def test_a_program_is_kept_only_when_it_makes_re_compiles_very_pattern(cache, monkeypatch):
    other = regex_cache.program("ab|ce", 0)
    monkeypatch.setattr(regex_cache, "program", lambda text, flags: other)  # a compiler that went wrong
    assert regex_cache.compile("ab|cd") == re.compile("ab|cd") and regex_cache.compile("ab|cd").search("ce") is None
    monkeypatch.setattr(regex_cache, "program", lambda text, flags: 1 / 0)  # one that changed its shape
    assert regex_cache.compile("ab|cf") == re.compile("ab|cf")
    assert regex_cache._used == {}
    regex_cache.save()
    assert not any(cache.rglob("*.marshal"))


def test_patterns_of_older_lexicons_do_not_pile_up(cache, monkeypatch):
    monkeypatch.setattr(regex_cache, "MAX_KEPT", 5)
    sizes = []
    for version in range(4):  # a word list edited again and again, each time with a small build
        for i in range(2):
            regex_cache.compile(f"word{i} of edit {version}")
        regex_cache.save()
        _new_process(monkeypatch)
        sizes.append(len(regex_cache._programs()))
    assert sizes == [2, 4, 2, 4]  # (6 would be past 5: the third build keeps only its own two)
    assert set(regex_cache._programs()) == {(f"word{i} of edit {v}", 0) for i in range(2) for v in (2, 3)}

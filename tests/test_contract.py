"""The shipped data and the extraction against ../shared/contract.md and the hand-labelled gold (issue #3)."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from etl import schema
from etl.units import is_unit

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
needs_shared = pytest.mark.skipif(not (SHARED / "tools").is_dir(), reason="../shared (contract tools, gold) not beside the repo")


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, *args], cwd=ROOT, capture_output=True, text=True)


def test_every_indicator_has_a_unit_pint_parses():
    vocabulary = schema.vocabulary()
    for indicator in vocabulary.values():
        assert indicator.label and indicator.definition and indicator.kind in ("flow", "stock", "rate")
        assert is_unit(indicator.unit), indicator
        # every fact the extraction and the checks read is there (issue #9: no indicator id in resolve/)
        assert indicator.family and indicator.measure in ("money", "count", "percent", "capacity"), indicator
        assert indicator.statistic in ("", *vocabulary) and indicator.part_of in ("", *vocabulary), indicator
        assert indicator.undated_year in ("", "publication"), indicator


@needs_shared
def test_schema_columns_are_the_contracts():
    sys.path.insert(0, str(SHARED / "tools"))
    import check_contract

    assert list(schema.COLUMNS) == check_contract.COLUMNS
    assert schema.SORT_KEY == check_contract.SORT_KEY


@needs_shared
def test_shipped_indicators_pass_the_contract_check():
    proc = run(str(SHARED / "tools" / "check_contract.py"), "data/indicators.csv", "data/sources")
    assert proc.returncode == 0, proc.stdout[-2000:]


def test_shipped_data_rebuilds_byte_identically(tmp_path):
    proc = run("-m", "etl", "build", "--out", str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    for name in ("indicators.csv", "sources.csv", "review.csv", "checks.csv"):
        assert (tmp_path / name).read_bytes() == (ROOT / "data" / name).read_bytes(), name


def score(corpus: str, gold: str, tmp_path: Path, home: Path = SHARED / "corpus") -> dict:
    out = tmp_path / corpus
    proc = run("-m", "etl", "build", "--sources", str(home / corpus), "--out", str(out))
    assert proc.returncode == 0, proc.stderr
    proc = run(str(SHARED / "tools" / "score_extraction.py"), str(out / "indicators.csv"),
               str(home / gold), "--corpus", str(home / corpus), "--json")
    return json.loads(proc.stdout[:proc.stdout.rindex("}") + 1])


@needs_shared
def test_seed_corpus_scores_full_marks(tmp_path):
    result = score("seeds", "seeds-gold.csv", tmp_path)
    assert result["f1"] == 1.0 and result["figure_f1"] == 1.0


@needs_shared
def test_dev_corpus_generalises(tmp_path):
    # 61 articles, spans scored: what the code really scores, raised as it improves (issue 9)
    result = score("dev", "dev-gold.csv", tmp_path)
    assert result["f1"] >= 0.976 and result["figure_f1"] >= 0.995, result


@needs_shared
@pytest.mark.parametrize("corpus, full, figure", [
    # invented corpora (tests/corpus/README.md), floors at what the code scores: a rule change that loses ground
    # on any of them shows here. blind30 was never tuned on (blind26 neither until 2026-12-05, when its error report was
    # seen); the others were, after their first scoring (through their error reports: rules for the phenomena, each
    # tested on sentences of our own).
    ("heldout", 0.99, 0.99),
    ("blind", 0.97, 0.98),
    ("blind2", 0.93, 0.98),
    ("blind3", 0.93, 0.97),
    ("blind4", 0.97, 0.99),
    ("blind5", 0.97, 0.99),
    ("blind6", 0.98, 0.98),
    ("blind7", 0.97, 0.98),
    ("blind8", 0.98, 0.98),
    ("blind9", 0.96, 0.98),
    ("blind10", 0.92, 0.98),
    ("blind11", 0.96, 0.98),
    ("blind12", 0.96, 0.99),
    ("blind13", 0.97, 0.99),
    ("blind14", 0.96, 0.98),
    ("blind15", 0.97, 0.99),
    ("blind16", 0.96, 0.99),
    ("blind17", 0.97, 0.99),
    ("blind18", 0.97, 0.98),
    ("blind19", 0.90, 0.91),
    ("blind20", 0.99, 0.99),
    ("blind21", 0.98, 0.99),
    ("blind22", 0.97, 0.99),
    ("blind23", 0.95, 0.98),
    ("blind24", 0.97, 0.98),
    ("blind25", 0.96, 0.99),
    ("blind26", 0.97, 0.99),
    ("blind27", 0.81, 0.95),
    ("blind28", 0.99, 0.99),
    ("blind29", 0.98, 0.99),
    ("blind30", 0.81, 0.94),
])
def test_invented_corpora_keep_their_scores(corpus, full, figure, tmp_path):
    result = score(corpus, f"{corpus}-gold.csv", tmp_path, ROOT / "tests" / "corpus")
    assert result["f1"] >= full and result["figure_f1"] >= figure, result

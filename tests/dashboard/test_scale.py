"""The dashboard on a big table (issue #12): one columnar copy, counts without reading rows, capped charts, paged
tables. Behaviour, not speed: benchmarks/bench_dashboard.py measures the time."""
from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pandas as pd
import pytest
from dash import no_update
from dash._utils import to_json

from dashboard import data, selection, store, views
from dashboard.data import Filters, filter_rows, load_bundle
from dashboard.records import base_flags
from dashboard.state import default_state, to_query
from etl.schema import CENTRAL_ASIA, COLUMNS, REGION, vocabulary

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "benchmarks"))
from synthetic import write_folder  # noqa: E402 - the benchmark's generator: the same tables, smaller

ROWS = 30_000
COUNTRIES = (*CENTRAL_ASIA, REGION)


@pytest.fixture(scope="module")
def big_path(tmp_path_factory) -> Path:
    return write_folder(ROWS, tmp_path_factory.mktemp("big"))


@pytest.fixture(scope="module")
def big(big_path):
    return load_bundle(str(big_path))


def _points(spec: dict) -> tuple[int, int]:
    """(points that are one figure each, marks in all) of a figure spec."""
    one = sum(sum(1 for i in (t.get("customdata") or []) if i) for t in spec["data"])
    return one, sum(len([x for x in (t.get("x") or []) if x is not None]) for t in spec["data"])


def _selections(bundle, n: int, seed: int) -> list[Filters]:
    rng = random.Random(seed)
    out = [default_state(bundle).filters]
    for _ in range(n):
        lo = rng.randrange(1992, 2020)
        out.append(Filters(rng.choice(list(vocabulary())), tuple(rng.sample(COUNTRIES, rng.randint(1, 3))),
                           rng.choice(["KOR", "CHN", None]), (lo, rng.randrange(lo, 2025)),
                           rng.choice(["korea", "all", "none"])))
    return out


# ---------------------------------------------------------------- the copy holds what the frames say


def test_the_copy_has_the_flags_and_order_of_the_frame_definitions(big, big_path):
    # store.py's SQL and records.base_flags define _claim, _partial, _main and the order twice: they agree
    raw = pd.read_csv(big_path, dtype={c: str for c in COLUMNS if c not in ("year", "value", "char_start", "char_end")},
                      keep_default_na=False)
    raw["char_start"] = pd.to_numeric(raw["char_start"]).astype("Int64")
    raw["char_end"] = pd.to_numeric(raw["char_end"]).astype("Int64")
    want = base_flags(raw)
    got = big.engine.df("SELECT id, _claim, _partial, _main, _country_name FROM rows ORDER BY _n")
    assert got["id"].tolist() == want["id"].tolist()
    for flag in ("_claim", "_partial", "_main", "_country_name"):
        assert got[flag].tolist() == want[flag].tolist(), flag


@pytest.mark.parametrize("seed", [1, 2])
def test_counts_from_the_facts_are_the_rows_a_selection_holds(big, seed):
    # a selection is counted without reading a row (dashboard.facts); the count is the rows filter_rows gives
    rows = big.rows
    for f in _selections(big, 40, seed):
        counted, want = selection.count(big, f), filter_rows(rows, f)
        assert counted.total == len(want) and counted.claims == int(want["_claim"].sum()), f
        assert list(counted.years) == sorted(set(want["year"].astype(int)), reverse=True), f


# ---------------------------------------------------------------- what a request ships


def test_the_default_view_of_a_big_table_ships_ranges_not_every_figure(big):
    f = default_state(big).filters
    v = selection.view(big, f)
    assert v.total > selection.DETAIL_LIMIT and v.summary is not None
    out = views.explore(big, f)
    years = len(v.years)
    for spec in (out.by_year, out.by_country):
        one, marks = _points(spec)
        # one point per country and year carries the line; the other claims of a year are one range
        assert one <= len(f.countries) * years + selection.OFFICIAL_LIMIT
        assert marks <= one + 3 * len(f.countries) * years
    ranges = [t for t in out.by_year["data"] if t["meta"]["role"].endswith("-range")]
    assert ranges and sum(int(h.split("<br>")[1].split()[0].replace(",", "")) for t in ranges for h in t["hovertext"]) \
        == int(v.summary["n"].sum())
    assert "Too many to draw one by one" in "".join(out.message)
    assert len(to_json(list(out.as_tuple()))) < 1_000_000


def test_every_figure_of_a_big_selection_is_one_page_away_in_the_table(big):
    f = default_state(big).filters
    total = selection.count(big, f).total
    block = views.table_block(big, to_query(f), {"startRow": 0, "endRow": 100})
    assert block["rowCount"] == total > selection.DETAIL_LIMIT and len(block["rowData"]) == 100
    last = views.table_block(big, to_query(f), {"startRow": total - 7, "endRow": total + 93})
    assert len(last["rowData"]) == 7
    want = filter_rows(big.rows, f)["id"].tolist()
    assert [r["id"] for r in block["rowData"]] == want[:100] and [r["id"] for r in last["rowData"]] == want[-7:]


@pytest.mark.parametrize("size", [1_000, 4_000])
def test_a_selection_just_past_the_limit_draws_ranges(tmp_path, size):
    bundle = load_bundle(str(write_folder(size, tmp_path / "d")))
    f = Filters("trade_turnover", COUNTRIES, None, (1900, 2100), "all")
    v = selection.view(bundle, f)
    assert (v.summary is not None) == (v.total > selection.DETAIL_LIMIT)
    if v.summary is None:
        assert len(v.rows) == v.total  # every figure a point of its own


def test_the_app_never_builds_the_whole_table_as_a_frame(tmp_path):
    bundle = load_bundle(str(write_folder(5_000, tmp_path / "d")))
    before = data.MATERIALISED["rows"]
    for f in _selections(bundle, 10, 3):
        views.explore(bundle, f)
        views.table_block(bundle, to_query(f), {"startRow": 0, "endRow": 100})
        views.claims_block(bundle, to_query(f), {"startRow": 0, "endRow": 100})
        views.download(bundle, "download-csv", f)
    first = bundle.engine.rows("SELECT id FROM rows WHERE _claim LIMIT 1")[0][0]
    views.citation(bundle, first)
    views.page(bundle, "/", "?view=table")
    views.page(bundle, "/embed", "")
    assert data.MATERIALISED["rows"] == before
    assert "rows" not in bundle.__dict__ and "checks" not in bundle.__dict__  # nor every check as a frame


# ---------------------------------------------------------------- one copy, found again


def test_a_copy_is_built_once_and_found_again_by_every_process(tmp_path, monkeypatch):
    monkeypatch.setenv(store.ENV_CACHE, str(tmp_path / "cache"))
    csv_path = write_folder(2_000, tmp_path / "d")
    first = store.columnar_copy(csv_path, "indicators")
    built = first.stat().st_mtime_ns
    assert store.columnar_copy(csv_path, "indicators") == first and first.stat().st_mtime_ns >= built
    assert sorted(p.name for p in (tmp_path / "cache").iterdir()) == [first.name]  # no half-written file left
    csv_path.write_text(csv_path.read_text().replace("Press release", "Press Release", 1))
    assert store.columnar_copy(csv_path, "indicators") != first  # a changed CSV, a new copy


def test_a_big_csv_is_converted_in_a_child_process_with_the_same_result(tmp_path, monkeypatch):
    csv_path = write_folder(3_000, tmp_path / "d")
    monkeypatch.setenv(store.ENV_CACHE, str(tmp_path / "here"))
    here = store.columnar_copies([(csv_path, "indicators"), (csv_path.with_name("checks.csv"), "checks")])
    monkeypatch.setenv(store.ENV_CACHE, str(tmp_path / "child"))
    monkeypatch.setattr(store, "IN_PROCESS_BYTES", 0)
    child = store.columnar_copies([(csv_path, "indicators"), (csv_path.with_name("checks.csv"), "checks")])
    for a, b, table in ((here[0], child[0], "rows"), (here[1], child[1], "checks")):
        assert a.parent != b.parent
        one, two = (store.Engine({"t": (p, table)}).df("SELECT * FROM t") for p in (a, b))
        pd.testing.assert_frame_equal(one, two)


def test_a_csv_that_is_not_one_is_a_notice_naming_it(tmp_path):
    folder = tmp_path / "d"
    folder.mkdir()
    (folder / "indicators.csv").write_bytes(b"id,year\n\"unterminated,2020\n")
    bundle = load_bundle(str(folder / "indicators.csv"))
    assert any(p.startswith("indicators.csv") for p in bundle.problems) and bundle.facts.n_rows == 0
    assert json.loads(to_json(list(views.explore(bundle, default_state(bundle).filters).as_tuple())))


def test_a_slide_of_a_view_too_big_to_cite_says_so(big, monkeypatch):
    # a slide's notes cite every figure of its view: past SLIDE_LIMIT the button says to narrow the view
    monkeypatch.setattr(views, "SLIDE_LIMIT", 1_000)
    f = default_state(big).filters
    total = selection.count(big, f).total
    assert total > views.SLIDE_LIMIT
    download, message = views.slide_file(big, "download-pptx", None, f)
    assert download is no_update and f"This view holds {total:,} figures" in message.children

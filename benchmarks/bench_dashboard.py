"""Benchmark of the dashboard on a synthetic 100,000-row table (a script, not a test).

    .venv/bin/python benchmarks/bench_dashboard.py [--rows 100000] [--runs 200] [--no-browser]

Measures, and prints against the targets:
- server-side time of the main callback's function (views.explore): p50/p95 over
  random selections, also with the JSON encoding Dash does before answering;
- the CSV export (filter + formula-safe CSV) of a selection and of the whole table;
- time to first chart in headless Chromium, against gunicorn started from the Procfile line;
- a gunicorn worker's resident memory after serving those pages.
"""
from __future__ import annotations

import argparse
import os
import random
import shlex
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pandas as pd  # noqa: E402

from etl.schema import CENTRAL_ASIA, CHECK_COLUMNS, COLUMNS, REGION, SORT_KEY, SOURCE_COLUMNS, make_id, vocabulary  # noqa: E402

TARGETS = {"callback_p95_ms": 50, "csv_s": 0.5, "first_chart_s": 1.5, "worker_mb": 250}
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def synthetic_table(n_rows: int, seed: int = 1) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """indicators, sources and checks frames with ``n_rows`` observations, contract columns."""
    rng = random.Random(seed)
    indicators = list(vocabulary())
    countries = [*CENTRAL_ASIA, REGION]
    years = list(range(1992, 2025))
    n_sources = 2000
    sources = [
        {"source_id": f"{1992 + i % 33}-01-01-source-{i}", "title": f"Press release {i}", "publisher": f"Publisher {i % 40}",
         "published": f"{1992 + i % 33}-{1 + i % 12:02d}-01", "url": f"https://example.org/{i}", "language": "en", "kind": "document"}
        for i in range(n_sources)
    ] + [{"source_id": "kcs-trade-annual", "title": "KCS annual trade", "publisher": "Korea Customs Service",
          "published": "2025-01-31", "url": "https://example.org/kcs", "language": "en", "kind": "snapshot"}]
    comparators = ["equal"] * 6 + ["more_than", "at_least", "about", "less_than"]
    rows = []
    for n in range(n_rows):
        ind = rng.choice(indicators)
        unit = vocabulary()[ind].unit
        country, year = rng.choice(countries), rng.choice(years)
        src = sources[rng.randrange(n_sources)]
        partial = rng.random() < 0.08
        statistic = ind == "trade_turnover" and rng.random() < 0.05
        value = rng.uniform(1e8, 9e9) if unit == "USD" else (rng.uniform(-40, 60) if unit == "percent" else rng.randint(1, 3000))
        start = rng.randrange(0, 5000)
        stated = f"${value / 1e9:.1f} billion" if unit == "USD" else str(round(value))
        rows.append({
            "id": make_id("bench", n), "indicator": ind, "country": country, "partner": "KOR" if rng.random() < 0.9 else "CHN",
            "year": year, "period": f"{year}-01/{year}-06" if partial and not statistic else str(year), "value": round(value, 2),
            "unit": unit, "comparator": "equal" if statistic else rng.choice(comparators),
            "source_id": "kcs-trade-annual" if statistic else src["source_id"],
            "source_title": src["title"], "publisher": src["publisher"], "published": src["published"], "url": src["url"],
            "quote": "" if statistic else f"In {year} the figure reached {stated}, said the minister.",
            "char_start": None if statistic else start, "char_end": None if statistic else start + len(stated),
            "stated": "" if statistic else stated, "method": "statistics" if statistic else "text", "note": "",
        })
    df = pd.DataFrame(rows, columns=list(COLUMNS)).sort_values(list(SORT_KEY), kind="stable")
    df["char_start"] = df["char_start"].astype("Int64")
    df["char_end"] = df["char_end"].astype("Int64")
    claims = df[(df["indicator"] == "trade_turnover") & (df["method"] == "text")].head(5000)
    checks = claims.assign(statistic_value=claims["value"] * 1.03, statistic_source_id="kcs-trade-annual",
                           statistic_publisher="Korea Customs Service", statistic_reporter="KOR",
                           statistic_period=claims["year"].astype(str), margin_pct=-2.9, tolerance_pct=10.5,
                           other_source_id="", other_reporter="", other_value=None, other_margin_pct=None,
                           verdict="consistent", reason="against Korea Customs for the year", note="")[list(CHECK_COLUMNS)]
    return df, pd.DataFrame(sources, columns=list(SOURCE_COLUMNS)), checks


def pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def bench_server_side(path: Path, runs: int) -> dict:
    from dash._utils import to_json  # what Dash uses to encode a callback's answer

    from dashboard import downloads, views
    from dashboard.data import Filters, filter_rows, load_bundle
    from dashboard.state import parse_query

    t0 = time.perf_counter()
    bundle = load_bundle(str(path))
    load_s = time.perf_counter() - t0
    rng = random.Random(7)
    countries = [*CENTRAL_ASIA, REGION]
    selections = [parse_query("", bundle.rows).filters]  # the default view: every country
    for _ in range(runs - 1):
        lo = rng.randrange(1992, 2020)
        selections.append(Filters(rng.choice(list(vocabulary())), tuple(rng.sample(countries, rng.randint(1, 3))), "KOR",
                                  (lo, rng.randrange(lo, 2025))))
    views.explore(bundle, selections[0])  # warm up
    fn, enc, sizes = [], [], []
    for f in selections:
        t = time.perf_counter()
        out = views.explore(bundle, f)
        t1 = time.perf_counter()
        to_json(list(out.as_tuple()))
        t2 = time.perf_counter()
        fn.append((t1 - t) * 1000)
        enc.append((t2 - t) * 1000)
        sizes.append(len(out.records))
    default = selections[0]
    t = time.perf_counter()
    csv_default = downloads.rows_csv(filter_rows(bundle.rows, default))
    csv_default_s = time.perf_counter() - t
    t = time.perf_counter()
    downloads.zip_bytes(filter_rows(bundle.rows, default), bundle.sources, default)
    zip_default_s = time.perf_counter() - t
    t = time.perf_counter()
    csv_all = downloads.rows_csv(bundle.rows)
    csv_all_s = time.perf_counter() - t
    return {
        "load_s": load_s,
        "callback_p50_ms": statistics.median(fn), "callback_p95_ms": pct(fn, 95), "callback_max_ms": max(fn),
        "callback_json_p95_ms": pct(enc, 95), "default_view_ms": fn[0], "default_view_rows": sizes[0],
        "median_rows": statistics.median(sizes), "max_rows": max(sizes),
        "csv_default_s": csv_default_s, "csv_default_rows": csv_default.count(b"\n") - 1,
        "zip_default_s": zip_default_s, "csv_all_s": csv_all_s, "csv_all_rows": csv_all.count(b"\n") - 1,
    }


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _children(pid: int) -> list[int]:
    out = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            out.append(int(stat.parent.name))
    return out


def bench_browser(path: Path, loads: int) -> dict:
    from playwright.sync_api import sync_playwright

    port = _free_port()
    line = next(l for l in (ROOT / "Procfile").read_text().splitlines() if l.startswith("web:"))
    argv = shlex.split(line.split(":", 1)[1].replace("$PORT", str(port)))
    argv[0] = str(Path(sys.executable).with_name("gunicorn"))
    log = tempfile.TemporaryFile()
    proc = subprocess.Popen(argv, cwd=ROOT, env={**os.environ, "KCA_DATA": str(path)}, stdout=subprocess.DEVNULL, stderr=log)
    url = f"http://127.0.0.1:{port}/"
    try:
        deadline = time.monotonic() + 120
        while True:
            if proc.poll() is not None:
                log.seek(0)
                raise SystemExit(f"gunicorn died:\n{log.read().decode(errors='replace')}")
            try:
                urllib.request.urlopen(url, timeout=2).read()
                break
            except OSError:
                if time.monotonic() > deadline:
                    raise SystemExit("gunicorn did not answer") from None
                time.sleep(0.3)
        workers = _children(proc.pid)
        # both workers load the table at import; wait until each answers a layout request
        for _ in range(8):
            urllib.request.urlopen(url + "_dash-layout", timeout=30).read()
        def first_chart(page, target: str) -> float:
            page.goto(target)
            page.wait_for_selector("#by-year-chart .scatterlayer .trace", state="attached", timeout=30000)
            return page.evaluate("() => performance.now()") / 1000

        cold, typical, warm = [], [], []
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=CHROMIUM_ARGS)
            for _ in range(loads):
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                page = context.new_page()
                cold.append(first_chart(page, url))  # a fresh browser profile: nothing cached
                warm.append(first_chart(page, url))  # the same view again: scripts in the browser's cache
                context.close()
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                typical.append(first_chart(context.new_page(), url + "?indicator=exports&countries=UZB,KAZ&years=2015-2024"))
                context.close()
            browser.close()
        times = cold
        rss = {pid: _rss_mb(pid) for pid in workers}
        return {"first_chart_median_s": statistics.median(times), "first_chart_max_s": max(times),
                "typical_median_s": statistics.median(typical), "warm_median_s": statistics.median(warm), "worker_rss_mb": max(rss.values()), "workers": len(rss),
                "master_rss_mb": _rss_mb(proc.pid)}
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--loads", type=int, default=5, help="page loads in Chromium")
    parser.add_argument("--no-browser", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        t = time.perf_counter()
        df, sources, checks = synthetic_table(args.rows)
        df.to_csv(folder / "indicators.csv", index=False)
        sources.to_csv(folder / "sources.csv", index=False)
        checks.to_csv(folder / "checks.csv", index=False)
        pd.DataFrame(columns=["source_id", "char_start", "char_end", "stated", "reason", "quote"]).to_csv(folder / "review.csv", index=False)
        print(f"synthetic table: {len(df):,} rows, {len(sources):,} sources, {len(checks):,} checks ({time.perf_counter() - t:.1f} s to make)")
        s = bench_server_side(folder / "indicators.csv", args.runs)
        print(f"load once per process:           {s['load_s']:.2f} s")
        print(f"main callback (views.explore):   p50 {s['callback_p50_ms']:.1f} ms, p95 {s['callback_p95_ms']:.1f} ms, "
              f"max {s['callback_max_ms']:.1f} ms over {args.runs} selections (median {s['median_rows']:.0f} rows, max {s['max_rows']})"
              f"   target p95 < {TARGETS['callback_p95_ms']} ms")
        print(f"  default view (all countries): {s['default_view_ms']:.1f} ms for {s['default_view_rows']} rows; "
              f"with JSON encoding p95 {s['callback_json_p95_ms']:.1f} ms")
        print(f"CSV export, default view:        {s['csv_default_s']:.3f} s ({s['csv_default_rows']} rows)   target < {TARGETS['csv_s']} s")
        print(f"zip export, default view:        {s['zip_default_s']:.3f} s")
        print(f"CSV export, whole table:         {s['csv_all_s']:.3f} s ({s['csv_all_rows']:,} rows)")
        if not args.no_browser:
            b = bench_browser(folder / "indicators.csv", args.loads)
            print(f"first chart in Chromium:         default view (every country), cold profile: median {b['first_chart_median_s']:.2f} s, "
                  f"max {b['first_chart_max_s']:.2f} s over {args.loads} loads   target < {TARGETS['first_chart_s']} s")
            print(f"                                 same view, scripts cached: median {b['warm_median_s']:.2f} s")
            print(f"                                 2 countries, 10 years, cold profile: median {b['typical_median_s']:.2f} s")
            print(f"gunicorn worker RSS:             {b['worker_rss_mb']:.0f} MB (largest of {b['workers']} workers; master "
                  f"{b['master_rss_mb']:.0f} MB)   target < {TARGETS['worker_mb']} MB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

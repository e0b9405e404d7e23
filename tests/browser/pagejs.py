"""JavaScript the browser tests evaluate in the page, and small helpers they share."""
from __future__ import annotations

from urllib.parse import urlparse

from dashboard.data import Filters, filter_rows, load_bundle
from dashboard.state import parse_query

# the observation ids a chart draws, sorted
CHART_IDS = """(gid) => {
  const gd = document.querySelector('#' + gid + ' .js-plotly-plot');
  if (!gd || !gd.data) return null;
  const out = [];
  for (const t of gd.data) for (const i of (t.customdata || [])) if (i) out.push(i);
  return out.sort();
}"""
TRACE_NAMES = """(gid) => {
  const gd = document.querySelector('#' + gid + ' .js-plotly-plot');
  return gd && gd.data ? gd.data.map(t => t.name) : null;
}"""
LEGEND_NAMES = """(gid) => [...document.querySelectorAll('#' + gid + ' .legend .legendtext')].map(e => e.textContent)"""
POINT_XY = """([gid, oid]) => {
  const gd = document.querySelector('#' + gid + ' .js-plotly-plot');
  const L = gd._fullLayout, r = gd.getBoundingClientRect();
  for (const t of gd._fullData) {
    const cd = t.customdata || [];
    for (let i = 0; i < cd.length; i++) if (cd[i] === oid)
      return [r.left + L._size.l + L.xaxis.d2p(t.x[i]), r.top + L._size.t + L.yaxis.d2p(t.y[i])];
  }
  return null;
}"""
PLOT_SIZE = """(gid) => { const L = document.querySelector('#' + gid + ' .js-plotly-plot')._fullLayout;
  return [L._size.w, L._size.h, L.legend.orientation]; }"""
LAYOUT = """(gid) => { const gd = document.querySelector('#' + gid + ' .js-plotly-plot'); return gd && gd.layout ? gd.layout : {}; }"""


def bundle_of(data_path):
    return load_bundle(str(data_path))


def expected_ids(data_path, filters: Filters) -> list[str]:
    return sorted(filter_rows(bundle_of(data_path).rows, filters)["id"])


def state_of(page, data_path):
    return parse_query(urlparse(page.url).query, bundle_of(data_path).rows)


def id_of(data_path, source_id, country=None):
    rows = bundle_of(data_path).rows
    rows = rows[rows["source_id"] == source_id]
    if country:
        rows = rows[rows["country"] == country]
    return rows["id"].iloc[0]


def wait_chart(page, gid, ids):
    page.wait_for_function(f"([gid, want]) => JSON.stringify(({CHART_IDS})(gid)) === JSON.stringify(want)", arg=[gid, ids])


def hover_point(page, gid, obs) -> tuple[float, float]:
    """Move the mouse onto a point until its hover label shows (the page may still be settling its layout)."""
    page.wait_for_selector("#rows-table .ag-center-cols-container .ag-row:not(.ag-row-loading)")  # the table's rows come after the chart
    page.wait_for_timeout(300)
    for _ in range(10):
        x, y = page.evaluate(POINT_XY, [gid, obs])
        page.mouse.move(x, y)
        try:
            page.wait_for_selector(".hoverlayer .hovertext", timeout=1500)
            return x, y
        except Exception:  # noqa: BLE001 - a layout shift moved the point: measure again
            page.mouse.move(0, 0)
    raise AssertionError(f"no hover label on point {obs} of {gid}")


def drawer_open(page) -> bool:
    return page.evaluate("() => document.getElementById('citation-drawer').classList.contains('open')")

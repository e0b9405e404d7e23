"""JavaScript the browser tests evaluate in the page."""

# the observation ids a chart draws, sorted
CHART_IDS = """(gid) => {
  const gd = document.querySelector('#' + gid + ' .js-plotly-plot');
  if (!gd || !gd.data) return null;
  const out = [];
  for (const t of gd.data) for (const i of (t.customdata || [])) if (i) out.push(i);
  return out.sort();
}"""

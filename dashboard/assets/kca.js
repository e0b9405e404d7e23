// The few things done in the browser (dashboard/callbacks.py names them): the window's width, what lies below
// the over-time chart drawn after it, the ring on the selected point, and the citation drawer's keyboard behaviour (focus when it opens, Escape closes it).
(function () {
  "use strict";
  var DRAWER = "citation-drawer", CLOSE = "citation-close";
  var CHARTS = ["by-year-chart", "by-country-chart"];
  var opener = null; // the element that had the focus before the drawer opened

  function plot(gid) {
    var gd = document.querySelector("#" + gid + " .js-plotly-plot");
    return gd && gd.data && window.Plotly ? gd : null;
  }

  function ring(gd, selected) {
    // a red ring around the selected point of the over-time chart (a layout shape, sized in pixels)
    var shape = null;
    for (var t = 0; selected && t < gd.data.length && !shape; t++) {
      var tr = gd.data[t], cd = tr.customdata || [], i = cd.indexOf(selected);
      if (i >= 0 && tr.x && tr.x[i] !== null && tr.x[i] !== undefined) {
        shape = {type: "circle", xref: "x", yref: "y", xsizemode: "pixel", ysizemode: "pixel",
                 xanchor: tr.x[i], yanchor: tr.y[i], x0: -14, x1: 14, y0: -14, y1: 14,
                 line: {color: "#C00000", width: 3}, name: "marked"};
      }
    }
    var had = (gd.layout.shapes || []).length > 0;
    if (shape || had) window.Plotly.relayout(gd, {shapes: shape ? [shape] : []});
    return !!shape;
  }

  function dim(gd, selected) {
    // bars: the selected bar stays, the others fade (plotly's own selection styling)
    var found = false, sel = [];
    for (var t = 0; t < gd.data.length; t++) {
      var i = selected ? (gd.data[t].customdata || []).indexOf(selected) : -1;
      if (i >= 0) found = true;
      sel.push(i >= 0 ? [i] : []);
    }
    var had = gd.data.some(function (tr) { return tr.selectedpoints !== undefined && tr.selectedpoints !== null; });
    if (found) window.Plotly.restyle(gd, {selectedpoints: sel});
    else if (had) window.Plotly.restyle(gd, {selectedpoints: [null]});
    return found;
  }

  window.dash_clientside = Object.assign({}, window.dash_clientside, {
    kca: {
      viewport: function () { return window.innerWidth; },
      restartGrid: function (query) {
        // a server-side grid's selection changed: drop its cached blocks, back to the top, ask again (the output
        // is "<grid id>-purged"; a grid not built yet asks for its rows when it is)
        var out = window.dash_clientside.callback_context.outputs_list;
        var gridId = out && String(out.id).replace(/-purged$/, "");
        if (window.dash_ag_grid && gridId && document.getElementById(gridId)) {
          window.dash_ag_grid.getApiAsync(gridId).then(function (api) {
            api.purgeInfiniteCache();
            if (api.getDisplayedRowCount() > 0) api.ensureIndexVisible(0, "top");
          }).catch(function () {});
        }
        return query;
      },
      afterChart: function (next, drawn) {
        // the by-country chart (and, once, the Explore table) after the over-time chart is drawn and painted:
        // the page's first chart comes first (#12). Not shown (another tab), or not drawn in 5 s: at once.
        var noUpdate = window.dash_clientside.no_update, start = Date.now();
        return new Promise(function (resolve) {
          var frames = 0;
          (function wait() {
            var box = document.getElementById(CHARTS[0]), gd = plot(CHARTS[0]);
            var drawnNow = !box || (gd && gd._fullLayout && gd.querySelector(".main-svg"));
            frames = drawnNow ? frames + 1 : 0;
            if (frames >= 2 || Date.now() - start > 5000) {  // drawn, and a frame painted since
              resolve([next ? next.figure : noUpdate, next && next.config ? next.config : noUpdate, drawn ? noUpdate : true]);
            } else {
              window.requestAnimationFrame(wait);
            }
          })();
        });
      },
      markPoint: function (selected) {
        var marked = [];
        CHARTS.forEach(function (gid, n) {
          var gd = plot(gid);
          if (gd && (n === 0 ? ring(gd, selected) : dim(gd, selected))) marked.push(gid);
        });
        return selected ? {id: selected, charts: marked} : null;
      }
    }
  });

  // focus moves into the drawer when it opens, and back when it closes
  new MutationObserver(function () {
    var d = document.getElementById(DRAWER);
    if (!d) return;
    var open = d.classList.contains("open");
    if (open && d.dataset.focused !== "1") {
      d.dataset.focused = "1";
      if (!d.contains(document.activeElement)) opener = document.activeElement;
      d.focus({preventScroll: true});
    } else if (!open && d.dataset.focused === "1") {
      d.dataset.focused = "0";
      if (opener && document.body.contains(opener)) opener.focus({preventScroll: true});
      opener = null;
    }
  }).observe(document.documentElement, {subtree: true, attributes: true, attributeFilter: ["class"]});

  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var d = document.getElementById(DRAWER), b = document.getElementById(CLOSE);
    if (d && b && d.classList.contains("open")) { e.preventDefault(); b.click(); }
  });
})();

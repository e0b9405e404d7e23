// Functions the dash-ag-grid column definitions name (dashboard/layout.py).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// Sort a signed percentage by its size: -60 % and +60 % sit together, before +20 %.
dagfuncs.bySize = function (a, b) {
  return Math.abs(a === null || a === undefined || a === "" ? 0 : Number(a)) -
         Math.abs(b === null || b === undefined || b === "" ? 0 : Number(b));
};

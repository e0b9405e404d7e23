// Functions the dash-ag-grid column definitions name (dashboard/layout.py).
var dagfuncs = (window.dashAgGridFunctions = window.dashAgGridFunctions || {});

// Sort a signed percentage by its size: -60 % and +60 % sit together, before +20 %.
dagfuncs.bySize = function (a, b) {
  return Math.abs(a === null || a === undefined || a === "" ? 0 : Number(a)) -
         Math.abs(b === null || b === undefined || b === "" ? 0 : Number(b));
};

// The keyboard's click: Enter on a row sends its id as the grid's eventData (dashboard/components.py, grid()).
dagfuncs.rowEnter = function (params, setEventData) {
  var key = params && params.event && params.event.key;
  if (key === "Enter" && params.node && params.node.id !== undefined && params.node.id !== null) {
    setEventData({ rowId: String(params.node.id) });
  }
};

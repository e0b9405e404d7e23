"""register_callbacks(app, bundle): wiring only; the work is in :mod:`dashboard.views`.

Every value a callback reads from the page is checked by :mod:`dashboard.state`
(inside the views functions) before it is used.
"""
from __future__ import annotations

from dash import ClientsideFunction, Input, Output, State, ctx, no_update

from . import ids, views
from .data import Bundle
from .state import clean_clicks, filters_from_controls

FILTERS = [Input(ids.INDICATOR, "value"), Input(ids.COUNTRIES, "value"), Input(ids.PARTNER, "value"),
           Input(ids.YEARS, "value"), Input(ids.OFFICIAL, "value")]
FILTER_STATES = [State(c.component_id, c.component_property) for c in FILTERS]


def _fired():
    """The value that fired the callback (None on a call no user action caused)."""
    return ctx.triggered[0].get("value") if ctx.triggered else None


def _clicked() -> bool:
    """A button was clicked (its n_clicks is a real count, not a crafted value)."""
    return clean_clicks(_fired()) is not None


def register_callbacks(app, bundle: Bundle) -> None:
    app.clientside_callback(ClientsideFunction("kca", "viewport"), Output(ids.VIEWPORT, "data"), Input(ids.URL, "pathname"))
    app.clientside_callback(ClientsideFunction("kca", "markPoint"), Output(ids.MARKED, "data"),
                            Input(ids.SELECTED, "data"), Input(ids.BY_YEAR, "figure"), Input(ids.BY_COUNTRY, "figure"),
                            prevent_initial_call=True)

    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), Input(ids.VIEWPORT, "data"),
                  State(ids.URL, "search"))
    def callback_page(pathname, viewport, search):
        return views.page(bundle, pathname, search, viewport, strip=app.strip_relative_path)

    @app.callback(Output(ids.URL, "search"), *FILTERS, Input(ids.VIEW, "value"), Input(ids.BAR_YEAR, "value"),
                  Input(ids.SOURCE_SELECTED, "data"), prevent_initial_call=True)
    def callback_url(indicator, countries, partner, years, official, view, bar_year, source):
        return views.url_search(bundle, (indicator, countries, partner, years, official), view, bar_year, source)

    @app.callback(Output(ids.YEARS, "value"), Output(ids.YEAR_FROM, "value"), Output(ids.YEAR_TO, "value"),
                  Input(ids.YEARS, "value"), Input(ids.YEAR_FROM, "value"), Input(ids.YEAR_TO, "value"),
                  prevent_initial_call=True)
    def callback_years(slider, first, last):
        return views.sync_years(ctx.triggered_id, slider, first, last, bundle)

    @app.callback(
        Output(ids.BY_YEAR, "figure"), Output(ids.TABLE_QUERY, "data"), Output(ids.EXPLORE_MESSAGE, "children"),
        Output(ids.INDICATOR_INFO, "children"), Output(ids.BAR_YEAR, "options"), Output(ids.ABOUT, "children"),
        Output(ids.BY_YEAR, "config"), Output(ids.BY_COUNTRY_NEXT, "data"),
        *FILTERS, Input(ids.BAR_YEAR, "value"), State(ids.VIEWPORT, "data"), State(ids.BY_YEAR, "config"),
        State(ids.TABLE_QUERY, "data"), prevent_initial_call=True,  # the page comes with its first view drawn
    )
    def callback_explore(indicator, countries, partner, years, official, bar_year, viewport, config, query):
        raw = (indicator, countries, partner, years, official)
        return views.explore_response(bundle, raw, bar_year, viewport, config, query)

    # what lies below the over-time chart is drawn after it, so that the page's first chart comes first (#12)
    app.clientside_callback(ClientsideFunction("kca", "afterChart"), Output(ids.BY_COUNTRY, "figure"),
                            Output(ids.BY_COUNTRY, "config"), Output(ids.BY_YEAR_DRAWN, "data"),
                            Input(ids.BY_COUNTRY_NEXT, "data"), State(ids.BY_YEAR_DRAWN, "data"))

    @app.callback(Output(ids.TABLE_SLOT, "children"), Input(ids.BY_YEAR_DRAWN, "data"), prevent_initial_call=True)
    def callback_rows_table(drawn):
        return views.rows_table(drawn)

    # the tables' rows stay on the server: a grid asks for a block as it scrolls, sorts or filters, and starts
    # again (in the browser) when its selection changes, which the charts' callback sets once they are drawn
    # (the grid may not be built yet: the browser finds it by the name of the output, "<grid>-purged")
    for query_id, purged_id in ((ids.TABLE_QUERY, ids.TABLE_PURGED), (ids.CLAIMS_QUERY, ids.CLAIMS_PURGED)):
        app.clientside_callback(ClientsideFunction("kca", "restartGrid"), Output(purged_id, "data"),
                                Input(query_id, "data"), prevent_initial_call=True)

    @app.callback(Output(ids.TABLE, "getRowsResponse"), Input(ids.TABLE, "getRowsRequest"), State(ids.TABLE_QUERY, "data"))
    def callback_table(request, query):
        return views.table_block(bundle, query, request)

    @app.callback(Output(ids.CLAIMS_TABLE, "getRowsResponse"), Input(ids.CLAIMS_TABLE, "getRowsRequest"),
                  State(ids.CLAIMS_QUERY, "data"))
    def callback_claims_rows(request, query):
        return views.claims_block(bundle, query, request)

    # (the grids are built after the first chart, and the Table tab's when it is first opened: until then None)
    @app.callback(Output(ids.SELECTED, "data", allow_duplicate=True),
                  Input(ids.BY_YEAR, "clickData"), Input(ids.BY_COUNTRY, "clickData"),
                  *(Input(grid, prop, allow_optional=True) for grid in (ids.TABLE, ids.CLAIMS_TABLE)
                    for prop in ("cellClicked", "eventData")),
                  prevent_initial_call=True)
    def callback_pick(*_):
        return views.picked(_fired())

    @app.callback(Output(ids.SELECTED, "data", allow_duplicate=True), Input(ids.DRAWER_CLOSE, "n_clicks"),
                  prevent_initial_call=True)
    def callback_close(n_clicks):
        return None if clean_clicks(n_clicks) else no_update

    @app.callback(Output(ids.CITATION, "children"), Output(ids.DRAWER, "className"), Output(ids.DRAWER, "aria-hidden"),
                  Input(ids.SELECTED, "data"), prevent_initial_call=True)
    def callback_citation(obs_id):
        return views.drawer(bundle, obs_id)

    @app.callback(Output(ids.DOWNLOAD, "data"), Input(ids.DOWNLOAD_CSV, "n_clicks"), Input(ids.DOWNLOAD_ZIP, "n_clicks"),
                  *FILTER_STATES, prevent_initial_call=True)
    def callback_download(_csv, _zip, indicator, countries, partner, years, official):
        if not _clicked():
            return no_update
        filters = filters_from_controls(indicator, countries, partner, years, official, bundle)
        return views.download(bundle, ctx.triggered_id, filters) or no_update

    @app.callback(
        Output(ids.SLIDE_DOWNLOAD, "data"), Output(ids.SLIDE_MESSAGE, "children"),
        Input(ids.DOWNLOAD_PPTX, "n_clicks"), Input(ids.DOWNLOAD_IMAGE, "n_clicks"), State(ids.IMAGE_FORMAT, "value"),
        *FILTER_STATES, prevent_initial_call=True,
        running=[(Output(ids.DOWNLOAD_PPTX, "disabled"), True, False), (Output(ids.DOWNLOAD_IMAGE, "disabled"), True, False)],
    )
    def callback_slide_download(_pptx, _image, image_format, indicator, countries, partner, years, official):
        if not _clicked():
            return no_update, no_update
        filters = filters_from_controls(indicator, countries, partner, years, official, bundle)
        return views.slide_file(bundle, ctx.triggered_id, image_format, filters)

    @app.callback(Output(ids.TABLE_TAB, "children"), Input(ids.VIEW, "value"), State(ids.TABLE_TAB, "children"),
                  prevent_initial_call=True)
    def callback_table_tab(view, built):
        return views.table_tab(bundle, view, built)

    @app.callback(Output(ids.CLAIMS_MESSAGE, "children"), Output(ids.CLAIMS_QUERY, "data"),
                  Input(ids.VIEW, "value"), *FILTERS)
    def callback_claims(view, indicator, countries, partner, years, official):
        return views.claims_tab(bundle, view, (indicator, countries, partner, years, official))

    @app.callback(Output(ids.DOWNLOAD_CLAIMS_FILE, "data"), Input(ids.DOWNLOAD_CLAIMS, "n_clicks"), *FILTER_STATES,
                  prevent_initial_call=True)
    def callback_download_claims(n_clicks, indicator, countries, partner, years, official):
        if not clean_clicks(n_clicks):
            return no_update
        return views.download_claims(bundle, filters_from_controls(indicator, countries, partner, years, official, bundle))

    @app.callback(Output(ids.SOURCES_TAB, "children"), Input(ids.VIEW, "value"), State(ids.SOURCE_SELECTED, "data"),
                  prevent_initial_call=True)
    def callback_sources(view, source):
        return views.sources_tab(bundle, view, source)

    @app.callback(Output(ids.SOURCE_PANEL, "children"), Output(ids.SOURCE_SELECTED, "data"),
                  Input(ids.SOURCES_TABLE, "cellClicked"), Input(ids.SOURCES_TABLE, "eventData"), prevent_initial_call=True)
    def callback_source(*_):
        return views.open_source(bundle, _fired())

    @app.callback(Output(ids.SHARE_LINK, "value"), Output(ids.SHARE_EMBED, "value"),
                  Input(ids.URL, "search"), State(ids.URL, "href"))
    def callback_share(search, href):
        return views.share(bundle, search, href)

"""register_callbacks(app, bundle): wiring only; the work is in :mod:`dashboard.views`."""
from __future__ import annotations

from dash import Input, Output, State, ctx, dcc, html, no_update

from . import ids, slides, views
from .data import Bundle, filter_rows
from .state import filters_from_controls, to_query

CONTROLS = [Input(ids.INDICATOR, "value"), Input(ids.COUNTRIES, "value"), Input(ids.PARTNER, "value"), Input(ids.YEARS, "value")]
CONTROL_STATES = [State(c.component_id, c.component_property) for c in CONTROLS]


def register_callbacks(app, bundle: Bundle) -> None:
    @app.callback(Output(ids.PAGE, "children"), Input(ids.URL, "pathname"), State(ids.URL, "search"))
    def callback_page(pathname, search):
        return views.page(bundle, pathname, search, strip=app.strip_relative_path)

    @app.callback(
        Output(ids.URL, "search"),
        *CONTROLS, Input(ids.VIEW, "value"), Input(ids.BAR_YEAR, "value"), Input(ids.SOURCE_SELECTED, "data"),
        prevent_initial_call=True,
    )
    def callback_url(indicator, countries, partner, years, view, bar_year, source):
        filters = filters_from_controls(indicator, countries, partner, years, bundle.rows)
        return to_query(filters, view or "explore", source=source, bar_year=views.bar_year_value(bar_year))

    @app.callback(
        Output(ids.BY_YEAR, "figure"), Output(ids.BY_COUNTRY, "figure"), Output(ids.TABLE_QUERY, "data"),
        Output(ids.EXPLORE_MESSAGE, "children"), Output(ids.INDICATOR_INFO, "children"), Output(ids.BAR_YEAR, "options"),
        Output(ids.BY_YEAR, "config"), Output(ids.BY_COUNTRY, "config"),
        *CONTROLS, Input(ids.BAR_YEAR, "value"), State(ids.BY_YEAR, "config"),
    )
    def callback_explore(indicator, countries, partner, years, bar_year, config):
        # figures and their camera settings (file names) change in one response; a config is sent only when
        # it changed, since a new config re-creates the plot
        filters = filters_from_controls(indicator, countries, partner, years, bundle.rows)
        configs = (slides.graph_config(filters), slides.graph_config(filters, suffix="-by-country"))
        out = views.explore(bundle, filters, views.bar_year_value(bar_year), with_records=False)
        return (out.by_year, out.by_country, to_query(filters), out.message, out.info, out.bar_years,
                *(configs if configs[0] != config else (no_update, no_update)))

    @app.callback(Output(ids.TABLE, "rowData"), Input(ids.TABLE_QUERY, "data"), prevent_initial_call=True)
    def callback_table(query):
        # the table's rows follow the charts in a second response, so the charts draw first
        return views.table(bundle, query)

    @app.callback(
        Output(ids.CITATION, "children"),
        Input(ids.BY_YEAR, "clickData"), Input(ids.BY_COUNTRY, "clickData"), Input(ids.TABLE, "cellClicked"),
        prevent_initial_call=True,
    )
    def callback_citation(by_year_click, by_country_click, cell):
        obs_id = views.clicked_id(ctx.triggered_id, by_year_click, by_country_click, cell)
        return views.citation(bundle, obs_id) if obs_id else no_update

    @app.callback(
        Output(ids.DOWNLOAD, "data"),
        Input(ids.DOWNLOAD_CSV, "n_clicks"), Input(ids.DOWNLOAD_ZIP, "n_clicks"),
        *CONTROL_STATES,
        prevent_initial_call=True,
    )
    def callback_download(_csv, _zip, indicator, countries, partner, years):
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            return no_update
        filters = filters_from_controls(indicator, countries, partner, years, bundle.rows)
        return views.download(bundle, ctx.triggered_id, filters) or no_update

    @app.callback(
        Output(ids.SLIDE_DOWNLOAD, "data"), Output(ids.SLIDE_MESSAGE, "children"),
        Input(ids.DOWNLOAD_PPTX, "n_clicks"), Input(ids.DOWNLOAD_IMAGE, "n_clicks"), State(ids.IMAGE_FORMAT, "value"),
        *CONTROL_STATES,
        prevent_initial_call=True,
        running=[(Output(ids.DOWNLOAD_PPTX, "disabled"), True, False), (Output(ids.DOWNLOAD_IMAGE, "disabled"), True, False)],
    )
    def callback_slide_download(_pptx, _image, image_format, indicator, countries, partner, years):
        if not ctx.triggered or not ctx.triggered[0].get("value"):
            return no_update, no_update
        filters = filters_from_controls(indicator, countries, partner, years, bundle.rows)
        try:
            data, name = slides.download(filter_rows(bundle.rows, filters), filters,
                                         "pptx" if ctx.triggered_id == ids.DOWNLOAD_PPTX else image_format)
        except slides.SlideError as exc:  # e.g. no Chromium for images: say so, the rest keeps working
            return no_update, html.Div(str(exc), className="notice")
        return dcc.send_bytes(data, name), ""

    @app.callback(Output(ids.DOWNLOAD_CHECKS_FILE, "data"), Input(ids.DOWNLOAD_CHECKS, "n_clicks"), prevent_initial_call=True)
    def callback_download_checks(n_clicks):
        return views.download(bundle, ids.DOWNLOAD_CHECKS, None) if n_clicks else no_update

    @app.callback(
        Output(ids.SOURCES_TAB, "children"), Output(ids.CHECKS_TAB, "children"),
        Input(ids.VIEW, "value"), State(ids.SOURCE_SELECTED, "data"),
        prevent_initial_call=True,
    )
    def callback_tabs(view, source):
        return views.tabs(bundle, view, source)

    @app.callback(
        Output(ids.SOURCE_PANEL, "children"), Output(ids.SOURCE_SELECTED, "data"),
        Input(ids.SOURCES_TABLE, "cellClicked"),
        prevent_initial_call=True,
    )
    def callback_source(cell):
        return views.open_source(bundle, cell) if cell else (no_update, no_update)

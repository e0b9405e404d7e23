"""The Dash app. ``dashboard.app:server`` is the WSGI entry for gunicorn.

The data are read once per process, when this module is imported, from
``$KCA_DATA`` (a path to an indicators.csv) or ``data/indicators.csv``.

Nothing leaves the machine: every script, style and font is served by the app
itself, and the Content-Security-Policy tells the browser to fetch nothing from
anywhere else. A callback that fails is logged and answers "no update"; a
request Dash cannot read (not JSON, nested too deep, missing keys) is a 400.
"""
from __future__ import annotations

import logging

from dash import Dash
from flask import request
from werkzeug.exceptions import HTTPException

from . import views
from .callbacks import register_callbacks
from .data import load_bundle
from .layout import TITLE, build_shell

logger = logging.getLogger("dashboard")
MAX_REQUEST_BYTES = 1_000_000  # a callback request of the app is a few kB
# Scripts only from the app itself: no inline script but Dash's own (allowed by its hash, ``csp``), no eval. Styles may
# be inline (plotly and Dash's components set them on elements).
CSP = ("default-src 'self'; script-src 'self' {hashes}; style-src 'self' 'unsafe-inline'; "
       "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; "
       "form-action 'self'; frame-ancestors 'self'")


def csp(app: Dash) -> str:
    """The Content-Security-Policy of ``app``'s pages: :data:`CSP` with the hashes of Dash's inline scripts."""
    return CSP.format(hashes=" ".join(f"'{h}'" if not h.startswith("'") else h for h in app.csp_hashes()))


def callback_failed(error: Exception):
    """A callback raised: log it (with its traceback, it is a bug) and change nothing on the page."""
    logger.error("callback failed: %s: %s", type(error).__name__, error, exc_info=error)
    return None


# the parts of Dash's component bundles that its first page loads only once it renders (they are fetched with the
# page's scripts instead of after them)
FIRST_CHUNKS = ("dash/dcc/async-graph.js", "dash/dcc/async-dropdown.js", "dash/dcc/async-slider.js",
                "dash_ag_grid/async-community.js")


class KcaDash(Dash):
    """Dash with a quicker first chart (#12):

    - less Babel's polyfill (core-js 2 for browsers of ten years ago, about a tenth of a second of script on a
      laptop): the browsers Dash 4 supports have all of it built in; the one piece Dash's bundles still call,
      ``regeneratorRuntime``, comes from ``assets/vendor/regenerator-runtime-*.js``;
    - the chunks of :data:`FIRST_CHUNKS` preloaded, rather than asked for once the page has rendered.
    """

    def interpolate_index(self, **kwargs):
        kwargs["scripts"] = "\n".join(tag for tag in kwargs["scripts"].split("\n") if "/deps/polyfill@" not in tag)
        preload = (f'<link rel="preload" as="script" href="{self.get_relative_path("/_dash-component-suites/" + c)}">'
                   for c in FIRST_CHUNKS)
        kwargs["metas"] = "\n".join([kwargs.get("metas", ""), *preload])
        return super().interpolate_index(**kwargs)


def create_app(path: str | None = None) -> Dash:
    """A Dash app over the indicators.csv at ``path`` (default: ``$KCA_DATA`` or data/indicators.csv)."""
    bundle = load_bundle(path)
    app = KcaDash(__name__, title=TITLE, update_title=None, suppress_callback_exceptions=True, serve_locally=True,
               on_error=callback_failed)
    app.layout = build_shell()
    register_callbacks(app, bundle)
    views.warm(bundle)
    server = app.server
    server.config["MAX_CONTENT_LENGTH"] = MAX_REQUEST_BYTES
    policy = csp(app)

    @server.after_request
    def _headers(response):
        response.headers.setdefault("Content-Security-Policy", policy)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        return response

    @server.errorhandler(Exception)
    def _unreadable(error):
        if isinstance(error, HTTPException):
            return error
        if request.path.endswith("_dash-update-component"):
            # Dash could not read the request itself (the callbacks never raise): the client's fault, said in one line
            logger.warning("unreadable callback request: %s: %s", type(error).__name__, str(error)[:200])
            return {"error": "unreadable callback request"}, 400
        logger.error("request %s failed", request.path[:200], exc_info=error)
        return {"error": "internal error"}, 500

    return app


app = create_app()
server = app.server

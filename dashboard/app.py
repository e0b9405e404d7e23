"""The Dash app. ``dashboard.app:server`` is the WSGI entry for gunicorn.

The data are read once per process, when this module is imported, from
``$KCA_DATA`` (a path to an indicators.csv) or ``data/indicators.csv``.
"""
from __future__ import annotations

from dash import Dash

from .callbacks import register_callbacks
from .data import load_bundle
from .layout import TITLE, build_shell


def create_app(path: str | None = None) -> Dash:
    """A Dash app over the indicators.csv at ``path`` (default: ``$KCA_DATA`` or data/indicators.csv)."""
    bundle = load_bundle(path)
    app = Dash(__name__, title=TITLE, update_title=None, suppress_callback_exceptions=True)
    app.layout = build_shell()
    register_callbacks(app, bundle)
    return app


app = create_app()
server = app.server

"""``python -m dashboard [--host H] [--port P] [--data PATH]``: serve the dashboard (development server).

A data table that does not exist (``--data``, else ``$KCA_DATA``, else the shipped one) is a mistaken
command: one line on stderr and exit status 2, rather than a page that says so to whoever opens it.
"""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--data", help="path to an indicators.csv (default: $KCA_DATA or data/indicators.csv)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (reloader, dev tools)")
    args = parser.parse_args(argv)
    from .data import DEFAULT_PATH, ENV_VAR

    path, given_by = ((args.data, "--data") if args.data else (os.environ[ENV_VAR], ENV_VAR)
                      if os.environ.get(ENV_VAR) else (str(DEFAULT_PATH), "the default"))
    if not os.path.isfile(path):
        what = "is a folder, not an indicators.csv" if os.path.isdir(path) else "no such file"
        print(f"python -m dashboard: {what}: {path} (given by {given_by})", file=sys.stderr)
        return 2
    os.environ[ENV_VAR] = path
    from .app import app  # reads the data, so after KCA_DATA is set

    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

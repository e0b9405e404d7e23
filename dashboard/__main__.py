"""``python -m dashboard [--host H] [--port P] [--data PATH]``: serve the dashboard (development server)."""
from __future__ import annotations

import argparse
import os
import sys


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m dashboard", description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8050)
    parser.add_argument("--data", help="path to an indicators.csv (default: $KCA_DATA or data/indicators.csv)")
    parser.add_argument("--debug", action="store_true", help="Dash debug mode (reloader, dev tools)")
    args = parser.parse_args(argv)
    if args.data:
        if not os.path.exists(args.data):
            print(f"python -m dashboard: no such file: {args.data}", file=sys.stderr)
            return 2
        os.environ["KCA_DATA"] = args.data
    from .app import app  # reads the data, so after KCA_DATA is set

    app.run(host=args.host, port=args.port, debug=args.debug)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

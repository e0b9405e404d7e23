"""``python -m dashboard.export``: briefing files from the command line.

One view::

    python -m dashboard.export --indicator trade_turnover --country UZB KAZ --from 2015 --to 2024 \\
        --format pptx --out trade.pptx

A deck, one slide per view listed in a YAML file (see ``examples/briefing-deck.yml``)::

    python -m dashboard.export --deck examples/briefing-deck.yml --out brief.pptx

Exit status: 0 when the file was written; 1 when it could not be made (e.g. no
figures for the view, no Chromium for an image); 2 for a usage error (unknown
indicator or country, ``--from`` after ``--to``, an unreadable deck or data file,
an ``--out`` whose extension is unknown or disagrees with ``--format``). Every
error is one line on stderr, and nothing is written.
"""
from __future__ import annotations

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from .data import COUNTRIES, Filters, filter_rows, load_bundle
from .downloads import export_name, rows_csv
from .provenance import about_blocks, about_records
from .slides import STATISTICS_MODES, SlideError, image_bytes, pptx_bytes, select_statistics, slide_content, slide_spec
from .state import known_indicators

FORMATS = ("pptx", "png", "svg", "csv")
EXTENSIONS = ", ".join(f".{f}" for f in FORMATS[:-1]) + f" or .{FORMATS[-1]}"
DECK_KEYS = ("indicator", "countries", "country", "partner", "from", "to", "title", "statistics")
PROG = "python -m dashboard.export"


class UsageError(ValueError):
    """Bad arguments or a bad deck file (exit status 2)."""


class ExportError(RuntimeError):
    """The file could not be made (exit status 1)."""


@dataclass(frozen=True)
class View:
    """One slide: filters plus slide options."""

    filters: Filters
    title: str | None = None
    statistics: str = "context"  # which official series: context (one per country), all, none


# ---------------------------------------------------------------- checking what was asked (pure)


def parse_countries(values) -> tuple[str, ...]:
    """``["UZB", "kaz,KGZ"]`` or ``"UZB, KAZ"`` -> ("UZB", "KAZ", "KGZ"); unknown codes raise UsageError."""
    if values is None:
        return ()
    if isinstance(values, str):
        values = [values]
    if not isinstance(values, (list, tuple)):
        raise UsageError(f"countries must be a list of codes, not {values!r}")
    codes = [c.strip().upper() for v in values for c in str(v).split(",") if c.strip()]
    bad = [c for c in codes if c not in COUNTRIES]
    if bad:
        raise UsageError(f"unknown country code(s) {', '.join(bad)}; use {', '.join(COUNTRIES)}")
    return tuple(dict.fromkeys(codes))


def _year(value, what: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not str(value).strip().isdigit():
        raise UsageError(f"{what} must be a year such as 2015, not {value!r}")
    year = int(str(value).strip())
    if not 1900 <= year <= 2100:
        raise UsageError(f"{what} must be a year between 1900 and 2100, not {year}")
    return year


def make_view(df, *, indicator, countries=None, partner="KOR", year_from=None, year_to=None, title=None,
              statistics="context") -> View:
    """A checked :class:`View` from what the user wrote (CLI flags or one item of a deck).

    Defaults: the countries with figures of the indicator, all years of the table.
    Raises UsageError for an unknown indicator or country, or ``from`` after ``to``.
    """
    if not indicator:
        raise UsageError("an indicator is required (e.g. --indicator trade_turnover)")
    indicator = str(indicator).strip()
    known = known_indicators(df)
    if indicator not in known:
        raise UsageError(f"unknown indicator “{indicator}”; use one of {', '.join(known)}")
    codes = parse_countries(countries)
    if not codes:
        present = set(df.loc[df["indicator"] == indicator, "country"])
        codes = tuple(c for c in COUNTRIES if c in present) or COUNTRIES
    lo, hi = _year(year_from, "from"), _year(year_to, "to")
    years = df["year"].dropna().astype(int)
    first, last = (int(years.min()), int(years.max())) if len(years) else (1992, 2024)
    lo = first if lo is None else lo
    hi = last if hi is None else hi
    if lo > hi:
        raise UsageError(f"--from {lo} is after --to {hi}")
    if isinstance(statistics, bool):  # a deck's `statistics: true/false`
        statistics = "all" if statistics else "none"
    if statistics not in STATISTICS_MODES:
        raise UsageError(f"statistics must be {', '.join(STATISTICS_MODES)} (or true/false), not {statistics!r}")
    partner = str(partner).strip().upper() if partner not in (None, "", "any", "ANY") else None
    return View(Filters(indicator, codes, partner, (lo, hi)), title=str(title) if title else None, statistics=statistics)


def read_deck(text: str, df) -> tuple[dict, list[View]]:
    """A deck file's text -> (its title/subtitle, its views); every problem is a UsageError naming the slide."""
    try:
        raw = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise UsageError(f"not valid YAML: {exc}") from exc
    if isinstance(raw, list):
        raw = {"slides": raw}
    if not isinstance(raw, dict) or not isinstance(raw.get("slides"), list) or not raw["slides"]:
        raise UsageError("a deck is a mapping with a non-empty list `slides:` (see examples/briefing-deck.yml)")
    unknown_top = sorted(set(raw) - {"title", "subtitle", "slides"})
    if unknown_top:
        raise UsageError(f"unknown key(s) {', '.join(unknown_top)} (a deck has title, subtitle, slides)")
    views = []
    for n, item in enumerate(raw["slides"], start=1):
        try:
            if not isinstance(item, dict):
                raise UsageError(f"expected a mapping such as {{indicator: trade_turnover, countries: [UZB]}}, not {item!r}")
            unknown = sorted(set(item) - set(DECK_KEYS))
            if unknown:
                raise UsageError(f"unknown key(s) {', '.join(map(str, unknown))}; use {', '.join(DECK_KEYS)}")
            views.append(make_view(
                df, indicator=item.get("indicator"), countries=item.get("countries", item.get("country")),
                partner=item.get("partner", "KOR"), year_from=item.get("from"), year_to=item.get("to"),
                title=item.get("title"), statistics=item.get("statistics", "context"),
            ))
        except UsageError as exc:
            raise UsageError(f"slide {n}: {exc}") from exc
    meta = {k: str(raw[k]) for k in ("title", "subtitle") if raw.get(k)}
    return meta, views


# ---------------------------------------------------------------- making the files


def _about_this_data(folder: Path | None, rows) -> list[str]:
    """One "About this data" block per official series of ``rows`` (``dashboard.provenance``, as the page does)."""
    if folder is None or rows.empty:
        return []
    ids = sorted(set(rows.loc[~rows["_claim"], "source_id"].astype(str)))
    known = {a.source_id for a in about_records(folder, ids)}
    missing = [f"{sid}: no readable metadata (snapshots/{sid}.meta.yml)" for sid in ids if sid not in known]
    return missing + about_blocks(folder, ids)


def render_view(df, view: View, fmt: str, folder: Path | None = None) -> bytes:
    """The bytes of one view in ``fmt``; ExportError when the view has no figures.

    ``folder``: the data folder, whose ``snapshots/*.meta.yml`` give the notes' "About this data".
    """
    rows = select_statistics(filter_rows(df, view.filters), view.statistics)
    if rows.empty:
        f = view.filters
        raise ExportError(f"no figures of {f.indicator} for {', '.join(f.countries)} "
                          f"(partner {f.partner or 'any'}, {f.years[0]}–{f.years[1]}); nothing written")
    if fmt == "csv":
        return rows_csv(rows)
    if fmt == "pptx":
        return pptx_bytes([slide_content(rows, view.filters, title=view.title, about=_about_this_data(folder, rows))])
    return image_bytes(slide_spec(rows, view.filters, title=view.title), fmt)


def render_deck(df, meta: dict, views: list[View], warn=lambda text: None, folder: Path | None = None) -> bytes:
    """A deck with one slide per view (an empty view gets a slide that says so, and a warning)."""
    contents = []
    for n, view in enumerate(views, start=1):
        rows = select_statistics(filter_rows(df, view.filters), view.statistics)
        if rows.empty:
            warn(f"slide {n}: no figures of {view.filters.indicator} for {', '.join(view.filters.countries)}")
        contents.append(slide_content(rows, view.filters, title=view.title, about=_about_this_data(folder, rows)))
    return pptx_bytes(contents, deck_title=meta.get("title"), deck_subtitle=meta.get("subtitle"))


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, as for every other error (argparse adds a usage block)
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog=PROG, description="Briefing files (PPTX slide, PNG/SVG image, CSV) for one view, or a PPTX deck.",
        epilog="Exit status: 0 written, 1 could not be made, 2 usage error.")
    parser.add_argument("--indicator", help="indicator id, e.g. trade_turnover")
    parser.add_argument("--country", "--countries", dest="countries", action="extend", nargs="+", metavar="CODE",
                        help=f"country code(s): {', '.join(COUNTRIES)}; repeatable, or several (UZB KAZ or UZB,KAZ)")
    parser.add_argument("--partner", default="KOR", help="partner code (default KOR; 'any' for every partner)")
    parser.add_argument("--from", dest="year_from", metavar="YEAR", help="first year (default: the first of the table)")
    parser.add_argument("--to", dest="year_to", metavar="YEAR", help="last year (default: the last of the table)")
    parser.add_argument("--format", choices=FORMATS, help="output format (default: from --out's extension, else pptx)")
    parser.add_argument("--out", help=f"output file ending in {EXTENSIONS} (default: a name like "
                        "kca-trade_turnover-UZB-KOR-2015-2024.pptx; without an extension, the format's is added)")
    parser.add_argument("--title", help="slide title instead of the indicator's name")
    parser.add_argument("--statistics", choices=STATISTICS_MODES, default="context",
                        help="official series to draw: context = one per country, Korea-reported (default); all; none")
    parser.add_argument("--no-statistics", dest="statistics", action="store_const", const="none",
                        help="leave the official statistics series out (= --statistics none)")
    parser.add_argument("--deck", metavar="FILE.yml", help="a YAML file listing several views: one slide each")
    parser.add_argument("--data", help="path to an indicators.csv (default: $KCA_DATA or data/indicators.csv)")
    return parser


def out_and_format(out: str | None, fmt: str | None) -> tuple[Path | None, str]:
    """(file to write, format) from ``--out`` and ``--format``; a UsageError naming ``--out`` when they cannot be.

    The extension of ``--out`` gives the format; it must be one of ``FORMATS`` and agree with ``--format``.
    Without an extension the file takes the format's (``--out brief --format png`` writes brief.png).
    """
    if not out:
        return None, fmt or "pptx"
    path = Path(out)
    if out.endswith(("/", os.sep)) or path.is_dir():
        raise UsageError(f"--out {out} is a folder; give a file name ending in {EXTENSIONS}")
    suffix = path.suffix.lower().lstrip(".")
    if not suffix:
        return path.with_name(f"{path.name}.{fmt or 'pptx'}"), fmt or "pptx"
    if suffix not in FORMATS:
        raise UsageError(f"--out {out}: unknown extension .{suffix}; use {EXTENSIONS}")
    if fmt and fmt != suffix:
        raise UsageError(f"--out {out} ends in .{suffix} but --format is {fmt}; make them agree")
    return path, suffix


def run(args, warn) -> tuple[Path, int]:
    """Do what ``args`` ask; returns (path written, its size). Raises UsageError, ExportError, SlideError."""
    out, fmt = out_and_format(args.out, args.format)
    data = Path(args.data) if args.data else None
    if data is not None and not data.is_file():
        raise UsageError(f"no such data file: {data}")
    bundle = load_bundle(str(data) if data else None)
    if bundle.rows.empty:
        raise UsageError("the data table is empty or unreadable: " + "; ".join(bundle.problems))
    if args.deck:
        if fmt != "pptx":
            raise UsageError(f"a deck is written as pptx, not {fmt}" + (f" (--out {args.out})" if args.out else ""))
        if args.indicator or args.countries:
            raise UsageError("give either --deck or --indicator/--country, not both")
        try:
            text = Path(args.deck).read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise UsageError(f"cannot read the deck {args.deck}: {exc}") from exc
        try:
            meta, views = read_deck(text, bundle.rows)
        except UsageError as exc:
            raise UsageError(f"{args.deck}: {exc}") from exc
        out = out or Path(Path(args.deck).stem + ".pptx")
        payload = render_deck(bundle.rows, meta, views, warn, folder=bundle.folder)
    else:
        view = make_view(bundle.rows, indicator=args.indicator, countries=args.countries, partner=args.partner,
                         year_from=args.year_from, year_to=args.year_to, title=args.title, statistics=args.statistics)
        out = out or Path(export_name(view.filters, fmt))
        payload = render_view(bundle.rows, view, fmt, folder=bundle.folder)
    _write(out, payload)
    return out, len(payload)


def _write(path: Path, payload: bytes) -> None:
    """Write beside, then rename: a failure never leaves half a file."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp-{os.getpid()}")
        tmp.write_bytes(payload)
        os.replace(tmp, path)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc}") from exc


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)  # exits 2 with a message on malformed flags

    def warn(text: str) -> None:
        print(f"{PROG}: warning: {text}", file=sys.stderr)

    try:
        out, size = run(args, warn)
    except UsageError as exc:
        print(f"{PROG}: error: {exc} (see --help)", file=sys.stderr)
        return 2
    except (ExportError, SlideError) as exc:
        print(f"{PROG}: error: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {out} ({size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

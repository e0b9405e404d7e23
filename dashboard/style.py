"""The one palette and marker set of the dashboard, its images and its slides.

Colours are Okabe & Ito (2008), "Color Universal Design": distinguishable with
the common colour-vision deficiencies. A country keeps its colour everywhere.
"""
from __future__ import annotations

OKABE_ITO = ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000", "#F0E442")
PALETTE = {"UZB": "#0072B2", "KAZ": "#D55E00", "KGZ": "#009E73", "TJK": "#CC79A7", "TKM": "#E69F00", "CAS": "#000000"}
_EXTRA = tuple(c for c in OKABE_ITO if c not in PALETTE.values())

FONT = "Liberation Sans, Arial, Helvetica, sans-serif"

# How a comparator is drawn: bounds as open triangles, "about" as an open diamond.
SYMBOLS = {
    "equal": "circle", "": "circle",
    "more_than": "triangle-up-open", "at_least": "triangle-up-open-dot",
    "less_than": "triangle-down-open", "at_most": "triangle-down-open-dot",
    "about": "diamond-open",
}
LEGEND_NOTES = (
    (("more_than", "at_least"), "triangle-up-open", "△ more than / at least (a lower bound)"),
    (("less_than", "at_most"), "triangle-down-open", "▽ less than / up to (an upper bound)"),
    (("about",), "diamond-open", "◇ about (approximate)"),
)
# Official series: one dash pattern per series of a country.
STAT_DASHES = ("dot", "dash", "dashdot", "longdash")


def colour(code: str, order: list[str] | None = None) -> str:
    """A stable colour per country code; codes outside the palette take the remaining colours in ``order``."""
    if code in PALETTE:
        return PALETTE[code]
    i = order.index(code) if order and code in order else sum(map(ord, code))
    return _EXTRA[i % len(_EXTRA)]

"""The project's one pint registry: currencies, scale words, counts and rates.

Values are stored in base units: a figure stated as "US $2,5 billion" is
2,500,000,000 ``USD``; "1.2 trillion won" stays in ``KRW`` (no conversion).
"""
from __future__ import annotations

from functools import cache
from pathlib import Path

import pint

ureg = pint.UnitRegistry(on_redefinition="raise")
ureg.load_definitions(str(Path(__file__).with_name("units.txt")))

# The words a text uses for a currency -> the unit symbol in the registry.
CURRENCY_WORDS = {
    "$": "USD", "us$": "USD", "us $": "USD", "usd": "USD", "us": "USD", "dollar": "USD", "dollars": "USD",
    "us dollar": "USD", "us dollars": "USD", "u.s. dollars": "USD",
    "won": "KRW", "krw": "KRW", "₩": "KRW",
    "soum": "UZS", "soums": "UZS", "sum": "UZS", "uzs": "UZS",
    "tenge": "KZT", "kzt": "KZT", "₸": "KZT",
    "som": "KGS", "soms": "KGS", "kgs": "KGS",
    "somoni": "TJS", "tjs": "TJS",
    "manat": "TMT", "tmt": "TMT",
    "euro": "EUR", "euros": "EUR", "eur": "EUR", "€": "EUR",
    "rouble": "RUB", "roubles": "RUB", "ruble": "RUB", "rubles": "RUB", "rub": "RUB", "₽": "RUB",
    "yuan": "CNY", "cny": "CNY", "yen": "JPY", "jpy": "JPY", "¥": "JPY",
}
SCALE_WORDS = {
    "thousand": "thousand", "k": "thousand", "th": "thousand",
    "million": "million", "millions": "million", "mln": "million", "mn": "million", "m": "million",
    "mio": "million", "billion": "billion", "billions": "billion", "bln": "billion", "bn": "billion",
    "b": "billion", "mlrd": "billion", "trillion": "trillion", "tn": "trillion", "trn": "trillion",
}


@cache
def _unit(expression: str) -> pint.Unit:
    return ureg.Unit(expression)


def to_base(number: float, unit: str, scale: str | None = None) -> float:
    """``number`` of ``scale`` ``unit`` expressed in ``unit`` itself: (2.5, "USD", "billion") -> 2.5e9."""
    if not scale:
        return float(number)
    return float(number) * _factor(scale, unit)


@cache
def _factor(scale: str, unit: str) -> float:
    """How many ``unit`` one ``scale`` ``unit`` is, through pint (cached: the registry is slow to ask)."""
    return float(ureg.Quantity(1, _unit(scale) * _unit(unit)).to(_unit(unit)).magnitude)


def is_unit(expression: str) -> bool:
    """Whether the registry parses ``expression`` (e.g. ``"vehicle / year"``)."""
    try:
        _unit(expression)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError):
        return False
    return True

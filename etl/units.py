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

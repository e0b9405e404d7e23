"""The project's one pint registry: currencies, scale words, counts and rates.

Values are stored in base units: a figure stated as "US $2,5 billion" is
2,500,000,000 ``USD``; "1.2 trillion won" stays in ``KRW`` (no conversion).

The registry is built from ``units.txt`` alone (not pint's long default list) and only when first asked for:
a process that never converts a unit never pays for importing pint.
"""
from __future__ import annotations

from functools import cache
from pathlib import Path


@cache
def registry():
    """The registry (built once per process, on first use)."""
    import pint

    ureg = pint.UnitRegistry(None, on_redefinition="raise")
    ureg.load_definitions(str(Path(__file__).with_name("units.txt")))
    return ureg


def __getattr__(name: str):  # ``from etl.units import ureg`` still works, lazily
    if name == "ureg":
        return registry()
    raise AttributeError(name)


@cache
def _unit(expression: str):
    return registry().Unit(expression)


def to_base(number: float, unit: str, scale: str | None = None) -> float:
    """``number`` of ``scale`` ``unit`` expressed in ``unit`` itself: (2.5, "USD", "billion") -> 2.5e9."""
    if not scale:
        return float(number)
    return float(number) * _factor(scale, unit)


@cache
def _factor(scale: str, unit: str) -> float:
    """How many ``unit`` one ``scale`` ``unit`` is, through pint (cached: the registry is slow to ask)."""
    return float(registry().Quantity(1, _unit(scale) * _unit(unit)).to(_unit(unit)).magnitude)


def is_unit(expression: str) -> bool:
    """Whether the registry parses ``expression`` (e.g. ``"vehicle / year"``)."""
    import pint

    try:
        _unit(expression)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError):
        return False
    return True

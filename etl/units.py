"""The project's one pint registry: currencies, scale words, counts and rates.

Values are stored in base units: a figure stated as "US $2,5 billion" is
2,500,000,000 ``USD``; "1.2 trillion won" stays in ``KRW`` (no conversion).

The registry is built from ``units.txt`` alone (not pint's long default list) and only when first asked for:
a process that never converts a unit never pays for importing pint. A scale word ("billion") is a plain number in
``units.txt``: scaling a figure reads that number (the value pint gives for it, tests/etl/test_speed.py checks), so
extraction never imports pint at all (0.25 s in every worker process, issue #12).
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

DEFINITIONS = Path(__file__).with_name("units.txt")


@cache
def registry():
    """The registry (built once per process, on first use)."""
    import pint

    ureg = pint.UnitRegistry(None, on_redefinition="raise")
    ureg.load_definitions(str(DEFINITIONS))
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
    """How many ``unit`` one ``scale`` ``unit`` is: the scale's number in units.txt, else through pint."""
    plain = plain_numbers().get(scale)
    if plain is not None:
        return plain
    return pint_factor(scale, unit)


def pint_factor(scale: str, unit: str) -> float:
    """How many ``unit`` one ``scale`` ``unit`` is, through pint."""
    return float(registry().Quantity(1, _unit(scale) * _unit(unit)).to(_unit(unit)).magnitude)


@cache
def plain_numbers() -> dict[str, float]:
    """The names units.txt defines as a plain number, with no unit ("billion = 1e9"): the scale words."""
    found = (re.fullmatch(r"(\w+)\s*=\s*(\d+(?:\.\d+)?(?:e\d+)?)\s*(?:#.*)?", line.strip())
             for line in DEFINITIONS.read_text(encoding="utf-8").splitlines())
    return {m.group(1): float(m.group(2)) for m in found if m}


def is_unit(expression: str) -> bool:
    """Whether the registry parses ``expression`` (e.g. ``"vehicle / year"``)."""
    import pint

    try:
        _unit(expression)
    except (pint.errors.PintError, AttributeError, TypeError, ValueError):
        return False
    return True

"""Readable units for axes and hovers, through pint.

The table stores values in base units (whole US dollars, counts, percent).
People read "US$ 2.5 bn". This module picks a scale for a set of values and
formats one value the way a briefing would say it.

The registry is the project's one registry, ``etl.units.ureg`` (currencies,
scale words, vehicles).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

import numpy as np
import pint

from etl.schema import COMPARATOR_WORDS
from etl.units import ureg

# name in the registry, factor, how it reads after a currency sign
_SCALES = (("trillion", 1e12, "tn"), ("billion", 1e9, "bn"), ("million", 1e6, "mn"), ("thousand", 1e3, "thousand"))


def registry() -> pint.UnitRegistry:
    """The project's one pint registry (``etl.units``): currencies, counts, vehicles and scale words."""
    return ureg


@dataclass(frozen=True)
class Scale:
    """How a unit is shown: divide base values by ``factor``, label the axis with ``label``."""

    unit: str
    scale_word: str  # "" or a registry scale name such as "billion"
    label: str
    is_currency: bool = False
    is_percent: bool = False
    currency: str = ""  # "US$" for USD, else the currency code

    def convert(self, values):
        """Base-unit values -> values in this scale (the factor comes from pint, once per scale)."""
        if not self.scale_word:
            return values
        divisor = _divisor(self.unit, self.scale_word)
        if isinstance(values, (int, float)):
            return values / divisor
        return np.asarray(values, dtype="float64") / divisor


@cache
def _divisor(unit: str, scale_word: str) -> float:
    """How many base units one unit of the scale holds: ``("USD", "billion")`` -> 1e9 (through pint)."""
    return float(registry().Quantity(1, f"{scale_word} * {unit}").to(unit).magnitude)


def _unit(unit: str) -> pint.Unit | None:
    try:
        return registry().Unit(unit or "count")
    except (pint.errors.PintError, ValueError, TypeError, AttributeError):
        return None


def _plain_label(unit: str) -> str:
    if unit in ("", "count"):
        return "count"
    if unit == "percent":
        return "%"
    # "vehicle / year" -> "vehicles per year", "square_metre / year" -> "square metres per year"
    parts = [p.strip().replace("_", " ") for p in unit.split("/")]
    if len(parts) == 2 and parts[0] and parts[1]:
        return f"{parts[0]}s per {parts[1]}"
    return unit


@cache
def _scale(unit: str, magnitude_class: int) -> Scale:
    u = _unit(unit)
    if u is not None and any("currency" in str(dim) for dim in u.dimensionality):
        sign = "US$" if unit == "USD" else unit
        for name, factor, word in _SCALES:
            if magnitude_class >= math.log10(factor):
                return Scale(unit, name, f"{sign} {word}", is_currency=True, currency=sign)
        return Scale(unit, "", sign, is_currency=True, currency=sign)
    return Scale(unit, "", _plain_label(unit), is_percent=unit == "percent")


def scale_for(unit: str, values) -> Scale:
    """The scale to show ``values`` (base units) in: billions when the largest is billions.

    Counts stay counts and percent stays percent.
    """
    arr = np.abs(np.asarray([np.nan if v is None else v for v in values] if isinstance(values, list) else values,
                            dtype="float64"))
    arr = arr[np.isfinite(arr)]
    biggest = float(arr.max()) if arr.size else 0.0
    magnitude_class = int(math.floor(math.log10(biggest))) if biggest > 0 else 0
    return _scale(unit or "", magnitude_class)


def number_text(x: float, *, integer: bool = False) -> str:
    """``2.5`` -> "2.5", ``10.0`` -> "10", ``1234.5678`` -> "1,235"; counts with separators."""
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return ""
    if integer and float(x).is_integer():
        return f"{int(x):,}"
    if abs(x) >= 1000:
        return f"{x:,.0f}"
    text = f"{x:.4g}"
    if "e" in text:
        return f"{x:,.0f}"
    return text


def _scale_of(unit: str, value: float) -> Scale:
    """:func:`scale_for` of one value (no array: this runs for every point a chart shows)."""
    biggest = abs(value)
    return _scale(unit or "", int(math.floor(math.log10(biggest))) if biggest > 0 and math.isfinite(biggest) else 0)


def value_text(value: float, unit: str, comparator: str = "equal") -> str:
    """The value as a briefing says it: "more than US$ 10 bn", "about 120 joint ventures"."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    scale = _scale_of(unit, float(value))
    shown = float(scale.convert(float(value)))
    if scale.is_currency:
        text = f"{scale.currency} {number_text(shown)} {scale.label[len(scale.currency) + 1:]}".strip()
    elif scale.is_percent:
        text = f"{number_text(shown)} %"
    else:
        label = "" if scale.label == "count" else f" {scale.label}"
        text = f"{number_text(shown, integer=True)}{label}"
    words = COMPARATOR_WORDS.get(comparator or "equal", comparator or "")
    return f"{words} {text}".strip()

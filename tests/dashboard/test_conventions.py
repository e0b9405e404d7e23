"""Conventions the dashboard keeps (#11, ../shared/style.md): small modules, thin callbacks."""
import ast
from pathlib import Path

import pytest

DASHBOARD = Path(__file__).resolve().parents[2] / "dashboard"
OTHERS = {"slides.py", "export.py", "__main__.py"}  # owned and sized by the slides work


@pytest.mark.parametrize("module", sorted(p.name for p in DASHBOARD.glob("*.py") if p.name not in OTHERS))
def test_modules_stay_under_400_lines(module):
    assert len((DASHBOARD / module).read_text(encoding="utf-8").splitlines()) <= 400


def _callbacks():
    tree = ast.parse((DASHBOARD / "callbacks.py").read_text(encoding="utf-8"))
    register = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "register_callbacks")
    return [n for n in register.body if isinstance(n, ast.FunctionDef) and n.decorator_list]


def test_callbacks_are_wiring_of_at_most_six_lines():
    callbacks = _callbacks()
    assert len(callbacks) >= 12
    for fn in callbacks:
        body = [n for n in fn.body if not (isinstance(n, ast.Expr) and isinstance(n.value, ast.Constant))]
        lines = body[-1].end_lineno - body[0].lineno + 1
        assert lines <= 6, f"{fn.name}: {lines} lines"
        assert fn.name.startswith("callback_")

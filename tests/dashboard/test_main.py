"""``python -m dashboard`` with a data table that is not there: one line, exit status 2, no server (issue #14)."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize("args, env, message", [
    (["--data", "/nope.csv"], {}, "python -m dashboard: no such file: /nope.csv (given by --data)"),
    ([], {"KCA_DATA": "/nope.csv"}, "python -m dashboard: no such file: /nope.csv (given by KCA_DATA)"),
    (["--data", "/"], {}, "python -m dashboard: is a folder, not an indicators.csv: / (given by --data)"),
    (["--data", "/nope.csv"], {"KCA_DATA": "data/indicators.csv"}, "/nope.csv (given by --data)"),
])
def test_a_data_table_that_is_not_there_exits_2_before_serving(args, env, message):
    clean = {k: v for k, v in os.environ.items() if k != "KCA_DATA"}
    proc = subprocess.run([sys.executable, "-m", "dashboard", "--port", "1", *args], cwd=ROOT, env={**clean, **env},
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2
    assert proc.stderr.strip().endswith(message) and proc.stderr.count("\n") == 1
    assert proc.stdout == ""

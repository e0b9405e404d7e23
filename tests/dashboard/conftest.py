"""Fixtures for the dashboard's unit tests: a sample data folder, its bundle."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))  # sample_data, shared with tests/browser

from sample_data import write_data_folder  # noqa: E402

from dashboard.data import load_bundle  # noqa: E402


@pytest.fixture(scope="session", autouse=True)
def columnar_cache(tmp_path_factory):
    """The tables' columnar copies (#12) go to a folder of this session, not the user's cache."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("KCA_CACHE", str(tmp_path_factory.mktemp("kca-cache")))
        yield


@pytest.fixture(scope="session")
def data_path(tmp_path_factory) -> Path:
    return write_data_folder(tmp_path_factory.mktemp("data"), meta=True)


@pytest.fixture(scope="session")
def bundle(data_path):
    return load_bundle(str(data_path))

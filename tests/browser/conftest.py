"""A real gunicorn (started from the Procfile's line) and a real headless Chromium.

One server and one browser per session; a fresh page (and context) per test.
Browser tests are marked ``browser``; ``pytest -m "not browser"`` skips them.
"""
from __future__ import annotations

import os
import shlex
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests" / "dashboard"))  # sample_data, shared with the unit tests

from sample_data import write_data_folder  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def procfile_command(port: int) -> list[str]:
    """The Procfile's web line, with $PORT filled in and gunicorn taken from this environment."""
    line = next(l for l in (ROOT / "Procfile").read_text().splitlines() if l.startswith("web:"))
    argv = shlex.split(line.split(":", 1)[1].replace("$PORT", str(port)))
    assert argv[0] == "gunicorn"
    return [str(Path(sys.executable).with_name("gunicorn")), *argv[1:]]


@pytest.fixture(scope="session")
def data_path(tmp_path_factory) -> Path:
    return write_data_folder(tmp_path_factory.mktemp("browser-data"), meta=True)


@pytest.fixture(scope="session")
def server_log(tmp_path_factory) -> Path:
    """gunicorn's stderr (the app's warnings and any traceback land here)."""
    return tmp_path_factory.mktemp("gunicorn") / "stderr.log"


@pytest.fixture(scope="session")
def server(data_path, server_log):
    """Base URL of gunicorn serving dashboard.app:server on the fixture data."""
    port = _free_port()
    stderr = server_log.open("w+")
    env = {**os.environ, "KCA_DATA": str(data_path), "PORT": str(port)}
    proc = subprocess.Popen(procfile_command(port), cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 40
    while True:
        if proc.poll() is not None:
            stderr.seek(0)
            pytest.fail(f"gunicorn exited with {proc.returncode}:\n{stderr.read()}")
        try:
            with urllib.request.urlopen(url + "/", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            pass
        if time.monotonic() > deadline:
            proc.terminate()
            stderr.seek(0)
            pytest.fail(f"gunicorn did not answer on {url} within 40 s:\n{stderr.read()}")
        time.sleep(0.2)
    yield url
    proc.terminate()
    try:
        proc.wait(timeout=10)
    except subprocess.TimeoutExpired:
        proc.kill()
    stderr.seek(0)
    tail = stderr.read()
    if "Traceback" in tail:
        print("gunicorn stderr had a traceback:\n" + tail[-4000:])


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: run `make chromium` (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


class PageProbe:
    """What a page did that it should not: dialogs opened, page errors; and every URL it requested."""

    def __init__(self, page):
        self.dialogs: list[str] = []
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.refused: list[str] = []  # what the Content-Security-Policy refused (the browser says so on its console)
        page.on("dialog", lambda d: (self.dialogs.append(d.message), d.dismiss()))
        page.on("pageerror", lambda e: self.errors.append(str(e)))
        page.on("console", lambda m: self.refused.append(m.text) if "Content Security Policy" in m.text else None)
        page.context.on("request", lambda r: self.requests.append(r.url))


@pytest.fixture
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(15000)
    pg.probe = PageProbe(pg)
    yield pg
    context.close()

"""The app as a WSGI server answers it (Flask's test client): headers, callbacks, crafted requests. Issue #11."""
import base64
import hashlib
import json
import logging
import re
import time
from urllib.parse import urlsplit

import pytest
from crafted import fuzzed_urls, requests_for

from dashboard import ids


@pytest.fixture(scope="module")
def app(data_path):
    from dashboard.app import create_app

    return create_app(str(data_path))


@pytest.fixture
def client(app):
    return app.server.test_client()


def _page_request(pathname, search, viewport=1400):
    return {
        "output": f"{ids.PAGE}.children", "outputs": {"id": ids.PAGE, "property": "children"},
        "inputs": [{"id": ids.URL, "property": "pathname", "value": pathname},
                   {"id": ids.VIEWPORT, "property": "data", "value": viewport}],
        "state": [{"id": ids.URL, "property": "search", "value": search}],
        "changedPropIds": [f"{ids.URL}.pathname"],
    }


def test_app_serves_with_a_strict_content_security_policy(client, app):
    r = client.get("/")
    assert r.status_code == 200
    csp = r.headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp and "img-src 'self' data: blob:" in csp
    # no inline script runs but Dash's own, allowed by its hash, and nothing is evaluated from a string
    scripts = next(d for d in csp.split(";") if d.strip().startswith("script-src")).split()
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "frame-ancestors 'self'" in csp
    html = re.sub(r"<!--.*?-->", "", r.get_data(as_text=True), flags=re.S)  # (a comment's script never runs)
    inline = [s for s in re.findall(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>(.*?)</script>", html, re.S)
              if s.strip()]
    assert inline and all(f"'sha256-{base64.b64encode(hashlib.sha256(s.encode()).digest()).decode()}'" in scripts
                          for s in inline)
    # every script and stylesheet the page loads is the app's own
    html = r.get_data(as_text=True)
    assert "https://" not in html.split("<body>")[1].split("</footer>")[0] or "cdn" not in html
    assert client.get("/embed?indicator=x").status_code == 200
    assert len(app.callback_map) >= 12


def test_the_page_loads_no_polyfill_and_preloads_its_first_chunks(client):
    """#12: Babel's polyfill is left out (regeneratorRuntime, all Dash's bundles need of it, is vendored); the
    chunks the first page renders are fetched with its scripts; every script and preload answers."""
    from dashboard.app import FIRST_CHUNKS

    html = client.get("/").get_data(as_text=True)
    assert "polyfill" not in html
    scripts = [tag.split('src="', 1)[1].split('"', 1)[0] for tag in html.split("<script")[1:] if 'src="' in tag]
    preloads = [tag.split('href="', 1)[1].split('"', 1)[0] for tag in html.split('<link rel="preload"')[1:]]
    assert any("regenerator-runtime" in s for s in scripts)
    assert len(preloads) == len(FIRST_CHUNKS) and all(p.endswith(FIRST_CHUNKS) for p in preloads)
    for url in scripts + preloads:
        assert client.get(url).status_code == 200, url


def test_a_click_needs_no_grid_that_is_built_later(app):
    """#12: the grids come after the first chart (the Table tab's when it is opened): a click on a chart must not
    wait for them, so their inputs to the citation's callback are optional."""
    later = {ids.TABLE, ids.CLAIMS_TABLE}
    for output, callback in app.callback_map.items():
        inputs = callback["inputs"]
        if any(i["id"] in later for i in inputs) and not all(i["id"] in later for i in inputs):
            assert all(i.get("allow_optional") for i in inputs if i["id"] in later), output


def test_the_page_callback_falls_back_with_a_notice(client):
    r = client.post("/_dash-update-component", json=_page_request("/", "?years=bad"))
    assert r.status_code == 200 and "Bad year range" in r.get_data(as_text=True)


def test_every_callback_survives_crafted_requests(client, caplog):
    deps = client.get("/_dash-dependencies").get_json()
    statuses, slowest = {}, 0.0
    with caplog.at_level(logging.WARNING):
        for body in requests_for(deps, 300):
            t = time.perf_counter()
            r = client.post("/_dash-update-component", data=json.dumps(body), content_type="application/json")
            slowest = max(slowest, time.perf_counter() - t)
            statuses[r.status_code] = statuses.get(r.status_code, 0) + 1
            assert r.status_code in (200, 204, 400), (r.status_code, body["output"], r.get_data(as_text=True)[:300])
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], [r.getMessage() for r in caplog.records][:5]
    assert statuses.get(200, 0) > 150  # most are answered with the default view, not refused
    assert slowest < 3


def test_malformed_bodies_are_400_not_500(client):
    deep = "[" * 100_000 + "]" * 100_000
    for data in (deep, "not json", "{}", '{"output": "nothing.children", "inputs": []}', "[1, 2]", '{"output": 5}'):
        r = client.post("/_dash-update-component", data=data, content_type="application/json")
        assert r.status_code in (400, 204), (data[:40], r.status_code)
    r = client.post("/_dash-update-component", data="x" * 2_000_000, content_type="application/json")
    assert r.status_code == 413


def test_fuzzed_urls_always_give_a_page(client, caplog):
    with caplog.at_level(logging.WARNING):
        for url in fuzzed_urls(200):
            parts = urlsplit(url)
            assert client.get(url).status_code in (200, 308, 404), url
            r = client.post("/_dash-update-component", json=_page_request(parts.path, "?" + parts.query if parts.query else ""))
            assert r.status_code == 200, (url, r.get_data(as_text=True)[:300])
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

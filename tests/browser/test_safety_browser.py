"""Nothing leaves the machine, and crafted requests and fuzzed URLs get answers, not errors (#11).

Against the real gunicorn of the Procfile: a browser session that records every request the page makes;
600 crafted callback requests built from the app's own /_dash-dependencies; 1,000 fuzzed URLs.
"""
from __future__ import annotations

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

import pytest
from crafted import fuzzed_urls, requests_for
from pagejs import hover_point, id_of

pytestmark = pytest.mark.browser


def _post(url: str, body: bytes) -> tuple[int, float, bytes]:
    request = urllib.request.Request(url, data=body, headers={"Content-Type": "application/json"}, method="POST")
    start = time.perf_counter()
    try:
        with urllib.request.urlopen(request, timeout=30) as r:
            return r.status, time.perf_counter() - start, r.read()
    except urllib.error.HTTPError as e:
        return e.code, time.perf_counter() - start, e.read()


def _get(url: str) -> int:
    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    try:
        with urllib.request.build_opener(NoRedirect).open(url, timeout=30) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def test_no_request_goes_to_another_host(page, server, data_path):
    host = urlsplit(server).netloc
    page.goto(server + "/?countries=UZB,KAZ&years=2019-2023")
    obs = id_of(data_path, "2022-02-01-uz-news", "UZB")
    x, y = hover_point(page, "by-year-chart", obs)
    page.mouse.click(x, y)
    page.wait_for_selector("#citation-drawer.open")
    page.keyboard.press("Escape")
    page.click("summary:has-text('Share')")
    page.click("#about-data summary >> nth=0")
    with page.expect_download():
        page.click("#download-zip")
    page.click("#view .tab:has-text('Table')")
    page.wait_for_selector("#claims-table .ag-row:not(.ag-row-loading)")
    page.click("#view .tab:has-text('Sources')")
    page.wait_for_selector("#sources-table .ag-row")
    page.click("#sources-table .ag-row[row-index='0'] .ag-cell >> nth=0")
    page.wait_for_selector("#source-panel h3")
    page.goto(server + "/embed?countries=UZB")
    page.wait_for_selector("#embed-chart .scatterlayer")
    hosts = {urlsplit(u).netloc for u in page.probe.requests if urlsplit(u).scheme in ("http", "https", "ws", "wss")}
    assert hosts == {host}, hosts
    assert len(page.probe.requests) > 20 and page.probe.errors == []
    assert page.probe.refused == [], page.probe.refused[:3]  # every script ran under the policy
    csp = urllib.request.urlopen(server + "/").headers["Content-Security-Policy"]
    assert "default-src 'self'" in csp and "connect-src 'self'" in csp


def test_600_crafted_callback_requests_get_no_server_error(server, server_log):
    deps = json.loads(urllib.request.urlopen(server + "/_dash-dependencies").read())
    statuses, slow = {}, []
    for body in requests_for(deps, 600, seed=600):
        status, seconds, _ = _post(server + "/_dash-update-component", json.dumps(body).encode())
        statuses[status] = statuses.get(status, 0) + 1
        if seconds > 3:
            slow.append((body["output"], round(seconds, 2)))
    # a few of Dash's own request checks refuse a body (400); nothing is a server error, nothing slow
    assert not any(s >= 500 for s in statuses), statuses
    assert set(statuses) <= {200, 204, 400} and statuses.get(200, 0) > 300, statuses
    assert slow == []
    deep = b"[" * 200_000 + b"]" * 200_000
    assert _post(server + "/_dash-update-component", deep)[0] == 400
    assert _post(server + "/_dash-update-component", b"{" + b" " * 2_000_000 + b"}")[0] == 413
    assert "Traceback" not in server_log.read_text(errors="replace")


def test_1000_fuzzed_urls_get_a_page_and_no_traceback(server, server_log):
    errors = []
    for url in fuzzed_urls(1000, seed=1000):
        status = _get(server + url)
        if status >= 500 or status not in (200, 308, 404, 414):  # 414: gunicorn refuses a request line over 4 kB
            errors.append((url, status))
        parts = urlsplit(url)
        body = {"output": "page.children", "outputs": {"id": "page", "property": "children"},
                "inputs": [{"id": "url", "property": "pathname", "value": parts.path},
                           {"id": "viewport", "property": "data", "value": 1400}],
                "state": [{"id": "url", "property": "search", "value": "?" + parts.query if parts.query else ""}],
                "changedPropIds": ["url.pathname"]}
        status, _, answer = _post(server + "/_dash-update-component", json.dumps(body).encode())
        if status != 200 or b'"page"' not in answer:
            errors.append((url, status))
    assert errors == []
    assert "Traceback" not in server_log.read_text(errors="replace")

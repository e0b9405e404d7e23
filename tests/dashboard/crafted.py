"""Crafted callback requests and fuzzed URLs, as an attacker would send them (#11).

``requests_for(dependencies, n, seed)`` builds ``n`` POST bodies for
``/_dash-update-component`` from the app's own ``/_dash-dependencies`` (every
callback, every input and state), each value replaced at random by one of
:data:`BAD_VALUES`: wrong types, huge lists, odd digits, deep nesting.
``fuzzed_urls(n, seed)`` builds query strings (and paths) of the same kind.
Shared by the unit tests (Flask's test client) and the browser tests (gunicorn).
"""
from __future__ import annotations

import random
import string
from urllib.parse import quote


def _nested_list(depth: int):
    value: object = "UZB"
    for _ in range(depth):
        value = [value]
    return value


def _nested_dict(depth: int):
    value: object = {"rowId": "x"}
    for level in range(depth):  # each level holds the one below once: the JSON grows linearly
        value = {"points": [{"customdata": value}], "data": 1} if level % 2 else {"data": {"rowId": value}}
    return value


BAD_VALUES = [
    None, True, False, 0, -1, 2 ** 63, 1e308, -0.0, "", " ", "x", "2019", "²⁰¹⁹", "①⑨⑨⑨", "٢٠١٩", "२०१९",
    "9" * 5000, "<script>alert(1)</script>", "../../etc/passwd", "\x00", "A" * 100_000,
    [], [2015, "x"], [2015], [2015, 2016, 2017], ["2015", "2024"], [None, None], [[2015], [2024]],
    ["UZB"] * 1000, ["KAZ", "XXX", "QQQ", "ZZZ"], ["uzb", 5, None, {}, []], list(range(10_000)),
    ["KOR", "USA", "CHN"], ["trade_turnover"], ["png", "svg"],
    {}, {"a": 1}, {"points": "x"}, {"points": []}, {"points": [None]}, {"points": [{"customdata": ["a"]}]},
    {"points": [{"customdata": {"$where": 1}}]}, {"points": [{"customdata": "nope", "x": "²"}]},
    {"rowId": ["a"]}, {"rowId": 5}, {"rowId": "../../x"}, {"data": {"rowId": {"$x": 1}}}, {"data": 5},
    {"rowId": "a" * 10_000}, _nested_list(60), _nested_dict(30), _nested_list(400),
]
GOOD = {
    "indicator.value": ["trade_turnover", "exports"], "countries.value": [["UZB", "KAZ"], ["UZB"]],
    "partner.value": ["KOR"], "years.value": [[2019, 2023]], "official.value": ["korea", "all", "none"],
    "bar-year.value": [None, 2021], "view.value": ["explore", "table", "sources"], "url.pathname": ["/", "/embed"],
    "url.search": ["", "?countries=UZB"], "image-format.value": ["png"], "viewport.data": [1400, 390],
}


def _value(rng: random.Random, key: str):
    if key in GOOD and rng.random() < 0.3:
        return rng.choice(GOOD[key])
    return rng.choice(BAD_VALUES)


def _deps(spec: list[dict]) -> list[dict]:
    return [{"id": d["id"], "property": d["property"]} for d in spec]


def _outputs(output: str) -> list[dict]:
    text = output.strip(".")
    parts = [p for p in text.split("...") if p] if text.count("...") else [text]
    out = []
    for part in parts:
        cid, prop = part.rsplit(".", 1)
        out.append({"id": cid.split("@")[0], "property": prop.split("@")[0]})
    return out


def requests_for(dependencies: list[dict], n: int, seed: int = 11) -> list[dict]:
    """``n`` crafted request bodies over every callback the app declares (clientside ones skipped)."""
    rng = random.Random(seed)
    callbacks = [d for d in dependencies if not d.get("clientside_function")]
    bodies = []
    for i in range(n):
        cb = callbacks[i % len(callbacks)]
        inputs = [dict(d, value=_value(rng, f"{d['id']}.{d['property']}")) for d in _deps(cb["inputs"])]
        state = [dict(d, value=_value(rng, f"{d['id']}.{d['property']}")) for d in _deps(cb.get("state", []))]
        outputs = _outputs(cb["output"])
        bodies.append({
            "output": cb["output"],
            "outputs": outputs if len(outputs) > 1 or cb["output"].startswith("..") else outputs[0],
            "inputs": inputs, "state": state,
            "changedPropIds": [f"{inputs[rng.randrange(len(inputs))]['id']}.{inputs[0]['property']}"] if inputs else [],
        })
    return bodies


def fuzzed_urls(n: int, seed: int = 12) -> list[str]:
    """``n`` paths with query strings: unknown and repeated keys, odd digits, huge values, encodings."""
    rng = random.Random(seed)
    keys = ["view", "indicator", "countries", "partner", "years", "source", "year", "official", "x", "", "years[]"]
    values = ["", "2019", "2015-2024", "²⁰¹⁵-²⁰²⁴", "①⑨⑨⑨", "9" * 5000, "UZB," * 500, "uzb,kaz,xxx", "%00", "%ff%fe",
              "<script>alert(1)</script>", "../../etc/passwd", "table", "checks", "sources", "trade_turnover", "KOR",
              "2024-02-01-hostile", "all", "-1", "1e9", "2019-", "-2019", "2019--2020", "٢٠١٩-٢٠٢٠", "nan", "None"]
    paths = ["/", "/", "/", "/embed", "/embed/", "/nowhere", "//embed", "/%2e%2e/", "/embed%00"]
    urls = []
    for _ in range(n):
        parts = []
        for _ in range(rng.randrange(0, 7)):
            key, value = rng.choice(keys), rng.choice(values)
            encoded = value if value.startswith("%") else quote(value, safe=",-")  # %00, %ff%fe: sent as they are
            if rng.random() < 0.1:
                encoded = quote("".join(rng.choice(string.printable) for _ in range(rng.randrange(1, 40))))
            parts.append(f"{quote(key, safe='[]')}={encoded}")
        urls.append(rng.choice(paths) + ("?" + "&".join(parts) if parts or rng.random() < 0.5 else ""))
    return urls

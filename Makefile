# One task runner: the README, developers and CI call these targets.
PY      := .venv/bin/python
STAMP   := .venv/.installed

.PHONY: run test test-fast lint build excerpts bench deck chromium install clean

$(STAMP): pyproject.toml
	python3 -m venv .venv
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

# Debian's Chromium for the browser tests and server-side images (never a download of its own).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium >/dev/null; }

# The dashboard on the shipped data/indicators.csv, at http://127.0.0.1:8050
run: $(STAMP)
	$(PY) -m dashboard

# The whole test suite, browser tests included (lint first: it takes a second).
test: $(STAMP) chromium lint
	$(PY) -m pytest -q

# ruff: the rules are in pyproject.toml
lint: $(STAMP)
	.venv/bin/ruff check .

# Without the browser tests, for quick iterations.
test-fast: $(STAMP)
	$(PY) -m pytest -q -m "not browser"

# Rebuild data/ from data/sources/ (and data/snapshots/).
build: $(STAMP)
	$(PY) -m etl build

# The press articles as excerpts (issue 13): cut afresh from the whole texts of the shared dev corpus into
# data/sources/ (the cited sentences and what their figures need), then data/*.csv rebuilt from them.
DEV     ?= ../shared/corpus/dev
excerpts: $(STAMP)
	$(PY) -m etl excerpt --out data/sources $(DEV)/*.md
	$(PY) -m etl build

# A briefing pack: one editable slide per view of examples/briefing-deck.yml
deck: $(STAMP)
	$(PY) -m dashboard.export --deck examples/briefing-deck.yml --out briefing.pptx

bench: $(STAMP) chromium
	$(PY) benchmarks/bench_build.py
	$(PY) benchmarks/bench_dashboard.py

clean:
	rm -rf .venv .pytest_cache

# One command each: `make run` (dashboard on the bundled data) and `make test` (whole suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: setup run test lint chromium bench clean

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $(STAMP)

run: setup
	$(BIN)/streamlit run app.py

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: setup
	$(BIN)/ruff check .

test: setup chromium lint
	$(BIN)/pytest -q

WORK := benchmarks/work

bench: setup chromium
	$(BIN)/python benchmarks/run.py --sizes 10000,100000
	$(BIN)/python benchmarks/extraction.py
	rm -f $(WORK)/base.duckdb $(WORK)/base.duckdb.wal && $(BIN)/newslens ingest ../shared/corpora --db $(WORK)/base.duckdb -q
	NEWSLENS_MEMORY_LIMIT=8GB $(BIN)/python benchmarks/replicate.py $(WORK)/base.duckdb $(WORK)/pages-10k.duckdb --copies 3
	NEWSLENS_MEMORY_LIMIT=8GB $(BIN)/python benchmarks/replicate.py $(WORK)/base.duckdb $(WORK)/pages-100k.duckdb --copies 33
	NEWSLENS_MEMORY_LIMIT=8GB $(BIN)/python benchmarks/replicate.py $(WORK)/base.duckdb $(WORK)/pages-1m.duckdb --copies 330
	for size in 10k 100k 1m; do $(BIN)/newslens index --db $(WORK)/pages-$$size.duckdb || exit 1; done
	$(BIN)/python benchmarks/page_queries.py $(WORK)/pages-10k.duckdb $(WORK)/pages-100k.duckdb $(WORK)/pages-1m.duckdb --output benchmarks/results-pages.md
	$(BIN)/python benchmarks/dashboard.py $(WORK)/pages-100k.duckdb $(WORK)/pages-1m.duckdb --output benchmarks/results-dashboard.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache data/newslens.duckdb data/newslens.duckdb.wal \
		data/newslens.duckdb.search-v1

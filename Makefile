# `make run` (dashboard on the bundled demo corpus) and `make test` (whole suite); `make check`
# is the fast loop (no browser), `make model` retrains the meeting model, `make actors` rebuilds
# the world gazetteer, `make bench` measures, `make screenshots` renews the README's pictures,
# `make cli-docs` rewrites docs/cli.md from the command's --help.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
CORPORA := ../shared/corpora

.PHONY: setup run test check lint chromium model actors bench screenshots cli-docs clean

setup: $(STAMP)

# constraints.txt pins the set CI tested, so a fresh machine installs the same versions
$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,train]'
	touch $(STAMP)

run: setup
	$(BIN)/newslens serve

chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium; }

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# ruff, unit and AppTest tests on both cores; no browser
check: lint
	$(BIN)/pytest -q -m "not e2e" -n 2 -p no:cacheprovider

test: setup chromium lint
	$(BIN)/pytest -q

# the meeting model from the development labels (tests/data/meetings/dev.jsonl)
model: setup
	$(BIN)/python scripts/train_meetings.py $(CORPORA)

# the world gazetteer from the pinned source snapshot (data/actors/SOURCES.md); pass
# COUNTRYINFO=path to use another copy of the snapshot or of CountryInfo.120116.txt
COUNTRYINFO ?= /work/.mirror/openeventdata+CountryInfo/repo
actors: setup
	$(BIN)/python scripts/build_actors.py --countryinfo $(COUNTRYINFO)

# the README's pictures of every page on the demo corpus (docs/screenshots/)
cli-docs: setup
	$(BIN)/python -m typer newslens.cli utils docs --name newslens --title "The newslens command" \
		--output docs/cli.md

screenshots: setup chromium
	$(BIN)/python scripts/screenshots.py

WORK := benchmarks/work

bench: setup chromium
	$(BIN)/pip install --quiet -c constraints.txt -e '.[test,train,bench]'
	$(BIN)/python benchmarks/run.py --sizes 10000,100000
	$(BIN)/python benchmarks/extraction.py
	$(BIN)/python benchmarks/meeting_quality.py
	rm -f $(WORK)/base.duckdb $(WORK)/base.duckdb.wal && $(BIN)/newslens ingest $(CORPORA) --db $(WORK)/base.duckdb -q
	NEWSLENS_MEMORY_LIMIT=8GB $(BIN)/python benchmarks/replicate.py $(WORK)/base.duckdb $(WORK)/pages-10k.duckdb --copies 3
	NEWSLENS_MEMORY_LIMIT=8GB $(BIN)/python benchmarks/replicate.py $(WORK)/base.duckdb $(WORK)/pages-100k.duckdb --copies 33
	NEWSLENS_MEMORY_LIMIT=8GB $(BIN)/python benchmarks/replicate.py $(WORK)/base.duckdb $(WORK)/pages-1m.duckdb --copies 330
	for size in 10k 100k 1m; do $(BIN)/newslens index --db $(WORK)/pages-$$size.duckdb || exit 1; done
	$(BIN)/python benchmarks/page_queries.py $(WORK)/pages-10k.duckdb $(WORK)/pages-100k.duckdb $(WORK)/pages-1m.duckdb --output benchmarks/results-pages.md
	$(BIN)/python benchmarks/dashboard.py $(WORK)/pages-100k.duckdb $(WORK)/pages-1m.duckdb --output benchmarks/results-dashboard.md

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache data/newslens.duckdb data/newslens.duckdb.wal \
		data/newslens.duckdb.search-v1

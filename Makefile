# aikg — two commands set everything up on a fresh machine: `make run` and `make test`.
PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export AIKG_STORE ?= ./data/store

.PHONY: run test bench lint install system-deps clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

# Debian packages the browser, remote-store and benchmark tests need (installed only when missing).
system-deps:
	@bash scripts/system-deps.sh

# Writes are on: with AIKG_WRITE_TOKEN if set, else (on loopback) with a token generated into the store
# folder and printed. `aikg` in another shell works on the same store through this server.
run: install
	$(BIN)/aikg ingest examples/articles
	@echo ""
	@echo "  Explorer:      http://$(HOST):$(PORT)/"
	@echo "  SPARQL editor: http://$(HOST):$(PORT)/sparql"
	@echo "  API docs:      http://$(HOST):$(PORT)/docs"
	@echo ""
	$(BIN)/aikg serve --host $(HOST) --port $(PORT) --enable-writes

test: install system-deps
	$(BIN)/ruff check ontology graph api tests bench
	$(BIN)/mypy ontology graph api
	$(BIN)/pytest -q

bench: install system-deps
	$(BIN)/python -m bench.run

lint: install
	$(BIN)/ruff check ontology graph api tests bench
	$(BIN)/mypy ontology graph api

clean:
	rm -rf $(VENV) data build dist *.egg-info

# Two entry points: `make demo` (build the bundled seed) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin

.PHONY: demo test lint bench clean

$(BIN)/kg: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.dev: $(BIN)/kg
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $@

demo: $(BIN)/kg
	$(BIN)/kg build --out build
	@echo "Outputs are in build/: records/, graph.ttl, graph.jsonld, graph.nt, store/, report.md, graph.html"

test: $(VENV)/.dev
	$(BIN)/ruff check graph tests notebooks
	$(BIN)/python -m pytest

lint: $(VENV)/.dev
	$(BIN)/ruff check graph tests notebooks
	$(BIN)/ruff format --check graph tests notebooks

bench: $(BIN)/kg
	$(BIN)/kg bench

clean:
	rm -rf build .pytest_cache

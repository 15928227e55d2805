# One entry point for everything: `make demo` runs the app on the built-in demo library,
# `make check` runs every check CI runs (format, lint incl. layer bans, mypy, the test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_TIMEOUT ?= 1500

.PHONY: venv demo check lint test fmt bench clean

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sessiondock-launcher --demo --show

lint: $(STAMP)
	$(BIN)/ruff format --check app tests bench packaging
	$(BIN)/ruff check app tests bench packaging
	$(BIN)/mypy

test: $(STAMP)
	timeout -s KILL $(PYTEST_TIMEOUT) $(BIN)/python -m pytest -q $(PYTEST_ARGS)

check: lint test

fmt: $(STAMP)
	$(BIN)/ruff format app tests bench packaging
	$(BIN)/ruff check --fix app tests bench packaging

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) build dist

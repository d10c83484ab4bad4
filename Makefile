# Two entry points: `make serve` runs the site, `make test` runs every test (`make test-fast` the
# engine's quick ones, `make check` lint, format and types).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export NO_MKDOCS_2_WARNING := 1
STAMP := $(VENV)/.installed
# npm rewrites this file on every install, so it also tracks changes to package-lock.json.
NODE_STAMP := node_modules/.package-lock.json

.PHONY: serve build test test-fast check validate clean

serve: $(STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000

build: $(STAMP)
	$(BIN)/mkdocs build --strict

validate: $(STAMP)
	$(BIN)/explainer validate data

test: $(STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

# The engine's tests without whole-site builds or the browser: under a minute, for contributors.
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser" -q

# Lint, format and types, as CI runs them.
check: $(STAMP)
	$(BIN)/ruff check hooks tests benchmarks
	$(BIN)/ruff format --check hooks tests benchmarks
	$(BIN)/mypy

# axe-core and the Nu Html Checker, pinned in package-lock.json. --ignore-scripts: vnu-jar's install
# script would download a Java runtime; the tests use the system's `java` (apt-get install default-jre-headless).
$(NODE_STAMP): package-lock.json
	@if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund; \
	else echo "npm not found: the accessibility and HTML checks will skip (apt-get install npm)"; fi

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

clean:
	rm -rf site $(VENV)

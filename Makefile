# The two set-up commands on a fresh machine are `make demo` and `make test`; each builds .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CATALOG ?=
PYTEST_ARGS ?=

.PHONY: install demo test test-unit test-integration test-e2e test-fast lint format clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[local,dev]'
	touch $@

demo: install
	$(BIN)/cinelake demo $(if $(CATALOG),--catalog $(CATALOG))

test: install lint
	$(BIN)/pytest $(PYTEST_ARGS)

test-unit: install
	$(BIN)/pytest -m unit $(PYTEST_ARGS)

test-integration: install
	$(BIN)/pytest -m integration $(PYTEST_ARGS)

test-e2e: install
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache build src/*.egg-info

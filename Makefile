# Two commands on a fresh Linux machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint bench schema screenshots clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	bash scripts/system-packages.sh run
	$(BIN)/screening-app

test: $(STAMP)
	bash scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check screening ui tests benchmarks

lint: $(STAMP)
	$(BIN)/ruff check screening ui tests benchmarks

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

schema: $(STAMP)
	$(BIN)/python -m screening.spec > rules/schema.json

clean:
	rm -rf $(VENV) build *.egg-info

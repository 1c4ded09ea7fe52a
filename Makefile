# Two commands on a fresh Linux machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

LOCK := constraints.txt

.PHONY: run test test-latest lint bench eval fit schema screenshots lock clean

# Installs are pinned by $(LOCK); pyproject.toml keeps the ranges the package accepts.
$(STAMP): pyproject.toml $(LOCK)
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c $(LOCK) -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	bash scripts/system-packages.sh run
	$(BIN)/screening-app

test: $(STAMP)
	bash scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q
	$(BIN)/ruff check screening ui tests benchmarks
	$(BIN)/lint-imports --no-cache
	$(BIN)/mypy

lint: $(STAMP)
	$(BIN)/ruff check screening ui tests benchmarks
	$(BIN)/mypy

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py
	$(BIN)/python benchmarks/referral_scale_bench.py

# Search and cue figures: tuned sets, then the frozen blind set (developers: EVAL_ARGS=--tuned-only).
eval: $(STAMP)
	$(BIN)/python benchmarks/eval.py $(EVAL_ARGS)

# Refit the colour weights (rules/default/ranking.yaml) on the development sets; never the blind set.
fit: $(STAMP)
	$(BIN)/python benchmarks/fit_ranking.py

schema: $(STAMP)
	$(BIN)/python -m screening.ruleset.schema > rules/schema.json
	$(BIN)/python -m screening.training.scenarios > rules/scenario.schema.json

# Refresh the lock: resolve the newest versions pyproject allows in a scratch venv and pin them.
lock:
	rm -rf .venv-lock
	$(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet --upgrade pip
	.venv-lock/bin/python -m pip install --quiet '.[test]'
	( echo "# Pinned by 'make lock' on $$(date -u +%Y-%m-%d) with $$(.venv-lock/bin/python -V)."; \
	  echo "# Used as pip constraints by make run, make test and CI; pyproject.toml keeps the ranges."; \
	  .venv-lock/bin/python -m pip freeze --exclude hsb-screening | LC_ALL=C sort -f ) > $(LOCK)
	rm -rf .venv-lock build

# The whole suite against the newest versions pyproject allows, ignoring the lock.
test-latest:
	rm -rf .venv-latest
	$(PYTHON) -m venv .venv-latest
	.venv-latest/bin/python -m pip install --quiet --upgrade pip
	.venv-latest/bin/python -m pip install --quiet -e '.[test]'
	bash scripts/system-packages.sh test
	QT_QPA_PLATFORM=offscreen .venv-latest/bin/python -m pytest -q
	rm -rf .venv-latest

clean:
	rm -rf $(VENV) build *.egg-info

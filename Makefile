# The two commands of the README: `make demo` and `make test`. Both create .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TODAY  ?= 2026-11-23

.PHONY: demo test lint typecheck unit wheel-check bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	@echo "== policy-lint check policies/ (the example policies; defects/ excluded) =="
	$(BIN)/policy-lint check --today $(TODAY) --exclude defects policies/
	@echo "== policy-lint check policies/defects/ (each file shows the defect it is named for) =="
	-$(BIN)/policy-lint check --today $(TODAY) policies/defects/

test: lint typecheck unit

lint: $(STAMP)
	$(BIN)/ruff check policy_lint tests bench
	$(BIN)/ruff format --check policy_lint tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/check.py

clean:
	rm -rf $(VENV) build dist out *.egg-info

# The two commands of the README: `make demo` and `make test`. Both create .venv on a fresh machine.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
TODAY  ?= 2026-11-23
SAMPLE := bench/samples/acme-tickets.csv
AUDIT  := --today $(TODAY) --pauses bench/samples/acme-pauses.csv

.PHONY: demo test lint typecheck unit wheel-check browser-check bench soak clean

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
	@$(BIN)/policy-lint check --today $(TODAY) policies/defects/ \
		|| { test $$? -eq 1 && echo "(exit 1, as it should be: every defect was found)"; }
	@mkdir -p out
	@echo "== policy-lint audit policies/acme-en.yaml bench/samples/acme-tickets.csv =="
	@$(BIN)/policy-lint audit $(AUDIT) --format text policies/acme-en.yaml $(SAMPLE) || test $$? -eq 1
	@$(BIN)/policy-lint audit $(AUDIT) --format json --output out/audit.json policies/acme-en.yaml $(SAMPLE) \
		2>/dev/null || test $$? -eq 1
	@$(BIN)/policy-lint audit $(AUDIT) --format html --output out/audit.html policies/acme-en.yaml $(SAMPLE) \
		2>/dev/null || test $$? -eq 1
	@$(BIN)/policy-lint audit $(AUDIT) --format markdown --output out/audit.md policies/acme-en.yaml \
		$(SAMPLE) 2>/dev/null || test $$? -eq 1
	@echo "== the same policy against a Zendesk-shaped and a Freshdesk-shaped export =="
	@$(BIN)/policy-lint audit --today $(TODAY) --timezone Europe/Riga --output out/audit-zendesk.txt \
		policies/acme-en.yaml bench/samples/acme-zendesk.csv || test $$? -eq 1
	@$(BIN)/policy-lint audit --today $(TODAY) --timezone Europe/Riga --output out/audit-freshdesk.txt \
		policies/acme-en.yaml bench/samples/acme-freshdesk.csv || test $$? -eq 1
	@$(BIN)/policy-lint render --today $(TODAY) -o out/acme-en.html policies/acme-en.yaml
	@$(BIN)/policy-lint render --today $(TODAY) -o out/uznemums-lv.md policies/uznemums-lv.yaml
	@$(BIN)/policy-lint render --today $(TODAY) -o out/northwind-regions-en.html policies/northwind-regions-en.yaml
	@echo "reports written: $$(ls out | tr '\n' ' ')"

test: lint typecheck unit wheel-check

lint: $(STAMP)
	$(BIN)/ruff check policy_lint tests bench
	$(BIN)/ruff format --check policy_lint tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

unit: $(STAMP)
	$(BIN)/pytest -q

# The wheel, installed in a new virtual environment outside the repository, must carry schemas/ and
# rules/ and check the example policies exactly as the source tree does.
wheel-check: $(STAMP)
	@set -e; tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/python -m build --wheel --outdir "$$tmp/dist" . > "$$tmp/build.log" 2>&1 \
		|| { cat "$$tmp/build.log"; exit 1; }; \
	$(PYTHON) -m venv "$$tmp/venv"; \
	"$$tmp/venv/bin/python" -m pip install --quiet "$$tmp"/dist/*.whl; \
	(cd "$$tmp" && venv/bin/policy-lint check --today $(TODAY) --format json $(CURDIR)/policies \
		> installed.json) || test $$? -eq 1; \
	$(BIN)/policy-lint check --today $(TODAY) --format json $(CURDIR)/policies > "$$tmp/source.json" \
		|| test $$? -eq 1; \
	cmp "$$tmp/installed.json" "$$tmp/source.json"; \
	echo "wheel-check: the wheel, installed outside the repository, reports what the source tree does"

# The HTML audit report opened in headless Chromium (Debian's package, installed when missing):
# every promise's sentence visible, every chart drawn with a real size; the README's screenshot.
browser-check: demo
	@command -v chromium >/dev/null || (apt-get update -qq && apt-get install -y -qq chromium)
	$(BIN)/python tests/browser_check.py out/audit.html docs/audit-report.png

bench: $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[bench]'
	$(BIN)/python bench/check.py

# The business-time engine against its slow reference, and the export readers fuzzed (random and
# mutated exports in every format), forty times the examples of `make unit`.
soak: $(STAMP)
	HYPOTHESIS_PROFILE=soak $(BIN)/pytest -q tests/test_business_time.py tests/test_fuzz_policies.py \
		tests/test_tickets_fuzz.py

clean:
	rm -rf $(VENV) build dist out *.egg-info

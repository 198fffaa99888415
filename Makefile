# Two commands do everything: `make run` (the main job on the embedded snapshot) and `make test`.
# Both create and fill .venv themselves from the pinned versions in constraints.txt.
PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: run test lint typecheck pytest bench docs lock clean

$(STAMP): pyproject.toml constraints.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "error: $(PYTHON) not found (selloff needs Python 3.11; set PYTHON=...)" >&2; exit 2; }
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev,dask]'
	@# Prefect's local database is created once here, not on the first run (~10 s of migrations)
	$(BIN)/prefect server database upgrade -y >/dev/null
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/selloff run

test: $(STAMP) lint typecheck pytest

lint: $(STAMP)
	$(BIN)/ruff check src flows tests bench
	$(BIN)/ruff format --check src flows tests bench

typecheck: $(STAMP)
	$(BIN)/mypy

pytest: $(STAMP)
	$(BIN)/pytest -n 2 --dist loadgroup

bench: $(STAMP)
	$(BIN)/python bench/run_all.py

# warehouse/README.md's column sections (and the report.* views' copied column comments) from the
# comments in sql/; run it after editing a `comment on` statement.
docs: $(STAMP)
	$(BIN)/python -m selloff.warehouse.docs

# Re-resolve the pins (needs network): newest versions within pyproject's ranges.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	.venv-lock/bin/python -m pip install --quiet -e '.[dev,dask]'
	.venv-lock/bin/python -m pip freeze --exclude-editable | sort > constraints.txt
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) reports .pytest_cache .mypy_cache .ruff_cache

# Two entry points: `make run` and `make test`. Both bootstrap .venv from requirements.lock.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export PREFECT_SERVER_ANALYTICS_ENABLED := false
export DO_NOT_TRACK := 1
export PREFECT_LOGGING_LEVEL ?= INFO

.PHONY: run test lint lock clean

# The stamp is older than the lock or pyproject.toml -> the venv is stale: reinstall the pinned set.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

run: $(STAMP)
	$(BIN)/python -m pipeline run --corpus corpus --out outputs

test: $(STAMP)
	$(BIN)/ruff check pipeline tests
	$(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check pipeline tests

# Re-resolve the pinned set from pyproject.toml (needs PyPI) and write requirements.lock.
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet ".[dev]" "setuptools>=75" wheel
	{ echo "# Pinned, resolved set for Python 3.11 (PyPI only). Regenerate with: make lock"; \
	  .lockenv/bin/pip freeze --all --exclude-editable | grep -vE '^(pip|pipeline)[=@ ]'; } > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) .pytest_cache

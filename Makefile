# The two commands of the README: `make demo` and `make test`. Each sets up what it needs.
VENV ?= .venv
PYTHON ?= python3
STAMP := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

.PHONY: demo web test lint bench bench-all clean

$(STAMP): pyproject.toml
	rm -f $(VENV)/.installed-*
	$(PYTHON) -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $@

demo: $(STAMP)
	$(VENV)/bin/tiltag demo --database demo.db

# The web app on the demo database, as of the demo's reminder day (make demo first).
web: $(STAMP)
	$(VENV)/bin/tiltag --now 2010-09-02T12:00 serve --database demo.db

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	scripts/ensure-postgres
	scripts/ensure-test-tools
	scripts/check-wheel $(VENV)/bin/python
	$(VENV)/bin/pytest

# The performance goals, each with its ratio and PASS or MISS (bench/goals.py says which scripts).
bench: $(STAMP)
	$(VENV)/bin/python bench/goals.py

# Every benchmark, the goals' and the older targets' (bench/*.py).
bench-all: bench
	$(VENV)/bin/python bench/moves.py
	$(VENV)/bin/python bench/hostile_files.py
	$(VENV)/bin/python bench/delivery.py
	$(VENV)/bin/python bench/web.py

clean:
	rm -rf $(VENV) demo.db demo.db-wal demo.db-shm

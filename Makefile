# Two commands: `make demo` (install, ingest the bundled examples, show what was found)
# and `make test` (install with test extras, run the test suite).
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
DB     ?= dateline.duckdb

.PHONY: install demo test test-slow bench clean chromium

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Reinstalls only when the project's metadata or pins change.
$(VENV)/.installed: $(BIN)/python pyproject.toml constraints.txt
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[test]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(BIN)/dateline ingest examples/ --db $(DB)
	$(BIN)/dateline show geneva-water-talks --db $(DB)
	$(BIN)/dateline stats --db $(DB)

# The web UI tests drive Debian's chromium; install it when missing and we may (root with apt).
chromium:
	@command -v chromium >/dev/null 2>&1 || { [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) ; } || \
	  echo "chromium is not installed: the web UI tests will be skipped"

test: install chromium
	$(BIN)/python -m pytest -q

test-slow: install
	$(BIN)/python -m pytest -q -m slow

bench: install
	$(BIN)/python benchmarks/throughput.py

clean:
	rm -rf $(VENV) build *.egg-info src/*.egg-info $(DB) $(DB).wal

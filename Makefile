# Equity Lab — two commands do all set-up:  `make site`  and  `make test`.
# Both create the virtual environment .venv (Python 3.11+) and install the pinned
# dependencies from pyproject.toml the first time, and again whenever it changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SITE   ?= _site

.PHONY: all site test bench notebooks lab clean distclean venv postgres

all: test

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || (echo "Python 3.11 or newer is required (python3.11 / python3 not found)." && exit 1)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (Equity Lab)" > /dev/null
	@touch $(STAMP)

venv: $(STAMP)

## make test: every test (unit, property, notebooks, environment.yml in step with pyproject.toml)
test: $(STAMP) postgres
	MPLBACKEND=Agg $(BIN)/python -m pytest

## make site: execute the student notebooks with papermill and render them into $(SITE)/
site: $(STAMP)
	$(BIN)/equitylab build-site $(SITE)

## make lab: JupyterLab for participants, every session saving to one workspace (./my_equitylab)
lab: $(STAMP)
	EQUITYLAB_WORKSPACE=$(CURDIR)/my_equitylab $(BIN)/jupyter lab

## make notebooks: write student and instructor versions of every notebook into build/notebooks
notebooks: $(STAMP)
	$(BIN)/equitylab build-notebooks build/notebooks

## make bench: speed benchmarks (not part of the tests); prints ratios against baselines
bench: $(STAMP)
	$(BIN)/python bench/imports.py
	MPLBACKEND=Agg $(BIN)/python bench/stratify.py
	$(BIN)/python bench/aggregate.py
	MPLBACKEND=Agg $(BIN)/python bench/datasets.py
	$(BIN)/python bench/notebooks.py

clean:
	rm -rf $(SITE) build .pytest_cache

distclean: clean
	rm -rf $(VENV) *.egg-info

## make postgres: the PostgreSQL server binaries the `postgres` tests start (installed with apt-get when missing)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || command -v initdb > /dev/null 2>&1 || \
	  { echo "installing PostgreSQL for the postgres tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null) || \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null); }
	@command -v java > /dev/null 2>&1 || \
	  { echo "installing Java 17 for the spark tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless > /dev/null; }

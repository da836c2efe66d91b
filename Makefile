# Equity Lab — two commands do all set-up:  `make site`  and  `make test`.
# Both create the virtual environment .venv (Python 3.11+) and install the pinned
# dependencies from pyproject.toml the first time, and again whenever it changes.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SITE   ?= _site
# "Launch in Binder" on every session page: the GitHub repository, owner/name (default: the git remote on GitHub)
BINDER_REPO ?=
# Debian's Chromium, driven by Playwright in the browser tests (Playwright's own browser download is not used)
CHROMIUM ?= /usr/bin/chromium

.PHONY: all site test bench notebooks lab hub clean distclean venv browser postgres node

all: test

$(STAMP): pyproject.toml
	@test -n "$(PYTHON)" || (echo "Python 3.11 or newer is required (python3.11 / python3 not found)." && exit 1)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,hub]'
	$(BIN)/python -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (Equity Lab)" > /dev/null
	@touch $(STAMP)

venv: $(STAMP)

## node_modules: the pinned Node.js tools of package.json (JupyterHub's configurable-http-proxy, axe-core), with npm ci
NODE_STAMP := node_modules/.installed
$(NODE_STAMP): package.json package-lock.json
	@command -v npm > /dev/null || { echo "installing Node.js and npm (apt-get install nodejs npm)"; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq nodejs npm > /dev/null; }
	npm ci --no-audit --no-fund --loglevel=error
	@touch $(NODE_STAMP)
node: $(NODE_STAMP)

## make browser: install Chromium from Debian's packages when missing (the browser tests drive it)
browser:
	@test -x $(CHROMIUM) || { \
	  echo "Installing Chromium (apt-get install chromium) for the browser tests ..."; \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq chromium > /dev/null; }
	@test -x $(CHROMIUM) || (echo "Chromium is missing at $(CHROMIUM): install Debian's 'chromium' package." && exit 1)

## make test: every test (unit, property, notebooks, browser, PostgreSQL and Spark engines, environment.yml in step with pyproject.toml)
test: $(STAMP) $(NODE_STAMP) browser postgres
	MPLBACKEND=Agg $(BIN)/python -m pytest

## make site: execute the student notebooks with papermill and render them into $(SITE)/
site: $(STAMP)
	EQUITYLAB_BINDER_REPO=$(BINDER_REPO) $(BIN)/equitylab build-site $(SITE)

## make lab: JupyterLab for participants on the STUDENT notebooks, copied into a folder for the day
## (lab-YYYY-MM-DD/, kept as it is if it exists), every session saving to one workspace in it
DAY    ?= $(shell date +%Y-%m-%d)
LAB    ?= lab-$(DAY)
lab: $(STAMP)
	@test -d $(LAB) || ($(BIN)/equitylab build-notebooks build/notebooks > /dev/null && cp -R build/notebooks/student $(LAB))
	@echo "Student notebooks: $(LAB)/   Your work is saved in: $(LAB)/my_equitylab/"
	cd $(LAB) && EQUITYLAB_WORKSPACE=$(abspath $(LAB))/my_equitylab $(CURDIR)/$(BIN)/jupyter lab

## make hub: the room on JupyterHub (deploy/hub/), as root: `equitylab hub create ...` first (README, docs/hosting.md)
ROOM   ?= hub-room
hub: $(STAMP) $(NODE_STAMP)
	PATH="$(CURDIR)/node_modules/.bin:$$PATH" $(BIN)/equitylab hub serve --dir $(ROOM)

## make notebooks: write student and instructor versions of every notebook into build/notebooks
notebooks: $(STAMP)
	$(BIN)/equitylab build-notebooks build/notebooks

## make bench: speed benchmarks (not part of the tests); prints ratios against baselines
bench: $(STAMP)
	$(BIN)/python bench/imports.py
	MPLBACKEND=Agg $(BIN)/python bench/stratify.py
	MPLBACKEND=Agg $(BIN)/python bench/stratify.py --scale
	$(BIN)/python bench/aggregate.py
	MPLBACKEND=Agg $(BIN)/python bench/datasets.py
	$(BIN)/python bench/notebooks.py
	$(BIN)/python bench/workspace.py
	$(BIN)/python bench/room.py
	$(BIN)/python bench/site.py

clean:
	rm -rf $(SITE) build .pytest_cache

distclean: clean
	rm -rf $(VENV) *.egg-info node_modules

## make postgres: the PostgreSQL server binaries the `postgres` tests start (installed with apt-get when missing)
postgres:
	@ls /usr/lib/postgresql/*/bin/initdb > /dev/null 2>&1 || command -v initdb > /dev/null 2>&1 || \
	  { echo "installing PostgreSQL for the postgres tests"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null) || \
	    (sudo apt-get update -qq && sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql > /dev/null); }
	@command -v java > /dev/null 2>&1 || \
	  { echo "installing Java 17 for the spark tests"; \
	    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq openjdk-17-jre-headless > /dev/null; }

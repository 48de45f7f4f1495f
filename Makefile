# The only entry points a user needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

# The lock installs on Python 3.11, 3.12 and 3.13 (every package has wheels for each); 3.11 is
# taken first where several are installed, since the committed figures and tables are drawn
# on it: make test compares them byte for byte on 3.11 and by value on 3.12 and 3.13
# (tests/test_outputs.py).
PYTHON ?= $(shell command -v python3.11 || command -v python3.12 || command -v python3.13 || command -v python3)
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# Inside the activated conda environment (environment.yml) the targets use it
# as it is; everywhere else they build and use .venv.
ifeq ($(CONDA_DEFAULT_ENV),kim-xi-messages)
PY := python
BIN :=
STAMP := .setup-conda.stamp
else
PY := .venv/bin/python
BIN := .venv/bin/
STAMP := .venv/.setup.stamp
endif

.PHONY: help setup lock run test lab book report check-report chromium bench bench-setup kcna history gold-sample pair clean-venv clean-cache

# Every target below calls the `kimxi` command line (src/kimxi/run/cli.py; `kimxi --help`).
KIMXI = $(PY) -m kimxi.run.cli

# The KCNA English archive (no licence: read, never committed). `make kcna KCNA=path`
# rebuilds data/kcna/ from it; `make run` does so too when it lies beside the repository.
KCNA ?= ../shared/external/kcna_en_2017-09_2018-04.csv
# KCNA's 1997-2018 English archive (gzip, read directly): `make history` (or `make kcna KCNA=` it)
# rebuilds data/history/ from it, in about three minutes; `make run` and CI do not need to.
HISTORY ?= ../shared/external/kcna_en_1997-2018.csv.gz

help:
	@echo "make run    set up (once) and execute every notebook in order, in place"
	@echo "make run CORPUS=my.csv OUT=folder   the report of notebooks/your_corpus/ (tone, topics) on your own CSV"
	@echo "make gold-sample CORPUS=my.csv OUT=folder   sentences of your corpus to hand-code"
	@echo "make test   set up (once), then unit tests, strict nbval of every notebook, ruff"
	@echo "make lab    JupyterLab in the same environment (LAB_ARGS=\"--port 9999 --no-browser\")"
	@echo "make pair   bring each notebook and its paired script (jupytext) up to date"
	@echo "make kcna KCNA=path   rebuild data/kcna/ from the KCNA archive (checks its sha256)"
	@echo "make history   rebuild data/history/ from KCNA's 1997-2018 archive (.csv.gz, sha256 checked)"
	@echo "make bench  make run CORPUS=... on the KCNA archive and 1x-20x the Rodong Sinmun sample"
	@echo "           against the bare scorers; its stages one by one; the topics stage with its"
	@echo "           limits; each notebook, make run and make test against their floors"
	@echo "make bench-setup   a fresh set-up timed with pip and with uv (needs the registry)"
	@echo "make book          the book of the committed notebooks in report/ (never executed;"
	@echo "                   open report/index.html); make report does the same"
	@echo "make check-report  every page of report/ in headless Chromium at 1280 and 390 px: fails on"
	@echo "                   a broken link, a console error or a page wider than its window;"
	@echo "                   screenshots in report/screenshots/ (installs chromium when root)"
	@echo "make chromium      only find (or, as root, install) the Chromium that check-report uses"

setup: $(STAMP)

# Set-up installs requirements.lock.txt: every package at its exact version, each with its
# sha256 hashes, checked on install. The installer is uv when it is on the PATH or when its
# pinned, hash-checked wheel installs from PyPI into .venv (benchmarks/results/setup.md: uv
# sets up several times faster than pip here), and pip otherwise, from the same lock.
# INSTALLER=pip or INSTALLER=uv forces one.
INSTALLER ?= auto
UV_VERSION := 0.13.8
LOCK := requirements.lock.txt

$(STAMP): $(LOCK) requirements-uv.lock.txt pyproject.toml
ifneq ($(CONDA_DEFAULT_ENV),kim-xi-messages)
	@$(PYTHON) -c 'import sys; sys.exit(0 if (3, 11) <= sys.version_info[:2] <= (3, 13) else "Python 3.11, 3.12 or 3.13 is required (the versions requirements.lock.txt installs on; outputs are byte for byte on 3.11), found " + sys.version.split()[0] + ": make setup PYTHON=/path/to/python3.11")'
	@echo "set-up 1/3: virtual environment .venv ($$($(PYTHON) --version))"
	@test -x .venv/bin/python || $(PYTHON) -m venv .venv
	@started=$$(date +%s); uv=""; \
	if [ "$(INSTALLER)" != pip ]; then \
	  if command -v uv >/dev/null 2>&1; then uv=$$(command -v uv); \
	  elif test -x .venv/bin/uv; then uv=.venv/bin/uv; \
	  else echo "set-up 2/3: uv $(UV_VERSION) from PyPI (requirements-uv.lock.txt, hashes checked)"; \
	    .venv/bin/python -m pip install --disable-pip-version-check --progress-bar on \
	      --require-hashes -r requirements-uv.lock.txt && uv=.venv/bin/uv \
	      || echo "set-up 2/3: uv could not be installed; pip installs the same lock instead"; \
	  fi; \
	fi; \
	if [ "$(INSTALLER)" = uv ] && [ -z "$$uv" ]; then echo "INSTALLER=uv but no uv" >&2; exit 1; fi; \
	if [ -n "$$uv" ]; then \
	  echo "set-up 3/3: the packages of $(LOCK) with $$($$uv --version), hashes checked"; \
	  $$uv pip install --python .venv/bin/python --require-hashes --compile-bytecode -r $(LOCK); \
	else \
	  echo "set-up 3/3: the packages of $(LOCK) with pip, hashes checked"; \
	  .venv/bin/python -m pip install --disable-pip-version-check --progress-bar on \
	    --require-hashes -r $(LOCK); \
	fi && echo "set-up: packages installed in $$(( $$(date +%s) - started )) s"
endif
	@echo "set-up: the kimxi package from src/ (editable)"
	@$(PY) -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

# Recompile the lock files from requirements.txt after a pin there changes (needs uv).
lock: $(STAMP)
	$$(command -v uv || echo .venv/bin/uv) pip compile requirements.txt --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" -o $(LOCK)
	echo "uv==$(UV_VERSION)" | $$(command -v uv || echo .venv/bin/uv) pip compile - --universal \
		--python-version 3.11 --generate-hashes --custom-compile-command "make lock" -o requirements-uv.lock.txt

# `make run CORPUS=my.csv OUT=folder [FROM=YYYY-MM-DD] [TO=YYYY-MM-DD] [TARGET=China]` runs
# the report of notebooks/your_corpus/ (tone.ipynb, topics.ipynb) on another corpus (columns
# id, date, title, text) into OUT, its cache in OUT/cache, leaving the committed outputs
# untouched; TARGET names the country or word whose sentences and topics are followed over time; TOPICS_K (say 5,10,15) and TOPICS_RUNS (refits
# per k at most: a k out of contention stops at 5) change the topic notebook's range of k and its stability refits.
OUT ?= out
# The values reach the kimxi command line through the environment, each raw ($(value ...), so
# make expands no $ in it), and kimxi builds the argument list itself: no value is pasted into
# a shell command, so quotes, $, backticks, semicolons and newlines in a path, TARGET, FROM,
# TO or TOPICS_K are data (tests/test_make_vars.py).
export KIMXI_MAKE_CORPUS := $(value CORPUS)
export KIMXI_MAKE_OUT := $(value OUT)
export KIMXI_MAKE_TARGET := $(value TARGET)
export KIMXI_MAKE_FROM := $(value FROM)
export KIMXI_MAKE_TO := $(value TO)
export KIMXI_MAKE_TOPICS_K := $(value TOPICS_K)
export KIMXI_MAKE_TOPICS_RUNS := $(value TOPICS_RUNS)
export KIMXI_MAKE_KCNA := $(value KCNA)
export KIMXI_MAKE_HISTORY := $(value HISTORY)
export KIMXI_MAKE_BENCH_CORPUS := $(value BENCH_CORPUS)
export KIMXI_MAKE_OVERWRITE := $(value OVERWRITE)
export KIMXI_MAKE_LAB_ARGS := $(value LAB_ARGS)

run: $(STAMP)
	$(KIMXI) make run

# `make gold-sample CORPUS=my.csv OUT=folder [TARGET=China]`: 200 sentences of your corpus in a
# coding sheet (OUT/gold/coding_sheet.csv) to code by data/gold/CODEBOOK.md; then
# `.venv/bin/kimxi check-gold CODED.csv OUT/processed/sentiment_scores.csv`.
gold-sample: $(STAMP)
	$(KIMXI) make gold-sample

kcna: $(STAMP)
	$(KIMXI) make kcna

history: $(STAMP)
	$(KIMXI) make history

# One execution of each notebook serves nbval, the offline guard and the figure check: the
# kernels start under the network guard (tests/netguard), write their tables and figures into a
# temporary folder, and tests/test_outputs.py then compares those with the committed ones
# byte for byte. The tracked tree is never written. The notebooks (with that check after them)
# run in a second pytest beside the unit tests, so that both cores work; their report is
# printed when the unit tests are done, and make test fails if either fails.
NBVAL := --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg
test: $(STAMP)
	$(PY) -m ruff check src tests notebooks $(wildcard benchmarks)
	$(BIN)lint-imports --no-cache
	@tmp=$$(mktemp -d) || exit 1; trap 'rm -rf "$$tmp"' EXIT; \
	export KIMXI_PROCESSED_DIR="$$tmp/processed" KIMXI_FIGURES_DIR="$$tmp/figures" \
	  KIMXI_NETGUARD_LOG="$$tmp/net.log" \
	  PYTHONPATH="$(CURDIR)/tests/netguard$${PYTHONPATH:+:$$PYTHONPATH}"; \
	echo "test: the notebooks run under nbval beside the unit tests; their report follows"; \
	$(PY) -m pytest $(NBVAL) notebooks tests/test_outputs.py >"$$tmp/notebooks.log" 2>&1 & \
	notebooks_pid=$$!; \
	trap 'kill $$notebooks_pid 2>/dev/null; wait; rm -rf "$$tmp"' EXIT; \
	$(PY) -m pytest tests -m "not after_notebooks"; unit=$$?; \
	echo "test: unit tests done (exit $$unit); waiting for the notebooks under nbval ..."; \
	wait $$notebooks_pid; notebooks=$$?; cat "$$tmp/notebooks.log"; \
	echo "test: unit tests exit $$unit, notebooks under nbval exit $$notebooks"; \
	test "$$unit" = 0 && test "$$notebooks" = 0

# Every notebook is paired with a percent-format script (jupytext, [tool.jupytext] in
# pyproject.toml); after editing either, this brings the other up to date.
pair: $(STAMP)
	$(BIN)jupytext --sync notebooks/[0-9][0-9]_*.ipynb notebooks/your_corpus/*.ipynb

# `make lab [LAB_ARGS="--port 9999 --no-browser"]`: JupyterLab on the repository, with
# --allow-root added when run as root (as in most containers) and the environment's kernel
# registered as "kim-xi-messages" inside it; LAB_ARGS is split by kimxi, never by a shell.
lab: $(STAMP)
	$(KIMXI) make lab

# Speed and memory live here, never in unit tests. BENCH_CORPUS overrides the corpus.
BENCH_CORPUS ?=
bench: $(STAMP)
	$(KIMXI) make bench

# A fresh set-up timed with pip and with uv (downloads every package twice; not part of bench).
bench-setup: $(STAMP)
	$(PY) -m benchmarks.bench_setup

# The book (Sphinx + MyST-NB, src/kimxi/report/book.py): built offline from the lock, from the
# notebooks as committed, beside report/ and put in its place only when complete.
book: $(STAMP)
	$(KIMXI) book

report: book

# Finds Chromium (CHROMIUM=path, else chromium, chromium-browser or google-chrome on the PATH);
# where there is none, installs Debian's chromium with apt-get when run as root, or says what
# to install.
check-report: book
	$(KIMXI) report check

# Only the Chromium of check-report, found or installed (CI runs it before make test, so that
# the browser tests of make test run there rather than skip).
chromium: $(STAMP)
	$(KIMXI) report chromium

clean-venv:
	rm -rf .venv .setup-conda.stamp

# The result cache of make run (.cache/, never committed): keyed on the hashes of every input
# and of the code, so emptying it only costs the next run its time.
clean-cache:
	rm -rf .cache

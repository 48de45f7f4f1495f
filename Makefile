# The only entry points a user needs. `make help` lists them.
SHELL := /bin/bash
.DEFAULT_GOAL := help
.DELETE_ON_ERROR:

PYTHON ?= $(shell command -v python3.11 || command -v python3)
NOTEBOOKS := $(sort $(wildcard notebooks/[0-9][0-9]_*.ipynb))

# Inside the activated conda environment (environment.yml) the targets use it
# as it is; everywhere else they build and use .venv.
ifeq ($(CONDA_DEFAULT_ENV),kim-xi-messages)
PY := python
STAMP := .setup-conda.stamp
else
PY := .venv/bin/python
STAMP := .venv/.setup.stamp
endif

.PHONY: help setup run test lab report check-report bench kcna gold-sample clean-venv

# The KCNA English archive (no licence: read, never committed). `make kcna KCNA=path`
# rebuilds data/kcna/ from it; `make run` does so too when it lies beside the repository.
KCNA ?= ../shared/external/kcna_en_2017-09_2018-04.csv

help:
	@echo "make run    set up (once) and execute every notebook in order, in place"
	@echo "make run CORPUS=my.csv OUT=folder   the corpus, sentiment and topic notebooks on your own CSV"
	@echo "make gold-sample CORPUS=my.csv OUT=folder   sentences of your corpus to hand-code"
	@echo "make test   set up (once), then unit tests, strict nbval of every notebook, ruff"
	@echo "make lab    JupyterLab in the same environment"
	@echo "make kcna KCNA=path   rebuild data/kcna/ from the KCNA archive (checks its sha256)"
	@echo "make bench  the stages of make run CORPUS=... at 1x-20x the Rodong Sinmun sample,"
	@echo "           the topics stage on the KCNA archive and the sample (with its limits),"
	@echo "           and each notebook against its floor (kernel start and imports)"
	@echo "make report        static HTML site of the committed notebooks in report/ (no re-execution)"
	@echo "make check-report  open report/ in headless Chromium: screenshots, fail on broken pages"

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
ifneq ($(CONDA_DEFAULT_ENV),kim-xi-messages)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info[:2] == (3, 11) else "Python 3.11 is required, found " + sys.version.split()[0])'
	test -x .venv/bin/python || $(PYTHON) -m venv .venv
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
endif
	$(PY) -m pip install --quiet --disable-pip-version-check --no-deps -e .
	touch $@

# `make run CORPUS=my.csv OUT=folder [FROM=YYYY-MM-DD] [TO=YYYY-MM-DD] [TARGET=China]` runs
# the corpus, sentiment and topic notebooks on another corpus (columns id, date, title, text)
# into OUT, leaving the committed outputs untouched; TARGET names the country or word whose
# topics the topic notebook follows over time; TOPICS_K (say 5,10,15) and TOPICS_RUNS (refits
# per k) change the topic notebook's range of k and its stability refits.
OUT ?= out
run: $(STAMP)
ifdef CORPUS
	$(PY) -m kimxi.byoc "$(CORPUS)" "$(OUT)" $(if $(FROM),--from $(FROM)) $(if $(TO),--to $(TO)) \
		$(if $(TARGET),--target "$(TARGET)") $(if $(TOPICS_K),--topics-k "$(TOPICS_K)") \
		$(if $(TOPICS_RUNS),--topics-runs "$(TOPICS_RUNS)")
else
	@if [ -f "$(KCNA)" ]; then $(PY) -m kimxi.archive_build "$(KCNA)"; \
	else echo "KCNA archive not found at $(KCNA): the notebooks read the committed data/kcna/"; fi
	$(PY) -m kimxi.datapackage
	$(PY) -m kimxi.notebooks $(NOTEBOOKS)
	$(PY) -m kimxi.findings
endif

# `make gold-sample CORPUS=my.csv OUT=folder [TARGET=China]`: 200 sentences of your corpus in a
# coding sheet (OUT/gold/coding_sheet.csv) to code by data/gold/CODEBOOK.md; then
# `.venv/bin/python -m kimxi.gold_sample --check CODED.csv OUT/processed/sentiment_scores.csv`.
gold-sample: $(STAMP)
	@test -n "$(CORPUS)" || { echo "make gold-sample needs CORPUS=your.csv"; exit 2; }
	$(PY) -m kimxi.gold_sample --corpus "$(CORPUS)" --out "$(OUT)/gold" $(if $(TARGET),--target "$(TARGET)")

kcna: $(STAMP)
	$(PY) -m kimxi.archive_build "$(KCNA)"

# One execution of each notebook serves nbval, the offline guard and the figure check: the
# kernels start under the network guard (tests/netguard), write their tables and figures into a
# temporary folder, and tests/test_outputs.py then compares those with the committed ones
# byte for byte. The tracked tree is never written.
test: $(STAMP)
	$(PY) -m ruff check src tests notebooks $(wildcard benchmarks)
	@tmp=$$(mktemp -d) && trap 'rm -rf "$$tmp"' EXIT && \
	KIMXI_PROCESSED_DIR="$$tmp/processed" KIMXI_FIGURES_DIR="$$tmp/figures" \
	KIMXI_NETGUARD_LOG="$$tmp/net.log" PYTHONPATH="$(CURDIR)/tests/netguard$${PYTHONPATH:+:$$PYTHONPATH}" \
	$(PY) -m pytest --nbval --nbval-current-env --nbval-sanitize-with tests/nbval_sanitize.cfg tests notebooks

lab: $(STAMP)
	$(PY) -m jupyter lab --notebook-dir=.

# Speed and memory live here, never in unit tests. BENCH_CORPUS overrides the corpus.
BENCH_CORPUS ?=
bench: $(STAMP)
	$(PY) -m benchmarks.bench_stages $(BENCH_CORPUS)
	$(PY) -m benchmarks.bench_topics
	$(PY) -m benchmarks.bench_notebooks

report: $(STAMP)
	$(PY) -m kimxi.report build

# Needs Debian's chromium (/usr/bin/chromium): `apt-get install chromium`; .ci/run installs it.
check-report: report
	$(PY) -m kimxi.report check

clean-venv:
	rm -rf .venv .setup-conda.stamp

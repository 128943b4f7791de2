# The two set-up commands on a fresh machine are `make demo` and `make test`; each builds .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
CATALOG ?=
PYTEST_ARGS ?=
TORCH_VERSION ?= 2.13.0

.PHONY: install demo test test-unit test-integration test-e2e test-fast lint format clean browser screenshots smoke

install: $(VENV)/.installed

# A venv of the project at $(1), from the Python $(2): torch's CPU build first (left to resolve `torch` alone, pip may
# pick a multi-GB CUDA build), then the project with every extra (`local` holds the stand-ins, a PostgreSQL wheel
# among them for machines without PostgreSQL: see README).
define project-venv
	$(2) -m venv $(1)
	$(1)/bin/pip install --quiet --upgrade pip
	$(1)/bin/pip install --quiet 'torch==$(TORCH_VERSION)'
	$(1)/bin/pip install --quiet -e '.[local,model,api,dev]'
endef

$(VENV)/.installed: pyproject.toml
	$(call project-venv,$(VENV),$(PYTHON))
	touch $@

demo: install
	$(BIN)/cinelake demo $(if $(CATALOG),--catalog $(CATALOG))

test: install lint browser
	$(BIN)/pytest $(PYTEST_ARGS)

# The web page's test drives headless Chromium from Debian (chromium + chromium-driver), installed once.
browser:
	@command -v chromium >/dev/null && command -v chromedriver >/dev/null || \
		{ apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium chromium-driver; }

# The README's promise on a clean clone of HEAD: `make demo` from scratch, every endpoint, Ctrl-C leaves nothing.
SMOKE_ARGS ?=
smoke: install
	$(BIN)/python scripts/smoke.py $(SMOKE_ARGS)

# Refreshes the committed screenshots of the page (docs/screenshots/) from the browser test.
screenshots: install browser
	CINELAKE_SCREENSHOTS=$(abspath docs/screenshots) $(BIN)/pytest tests/e2e/test_web_page.py

test-unit: install
	$(BIN)/pytest -m unit $(PYTEST_ARGS)

test-integration: install
	$(BIN)/pytest -m integration $(PYTEST_ARGS)

test-e2e: install
	$(BIN)/pytest -m e2e $(PYTEST_ARGS)

test-fast: install
	$(BIN)/pytest -m "not slow" $(PYTEST_ARGS)

# The functions run on Python 3.13 in Lambda while .venv has the machine's 3.11: the unit and integration tiers run
# on 3.13 too (pyenv's), in a venv of their own, so a difference shows up before a deploy. CI runs it after `make test`.
PY313 ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13.*/bin/python3) $(shell command -v python3.13))
VENV313 := .venv-py313

.PHONY: test-py313
test-py313: $(VENV313)/.installed
	$(VENV313)/bin/pytest -m "unit or integration" $(PYTEST_ARGS)

$(VENV313)/.installed: pyproject.toml
	$(if $(PY313),,$(error no Python 3.13: install it with pyenv, or set PY313))
	$(call project-venv,$(VENV313),$(PY313))
	touch $@

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf $(VENV) $(VENV313) .pytest_cache .ruff_cache build src/*.egg-info

# ---- Deployment checks ----
# aws-sam-cli pins boto3 and friends, so it lives in a venv of its own, on the functions' Python (3.13).
SAM_PYTHON ?= $(firstword $(wildcard $(HOME)/.pyenv/versions/3.13.0/bin/python3) $(shell command -v python3.13) $(shell command -v python3))
SAM_VENV := .sam-venv
SAM_BIN := $(abspath $(SAM_VENV))/bin
AWS_REGION ?= us-east-1
# sam build looks for the functions' runtime (python3.13) on PATH: the SAM venv provides it.
SAM := PATH="$(SAM_BIN):$$PATH" SAM_CLI_TELEMETRY=0 $(SAM_BIN)/sam
# The layer's packages are compiled to bytecode by the Python Lambda runs.
LAYER_PYTHON ?= $(SAM_PYTHON)

.PHONY: sam-venv cfn-lint sam-validate sam-build deploy-checks build-CineLakeLayer release-tarball sample-events sample-events-check

# The API instance installs the code from AppSourceUrl: this is the tarball for an s3:// one (committed HEAD only,
# requirements/api.lock included).
release-tarball:
	mkdir -p dist
	git archive --format=tar.gz --prefix=cinelake/ -o dist/cinelake.tar.gz HEAD
	@echo "aws s3 cp dist/cinelake.tar.gz s3://<DataLakeBucketName>/releases/cinelake.tar.gz"

sam-venv: $(SAM_VENV)/.installed

$(SAM_VENV)/.installed:
	$(SAM_PYTHON) -m venv $(SAM_VENV)
	$(SAM_BIN)/pip install --quiet --upgrade pip
	$(SAM_BIN)/pip install --quiet aws-sam-cli
	touch $@

cfn-lint: sam-venv
	$(SAM_BIN)/cfn-lint template.yaml

sam-validate: sam-venv
	$(SAM) validate --lint --region $(AWS_REGION) --template-file template.yaml

# In source: the layer's ContentUri is the project root, which SAM would otherwise copy, .venv and all.
sam-build: sam-venv
	$(SAM) build --build-in-source --region $(AWS_REGION) --template-file template.yaml

# events/ is regenerated from SAM's own shapes (`sam local generate-event`); the check fails if it has drifted.
sample-events: sam-venv install
	$(BIN)/python scripts/sample_events.py --sam $(SAM_BIN)/sam

sample-events-check: sam-venv install
	$(BIN)/python scripts/sample_events.py --sam $(SAM_BIN)/sam --check

deploy-checks: cfn-lint sam-validate sam-build sample-events-check

# `sam build` runs this for CineLakeLayer (BuildMethod: makefile) with ARTIFACTS_DIR set: the cinelake package
# and its core dependencies (pyproject.toml's [project].dependencies, not the extras), as wheels for Lambda's
# Python 3.13 on x86_64. setuptools builds in ./build, whose leftovers would ship too: it starts empty.
build-CineLakeLayer:
	$(if $(ARTIFACTS_DIR),,$(error ARTIFACTS_DIR is not set: run `make sam-build`))
	rm -rf build
	$(LAYER_PYTHON) -m pip install --quiet --disable-pip-version-check --no-input \
		--platform manylinux2014_x86_64 --implementation cp --python-version 3.13 --only-binary=:all: \
		--target "$(ARTIFACTS_DIR)/python" .
	rm -rf build
	# RDS's CA bundle, at /opt/rds-ca-bundle.pem in Lambda (DATABASE_CA_BUNDLE). Where the build has no internet,
	# the functions fetch it at their first connection instead (DATABASE_CA_BUNDLE_URL); never an unchecked one.
	curl -fsS --max-time 20 -o "$(ARTIFACTS_DIR)/rds-ca-bundle.pem" $(RDS_CA_BUNDLE_URL) || \
		{ rm -f "$(ARTIFACTS_DIR)/rds-ca-bundle.pem"; echo "note: RDS CA bundle not fetched; fetched at run time"; }

RDS_CA_BUNDLE_URL ?= https://truststore.pki.rds.amazonaws.com/global/global-bundle.pem

# ---- The lock of the API instance ----
# requirements/api.lock pins every package the instance installs (the core, the api and model extras, setuptools to
# build the project offline) with their hashes, for the instance's Python (3.11 on Amazon Linux 2023, x86_64). The
# instance installs it with --require-hashes. Regenerate it after changing pyproject.toml's dependencies; torch's CPU
# build comes from PyTorch's index (TORCH_WHEELS; a machine without it may point --find-links at a copy).
UV_VERSION ?= 0.13.8
TORCH_WHEELS ?= --extra-index-url https://download.pytorch.org/whl/cpu
.PHONY: lock
lock: install
	$(BIN)/pip install --quiet 'uv==$(UV_VERSION)'
	printf 'torch==$(TORCH_VERSION)+cpu\nsetuptools>=69\n' > requirements/api.in
	$(BIN)/uv pip compile pyproject.toml requirements/api.in --extra api --extra model --generate-hashes \
		--python-version 3.11 --python-platform x86_64-manylinux_2_28 --index-strategy unsafe-best-match \
		$(TORCH_WHEELS) --no-header -o requirements/api.lock

# ---- Benchmarks ----
# Each prints a table of its figures (see bench/README.md) and takes a few minutes on 2 cores.
# Options go through BENCH_LOADER_ARGS / BENCH_EXTRACT_ARGS, e.g. `make bench-loader BENCH_LOADER_ARGS="--movies 2000"`.
BENCH_LOADER_ARGS ?=
BENCH_EXTRACT_ARGS ?=
BENCH_API_ARGS ?=

.PHONY: bench bench-loader bench-extract bench-api bench-ask

bench-loader: install
	$(BIN)/python bench/loader.py $(BENCH_LOADER_ARGS)

bench-extract: install
	$(BIN)/python bench/extract.py $(BENCH_EXTRACT_ARGS)

# Needs wrk (`apt-get install -y wrk`) as the second process that loads the API.
bench-api: install
	$(BIN)/python bench/api.py $(BENCH_API_ARGS)

BENCH_ASK_ARGS ?=
bench-ask: install
	$(BIN)/python -m bench.ask $(BENCH_ASK_ARGS)

bench: bench-loader bench-extract bench-api bench-ask

# scale.py: the real catalogue plus N synthetic movies (default 1,200,000), beside the real catalogue alone.
# E.g. `make bench-scale BENCH_SCALE_ARGS="--movies 200000 --reuse"`. The full size loaded in 49 minutes (load average 2-7).
BENCH_SCALE_ARGS ?=
.PHONY: bench-scale
bench-scale: install
	$(BIN)/python -m bench.scale $(BENCH_SCALE_ARGS)

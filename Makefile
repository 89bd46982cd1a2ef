# Two commands: `make run` serves the demo portal, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
# Container images often set PYTHONDONTWRITEBYTECODE; then every test worker and every process
# the tests start compiled the portal's modules again, and pytest rewrote the asserts of all
# 200 test modules again (collecting took 12.5 s of CPU per worker instead of 6.9 s).
unexport PYTHONDONTWRITEBYTECODE
# Parallel test workers (pytest-xdist): one more than the cores, because the browser tests and
# the started servers and clusters wait part of the time (two cores: 397 s with two workers,
# 347 s with three, 444 s with four). `make test PYTEST_WORKERS=0` runs in one process.
PYTEST_WORKERS ?= $(shell echo $$(( $$(nproc 2>/dev/null || echo 1) + 1 )))

.PHONY: help run serve test install system-run system-test assets lint format messages clean

help:
	@echo "make run      set up everything, load the demo content, serve http://$(HOST):$(PORT)/"
	@echo "make test     set up everything and run the whole test suite (ruff + pytest + browsers)"
	@echo "make serve    serve the portal without setting up or seeding (after one make run)"
	@echo "make lint     fix what ruff can fix and format the code"
	@echo "make format   format the code with ruff"
	@echo "make messages update and compile the German and English catalogues"
	@echo "make assets   copy the front-end packages into static/vendor"
	@echo "make clean    remove the virtualenv, node_modules and built assets"
	@echo "Variables: HOST, PORT, PYTEST_ARGS, PYTEST_WORKERS"

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@# uv installs the pinned packages in about 5 s where pip took 54 s (both from their caches).
	$(PIP) install -q -c constraints.txt uv
	$(VENV)/bin/uv pip install -q --python $(PY) -c constraints.txt -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json | system-run
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed scripts/build-assets
	./scripts/build-assets
	touch $@

install: $(VENV)/.installed static/vendor/.built

system-run:
	./scripts/system-packages run

system-test:
	./scripts/system-packages test

assets: static/vendor/.built

run: system-run install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Beteiligungsportal: http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  login admin@beteiligung.example / demo-beteiligung-2026"
	@echo "  Staff:  redaktion@rp-darmstadt.example, planung@…, termine@…, meldungen@… (same password)"
	@echo "  Agency: koordination@hessen-mobil.example, sachbearbeitung@hessen-mobil.example (same password; /konto/traeger/)"
	@echo ""
	PORT=$(PORT) $(PY) manage.py runportal --host $(HOST) --port $(PORT)

serve: install
	PORT=$(PORT) $(PY) manage.py runportal --host $(HOST) --port $(PORT)

test: system-test install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest -n $(PYTEST_WORKERS) --dist worksteal $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

format: install
	$(VENV)/bin/ruff format .

messages: install
	for app in beteiligung geo cms dialogues events surveys appointments maps; do \
	  (cd $$app && ../$(PY) ../manage.py makemessages -l de -l en --no-obsolete --add-location file); done
	# The project-wide templates (templates/) have their catalogue in locale/.
	$(PY) manage.py makemessages -l de -l en --no-obsolete --add-location file \
	  $(foreach dir,.venv node_modules static staticfiles media tests bench docs scripts beteiligung cms dialogues events surveys appointments maps geo,-i "$(dir)/*")
	$(PY) manage.py compilemessages --ignore .venv --ignore node_modules

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles

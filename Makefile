# Two commands: `make run` serves the demo portal, `make test` runs the whole suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
PIP := $(VENV)/bin/pip
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: run test install assets lint format messages clean serve

$(VENV)/.installed: pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q -c constraints.txt -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

static/vendor/.built: node_modules/.installed scripts/build-assets
	./scripts/build-assets
	touch $@

install: $(VENV)/.installed static/vendor/.built

assets: static/vendor/.built

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "  Beteiligungsportal: http://$(HOST):$(PORT)/"
	@echo "  Admin:  http://$(HOST):$(PORT)/admin/  login admin@beteiligung.example / demo-beteiligung-2026"
	@echo "  Staff:  redaktion@rp-darmstadt.example, planung@…, termine@…, meldungen@… (same password)"
	@echo ""
	$(PY) manage.py runportal --host $(HOST) --port $(PORT)

test: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest $(PYTEST_ARGS)

lint: install
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

messages: install
	for app in beteiligung cms surveys appointments maps; do \
	  (cd $$app && ../$(PY) ../manage.py makemessages -l de -l en --no-obsolete --add-location file); done
	$(PY) manage.py compilemessages --ignore .venv --ignore node_modules

clean:
	rm -rf $(VENV) node_modules static/vendor staticfiles

# The two commands a newcomer needs: `make run` and `make test`.
SHELL := /bin/bash
VENV ?= .venv
PY := $(VENV)/bin/python
FLASK := $(VENV)/bin/flask --app portal
HOST ?= 127.0.0.1
PORT ?= 5000
LOCALES := $(notdir $(wildcard translations/*))

.PHONY: run test security install assets translations compile-translations db seed bench clean

run: install assets compile-translations db seed
	@echo "The portal is at http://$(HOST):$(PORT)/  (stop it with Ctrl+C)"
	$(FLASK) run --host $(HOST) --port $(PORT)

test: install assets compile-translations security
	$(PY) -m pytest

# Static analysis (bandit; skips and `# nosec` each say why) and known vulnerabilities in
# the installed packages (pip-audit; says plainly when its service cannot be reached).
security: install
	$(VENV)/bin/bandit -q -r portal admin -c pyproject.toml
	$(PY) -m tests.security.dependency_audit

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || python3 -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

assets: node_modules/.installed
	npm run build

# Extract every marked string, merge it into each catalogue, and compile.
translations: install
	$(VENV)/bin/pybabel extract --no-location --sort-by-file -F babel.cfg \
		-k N_ -k _l -k lazy_pgettext:1c,2 -o translations/messages.pot .
	$(VENV)/bin/pybabel update --no-fuzzy-matching -i translations/messages.pot -d translations
	$(MAKE) compile-translations

compile-translations: install
	$(VENV)/bin/pybabel compile --use-fuzzy -d translations --statistics 2>&1 | grep -v '^$$' || true

db: install
	$(FLASK) db upgrade

seed: install
	$(FLASK) seed-demo

# Throughput, latency, page weight and the officers' pages over generated cases, printed
# as one table (README, Benchmarks). 7 to 8 minutes; servers on 127.0.0.1 only.
bench: $(VENV)/.installed-bench assets compile-translations
	$(PY) -m bench

$(VENV)/.installed-bench: $(VENV)/.installed pyproject.toml
	$(PY) -m pip install --quiet -e '.[test,bench]'
	touch $@

clean:
	rm -rf $(VENV) node_modules static/dist instance translations/*/LC_MESSAGES/*.mo

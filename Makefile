# GP Helpline: `make run` and `make test` set themselves up on a fresh machine.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint typecheck unit bench demo clean install system-deps

$(STAMP): pyproject.toml constraints.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

run: $(STAMP)
	$(BIN)/helpline run

demo: $(STAMP)
	$(BIN)/helpline demo

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

# The board pack's visual tests render the PDF (poppler-utils) and print the HTML (Chromium).
SYSTEM_TOOLS := pdftoppm pdftotext pdfinfo chromium
SYSTEM_PACKAGES := poppler-utils chromium fonts-dejavu-core
DEJAVU := /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf

system-deps:
	@missing=""; \
	for tool in $(SYSTEM_TOOLS); do command -v $$tool >/dev/null || missing="$$missing $$tool"; done; \
	[ -f $(DEJAVU) ] || missing="$$missing DejaVu-fonts"; \
	if [ -n "$$missing" ]; then \
	  echo "installing $(SYSTEM_PACKAGES) (missing:$$missing)"; \
	  sudo=""; [ "$$(id -u)" = 0 ] || sudo="sudo"; \
	  if ! { $$sudo apt-get update -q && \
	         $$sudo apt-get install -y -q --no-install-recommends $(SYSTEM_PACKAGES); }; then \
	    echo "error: could not install $(SYSTEM_PACKAGES); install them by hand" >&2; exit 1; \
	  fi; \
	  for tool in $(SYSTEM_TOOLS); do \
	    command -v $$tool >/dev/null || { echo "error: $$tool is still missing" >&2; exit 1; }; \
	  done; \
	fi

test: lint typecheck system-deps
	$(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var/*.sqlite3 .pytest_cache .mypy_cache .ruff_cache

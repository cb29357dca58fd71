# Two commands do all set-up on a fresh machine:
#   make demo   installs lakip in .venv and runs it on the bundled corpus (writes outputs/)
#   make test   installs lakip with its test dependencies and runs the test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
REFERENCE := $(if $(wildcard $(SHARED)/reference/wilayah.csv),--reference $(SHARED)/reference,)

.PHONY: demo test install system-deps corpus clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'

# Debian packages the tool and its tests need beyond Python (installed when run as root):
# Tesseract with Indonesian for scanned pages, Chromium for the audit-site test and the HTML variants,
# LibreOffice and the fonts for the Word variants of corpus/vary.py
APT_PACKAGES := chromium chromium-driver tesseract-ocr tesseract-ocr-ind tesseract-ocr-eng tesseract-ocr-osd \
  libreoffice-writer-nogui fonts-liberation fonts-dejavu-core
system-deps:
	@if [ -n "$(strip $(APT_PACKAGES))" ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
	    $(APT_PACKAGES) >/dev/null; fi

demo: system-deps install
	$(BIN)/python corpus/scan.py >/dev/null
	$(BIN)/lakip extract corpus/ --out outputs/ $(REFERENCE)

test: system-deps install
	$(BIN)/python -m pytest -q

# Rebuild the corpus PDFs (needs LibreOffice: apt-get install libreoffice-writer-nogui fonts-liberation)
corpus: $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[corpus]'
	$(BIN)/python corpus/build.py
	cd corpus && ../$(BIN)/python synthetic.py
	$(BIN)/python corpus/scan.py

clean:
	rm -rf $(VENV) outputs .pytest_cache

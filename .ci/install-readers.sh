#!/usr/bin/env bash
# Installs the independent readers the export tests open every format with:
# Graphviz (`dot`, for DOT files), Python's networkx (GraphML, GEXF,
# Cytoscape.js and node-link JSON) and rdflib (Turtle, N-Triples, JSON-LD),
# headless Chromium with a CJK font (screenshots of the pictures), and
# LibreOffice and poppler's pdftotext (the PDF tests).
# Without them the tests skip those checks and print a `skipped:` line;
# with CI=true (.ci/run) a missing reader fails the tests.
set -euo pipefail

SUDO=""
if [ "$(id -u)" != 0 ] && command -v sudo >/dev/null 2>&1; then SUDO=sudo; fi

chromium_found() {
  command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1 \
    || command -v google-chrome >/dev/null 2>&1
}
if ! command -v dot >/dev/null 2>&1 || ! chromium_found || ! command -v curl >/dev/null 2>&1; then
  if command -v apt-get >/dev/null 2>&1; then
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq graphviz chromium fonts-noto-cjk curl
  else
    echo "install Graphviz (the dot command), Chromium and a CJK font with your package manager" >&2
    exit 1
  fi
fi
dot -V

if ! command -v soffice >/dev/null 2>&1 || ! command -v pdftotext >/dev/null 2>&1; then
  # PDFs: plangraph reads them with poppler's pdftotext; the tests render
  # their Word files as PDFs with LibreOffice (CJK fonts for the text).
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-writer-nogui poppler-utils fonts-noto-cjk \
    || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq libreoffice-writer-nogui poppler-utils fonts-noto-cjk; }
fi
# sed reads to the end: with `head -1`, pdftotext's later lines hit a closed
# pipe and pipefail turned its SIGPIPE (exit 141) into a failed run.
pdftotext -v 2>&1 | sed -n 1p

if ! command -v virtuoso-t >/dev/null 2>&1; then
  # Virtuoso, the other remote store the --endpoint tests push to.
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq virtuoso-opensource-7 \
    || { $SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq virtuoso-opensource-7; }
fi

if ! command -v oxigraph >/dev/null 2>&1; then
  # The Oxigraph server (its CLI from PyPI), a remote store for the --endpoint tests.
  python3 -m pip install --quiet 'oxigraph==0.5.*' \
    || python3 -m pip install --quiet --break-system-packages 'oxigraph==0.5.*'
fi
oxigraph --version

if ! python3 -c 'import networkx, rdflib, SPARQLWrapper' >/dev/null 2>&1; then
  # Debian's Python refuses a system-wide pip install unless told otherwise.
  python3 -m pip install --quiet 'networkx==3.6.1' rdflib SPARQLWrapper \
    || python3 -m pip install --quiet --break-system-packages 'networkx==3.6.1' rdflib SPARQLWrapper
fi
python3 -c 'import networkx, rdflib, SPARQLWrapper; print("networkx", networkx.__version__, "rdflib", rdflib.__version__, "SPARQLWrapper", SPARQLWrapper.__version__)'

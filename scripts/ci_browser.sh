#!/usr/bin/env bash
# Assay — quality control for human-labelled training data.
# The dashboard in a real browser (issue 15), as .ci/run runs it: installs Debian's chromium and
# chromium-driver when missing (apt), a venv .venv-browser with selenium<4.52, then runs
# scripts/browser_test.py, which makes a demo store, starts `assay serve` on it and stops it at exit.
#
#     scripts/ci_browser.sh [path/to/assay] [screenshot folder]
#
# Screenshots go to a throw-away folder unless a second argument names one (docs/screenshots).
set -euo pipefail
cd "$(dirname "$0")/.."
assay=${1:-.build/release/assay}
start=$SECONDS
need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v chromedriver >/dev/null 2>&1 || need+=(chromium-driver)
python3 -c 'import ensurepip' 2>/dev/null || need+=(python3-venv)
if [ ${#need[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo=sudo
    $sudo apt-get update -q && $sudo apt-get install -y -q --no-install-recommends "${need[@]}"
fi
[ -x .venv-browser/bin/python ] || python3 -m venv .venv-browser
.venv-browser/bin/python -c 'import selenium' 2>/dev/null || .venv-browser/bin/pip install -q 'selenium<4.52'
if [ $# -ge 2 ]; then
    shots=$2
    keep=1
else
    shots=$(mktemp -d)
    keep=0
fi
cleanup() { [ "$keep" -eq 1 ] || rm -rf "$shots"; }
trap cleanup EXIT
.venv-browser/bin/python scripts/browser_test.py --assay "$assay" --screenshots "$shots"
echo "dashboard in a browser: $((SECONDS - start)) s"

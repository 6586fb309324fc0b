#!/usr/bin/env bash
# The README's test command. On a fresh Debian machine it first installs what the tests
# need and is missing: GDAL's ogrinfo (the GeoJSON read-back), Chromium and Node.js (the
# browser test of `placemap serve`), Python's venv (the Python package's tests), Java
# (their local Spark). Then it
# runs cargo test, the browser test, and the Python package's tests against the package
# built by pip from python/ (once, reusing cargo test's compiled dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

missing=()
command -v ogrinfo >/dev/null || missing+=(gdal-bin)
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || missing+=(chromium)
command -v node >/dev/null || missing+=(nodejs)
command -v npm >/dev/null || missing+=(npm)
command -v python3 >/dev/null || missing+=(python3 python3-venv python3-pip)
# The local Spark test needs Java.
if [ -z "${PLACEMAP_SKIP_SPARK:-}" ] && ! command -v java >/dev/null; then
    missing+=(default-jre-headless)
fi
if command -v python3 >/dev/null && ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
    missing+=(python3-venv)
fi
if [ ${#missing[@]} -gt 0 ]; then
    echo "tests/run.sh: installing ${missing[*]}" >&2
    sudo=""
    if [ "$(id -u)" != 0 ]; then sudo="sudo"; fi
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -q >/dev/null
    $sudo apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi

cargo test

echo "tests/run.sh: the page in headless Chromium" >&2
cargo build --quiet --bin placemap
(cd tests/browser && npm ci --no-audit --no-fund --loglevel=error)
PLACEMAP_BIN="$root/target/debug/placemap" node tests/browser/serve.test.mjs

echo "tests/run.sh: the Python package" >&2
venv="$root/target/python-venv"
[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
# The dev profile shares the dependencies cargo test has just compiled; `pip install
# ./python` on its own builds an optimised release.
# pyspark (with the machine's Java) runs the Spark tests in a local Spark; it is a large
# download and a minute of start-up, so PLACEMAP_SKIP_SPARK=1 leaves it out.
extras="test,spark"
if [ -n "${PLACEMAP_SKIP_SPARK:-}" ]; then extras="test"; fi
MATURIN_PEP517_ARGS="--profile dev" "$venv/bin/pip" install --quiet --disable-pip-version-check \
    "./python[$extras]"
"$venv/bin/python" -m pytest -q python/tests

#!/usr/bin/env bash
# Install the pinned front-end packages and copy the files the pages use into the package
# (and axe-core, which only the browser tests use, into tests/vendor).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/runready/web/static/vendor"
tests="$here/../tests/vendor"
cd "$here"
npm install --no-save --ignore-scripts
mkdir -p "$out" "$tests"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$out/htmx.LICENSE"
cp node_modules/uplot/dist/uPlot.iife.min.js "$out/uPlot.iife.min.js"
cp node_modules/uplot/dist/uPlot.min.css "$out/uPlot.min.css"
cp node_modules/uplot/LICENSE "$out/uPlot.LICENSE"
cp node_modules/@picocss/pico/css/pico.min.css "$out/pico.min.css"
cp node_modules/@picocss/pico/LICENSE.md "$out/pico.LICENSE.md"
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js "$out/swagger-ui-bundle.js"
cp node_modules/swagger-ui-dist/swagger-ui.css "$out/swagger-ui.css"
cp node_modules/swagger-ui-dist/LICENSE "$out/swagger-ui.LICENSE"
# ReDoc's side menu shows its vendor's logo from a CDN: blank the address (an empty src loads
# nothing, and the menu hides the image), so the page asks no other host for anything.
sed 's#https://cdn\.redoc\.ly/redoc/logo-mini\.svg##' node_modules/redoc/bundles/redoc.standalone.js \
    > "$out/redoc.standalone.js"
cp node_modules/redoc/LICENSE "$out/redoc.LICENSE"
cp node_modules/idb-keyval/dist/umd.js "$out/idb-keyval.js"
cp node_modules/idb-keyval/LICENCE "$out/idb-keyval.LICENSE"
cp node_modules/axe-core/axe.min.js "$tests/axe.min.js"
cp node_modules/axe-core/LICENSE "$tests/axe.LICENSE"
versions() { node -e 'for (const p of process.argv.slice(1)) { const v = require(p + "/package.json").version; console.log(p + " " + v); }' "$@"; }
versions htmx.org idb-keyval uplot @picocss/pico redoc swagger-ui-dist > "$out/VERSIONS"
versions axe-core > "$tests/VERSIONS"
echo "vendored into $out:"; cat "$out/VERSIONS"
echo "vendored into $tests:"; cat "$tests/VERSIONS"

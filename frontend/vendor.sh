#!/usr/bin/env bash
# Install the pinned front-end packages and copy the files the pages use into the package.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
out="$here/../src/runready/web/static/vendor"
cd "$here"
npm install --no-save --ignore-scripts
mkdir -p "$out"
cp node_modules/htmx.org/dist/htmx.min.js "$out/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$out/htmx.LICENSE"
cp node_modules/uplot/dist/uPlot.iife.min.js "$out/uPlot.iife.min.js"
cp node_modules/uplot/dist/uPlot.min.css "$out/uPlot.min.css"
cp node_modules/uplot/LICENSE "$out/uPlot.LICENSE"
cp node_modules/@picocss/pico/css/pico.min.css "$out/pico.min.css"
cp node_modules/@picocss/pico/LICENSE.md "$out/pico.LICENSE.md"
node -e 'for (const p of ["htmx.org","uplot","@picocss/pico"]) { const v = require(p + "/package.json").version; console.log(p + " " + v); }' > "$out/VERSIONS"
echo "vendored into $out:"; cat "$out/VERSIONS"

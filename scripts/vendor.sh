#!/usr/bin/env bash
# Refresh the vendored front-end files from the npm packages pinned in
# package.json / package-lock.json.
#
# The copies are committed, so neither the demo nor the tests need Node or the
# network. Run this (`make vendor`) only to upgrade: bump the version in
# package.json, `npm install --no-audit --no-fund`, then `make vendor`.
set -euo pipefail
cd "$(dirname "$0")/.."

# Debian's nodejs/npm only if there is no Node at all: a Node from elsewhere
# (e.g. NodeSource, which bundles npm) conflicts with Debian's npm package.
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
    scripts/apt-install.sh nodejs npm
fi

# `npm ci` installs exactly what the lock file says, into node_modules/ only.
# No install scripts: only files are copied (and swagger-ui-dist's dependency
# @scarf/scarf would otherwise phone home).
npm ci --no-audit --no-fund --ignore-scripts

htmx_dir=src/aktenbund/web/static/web/vendor
axe_dir=tests/browser/vendor
mkdir -p "$htmx_dir" "$axe_dir"

cp node_modules/htmx.org/dist/htmx.min.js "$htmx_dir/htmx.min.js"
cp node_modules/htmx.org/LICENSE "$htmx_dir/htmx.LICENSE"
cp node_modules/axe-core/axe.min.js "$axe_dir/axe.min.js"
cp node_modules/axe-core/LICENSE "$axe_dir/axe-core.LICENSE"

# Swagger UI for /api/docs (served from here, not from a CDN).
swagger_dir="$htmx_dir/swagger-ui"
mkdir -p "$swagger_dir"
cp node_modules/swagger-ui-dist/swagger-ui-bundle.js \
   node_modules/swagger-ui-dist/swagger-ui-bundle.js.LICENSE.txt \
   node_modules/swagger-ui-dist/LICENSE node_modules/swagger-ui-dist/NOTICE "$swagger_dir/"
# The source map is not vendored, so the stylesheet must not point to it.
sed '/sourceMappingURL=/d' node_modules/swagger-ui-dist/swagger-ui.css >"$swagger_dir/swagger-ui.css"

# A plain-text record of what is vendored, for reviewers and `git diff`.
node -e '
const v = (p) => require("./node_modules/" + p + "/package.json").version;
console.log("htmx.org " + v("htmx.org") + " -> '"$htmx_dir"'/htmx.min.js");
console.log("axe-core " + v("axe-core") + " -> '"$axe_dir"'/axe.min.js");
console.log("swagger-ui-dist " + v("swagger-ui-dist") + " -> '"$swagger_dir"'/");
'

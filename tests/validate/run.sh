#!/usr/bin/env bash
# Every published file of a full build against its standard's checker (see site.test.mjs), and
# the seeded-invalid fixtures that prove each check can fail (fixtures.test.mjs):
#   1. npm dependencies of tests/validate (npm ci when node_modules is missing): vnu-jar (the
#      Nu Html Checker, run with the system's Java), @xmldom/xmldom, csv-parse, schema-dts;
#   2. the release binary (cargo build --release -p portal) unless PORTAL_BIN or PORTAL_SITE is set;
#   3. node --test tests/validate/, which builds the site into a temporary folder unless
#      PORTAL_SITE names one already built.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

command -v java >/dev/null 2>&1 || { echo "tests/validate needs Java (Debian: default-jre-headless)" >&2; exit 1; }
if [[ ! -f "$here/node_modules/vnu-jar/build/dist/vnu.jar" || ! -d "$here/node_modules/@xmldom/xmldom" || ! -d "$here/node_modules/csv-parse" || ! -d "$here/node_modules/schema-dts" ]]; then
  # --ignore-scripts: vnu-jar's install script would fetch a Java runtime; the system's is used.
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund)
fi
if [[ -z "${PORTAL_SITE:-}" && -z "${PORTAL_BIN:-}" ]]; then
  cargo build --release --locked -p portal
  export PORTAL_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/portal"
fi
node --test --test-reporter=spec "$here/"

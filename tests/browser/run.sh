#!/usr/bin/env bash
# Browser and deployment tests of the built portal, in one command:
#   1. npm dependencies of tests/browser (npm ci when node_modules is missing; never downloads
#      a browser: the system's /usr/bin/chromium is used);
#   2. the release binary (cargo build --release -p portal), exported as PORTAL_BIN;
#   3. one build of the site into a temporary folder, exported as PORTAL_SITE and SITE_DIR, and
#      one of benches/corpus.py's 10,000 laws (40,000 pages), exported as LARGE_SITE_DIR;
#   4. node --test tests/browser/ (language switcher, keyboard, console, no-JS, head metadata,
#      print, axe-core WCAG 2.2 AA, small screens, the search tests, on the portal and on the
#      10,000 laws, and live reload under `portal serve`);
#   5. tests/deploy/run.sh (nginx under a sub-path and at the root, crawled for broken links);
#   6. tests/browser/lighthouse.sh (about 1.5 min; LIGHTHOUSE=0 skips it).
# Exits non-zero if any step fails; every step runs even when an earlier one failed.
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
cd "$repo"

if [[ ! -d "$here/node_modules/playwright-core" || ! -d "$here/node_modules/axe-core" ]]; then
  (cd "$here" && npm ci --no-audit --no-fund) || exit 1
fi
if [[ -z "${PORTAL_BIN:-}" ]]; then
  cargo build --release -p portal || exit 1
  PORTAL_BIN="${CARGO_TARGET_DIR:-$repo/target}/release/portal"
fi
export PORTAL_BIN
export CHROME_PATH="${CHROME_PATH:-/usr/bin/chromium}"

work="$(mktemp -d "${TMPDIR:-/tmp}/portal-browser.XXXXXX")"
trap 'rm -rf "$work"' EXIT
"$PORTAL_BIN" build --out "$work/site" || exit 1
export PORTAL_SITE="$work/site" SITE_DIR="$work/site"
# Built once for the test files that use it, the way they would build it alone; under $work.
large="$(TMPDIR="$work" node --input-type=module \
  -e "const { buildLargeSite } = await import('$here/helpers.mjs'); console.log(buildLargeSite().site)")" || exit 1
export LARGE_SITE_DIR="$large"

failed=()
echo "== browser tests (node --test tests/browser/)"
node --test --test-reporter=spec "$here/" || failed+=("browser tests")
echo "== deployment (nginx, sub-path and root)"
"$repo/tests/deploy/run.sh" || failed+=("deployment crawl")
if [[ "${LIGHTHOUSE:-1}" != 0 ]]; then
  echo "== Lighthouse"
  "$here/lighthouse.sh" || failed+=("Lighthouse")
fi

if (( ${#failed[@]} )); then
  echo "FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "browser, deployment and Lighthouse tests: ok"

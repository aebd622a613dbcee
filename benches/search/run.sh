#!/usr/bin/env bash
# Search benchmark: portal's wasm search against Pagefind on the same built site
# (see docs/benchmarks.md, "Search", and bench.mjs for what is measured and how).
#
#   benches/search/run.sh                      # 3 runs, Spanish, results in /tmp/portal-search-bench
#   RUNS=5 SEARCH_LANG=en benches/search/run.sh
#   WORK=/tmp/x PORTAL=/path/to/portal benches/search/run.sh
#   ROOT=/tmp/large benches/search/run.sh       # another project, e.g. benches/corpus.py --laws 10000
#
# Needs: cargo, node 20 + npm, Chromium at /usr/bin/chromium (CHROME_PATH overrides).
# Pagefind and playwright-core are installed from benches/search/package-lock.json into
# benches/search/node_modules on first use (no browser is downloaded).
# Builds the release binary, then bench.mjs, each run from nothing: `portal build --verbose`
# into WORK/site, a copy to WORK/pf indexed by `pagefind --site WORK/pf --root-selector main`
# (portal's own output stays untouched), then headless Chromium on both.
# Results: WORK/results.md (medians, the table of docs/benchmarks.md) and WORK/results.json.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
RUNS="${RUNS:-3}"
WORK="${WORK:-/tmp/portal-search-bench}"
SEARCH_LANG="${SEARCH_LANG:-es}"
PORTAL="${PORTAL:-}"

command -v node >/dev/null || { echo "run.sh: node is missing (apt-get install -y nodejs npm)" >&2; exit 2; }
[ -x "${CHROME_PATH:-/usr/bin/chromium}" ] || { echo "run.sh: no Chromium at ${CHROME_PATH:-/usr/bin/chromium}" >&2; exit 2; }

# The release binary (cargo waits by itself when another build holds the lock).
if [ -z "$PORTAL" ]; then
  (cd "$REPO" && cargo build --release -p portal --quiet)
  PORTAL="$REPO/target/release/portal"
fi
if [ ! -x "$HERE/node_modules/.bin/pagefind" ] || [ ! -d "$HERE/node_modules/playwright-core" ]; then
  (cd "$HERE" && npm ci --no-audit --no-fund --silent)
fi

echo "machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1), $(free -h | awk '/^Mem:/ { print $2 }') memory"
echo "versions: $("${CHROME_PATH:-/usr/bin/chromium}" --version 2>/dev/null | head -n 1), node $(node --version), $("$HERE/node_modules/.bin/pagefind" --version 2>/dev/null | head -n 1)"
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
exec node "$HERE/bench.mjs" --portal "$PORTAL" --work "$WORK" --runs "$RUNS" --lang "$SEARCH_LANG" --root "${ROOT:-$REPO}"

#!/usr/bin/env bash
# The whole test suite in one command, on a fresh machine: installs what the tests need and is
# missing (Debian packages; npm packages come with tests/browser/run.sh), then runs
#   1. the Rust unit and end-to-end tests (build, check, content, search relevance, serve);
#   2. the check that the committed browser search engine matches its sources, and the Node
#      test that it answers exactly like the native engine;
#   3. every published file of a full build against its standard's checker (tests/validate:
#      the Nu Html Checker on every page, Atom, sitemaps, JSON-LD, CSV);
#   4. the browser tests in headless Chromium (switcher, keyboard, no-JS, console, axe-core,
#      print, search, small screens), the nginx sub-path and root crawl, and Lighthouse.
# In CI (CI=true) it also rebuilds the search engine from source and compares the bytes.
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() { if [ "$(id -u)" = 0 ]; then "$@"; else sudo "$@"; fi; }

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ] || missing+=(nginx)
command -v node >/dev/null 2>&1 || missing+=(nodejs npm)
command -v pdftotext >/dev/null 2>&1 || missing+=(poppler-utils)
command -v java >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v python3 >/dev/null 2>&1 || missing+=(python3)
if [ ${#missing[@]} -gt 0 ]; then
  echo "installing ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

cargo test --workspace --locked

crates/portal-search-wasm/check.sh
cargo run -q --locked -p portal-search --example write_fixture_pack -- target/search-fixture
node --test crates/portal-search-wasm/test/

tests/validate/run.sh
tests/browser/run.sh

if [ "${CI:-}" = true ] || [ "${PORTAL_VERIFY_WASM:-}" = 1 ]; then
  crates/portal-search-wasm/build.sh --verify
fi

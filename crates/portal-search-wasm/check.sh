#!/usr/bin/env bash
# Fails when the inputs of the browser engines changed since they were last built.
#
#   crates/portal-search-wasm/check.sh          # exit 1 if inputs.hash is stale
#   crates/portal-search-wasm/check.sh --write  # record the current hash (build.sh does this)
#
# The hash is sha256 over the sorted list of input files and their contents: the sources and
# manifests of portal-types, portal-search and portal-search-wasm, the wasm lock file, the lock
# file of the optimizer, build.sh, this script and the patches applied to dependencies. It needs no Rust toolchain, so CI can run it on any machine.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

inputs() {
  {
    find crates/portal-types crates/portal-search crates/portal-search-wasm/src -type f \
      \( -name '*.rs' -o -name 'Cargo.toml' \) -not -path '*/target/*'
    echo crates/portal-search-wasm/Cargo.toml
    echo crates/portal-search-wasm/Cargo.lock
    echo crates/portal-search-wasm/package-lock.json
    echo crates/portal-search-wasm/build.sh
    echo crates/portal-search-wasm/check.sh
    find crates/portal-search-wasm/patches -type f
  } | LC_ALL=C sort -u
}

current="$(inputs | xargs sha256sum | sha256sum | cut -d' ' -f1)"

if [ "${1:-}" = "--write" ]; then
  echo "$current" >"$here/inputs.hash"
  exit 0
fi

recorded="$(cat "$here/inputs.hash" 2>/dev/null || true)"
if [ "$current" != "$recorded" ]; then
  echo "portal-search-wasm: the engines' inputs changed since themes/default/static/search/engine-*.wasm were built" >&2
  echo "  recorded inputs.hash: ${recorded:-<missing>}" >&2
  echo "  current inputs:       $current" >&2
  echo "  rebuild with crates/portal-search-wasm/build.sh and commit the engines and inputs.hash" >&2
  exit 1
fi
echo "portal-search-wasm: the engines are up to date with their inputs"

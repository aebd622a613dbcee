#!/usr/bin/env bash
# Rebuilds the browser search engine and records the hash of its inputs.
#
#   crates/portal-search-wasm/build.sh            # rebuild, write the engines and inputs.hash
#   crates/portal-search-wasm/build.sh --verify   # rebuild elsewhere and check the rebuilt
#                                                 # engines answer like the native one (CI)
#
# One engine per language, with that language's stemmer only: writes
# themes/default/static/search/engine-{fr,en,es,pt}.wasm and crates/portal-search-wasm/inputs.hash;
# commit them. Idempotent: installs the Debian toolchain if missing (rustup has no wasm32 std
# here, Debian's rustc-web + rust-web-src build it with -Zbuild-std) and binaryen's optimizer at
# the version package-lock.json pins, then builds, shrinks with wasm-opt -Oz and prints the
# sizes. ./check.sh verifies the hash without rebuilding.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
committed="$root/themes/default/static/search"
languages=(fr en es pt)
verify=false
[ "${1:-}" = "--verify" ] && verify=true
out="$committed"
$verify && out="$(mktemp -d)"

need=()
[ -x /usr/bin/rustc ] && [ -x /usr/bin/cargo ] || need+=(rustc-web cargo-web)
[ -d /usr/lib/rustlib/src/rust/library ] || need+=(rust-web-src)
command -v wasm-ld >/dev/null 2>&1 || [ -x /usr/bin/wasm-ld-22 ] || [ -x /usr/lib/llvm-22/bin/wasm-ld ] || need+=(lld-22)
command -v npm >/dev/null 2>&1 || need+=(nodejs npm)
command -v patch >/dev/null 2>&1 || need+=(patch)
if [ ${#need[@]} -gt 0 ]; then
  echo "installing Debian packages: ${need[*]}" >&2
  sudo_cmd=""; [ "$(id -u)" -ne 0 ] && sudo_cmd="sudo"
  $sudo_cmd apt-get update -q
  $sudo_cmd apt-get install -y -q "${need[@]}"
fi

cd "$here"
# wasm-opt from npm's binaryen (built for Node), not Debian's: version 108 there leaves the
# engine 2.7 % larger (brotli) than 132 does.
pinned="$(node -p "require('./package-lock.json').packages['node_modules/binaryen'].version")"
installed="$(node -p "try { require('./node_modules/binaryen/package.json').version } catch { '' }")"
[ "$pinned" = "$installed" ] || npm ci --no-audit --no-fund --silent
wasm_opt="$here/node_modules/.bin/wasm-opt"

# A target directory of its own: Debian's rustc must not share artifacts with rustup's.
export CARGO_TARGET_DIR="$here/target"

# tantivy, patched (see [patch.crates-io] in Cargo.toml): unpacked from the .crate file cargo
# downloaded and checked against the lock file of the main workspace.
tantivy_version="$(sed -n '/^name = "tantivy"$/{n;s/^version = "\(.*\)"$/\1/p;q}' "$root/Cargo.lock")"
patched="$CARGO_TARGET_DIR/tantivy-patched"
crate_file() { ls "${CARGO_HOME:-$HOME/.cargo}"/registry/cache/*/"tantivy-$tantivy_version.crate" 2>/dev/null | head -1; }
[ -n "$(crate_file)" ] || (cd "$root" && env -u RUSTC -u RUSTFLAGS -u RUSTC_BOOTSTRAP -u CARGO_TARGET_DIR cargo fetch --locked)
tantivy_checksum="$(sed -n '/^name = "tantivy"$/,/^$/s/^checksum = "\(.*\)"$/\1/p' "$root/Cargo.lock")"
echo "$tantivy_checksum  $(crate_file)" | sha256sum --check --quiet
rm -rf "$patched" && mkdir -p "$patched"
tar -xzf "$(crate_file)" -C "$patched" --strip-components=1
for p in "$here"/patches/tantivy-*.patch; do patch -s -p1 -d "$patched" <"$p"; done
export RUSTC_BOOTSTRAP=1
export RUSTC=/usr/bin/rustc
# Paths are remapped so that the engine does not carry the machine's folders.
# A read-only query engine needs no panic messages nor their locations: a panic aborts at once
# (panic = "immediate-abort" in Cargo.toml drops the formatting machinery behind panics), and
# -Zlocation-detail=none drops the file names and lines panics would print. -Zfmt-debug=none
# makes every `Debug` impl print nothing: they only detail error messages (tantivy's, and the
# names in portal-search's), which the page does not show; `portal search` runs the same code
# with them. 6.4 KB of the engine, brotli.
export RUSTFLAGS="--cfg getrandom_backend=\"custom\" --remap-path-prefix=$root=/portal --remap-path-prefix=${CARGO_HOME:-$HOME/.cargo}=/cargo --remap-path-prefix=/usr/lib/rustlib/src/rust=/rust -Zlocation-detail=none -Zfmt-debug=none"
# std's feature optimize_for_size swaps its larger, faster algorithms for small ones: above all
# the stable sort, a merge sort instead of driftsort, whose instances for ten element types were
# 76 functions (36 KB of code). The engine sorts at most a few thousand matches a query.
raw="$CARGO_TARGET_DIR/wasm32-unknown-unknown/release/portal_search_wasm.wasm"
mkdir -p "$out"
size() { wc -c <"$1" | tr -d ' '; }
for lang in "${languages[@]}"; do
  /usr/bin/cargo build --locked --release --target wasm32-unknown-unknown --features "$lang" \
    -Zbuild-std=std,panic_abort -Zbuild-std-features=optimize_for_size
  # Rust enables these wasm features by default; binaryen must be told to accept them.
  "$wasm_opt" -Oz --enable-bulk-memory --enable-sign-ext --enable-mutable-globals \
    --enable-nontrapping-float-to-int --enable-reference-types --enable-multivalue \
    --strip-debug --strip-producers "$raw" -o "$out/engine-$lang.wasm"

  # A tantivy upgrade that leaves a patch unused (cargo only warns) would bring back unnoticed
  # what it removed: the messages of the regex parser and of rayon's pool are in the module
  # when they are linked.
  for linked in "regex parse error:the regex engine" "thread pool has already been initialized:rayon"; do
    if grep -q "${linked%%:*}" "$out/engine-$lang.wasm"; then
      echo "engine-$lang.wasm links ${linked#*:}: is patches/ still applied to tantivy $tantivy_version?" >&2
      exit 1
    fi
  done
  echo "engine-$lang.wasm: cargo $(size "$raw") B, wasm-opt $pinned -Oz $(size "$out/engine-$lang.wasm") B," \
    "gzip -9 $(gzip -9 -c "$out/engine-$lang.wasm" | wc -c | tr -d ' ') B" \
    "$(command -v brotli >/dev/null && echo ", brotli $(brotli -c -q 11 "$out/engine-$lang.wasm" | wc -c | tr -d ' ') B")"
done

if $verify; then
  # The bytes may differ by a few from the committed engine (codegen is not reproducible
  # across checkouts), so the rebuilt engine is checked by what it does: the same answers as
  # the native engine on every fixture query.
  (cd "$root" && env -u CARGO_TARGET_DIR -u RUSTC -u RUSTFLAGS -u RUSTC_BOOTSTRAP \
    cargo run -q --locked -p portal-search --example write_fixture_pack -- target/search-fixture)
  (cd "$root" && ENGINE_DIR="$out" node --test crates/portal-search-wasm/test/)
  echo "portal-search-wasm: rebuilt from source ($(cd "$out" && wc -c engine-*.wasm | tr '\n' ' '));" \
    "they answer like the native engine"
  exit 0
fi
"$here/check.sh" --write


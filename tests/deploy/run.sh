#!/usr/bin/env bash
# Deployment test: builds the site twice (under a sub-path and at the root of a host), serves
# each build with nginx on 127.0.0.1, crawls every page over HTTP (tests/deploy/crawl.mjs) and
# fails on any broken link, image, stylesheet, script or search file.
#
#   tests/deploy/run.sh            # uses $PORTAL_BIN, else target/release/portal (built if missing)
#
# nginx runs as a plain foreground process with a generated config in a temporary folder; it
# is stopped (by its own pid) when the script ends, whatever happens.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"
bin="${PORTAL_BIN:-${CARGO_TARGET_DIR:-$repo/target}/release/portal}"
if [[ ! -x "$bin" ]]; then
  cargo build --release -p portal
fi
nginx_bin="$(command -v nginx || echo /usr/sbin/nginx)"
if [[ ! -x "$nginx_bin" ]]; then
  echo "deploy test: nginx is not installed (apt-get install nginx)" >&2
  exit 1
fi

work="$(mktemp -d "${TMPDIR:-/tmp}/portal-deploy.XXXXXX")"
chmod 755 "$work"  # nginx's workers may run as another user
nginx_pid=""
cleanup() {
  if [[ -n "$nginx_pid" ]] && kill -0 "$nginx_pid" 2>/dev/null; then
    kill "$nginx_pid" 2>/dev/null || true
    wait "$nginx_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

free_port() {
  node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

# $1: name, $2: URL path prefix ("/portal/" or "/")
deploy_and_crawl() {
  local name="$1" prefix="$2"
  local port dir www site conf base
  port="$(free_port)"
  dir="$work/$name"
  www="$dir/www"
  site="$www${prefix%/}"
  mkdir -p "$dir/tmp" "$www"
  base="http://127.0.0.1:$port$prefix"
  "$bin" build --out "$site" --base-url "$base" >/dev/null 2>&1 || "$bin" build --out "$site" --base-url "$base"
  chmod -R a+rX "$dir"

  local user_line=""
  if [[ "$(id -u)" == 0 ]]; then user_line="user root;"; fi
  conf="$dir/nginx.conf"
  cat >"$conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $dir/nginx.pid;
error_log $dir/error.log warn;
events { worker_connections 128; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  client_body_temp_path $dir/tmp/body;
  proxy_temp_path $dir/tmp/proxy;
  fastcgi_temp_path $dir/tmp/fastcgi;
  uwsgi_temp_path $dir/tmp/uwsgi;
  scgi_temp_path $dir/tmp/scgi;
  absolute_redirect off;
  server {
    listen 127.0.0.1:$port;
    root $www;
    location / { try_files \$uri \$uri/ =404; }
    location ~ ^${prefix}(fr|en|es|pt)/ {
      try_files \$uri \$uri/ =404;
      error_page 404 ${prefix}\$1/404.html;
    }
    error_page 404 ${prefix}404.html;
  }
}
EOF
  "$nginx_bin" -c "$conf" -e "$dir/error.log" &
  nginx_pid=$!
  for _ in $(seq 1 50); do
    if node -e "fetch('$base').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))" 2>/dev/null; then break; fi
    sleep 0.1
  done
  local status=0
  echo "== $name: $base"
  node "$repo/tests/deploy/crawl.mjs" "$base" || status=$?
  # A miss answers the language's own 404 page with status 404.
  local miss
  miss="$(node -e "fetch('${base}en/no-such-page/').then(async r=>{const t=await r.text();console.log(r.status, /<html lang=\"en\"/.test(t))})")"
  if [[ "$miss" != "404 true" ]]; then
    echo "  ${base}en/no-such-page/ should answer the English 404 page with status 404 (got: $miss)"
    status=1
  fi
  kill "$nginx_pid" 2>/dev/null || true
  wait "$nginx_pid" 2>/dev/null || true
  nginx_pid=""
  if [[ -s "$dir/error.log" ]] && grep -v "No such file or directory\|is not found" "$dir/error.log" | grep -q "\[\(emerg\|alert\|crit\)\]"; then
    cat "$dir/error.log" >&2
    status=1
  fi
  return $status
}

failed=0
deploy_and_crawl subpath /portal/ || failed=1
deploy_and_crawl root / || failed=1
if [[ $failed != 0 ]]; then
  echo "deploy test: FAILED" >&2
  exit 1
fi
echo "deploy test: ok (sub-path and root)"

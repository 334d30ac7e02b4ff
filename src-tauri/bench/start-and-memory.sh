#!/usr/bin/env bash
# App start to first screen, and idle memory, of the real app window under Xvfb.
#
#   src-tauri/bench/start-and-memory.sh [APP_BINARY] [RUNS]
#
# APP_BINARY defaults to target/release/wangge-app (build it with
# `cargo build -p wangge-app --release` after `npm ci && npm run build` in ui/).
# Extra environment (WANGGE_SERVER, WANGGE_DEMO_USER, WANGGE_DEMO_PASSWORD) is passed to the
# app, so a signed-in first screen can be measured too.
#
# Start: from just before exec to the shell's "page loaded" log line (the webview finished
# loading the UI: scripts ran, the first screen is mounted), read from the line's UTC
# timestamp. Each run starts with an empty device folder and empty XDG folders (a cold
# WebKit cache), and a second start on the same folders is measured as warm.
# Memory: 10 s after the page loaded, with nothing happening, the resident set (RSS) and
# the proportional set (PSS, shared pages divided among sharers) of the app process and
# every process under it (WebKitWebProcess, WebKitNetworkProcess), from /proc.
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
app="${1:-$here/target/release/wangge-app}"
runs="${2:-5}"
[ -x "$app" ] || { echo "no app binary at $app" >&2; exit 1; }
command -v Xvfb >/dev/null || { echo "Xvfb is missing (apt-get install xvfb)" >&2; exit 1; }

work="$(mktemp -d)"
exec 3< <(Xvfb -displayfd 1 -screen 0 1600x1000x24 -nolisten tcp 2>/dev/null & echo "xvfb $!"; wait)
read -r _ xvfb_pid <&3
read -r display_no <&3
export DISPLAY=":$display_no"
trap 'kill "$xvfb_pid" 2>/dev/null || true; rm -rf "$work"' EXIT

tree_pids() { # a pid and all its descendants
  local p="$1"; echo "$p"
  for c in $(cat /proc/"$p"/task/*/children 2>/dev/null); do tree_pids "$c"; done
}
kib() { awk -v k="$2" '$1==k":" {s+=$2} END {print s+0}' "$1" 2>/dev/null || echo 0; }

one_start() { # $1 = folder, prints "start_ms rss_kib pss_kib"
  local dir="$1" log="$1/app.log"
  mkdir -p "$dir"/{data,cache,config,device}
  local t0; t0="$(date +%s.%N)"
  XDG_DATA_HOME="$dir/data" XDG_CACHE_HOME="$dir/cache" XDG_CONFIG_HOME="$dir/config" \
    WEBKIT_DISABLE_DMABUF_RENDERER=1 WANGGE_APP_DATA_DIR="$dir/device" WANGGE_LOG=info NO_COLOR=1 \
    "$app" >"$log" 2>&1 &
  local pid=$!
  for _ in $(seq 1 300); do grep -q "page loaded" "$log" 2>/dev/null && break; sleep 0.05; done
  local line; line="$(grep -m1 "page loaded" "$log" | sed 's/\x1b\[[0-9;]*m//g')"
  [ -n "$line" ] || { echo "the app never loaded its page; log:" >&2; cat "$log" >&2; kill "$pid"; exit 1; }
  local ts; ts="$(echo "$line" | awk '{print $1}')"
  local t1; t1="$(date -d "$ts" +%s.%N)"
  sleep 10
  local rss=0 pss=0
  for p in $(tree_pids "$pid"); do
    rss=$((rss + $(kib /proc/"$p"/status VmRSS)))
    pss=$((pss + $(kib /proc/"$p"/smaps_rollup Pss)))
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$(echo "($t1 - $t0) * 1000" | bc -l | xargs printf '%.0f') $rss $pss"
}

printf '%-6s %-5s %10s %10s %10s\n' run kind start_ms rss_MiB pss_MiB
for i in $(seq 1 "$runs"); do
  for kind in cold warm; do
    read -r ms rss pss < <(one_start "$work/run$i")
    printf '%-6s %-5s %10s %10.1f %10.1f\n' "$i" "$kind" "$ms" "$(echo "$rss/1024" | bc -l)" "$(echo "$pss/1024" | bc -l)"
  done
done

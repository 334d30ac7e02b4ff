#!/usr/bin/env bash
# Runs schemathesis (PyPI) with every check against the OpenAPI document of a running demo
# server, signed in as a community dispatcher, as a grid worker and as the district
# commander in turn, and fails on any server error, any answer that breaks the schema, any
# check that fails, or any ERROR in the server's log.
#
#   scripts/schemathesis.sh [extra schemathesis run options]
#
# Environment: MAX_EXAMPLES (default 30) test cases per operation and phase, SEED (default
# 1), USERS (default "c130302001001 w130302001001001 commander": demo user names, one run
# each), SKIP_BUILD=1 to use the wangge binary already built. Builds `wangge` under the shared
# cargo lock when /tmp/cargo.lock exists (so do not run this script itself under flock),
# starts `wangge demo` on a fresh data directory and a free local port, signs every user in
# first (schemathesis's own sign-in attempts may get the address throttled), runs
# `schemathesis run --checks all` once per user with its bearer token, and stops the
# server. The exceptions to "every check on every operation" are in
# scripts/schemathesis.toml, each with its reason. Installs schemathesis 4 with pip when it
# is missing. Excludes /v1/events (an event stream that never ends).
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v schemathesis >/dev/null 2>&1; then
    python3 -m pip install --quiet 'schemathesis>=4.32,<5'
fi
schemathesis --version

if [ "${SKIP_BUILD:-}" != 1 ]; then
    if [ -e /tmp/cargo.lock ]; then
        flock /tmp/cargo.lock cargo build --quiet -p wangge
    else
        cargo build --quiet -p wangge
    fi
fi
bin="${CARGO_TARGET_DIR:-$root/target}/debug/wangge"

data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
log="$data/server.log"

NO_COLOR=1 "$bin" demo --data "$data/demo" --listen "127.0.0.1:$port" >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 240); do
    if curl -fsS "$base/v1/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$log"; echo "the demo server died" >&2; exit 1; fi
    sleep 0.5
done

# The community dispatcher of 红旗里社区, the worker of its grid 001, the commander.
read -r -a users <<<"${USERS:-c130302001001 w130302001001001 commander}"
declare -A tokens
for user in "${users[@]}"; do
    tokens[$user]="$(curl -fsS -X POST "$base/v1/sessions" -H 'content-type: application/json' \
        -d "{\"username\":\"$user\",\"password\":\"wangge-demo\",\"device_name\":\"schemathesis $user\"}" |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"
done

status=0
for user in "${users[@]}"; do
    echo
    echo "=== schemathesis as $user ==="
    start=$SECONDS
    run=0
    schemathesis --no-color --config-file "$root/scripts/schemathesis.toml" run "$base/v1/openapi.json" \
        --header "Authorization: Bearer ${tokens[$user]}" \
        --checks all \
        --exclude-path /v1/events \
        --max-examples "${MAX_EXAMPLES:-30}" \
        --seed "${SEED:-1}" \
        --workers 1 \
        "$@" || run=$?
    echo "=== $user: exit $run after $((SECONDS - start)) s ==="
    if [ "$run" != 0 ]; then status=$run; fi
done

# The log without colours, in case the server ignored NO_COLOR.
plain="$(sed 's/\x1b\[[0-9;]*m//g' "$log")"
if grep -q " ERROR " <<<"$plain"; then
    echo "the server logged errors:" >&2
    grep " ERROR " <<<"$plain" | head -20 >&2
    status=1
fi
echo
echo "server log: $(grep -c " WARN " <<<"$plain" || true) warnings, $(grep -c " ERROR " <<<"$plain" || true) errors"
exit "$status"

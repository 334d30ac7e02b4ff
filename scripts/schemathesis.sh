#!/usr/bin/env bash
# Runs schemathesis (PyPI) against the OpenAPI document of a running demo server and
# fails on any server error or any answer that breaks the schema.
#
#   scripts/schemathesis.sh [extra schemathesis options]
#
# Starts `wangge demo` on a fresh data directory and a free local port, signs in as the
# district commander (who sees the whole district), runs schemathesis with that bearer
# token, and stops the server. Installs schemathesis with pip when it is missing.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

if ! command -v schemathesis >/dev/null 2>&1; then
    python3 -m pip install --quiet schemathesis
fi

cargo build --quiet -p wangge
bin="${CARGO_TARGET_DIR:-$root/target}/debug/wangge"

data="$(mktemp -d)"
port="$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')"
base="http://127.0.0.1:$port"
log="$data/server.log"

"$bin" demo --data "$data/demo" --listen "127.0.0.1:$port" >"$log" 2>&1 &
server=$!
cleanup() {
    kill "$server" 2>/dev/null || true
    wait "$server" 2>/dev/null || true
    rm -rf "$data"
}
trap cleanup EXIT

for _ in $(seq 1 120); do
    if curl -fsS "$base/v1/health" >/dev/null 2>&1; then break; fi
    if ! kill -0 "$server" 2>/dev/null; then cat "$log"; echo "the demo server died" >&2; exit 1; fi
    sleep 0.5
done

token="$(curl -fsS -X POST "$base/v1/sessions" -H 'content-type: application/json' \
    -d '{"username":"commander","password":"wangge-demo","device_name":"schemathesis"}' |
    python3 -c 'import json, sys; print(json.load(sys.stdin)["access_token"])')"

status=0
schemathesis run "$base/v1/openapi.json" \
    --header "Authorization: Bearer $token" \
    --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance,response_headers_conformance \
    --exclude-path /v1/events \
    --max-examples "${MAX_EXAMPLES:-30}" \
    --seed "${SEED:-1}" \
    "$@" || status=$?

if grep -q " ERROR " "$log"; then
    echo "the server logged errors:" >&2
    grep " ERROR " "$log" | head -20 >&2
    status=1
fi
exit "$status"

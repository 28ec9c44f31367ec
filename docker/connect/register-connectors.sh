#!/bin/sh
# Creates or updates every connector config in this folder through Connect's REST API
# (run by the one-shot connect-init service; also usable by hand with CONNECT_URL set).
# Each <name>.json holds a flat connector config, PUT to /connectors/<name>/config: idempotent.
set -eu

connect_url="${CONNECT_URL:-http://localhost:8083}"
dir="$(dirname "$0")"
status=0

for file in "$dir"/*.json; do
  name="$(basename "$file" .json)"
  code="$(curl -sS -o /tmp/response.json -w '%{http_code}' -X PUT \
    -H 'Content-Type: application/json' --data-binary "@$file" \
    "$connect_url/connectors/$name/config")"
  case "$code" in
    200|201) echo "connect-init: connector $name registered (HTTP $code)" ;;
    *) echo "connect-init: connector $name from $file was refused (HTTP $code): $(cat /tmp/response.json)" >&2
       status=1 ;;
  esac
done
exit "$status"

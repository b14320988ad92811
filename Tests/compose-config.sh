#!/usr/bin/env bash
# Validates docker-compose.yml, with and without the tls profile. No Docker engine is needed.
set -euo pipefail
cd "$(dirname "$0")/.."

if command -v docker-compose >/dev/null 2>&1; then
    compose=(docker-compose)
elif docker compose version >/dev/null 2>&1; then
    compose=(docker compose)
else
    echo "compose-config: neither docker-compose nor docker compose is installed" >&2
    exit 2
fi

"${compose[@]}" -f docker-compose.yml config -q
"${compose[@]}" -f docker-compose.yml --profile tls config -q
echo "compose-config: docker-compose.yml is valid"

#!/usr/bin/env bash
# Installs what building and testing actionnode needs, from Debian 12 packages.
set -euo pipefail
packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
    libssl-dev libvalijson-dev nlohmann-json3-dev libpcre2-dev libsimdjson-dev
    python3 python3-jwt json-schema-test-suite
    clang clang-format-14 libclang-rt-14-dev
    chromium openssl
)
# Node.js and npm run the MCP SDK interoperability test; a Node already
# installed with its own npm (NodeSource, nvm) is kept rather than replaced.
{ command -v node && command -v npm; } >/dev/null 2>&1 || packages+=(nodejs npm)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# The official MCP TypeScript SDK client (tests/mcp-client) and the HTTP
# host's OpenAPI validator and browser driver (tests/http-panel), each pinned
# by its package-lock.json; installed again when the lock file is newer than
# the installed tree.
tests="$(cd "$(dirname "$0")/.." && pwd)/tests"
for client in "$tests/mcp-client" "$tests/http-panel"; do
    if ! command -v npm >/dev/null 2>&1; then
        echo "setup-debian.sh: npm not found; the tests in $client fail until 'npm ci --prefix $client' is run" >&2
    elif [ ! -f "$client/node_modules/.package-lock.json" ] || [ "$client/package-lock.json" -nt "$client/node_modules/.package-lock.json" ]; then
        npm ci --prefix "$client" --no-audit --no-fund
    fi
done

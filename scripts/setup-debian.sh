#!/usr/bin/env bash
# Installs what building and testing actionnode needs, from Debian 12 packages.
set -euo pipefail
packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev
    libssl-dev libvalijson-dev nlohmann-json3-dev
    python3 python3-jwt
)
# Node.js runs the MCP SDK interoperability test; keep a Node already installed.
command -v node >/dev/null 2>&1 || packages+=(nodejs npm)
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

# The official MCP TypeScript SDK client, pinned by tests/mcp-client/package-lock.json.
root="$(cd "$(dirname "$0")/.." && pwd)"
if [ ! -d "$root/tests/mcp-client/node_modules/@modelcontextprotocol/sdk" ]; then
    npm ci --prefix "$root/tests/mcp-client" --no-audit --no-fund
fi

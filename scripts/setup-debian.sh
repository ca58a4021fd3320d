#!/usr/bin/env bash
# Installs what building actionnode and running its main job (scripts/demo.sh)
# needs, from Debian 12 packages; with --tests (scripts/test.sh) also what the
# tests, the sanitizer and fuzzing build, the format check and the package
# checks need.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"

# Building and the main job.
main_packages=(
    build-essential cmake pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev libqt6sql6-sqlite libsqlite3-dev
    libssl-dev nlohmann-json3-dev libpcre2-dev libsimdjson-dev libhiredis-dev libboost-dev
    python3 help2man
)
# The tests (scripts/test.sh) only.
test_packages=(
    python3-jwt openssl json-schema-test-suite
    clang clang-format-14 libclang-rt-14-dev
    chromium
    lintian podman runc mmdebstrap
    redis-server
)
packages=("${main_packages[@]}")
with_tests=0
if [ "${1:-}" = "--tests" ]; then
    with_tests=1
    packages+=("${test_packages[@]}")
    # Node.js and npm run the MCP SDK interoperability test; a Node already
    # installed with its own npm (NodeSource, nvm) is kept rather than replaced.
    { command -v node && command -v npm; } >/dev/null 2>&1 || packages+=(nodejs npm)
fi

sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done
if [ ${#missing[@]} -gt 0 ]; then
    $sudo apt-get update
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y --no-install-recommends "${missing[@]}"
fi

# valijson is header-only, but Debian's libvalijson-dev depends on the
# development packages of every JSON library it has an adapter for (Qt 5,
# POCO, MariaDB, yaml-cpp, jsoncpp, picojson, rapidjson: hundreds of MB).
# Only the package itself is unpacked, into third_party/valijson, where the
# build looks first; apt checks it against the archive's signed index. Once
# there, building needs no network.
valijson="$root/third_party/valijson"
if [ ! -f "$valijson/usr/share/cmake/valijson/valijsonConfig.cmake" ]; then
    download="$(mktemp -d)"
    trap 'rm -rf "$download"' EXIT
    if ! (cd "$download" && apt-get download libvalijson-dev); then
        $sudo apt-get update
        (cd "$download" && apt-get download libvalijson-dev)
    fi
    mkdir -p "$valijson"
    dpkg-deb --extract "$download"/libvalijson-dev_*.deb "$valijson"
fi

if [ "$with_tests" -eq 1 ]; then
    # The official MCP TypeScript SDK client (tests/mcp-client), the HTTP
    # host's OpenAPI validator and browser driver (tests/http-panel), the
    # Standard Webhooks and Svix verifiers of the push receiver
    # (tests/webhook-receiver), and the builders' own engines, validators and
    # lint for the exports (tests/<builder>), each pinned by its
    # package-lock.json; installed again when the lock file is newer than the
    # installed tree. n8n-core is installed without install scripts: one of its
    # dependencies (isolated-vm) builds a native module for Node 24 only, and
    # the tests do not use it.
    for client in "$root/tests/mcp-client" "$root/tests/http-panel" "$root/tests/webhook-receiver" \
        "$root/tests/n8n" "$root/tests/openai-tools" "$root/tests/bubble" "$root/tests/zapier" \
        "$root/tests/activepieces"; do
        if ! command -v npm >/dev/null 2>&1; then
            echo "setup-debian.sh: npm not found; the tests in $client fail until 'npm ci --prefix $client' is run" >&2
        elif [ ! -f "$client/node_modules/.package-lock.json" ] || [ "$client/package-lock.json" -nt "$client/node_modules/.package-lock.json" ]; then
            npm ci --prefix "$client" --no-audit --no-fund $([ "$client" = "$root/tests/n8n" ] && echo --ignore-scripts)
        fi
    done
fi

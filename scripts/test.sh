#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, builds, and runs every test with CTest.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup-debian.sh"
bash "$root/scripts/build.sh"
ctest --test-dir "${ACTIONNODE_BUILD_DIR:-$root/build}" -j2 --output-on-failure --timeout 600

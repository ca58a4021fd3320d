#!/usr/bin/env bash
# Configures (once) and builds actionnode in build/, two jobs at a time.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ACTIONNODE_BUILD_DIR:-$root/build}"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE="${CMAKE_BUILD_TYPE:-RelWithDebInfo}" "$@"
fi
cmake --build "$build" -j2

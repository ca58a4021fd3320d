#!/usr/bin/env bash
# Configures (once) and builds the sanitized tree in build-fuzz/: clang with
# ASan and UBSan (ACTIONNODE_SANITIZE) and libFuzzer coverage (ACTIONNODE_FUZZ).
# One build serves both the CTest suite under the sanitizers and the fuzz targets.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ACTIONNODE_FUZZ_BUILD_DIR:-$root/build-fuzz}"
if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DCMAKE_CXX_COMPILER=clang++ \
        -DACTIONNODE_SANITIZE=ON -DACTIONNODE_FUZZ=ON "$@"
fi
cmake --build "$build" -j2

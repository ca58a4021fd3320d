#!/usr/bin/env bash
# Sets up a fresh Debian 12 machine, checks the sources' format, builds with
# warnings as errors, and runs every test with CTest;
# then runs the suite again under ASan, UBSan and LeakSanitizer (no suppressions), and each fuzz target for
# ACTIONNODE_FUZZ_SECONDS (default 30) seconds, from one sanitized clang build.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
bash "$root/scripts/setup-debian.sh" --tests
bash "$root/scripts/check-format.sh"
bash "$root/scripts/build.sh" -DACTIONNODE_WERROR=ON
ctest --test-dir "${ACTIONNODE_BUILD_DIR:-$root/build}" -j2 --output-on-failure --timeout 600
bash "$root/scripts/build-fuzz.sh"
ctest --test-dir "${ACTIONNODE_FUZZ_BUILD_DIR:-$root/build-fuzz}" -j2 --output-on-failure --timeout 900
bash "$root/scripts/fuzz.sh" "${ACTIONNODE_FUZZ_SECONDS:-30}"

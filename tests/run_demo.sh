#!/usr/bin/env bash
# Runs scripts/demo.sh against the emulator and checks that it created two
# tokens (REST and self-signed) and that both verified.
# Usage: run_demo.sh <source dir> <build dir>
set -euo pipefail
export ACTIONNODE_BUILD_DIR="$2"
# Offline whatever the calling environment holds: no DAILY_* setting may send it to Daily.
unset "${!DAILY_@}"
output=$(bash "$1/scripts/demo.sh")
printf '%s\n' "$output"
created=$(grep -c '"status": "succeeded"' <<<"$output" || true)
verified=$(grep -c '"valid": true' <<<"$output" || true)
if [ "$created" -ne 2 ] || [ "$verified" -ne 2 ]; then
    echo "run_demo: expected 2 tokens created and 2 verified, got $created and $verified" >&2
    exit 1
fi

#!/usr/bin/env bash
# Runs scripts/demo.sh against the emulator and checks that it created two
# tokens (REST and self-signed) and that both verified, then that the private
# room workflow validated four tokens (owner and guest, both modes) and
# deleted its room, and that the knocking workflow delivered its event.
# Usage: run_demo.sh <source dir> <build dir>
set -euo pipefail
export ACTIONNODE_BUILD_DIR="$2"
# The demo keeps its store in a directory of its own, never the user's.
ACTIONNODE_DATA_DIR=$(mktemp -d)
export ACTIONNODE_DATA_DIR
trap 'rm -rf "$ACTIONNODE_DATA_DIR"' EXIT
# Offline whatever the calling environment holds: no DAILY_* setting may send it to Daily.
unset "${!DAILY_@}"
output=$(bash "$1/scripts/demo.sh")
printf '%s\n' "$output"
created=$(sed -n '1,/== private room workflow/p' <<<"$output" | grep -c '"status": "succeeded"' || true)
verified=$(grep -c '"valid": true' <<<"$output" || true)
if [ "$created" -ne 2 ] || [ "$verified" -ne 2 ]; then
    echo "run_demo: expected 2 tokens created and 2 verified, got $created and $verified" >&2
    exit 1
fi
validated=$(grep -c '^workflow: .* token (.*) validated by Daily for room ' <<<"$output" || true)
if [ "$validated" -ne 4 ] || ! grep -q '^workflow: room .* deleted$' <<<"$output"; then
    echo "run_demo: expected 4 tokens validated and the room deleted, got $validated validated" >&2
    exit 1
fi
if ! grep -q '"trigger":"daily.waiting_participant_joined"' <<<"$output"; then
    echo "run_demo: the knocking workflow printed no daily.waiting_participant_joined event" >&2
    exit 1
fi

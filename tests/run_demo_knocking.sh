#!/usr/bin/env bash
# Runs scripts/demo-knocking.sh against the emulator and checks that the
# knocking event reached listen, that the push subscriber verified it and got
# the owner's token, and that the owner's token came with a join URL.
# Usage: run_demo_knocking.sh <source dir> <build dir>
set -euo pipefail
export ACTIONNODE_BUILD_DIR="$2" ACTIONNODE_SKIP_SETUP=1
# The demo keeps its store in a directory of its own, never the user's.
ACTIONNODE_DATA_DIR=$(mktemp -d)
export ACTIONNODE_DATA_DIR
trap 'rm -rf "$ACTIONNODE_DATA_DIR"' EXIT
out=$(bash "$1/scripts/demo-knocking.sh")
printf '%s\n' "$out"
grep -q '"trigger":"daily.waiting_participant_joined"' <<<"$out" && grep -q '"join_url"' <<<"$out"
grep -q '^push subscriber: verified msg_' <<<"$out" && grep -q "^push subscriber: the owner's token for standup: .*\"token\"" <<<"$out"

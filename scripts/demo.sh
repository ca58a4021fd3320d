#!/usr/bin/env bash
# The main job, with no account needed: builds actionnode, starts the bundled
# Daily API emulator on a free loopback port, creates a meeting token through
# the plugin's REST mode and a self-signed one, and decodes both.
# With DAILY_API_KEY (and DAILY_DOMAIN_ID for self-signing) set, it calls Daily instead.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ACTIONNODE_BUILD_DIR:-$root/build}"
bash "$root/scripts/setup-debian.sh"
bash "$root/scripts/build.sh" >/dev/null
actionnode="$build/bin/actionnode"
exp=$(( $(date +%s) + 3600 ))

emulator_pid=""
cleanup() { [ -z "$emulator_pid" ] || kill "$emulator_pid" 2>/dev/null || true; }
trap cleanup EXIT
if [ -z "${DAILY_API_KEY:-}" ]; then
    key="emulator-demo-key" domain_id="00000000-0000-4000-8000-000000000000"
    # The key goes to the emulator explicitly, so a leftover
    # ACTIONNODE_EMULATOR_API_KEY cannot make the two disagree.
    coproc EMULATOR { ACTIONNODE_EMULATOR_API_KEY="$key" exec "$build/bin/actionnode-emulator" \
        --port 0 --domain emulator --domain-id "$domain_id"; }
    emulator_pid=$EMULATOR_PID
    line=""
    read -r line <&"${EMULATOR[0]}" || true
    if [[ "$line" != "listening on http://"* ]]; then
        echo "demo: the emulator did not start (got: \"$line\")" >&2
        exit 1
    fi
    base="${line#listening on }"
    export DAILY_API_BASE="$base/v1" DAILY_API_KEY="$key"
    export DAILY_DOMAIN="emulator" DAILY_DOMAIN_ID="$domain_id"
    echo "== Daily API emulator at $base (demo key, no account needed)"
fi

token_of() { python3 -c 'import json,sys; print(json.load(sys.stdin)["outputs"]["token"])'; }

echo "== actionnode run daily.create_meeting_token (REST mode)"
rest=$(DAILY_TOKEN_MODE=rest "$actionnode" run daily.create_meeting_token \
    room_name=standup user_name=Alice is_owner=true exp=$exp)
echo "$rest"
echo "== decoded"
"$actionnode" inspect --verify "$(echo "$rest" | token_of)"

echo "== actionnode run daily.create_meeting_token (self-signed mode, no network)"
signed=$(DAILY_TOKEN_MODE=self-signed "$actionnode" run daily.create_meeting_token \
    room_name=standup user_name=Alice is_owner=true exp=$exp)
echo "$signed"
echo "== decoded"
"$actionnode" inspect --verify "$(echo "$signed" | token_of)"

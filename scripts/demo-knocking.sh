#!/usr/bin/env bash
# The knocking workflow of Daily's private-room guide, against the bundled
# emulator: create a private room with knocking, listen for "someone is
# knocking" on it, register the webhook (the emulator checks the endpoint
# first), make a guest knock, print the event, then mint the owner's token
# with its join URL. Beside listen, 'serve --http' pushes the same event to a
# subscriber (scripts/demo-push-subscriber.py) that verifies its Standard
# Webhooks signature and asks for the owner's token itself.
# Triggers need the Video, Audio & Live Bundle: the demo issues itself a
# license with the test vendor key of tests/data/licenses and verifies with it.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${ACTIONNODE_BUILD_DIR:-$root/build}"
[ -n "${ACTIONNODE_SKIP_SETUP:-}" ] || bash "$root/scripts/setup-debian.sh"
bash "$root/scripts/build.sh" >/dev/null
actionnode="$build/bin/actionnode"
unset "${!DAILY_@}"
work="$(mktemp -d)"
emulator_pid="" listen_pid="" serve_pid="" subscriber_pid=""
cleanup() {
    [ -z "$subscriber_pid" ] || kill "$subscriber_pid" 2>/dev/null || true
    [ -z "$serve_pid" ] || kill "$serve_pid" 2>/dev/null || true
    [ -z "$listen_pid" ] || kill -INT "$listen_pid" 2>/dev/null || true
    [ -z "$emulator_pid" ] || kill "$emulator_pid" 2>/dev/null || true
    rm -rf "$work"
}
trap cleanup EXIT

key="emulator-demo-key"
coproc EMULATOR { ACTIONNODE_EMULATOR_API_KEY="$key" exec "$build/bin/actionnode-emulator" --port 0 --domain emulator; }
emulator_pid=$EMULATOR_PID
read -r line <&"${EMULATOR[0]}" || true
[[ "$line" == "listening on http://"* ]] || { echo "demo: the emulator did not start" >&2; exit 1; }
base="${line#listening on }"
export DAILY_API_BASE="$base/v1" DAILY_API_KEY="$key" DAILY_DOMAIN="emulator"
echo "== Daily API emulator at $base"

licenses="$root/tests/data/licenses"
"$actionnode" license sign --key "$licenses/test-vendor.key.pem" --licensee "Demo" --bundle video_audio_live \
    --expires "$(date -u -d '+1 day' +%Y-%m-%dT%H:%M:%SZ)" > "$work/license.json"
license=(--license "$work/license.json" --license-key "$licenses/test-vendor.pub.pem")

echo "== actionnode run daily.create_room (private, knocking on)"
"$actionnode" run daily.create_room name=standup privacy=private enable_knocking=true

# The webhook's secret: chosen here, given to Daily on registration, and to listen.
DAILY_WEBHOOK_HMAC="$(head -c 32 /dev/urandom | base64)"
export DAILY_WEBHOOK_HMAC
echo "== actionnode listen daily.waiting_participant_joined room=standup"
"$actionnode" listen daily.waiting_participant_joined room=standup "${license[@]}" \
    > "$work/events.jsonl" 2> "$work/listen.err" &
listen_pid=$!
for _ in $(seq 50); do grep -q "receiving" "$work/listen.err" 2>/dev/null && break; sleep 0.1; done
url="$(sed -n 's/.* at \(http:[^ ]*\)$/\1/p' "$work/listen.err")"
[ -n "$url" ] || { cat "$work/listen.err" >&2; exit 1; }
echo "listening at $url"

echo "== actionnode run daily.create_webhook (Daily checks the endpoint, then creates the webhook)"
"$actionnode" run daily.create_webhook "url=$url" "hmac=$DAILY_WEBHOOK_HMAC" \
    event_types=waiting-participant.joined "${license[@]}"

echo "== actionnode serve --http, and a push subscriber of daily.waiting_participant_joined room=standup"
# Loopback targets are for development on one machine: a real subscriber has an https URL.
"$actionnode" serve --http 127.0.0.1:0 --store "$work/store.sqlite" --allow-loopback-targets --access-log off \
    "${license[@]}" > "$work/serve.out" 2> "$work/serve.err" &
serve_pid=$!
for _ in $(seq 50); do grep -q "^listening on" "$work/serve.out" 2>/dev/null && break; sleep 0.1; done
serve_url="$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$work/serve.out")"
[ -n "$serve_url" ] || { cat "$work/serve.err" >&2; exit 1; }
python3 "$root/scripts/demo-push-subscriber.py" "$serve_url" > "$work/pushed.txt" 2>&1 &
subscriber_pid=$!
for _ in $(seq 50); do grep -q "subscribed" "$work/pushed.txt" 2>/dev/null && break; sleep 0.1; done
cat "$work/pushed.txt"
"$actionnode" run daily.create_webhook "url=$serve_url/v1/webhooks/daily" "hmac=$DAILY_WEBHOOK_HMAC" \
    event_types=waiting-participant.joined "${license[@]}"

echo "== a guest knocks on room standup (the emulator's control API)"
python3 -c 'import sys, urllib.request
urllib.request.urlopen(urllib.request.Request(sys.argv[1], method="POST", headers={"Content-Type": "application/json"},
    data=b"{\"type\": \"waiting-participant.joined\", \"room\": \"standup\", \"user_name\": \"Guest\"}"), timeout=10)' \
    "$base/_emulator/daily/events"
for _ in $(seq 50); do [ -s "$work/events.jsonl" ] && break; sleep 0.1; done
echo "== event"
cat "$work/events.jsonl"
[ -s "$work/events.jsonl" ] || { echo "demo: no event arrived" >&2; exit 1; }

echo "== pushed to the subscriber, verified, and the owner's token it asked for"
for _ in $(seq 100); do grep -q "owner's token" "$work/pushed.txt" && break; sleep 0.1; done
sed 1d "$work/pushed.txt"
grep -q "owner's token" "$work/pushed.txt" || { echo "demo: the push subscriber got no event" >&2; exit 1; }

echo "== the owner's token, to let the guest in"
"$actionnode" run daily.create_meeting_token room_name=standup user_name=Owner is_owner=true \
    exp=$(( $(date +%s) + 3600 ))

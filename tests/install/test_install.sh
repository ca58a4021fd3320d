#!/usr/bin/env bash
# Installs the build into a staging prefix, builds the example host against
# the installed package with find_package(ActionNode), and runs it from there.
set -euo pipefail
build_dir="$1"
source_dir="$2"
host_flags=("${@:3}") # extra CMake arguments for the example host (sanitizer flags)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

cmake --install "$build_dir" --prefix "$work/stage" >/dev/null
test -f "$work/stage/include/actionnode/runtime.h"
test -f "$work/stage/include/actionnode/httphost.h"   # ActionNode::Hosts, the HTTP host
test ! -e "$work/stage/include/actionnode/restcall.h" # the REST call is the runtime's own
ls "$work"/stage/lib*/libActionNodeHosts.a >/dev/null
ls "$work"/stage/lib*/actionnode/plugins/*.so >/dev/null
ls "$work"/stage/lib*/pkgconfig/actionnode.pc >/dev/null
PKG_CONFIG_PATH="$(dirname "$(ls "$work"/stage/lib*/pkgconfig/actionnode.pc)")" pkg-config --exists actionnode

cmake -S "$source_dir/packaging/example-host" -B "$work/host" -DCMAKE_PREFIX_PATH="$work/stage" "${host_flags[@]}" >/dev/null
cmake --build "$work/host" -j2 >/dev/null

# The staged library finds its plugins beside itself: no plugin path is given.
lib_dir="$(dirname "$(ls "$work"/stage/lib*/libactionnode.so)")"
output="$(env -u ACTIONNODE_PLUGIN_PATH LD_LIBRARY_PATH="$lib_dir" \
    DAILY_API_KEY=example-host-test-key DAILY_TOKEN_MODE=self-signed DAILY_DOMAIN_ID=example-domain \
    "$work/host/example-host")"
echo "$output"
grep -q '^group General: 14 fields$' <<<"$output"  # knocking joined the general group
grep -q '^group Transcription: 2 fields (locked)$' <<<"$output"
grep -q '"status":"succeeded"' <<<"$output"
grep -q '"token":"eyJ' <<<"$output"
if grep -q example-host-test-key <<<"$output"; then echo "the API key leaked" >&2; exit 1; fi

# The installed command line finds the same plugins.
"$work/stage/bin/actionnode" list | grep -q daily.create_meeting_token
# and SignalWire's declarations, installed without a plugin library.
ls "$work"/stage/lib*/actionnode/providers/signalwire/provider.json >/dev/null
"$work/stage/bin/actionnode" list | grep -q signalwire.list_room_recordings
echo "installed package works"

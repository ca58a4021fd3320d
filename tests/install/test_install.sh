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
# The provider SDK apart from the host API, with a target of its own.
for header in providerplugin jwt claimmapping; do
    test -f "$work/stage/include/actionnode/sdk/$header.h"
    test ! -e "$work/stage/include/actionnode/$header.h"
done
ls "$work"/stage/lib*/libActionNodeHosts.a >/dev/null
ls "$work"/stage/lib*/actionnode/plugins/*.so >/dev/null
ls "$work"/stage/lib*/pkgconfig/actionnode.pc >/dev/null
PKG_CONFIG_PATH="$(dirname "$(ls "$work"/stage/lib*/pkgconfig/actionnode.pc)")" pkg-config --exists actionnode

cmake -S "$source_dir/packaging/example-host" -B "$work/host" -DCMAKE_PREFIX_PATH="$work/stage" "${host_flags[@]}" >/dev/null
cmake --build "$work/host" -j2 >/dev/null

# A provider plugin builds against the installed SDK alone.
mkdir "$work/provider"
cat >"$work/provider/CMakeLists.txt" <<'CMAKE'
cmake_minimum_required(VERSION 3.22)
project(ExampleProvider LANGUAGES CXX)
set(CMAKE_CXX_STANDARD 17)
set(CMAKE_AUTOMOC ON)
find_package(ActionNode 0.1 REQUIRED)
add_library(example-provider MODULE provider.cpp)
target_link_libraries(example-provider PRIVATE ActionNode::ProviderSdk)
CMAKE
cat >"$work/provider/provider.cpp" <<'CPP'
#include <actionnode/sdk/claimmapping.h>
#include <actionnode/sdk/jwt.h>
#include <actionnode/sdk/providerplugin.h>

class ExampleProvider : public QObject, public ActionNode::ProviderPlugin
{
    Q_OBJECT
    Q_PLUGIN_METADATA(IID ActionNodeProviderPlugin_iid)
    Q_INTERFACES(ActionNode::ProviderPlugin)

public:
    ActionNode::ProviderOutcome invoke(const ActionNode::ActionSpec &action, const ActionNode::ActionInputs &inputs,
                                       const ActionNode::Connection &) override
    {
        ActionNode::ActionErrors unmapped;
        const QByteArray claims = ActionNode::ClaimMapping::toClaimsJson(action, inputs, {}, &unmapped);
        const QByteArray token = ActionNode::Jwt::signPayload(claims, "example-key");
        return ActionNode::ProviderOutcome::finished(
            ActionNode::ActionResult::success({{QStringLiteral("token"), QString::fromLatin1(token)}}));
    }
};

#include "provider.moc"
CPP
cmake -S "$work/provider" -B "$work/provider/build" -DCMAKE_PREFIX_PATH="$work/stage" "${host_flags[@]}" >/dev/null
cmake --build "$work/provider/build" -j2 >/dev/null

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

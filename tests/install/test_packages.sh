#!/usr/bin/env bash
# Makes the Debian packages of the build tree with CPack, checks what each
# holds, and checks each with Debian's lintian: any error, or any warning not
# overridden in the package (packaging/debian/*.lintian-overrides, explained
# in packaging/README.md), fails. Then unpacks them into an empty root and
# uses them from there as installed: the command, the example host built
# against libactionnode-dev, and the HTTP service as its unit starts it.
set -euo pipefail
build_dir="$1"
source_dir="$2"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
command -v lintian >/dev/null || { echo "lintian not found (scripts/setup-debian.sh --tests installs it)" >&2; exit 1; }

if ! (cd "$build_dir" && cpack -G DEB -B "$work") >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    exit 1
fi
contents() { dpkg-deb --contents "$work/$1"_*_amd64.deb | awk '{print $6}'; }
for package in actionnode libactionnode0 libactionnode-dev actionnode-emulator; do
    ls "$work/${package}"_*.deb >/dev/null
done
for package in actionnode libactionnode0 actionnode-emulator; do
    ls "$work/${package}"-dbgsym_*.ddeb >/dev/null
done

contents actionnode | grep -qx './usr/bin/actionnode'
contents actionnode | grep -qx './usr/share/man/man1/actionnode-run.1.gz'
contents actionnode | grep -qx './usr/lib/systemd/system/actionnode-http@.service'
contents actionnode | grep -qx './etc/actionnode/env'
contents libactionnode0 | grep -qx './usr/lib/libactionnode.so.0'
contents libactionnode0 | grep -qx './usr/lib/actionnode/plugins/libDailyProviderPlugin.so'
contents libactionnode-dev | grep -qx './usr/lib/libActionNodeHosts.a'
contents libactionnode-dev | grep -qx './usr/include/actionnode/runtime.h'
contents libactionnode-dev | grep -qx './usr/include/actionnode/sdk/providerplugin.h' # the provider SDK, apart
if contents libactionnode-dev | grep -x './usr/include/actionnode/providerplugin.h'; then
    echo "libactionnode-dev installs the provider SDK among the host API" >&2
    exit 1
fi
contents actionnode-emulator | grep -qx './usr/share/man/man1/actionnode-emulator.1.gz'
if contents libactionnode-dev | grep -E '\.o$'; then
    echo "libactionnode-dev holds object files of the build" >&2
    exit 1
fi
dpkg-deb --field "$work"/actionnode_*.deb Depends | grep -q 'libactionnode0 (= '
dpkg-deb --field "$work"/libactionnode0_*.deb Depends | grep -q 'libqt6core6'

lintian --fail-on error,warning --tag-display-limit 0 "$work"/*.deb "$work"/*.ddeb
echo "packages built and accepted by lintian"

# The packages' own files, unpacked; the libraries they depend on are this machine's.
root="$work/root"
for package in "$work"/*.deb; do dpkg-deb --extract "$package" "$root"; done
actionnode="$root/usr/bin/actionnode"
export DAILY_API_KEY=package-test-key DAILY_TOKEN_MODE=self-signed DAILY_DOMAIN_ID=package-test-domain
unset ACTIONNODE_PLUGIN_PATH
"$actionnode" list | grep -q '^daily.create_meeting_token  *action'
"$actionnode" describe daily.create_meeting_token | grep -q 'Create meeting token'
"$actionnode" run daily.create_meeting_token room_name=standup exp=1893456000 | grep -q '"token": "eyJ'

cmake -S "$source_dir/packaging/example-host" -B "$work/host" -DCMAKE_PREFIX_PATH="$root/usr" >/dev/null
cmake --build "$work/host" >/dev/null
"$work/host/example-host" | grep -q '"status":"succeeded"'

# The unit's command line, with the root's paths and a free port; it refuses to
# start until the administrator has put a key digest into api-keys.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
command_line=$(sed -n 's/^ExecStart=//p' "$root/usr/lib/systemd/system/actionnode-http@.service")
command_line=${command_line//%i/$port}
command_line=${command_line//\/usr\/bin\//$root/usr/bin/}
command_line=${command_line//\/etc\//$root/etc/}
if $command_line 2>"$work/refused.log"; then
    echo "the service started with no key digest in api-keys" >&2
    exit 1
fi
grep -q 'holds no key digest' "$work/refused.log"
printf %s service-test-key | sha256sum | sed 's/^/sha256:/; s/ .*//' >>"$root/etc/actionnode/api-keys"
$command_line 2>"$work/serve.log" &
service=$!
trap 'kill $service 2>/dev/null || true; rm -rf "$work"' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$work/serve.log" && break; sleep 0.1; done
python3 "$source_dir/tests/install/invoke_meeting_token.py" "$port" service-test-key
kill -TERM $service
wait $service
echo "installed packages work"

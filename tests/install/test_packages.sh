#!/usr/bin/env bash
# Makes the Debian packages of the build tree with CPack, checks what each
# holds, and checks each with Debian's lintian: any error, or any warning not
# overridden in the package (packaging/debian/*.lintian-overrides, explained
# in packaging/README.md), fails.
set -euo pipefail
build_dir="$1"
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
contents actionnode-emulator | grep -qx './usr/share/man/man1/actionnode-emulator.1.gz'
if contents libactionnode-dev | grep -E '\.o$'; then
    echo "libactionnode-dev holds object files of the build" >&2
    exit 1
fi
dpkg-deb --field "$work"/actionnode_*.deb Depends | grep -q 'libactionnode0 (= '
dpkg-deb --field "$work"/libactionnode0_*.deb Depends | grep -q 'libqt6core6'

lintian --fail-on error,warning --tag-display-limit 0 "$work"/*.deb "$work"/*.ddeb
echo "packages built and accepted by lintian"

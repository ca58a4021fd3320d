#!/usr/bin/env bash
# Builds the container image of packaging/http/Containerfile from the Debian
# packages, on a Debian 12 root made by mmdebstrap from Debian's packages and
# imported into podman (no base image is pulled), starts it as kubernetes.yaml
# would, and invokes an action through its HTTP service.
# podman runs its containers with runc and rlimits within this machine's: crun
# refuses the hybrid cgroup hierarchy, and the default rlimits exceed the hard
# limits a process may set here.
set -euo pipefail
build_dir="$1"
source_dir="$2"
for program in podman runc mmdebstrap; do
    command -v "$program" >/dev/null || { echo "$program not found (scripts/setup-debian.sh --tests installs it)" >&2; exit 1; }
done
work="$(mktemp -d)"
tag="actionnode-test-$$"
container=""
cleanup() {
    [ -z "$container" ] || podman --runtime runc rm -f "$container" >/dev/null 2>&1 || true
    podman rmi -f "localhost/$tag:latest" "localhost/$tag-base:latest" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
podman=(podman --runtime runc)
limits=(--ulimit nofile=1024:1024 --ulimit nproc=1024:1024)

mmdebstrap --quiet --variant=apt bookworm "$work/debian-12.tar"
podman import --quiet "$work/debian-12.tar" "localhost/$tag-base" >/dev/null
if ! (cd "$build_dir" && cpack -G DEB -B "$work/packages") >"$work/cpack.log" 2>&1; then
    cat "$work/cpack.log" >&2
    exit 1
fi
"${podman[@]}" build --quiet --network host "${limits[@]}" --build-arg "BASE=localhost/$tag-base" -f "$source_dir/packaging/http/Containerfile" \
    -t "localhost/$tag" "$work/packages" >/dev/null

port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf %s image-test-key | sha256sum | sed 's/^/sha256:/; s/ .*//' >"$work/api-keys"
chmod 644 "$work/api-keys"
container=$("${podman[@]}" run --detach "${limits[@]}" --publish "127.0.0.1:$port:8080" \
    --volume "$work/api-keys:/etc/actionnode/api-keys:ro" \
    --env DAILY_API_KEY=image-test-key --env DAILY_TOKEN_MODE=self-signed --env DAILY_DOMAIN_ID=image-test-domain \
    "localhost/$tag")
for _ in $(seq 100); do "${podman[@]}" logs "$container" 2>&1 | grep -q '^listening on' && break; sleep 0.1; done
python3 "$source_dir/tests/install/invoke_meeting_token.py" "$port" image-test-key
echo "image built from the packages, started, and an action invoked through it"

#!/bin/sh
# make check-fresh: make check as on a fresh Debian 12 machine, so that a
# missing install step or a dependency on this machine's environment
# shows here before CI.  A privileged container (the suite makes
# namespaces) of the debootstrap base that mk/container.sh makes gets
# make and git and nothing else, clones the commit checked out here
# (what is not committed is not in it) and runs make check in a clean
# environment: whatever else the suite needs, make check's deps step
# must install.  BUILD_DIR/fresh then holds results.db and report.txt.
# Usage: sh mk/fresh.sh BUILD_DIR
set -eu

[ $# -eq 1 ] || { echo "usage: sh mk/fresh.sh BUILD_DIR" >&2; exit 2; }
mkdir -p "$1/fresh"
F=$(cd "$1/fresh" && pwd)
cd "$(dirname "$0")/.."
sh mk/container.sh -base "$1"

commit=$(git rev-parse HEAD)
rm -f "$F/src.bundle" "$F/results.db" "$F/report.txt"
git bundle create -q "$F/src.bundle" HEAD
echo "check-fresh: make check of $commit in a fresh Debian 12 container"

# In the container, from an environment of PATH and HOME alone.
IN='set -u
apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
    --no-install-recommends make git >/dev/null &&
    git -c advice.detachedHead=false clone -q /fresh/src.bundle /root/dinit || exit 1
cd /root/dinit
[ "$(git rev-parse HEAD)" = "$1" ] || { echo "cloned the wrong commit"; exit 1; }
status=0
make check || status=$?
cp build/results.db /fresh/ 2>/dev/null &&
    kyua report --results-file /fresh/results.db --verbose \
    --results-filter=broken,failed >/fresh/report.txt
exit $status'
podman run --rm --privileged --pull=never -v "$F:/fresh" \
    localhost/dinit-debian-base:bookworm \
    env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
    sh -c "$IN" check-fresh "$commit"

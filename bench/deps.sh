#!/bin/sh
# Install from Debian's archive what the benchmarks need and this machine
# lacks: the peer inits, hyperfine, gnuplot, and the tools the scripts use.
set -eu
pkgs="tini dumb-init catatonit hyperfine gnuplot-nox strace gcc binutils
    python3 util-linux coreutils"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null

#!/bin/sh
# Install, from Debian's archive, the packages named (by default what the
# build and the tests need) that this machine lacks.  Needs root only
# when something is missing.
set -eu

pkgs=${*:-"make gcc clang pkg-config libbsd-dev kyua atf-sh libatf-dev
    util-linux procps python3 libclang-rt-14-dev valgrind systemd catatonit
    rsyslog mandoc strace"}

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null |
	    grep -q 'install ok installed' || missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "installing:$missing"
if [ "$(id -u)" -ne 0 ]; then
	echo "not root: install these first:$missing" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq $missing >/dev/null

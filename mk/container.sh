#!/bin/sh
# What make check-container needs before Kyua: podman and runc from
# Debian's archive, with the configuration this kind of machine needs,
# and, from local files only, the images the suite runs.  Where podman
# cannot run a container at all, says so in one line, writes the reason
# to BUILD_DIR/container/skipped and exits 0: the suite is then skipped.
# With -base it makes only what make check-fresh needs, podman and the
# Debian base, and fails where it cannot.
# Usage: sh mk/container.sh [-base] BUILD_DIR (after make static)
set -eu

only_base=
[ "${1:-}" = -base ] && { only_base=1; shift; }
[ $# -eq 1 ] ||
    { echo "usage: sh mk/container.sh [-base] BUILD_DIR" >&2; exit 2; }
mkdir -p "$1/container"
B=$(cd "$1" && pwd)
C=$B/container
cd "$(dirname "$0")/.."
rm -f "$C/skipped" "$C/nodebian"

skip()
{
	echo "$1" >"$C/skipped"
	echo "check-container: skipped: $1"
	exit 0
}

# 1. podman with runc, which copes with this machine's hybrid cgroups
# where crun does not; catatonit for the pods' pause image; busybox, the
# images' userland; debootstrap for the Debian example's base.
sh mk/deps.sh podman runc conmon catatonit uidmap busybox-static debootstrap

# 2. This machine cannot raise podman's default limits, nor run systemd's
# cgroup manager or journal; an existing configuration is left alone.
conf=/etc/containers/containers.conf
if [ ! -e $conf ]; then
	mkdir -p /etc/containers
	cat >$conf <<'CONF'
[containers]
default_ulimits = ["nofile=20000:20000", "nproc=32768:32768"]

[engine]
cgroup_manager = "cgroupfs"
events_logger = "file"
runtime = "runc"
CONF
	echo "container: wrote $conf"
fi

# debian_base: the Debian base, which debootstrap makes once and podman
# keeps; where it cannot be made (no archive), C/nodebian says why and
# the status is 1.
base=localhost/dinit-debian-base:bookworm
debian_base()
{
	podman image exists $base && return 0
	echo "container: making $base with debootstrap (log: $C/debootstrap.log)"
	rm -rf "$C/debian"
	if ! { debootstrap --variant=minbase bookworm "$C/debian" &&
	    tar -C "$C/debian" -c . | podman import -q - $base; } \
	    >"$C/debootstrap.log" 2>&1; then
		echo "debootstrap failed: $(tail -n 1 "$C/debootstrap.log")" \
		    >"$C/nodebian"
		cat "$C/nodebian"
		rm -rf "$C/debian"
		return 1
	fi
	rm -rf "$C/debian"
}

if [ -n "$only_base" ]; then
	debian_base
	exit
fi

# 3. The build context: dinit-static, a static busybox and sd.
[ -x "$B/dinit-static" ] ||
    { echo "container: no $B/dinit-static (make static)" >&2; exit 1; }
rm -rf "$C/ctx"
mkdir -p "$C/ctx"
cp "$B/dinit-static" /bin/busybox "$C/ctx/"
musl-gcc -static -Os -o "$C/ctx/sd" regress/container/sd.c

# build ARGS -t TAG: the image; the one TAG named before, if another,
# is removed.
build()
{
	eval "_tag=\${$#}"
	_old=$(podman image inspect -f '{{.Id}}' "$_tag" 2>/dev/null) || _old=
	_new=$(podman build -q --pull=never "$@" "$C/ctx")
	[ -z "$_old" ] || [ "$_old" = "$_new" ] ||
	    podman rmi "$_old" >/dev/null 2>&1 || :
}

# 4. Can podman run a container here?  This image needs no RUN to build.
if ! out=$({ build -f regress/container/Containerfile.notmp \
    -t localhost/dinit-test:notmp && podman run --rm --pull=never \
    --network none --entrypoint /bin/busybox localhost/dinit-test:notmp \
    true; } 2>&1); then
	skip "podman cannot run a container here: $(echo "$out" | tail -n 1)"
fi

# 5. The scratch example, and the suite's image on it.
build -f examples/Dockerfile.scratch -t localhost/dinit-scratch:latest
build -f regress/container/Containerfile -t localhost/dinit-test:latest
build -f regress/container/Containerfile.plain -t localhost/dinit-test:plain

# 6. The Debian example, on the base; where that cannot be made, that
# case is skipped.
debian_base || :
[ -f "$C/nodebian" ] || build --build-arg BASE=$base \
    -f examples/Dockerfile.debian -t localhost/dinit-debian:latest
echo "container: images ready"

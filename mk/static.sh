#!/bin/sh
# Build BUILD_DIR/dinit-static: dinit linked fully statically against musl,
# with libmd and libbsd built from Debian's source packages (Debian's own
# libbsd.a is built for glibc).  Everything is fetched and built under
# BUILD_DIR/static and cached there.  Usage: sh mk/static.sh BUILD_DIR
set -eu

[ $# -eq 1 ] || { echo "usage: sh mk/static.sh BUILD_DIR" >&2; exit 2; }
mkdir -p "$1/static/src"
B=$(cd "$1" && pwd)
cd "$(dirname "$0")/.."
S=$B/static
ROOT=$S/root
KH=$S/kernel-headers
LOG=$S/build.log
OPT="-Os -ffunction-sections -fdata-sections -fno-asynchronous-unwind-tables"
VERSION=${VERSION:-$(sed -n 's/^VERSION=[[:space:]]*//p' GNUmakefile)}

# 1. Tools: musl-gcc, dpkg-source.
missing=
for p in musl-tools dpkg-dev; do
	dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
	    missing="$missing $p"
done
if [ -n "$missing" ]; then
	apt-get update -qq
	# shellcheck disable=SC2086
	apt-get install -y -qq $missing
fi

# musl-gcc does not search /usr/include; give it the kernel headers only.
mkdir -p "$KH"
ma=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
ln -sfn /usr/include/linux "$KH/linux"
ln -sfn "/usr/include/$ma/asm" "$KH/asm"
ln -sfn /usr/include/asm-generic "$KH/asm-generic"

fail() {
	tail -n 40 "$LOG" >&2
	echo "static: $1 failed; full log in $LOG" >&2
	exit 1
}

# The source packages, through an apt of our own under BUILD_DIR/static/apt:
# the host's archive, as deb-src, with lists kept there, so that nothing
# in /etc/apt or /var/lib/apt changes.
fetch_sources()
{
	a=$S/apt
	rm -rf "$a"
	mkdir -p "$a/parts" "$a/lists/partial" "$a/cache/archives/partial"
	if [ -f /etc/apt/sources.list.d/debian.sources ]; then
		sed 's/^Types:.*/Types: deb-src/' \
		    /etc/apt/sources.list.d/debian.sources >"$a/parts/src.sources"
	else
		sed -n 's/^deb[[:space:]]/deb-src /p' /etc/apt/sources.list \
		    >"$a/parts/src.list"
	fi
	set -- -o Dir::Etc::SourceList=/dev/null \
	    -o Dir::Etc::SourceParts="$a/parts" -o Dir::State::Lists="$a/lists" \
	    -o Dir::Cache="$a/cache"
	apt-get "$@" update -qq >>"$LOG" 2>&1 || fail "apt-get update (deb-src)"
	(cd "$S/src" && apt-get "$@" source --download-only libmd libbsd) \
	    >>"$LOG" 2>&1 || fail "apt-get source"
}

# 2. and 3. libmd and libbsd, from source, once.
if [ ! -f "$ROOT/lib/libbsd.a" ]; then
	: >"$LOG"
	if ! ls "$S"/src/libmd_*.dsc "$S"/src/libbsd_*.dsc >/dev/null 2>&1; then
		fetch_sources
	fi
	for lib in libmd libbsd; do
		echo "static: building $lib (log: $LOG)"
		rm -rf "$S/build/$lib"
		mkdir -p "$S/build"
		# shellcheck disable=SC2012
		dsc=$(ls "$S"/src/${lib}_*.dsc | tail -n 1)
		(
			dpkg-source -x "$dsc" "$S/build/$lib" &&
			cd "$S/build/$lib" &&
			./configure CC=musl-gcc --enable-static --disable-shared \
			    --prefix="$ROOT" CFLAGS="$OPT" \
			    CPPFLAGS="-I$ROOT/include -isystem $KH" LDFLAGS="-L$ROOT/lib" &&
			make -j"$(nproc)" && make install
		) >>"$LOG" 2>&1 || fail "building $lib"
	done
fi

# 4. dinit itself, in one musl-gcc invocation, optimized across its
# files at link time (-flto: 4 KiB less than without).  A static
# executable is loaded at its one address anyway: code built for any
# address (Debian's default, -fpie) would buy nothing but its GOT.
# shellcheck disable=SC2046,SC2086
musl-gcc $OPT -flto -fno-pie -no-pie -static -Wl,--gc-sections -s \
    -D_GNU_SOURCE -DLIBBSD_OVERLAY -DDINIT_VERSION="\"$VERSION\"" \
    -isystem "$ROOT/include/bsd" -I"$ROOT/include" -isystem "$KH" \
    -I. -o "$B/dinit-static" \
    main.c opts.c $(ls client/*.c common/*.c init/*.c init/*/*.c sockd/*.c verify/*.c 2>/dev/null) \
    -L"$ROOT/lib" -lbsd -lmd
echo "static: $B/dinit-static: $(wc -c <"$B/dinit-static") bytes"

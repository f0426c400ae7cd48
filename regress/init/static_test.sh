#! /usr/bin/env atf-sh
# build/dinit-static alone in an empty root, as PID 1: no shell, no
# loader, no libc, no /proc, /dev or /etc; the only program is dinit.

STATIC=$(cd "$(atf_get_srcdir)/../.." && pwd)/dinit-static

static_root()
{
	[ -x "$STATIC" ] || atf_skip "no $STATIC; run make static"
	mkdir root && cp "$STATIC" root/dinit
}

atf_test_case empty_root
empty_root_head()
{
	atf_set "descr" "dinit-static runs as PID 1 in a root holding only itself"
	atf_set "require.user" "root"
	atf_set "require.progs" "unshare chroot"
}
empty_root_body()
{
	static_root
	# No /tmp: dinit runs without a socket and says so; its primary is
	# dinit itself, printing its version.
	atf_check -o match:'^dinit [0-9]' \
	    -e match:'pid 2 started: \[/dinit -version\]' \
	    -e match:'no socket: bind /tmp/dinit\.sock: No such file or directory' \
	    unshare --pid --fork --mount-proc --mount \
	    chroot root /dinit -r /dinit -version
}

atf_test_case empty_root_sockd
empty_root_sockd_head()
{
	atf_set "descr" "dinit-static's sockd, started on demand by a" \
	    "submission, sandboxes itself and serves it in an empty root" \
	    "that has only the /proc and /dev/null a runtime mounts"
	atf_set "require.user" "root"
	atf_set "require.progs" "unshare chroot"
}
empty_root_sockd_body()
{
	static_root
	mkdir -m 1777 root/tmp	# for /tmp/dinit.sock
	# /proc for dinit's own binary (sockd is executed from it), and
	# /dev/null for the submitted command's stdin.
	mkdir root/proc root/dev && touch root/dev/null
	# The primary submits dinit -version: the first client, so its
	# connection starts sockd.
	atf_check -o match:'^ok [0-9]+$' \
	    -e match:'started: \[/dinit -version\] \(submitted by uid 0 ' \
	    -e not-match:'SIGSYS|signal SYS' \
	    -e not-match:'sockd pid [0-9]+ (exited|killed)' \
	    unshare --pid --fork --mount sh -c 'mount -t proc proc root/proc &&
	    mount --bind /dev/null root/dev/null && exec "$@"' sh \
	    chroot root /dinit -r /dinit -submit '\-r' /dinit -version
	atf_check -o empty ls -A root/tmp
}

atf_test_case logs_high_bytes_in_octal
logs_high_bytes_in_octal_head()
{
	atf_set "descr" "dinit-static logs a byte of 0x80 or more as one" \
	    "octal escape, as the dynamic build does (musl's C locale once" \
	    "made it two escapes and a raw byte)"
}
logs_high_bytes_in_octal_body()
{
	[ -x "$STATIC" ] || atf_skip "no $STATIC; run make static"
	word=$(printf 'a\200b\377')
	atf_check -o ignore \
	    -e match:'started: \[/bin/echo a\\200b\\377\]$' \
	    "$STATIC" -r /bin/echo "$word"
}

atf_test_case size_under_180k
size_under_180k_head()
{
	atf_set "descr" "dinit-static stays under 180 KiB (184,320 bytes)"
}
size_under_180k_body()
{
	[ -x "$STATIC" ] || atf_skip "no $STATIC; run make static"
	n=$(stat -c %s "$STATIC")
	echo "dinit-static: $n bytes"
	[ "$n" -lt 184320 ] || atf_fail "dinit-static is $n bytes, 184320 or more"
}

atf_init_test_cases()
{
	atf_add_test_case empty_root
	atf_add_test_case empty_root_sockd
	atf_add_test_case logs_high_bytes_in_octal
	atf_add_test_case size_under_180k
}

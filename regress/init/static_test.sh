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
	    -e match:'no socket: /tmp/dinit.sock' \
	    unshare --pid --fork --mount-proc --mount \
	    chroot root /dinit -r /dinit -version
}

atf_test_case empty_root_sockd
empty_root_sockd_head()
{
	atf_set "descr" "dinit-static's sockd forks and sandboxes in an empty root"
	atf_set "require.user" "root"
	atf_set "require.progs" "unshare chroot"
}
empty_root_sockd_body()
{
	static_root
	mkdir -m 1777 root/tmp	# for /tmp/dinit.sock and sockd's empty root
	atf_check -o match:'^dinit [0-9]' -e not-match:'SIGSYS|signal SYS' \
	    -e not-match:'sockd pid [0-9]+ (exited|killed)' \
	    unshare --pid --fork --mount-proc --mount \
	    chroot root /dinit -r /dinit -version
	atf_check -o empty ls -A root/tmp
}

atf_init_test_cases()
{
	atf_add_test_case empty_root
	atf_add_test_case empty_root_sockd
}

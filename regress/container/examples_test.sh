#! /usr/bin/env atf-sh
# examples/ as they are: the images of the two Dockerfiles (the Pod
# manifest, and the commands the examples show, are docs_test's).

. $(atf_get_srcdir)/lib.sh

BUILD_DIR=$(cd "$(atf_get_srcdir)/../.." && pwd)

atf_test_case scratch_example cleanup
scratch_example_head()
{
	atf_set descr "examples/Dockerfile.scratch: its server runs, takes" \
	    "a submission, and stops with 143"
}
scratch_example_body()
{
	ct_run ct-ex-scratch localhost/dinit-scratch:latest
	ct_socket ct-ex-scratch
	atf_check -o inline:"hello\n" podman exec ct-ex-scratch \
	    wget -q -O - http://127.0.0.1:8080/
	atf_check -o match:'^ok [0-9]+$' podman exec ct-ex-scratch \
	    /dinit -submit -r /bin/wget -q -O /tmp/page http://127.0.0.1:8080/
	atf_check_equal "$(ct_file ct-ex-scratch /tmp/page)" hello
	ct_stopped ct-ex-scratch
}
scratch_example_cleanup()
{
	ct_cleanup
}

atf_test_case debian_example cleanup
debian_example_head()
{
	atf_set descr "examples/Dockerfile.debian: root submits as app" \
	    "with -u, app submits through the socket's group, and stop" \
	    "gives 143"
}
debian_example_body()
{
	[ ! -f "$BUILD_DIR/container/nodebian" ] ||
	    atf_skip "no Debian image: $(cat "$BUILD_DIR/container/nodebian")"
	ct_run ct-ex-debian localhost/dinit-debian:latest
	ct_socket ct-ex-debian
	atf_check -o match:'^ok [0-9]+$' podman exec ct-ex-debian \
	    dinit -submit -u app -r /bin/sh -c 'id -un >/tmp/root-as-app'
	atf_check_equal "$(ct_file ct-ex-debian /tmp/root-as-app)" app
	atf_check -o match:'^ok [0-9]+$' podman exec -u app ct-ex-debian \
	    dinit -submit -r /bin/sh -c 'id -un >/tmp/app'
	atf_check_equal "$(ct_file ct-ex-debian /tmp/app)" app
	atf_check -s exit:1 -o ignore -e ignore podman exec -u nobody \
	    ct-ex-debian dinit -submit -r /bin/true
	ct_stopped ct-ex-debian
}
debian_example_cleanup()
{
	ct_cleanup
}

# ct_screen_has ERE: a line of what the terminal showed matches.
ct_screen_has()
{
	tr -d '\r' <screen | grep -Eq -- "$1"
}

atf_test_case debian_example_session cleanup
debian_example_session_head()
{
	atf_set descr "podman exec -it into examples/Dockerfile.debian" \
	    "running dinit -submit -wait -t -u app -r /bin/sh -i: a shell as" \
	    "app on a terminal of its own, the window size its, Ctrl-C ending" \
	    "its foreground job, its exit the client's"
}
debian_example_session_body()
{
	[ ! -f "$BUILD_DIR/container/nodebian" ] ||
	    atf_skip "no Debian image: $(cat "$BUILD_DIR/container/nodebian")"
	ct_run ct-ex-session localhost/dinit-debian:latest
	ct_socket ct-ex-session
	mkfifo keys
	exec 3<>keys
	"$HELPERS/ptyrun" -k keys podman exec -it ct-ex-session \
	    dinit -submit -wait -t -u app -r /bin/sh -i >screen 2>&1 &
	job=$!
	ct_wait 'ct_screen_has "^[$] "' 30 'cat screen'
	printf 'echo "I am $(id -un) on $(tty), $(stty size)"\r' >&3
	ct_wait 'ct_screen_has "^I am app on /dev/pts/[0-9]+, 24 80"' 10 \
	    'cat screen'
	# The process that becomes the sleep says when it runs.
	printf '%s\r' "sh -c 'echo \$\$ >/tmp/s; exec sleep 300'" >&3
	ct_file ct-ex-session /tmp/s >/dev/null
	printf '\003' >&3
	ct_wait 'tr -d "\r" <screen | tail -n 1 | grep -q "^[$] $"' 10 \
	    'cat screen'
	printf 'echo "after $?"; exit 4\r' >&3
	status=0
	wait $job || status=$?
	exec 3>&-
	tr -d '\r' <screen
	atf_check_equal 4 "$status"
	atf_check -o match:'^after 130$' tr -d '\r' <screen
	atf_check -o ignore -e match:'as uid 1000 gid 1000, on a new terminal\)$' \
	    podman logs ct-ex-session
	ct_stopped ct-ex-session
}
debian_example_session_cleanup()
{
	ct_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case scratch_example
	atf_add_test_case debian_example
	atf_add_test_case debian_example_session
}

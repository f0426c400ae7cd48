#! /usr/bin/env atf-sh
# dinit-static under podman run -it (on a terminal of
# regress/helpers/ptyrun): Ctrl-C reaches the app alone.

. $(atf_get_srcdir)/lib.sh

# screen_has PATTERN: a line of what the terminal showed matches.
screen_has()
{
	tr -d '\r' <screen | grep -q -- "$1"
}

atf_test_case ctrl_c_reaches_app_alone cleanup
ctrl_c_reaches_app_alone_head()
{
	atf_set descr "-it: Ctrl-C with an app that traps INT leaves the" \
	    "container running"
}
ctrl_c_reaches_app_alone_body()
{
	mkfifo keys
	exec 3<>keys
	echo ct-tty >>containers
	"$HELPERS/ptyrun" -k keys podman run -it --replace --pull=never \
	    --network none --name ct-tty $IMG -expand=false -r /bin/sh -c \
	    'trap "echo caught INT" INT; trap "echo caught USR1" USR1
	    echo ready; while :; do sleep 0.1; done' >screen 2>&1 &
	job=$!
	ct_wait 'screen_has ready' 30 'cat screen'
	printf '\003' >&3
	ct_wait 'screen_has "caught INT"' 10 'cat screen'
	# A USR1 through dinit: whatever the INT made dinit do, it did.
	podman kill -s USR1 ct-tty >/dev/null
	ct_wait 'screen_has "caught USR1"' 10 'cat screen'
	ct_running ct-tty || atf_fail "the container ended: $(cat screen)"
	! screen_has 'shutting down' || atf_fail "dinit went down: $(cat screen)"
	ct_stopped ct-tty
	exec 3>&-
	wait $job || status=$?
	atf_check_equal "${status:-0}" 143
}
ctrl_c_reaches_app_alone_cleanup()
{
	ct_cleanup
}

atf_init_test_cases()
{
	atf_add_test_case ctrl_c_reaches_app_alone
}

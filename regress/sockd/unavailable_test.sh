#! /usr/bin/env atf-sh
# No client waits for nothing: while no sockd will serve soon (a long
# backoff, sockd given up, shutdown), init closes its listening socket
# and a client says "error unavailable" at once, though init reads and
# writes none of its bytes.

. $(atf_get_srcdir)/../lib.sh

# pid_of PATTERN: the pid dinit logged for the command matching PATTERN.
pid_of()
{
	sed -n "s/.* pid \([0-9]*\) started: $1.*/\1/p" err | head -n 1
}

# refused_now: dinit -submit in the namespace, bounded by 5 s (the old
# way waited 30 s for an answer), must say "error unavailable".
refused_now()
{
	ns_exec_check -s exit:1 -e match:'error unavailable' -- \
	    timeout 5 "$NS_DINIT" -submit -r touch ran
}

atf_test_case long_backoff_refuses_at_once
long_backoff_refuses_at_once_head()
{
	atf_set descr "A sockd that dies at every start (dinit-crashy): once" \
	    "its backoff is long, a client is refused at once with 'error" \
	    "unavailable'; when the backoff ends the socket is back, and the" \
	    "next client starts a sockd again"
	atf_set require.user root
	atf_set timeout 60
}
long_backoff_refuses_at_once_body()
{
	DINIT=$(dirname "$DINIT")/dinit-crashy
	start -r sleep 100
	# The first client waits through the short backoffs, then is reset.
	t0=$(now_ms)
	refused_now
	echo "the first client learnt it in $(($(now_ms) - t0)) ms"
	atf_check -o match:'not before 400 ms' cat err
	# Until 400 ms after that death, nobody listens.
	refused_now
	atf_check -s exit:1 test -e ran
	deaths=$(grep -c 'sockd pid [0-9]* killed by' err)
	# The socket comes back: the next connection starts a sockd again.
	wait_for ns_listening 10
	ns_exec_check -s exit:1 -e match:'error unavailable' -- \
	    timeout 5 "$NS_DINIT" -submit -r touch ran
	atf_check -o match:'not before 800 ms' cat err
	[ "$(grep -c 'sockd pid [0-9]* killed by' err)" -gt "$deaths" ] ||
	    atf_fail "no sockd started after the backoff"
	ns_exec kill -0 "$(pid_of '\[sleep 100\]')" || atf_fail "primary gone"
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case unfit_sockd_is_given_up
unfit_sockd_is_given_up_head()
{
	atf_set descr "A sockd that says it can never run here" \
	    "(dinit-unfit) is started once and never again: one line says" \
	    "so, every client is refused at once, the primary runs on"
	atf_set require.user root
	atf_set timeout 30
}
unfit_sockd_is_given_up_body()
{
	DINIT=$(dirname "$DINIT")/dinit-unfit
	start -r sleep 100
	refused_now
	wait_for "ns_log_has 'sockd cannot run here'" 10
	refused_now
	refused_now
	atf_check -o inline:'1\n' grep -c 'sockd cannot run here' err
	atf_check -s exit:1 grep -e 'restarts on demand' -e 'exited with' err
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd runs"
	ns_exec kill -0 "$(pid_of '\[sleep 100\]')" || atf_fail "primary gone"
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case shutdown_refuses_at_once
shutdown_refuses_at_once_head()
{
	atf_set descr "While dinit shuts down (a TERM-ignoring primary, a" \
	    "long -timeout), a client is refused at once with 'error" \
	    "unavailable', not kept until dinit is gone"
	atf_set require.user root
	atf_set timeout 60
}
unavailable_write_ignoring()
{
	printf '%s\n' "trap '' TERM" 'touch ready' \
	    'while :; do sleep 1; done' >ignore.sh
}
shutdown_refuses_at_once_body()
{
	unavailable_write_ignoring
	start -timeout 30s -r sh ignore.sh
	wait_for 'test -e ready' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	kill -TERM "$NS_PID"
	wait_for "ns_log_has 'shutting down'" 10
	refused_now
	# dinit is still there, waiting for the primary.
	kill -0 "$NS_PID" || atf_fail "dinit is gone already"
	kill -KILL "$NS_PID"
	ns_wait
}

atf_init_test_cases()
{
	atf_add_test_case long_backoff_refuses_at_once
	atf_add_test_case unfit_sockd_is_given_up
	atf_add_test_case shutdown_refuses_at_once
}

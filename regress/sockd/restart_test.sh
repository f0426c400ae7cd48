#! /usr/bin/env atf-sh
# sockd killed: init logs it, keeps the listening socket, leaves its
# other children alone, and the next client starts a new sockd.

. $(atf_get_srcdir)/../lib.sh

atf_test_case sockd_sigkill_is_survived
sockd_sigkill_is_survived_head()
{
	atf_set descr "sockd killed with SIGKILL: init logs it and starts no" \
	    "new one by itself; the next client is served by a new sockd," \
	    "and the primary and submitted children are untouched"
	atf_set require.user root
	atf_set timeout 30
}
sockd_sigkill_is_survived_body()
{
	start -r sleep 300
	ns_exec_check -o save:reply -- "$DINIT" -submit -r sleep 301
	child=$(sed -n 's/^ok //p' reply)
	wait_for 'ns_log_has "started: \[sleep 300\]$"' 10
	primary=$(sed -n 's/.* pid \([0-9]*\) started: \[sleep 300\]$/\1/p' err)
	old=$(sockd_pid)
	[ -n "$old" ] && [ -n "$child" ] && [ -n "$primary" ] ||
	    atf_fail "sockd '$old', child '$child', primary '$primary'"

	ns_exec kill -KILL "$old"
	wait_for "ns_log_has 'sockd pid $old killed by SIGKILL'" 10
	atf_check -o match:'sockd restarts on demand, not before [0-9]+ ms' \
	    cat err
	# Well past the backoff, still none: only a client starts one.
	sleep 0.5
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd came by itself"
	t0=$(now_ms)
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch again
	echo "the next client was served in $(($(now_ms) - t0)) ms"
	wait_for 'test -e again' 10
	new=$(sockd_pid)
	[ -n "$new" ] && [ "$new" != "$old" ] || atf_fail "sockd '$new'"
	ns_exec_check -o match:'^PPid:[[:space:]]+1$' -- cat /proc/$new/status

	ns_exec_check -o inline:'sleep 300 ' -- \
	    sh -c "tr '\0' ' ' </proc/$primary/cmdline"
	ns_exec_check -o inline:'sleep 301 ' -- \
	    sh -c "tr '\0' ' ' </proc/$child/cmdline"
	atf_check -s exit:1 grep 'finished: \[sleep' err
	stop
}

atf_test_case submission_during_sockd_restart_is_served
submission_during_sockd_restart_is_served_head()
{
	atf_set descr "A client that connects while sockd is dead and its" \
	    "backoff pending waits in the backlog and is served by the next" \
	    "sockd (init keeps the listening socket)"
	atf_set require.user root
	atf_set timeout 30
}
submission_during_sockd_restart_is_served_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r true
	old=$(sockd_pid)
	ns_exec kill -KILL "$old"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch gap
	wait_for 'test -e gap' 10
	atf_check -o match:"sockd pid $old killed by SIGKILL" cat err
	stop
}

atf_init_test_cases()
{
	atf_add_test_case sockd_sigkill_is_survived
	atf_add_test_case submission_during_sockd_restart_is_served
}

#! /usr/bin/env atf-sh
# A compromised sockd (the test build dinit-forger) passes init its
# listening socket instead of the client's: that socket reports root as
# its peer.  init must not be fooled into running anything as root.

. $(atf_get_srcdir)/../lib.sh

atf_test_case forged_client_socket_runs_nothing
forged_client_socket_runs_nothing_head()
{
	atf_set "descr" "a SPAWN carrying a socket that is not a client's" \
	    "gets sockd killed and runs nothing"
	atf_set "require.user" "root"
	atf_set "timeout" "20"
}
forged_client_socket_runs_nothing_body()
{
	DINIT=$(dirname "$DINIT")/dinit-forger
	ns_start -socket-mode 0666 -r sleep 60
	wait_for "ns_exec test -S /tmp/dinit.sock" 10
	wait_for 'old=$(ns_exec pgrep -u 65534) && [ -n "$old" ]' 10
	ns_exec setpriv --reuid 1000 --regid 1000 --clear-groups \
	    "$NS_DINIT" -submit -r sh -c 'id -u >ran' >client.out 2>&1 || true
	wait_for "ns_log_has 'bad frame (fd is not a client connection)'" 10
	wait_for "ns_log_has 'restarting sockd'" 10
	[ ! -e ran ] || atf_fail "a forged submission ran, as uid $(cat ran)"
	ns_log_has 'started: \[sh -c' && atf_fail "a forged submission started"
	# init and the primary go on; a fresh sockd comes.
	wait_for 'new=$(ns_exec pgrep -u 65534) && [ -n "$new" ] &&
	    [ "$new" != "$old" ]' 10
	kill -0 "$NS_PID" || atf_fail "init died"
	ns_log_has 'finished: \[sleep 60\]' && atf_fail "the primary ended"
	kill -TERM "$NS_PID"
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
}

atf_init_test_cases()
{
	atf_add_test_case forged_client_socket_runs_nothing
}

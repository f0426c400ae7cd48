#! /usr/bin/env atf-sh
# A compromised sockd (the test build dinit-forger) passes init its
# listening socket instead of the client's: that socket reports root as
# its peer.  init must not be fooled into running anything as root.

. $(atf_get_srcdir)/../lib.sh

atf_test_case forged_client_socket_runs_nothing
forged_client_socket_runs_nothing_head()
{
	atf_set "descr" "a SPAWN carrying a socket that is not a client's" \
	    "gets sockd killed and runs nothing; the next client starts a" \
	    "fresh sockd, on demand as the first, and fares the same"
	atf_set "require.user" "root"
	atf_set "timeout" "20"
}
forged_client_socket_runs_nothing_body()
{
	DINIT=$(dirname "$DINIT")/dinit-forger
	start -socket-mode 0666 -r sleep 60
	ns_exec pgrep -u 65534 && atf_fail "a sockd before any client"
	for n in 1 2; do
		ns_exec setpriv --reuid 1000 --regid 1000 --clear-groups \
		    "$NS_DINIT" -submit -r sh -c 'id -u >ran' >client.out 2>&1 ||
		    true
		wait_for "[ \$(grep -c 'frame (fd is not a client' err) -eq $n ]" 10
		wait_for "[ \$(grep -c 'restarts on demand' err) -eq $n ]" 10
	done
	sed -n 's/.*sockd pid \([0-9]*\) sent a bad frame.*/\1/p' err >forgers
	atf_check -o inline:'2\n' sh -c 'sort -u forgers | wc -l'
	[ ! -e ran ] || atf_fail "a forged submission ran, as uid $(cat ran)"
	ns_log_has 'started: \[sh -c' && atf_fail "a forged submission started"
	# init and the primary go on.
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

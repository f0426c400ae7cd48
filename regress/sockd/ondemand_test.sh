#! /usr/bin/env atf-sh
# sockd on demand: PID 1 is alone until a client connects, and that
# client, waiting in the backlog meanwhile, is served by the sockd its
# connection started.

. $(atf_get_srcdir)/../lib.sh

atf_test_case no_sockd_before_first_connection
no_sockd_before_first_connection_head()
{
	atf_set descr "With its socket listening and its command running," \
	    "PID 1 has no other child and logs nothing of sockd; the first" \
	    "connection, even one that sends nothing, starts sockd, which" \
	    "answers it"
	atf_set require.user root
	atf_set timeout 30
}
no_sockd_before_first_connection_body()
{
	start -r sleep 60
	wait_for "ns_log_has 'started: \[sleep 60\]'" 10
	primary=$(sed -n 's/.* pid \([0-9]*\) started: \[sleep 60\]$/\1/p' err)
	sleep 0.3	# settle: an eager sockd would be there by now
	ns_exec_check -o inline:"$primary " -- cat /proc/1/task/1/children
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd runs: $(sockd_pid)"
	atf_check -s exit:1 grep sockd err
	ns_send eof </dev/null >reply
	atf_check -o inline:'error no -r\n' cat reply
	sockd=$(sockd_pid)
	[ -n "$sockd" ] || atf_fail "no sockd after a connection"
	ns_exec_check -o inline:"$primary $sockd " -- \
	    cat /proc/1/task/1/children
	atf_check -s exit:1 grep sockd err
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case first_submission_starts_sockd_and_is_served
first_submission_starts_sockd_and_is_served_head()
{
	atf_set descr "The first -submit, from a user the socket's mode" \
	    "lets in, starts sockd and is served as any other: ok PID, the" \
	    "command runs as that user; sockd runs on, as nobody, for the" \
	    "next one"
	atf_set require.user root
	atf_set timeout 30
}
first_submission_starts_sockd_and_is_served_body()
{
	start -socket-mode 0666 -r sleep 60
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd runs: $(sockd_pid)"
	t0=$(now_ms)
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER \
	    "$NS_DINIT" -submit -r sh -c 'id -u >/tmp/first'
	echo "the first submission was answered in $(($(now_ms) - t0)) ms"
	wait_for 'ns_exec test -s /tmp/first' 10
	ns_exec_check -o inline:'1000\n' -- cat /tmp/first
	sockd=$(sockd_pid)
	[ -n "$sockd" ] || atf_fail "no sockd after the first submission"
	ns_exec_check -o match:'^Uid:	65534	' -- cat /proc/$sockd/status
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch second
	wait_for 'test -e second' 10
	atf_check_equal "$sockd" "$(sockd_pid)"
	atf_check -o inline:'2\n' grep -c 'started: .*(submitted by' err
	atf_check -s exit:1 grep sockd err
	stop
}

atf_test_case client_during_start_hook_waits_for_the_commands
client_during_start_hook_waits_for_the_commands_head()
{
	atf_set descr "A client that connects while -start runs starts no" \
	    "sockd yet: it waits in the backlog and is served once the -r" \
	    "commands run"
	atf_set require.user root
	atf_set timeout 30
}
client_during_start_hook_waits_for_the_commands_body()
{
	ns_start -start 'sh -c "until test -e go; do sleep 0.01; done"' \
	    -r sleep 60
	ns_ready
	ns_exec "$DINIT" -submit -r touch ran >client.out 2>&1 &
	client=$!
	sleep 0.3	# the client is in the backlog by now
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd during -start"
	[ ! -s client.out ] || atf_fail "answered during -start"
	touch go
	wait $client || atf_fail "the client failed: $(cat client.out)"
	atf_check -o match:'^ok [0-9]+$' cat client.out
	wait_for 'test -e ran' 10
	stop
}

atf_test_case never_submitting_is_as_socket_none
never_submitting_is_as_socket_none_head()
{
	atf_set descr "A container that never submits is the same with its" \
	    "socket as with -socket none: PID 1's only child is its command," \
	    "and the log has the same lines"
	atf_set require.user root
	atf_set timeout 30
}
never_submitting_is_as_socket_none_body()
{
	# The command prints PID 1's children once all has settled.
	for s in /tmp/dinit.sock none; do
		n=${s##*/}
		ns_check -o save:kids.$n -e save:log.$n -- -socket $s \
		    -r sh -c 'sleep 0.3; cat /proc/1/task/1/children'
		sed 's/^[0-9/]* [0-9:]* //' log.$n >lines.$n
	done
	cat kids.none lines.none
	atf_check -o inline:'1\n' sh -c 'wc -w <kids.none'
	atf_check -o file:kids.none cat kids.dinit.sock
	atf_check -o file:lines.none cat lines.dinit.sock
}

atf_init_test_cases()
{
	atf_add_test_case no_sockd_before_first_connection
	atf_add_test_case first_submission_starts_sockd_and_is_served
	atf_add_test_case client_during_start_hook_waits_for_the_commands
	atf_add_test_case never_submitting_is_as_socket_none
}

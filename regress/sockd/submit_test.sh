#! /usr/bin/env atf-sh
# dinit -submit, the client: what it sends, what it prints, and what
# the submitted command gets.

. $(atf_get_srcdir)/../lib.sh

atf_test_case submit_runs_child_of_pid1
submit_runs_child_of_pid1_head()
{
	atf_set descr "A submitted command is a child of its guard, a child" \
	    "of PID 1 (dinit), and -submit prints 'ok PID' with its pid"
	atf_set require.user root
	atf_set timeout 30
}
submit_runs_child_of_pid1_body()
{
	start -r sleep 60
	ns_exec_check -o save:reply -- "$DINIT" -submit -r sleep 30
	atf_check -o match:'^ok [0-9]+$' cat reply
	pid=$(sed -n 's/^ok //p' reply)
	ns_exec_check -o inline:"$DINIT\n" -- readlink /proc/1/exe
	guard=$(ns_exec sh -c "sed -n 's/^PPid:[[:space:]]*//p' /proc/$pid/status")
	ns_exec_check -o inline:'dinit-guard\n' -- cat /proc/$guard/comm
	ns_exec_check -o match:'^PPid:[[:space:]]+1$' -- cat /proc/$guard/status
	ns_exec_check -o inline:'sleep 30 ' -- sh -c "tr '\0' ' ' </proc/$pid/cmdline"
	atf_check -o match:"pid $pid started: \[sleep 30\] \(submitted by uid 0 gid 0 pid [0-9]+\)$" \
	    cat err
	stop
}

atf_test_case submitted_arguments_keep_their_blanks
submitted_arguments_keep_their_blanks_head()
{
	atf_set descr "An argument with blanks reaches the submitted command" \
	    "as one argument, blanks intact"
	atf_set require.user root
	atf_set timeout 30
}
submitted_arguments_keep_their_blanks_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit \
	    -r sh -c 'printf "[%s]\n" "$@" >args.out' x "a  b" '	tab' c
	wait_for 'test -s args.out' 10
	atf_check -o inline:'[a  b]\n[\ttab]\n[c]\n' cat args.out
	stop
}

atf_test_case names_expand_in_submitter_environment
names_expand_in_submitter_environment_head()
{
	atf_set descr "\$NAME is expanded by -submit in its own environment," \
	    "not by dinit; \\\$X reaches the command as \$X"
	atf_set require.user root
	atf_set timeout 30
}
names_expand_in_submitter_environment_body()
{
	export ONLYINIT=init-secret X=init-x
	start -r sleep 60
	unset ONLYINIT X
	ns_exec_check -o match:'^ok [0-9]+$' -- env ONLYCLIENT=client \
	    "$DINIT" -submit -r sh -c 'printf "[%s]\n" "$@" >vars.out' x \
	    '$ONLYCLIENT' '${ONLYCLIENT}' '\$X' '<$ONLYINIT>'
	wait_for 'test -s vars.out' 10
	atf_check -o inline:'[client]\n[client]\n[$X]\n[<>]\n' cat vars.out
	stop
}

atf_test_case dollar_paren_reaches_command_intact
dollar_paren_reaches_command_intact_head()
{
	atf_set descr "\$( and \${NAME:-x} are not names: -submit sends" \
	    "them as they are (the original mangled \$()"
	atf_set require.user root
	atf_set timeout 30
}
dollar_paren_reaches_command_intact_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit \
	    -r sh -c 'echo $(echo paren) ${UNSET_HERE:-dflt} $ >p.out'
	wait_for 'test -s p.out' 10
	atf_check -o inline:'paren dflt $\n' cat p.out
	stop
}

atf_test_case submit_sends_requests_up_to_512_bytes
submit_sends_requests_up_to_512_bytes_head()
{
	atf_set descr "-submit sends a request of 512 bytes, newline" \
	    "included, and refuses one byte more (exit 2) without sending"
	atf_set require.user root
	atf_set timeout 30
}
submit_sends_requests_up_to_512_bytes_body()
{
	start -r sleep 60
	# "-r sh -c : PAD\n": 12 bytes and the padding.
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit \
	    -r sh -c : "$(printf '%0500d' 0)"
	ns_exec_check -s exit:2 -e match:'longer than 512 bytes' -- \
	    "$DINIT" -submit -r sh -c : "$(printf '%0501d' 0)"
	atf_check -o inline:'1\n' grep -c 'submitted by' err
	stop
}

atf_test_case empty_argument_is_refused_by_submit
empty_argument_is_refused_by_submit_head()
{
	atf_set descr "-submit refuses an argument that is (or expands to)" \
	    "the empty string, sending nothing"
	atf_set require.user root
	atf_set timeout 30
}
empty_argument_is_refused_by_submit_body()
{
	start -r sleep 60
	ns_exec_check -s exit:2 -e match:'empty' \
	    -- "$DINIT" -submit -r touch ran '$UNSET_HERE'
	atf_check -s exit:1 test -e ran
	atf_check -s exit:1 grep 'submitted by' err
	stop
}

atf_test_case escaped_r_reaches_command_as_r
escaped_r_reaches_command_as_r_head()
{
	atf_set descr "\\-r in a submitted command reaches it as -r"
	atf_set require.user root
	atf_set timeout 30
}
escaped_r_reaches_command_as_r_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit \
	    -r sh -c 'printf "[%s]\n" "$@" >r.out' x '\-r' a
	wait_for 'test -s r.out' 10
	atf_check -o inline:'[-r]\n[a]\n' cat r.out
	stop
}

atf_test_case submit_of_two_commands_prints_two_ok_lines
submit_of_two_commands_prints_two_ok_lines_head()
{
	atf_set descr "-submit -r A -r B starts both and prints one" \
	    "'ok PID' line for each, in order"
	atf_set require.user root
	atf_set timeout 30
}
submit_of_two_commands_prints_two_ok_lines_body()
{
	start -r sleep 60
	ns_exec_check -o save:reply -- "$DINIT" -submit \
	    -r sleep 31 -r sleep 32
	atf_check -o inline:'2\n' grep -c '^ok [0-9]*$' reply
	atf_check -o inline:'2\n' grep -c '' reply
	p1=$(sed -n '1s/^ok //p' reply)
	p2=$(sed -n '2s/^ok //p' reply)
	ns_log_has "pid $p1 started: \[sleep 31\] (submitted by" ||
	    atf_fail "no start of pid $p1 as sleep 31"
	ns_log_has "pid $p2 started: \[sleep 32\] (submitted by" ||
	    atf_fail "no start of pid $p2 as sleep 32"
	stop
}

atf_test_case submit_runs_no_hooks
submit_runs_no_hooks_head()
{
	atf_set descr "-submit runs neither the -start nor the -stop hook," \
	    "given by DINIT_START/DINIT_STOP or by flag"
	atf_set require.user root
	atf_set timeout 30
}
submit_runs_no_hooks_body()
{
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- env \
	    DINIT_START='touch /tmp/w/start-env' \
	    DINIT_STOP='touch /tmp/w/stop-env' \
	    "$DINIT" -submit -r touch submitted
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit \
	    -start 'touch /tmp/w/start-flag' -stop 'touch /tmp/w/stop-flag' \
	    -r touch submitted2
	wait_for 'test -e submitted && test -e submitted2' 10
	stop
	for f in start-env stop-env start-flag stop-flag; do
		atf_check -s exit:1 test -e $f
	done
}

atf_test_case submitted_missing_program_is_an_error_and_init_lives
submitted_missing_program_is_an_error_and_init_lives_head()
{
	atf_set descr "A submitted program that does not exist is answered" \
	    "'error ...No such file...', -submit exits 1, and dinit runs on" \
	    "(the original died)"
	atf_set require.user root
	atf_set timeout 30
}
submitted_missing_program_is_an_error_and_init_lives_body()
{
	start -r sleep 60
	ns_exec_check -s exit:1 -e match:'error .*No such file or directory' \
	    -- "$DINIT" -submit -r /nonexistent arg
	atf_check -o match:'cannot run \[/nonexistent arg\] \(submitted by uid 0 gid 0 pid [0-9]+\): No such file or directory' \
	    cat err
	ns_exec kill -0 1 || atf_fail "dinit is gone"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r true
	atf_check -s exit:1 grep 'started: \[/nonexistent' err
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case partly_failed_submission_reports_each_command
partly_failed_submission_reports_each_command_head()
{
	atf_set descr "-submit -r A -r MISSING: A runs and is reported 'ok" \
	    "PID' on stdout, MISSING 'error ...' on stderr, exit 1"
	atf_set require.user root
	atf_set timeout 30
}
partly_failed_submission_reports_each_command_body()
{
	start -r sleep 60
	ns_exec_check -s exit:1 -o match:'^ok [0-9]+$' \
	    -e match:'error .*No such file or directory' -- \
	    "$DINIT" -submit -r touch first -r /nonexistent
	wait_for 'test -e first' 10
	stop
}

atf_test_case refused_submission_is_answered_and_logged
refused_submission_is_answered_and_logged_head()
{
	atf_set descr "A submission init refuses by policy (-submit-max 1," \
	    "one of uid 1000's already running) is answered 'error ...'," \
	    "-submit exits 1, and the log says 'refused [argv] (submitted" \
	    "by ...): reason'"
	atf_set require.user root
	atf_set timeout 30
}
refused_submission_is_answered_and_logged_body()
{
	start -socket-mode 0666 -submit-max 1 -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    $AS_USER "$NS_DINIT" -submit -r sleep 30
	ns_exec_check -s exit:1 -e match:'error limit: .+' -- \
	    $AS_USER "$NS_DINIT" -submit -r sleep 31
	atf_check -o match:'refused \[sleep 31\] \(submitted by uid 1000 gid 1000 pid [0-9]+\): limit: .+' \
	    cat err
	atf_check -s exit:1 grep 'started: \[sleep 31\]' err
	stop
}

atf_test_case submit_without_dinit_exits_1
submit_without_dinit_exits_1_head()
{
	atf_set descr "-submit exits 1, naming the socket, when nothing" \
	    "listens there"
	atf_set require.user root
	atf_set timeout 30
}
submit_without_dinit_exits_1_body()
{
	atf_check -s exit:1 -e match:'cannot reach dinit at \./nobody\.sock' \
	    "$DINIT" -submit -socket ./nobody.sock -r true
	ns_start -socket none -r sleep 60
	ns_exec_check -s exit:1 -e match:'/tmp/dinit\.sock' \
	    -- "$DINIT" -submit -r touch ran
	atf_check -s exit:1 test -e ran
	stop
}

atf_test_case clients_leaving_mid_request_cost_sockd_nothing
clients_leaving_mid_request_cost_sockd_nothing_head()
{
	atf_set descr "uid 1000 sends 300 requests of three commands each" \
	    "and closes right after writing, as the original client did:" \
	    "whatever of them is refused, sockd is never taken for a liar," \
	    "and root is served after"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
clients_leaving_mid_request_cost_sockd_nothing_body()
{
	start -socket-mode 0666 -r sleep 100
	knock
	sockd=$(sockd_pid)
	# Each closes at a different moment after writing, 0 to 3 ms, so
	# that some close while init takes their request's commands.
	ns_exec $AS_USER "$PYTHON" -c '
import socket, time
for i in range(300):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect("/tmp/dinit.sock")
        s.sendall(b"-r true -r true -r true\n")
        time.sleep((i % 31) / 10000)
    except OSError:
        pass
    s.close()
    time.sleep(0.01)
'
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r true
	atf_check -s exit:1 grep 'sent a bad frame' err
	atf_check_equal "$sockd" "$(sockd_pid)"
	stop
}

atf_init_test_cases()
{
	atf_add_test_case clients_leaving_mid_request_cost_sockd_nothing
	atf_add_test_case submit_runs_child_of_pid1
	atf_add_test_case submitted_arguments_keep_their_blanks
	atf_add_test_case names_expand_in_submitter_environment
	atf_add_test_case dollar_paren_reaches_command_intact
	atf_add_test_case submit_sends_requests_up_to_512_bytes
	atf_add_test_case empty_argument_is_refused_by_submit
	atf_add_test_case escaped_r_reaches_command_as_r
	atf_add_test_case submit_of_two_commands_prints_two_ok_lines
	atf_add_test_case submit_runs_no_hooks
	atf_add_test_case submitted_missing_program_is_an_error_and_init_lives
	atf_add_test_case partly_failed_submission_reports_each_command
	atf_add_test_case refused_submission_is_answered_and_logged
	atf_add_test_case submit_without_dinit_exits_1
}

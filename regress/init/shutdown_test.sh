#! /usr/bin/env atf-sh
# Shutdown: TERM to everything, SIGKILL after -timeout to what is left,
# and no waiting beyond that.

. $(atf_get_srcdir)/../lib.sh

atf_test_case term_ignoring_child_is_killed_after_timeout
term_ignoring_child_is_killed_after_timeout_head()
{
	atf_set descr "A child that ignores TERM gets SIGKILL after -timeout;" \
	    "as the primary, its 137 is dinit's status"
	atf_set require.user root
	atf_set timeout 60
}
term_ignoring_child_is_killed_after_timeout_body()
{
	ns_start -timeout 1 \
	    -r sh -c 'trap "" TERM; touch ready; while :; do sleep 0.05; done'
	wait_for '[ -e ready ]' 10
	t0=$(now_ms)
	kill -TERM $NS_PID
	ns_wait
	t=$(($(now_ms) - t0))
	atf_check_equal 137 "$NS_STATUS"
	atf_check -o ignore grep 'SIGKILL' err
	atf_check -o ignore grep 'finished: .* (signal KILL)' err
	[ $t -ge 900 ] || atf_fail "SIGKILL after $t ms, before -timeout 1"
	[ $t -lt 10000 ] || atf_fail "took $t ms"
}

atf_test_case children_ending_on_term_end_shutdown_at_once
children_ending_on_term_end_shutdown_at_once_head()
{
	atf_set descr "When every child ends on TERM, dinit exits without" \
	    "waiting for -timeout"
	atf_set require.user root
	atf_set timeout 60
}
children_ending_on_term_end_shutdown_at_once_body()
{
	ns_start -timeout 30 -r sleep 100 -r sleep 100
	wait_for '[ $(grep -c "started: \[sleep 100\]" err) -eq 2 ]' 10
	t0=$(now_ms)
	kill -TERM $NS_PID
	ns_wait
	t=$(($(now_ms) - t0))
	atf_check_equal 143 "$NS_STATUS"
	atf_check -s exit:1 grep -e SIGKILL -e timeout err
	[ $t -lt 10000 ] || atf_fail "took $t ms"
}

atf_test_case true_exits_promptly
true_exits_promptly_head()
{
	atf_set descr "dinit -r /bin/true exits as soon as true does (the" \
	    "original slept 2 s in every shutdown): on its way out it makes" \
	    "no call that sleeps or waits for a time, whatever the load"
	atf_set require.user root
	atf_set require.progs strace
	atf_set timeout 60
}
true_exits_promptly_body()
{
	t0=$(now_ms)
	ns_check -e not-match:SIGKILL -e not-match:timeout -- -r /bin/true
	echo "as PID 1: $(($(now_ms) - t0)) ms"
	# Under strace (PID 1 then, dinit its child): a sleep, or a poll
	# with a timeout, in the shutdown would show here however fast the
	# machine; dinit's one poll waits for true's end, with no timeout.
	# (The sanitizers' leak check cannot run under a tracer: off here.)
	calls=nanosleep,clock_nanosleep,poll,ppoll,select,pselect6
	calls=$calls,epoll_wait,epoll_pwait,rt_sigtimedwait
	atf_check -e match:'finished: \[/bin/true\] \(status 0\)' \
	    env ASAN_OPTIONS=detect_leaks=0 \
	    unshare --pid --fork --mount-proc --mount sh -c "$NS_SETUP" ns \
	    strace -f -o /tmp/w/trace -e trace=$calls "$DINIT" -r /bin/true
	atf_check -o match:'poll\(.*, -1( <unfinished|\))' grep 'poll(' trace
	atf_check -s exit:1 grep -E 'nanosleep\(|poll\(.*, [1-9][0-9]*( <unfinished|\))|ppoll\(.*tv_sec|select\(|epoll_p?wait\(.*, [1-9][0-9]*( <unfinished|\))|rt_sigtimedwait\(.*tv_sec' trace
}

# term_reached: a TERM for dinit, which exits 143 once the process
# waiting for TERM has had it (term.mark), and without a SIGKILL.
term_reached()
{
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
	atf_check -o inline:'got\n' cat term.mark
	atf_check -s exit:1 grep SIGKILL err
}

atf_test_case daemonized_grandchild_gets_term
daemonized_grandchild_gets_term_head()
{
	atf_set descr "As PID 1, the shutdown TERM reaches a daemon that" \
	    "left dinit's children (double fork and setsid)"
	atf_set require.user root
	atf_set timeout 30
}
daemonized_grandchild_gets_term_body()
{
	cat >daemon.sh <<'EOF'
trap 'echo got >term.mark; exit 0' TERM
echo $$ >pid.tmp && mv pid.tmp daemon.pid
while :; do sleep 0.1; done
EOF
	ns_start -timeout 30 -r sh -c '(setsid sh daemon.sh &); exec sleep 100'
	wait_for '[ -e daemon.pid ]' 10
	# An orphan adopted by PID 1, in a session of its own.
	pid=$(cat daemon.pid)
	stat=$(ns_exec cat /proc/$pid/stat)
	set -- ${stat##*) }
	atf_check_equal 1 "$2"		# ppid
	atf_check_equal "$pid" "$4"	# session
	term_reached
}

atf_test_case grandchild_gets_term_as_pid1
grandchild_gets_term_as_pid1_head()
{
	atf_set descr "As PID 1, the shutdown TERM reaches every process," \
	    "not only dinit's children"
	atf_set require.user root
	atf_set timeout 60
}
grandchild_gets_term_as_pid1_body()
{
	write_trap grandchild.sh TERM 'echo got >term.mark; exit 0'
	# The grandchild's parent (sleep) lives on until the shutdown.
	ns_start -timeout 30 -r sh -c 'sh grandchild.sh & exec sleep 100'
	wait_for '[ -e ready ]' 10
	term_reached
}

atf_test_case orphan_of_ended_command_gets_term
orphan_of_ended_command_gets_term_head()
{
	atf_set descr "As PID 1, the shutdown TERM reaches a process left in" \
	    "the group of a command that has ended"
	atf_set require.user root
	atf_set timeout 60
}
orphan_of_ended_command_gets_term_body()
{
	write_trap grandchild.sh TERM 'echo got >term.mark; exit 0'
	ns_start -timeout 5 -r sh -c 'sh grandchild.sh &' -r sleep 100
	wait_for '[ -e ready ]' 10
	wait_for "ns_log_has 'finished: \[sh -c'" 10
	term_reached
}

atf_test_case daemon_ignoring_term_is_killed
daemon_ignoring_term_is_killed_head()
{
	atf_set descr "As PID 1, a daemon that ignores TERM is killed after" \
	    "-timeout and does not hold dinit up"
	atf_set require.user root
	atf_set timeout 60
}
daemon_ignoring_term_is_killed_body()
{
	ns_start -timeout 1 -r sh -c \
	    '(setsid sh -c "trap \"\" TERM; touch ready; while :; do sleep 0.1; done" &); exec sleep 100'
	wait_for '[ -e ready ]' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
	atf_check -o ignore grep SIGKILL err
}

atf_init_test_cases()
{
	atf_add_test_case term_ignoring_child_is_killed_after_timeout
	atf_add_test_case children_ending_on_term_end_shutdown_at_once
	atf_add_test_case true_exits_promptly
	atf_add_test_case daemonized_grandchild_gets_term
	atf_add_test_case grandchild_gets_term_as_pid1
	atf_add_test_case orphan_of_ended_command_gets_term
	atf_add_test_case daemon_ignoring_term_is_killed
}

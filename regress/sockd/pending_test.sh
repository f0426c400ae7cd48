#! /usr/bin/env atf-sh
# Commands between fork and exec: a submitter can stop or kill its own
# command there (it already runs as the submitter).  The test build
# dinit-hold does it on cue: "hold-before-exec" stops itself,
# "die-before-exec" kills itself, just before exec.

. $(atf_get_srcdir)/../lib.sh

hold_start()
{
	DINIT=$(dirname "$DINIT")/dinit-hold
	start -socket-mode 0666 "$@" -r sleep 60
}

# held N: the number of uid 1000's commands stopped before exec.
held()
{
	ns_exec pgrep -c -u 1000 -x dinit-spawn || true
}

atf_test_case pending_exec_times_out
pending_exec_times_out_head()
{
	atf_set descr "A command held before exec is killed after 5 s and" \
	    "answered 'error exec: timeout'; it is never reported started"
	atf_set require.user root
	atf_set timeout 30
}
pending_exec_times_out_body()
{
	hold_start
	t0=$(now_ms)
	ns_exec_check -s exit:1 -e match:'error exec: timeout' -- \
	    $AS_USER "$NS_DINIT" -submit -r hold-before-exec
	ms=$(($(now_ms) - t0))
	echo "answered after $ms ms"
	[ "$ms" -ge 4000 ] || atf_fail "answered after $ms ms, before the 5 s"
	atf_check -o match:'cannot run \[hold-before-exec\] \(submitted by uid 1000 .*\): no exec in time' \
	    cat err
	atf_check -s exit:1 grep 'started: \[hold-before-exec\]' err
	wait_for '[ "$(held)" = 0 ]' 10
	stop
}

atf_test_case death_before_exec_is_not_started
death_before_exec_is_not_started_head()
{
	atf_set descr "A command that dies before exec is answered 'error" \
	    "exec: died before exec', not 'ok PID', and logs no start"
	atf_set require.user root
	atf_set timeout 30
}
death_before_exec_is_not_started_body()
{
	hold_start
	ns_exec_check -s exit:1 -o empty \
	    -e match:'error exec: died before exec' -- \
	    $AS_USER "$NS_DINIT" -submit -r die-before-exec
	atf_check -o match:'cannot run \[die-before-exec\] .*: died before exec' \
	    cat err
	atf_check -s exit:1 grep 'started: \[die-before-exec\]' err
	atf_check -s exit:1 grep 'finished: \[die-before-exec\]' err
	# A command that does exec and exits at once is still started.
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    $AS_USER "$NS_DINIT" -submit -r true
	wait_for "ns_log_has 'finished: \[true\]'" 10
	atf_check -o match:'started: \[true\] \(submitted by uid 1000' cat err
	stop
}

atf_test_case held_commands_cannot_block_root
held_commands_cannot_block_root_head()
{
	atf_set descr "A uid that holds 16 commands before exec gets" \
	    "'error busy' for more, while root's submission runs at once"
	atf_set require.user root
	atf_set timeout 60
}
held_commands_cannot_block_root_body()
{
	hold_start
	i=0
	while [ $i -lt 16 ]; do
		ns_exec $AS_USER "$NS_DINIT" -submit -r hold-before-exec \
		    >/dev/null 2>&1 &
		i=$((i + 1))
	done
	wait_for '[ "$(held)" = 16 ]' 10
	ns_exec_check -s exit:1 -e match:'error busy' -- \
	    $AS_USER "$NS_DINIT" -submit -r true
	t0=$(now_ms)
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch root
	echo "root served in $(($(now_ms) - t0)) ms with 16 held"
	wait_for 'test -e root' 10
	wait_for '[ "$(held)" = 0 ]' 15
	stop
}

atf_test_case exec_told_by_the_kernel_not_by_a_name
exec_told_by_the_kernel_not_by_a_name_head()
{
	atf_set descr "Commands whose name is the one a child bears before" \
	    "exec (a symlink named dinit-spawn) are answered 'ok PID' and" \
	    "logged started at once, and PID 1 does not wake while they run"
	atf_set require.user root
	atf_set timeout 60
}
exec_told_by_the_kernel_not_by_a_name_body()
{
	start -socket-mode 0666 -r sleep 60
	ns_exec $AS_USER sh -c 'mkdir /tmp/u && ln -s /bin/sleep /tmp/u/dinit-spawn'
	i=0
	while [ $i -lt 16 ]; do
		ns_exec_check -o match:'^ok [0-9]+$' -- \
		    $AS_USER "$NS_DINIT" -submit -r /tmp/u/dinit-spawn 30
		i=$((i + 1))
	done
	atf_check -o inline:'16\n' grep -c \
	    'started: \[/tmp/u/dinit-spawn 30\] (submitted by uid 1000' err
	atf_check -s exit:1 grep 'died before exec\|no exec in time' err
	# PID 1 waits on events only: 16 running commands wake it not at all.
	w0=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/$NS_PID/status)
	sleep 1
	w1=$(awk '/^voluntary_ctxt_switches/ { print $2 }' /proc/$NS_PID/status)
	echo "PID 1 woke $((w1 - w0)) times in 1 s"
	[ $((w1 - w0)) -lt 20 ] || atf_fail "PID 1 woke $((w1 - w0)) times in 1 s"
	stop
}

atf_init_test_cases()
{
	atf_add_test_case exec_told_by_the_kernel_not_by_a_name
	atf_add_test_case pending_exec_times_out
	atf_add_test_case death_before_exec_is_not_started
	atf_add_test_case held_commands_cannot_block_root
}

#! /usr/bin/env atf-sh
# -g: signals go to each command's process group, so that the children
# of a wrapper get them too.

. $(atf_get_srcdir)/../lib.sh

# A wrapper shell, the primary, whose child sigcount keeps "got"; the
# wrapper itself ignores HUP, USR1 and TERM, and waits for its child.
WRAPPER='trap "" HUP USR1 TERM; /mnt/helpers/sigcount got & wait'
# A witness: a second command, dinit's own child, keeping "direct".
WITNESS='/mnt/helpers/sigcount direct'

# forward N FLAGS...: USR1 to dinit, run with FLAGS, the wrapper and the
# witness; once the witness has it, and the wrapper's child has counted
# N USR1s (its own handler may run after the witness's), what the
# wrapper's child counted.
forward()
{
	_want=$1
	shift
	rm -f got direct
	ns_start "$@" -r $WITNESS -r sh -c "$WRAPPER"
	wait_for '[ -e got ] && [ -e direct ]' 10
	kill -USR1 $NS_PID
	wait_for 'grep -q "^USR1 1" direct' 10
	wait_for "grep -q '^USR1 $_want' got" 10
	cp got got.seen
	kill -KILL $NS_PID
	ns_wait
}

atf_test_case forwarded_signal_reaches_wrapper_child_with_g
forwarded_signal_reaches_wrapper_child_with_g_head()
{
	atf_set descr "With -g, a passed-on USR1 reaches the child of a" \
	    "wrapper shell"
	atf_set require.user root
	atf_set timeout 30
}
forwarded_signal_reaches_wrapper_child_with_g_body()
{
	forward 1 -g
	atf_check -o inline:'HUP 0\nUSR1 1\n' cat got.seen
}

atf_test_case forwarded_signal_skips_wrapper_child_without_g
forwarded_signal_skips_wrapper_child_without_g_head()
{
	atf_set descr "Without -g, a passed-on USR1 reaches the wrapper only," \
	    "not its child"
	atf_set require.user root
	atf_set timeout 30
}
forwarded_signal_skips_wrapper_child_without_g_body()
{
	forward 0
	atf_check -o inline:'HUP 0\nUSR1 0\n' cat got.seen
}

atf_test_case dinit_pgroup_env_is_g
dinit_pgroup_env_is_g_head()
{
	atf_set descr "DINIT_PGROUP=1 does what -g does; -g=false undoes it"
	atf_set require.user root
	atf_set timeout 30
}
dinit_pgroup_env_is_g_body()
{
	export DINIT_PGROUP=1
	forward 1
	atf_check -o inline:'HUP 0\nUSR1 1\n' cat got.seen
	forward 0 -g=false
	atf_check -o inline:'HUP 0\nUSR1 0\n' cat got.seen
}

atf_test_case shutdown_reaches_wrapper_child_as_pid1
shutdown_reaches_wrapper_child_as_pid1_head()
{
	atf_set descr "With -g as PID 1, the shutdown TERM reaches the child" \
	    "of a wrapper that ignores it, and once: dinit ends when it does"
	atf_set require.user root
	atf_set timeout 30
}
shutdown_reaches_wrapper_child_as_pid1_body()
{
	ns_start -g -timeout 20 -r sh -c "$WRAPPER"
	wait_for '[ -e got ]' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
	atf_check -o inline:'HUP 0\nUSR1 0\nTERM\n' cat got
	atf_check -s exit:1 grep SIGKILL err
}

# shutdown_not_pid1 FLAGS...: dinit, not PID 1 and without a socket,
# with FLAGS and the wrapper; TERM to it once the wrapper's child runs.
shutdown_not_pid1()
{
	env --default-signal=INT,QUIT "$DINIT" -socket none -timeout 1 "$@" \
	    -r sh -c "$(echo "$WRAPPER" | sed "s|/mnt/helpers|$HELPERS|")" \
	    2>err &
	pid=$!
	wait_for '[ -e got ]' 10
	kill -TERM $pid
	status=0
	wait $pid || status=$?
}

atf_test_case shutdown_reaches_wrapper_child_with_g_not_pid1
shutdown_reaches_wrapper_child_with_g_not_pid1_head()
{
	atf_set descr "With -g, not PID 1, the shutdown TERM goes to the" \
	    "wrapper's group and reaches its child"
	atf_set require.user root
	atf_set timeout 30
}
shutdown_reaches_wrapper_child_with_g_not_pid1_body()
{
	shutdown_not_pid1 -g
	atf_check_equal 0 "$status"
	atf_check -o inline:'HUP 0\nUSR1 0\nTERM\n' cat got
}

atf_test_case shutdown_skips_wrapper_child_without_g_not_pid1
shutdown_skips_wrapper_child_without_g_not_pid1_head()
{
	atf_set descr "Without -g, not PID 1, the shutdown TERM reaches the" \
	    "wrapper only; its child is killed after the timeout"
	atf_set require.user root
	atf_set timeout 30
}
shutdown_skips_wrapper_child_without_g_not_pid1_body()
{
	shutdown_not_pid1
	atf_check_equal 137 "$status"
	atf_check -o inline:'HUP 0\nUSR1 0\n' cat got
	atf_check -o ignore grep 'SIGKILL' err
}

atf_init_test_cases()
{
	atf_add_test_case forwarded_signal_reaches_wrapper_child_with_g
	atf_add_test_case forwarded_signal_skips_wrapper_child_without_g
	atf_add_test_case dinit_pgroup_env_is_g
	atf_add_test_case shutdown_reaches_wrapper_child_as_pid1
	atf_add_test_case shutdown_reaches_wrapper_child_with_g_not_pid1
	atf_add_test_case shutdown_skips_wrapper_child_without_g_not_pid1
}

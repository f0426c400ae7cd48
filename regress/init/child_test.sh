#! /usr/bin/env atf-sh
# What a child inherits from dinit: environment, working directory,
# descriptors, signal mask and dispositions.

. $(atf_get_srcdir)/../lib.sh

atf_test_case child_gets_environment_unchanged
child_gets_environment_unchanged_head()
{
	atf_set descr "A child gets dinit's environment unchanged"
	atf_set require.user root
	atf_set timeout 30
}
child_gets_environment_unchanged_body()
{
	export DINIT_T_SPACE='a b' DINIT_T_DOLLAR='$HOME ${HOME}' DINIT_T_EMPTY=
	unset GOMAXPROCS
	# The shells on the way set PWD, OLDPWD and _.
	env | grep -Ev '^(PWD|OLDPWD|_)=' | sort >want
	ns_check -o save:got -e ignore -- -r env
	atf_check -o file:want -x "grep -Ev '^(PWD|OLDPWD|_)=' got | sort"
}

atf_test_case maxproc_sets_gomaxprocs
maxproc_sets_gomaxprocs_head()
{
	atf_set descr "-maxproc 1 gives children GOMAXPROCS, between 1 and" \
	    "the CPUs this machine has"
	atf_set require.user root
	atf_set timeout 30
}
maxproc_sets_gomaxprocs_body()
{
	unset GOMAXPROCS
	ns_check -o save:n -e ignore -- -maxproc 1 -r printenv GOMAXPROCS
	n=$(cat n)
	[ "$n" -ge 1 ] && [ "$n" -le "$(nproc)" ] ||
	    atf_fail "GOMAXPROCS=$n with $(nproc) CPUs"
}

atf_test_case maxproc_keeps_existing_gomaxprocs
maxproc_keeps_existing_gomaxprocs_head()
{
	atf_set descr "-maxproc leaves a GOMAXPROCS that is already set"
	atf_set require.user root
	atf_set timeout 30
}
maxproc_keeps_existing_gomaxprocs_body()
{
	export GOMAXPROCS=7
	ns_check -o inline:'7\n' -e ignore -- -maxproc 1 -r printenv GOMAXPROCS
}

atf_test_case maxproc_rounds_up_to_1
maxproc_rounds_up_to_1_head()
{
	atf_set descr "A small -maxproc fraction still gives GOMAXPROCS=1" \
	    "(rounded up, never 0)"
	atf_set require.user root
	atf_set timeout 30
}
maxproc_rounds_up_to_1_body()
{
	unset GOMAXPROCS
	ns_check -o inline:'1\n' -e ignore -- -maxproc 0.01 -r printenv GOMAXPROCS
}

atf_test_case no_maxproc_no_gomaxprocs
no_maxproc_no_gomaxprocs_head()
{
	atf_set descr "Without -maxproc, GOMAXPROCS is not set"
	atf_set require.user root
	atf_set timeout 30
}
no_maxproc_no_gomaxprocs_body()
{
	unset GOMAXPROCS
	ns_check -s exit:1 -e ignore -- -r printenv GOMAXPROCS
}

atf_test_case child_keeps_callers_directory
child_keeps_callers_directory_head()
{
	atf_set descr "A child runs in the directory dinit was started in"
	atf_set require.user root
	atf_set timeout 30
}
child_keeps_callers_directory_body()
{
	ns_check -o inline:'/tmp/w\n' -e ignore -- -r pwd
	ns_check -o inline:'/tmp/w\n' -e ignore -- -start pwd -r /bin/true
	ns_check -o inline:'/tmp/w\n' -e ignore -- -stop pwd -r /bin/true
}

atf_test_case dinit_itself_runs_in_root
dinit_itself_runs_in_root_head()
{
	atf_set descr "dinit itself moves to / (holding no directory busy)"
	atf_set require.user root
	atf_set timeout 30
}
dinit_itself_runs_in_root_body()
{
	ns_start -r sleep 100
	wait_for "ns_log_has 'started: \[sleep 100\]'" 10
	cwd=$(ns_exec readlink /proc/1/cwd)
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal / "$cwd"
}

atf_test_case child_has_only_standard_fds
child_has_only_standard_fds_head()
{
	atf_set descr "A child gets only descriptors 0, 1 and 2: neither" \
	    "those dinit inherited nor its own"
	atf_set require.user root
	atf_set timeout 30
}
child_has_only_standard_fds_body()
{
	exec 3>somefile 7>otherfile
	# They do reach what this shell starts.
	atf_check -o match:'^fds: 0 1 2 3 (.* )?7( |$)' "$HELPERS/fds"
	ns_check -o save:out -e ignore -- \
	    -start "$HELPERS/fds" -stop "$HELPERS/fds" -r "$HELPERS/fds"
	# From -start, -r and -stop.
	atf_check -o inline:'fds: 0 1 2\nfds: 0 1 2\nfds: 0 1 2\n' \
	    grep '^fds:' out
}

atf_test_case child_signal_mask_is_empty
child_signal_mask_is_empty_head()
{
	atf_set descr "A child of a dinit started with no signal blocked" \
	    "has none blocked (not dinit's own blocked set)"
	atf_set require.user root
	atf_set timeout 30
}
child_signal_mask_is_empty_body()
{
	atf_check -o match:'^SigBlk: 0{16}$' "$HELPERS/fds"
	ns_check -o save:out -e ignore -- \
	    -start "$HELPERS/fds" -stop "$HELPERS/fds" -r "$HELPERS/fds"
	# From -start, -r and -stop.
	atf_check -o inline:'3\n' grep -Ec '^SigBlk: 0{16}$' out
}

atf_test_case child_keeps_blocked_signals_dinit_started_with
child_keeps_blocked_signals_dinit_started_with_head()
{
	atf_set descr "A child starts with the signal mask dinit was" \
	    "started with"
	atf_set require.user root
	atf_set timeout 30
}
child_keeps_blocked_signals_dinit_started_with_body()
{
	# USR2 is signal 12: bit 11.  It is blocked just before dinit: the
	# shell that sets up the namespace would unblock it.
	atf_check -o match:'^SigBlk: 0{13}800$' -e ignore \
	    unshare --pid --fork --mount-proc --mount sh -c "$NS_SETUP" ns \
	    env --block-signal=USR2 "$DINIT" -r "$HELPERS/fds"
}

atf_test_case child_keeps_ignored_signals_dinit_started_with
child_keeps_ignored_signals_dinit_started_with_head()
{
	atf_set descr "A child ignores exactly the signals dinit was started" \
	    "ignoring"
	atf_set require.user root
	atf_set timeout 30
}
child_keeps_ignored_signals_dinit_started_with_body()
{
	trap '' HUP USR1
	atf_check -o save:direct "$HELPERS/fds"
	want=$(grep SigIgn direct)
	# HUP and USR1 are signals 1 and 10: bits 0 and 9.
	case $want in
	*[2367abef]?[13579bdf]) ;;
	*) atf_fail "HUP and USR1 are not ignored here: $want" ;;
	esac
	ns_check -o match:"^$want\$" -e ignore -- -r "$HELPERS/fds"
}

atf_init_test_cases()
{
	atf_add_test_case child_gets_environment_unchanged
	atf_add_test_case maxproc_sets_gomaxprocs
	atf_add_test_case maxproc_keeps_existing_gomaxprocs
	atf_add_test_case no_maxproc_no_gomaxprocs
	atf_add_test_case child_keeps_callers_directory
	atf_add_test_case dinit_itself_runs_in_root
	atf_add_test_case child_has_only_standard_fds
	atf_add_test_case child_signal_mask_is_empty
	atf_add_test_case child_keeps_blocked_signals_dinit_started_with
	atf_add_test_case child_keeps_ignored_signals_dinit_started_with
	atf_add_test_case maxproc_rounds_up_to_1
}

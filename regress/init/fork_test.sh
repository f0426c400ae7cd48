#! /usr/bin/env atf-sh
# PID 1 when processes run out: a submission that cannot be forked, or
# cannot exec for its uid's process limit, is answered with the reason,
# signals are still passed on, and the next submission is served.

. $(atf_get_srcdir)/../lib.sh

# A primary that counts its USR1s in /tmp/usr1 and forks nothing (a
# shell's loop would fork, and fail, while forks fail).
PAUSER='import signal
def usr1(n, f):
    with open("/tmp/usr1", "a") as f:
        f.write("usr1\n")
signal.signal(signal.SIGUSR1, usr1)
open("/tmp/ready", "w").close()
while True:
    signal.pause()'

# usr1_reaches_primary N: USR1 to PID 1 reaches the primary for the Nth
# time.
usr1_reaches_primary()
{
	kill -USR1 "$NS_PID"
	wait_for "[ \"\$(ns_exec grep -c usr1 /tmp/usr1 2>/dev/null)\" = $1 ]" 10
}

# pids_cgroup: in PIDS, a new pids cgroup of this test's (v1, or v2
# where the root hands out pids); skips the case where there is none.
pids_cgroup()
{
	if [ -w /sys/fs/cgroup/pids/cgroup.procs ]; then
		PIDS=/sys/fs/cgroup/pids
	elif grep -qw pids /sys/fs/cgroup/cgroup.subtree_control 2>/dev/null
	then
		PIDS=/sys/fs/cgroup
	else
		atf_skip "no pids cgroup to make"
	fi
	PIDS=$PIDS/dinit-fork-test-$$
	mkdir "$PIDS" && echo "$PIDS" >cgroup ||
	    atf_skip "cannot make a pids cgroup in $(dirname "$PIDS")"
}

atf_test_case fork_failing_is_answered cleanup
fork_failing_is_answered_head()
{
	atf_set descr "While PID 1 cannot fork (its pids cgroup is full) a" \
	    "submission is refused with the reason and USR1 still reaches" \
	    "the primary; once it can, the next one is served"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
fork_failing_is_answered_body()
{
	pids_cgroup
	# dinit and all it forks in the cgroup, this shell and nsenter not.
	ns_launch sh -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$PIDS" \
	    "$DINIT" -r "$PYTHON" -c "$PAUSER" >out 2>err
	wait_for 'ns_exec test -e /tmp/ready' 10
	knock
	echo 1 >"$PIDS/pids.max"
	ns_exec_check -s exit:1 \
	    -e inline:'dinit: error exec: Resource temporarily unavailable\n' \
	    -- "$NS_DINIT" -submit -r /bin/true
	usr1_reaches_primary 1
	echo max >"$PIDS/pids.max"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r /bin/true
	usr1_reaches_primary 2
	stop
	atf_check_equal 143 "$NS_STATUS"
}
fork_failing_is_answered_cleanup()
{
	[ -f cgroup ] && rmdir "$(cat cgroup)" 2>/dev/null || :
}

atf_test_case process_limit_is_answered
process_limit_is_answered_head()
{
	atf_set descr "A submission whose uid is at its RLIMIT_NPROC cannot" \
	    "exec: it is refused with the reason, root's still run, and" \
	    "once the uid's processes end its next one is served"
	atf_set require.user root
	atf_set timeout 30
}
process_limit_is_answered_body()
{
	# uids of this test alone: the limit counts a uid's every process.
	u=$((OWN_UID + 30000))
	as_u="setpriv --reuid $u --regid $u --clear-groups"
	ns_launch prlimit --nproc=3:3 "$DINIT" -user $OWN_UID:$OWN_UID \
	    -socket-mode 0666 -r sleep 60 >out 2>err
	ns_ready
	n=0
	while ns_exec $as_u "$NS_DINIT" -submit -r sleep 30 2>refused; do
		n=$((n + 1))
		[ $n -lt 10 ] || atf_fail "10 served past RLIMIT_NPROC 3"
	done
	echo "$n served before the limit"
	atf_check -o inline:'dinit: error exec: Resource temporarily unavailable\n' \
	    cat refused
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r /bin/true
	ns_exec pkill -KILL -U $u
	wait_for "! ns_exec pgrep -U $u >/dev/null" 10
	ns_exec_check -o match:'^ok [0-9]+$' -- $as_u "$NS_DINIT" -submit \
	    -r /bin/true
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_init_test_cases()
{
	atf_add_test_case fork_failing_is_answered
	atf_add_test_case process_limit_is_answered
}

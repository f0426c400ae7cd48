#! /usr/bin/env atf-sh
# PID 1 under storms: thousands of orphans to reap, thousands of
# signals to pass on.  Each case prints what it measured.

. $(atf_get_srcdir)/../lib.sh

# "pid state ppid comm" for every process in the /proc it runs with.
PROCS='cat /proc/[0-9]*/stat 2>/dev/null |
    sed -n "s/^\([0-9]*\) (\(.*\)) \(.\) \([0-9]*\) .*/\1 \3 \4 \2/p"'

atf_test_case five_thousand_orphans_reaped
five_thousand_orphans_reaped_head()
{
	atf_set descr "As PID 1, 5,000 orphans are adopted and reaped; no" \
	    "zombie is left and dinit runs on"
	atf_set require.user root
	atf_set timeout 900
}
five_thousand_orphans_reaped_body()
{
	t0=$(now_ms)
	ns_start -r "$HELPERS/orphans" 5000 -r sleep 1000
	# Each orphan says who adopted it, then exits.  10,000 forks take
	# a second or two on a quiet machine, over 90 s on a loaded one:
	# the bounds are the test's timeout, not a guess at the load.
	wait_for '[ "$(wc -l <out)" -eq 5000 ]' 600
	atf_check -o inline:'1\n' sort -u out
	wait_for "ns_log_has 'orphans 5000\] (status 0)'" 120
	t1=$(now_ms)
	# Gone for good: not even a zombie named orphans is left.
	wait_for '! ns_exec sh -c "$PROCS" | grep -q " orphans$"' 120
	echo "5000 orphans adopted in $((t1 - t0)) ms, all reaped" \
	    "$(($(now_ms) - t1)) ms later"
	ns_exec sh -c "$PROCS" >procs.txt
	atf_check -o empty awk '$2 == "Z"' procs.txt
	kill -0 $NS_PID || atf_fail "dinit is gone"
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
}

# both_got SIG: the -r child and the submitted one have counted a SIG.
both_got()
{
	grep -q "^$1 [1-9]" cmd.count && grep -q "^$1 [1-9]" sub.count
}

atf_test_case signal_storm
signal_storm_head()
{
	atf_set descr "5,000 HUPs and 5,000 USR1s to PID 1 in a tight loop:" \
	    "a -r child and a submitted one each get at least one of each," \
	    "dinit does not shut down, still passes signals on and takes" \
	    "submissions, and at TERM both are still its children (TERM," \
	    "logged finished); exit 143"
	atf_set require.user root
	atf_set timeout 60
}
signal_storm_body()
{
	# The primary ignores HUP and USR1 (exec keeps that), so only TERM
	# ends it.
	ns_start -r "$HELPERS/sigcount" cmd.count \
	    -r sh -c 'trap "" HUP USR1; exec sleep 100'
	ns_ready
	ns_exec_check -o save:reply -- "$DINIT" -submit \
	    -r "$HELPERS/sigcount" sub.count
	wait_for 'test -e cmd.count && test -e sub.count' 10
	t0=$(now_ms)
	ns_exec sh -c 'i=0; while [ $i -lt 5000 ]; do
	    kill -HUP 1; kill -USR1 1; i=$((i + 1)); done'
	t1=$(now_ms)
	# Coalesced, so at least one of each, not all.
	wait_for 'both_got HUP && both_got USR1' 10
	echo "10000 signals sent in $((t1 - t0)) ms; delivered:" \
	    "-r child $(tr '\n' ' ' <cmd.count)," \
	    "submitted child $(tr '\n' ' ' <sub.count)"
	kill -0 $NS_PID || atf_fail "dinit is gone"
	atf_check -s exit:1 grep 'shutting down' err
	# And one more HUP, once all is quiet, is still passed on.
	n=$(sed -n 's/^HUP //p' cmd.count)
	kill -HUP $NS_PID
	wait_for '[ $(sed -n "s/^HUP //p" cmd.count) -gt $n ]' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch after
	wait_for 'test -e after' 10
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
	atf_check -o match:'^TERM$' cat cmd.count
	atf_check -o match:'^TERM$' cat sub.count
	atf_check -o match:'finished: \[.*/sigcount cmd\.count\] \(status 0\)' \
	    cat err
	atf_check -o match:'finished: \[.*/sigcount sub\.count\] \(status 0\)' \
	    cat err
	atf_check -o match:'finished: \[sh -c .*\] \(signal TERM\)' cat err
}

atf_init_test_cases()
{
	atf_add_test_case five_thousand_orphans_reaped
	atf_add_test_case signal_storm
}

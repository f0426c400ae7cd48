#! /usr/bin/env atf-sh
# Reaping: every zombie, adopted orphans included, as PID 1 and, as a
# child subreaper, when not PID 1.

. $(atf_get_srcdir)/../lib.sh

# "pid state ppid comm" for every process in the /proc it runs with.
PROCS='cat /proc/[0-9]*/stat 2>/dev/null |
    sed -n "s/^\([0-9]*\) (\(.*\)) \(.\) \([0-9]*\) .*/\1 \3 \4 \2/p"'

atf_test_case orphans_are_reaped_as_pid1
orphans_are_reaped_as_pid1_head()
{
	atf_set descr "As PID 1, 500 orphans are adopted and reaped; no" \
	    "zombie is left"
	atf_set require.user root
	atf_set timeout 120
}
orphans_are_reaped_as_pid1_body()
{
	ns_start -r "$HELPERS/orphans" 500 -r sleep 100
	# Each orphan says who adopted it, then exits.
	wait_for '[ "$(wc -l <out)" -eq 500 ]' 60
	atf_check -o inline:'1\n' sort -u out
	wait_for "ns_log_has 'orphans 500\] (status 0)'" 30
	# Gone for good: not even a zombie named orphans is left.
	wait_for '! ns_exec sh -c "$PROCS" | grep -q " orphans$"' 30
	ns_exec sh -c "$PROCS" >procs.txt
	atf_check -o empty awk '$2 == "Z"' procs.txt
	kill -TERM $NS_PID
	ns_wait
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case orphans_are_reaped_when_not_pid1
orphans_are_reaped_when_not_pid1_head()
{
	atf_set descr "Not PID 1, dinit is a subreaper: the orphans of its" \
	    "subtree are adopted by it and reaped"
	atf_set require.user root
	atf_set timeout 120
}
orphans_are_reaped_when_not_pid1_body()
{
	"$DINIT" -socket none -r "$HELPERS/orphans" 500 -r sleep 100 \
	    >out 2>err &
	dpid=$!
	trap 'kill -KILL $dpid 2>/dev/null' EXIT
	wait_for '[ "$(wc -l <out)" -eq 500 ]' 60
	atf_check -o inline:"$dpid\n" sort -u out
	wait_for "ns_log_has 'orphans 500\] (status 0)'" 30
	wait_for '! sh -c "$PROCS" | grep -q "^[0-9]* . $dpid orphans\$"' 30
	sh -c "$PROCS" >procs.txt
	atf_check -o empty awk -v p=$dpid '$2 == "Z" && $3 == p' procs.txt
	kill -TERM $dpid
	st=0
	wait $dpid || st=$?
	trap - EXIT
	atf_check_equal 143 $st
}

atf_init_test_cases()
{
	atf_add_test_case orphans_are_reaped_as_pid1
	atf_add_test_case orphans_are_reaped_when_not_pid1
}

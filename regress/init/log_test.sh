#! /usr/bin/env atf-sh
# PID 1's log can neither be flooded nor stop it: a uid's refusals are
# logged within a budget (a burst of 10, then one a second) and the rest
# summed up, and a reader that stops reading makes init drop lines, and
# count them, rather than block.

. $(atf_get_srcdir)/../lib.sh

# refusals_told: uid 1000's refusals the log has told of, one by one
# or in a summary.
refusals_told()
{
	echo $(($(grep -c 'refused .*(submitted by uid 1000 ' err) + \
	    $(sed -n 's/.* \([0-9]*\) more refusals* from uid 1000$/\1/p' err |
	    paste -sd+ - | sed 's/^$/0/')))
}

atf_test_case refusal_flood_is_logged_within_budget
refusal_flood_is_logged_within_budget_head()
{
	atf_set descr "2000 refused submissions from uid 1000 give at most" \
	    "10 refusal lines and one a second after, plus summaries" \
	    "'N more refusals from uid 1000' that count the rest"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
refusal_flood_is_logged_within_budget_body()
{
	write_clients
	start -socket-mode 0666 -submit-max 0 -r sleep 60
	t0=$(now_ms)
	ns_exec $AS_USER "$PYTHON" clients.py 2000 4 '-r /bin/true\n' >tally
	cat tally
	atf_check_equal 2000 \
	    "$(count 'error limit: too many running submissions\n' tally)"
	wait_for '[ $(refusals_told) -ge 2000 ]' 10
	secs=$((($(now_ms) - t0 + 999) / 1000))
	lines=$(grep -c 'refused .*(submitted by uid 1000 ' err)
	grep 'more refusals' err
	echo "$lines refusal lines and $(grep -c 'more refusals' err)" \
	    "summaries in ${secs} s"
	atf_check_equal 2000 "$(refusals_told)"
	[ "$lines" -le $((10 + secs)) ] ||
	    atf_fail "$lines refusal lines in $secs s"
	atf_check -o match:'dinit: [0-9]+ more refusals from uid 1000$' cat err
	stop
}

atf_test_case one_more_refusal_is_one
one_more_refusal_is_one_head()
{
	atf_set descr "11 refusals of uid 1000 in a row: 10 lines and the" \
	    "summary '1 more refusal from uid 1000', singular"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
one_more_refusal_is_one_body()
{
	write_clients
	start -socket-mode 0666 -submit-max 0 -r sleep 60
	ns_exec $AS_USER "$PYTHON" clients.py 11 1 '-r /bin/true\n' >tally
	wait_for '[ $(refusals_told) -ge 11 ]' 10
	atf_check_equal 11 "$(refusals_told)"
	atf_check -o match:'dinit: 1 more refusal from uid 1000$' cat err
	stop
}

# full_fifo PATH: fill the FIFO at PATH up to its last byte, with
# newlines, so that what follows starts a line of its own.
full_fifo()
{
	"$PYTHON" -c '
import os, sys
fd = os.open(sys.argv[1], os.O_WRONLY | os.O_NONBLOCK)
for size in (4096, 1):
    try:
        while True:
            os.write(fd, b"\n" * size)
    except BlockingIOError:
        pass
' "$1"
}

# stuck_start: dinit as PID 1, its stderr a full FIFO (log) that fd 7,
# a reader, never reads, as by usr1_start.
stuck_start()
{
	mkfifo log
	exec 7<>log
	full_fifo log
	usr1_start >out 2>log 7<&-
}

# usr1_start: dinit as PID 1, its socket open to all, its output where
# the caller sends it, with a primary that counts its USR1s in
# /tmp/usr1, once it is ready to.
usr1_start()
{
	ns_launch "$DINIT" -socket-mode 0666 -r sh -c \
	    'trap "echo usr1 >>/tmp/usr1" USR1;
	    touch /tmp/ready; while :; do sleep 0.1; done'
	wait_for 'ns_exec test -e /tmp/ready' 10
}

# usr1_reaches_primary N: USR1 to PID 1 reaches the primary for the Nth
# time.
usr1_reaches_primary()
{
	kill -USR1 "$NS_PID"
	wait_for "[ \"\$(ns_exec grep -c usr1 /tmp/usr1 2>/dev/null)\" = $1 ]" 10
}

atf_test_case full_log_pipe_stops_nothing
full_log_pipe_stops_nothing_head()
{
	atf_set descr "dinit's stderr is a full pipe no one reads: PID 1" \
	    "still passes USR1 to the primary and serves 200 submissions"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
full_log_pipe_stops_nothing_body()
{
	write_clients
	stuck_start
	usr1_reaches_primary 1
	ns_ready
	ns_exec "$PYTHON" clients.py 200 4 '-r /bin/true\n' >tally
	cat tally
	atf_check_equal 200 "$(count ok tally)"
	echo "PID 1 waits in $(cat /proc/$NS_PID/wchan)"
	usr1_reaches_primary 2
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case dropped_log_lines_are_counted
dropped_log_lines_are_counted_head()
{
	atf_set descr "Once the log pipe is read again, a line 'N log lines" \
	    "dropped' (N > 0, stamped as every line) comes before the next"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
dropped_log_lines_are_counted_body()
{
	write_clients
	stuck_start
	ns_ready
	ns_exec "$PYTHON" clients.py 20 4 '-r /bin/true\n' >tally
	atf_check_equal 20 "$(count ok tally)"
	cat log >log.out &
	exec 7<&-
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r /bin/true
	wait_for 'grep -q "started: \[/bin/true\]" log.out' 10
	grep -v '^$' log.out
	atf_check -o match:'^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9]{2}:[0-9]{2}:[0-9]{2} dinit: [1-9][0-9]* log lines? dropped$' \
	    grep -E 'log lines? dropped' log.out
	n=$(sed -n 's/.* \([0-9]*\) log lines* dropped$/\1/p' log.out)
	# The primary's start and the submissions' at least.
	[ "$n" -ge 21 ] || atf_fail "only $n lines counted as dropped"
	stop
}

# served_without_log: with the log lost, PID 1 serves root and uid 1000,
# passes USR1 on, starts a new sockd after one is killed, and writes to
# its stdout (out) nothing of the log.
served_without_log()
{
	write_clients
	ns_ready
	ns_exec "$PYTHON" clients.py 50 4 '-r /bin/true\n' >tally
	atf_check_equal 50 "$(count ok tally)"
	ns_exec $AS_USER "$PYTHON" clients.py 50 4 '-r /bin/true\n' >tally
	atf_check_equal 50 "$(count ok tally)"
	usr1_reaches_primary 1
	old=$(sockd_pid)
	ns_exec kill -KILL "$old"
	wait_for '[ -z "$(sockd_pid)" ]' 10
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit -r /bin/true
	[ "$(sockd_pid)" != "$old" ] || atf_fail "no new sockd"
	usr1_reaches_primary 2
	atf_check -s exit:1 grep dinit: out
}

atf_test_case closed_stderr_loses_only_the_log
closed_stderr_loses_only_the_log_head()
{
	atf_set descr "dinit started with stderr closed: nothing else takes" \
	    "fd 2's place, and it serves, passes signals on and ends as" \
	    "ever"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
closed_stderr_loses_only_the_log_body()
{
	usr1_start >out 2>&-
	served_without_log
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case gone_log_reader_loses_only_the_log
gone_log_reader_loses_only_the_log_head()
{
	atf_set descr "dinit's stderr a pipe whose reader is gone: it serves," \
	    "passes signals on and ends as ever, and a new reader is told" \
	    "how many lines were lost"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
gone_log_reader_loses_only_the_log_body()
{
	mkfifo log
	exec 7<>log
	usr1_start >out 2>log 7<&-
	exec 7<&-
	served_without_log
	cat log >log.out &
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r /bin/true
	wait_for 'grep -q "started: \[/bin/true\]" log.out' 10
	atf_check -o match:' dinit: [1-9][0-9]* log lines dropped$' cat log.out
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_init_test_cases()
{
	atf_add_test_case refusal_flood_is_logged_within_budget
	atf_add_test_case one_more_refusal_is_one
	atf_add_test_case full_log_pipe_stops_nothing
	atf_add_test_case dropped_log_lines_are_counted
	atf_add_test_case closed_stderr_loses_only_the_log
	atf_add_test_case gone_log_reader_loses_only_the_log
}

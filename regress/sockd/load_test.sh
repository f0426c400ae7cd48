#! /usr/bin/env atf-sh
# The socket under load: floods of bad and of valid submissions, a
# thousand clients at once, and init's limits on running submissions
# and on submissions per second.  Each case prints what it measured.

. $(atf_get_srcdir)/../lib.sh

# "pid state ppid comm" for every process in the /proc it runs with.
PROCS='cat /proc/[0-9]*/stat 2>/dev/null |
    sed -n "s/^\([0-9]*\) (\(.*\)) \(.\) \([0-9]*\) .*/\1 \3 \4 \2/p"'

# zombies: how many zombies the namespace holds.
zombies()
{
	ns_exec sh -c "$PROCS" | awk '$2 == "Z"' | wc -l
}

# pid_of PATTERN: the pid of the command logged as started: PATTERN.
pid_of()
{
	sed -n "s/.* pid \([0-9]*\) started: $1.*/\1/p" err | head -n 1
}

atf_test_case bad_submissions_flood
bad_submissions_flood_head()
{
	atf_set descr "2,000 bad requests (junk, too long, NUL and control" \
	    "bytes, unbalanced quotes, too many words), 8 at a time, are each" \
	    "answered 'error ...'; nothing runs, init, the primary and sockd" \
	    "are untouched, and a valid submission works afterwards"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
bad_submissions_flood_body()
{
	write_clients
	start -r sleep 100
	wait_for "ns_log_has 'started: \[sleep 100\]'" 10
	primary=$(pid_of '\[sleep 100\]')
	knock
	sockd=$(sockd_pid)
	long=$(printf '%0600d' 0)
	words=$(seq -s ' ' 1 70)
	# Each would touch ./ranN if it were taken for a command.
	ns_exec "$PYTHON" clients.py 2000 8 \
	    'touch ran1\n' \
	    "-r touch ran2 $long\\n" \
	    '-r touch ran3\x00x\n' \
	    '-r touch "ran4\n' \
	    '-r touch ran5 \x01\n' \
	    "-r touch ran6 $words\\n" \
	    '-r touch "" ran7\n' \
	    '-r\n' >tally
	cat tally
	sed '/^elapsed_ms /d' tally >answers
	# One line each, and an error: "error WHY\n" with no other newline.
	atf_check -s exit:1 -o empty grep -Ev '^[0-9]+ error [^\\]+\\n$' answers
	atf_check -o inline:'2000\n' awk '{ n += $1 } END { print n }' answers
	for e in 'control byte' 'line too long' 'no -r' 'unbalanced quote' \
	    'too many arguments' 'empty argument' 'empty command'; do
		atf_check -o ignore grep " error $e" tally
	done
	atf_check -s exit:1 grep 'submitted by' err
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch after
	wait_for 'test -e after' 10
	atf_check -o inline:'1\n' grep -c 'started: .*submitted by' err
	for f in ran*; do
		[ -e "$f" ] && atf_fail "a bad request ran: $f"
	done
	ns_exec kill -0 1 || atf_fail "dinit is gone"
	ns_exec kill -0 "$primary" || atf_fail "the primary is gone"
	atf_check_equal "$sockd" "$(sockd_pid)"
	atf_check -s exit:1 grep 'sockd pid' err
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case ten_thousand_valid_submissions
ten_thousand_valid_submissions_head()
{
	atf_set descr "10,000 submissions of /bin/true, 4 at a time, with" \
	    "-submit-rate 0: each is answered 'ok PID', started, finished" \
	    "and reaped; no zombie is left"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 600
}
ten_thousand_valid_submissions_body()
{
	write_clients
	start -submit-rate 0 -r sleep 1000
	ns_exec "$PYTHON" clients.py 10000 4 '-r /bin/true\n' >tally
	cat tally
	atf_check_equal 10000 "$(count ok tally)"
	atf_check -o inline:'2\n' grep -c '' tally
	wait_for '[ $(grep -c "finished: \[/bin/true\]" err) -eq 10000 ]' 30
	atf_check -o inline:'10000\n' \
	    grep -c 'started: \[/bin/true\] (submitted by uid 0 ' err
	atf_check -o inline:'10000\n' \
	    grep -c 'finished: \[/bin/true\] (status 0)$' err
	t0=$(now_ms)
	wait_for '[ $(zombies) -eq 0 ]' 30
	echo "no zombie $(($(now_ms) - t0)) ms after the last finished line"
	atf_check -s exit:1 grep -E 'refused|cannot|reply to|sockd pid' err
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r true
	stop
	atf_check_equal 143 "$NS_STATUS"
}

# atonce.py N: N clients connect at once, each sends one request, and
# the answers are tallied.
write_atonce()
{
	cat >atonce.py <<'EOF'
import re, resource, select, socket, sys, time
n = int(sys.argv[1])
soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
if soft < n + 64:
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, n + 64), hard))
t0 = time.monotonic()
socks = {}
for i in range(n):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("/tmp/dinit.sock")
    socks[s.fileno()] = (s, [b""])
    try:
        s.sendall(b"-r /bin/true\n")
        s.shutdown(socket.SHUT_WR)
    except (BrokenPipeError, ConnectionResetError):
        pass	# refused already: the answer waits to be read
t1 = time.monotonic()
p = select.poll()
for fd in socks:
    p.register(fd, select.POLLIN)
tally, slowest = {}, 0
while socks and time.monotonic() < t0 + 60:
    for fd, ev in p.poll(1000):
        s, b = socks[fd]
        try:
            k = s.recv(4096)
        except ConnectionResetError:
            k = b""
        if k:
            b[0] += k
            continue
        r = re.sub(rb"^ok [0-9]+\n$", b"ok", b[0])
        tally[r] = tally.get(r, 0) + 1
        p.unregister(fd)
        del socks[fd]
        s.close()
        slowest = time.monotonic() - t0
print("connect_ms %d" % ((t1 - t0) * 1000))
print("slowest_ms %d" % (slowest * 1000))
print("hung %d" % len(socks))
for r, k in sorted(tally.items()):
    print("%d %s" % (k, r.decode("latin-1").encode("unicode_escape").decode()))
EOF
}

atf_test_case thousand_connections_at_once
thousand_connections_at_once_head()
{
	atf_set descr "1,000 clients connect at once and each sends a valid" \
	    "request: each gets exactly one line, 'ok PID' or 'error ...'," \
	    "some are ok, none hangs, each ok is one start, and init runs on"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 90
}
thousand_connections_at_once_body()
{
	write_atonce
	start -r sleep 100
	ns_exec "$PYTHON" atonce.py 1000 >tally
	cat tally
	atf_check -o inline:'hung 0\n' grep '^hung' tally
	sed '/^[a-z]/d' tally >answers
	# One line each: "ok", or "error WHY\n" with no other newline.
	atf_check -s exit:1 -o empty \
	    grep -Ev '^[0-9]+ (ok|error [^\\]+\\n)$' answers
	atf_check -o inline:'1000\n' awk '{ n += $1 } END { print n }' answers
	ok=$(awk '$2 == "ok" { print $1 }' answers)
	[ "${ok:-0}" -gt 0 ] || atf_fail "not one client got ok"
	# Every ok is a command started, and only those started.
	wait_for '[ $(grep -c "started: \[/bin/true\]" err) -ge $ok ]' 30
	atf_check -o inline:"$ok\n" grep -c 'started: \[/bin/true\]' err
	ns_exec kill -0 1 || atf_fail "dinit is gone"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r true
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case submit_max_refuses_with_limit
submit_max_refuses_with_limit_head()
{
	atf_set descr "With -submit-max 2 and two submissions of uid 1000" \
	    "running, its third is answered 'error limit...' (-submit exits" \
	    "1) and does not run, while root's still runs; once one of the" \
	    "two ends, a new one is accepted"
	atf_set require.user root
	atf_set timeout 30
}
submit_max_refuses_with_limit_body()
{
	start -socket-mode 0666 -submit-max 2 -r sleep 100
	ns_exec_check -o save:r1 -- $AS_USER "$NS_DINIT" -submit -r sleep 30
	ns_exec_check -o save:r2 -- $AS_USER "$NS_DINIT" -submit -r sleep 31
	p1=$(sed -n 's/^ok //p' r1)
	atf_check -o match:'^ok [0-9]+$' cat r1 r2
	t0=$(now_ms)
	ns_exec_check -s exit:1 -o empty -e save:third.err \
	    -- $AS_USER "$NS_DINIT" -submit -r touch /tmp/third
	echo "third refused in $(($(now_ms) - t0)) ms: $(cat third.err)"
	atf_check -o match:'error limit: too many running submissions' \
	    cat third.err
	atf_check -o match:'refused \[touch /tmp/third\] \(submitted by uid 1000 .*: limit' \
	    cat err
	# The limit is uid 1000's: root is not held to it.
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch root
	wait_for 'test -e root' 10
	ns_exec kill -TERM "$p1"
	wait_for "ns_log_has 'pid $p1, finished: \[sleep 30\]'" 10
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    $AS_USER "$NS_DINIT" -submit -r touch /tmp/fourth
	wait_for 'ns_exec test -e /tmp/fourth' 10
	ns_exec test -e /tmp/third && atf_fail "the refused command ran"
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case submit_rate_refuses_with_rate
submit_rate_refuses_with_rate_head()
{
	atf_set descr "With -submit-rate 5, of a burst of 20 submissions" \
	    "from uid 1000 about 5 are ok (5 plus what refills during the" \
	    "burst) and the rest get 'error rate...', while a burst of 20" \
	    "from root meanwhile is served in full; a second later 5 in a" \
	    "row of uid 1000 are ok again"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
submit_rate_refuses_with_rate_body()
{
	write_clients
	start -socket-mode 0666 -submit-rate 5 -r sleep 100
	ns_exec $AS_USER "$PYTHON" clients.py 20 1 '-r /bin/true\n' >tally
	cat tally
	ns_exec "$PYTHON" clients.py 20 1 '-r /bin/true\n' >roottally
	atf_check_equal 20 "$(count ok roottally)"
	ms=$(sed -n 's/^elapsed_ms //p' tally)
	ok=$(count ok tally)
	rate=$(count 'error rate: too many submissions per second\n' tally)
	# The bucket holds 5 and refills at 5 a second.
	max=$((5 + (ms * 5 + 999) / 1000))
	echo "burst of 20 in $ms ms: $ok ok (at most $max), $rate refused"
	[ "$ok" -ge 5 ] && [ "$ok" -le "$max" ] ||
	    atf_fail "$ok ok, not 5 to $max"
	atf_check_equal 20 $((ok + rate))
	sleep 1		# the bucket refills with time
	ns_exec $AS_USER "$PYTHON" clients.py 5 1 '-r /bin/true\n' >tally
	cat tally
	atf_check_equal 5 "$(count ok tally)"
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case root_burst_of_400_is_served_in_full
root_burst_of_400_is_served_in_full_head()
{
	atf_set descr "400 connections from root at once, more than sockd" \
	    "holds: every one is answered 'ok PID' (the rest wait in the" \
	    "backlog), as the original served them"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 90
}
root_burst_of_400_is_served_in_full_body()
{
	write_atonce
	start -r sleep 100
	ns_exec "$PYTHON" atonce.py 400 >tally
	cat tally
	atf_check -o inline:'hung 0\n400 ok\n' grep -E '^(hung|[0-9]+ )' tally
	wait_for '[ $(grep -c "started: \[/bin/true\]" err) -eq 400 ]' 30
	stop
}

atf_init_test_cases()
{
	atf_add_test_case root_burst_of_400_is_served_in_full
	atf_add_test_case bad_submissions_flood
	atf_add_test_case ten_thousand_valid_submissions
	atf_add_test_case thousand_connections_at_once
	atf_add_test_case submit_max_refuses_with_limit
	atf_add_test_case submit_rate_refuses_with_rate
}

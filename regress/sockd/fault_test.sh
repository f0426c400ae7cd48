#! /usr/bin/env atf-sh
# sockd in trouble: out of file descriptors, stopped, dying at every
# start; and the whole of dinit under valgrind.  Whatever happens to
# sockd, init and its children carry on.  Each case prints what it
# measured.

. $(atf_get_srcdir)/../lib.sh

# ticks: utime + stime of the /proc/PID/stat on stdin, its fields 14
# and 15 (comm may hold blanks).
ticks()
{
	sed 's/.*) //' | awk '{ print $12 + $13 }'
}

# pass_ms T0 MS: wait until MS ms have passed since T0 (from now_ms):
# for what is measured over a span of time, not a condition.
pass_ms()
{
	while [ $(($(now_ms) - $1)) -lt $2 ]; do
		sleep 0.01
	done
}

# pid_of PATTERN: the pid of the command logged as started: PATTERN.
pid_of()
{
	sed -n "s/.* pid \([0-9]*\) started: $1.*/\1/p" err | head -n 1
}

atf_test_case sockd_out_of_fds_refuses_and_recovers
sockd_out_of_fds_refuses_and_recovers_head()
{
	atf_set descr "Under RLIMIT_NOFILE 12, 40 silent clients take more" \
	    "fds than sockd has: it evicts the oldest with 'error busy', a" \
	    "new client is answered at once (not after the silent ones' read" \
	    "deadline), sockd is not killed, and once they are gone a" \
	    "normal submission works"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
sockd_out_of_fds_refuses_and_recovers_body()
{
	# init needs 17: 14 with a sockd (sockd's stderr pipe and the
	# relay's two pipes among them), and 3 for a submission (the
	# client's connection, the exec-status pipe).
	nofile=17
	cat >fds.py <<'EOF'
import select, socket, sys, time
k, nofile = int(sys.argv[1]), int(sys.argv[2])
def answered(socks):
    return [s for s in socks if select.select([s], [], [], 0)[0]]
t0 = time.monotonic()
silent = []
for i in range(k):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("/tmp/dinit.sock")
    silent.append(s)
# sockd cannot hold them all: at least k - nofile must be turned away.
while len(answered(silent)) < k - nofile and time.monotonic() < t0 + 1.5:
    time.sleep(0.01)
evicted = answered(silent)
replies = {}
for s in evicted:
    r = s.recv(4096)
    replies[r] = replies.get(r, 0) + 1
t1 = time.monotonic()
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.settimeout(10)
b = b""
try:
    c.connect("/tmp/dinit.sock")
    try:
        c.sendall(b"-r touch served\n")
        c.shutdown(socket.SHUT_WR)
    except BrokenPipeError:
        pass	# answered "busy" and closed before we wrote: read it
    while True:
        x = c.recv(4096)
        if not x:
            break
        b += x
except OSError as e:
    b += ("(%s)" % e).encode()
t2 = time.monotonic()
still = k - len(answered(silent))
print("silent %d, evicted %d in %d ms: %r" % (k, len(evicted),
    (t1 - t0) * 1000, replies))
print("new client answered %r in %d ms, %d silent ones still open" %
    (b, (t2 - t1) * 1000, still))
print("answer %s" % b.decode("latin-1").encode("unicode_escape").decode())
print("still_open %d" % still)
print("answer_ms %d" % ((t2 - t1) * 1000))
for s in silent:
    s.close()
EOF
	# sockd inherits the limit; ns_exec's clients do not.  It runs as
	# a uid of its own: with nobody's, other sockds' fds in flight
	# would count against its 17 and make it answer busy.
	NS_SETUP="ulimit -n $nofile && $NS_SETUP"
	start -user $OWN_UID:$OWN_UID -r sleep 100
	ns_send close </dev/null
	wait_for '[ -n "$(sockd_pid)" ] || ns_log_has "sockd pid"' 10
	if ns_log_has 'sockd pid'; then
		grep sockd err
		atf_fail "with RLIMIT_NOFILE $nofile sockd does not start"
	fi
	sockd=$(sockd_pid)
	ns_exec cat /proc/$sockd/limits | grep 'open files'
	t0=$(ns_exec cat /proc/$sockd/stat | ticks)
	ns_exec "$PYTHON" fds.py 40 $nofile >fds.out
	t1=$(ns_exec cat /proc/$sockd/stat | ticks)
	cat fds.out
	echo "sockd used $((t1 - t0)) ticks of CPU meanwhile"
	# Served, or told busy; either way well before the silent clients'
	# 2 s read deadline would have freed anything.
	atf_check -o match:'^answer (ok [0-9]+|error busy)\\n$' \
	    grep '^answer ' fds.out
	atf_check -o not-match:'^still_open 0$' grep '^still_open' fds.out
	ms=$(sed -n 's/^answer_ms //p' fds.out)
	[ "$ms" -lt 1000 ] || atf_fail "the new client waited $ms ms"
	[ $((t1 - t0)) -lt 100 ] || atf_fail "sockd spun: $((t1 - t0)) ticks"
	atf_check_equal "$sockd" "$(sockd_pid)"
	atf_check -s exit:1 grep -E 'SIGSYS|sockd pid' err
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch after
	wait_for 'test -e after' 10
	stop
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case sockd_stopped_does_not_affect_init
sockd_stopped_does_not_affect_init_head()
{
	atf_set descr "sockd stopped (SIGSTOP) for 3 s: meanwhile init passes" \
	    "a HUP on to its children and reaps an orphan at once, the" \
	    "primary and a submitted child run on, and a client that came" \
	    "during the stop is served after SIGCONT; init logs no trouble"
	atf_set require.user root
	atf_set timeout 60
}
sockd_stopped_does_not_affect_init_body()
{
	start -r "$HELPERS/sigcount" primary.count
	ns_exec_check -o save:reply -- "$DINIT" -submit \
	    -r "$HELPERS/sigcount" child.count
	child=$(sed -n 's/^ok //p' reply)
	wait_for 'test -e primary.count && test -e child.count' 10
	primary=$(pid_of '\[.*sigcount primary.count\]')
	sockd=$(sockd_pid)

	ns_exec kill -STOP "$sockd"
	t0=$(now_ms)
	ns_exec timeout 20 "$DINIT" -submit -r touch during >during.out &
	client=$!
	kill -HUP $NS_PID
	wait_for 'grep -qx "HUP 1" primary.count' 5
	wait_for 'grep -qx "HUP 1" child.count' 5
	t_hup=$(($(now_ms) - t0))
	ns_exec sh -c 'sleep 0.1 & echo $! >orphan'
	orphan=$(cat orphan)
	wait_for '! ns_exec test -e /proc/$orphan' 5
	t_orphan=$(($(now_ms) - t0))
	echo "sockd stopped: HUP passed on after $t_hup ms," \
	    "orphan reaped after $t_orphan ms"
	[ $t_orphan -lt 3000 ] || atf_fail "init was slow while sockd stopped"
	ns_exec_check -o inline:'T\n' -- \
	    sed -n 's/^State:[[:space:]]*\(.\).*/\1/p' /proc/$sockd/status
	[ ! -s during.out ] || atf_fail "answered by a stopped sockd?"
	pass_ms $t0 3000
	ns_exec kill -CONT "$sockd"
	t1=$(now_ms)
	wait $client || atf_fail "the client of the stop failed"
	echo "stopped $((t1 - t0)) ms; the client of the stop was answered" \
	    "$(($(now_ms) - t1)) ms after SIGCONT: $(cat during.out)"
	atf_check -o match:'^ok [0-9]+$' cat during.out
	wait_for 'test -e during' 10

	ns_exec kill -0 "$primary" || atf_fail "the primary is gone"
	ns_exec kill -0 "$child" || atf_fail "the submitted child is gone"
	atf_check_equal "$sockd" "$(sockd_pid)"
	atf_check -s exit:1 sh -c "grep -Ev ' (started|finished): ' err |
	    grep -E 'sockd pid|restarts|reply|bad frame|block|poll'"
	stop
	atf_check_equal 0 "$NS_STATUS"
	atf_check -o inline:'HUP 1\nUSR1 0\nTERM\n' cat primary.count
	atf_check -o inline:'HUP 1\nUSR1 0\nTERM\n' cat child.count
}

atf_test_case slow_init_is_waited_for
slow_init_is_waited_for_head()
{
	atf_set descr "init stopped for 11 s, past sockd's 10 s for a" \
	    "listing: a submission and a -kill passed on meanwhile are" \
	    "answered as init decides (ok), never \"error timeout\" for" \
	    "what init goes on to do"
	atf_set require.user root
	atf_set timeout 90
}
slow_init_is_waited_for_body()
{
	start -r sleep 100
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r sleep 100
	kill -STOP $NS_PID
	t0=$(now_ms)
	ns_exec "$DINIT" -submit -r touch ran >ran.out 2>&1 &
	submit=$!
	ns_exec "$DINIT" -kill 1 >kill.out 2>&1 &
	killer=$!
	pass_ms $t0 11000
	kill -CONT $NS_PID
	wait $submit || atf_fail "the submission: $(cat ran.out)"
	wait $killer || atf_fail "-kill 1: $(cat kill.out)"
	atf_check -o match:'^ok [0-9]+$' cat ran.out
	atf_check -o empty cat kill.out
	wait_for 'test -e ran' 10
	wait_for "grep -q 'finished: \[sleep 100\] (signal TERM) (ended on request)' err" 10
	stop
}

atf_test_case crashing_sockd_backs_off
crashing_sockd_backs_off_head()
{
	atf_set descr "A sockd that dies at every start (dinit-crashy), with" \
	    "a client knocking all along, is restarted after 100, 200, 400," \
	    "800, 1600 ms: a handful of deaths in 3 s, not a spin; during" \
	    "the long backoffs the client is refused or reset, not kept;" \
	    "PID 1 stays idle, never answers the client itself, and the" \
	    "primary runs on"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
crashing_sockd_backs_off_body()
{
	cat >deaths.py <<'EOF'
# deaths.py N: follow ./err until N sockd deaths are logged (10 s at
# most), looking every 2 ms, and print "J MS" for each two deaths J and
# J + 1 that were both seen as they came (each the one new death at its
# look): the ms between them.  A death that came before the first look,
# or along with another (this ran late: a busy machine), has no time.
import sys, time
n, t0, last, seen = int(sys.argv[1]), time.monotonic(), None, {}
while time.monotonic() < t0 + 10:
    k = open("err", "rb").read().count(b" killed by SIGABRT")
    if last is not None and k == last + 1:
        seen[k] = time.monotonic()
    last = k
    if k >= n:
        break
    time.sleep(0.002)
for j in sorted(seen):
    if j + 1 in seen:
        print(j, "%d" % ((seen[j + 1] - seen[j]) * 1000))
EOF
	# knocker.py SECONDS: for SECONDS, connect and wait for a byte or
	# EOF, saying nothing; refused, or reset (EOF), connect again.  No
	# sockd of this build ever takes the client, and PID 1 must not
	# either: it may only close the socket, refusing or resetting.
	cat >knocker.py <<'EOF'
import errno, select, socket, sys, time
end, refused, reset = time.monotonic() + float(sys.argv[1]), 0, 0
while time.monotonic() < end:
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    try:
        s.connect("/tmp/dinit.sock")
    except (ConnectionRefusedError, FileNotFoundError):
        # (No file: for the moment init makes the socket again.)
        refused += 1
        time.sleep(0.01)
        continue
    open("waiting", "w").close()
    if select.select([s], [], [], max(0, end - time.monotonic()))[0]:
        try:
            b = s.recv(64)
        except ConnectionResetError:
            b = b""
        if b:
            print("answered %r" % b)
            sys.exit(1)
        reset += 1
    s.close()
print("refused %s reset %d" % ("some" if refused else "none", reset))
EOF
	DINIT=$(dirname "$DINIT")/dinit-crashy
	start -r sleep 100
	ns_exec "$PYTHON" knocker.py 4 >knocker.out &
	knocker=$!
	wait_for 'test -e waiting' 10
	t0=$(now_ms)
	"$PYTHON" deaths.py 6 >gaps
	echo "sockd restarted after (death, gap in ms):" $(cat gaps)
	[ "$(grep -c . gaps)" -ge 2 ] || atf_fail "not 2 gaps seen in 10 s"
	# Never earlier than the backoff after death J, 100 << (J - 1) ms.
	# A late look at one death makes one gap shorter and the next
	# longer, so each gap may be off by half, and the sum of gaps in a
	# row, which only its two ends can shift, by a quarter.
	sum=0 wanted=0
	while read -r j ms; do
		want=$((100 << (j - 1)))
		[ "$ms" -ge $((want / 2)) ] ||
		    atf_fail "restart after $ms ms, not $want"
		sum=$((sum + ms)) wanted=$((wanted + want))
	done <gaps
	[ "$sum" -ge $((wanted * 3 / 4)) ] ||
	    atf_fail "restarts in $sum ms, not $wanted"
	pass_ms $t0 3000
	deaths=$(grep -c 'sockd pid [0-9]* killed by' err)
	ticks=$(ticks </proc/$NS_PID/stat)
	echo "$deaths sockd deaths in $(($(now_ms) - t0)) ms; PID 1 used" \
	    "$ticks ticks of CPU"
	[ "$deaths" -le 6 ] || atf_fail "$deaths sockd deaths in 3 s"
	[ "$ticks" -le 20 ] || atf_fail "PID 1 used $ticks ticks"
	sed -n 's/.*sockd restarts on demand, not before \([0-9]*\) ms$/\1/p' \
	    err >delays
	atf_check -o inline:'100\n200\n400\n800\n1600\n' head -n 5 delays
	wait $knocker || atf_fail "the knocking client failed"
	atf_check -o match:'^refused some reset [1-9]' cat knocker.out
	primary=$(pid_of '\[sleep 100\]')
	ns_exec kill -0 "$primary" || atf_fail "the primary is gone"
	stop
	atf_check_equal 143 "$NS_STATUS"
}

# vg_find: as lib.sh's ns_find, for a PID 1 that is valgrind's memcheck.
vg_find()
{
	NS_PID=$(cat /proc/$NS_UNSHARE/task/$NS_UNSHARE/children 2>/dev/null)
	NS_PID=${NS_PID% }
	case $(readlink /proc/$NS_PID/exe 2>/dev/null) in
	*/memcheck-*)	return 0;;
	esac
	[ -e /proc/$NS_UNSHARE ] || atf_fail "valgrind did not start"
	return 1
}

atf_test_case valgrind_clean
valgrind_clean_head()
{
	atf_set descr "dinit (dinit-valgrind: sockd without seccomp) as PID 1" \
	    "under valgrind's memcheck, 300 submissions, then TERM: no" \
	    "memory error and no definite or indirect leak in any process"
	atf_set require.user root
	atf_set require.progs "valgrind $PYTHON"
	atf_set timeout 120
}
valgrind_clean_body()
{
	vgdinit=$(dirname "$DINIT")/dinit-valgrind
	if grep -q __asan_init "$vgdinit"; then
		atf_skip "a sanitizer build does not run under valgrind"
	fi
	write_clients
	# As ns_start, with valgrind in front; PID 1 is then valgrind's
	# memcheck, not build/dinit.  valgrind's temporary files go to
	# TMPDIR, and Kyua's is not in the namespace.
	env --default-signal=INT,QUIT TMPDIR=/tmp unshare --pid --fork \
	    --mount-proc --mount sh -c "$NS_SETUP" ns valgrind \
	    --trace-children=yes --trace-children-skip='/usr/*,/bin/*' \
	    --leak-check=full \
	    --errors-for-leak-kinds=definite,indirect \
	    --error-exitcode=99 --log-file=/tmp/w/vg.%p.log \
	    "$vgdinit" -submit-rate 0 -r sleep 100 >out 2>err &
	NS_JOB=$! NS_UNSHARE=$!
	NS_PID=
	trap 'kill -KILL $NS_PID 2>/dev/null' EXIT
	wait_for vg_find 10
	wait_for "ns_log_has 'started: \[sleep 100\]'" 30
	t0=$(now_ms)
	ns_exec "$PYTHON" clients.py 300 4 '-r /bin/true\n' >tally
	cat tally
	atf_check_equal 300 "$(count ok tally)"
	echo "300 submissions under valgrind in $(($(now_ms) - t0)) ms"
	wait_for '[ $(grep -c "finished: \[/bin/true\]" err) -eq 300 ]' 30
	stop
	echo "dinit under valgrind exited $NS_STATUS"
	atf_check_equal 143 "$NS_STATUS"
	ls vg.*.log | wc -l | sed 's/$/ valgrind logs/'
	grep -h 'ERROR SUMMARY\|definitely lost\|indirectly lost' vg.*.log |
	    sed 's/^==[0-9]*== *//' | sort | uniq -c
	atf_check -o match:'ERROR SUMMARY: 0 errors' cat vg.1.log
	# sockd, a fresh image, ran under memcheck too.
	atf_check -o not-empty grep -l 'Command: .* -sockd ' vg.*.log
	atf_check -s exit:1 grep -E 'ERROR SUMMARY: [1-9]' vg.*.log
	atf_check -s exit:1 grep -E '(definitely|indirectly) lost: [1-9]' \
	    vg.*.log
}

atf_init_test_cases()
{
	atf_add_test_case sockd_out_of_fds_refuses_and_recovers
	atf_add_test_case sockd_stopped_does_not_affect_init
	atf_add_test_case slow_init_is_waited_for
	atf_add_test_case crashing_sockd_backs_off
	atf_add_test_case valgrind_clean
}

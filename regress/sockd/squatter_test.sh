#! /usr/bin/env atf-sh
# Someone else at the socket's path: a local user who may write the
# socket's directory races dinit for it, or listens there first.

. $(atf_get_srcdir)/../lib.sh

# gone PID: PID (a background job of this shell) has exited.
gone()
{
	[ ! -e /proc/$1 ] || grep -q '^State:.*Z' /proc/$1/status 2>/dev/null
}

# A uid 1000 process listening at PATH with a backlog of 0, its queue
# filled by its own connections, that never accepts.
SQUAT_PY='
import signal, socket, sys
path = sys.argv[1]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(0)
held = []
while True:
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.setblocking(False)
    try:
        c.connect(path)
    except BlockingIOError:
        break
    held.append(c)
print("full after", len(held), flush=True)
signal.pause()
'

atf_test_case squatter_with_full_backlog_is_refused_at_once
squatter_with_full_backlog_is_refused_at_once_head()
{
	atf_set descr "A uid 1000 process listening at /tmp/dinit.sock," \
	    "its backlog full, never accepting, neither holds dinit (PID 1)" \
	    "nor passes for a stale socket: dinit exits at once, naming the" \
	    "squatter's uid, and leaves its socket alone"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
squatter_with_full_backlog_is_refused_at_once_body()
{
	ns_start -socket none -r sleep 60
	wait_for 'ns_log_has "started: \[sleep 60\]"' 10
	ns_exec $AS_USER "$PYTHON" -c "$SQUAT_PY" /tmp/dinit.sock >squat.out &
	squat=$!
	wait_for 'grep -q "^full" squat.out' 10
	before=$(ns_exec stat -c '%F %u %i' /tmp/dinit.sock)

	# dinit as PID 1 of a namespace of its own, with the same /tmp.
	ns_exec unshare --pid --fork --mount-proc \
	    "$NS_DINIT" -r touch /tmp/ran >out2 2>err2 &
	d=$!
	wait_for "gone $d" 3
	status=0
	wait $d || status=$?
	cat err2

	atf_check_equal 1 "$status"
	atf_check -o match:'/tmp/dinit\.sock: someone else \(uid 1000\) is listening there; not touching it' \
	    cat err2
	ns_exec_check -o inline:"$before\n" -- stat -c '%F %u %i' \
	    /tmp/dinit.sock
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	! gone $squat || atf_fail "the squatter is gone"
	stop
}

atf_init_test_cases()
{
	atf_add_test_case squatter_with_full_backlog_is_refused_at_once
}

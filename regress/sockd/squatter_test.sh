#! /usr/bin/env atf-sh
# Someone else at the socket's path: a local user who may write the
# socket's directory races dinit for it, or listens there first.

. $(atf_get_srcdir)/../lib.sh

# gone PID: PID (a background job of this shell) has exited.
gone()
{
	[ ! -e /proc/$1 ] || grep -q '^State:.*Z' /proc/$1/status 2>/dev/null
}

atf_test_case racing_symlink_never_gets_mode_or_owner
racing_symlink_never_gets_mode_or_owner_head()
{
	atf_set descr "In a directory anyone may write, a uid 1000 process" \
	    "swapping the socket's path for a symlink to a root file, over" \
	    "and over, never gets dinit to chmod or chown that file, and" \
	    "every socket at the path already has its mode and group"
	atf_set require.user root
	# 500 starts of dinit beside a process swapping names on a core of
	# its own: seconds on a quiet machine, minutes for the sanitizer
	# build on a busy one.
	atf_set timeout 600
}
racing_symlink_never_gets_mode_or_owner_body()
{
	ns_start -socket none -r sleep 300
	wait_for 'ns_log_has "started: \[sleep 300\]"' 10
	# No sticky bit: uid 1000 may rename over root's names in there.
	ns_exec sh -c 'mkdir -m 0777 /tmp/pub &&
	    echo secret >/tmp/target && chmod 0600 /tmp/target'
	ns_exec sh -c 'echo $$ >swap.pid && exec "$@"' sh $AS_USER \
	    "$NS_HELPERS/symswap" /tmp/pub/d.sock /tmp/target 660 2000 \
	    >swap.out &
	swap=$!
	wait_for 'test -s swap.pid' 10
	ns_exec sh -c 'i=0; while [ $i -lt 500 ]; do i=$((i + 1))
	    "$1" -socket /tmp/pub/d.sock -socket-mode 0660 \
	        -socket-group 2000 -r true 2>>refusals
	    echo "exit $?"; done' sh "$NS_DINIT" >runs
	ns_exec kill -TERM "$(cat swap.pid)"
	wait $swap
	# Many starts are refused (a symlink is at the path): said, not fatal.
	sort runs | uniq -c
	grep -v ' dinit: pid \| dinit: shutting\| dinit: all ' refusals |
	    cut -d' ' -f3- | sort | uniq -c
	cat swap.out
	ns_exec_check -o inline:'600 0 0 secret\n' -- \
	    sh -c 'echo $(stat -c "%a %u %g" /tmp/target) $(cat /tmp/target)'
	atf_check -o match:'wrong 0$' tail -n 1 swap.out
	atf_check -s exit:1 -o ignore grep 'swapped 0 ' swap.out
	atf_check -o ignore grep -x 'exit 0' runs
	ns_exec_check -o not-match:'\.dinit-' -- ls -A /tmp/pub
	stop
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

# As root in the namespace: a request served, then ROUNDS times: sockd
# killed (by a process of its uid, nobody), and requests until one is
# served again.  Each request checks first that root serves the socket.
# Then "served ROUNDS sockds N files M": the sockds killed, and the
# files that were at PATH when a request was served.
RESTART_PY='
import os, signal, socket, struct, sys, time
path, rounds = sys.argv[1], int(sys.argv[2])
def say(*words):
    print(*words)
    sys.stdout.flush()
def sockd():
    for p in os.listdir("/proc"):
        try:
            with open("/proc/%s/cmdline" % p, "rb") as f:
                if f.read().startswith(b"dinit: sockd"):
                    return int(p)
        except (OSError, ValueError):
            pass
    say("no sockd runs")
    sys.exit(1)
def served():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(10)
    b = b""
    try:
        s.connect(path)
        cred = s.getsockopt(socket.SOL_SOCKET, socket.SO_PEERCRED, 12)
        if struct.unpack("3i", cred)[1] != 0:
            say("served by uid", struct.unpack("3i", cred)[1],
                "after", len(pids), "restarts")
            sys.exit(1)
        s.sendall(b"-r true\n")
        s.shutdown(socket.SHUT_WR)
        b = s.makefile("rb").read()
    except (ConnectionRefusedError, ConnectionResetError, BrokenPipeError,
        FileNotFoundError):
        pass
    s.close()
    return b.startswith(b"ok ")
def serve():
    t = time.monotonic() + 10
    while not served():
        if time.monotonic() > t:
            say("not served again in 10 s after", len(pids), "restarts")
            sys.exit(1)
        time.sleep(0.001)
    files.add(os.lstat(path).st_ino)
def kill(pid):
    k = os.fork()
    if k == 0:
        try:
            os.setresgid(65534, 65534, 65534)
            os.setresuid(65534, 65534, 65534)
            os.kill(pid, signal.SIGKILL)
        finally:
            os._exit(0)
    os.waitpid(k, 0)
    while os.path.exists("/proc/%d" % pid):
        time.sleep(0.001)
files, pids = set(), set()
serve()
for i in range(rounds):
    pid = sockd()
    pids.add(pid)
    kill(pid)
    serve()
say("served", rounds, "sockds", len(pids), "files", len(files))
'

atf_test_case binder_never_takes_path_across_restarts
binder_never_takes_path_across_restarts_head()
{
	atf_set descr "A uid 1000 process spinning bind(2) on /tmp/dinit.sock" \
	    "while sockd is killed by its own uid a hundred times, each" \
	    "death a backoff that refuses clients (dinit-brisk: 1 ms long)," \
	    "never gets the path; root's requests are served by root after" \
	    "every backoff, on a socket made again each time"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
binder_never_takes_path_across_restarts_body()
{
	DINIT=$(dirname "$DINIT")/dinit-brisk
	start -r sleep 300
	ns_exec sh -c 'echo $$ >spin.pid && exec "$@"' sh $AS_USER \
	    "$NS_HELPERS/bindspin" /tmp/dinit.sock >spin.out &
	spin=$!
	wait_for 'grep -q "^spinning$" spin.out' 10
	t0=$(now_ms)
	ns_exec "$PYTHON" -c "$RESTART_PY" /tmp/dinit.sock 100 >restart.out
	echo "the restarts took $(($(now_ms) - t0)) ms"
	ns_exec kill -TERM "$(cat spin.pid)"
	wait $spin
	cat restart.out spin.out
	atf_check -o inline:'served 100 sockds 100 files 101\n' cat restart.out
	atf_check -o match:'^tries [0-9]+ bound 0$' tail -n 1 spin.out
	atf_check -s exit:1 grep -e 'taken by someone else' -e 'no socket' err
	[ "$(grep -c 'sockd restarts on demand' err)" -ge 100 ] ||
	    atf_fail "fewer than 100 backoffs"
	ns_exec_check -o inline:'socket 0\n' -- stat -c '%F %u' /tmp/dinit.sock
	ns_exec_check -o not-match:'\.dinit-' -- ls -A /tmp
	stop
}

atf_init_test_cases()
{
	atf_add_test_case racing_symlink_never_gets_mode_or_owner
	atf_add_test_case squatter_with_full_backlog_is_refused_at_once
	atf_add_test_case binder_never_takes_path_across_restarts
}

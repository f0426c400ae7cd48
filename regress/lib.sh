# Shared by the atf-sh programs: run build/dinit as PID 1 in a fresh PID
# and mount namespace with a private tmpfs on /tmp, and enter it.
#
# Inside the namespace the test's work directory is bind-mounted on
# /tmp/w and is the current directory, so files pass both ways.

DINIT=$(cd "$(atf_get_srcdir)/../.." && pwd)/dinit
HELPERS=$(cd "$(atf_get_srcdir)/.." && pwd)/helpers
# The checkout the tests were built from (README.md, dinit.8, examples/,
# bench/): make tests writes its path beside the programs.
SRCDIR=$(cat "$(atf_get_srcdir)/../srcdir")

# Inside the namespace /mnt holds copies of dinit and the helpers that
# any user may run: the build tree may sit where only root can enter.
NS_DINIT=/mnt/dinit
NS_HELPERS=/mnt/helpers
export DINIT_TEST_BIN="$DINIT" DINIT_TEST_HELPERS="$HELPERS"

# Before a command, in ns_exec_check: run it as uid 1000, gid 1000, no
# supplementary groups.
AS_USER='setpriv --reuid 1000 --regid 1000 --clear-groups'

# OWN_UID: a uid of this test alone, from its pid, in [20000, 50000):
# the kernel counts some things per uid across every process of the
# machine (the fds a uid's processes have in flight, bounded by the
# sender's RLIMIT_NOFILE; RLIMIT_NPROC), so a test that brings one of
# them to its limit must not share its uid with other tests running.
OWN_UID=$((20000 + $$ % 30000))

# With NS_ETC set to an absolute directory holding passwd and group,
# those stand in for /etc/passwd and /etc/group inside the namespace.
NS_SETUP='{ [ -z "$NS_ETC" ] || { mount --bind "$NS_ETC/passwd" /etc/passwd &&
	mount --bind "$NS_ETC/group" /etc/group; }; } &&
	mount -t tmpfs -o mode=1777 tmpfs /tmp && mkdir /tmp/w &&
	mount --bind /proc/self/cwd /tmp/w &&
	mount -t tmpfs -o mode=755 tmpfs /mnt && cp "$DINIT_TEST_BIN" /mnt/dinit &&
	cp -R "$DINIT_TEST_HELPERS" /mnt/helpers && cd /tmp/w && exec "$@"'

# ns_run ARGS: dinit ARGS as PID 1, in the foreground.
ns_run()
{
	unshare --pid --fork --mount-proc --mount \
	    sh -c "$NS_SETUP" ns "$DINIT" "$@"
}

# ns_check CHECK... -- ARGS: atf_check's CHECKs (-s, -o, -e) on dinit
# ARGS run as by ns_run.
ns_check()
{
	check_prefixed unshare --pid --fork --mount-proc --mount \
	    sh -c "$NS_SETUP" ns "$DINIT" ++ "$@"
}

# check_prefixed PREFIX... ++ CHECK... -- ARGS: atf_check's CHECKs on
# the command PREFIX... ARGS (atf_check runs programs, not functions).
check_prefixed()
{
	_k=$# _mode=prefix _p=0
	while [ $_k -gt 0 ]; do
		case $_mode:$1 in
		prefix:++)	_mode=checks ;;
		prefix:*)	_p=$((_p + 1)); eval "_pre$_p=\$1" ;;
		checks:--)	_mode=args _i=1
				while [ $_i -le $_p ]; do
					eval "set -- \"\$@\" \"\$_pre$_i\""
					_i=$((_i + 1))
				done ;;
		*)		set -- "$@" "$1" ;;
		esac
		shift
		_k=$((_k - 1))
	done
	atf_check "$@"
}

# ns_start ARGS: dinit ARGS as PID 1 in the background, output in out
# and err, as by ns_launch.
ns_start()
{
	ns_launch "$DINIT" "$@" >out 2>err
}

# ns_launch CMD...: CMD (dinit, or a command that executes it: its
# copy /mnt/dinit will do) as PID 1 in the background, output where the
# caller sends it; sets NS_PID, PID 1's pid as seen from here, once it
# runs dinit.  A background job starts with INT and QUIT ignored: undo
# that, as in a container.  NS_WRAP, if set, is a command run in front
# of unshare, outside the namespace (a terminal's, say).  A test that
# ends early takes its dinit (and namespace) with it.
ns_launch()
{
	env --default-signal=INT,QUIT $NS_WRAP unshare --pid --fork \
	    --mount-proc --mount sh -c "$NS_SETUP" ns "$@" &
	NS_JOB=$!
	NS_UNSHARE=$NS_JOB
	NS_PID=
	trap 'kill -KILL $NS_PID 2>/dev/null' EXIT
	[ -z "$NS_WRAP" ] || wait_for ns_unwrap 10
	wait_for "ns_find" 10
}

# ns_unwrap: find unshare, NS_WRAP's child (or give up if NS_WRAP died).
ns_unwrap()
{
	NS_UNSHARE=$(cat /proc/$NS_JOB/task/$NS_JOB/children 2>/dev/null)
	NS_UNSHARE=${NS_UNSHARE% }
	[ -n "$NS_UNSHARE" ] && return
	if [ ! -e /proc/$NS_JOB ] ||
	    grep -q '^State:.*Z' /proc/$NS_JOB/status 2>/dev/null; then
		atf_fail "$NS_WRAP exited before running unshare"
	fi
	return 1
}

ns_find()
{
	NS_PID=$(cat /proc/$NS_UNSHARE/task/$NS_UNSHARE/children 2>/dev/null)
	NS_PID=${NS_PID% }
	if [ -n "$NS_PID" ]; then
		case $(readlink /proc/$NS_PID/exe 2>/dev/null) in
		"$DINIT"|"$NS_DINIT")	return 0;;
		esac
		return 1
	fi
	# A dinit that has come and gone already: unshare is a zombie, or
	# reaped already (bash reaps background jobs as they end).
	[ ! -e /proc/$NS_UNSHARE ] ||
	    grep -q '^State:.*Z' /proc/$NS_UNSHARE/status 2>/dev/null
}

# ns_exec CMD: run CMD inside the namespace, in /tmp/w.  (nsenter -w DIR
# would open DIR before entering, outside the namespace.)
ns_exec()
{
	nsenter -t "$NS_PID" -p -m sh -c 'cd /tmp/w && exec "$@"' ns_exec "$@"
}

# ns_wait: wait for dinit to exit; its status is in NS_STATUS.
ns_wait()
{
	NS_STATUS=0
	wait "$NS_JOB" || NS_STATUS=$?
	trap - EXIT
}

# write_trap FILE SIG ACTION: a shell script FILE that creates "ready"
# once it traps SIG, and waits; on SIG it runs ACTION.
write_trap()
{
	printf '%s\n' "trap '$3' $2" 'touch ready' \
	    'while :; do sleep 0.05; done' >"$1"
}

# wait_for CMD SECONDS: poll CMD every 10 ms until it succeeds.
wait_for()
{
	_n=$(($2 * 100))
	while ! eval "$1"; do
		_n=$((_n - 1))
		[ $_n -gt 0 ] || atf_fail "timed out waiting for: $1"
		sleep 0.01
	done
}

# ns_log_has PATTERN: dinit's stderr (err) has a line matching PATTERN.
ns_log_has()
{
	grep -q -- "$1" err
}

# cpu_ticks PID: the CPU time PID has used, in clock ticks: utime +
# stime, fields 14 and 15 of stat (comm may hold blanks).
cpu_ticks()
{
	sed 's/.*) //' /proc/$1/stat | awk '{ print $12 + $13 }'
}

# now_ms: a clock in milliseconds, for sanity bounds on durations.
now_ms()
{
	echo $(($(date +%s%N) / 1000000))
}

# The python3 that ns_send and the tests' raw clients use.
PYTHON=$(command -v /usr/bin/python3 || command -v python3)

NS_SEND_PY='
import socket, sys
mode, path = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(30)
s.connect(path)
s.sendall(sys.stdin.buffer.read())
if mode == "close":
    sys.exit(0)
if mode == "eof":
    s.shutdown(socket.SHUT_WR)
while True:
    b = s.recv(4096)
    if not b:
        break
    sys.stdout.buffer.write(b)
'

# ns_send [line|eof|close [PATH]]: send stdin's bytes, as they are, to
# dinit's socket (default /tmp/dinit.sock) from inside the namespace and
# print the reply up to sockd's close.  eof: end the request with EOF
# after the bytes; close: close at once, reading nothing.
ns_send()
{
	ns_exec "$PYTHON" -c "$NS_SEND_PY" "${1:-line}" \
	    "${2:-/tmp/dinit.sock}"
}

# write_clients: clients.py TOTAL PAR REQ... makes TOTAL requests over
# PAR connections at a time, request i being REQ[i % number of REQs]
# (with Python's backslash escapes); each client sends its request,
# ends it with EOF, and reads the answer to EOF.  It prints the elapsed
# time, then how many clients got each answer, "ok PID" counted as ok.
write_clients()
{
	cat >clients.py <<'EOF'
import re, socket, sys, threading, time
total, par = int(sys.argv[1]), int(sys.argv[2])
reqs = [r.encode().decode("unicode_escape").encode("latin-1")
        for r in sys.argv[3:]]
tally, lock, nxt = {}, threading.Lock(), [0]
def one(req):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(30)
    b = b""
    try:
        s.connect("/tmp/dinit.sock")
        s.sendall(req)
        s.shutdown(socket.SHUT_WR)
        while True:
            k = s.recv(4096)
            if not k:
                break
            b += k
    except ConnectionResetError:
        pass	# closed with our request unread: the answer came first
    except OSError as e:
        b += ("(%s)" % e).encode()
    s.close()
    return re.sub(rb"^ok [0-9]+\n$", b"ok", b)
def worker():
    while True:
        with lock:
            i = nxt[0]
            nxt[0] += 1
        if i >= total:
            return
        r = one(reqs[i % len(reqs)])
        with lock:
            tally[r] = tally.get(r, 0) + 1
t0 = time.monotonic()
ts = [threading.Thread(target=worker) for _ in range(par)]
for t in ts:
    t.start()
for t in ts:
    t.join()
print("elapsed_ms %d" % ((time.monotonic() - t0) * 1000))
for r, n in sorted(tally.items()):
    print("%d %s" % (n, r.decode("latin-1").encode("unicode_escape").decode()))
EOF
}

# count REPLY FILE: how many clients got REPLY, as clients.py tallied
# it (escaped: a newline is \n).
count()
{
	R=$1 awk '$1 != "elapsed_ms" &&
	    substr($0, index($0, " ") + 1) == ENVIRON["R"] { n = $1 }
	    END { print n + 0 }' "$2"
}

# sockd_pid: the pid (inside the namespace) of the running sockd, if any.
sockd_pid()
{
	ns_exec sh -c 'for p in /proc/[0-9]*; do
	    case $(tr "\0" " " <$p/cmdline 2>/dev/null) in
	    "dinit: sockd"*) echo ${p#/proc/};;
	    esac
	done'
}

# ns_exec_check CHECK... -- CMD...: atf_check's CHECKs (-s, -o, -e) on
# CMD run inside the namespace as by ns_exec.
ns_exec_check()
{
	check_prefixed nsenter -t "$NS_PID" -p -m \
	    sh -c 'cd /tmp/w && exec "$@"' ns_exec ++ "$@"
}

# start ARGS: dinit ARGS as by ns_start, once its socket listens
# (the socket cases' way to begin).  No sockd runs yet: the first client
# starts it.
start()
{
	ns_start "$@"
	ns_ready
}

# knock: connect to dinit's socket and close at once, sending nothing,
# and wait until a sockd runs.  The knock starts one, which answers
# "error no -r" to no one and runs nothing.
knock()
{
	ns_send close </dev/null
	wait_for '[ -n "$(sockd_pid)" ]' 10
}

# stop: TERM to dinit, and wait for it to go.
stop()
{
	kill -TERM "$NS_PID"
	ns_wait
}

# ns_ready: wait until dinit's socket is in place: no sockd runs until a
# client connects, so it is the socket that tells.
ns_ready()
{
	wait_for ns_listening 10
}

# ns_listening: PID 1 holds a socket that /proc/net/unix shows as
# listening (flag __SO_ACCEPTCON), found by its inode, bound to a path.
# init makes it listen only once its file is at the socket's path, with
# its mode and group: bound there, or bound beside it (the name that
# /proc/net/unix shows) and renamed there.
ns_listening()
{
	for _ino in $(ls -l /proc/$NS_PID/fd 2>/dev/null |
	    sed -n 's/.* -> socket:\[\([0-9]*\)\]$/\1/p'); do
		awk -v i="$_ino" '$7 == i && $4 == "00010000" &&
		    substr($8, 1, 1) == "/" { f = 1 } END { exit !f }' \
		    /proc/net/unix && return 0
	done
	return 1
}

# The adversary sockd, build/dinit-adversary (regress/doubles/
# sockd_adversary.c): a client's line "ATTACK -r CMD ..." makes it attack
# init with that request; a plain "-r CMD ..." it serves honestly.
ADVERSARY=$(dirname "$DINIT")/dinit-adversary

ADV_CLIENT_PY='
import array, socket, sys
mode, line = sys.argv[1], sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect("/tmp/dinit.sock")
s.sendall(line.encode() + b"\n")
if mode == "pass-fd":
    try:
        s.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
            array.array("i", [0]))])
    except OSError:
        pass
fds = []
try:
    while True:
        data, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(16 * 4))
        for level, kind, raw in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_RIGHTS:
                fds += array.array("i", raw[:len(raw) - len(raw) % 4])
        sys.stdout.write(data.decode(errors="replace"))
        if not data or (mode == "once" and b"\n" in data):
            break
except ConnectionResetError:
    pass    # sockd died with our bytes unread
except socket.timeout:
    print("timeout: no end from sockd")
for fd in fds:
    f = socket.socket(fileno=fd)
    print("got a", "listening" if f.getsockopt(socket.SOL_SOCKET,
        socket.SO_ACCEPTCONN) else "connected", "socket")
print("fds", len(fds))
'

# adv_client [-u] MODE LINE: from inside the namespace (as uid 1000 with
# -u), send LINE to dinit's socket and print what comes back until
# sockd hangs up, then "fds N", the fds that came with it.  MODE: wait
# (for the end), once (hang up after a line), pass-fd (send fd 0 after
# LINE, as a client colluding with sockd would).
adv_client()
{
	if [ "$1" = -u ]; then
		shift
		ns_exec $AS_USER "$PYTHON" -c "$ADV_CLIENT_PY" "$@"
	else
		ns_exec "$PYTHON" -c "$ADV_CLIENT_PY" "$@"
	fi
}

# pid1_fds: how many fds PID 1 holds.
pid1_fds()
{
	ns_exec sh -c 'ls /proc/1/fd | wc -l'
}

# adv_start: dinit-adversary as PID 1, its socket open to all, with a
# primary that says when a USR1 reaches it.  ADV_OLD is the sockd to
# attack, started on demand by a knock (which it lets pass), ADV_FDS
# what PID 1 holds before the attack.  sockd runs as a uid of its own:
# the kernel bounds the fds in flight per uid, and the floods must not
# take nobody's share from the other sockds running.
adv_start()
{
	DINIT=$ADVERSARY
	start -user 4100:4100 -socket-mode 0666 -r sh -c \
	    'trap "echo primary got USR1" USR1; while :; do sleep 0.1; done'
	knock
	ADV_OLD=$(sockd_pid)
	ADV_FDS=$(pid1_fds)
}

# adv_attack [-u] MODE LINE: adv_client's output in client.out, once
# the adversary has made the attack LINE names.
adv_attack()
{
	adv_client "$@" >client.out
	for _line; do :; done
	adv_attacked "${_line%% *}"
}

# adv_attacked NAME: the adversary has made attack NAME.
adv_attacked()
{
	wait_for "ns_log_has 'sockd: adversary: attack $1\$'" 10
}

# adv_bad_frame WHY: init killed the attacking sockd for a bad frame WHY,
# and no sockd was killed but that one, once.
adv_bad_frame()
{
	wait_for "ns_log_has 'sockd pid $ADV_OLD killed by SIGKILL'" 10
	atf_check -o match:"sockd pid $ADV_OLD sent a bad frame \($1\)" \
	    cat err
	atf_check -o inline:'1\n' grep -c 'sent a bad frame' err
	atf_check -o inline:'1\n' grep -c 'sockd pid [0-9]* killed by' err
}

# adv_sigsys: the attacking sockd was killed by its seccomp filter.
adv_sigsys()
{
	wait_for "ns_log_has 'sockd pid $ADV_OLD killed by SIGSYS'" 10
	atf_check -s exit:1 grep 'sent a bad frame' err
}

# adv_none_as_root: no submitted command ran as root.
adv_none_as_root()
{
	atf_check -s exit:1 grep 'submitted by uid 0 ' err
}

# usr1_forwarded: a USR1 to PID 1 reaches adv_start's primary.
usr1_forwarded()
{
	_usr1=$(grep -c "primary got USR1" out)
	kill -USR1 "$NS_PID"
	wait_for '[ "$(grep -c "primary got USR1" out)" -gt "$_usr1" ]' 10
}

# adv_survived: the next client starts a new sockd, which serves root
# and uid 1000; PID 1 then holds no more fds than before the attack,
# reaps and forwards signals to the primary, which is still there, and
# the end is as asked.
adv_survived()
{
	wait_for "ns_log_has 'sockd restarts on demand, not before'" 10
	ns_exec_check -o match:'^ok [0-9]+$' -- \
	    "$NS_DINIT" -submit -r touch /tmp/root-served
	ADV_NEW=$(sockd_pid)
	[ -n "$ADV_NEW" ] && [ "$ADV_NEW" != "$ADV_OLD" ] ||
	    atf_fail "sockd '$ADV_NEW' after '$ADV_OLD'"
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER \
	    "$NS_DINIT" -submit -r sh -c 'id -u >/tmp/user-served'
	wait_for "ns_log_has 'finished: \[touch /tmp/root-served\]'" 10
	wait_for 'ns_exec test -s /tmp/user-served' 10
	wait_for "ns_log_has 'finished: \[sh -c id -u >/tmp/user-served\]'" 10
	atf_check_equal "$ADV_FDS" "$(pid1_fds)"
	ns_exec_check -o inline:'1000\n' -- cat /tmp/user-served
	usr1_forwarded
	atf_check -s exit:1 grep 'finished: \[sh -c trap' err
	stop
	atf_check_equal 143 "$NS_STATUS"
}

# $PYTHON -c "$FIRST_CLIENT_PY" PATH: connect to the unix socket PATH as
# soon as it is there (for up to 10 s) and print what comes back: the
# first connection, which makes systemd-socket-activate start its
# program.
FIRST_CLIENT_PY='
import socket, sys, time
for _ in range(1000):
    try:
        s = socket.socket(socket.AF_UNIX)
        s.connect(sys.argv[1])
        break
    except OSError:
        time.sleep(0.01)
s.settimeout(60)
print(s.recv(100).decode(), end="", flush=True)
'

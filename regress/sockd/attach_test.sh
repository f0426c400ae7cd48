#! /usr/bin/env atf-sh
# dinit -submit -wait: the command runs as a child of PID 1 with the
# client's fds 0, 1 and 2, the client's signals reach it, and its end is
# the client's exit status.

. $(atf_get_srcdir)/../lib.sh

# A raw client: the request line, with FDS fds attached (0: none; "late":
# three with a second record), and what comes back.
RAW_PY='
import array, fcntl, socket, struct, sys, termios, time
line, fds = sys.argv[1].encode() + b"\n", sys.argv[2]
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.settimeout(10)
s.connect("/tmp/dinit.sock")
def rights(n):
    return [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [0] * n))]
def first_bytes():
    # Until sockd has read them (nothing of ours is left queued).
    s.send(line[:3])
    while struct.unpack("i", fcntl.ioctl(s, termios.TIOCOUTQ, b"\0" * 4))[0]:
        time.sleep(0.01)
if fds == "late":
    first_bytes()
    s.sendmsg([line[3:]], rights(3))
elif fds == "bundle-late":
    a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    a.sendmsg([b"x"], rights(3))
    first_bytes()
    s.sendmsg([line[3:]], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
        array.array("i", [b.fileno()]))])
elif int(fds) > 0:
    s.sendmsg([line], rights(int(fds)))
else:
    s.send(line)
out = b""
while True:
    try:
        k = s.recv(4096)
    except ConnectionResetError:
        break
    if not k:
        break
    out += k
sys.stdout.write(out.decode())
'

# raw_check CHECK... -- LINE FDS: atf_check's CHECKs on RAW_PY's answer.
raw_check()
{
	check_prefixed nsenter -t "$NS_PID" -p -m "$PYTHON" -c "$RAW_PY" ++ "$@"
}

atf_test_case exit_status_and_signal_are_returned
exit_status_and_signal_are_returned_head()
{
	atf_set descr "-wait prints nothing of its own and exits with the" \
	    "command's status, or 128+N for a death by signal N"
	atf_set require.user root
	atf_set timeout 30
}
exit_status_and_signal_are_returned_body()
{
	start -r sleep 60
	ns_exec_check -s exit:3 -o empty -e empty -- \
	    "$DINIT" -submit -wait -r sh -c 'exit 3'
	ns_exec_check -s exit:0 -o empty -e empty -- \
	    "$DINIT" -submit -wait -r true
	ns_exec_check -s exit:137 -o empty -e empty -- \
	    "$DINIT" -submit -wait -r sh -c 'kill -KILL $$'
	ns_exec_check -s exit:125 -o empty -e match:'exec: No such file' -- \
	    "$DINIT" -submit -wait -r /nonexistent
	atf_check -o match:'finished: \[sh -c exit 3\] \(status 3\)' cat err
	stop
}

atf_test_case stdio_round_trip
stdio_round_trip_head()
{
	atf_set descr "The command's stdin, stdout and stderr are the" \
	    "client's: a 10 MB stream through a pipe arrives whole"
	atf_set require.user root
	atf_set timeout 60
}
stdio_round_trip_body()
{
	start -r sleep 60
	ns_exec_check -o inline:'out\n' -e inline:'err\n' -- sh -c \
	    "echo out | $DINIT -submit -wait -r sh -c 'read x; echo \\\$x; echo err >&2'"
	head -c 10485760 /dev/urandom >big
	ns_exec_check -o save:copy -- sh -c \
	    "cat big | $DINIT -submit -wait -r cat"
	atf_check cmp big copy
	# Not a copy held by init: the command writes the client's file.
	ns_exec_check -- sh -c "$DINIT -submit -wait -r readlink /proc/self/fd/1 >where"
	atf_check -o inline:'/tmp/w/where\n' cat where
	stop
}

atf_test_case ctrl_c_interrupts_the_command
ctrl_c_interrupts_the_command_head()
{
	atf_set descr "Ctrl-C on the client's terminal interrupts the" \
	    "remote command, and the client exits 130"
	atf_set require.user root
	atf_set timeout 30
}
ctrl_c_interrupts_the_command_body()
{
	start -r sleep 60
	mkfifo keys
	ns_exec env --default-signal=INT "$NS_HELPERS/ptyrun" -k keys \
	    "$NS_DINIT" -submit -wait -r sleep 30 >screen 2>&1 &
	job=$!
	exec 3>keys
	wait_for "ns_log_has 'started: \[sleep 30\]'" 10
	printf '\003' >&3
	st=0
	wait $job || st=$?
	exec 3>&-
	atf_check_equal 130 "$st"
	wait_for "ns_log_has 'finished: \[sleep 30\] (signal INT)'" 10
	stop
}

atf_test_case terminal_goes_only_to_the_submitter
terminal_goes_only_to_the_submitter_head()
{
	atf_set descr "Root's terminal does not go to a command run as uid" \
	    "1000 (-u 1000): refused, nothing runs; the same with pipes runs" \
	    "as 1000 with them"
	atf_set require.user root
	atf_set timeout 30
}
terminal_goes_only_to_the_submitter_body()
{
	start -r sleep 60
	ns_exec_check -s exit:125 -o match:'error attach: a terminal goes only to a command run as its submitter' -- \
	    "$NS_HELPERS/ptyrun" "$NS_DINIT" -submit -wait -u 1000 -r \
	    touch /tmp/ran
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	ns_exec_check -o inline:'1000\n' -e empty -- sh -c \
	    '"$1" -submit -wait -u 1000 -r id -u </dev/null | cat' sh \
	    "$NS_DINIT"
	stop
}

atf_test_case signal_with_the_request_is_kept
signal_with_the_request_is_kept_head()
{
	atf_set descr "A signal line that comes in the same read as the" \
	    "-wait request (Ctrl-C at once) reaches the command once it runs"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
signal_with_the_request_is_kept_body()
{
	cat >early.py <<'EOF'
import array, socket
a, b = socket.socketpair()
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
    array.array("i", [0, 1, 2]))])
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.settimeout(10)
c.connect("/tmp/dinit.sock")
c.sendmsg([b'-wait -r sh -c "while :; do sleep 0.05; done"\nsignal USR1\n'],
    [(socket.SOL_SOCKET, socket.SCM_RIGHTS, array.array("i", [b.fileno()]))])
b.close()
out = b""
try:
    while b"\n" not in out.partition(b"\n")[2]:
        d = c.recv(4096)
        if not d:
            break
        out += d
except socket.timeout:
    out += b"timeout\n"
print(out.decode().replace("\n", " ").strip())
EOF
	start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+ signal USR1$' -- "$PYTHON" early.py
	stop
}

atf_test_case signals_follow_the_client
signals_follow_the_client_head()
{
	atf_set descr "HUP, USR1 and WINCH sent to the waiting client reach" \
	    "its command and no other process"
	atf_set require.user root
	atf_set timeout 30
}
signals_follow_the_client_body()
{
	start -r sh -c 'trap "echo primary got USR1" USR1; while :; do sleep 0.1; done'
	cat >trapper <<'EOF'
for s in HUP USR1 WINCH; do trap "echo got $s >>got" $s; done
trap 'exit 7' TERM
touch ready
while :; do sleep 0.05; done
EOF
	ns_exec "$DINIT" -submit -wait -r sh trapper &
	job=$!
	wait_for 'test -e ready' 10
	client=$(ns_exec pgrep -f 'submit -wait -r sh trapper')
	for s in HUP USR1 WINCH; do
		ns_exec kill -$s "$client"
		wait_for "grep -q 'got $s' got" 10
	done
	ns_exec kill -TERM "$client"
	st=0
	wait $job || st=$?
	atf_check_equal 7 "$st"
	atf_check -s exit:1 grep 'primary got' out
	stop
}

atf_test_case killed_client_stops_the_command
killed_client_stops_the_command_head()
{
	atf_set descr "If the client is killed, its command gets TERM and" \
	    "CONT, even while stopped"
	atf_set require.user root
	atf_set timeout 30
}
killed_client_stops_the_command_body()
{
	start -r sleep 60
	ns_exec "$DINIT" -submit -wait -r sh -c \
	    'trap "echo term >gone; exit 0" TERM; touch ready; while :; do sleep 0.05; done' &
	wait_for 'test -e ready' 10
	cmd=$(ns_exec pgrep -f '^sh -c trap')
	ns_exec kill -STOP "$cmd"
	ns_exec pkill -KILL -f 'submit -wait -r sh'
	wait_for 'test -e gone' 10
	wait_for "ns_log_has 'finished: \[sh -c trap'" 10
	stop
}

atf_test_case user_command_has_own_fds
user_command_has_own_fds_head()
{
	atf_set descr "An attached submission of uid 1000 runs as 1000 with" \
	    "the client's fds 0, 1 and 2 and none of dinit's"
	atf_set require.user root
	atf_set timeout 30
}
user_command_has_own_fds_body()
{
	start -socket-mode 0666 -r sleep 60
	ns_exec_check -o inline:'1000 1000\nfds: 0 1 2\n' -- $AS_USER \
	    "$NS_DINIT" -submit -wait -r sh -c \
	    'echo $(id -u) $(id -g); exec /mnt/helpers/fds | head -1'
	stop
}

atf_test_case hundred_at_once
hundred_at_once_head()
{
	atf_set descr "100 attached submissions at once each get their own" \
	    "status"
	atf_set require.user root
	atf_set timeout 120
}
hundred_at_once_body()
{
	start -r sleep 120
	cat >many <<EOF
i=0
while [ \$i -lt 100 ]; do
	( $DINIT -submit -wait -r sh -c "sleep 1; exit \$((i + 100))"
	  echo "\$i \$?" >>results ) &
	i=\$((i + 1))
done
wait
EOF
	ns_exec sh many
	atf_check -o inline:'100\n' sh -c 'wc -l <results'
	atf_check -o empty awk '$2 != $1 + 100' results
	stop
}

atf_test_case fds_are_checked
fds_are_checked_head()
{
	atf_set descr "sockd refuses fds without -wait, -wait without its" \
	    "one bundle, too many fds, and fds after the first bytes"
	atf_set require.user root
	atf_set timeout 30
}
fds_are_checked_body()
{
	start -r sleep 60
	raw_check -o inline:'error fds without -wait\n' -- \
	    '-r touch /tmp/w/ran' 1
	raw_check -o inline:'error -wait wants one socket holding fds 0, 1 and 2\n' -- \
	    '-wait -r touch /tmp/w/ran' 0
	raw_check -o inline:'error -wait wants one socket holding fds 0, 1 and 2\n' -- \
	    '-wait -r touch /tmp/w/ran' 3
	raw_check -o inline:'error too many fds, or not fds\n' -- \
	    '-wait -r touch /tmp/w/ran' 200
	raw_check -o inline:'error fds after the request'"'"'s first bytes\n' -- \
	    '-wait -r touch /tmp/w/ran' late
	raw_check -o inline:'error fds after the request'"'"'s first bytes\n' -- \
	    '-wait -r touch /tmp/w/ran' bundle-late
	raw_check -o inline:'error -wait takes one command\n' -- \
	    '-wait -r touch /tmp/w/ran -r true' 0
	atf_check -s exit:1 test -e ran
	atf_check -s exit:1 grep 'submitted by' err
	stop
}

atf_test_case foreign_bundle_is_refused
foreign_bundle_is_refused_head()
{
	atf_set descr "init takes fds only from a bundle the submitter made:" \
	    "a socket pair made by another process is refused"
	atf_set require.user root
	atf_set timeout 30
}
foreign_bundle_is_refused_body()
{
	start -socket-mode 0666 -r sleep 60
	# The bundle is made by a root process, then sent by uid 1000.
	cat >foreign.py <<'EOF'
import array, os, socket, sys
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
    array.array("i", [0, 1, 2]))])
if os.fork() == 0:
    os.setgroups([]); os.setgid(1000); os.setuid(1000)
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("/tmp/dinit.sock")
    s.sendmsg([b"-wait -r touch /tmp/w/ran\n"], [(socket.SOL_SOCKET,
        socket.SCM_RIGHTS, array.array("i", [b.fileno()]))])
    sys.stdout.write(s.recv(4096).decode())
    sys.stdout.flush()
    os._exit(0)
os.wait()
EOF
	ns_exec_check -o inline:'error attach: -wait wants fds 0, 1 and 2 from the submitter\n' \
	    -- "$PYTHON" foreign.py
	atf_check -s exit:1 test -e ran
	stop
}

atf_test_case attached_cap_per_uid
attached_cap_per_uid_head()
{
	atf_set descr "A non-root uid may hold 16 attached submissions at" \
	    "once; the 17th is refused with limit"
	atf_set require.user root
	atf_set timeout 60
}
attached_cap_per_uid_body()
{
	start -socket-mode 0666 -r sleep 60
	for i in $(seq 16); do
		ns_exec $AS_USER "$NS_DINIT" -submit -wait -r sleep 30 &
	done
	wait_for '[ "$(grep -c "started: \[sleep 30\]" err)" -eq 16 ]' 20
	ns_exec_check -s exit:125 -e match:'limit: too many running' -- \
	    $AS_USER "$NS_DINIT" -submit -wait -r true
	# Plain submissions are not held to it.
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER \
	    "$NS_DINIT" -submit -r true
	stop
}

atf_test_case shutdown_tells_the_end
shutdown_tells_the_end_head()
{
	atf_set descr "A waiting client of a dinit that shuts down gets its" \
	    "command's end"
	atf_set require.user root
	atf_set timeout 30
}
shutdown_tells_the_end_body()
{
	start -r sleep 60
	# From outside the container's processes, as a sidecar: dinit's end
	# takes everything in its PID namespace with it.  The client's PID
	# namespace is its own, with its own /proc, which a sanitizer
	# build's leak check reads.
	nsenter -t "$NS_PID" -m unshare --pid --fork --mount-proc \
	    sh -c 'cd /tmp/w && exec "$@"' x \
	    "$DINIT" -submit -wait -r sh -c \
	    'trap "exit 7" TERM; touch ready; while :; do sleep 0.05; done' &
	job=$!
	wait_for 'test -e ready' 10
	stop
	st=0
	wait $job || st=$?
	atf_check_equal 7 "$st"
	atf_check_equal 143 "$NS_STATUS"
}

atf_test_case shutdown_with_attached_starts_no_sockd
shutdown_with_attached_starts_no_sockd_head()
{
	atf_set descr "During a shutdown that waits for an attached command," \
	    "sockd killed is not restarted, and a new client is refused at" \
	    "once ('error unavailable')"
	atf_set require.user root
	atf_set timeout 60
}
shutdown_with_attached_starts_no_sockd_body()
{
	start -timeout 30s -r sleep 60
	nsenter -t "$NS_PID" -m unshare --pid --fork --mount-proc \
	    sh -c 'cd /tmp/w && exec "$@"' x \
	    "$DINIT" -submit -wait -r sh -c \
	    'trap "" TERM; touch ready; while :; do sleep 0.05; done' &
	job=$!
	wait_for 'test -e ready' 10
	old=$(sockd_pid)
	kill -TERM "$NS_PID"
	wait_for "ns_log_has 'shutting down'" 10
	ns_exec kill -KILL "$old"
	wait_for '[ -z "$(sockd_pid)" ]' 10
	ns_exec_check -s exit:1 -e match:'error unavailable' -- \
	    timeout 5 "$NS_DINIT" -submit -r touch /tmp/ran
	atf_check -s exit:1 grep 'restarts on demand' err
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd runs: $(sockd_pid)"
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	kill -KILL "$NS_PID"
	ns_wait
	wait $job || :
}

atf_init_test_cases()
{
	atf_add_test_case exit_status_and_signal_are_returned
	atf_add_test_case stdio_round_trip
	atf_add_test_case ctrl_c_interrupts_the_command
	atf_add_test_case terminal_goes_only_to_the_submitter
	atf_add_test_case signal_with_the_request_is_kept
	atf_add_test_case signals_follow_the_client
	atf_add_test_case killed_client_stops_the_command
	atf_add_test_case user_command_has_own_fds
	atf_add_test_case hundred_at_once
	atf_add_test_case fds_are_checked
	atf_add_test_case foreign_bundle_is_refused
	atf_add_test_case attached_cap_per_uid
	atf_add_test_case shutdown_tells_the_end
	atf_add_test_case shutdown_with_attached_starts_no_sockd
}

#! /usr/bin/env atf-sh
# dinit -submit -wait -t: the command runs on a new pseudo-terminal of
# its own, made by the client, in a session whose controlling terminal it
# is, its group in the foreground; keys reach it through the terminal's
# line discipline, and the client's terminal is set back however the
# client ends.  Each client runs on a real terminal (ptyrun).

. $(atf_get_srcdir)/../lib.sh

# screen FILE: what a ptyrun wrote, without the terminal's carriage
# returns.
screen()
{
	tr -d '\r' <"$1"
}

atf_test_case terminal_of_its_own
terminal_of_its_own_head()
{
	atf_set descr "The command's 0, 1 and 2 are a new terminal, not the" \
	    "client's, its controlling terminal, with its process group in" \
	    "the foreground and the client's window size"
	atf_set require.user root
	atf_set timeout 30
}
terminal_of_its_own_body()
{
	start -r sleep 60
	cat >probe <<'EOF2'
tty
stty size
set -- $(sed 's/.*) //' /proc/$$/stat)
echo "ids $$ $3 $4 $6"
[ "$(readlink /proc/$$/fd/0)" = "$(readlink /proc/$$/fd/2)" ] && echo same
EOF2
	ns_exec "$NS_HELPERS/ptyrun" -w 30x100 sh -c \
	    'tty; "$0" -submit -wait -t -r sh probe; echo "status $?"' \
	    "$NS_DINIT" >out.screen 2>&1
	screen out.screen >s
	cat s
	outer=$(sed -n 1p s)
	inner=$(sed -n 2p s)
	atf_check -o match:'^/dev/pts/[0-9]+$' echo "$inner"
	[ "$outer" != "$inner" ] || atf_fail "the client's own terminal: $inner"
	atf_check -o inline:'24 80\n' sed -n 3p s
	atf_check -o match:'^ids ([0-9]+) \1 \1 \1$' sed -n 4p s
	atf_check -o inline:'same\nstatus 0\n' sed -n '5,$p' s
	stop
}

# session_start CMD...: a ptyrun typing what is written to fd 3 (the
# fifo keys), its screen in screen.out, running the client with CMD.
session_start()
{
	mkfifo keys
	ns_exec "$NS_HELPERS/ptyrun" -k keys "$@" >screen.out 2>&1 &
	job=$!
	exec 3>keys
}

# on_screen ERE: wait until the screen shows a line matching ERE.
on_screen()
{
	wait_for "screen screen.out | grep -Eq -- '$1'" 10
}

# type KEYS: type the keys (printf's escapes: \003 for Ctrl-C).
type_keys()
{
	printf "$1" >&3
}

# session_end STATUS: the client ended with STATUS.
session_end()
{
	st=0
	wait $job || st=$?
	exec 3>&-
	screen screen.out
	atf_check_equal "$1" "$st"
}

atf_test_case job_control
job_control_head()
{
	atf_set descr "A submitted sh -i has job control: Ctrl-Z stops its" \
	    "foreground job, fg resumes it, Ctrl-C and Ctrl-\\ end it and" \
	    "the shell stays; its exit is the client's"
	atf_set require.user root
	atf_set timeout 60
}
job_control_body()
{
	start -r sleep 60
	session_start "$NS_DINIT" -submit -wait -t -r sh -i
	on_screen '^# '
	type_keys 'sleep 31\r'
	wait_for "ns_exec pgrep -x -f 'sleep 31' >/dev/null" 10
	type_keys '\032'
	on_screen 'Stopped'
	type_keys 'jobs\r'
	on_screen 'Stopped.*sleep 31'
	type_keys 'fg\r'
	wait_for "ns_exec sh -c 'grep -q \"^State:.*S\" /proc/\$(pgrep -x -f \"sleep 31\")/status'" 10
	type_keys '\003'
	wait_for "! ns_exec pgrep -x -f 'sleep 31' >/dev/null" 10
	type_keys 'echo "after INT $?"\r'
	on_screen '^after INT 130'
	type_keys 'sleep 32\r'
	wait_for "ns_exec pgrep -x -f 'sleep 32' >/dev/null" 10
	type_keys '\034'
	wait_for "! ns_exec pgrep -x -f 'sleep 32' >/dev/null" 10
	type_keys 'echo "after QUIT $?"\r'
	on_screen '^after QUIT 131'
	type_keys 'exit 7\r'
	session_end 7
	wait_for "ns_log_has 'finished: \\[sh -i\\] (status 7)'" 10
	stop
}

atf_test_case window_size_follows
window_size_follows_head()
{
	atf_set descr "The session's window is the client's at start and" \
	    "follows it: the client's WINCH sets the new size and the" \
	    "command's foreground gets WINCH"
	atf_set require.user root
	atf_set timeout 30
}
window_size_follows_body()
{
	start -r sleep 60
	session_start -w 40x100 "$NS_DINIT" -submit -wait -t -r sh -c \
	    'trap "stty size" WINCH; stty size; while :; do sleep 0.05; done'
	on_screen '^24 80$'
	ns_exec pkill -USR1 -x ptyrun
	on_screen '^40 100$'
	type_keys '\003'
	session_end 130
	stop
}

# restored HOW CMD...: on a terminal, run the client with CMD; print
# "same N" if the terminal's modes after are those before (stty -g),
# N the client's exit status.  HOW: "end" to let it end, or a signal
# to send to the client, or "sockd" to kill sockd, once the command
# has made the file ready.
restored()
{
	how=$1
	shift
	rm -f ready
	ns_exec "$NS_HELPERS/ptyrun" sh -c 'a=$(stty -g)
	    "$0" -submit -wait -t -r "$@"
	    st=$?
	    [ "$a" = "$(stty -g)" ] && echo "same $st" || echo "differs $st"' \
	    "$NS_DINIT" "$@" >screen.out 2>&1 &
	job=$!
	case $how in
	end)	;;
	sockd)	wait_for 'test -e ready' 10
		ns_exec kill -KILL $(sockd_pid) ;;
	*)	wait_for 'test -e ready' 10
		ns_exec pkill -$how -f "^$NS_DINIT -submit" ;;
	esac
	wait $job
	screen screen.out | tail -n 1
}

atf_test_case terminal_restored
terminal_restored_head()
{
	atf_set descr "The client's terminal is set back as it was (stty -g)" \
	    "after the command's exit, its death by a signal, dinit's" \
	    "refusal, the connection lost, and the client's TERM, HUP and INT"
	atf_set require.user root
	atf_set timeout 60
}
terminal_restored_body()
{
	start -r sleep 60
	wait='touch ready; while :; do sleep 0.05; done'
	atf_check_equal "same 3" "$(restored end sh -c 'exit 3')"
	atf_check_equal "same 137" "$(restored end sh -c 'kill -KILL $$')"
	atf_check_equal "same 125" "$(restored end /nonexistent)"
	atf_check_equal "same 125" "$(restored sockd sh -c "$wait")"
	atf_check_equal "same 143" "$(restored TERM sh -c "$wait")"
	atf_check_equal "same 129" "$(restored HUP sh -c "$wait")"
	atf_check_equal "same 130" "$(restored INT sh -c "$wait")"
	stop
}

atf_test_case no_terminal_no_session
no_terminal_no_session_head()
{
	atf_set descr "-t without a terminal on stdin is an error before" \
	    "anything is sent; -t without -wait is a usage error"
	atf_set require.user root
	atf_set timeout 30
}
no_terminal_no_session_body()
{
	start -r sleep 60
	ns_exec_check -s exit:125 -o empty \
	    -e inline:'dinit: -t: stdin is not a terminal\n' -- \
	    "$DINIT" -submit -wait -t -r touch ran </dev/null
	ns_exec_check -s exit:2 -o empty \
	    -e match:'^dinit: -t is for -submit -wait$' -- \
	    "$DINIT" -submit -t -r touch ran
	atf_check -s exit:1 test -e ran
	# Nothing reached dinit: no sockd was started for it.
	[ -z "$(sockd_pid)" ] || atf_fail "a sockd runs: something was sent"
	stop
}

atf_test_case hangup_when_the_client_dies
hangup_when_the_client_dies_head()
{
	atf_set descr "When the client is killed, its terminal's master" \
	    "closes: the command gets HUP from its terminal, and ends"
	atf_set require.user root
	atf_set timeout 30
}
hangup_when_the_client_dies_body()
{
	start -r sleep 60
	session_start "$NS_DINIT" -submit -wait -t -r sh -c \
	    'trap "echo hup >>got" HUP; trap "exit 0" TERM; touch ready
	    while :; do sleep 0.05; done'
	wait_for 'test -e ready' 10
	ns_exec pkill -KILL -f "^$NS_DINIT -submit"
	wait_for "ns_log_has 'finished: \\[sh -c trap'" 10
	atf_check -o inline:'hup\n' cat got
	exec 3>&-
	stop
}

atf_test_case runs_as_target_under_policy
runs_as_target_under_policy_head()
{
	atf_set descr "-t -u 1000 runs as 1000 on the new terminal where the" \
	    "policy permits it, and the log says it had a terminal; a" \
	    "notty rule refuses a terminal and permits the rest; uid 1000's" \
	    "own -t session runs as 1000"
	atf_set require.user root
	atf_set timeout 30
}
runs_as_target_under_policy_body()
{
	cat >pol <<'EOF2'
permit root as 1000
permit notty root as 1001
permit 1000
EOF2
	chmod 600 pol
	start -policy pol -socket-mode 0666 -r sleep 60
	ns_exec "$NS_HELPERS/ptyrun" "$NS_DINIT" -submit -wait -t -u 1000 -r \
	    sh -c 'id -u; stat -c %u $(tty)' >screen.out 2>&1
	screen screen.out >s
	atf_check -o inline:'1000\n0\n' cat s
	atf_check -o match:'asks to run \[sh -c id -u; stat .*\] as uid 1000 on a new terminal: permitted by line 1$' \
	    cat err
	atf_check -o match:'started: \[sh -c id .*\] \(submitted by uid 0 gid 0 pid [0-9]+, as uid 1000 gid 1000, on a new terminal\)$' \
	    cat err
	ns_exec_check -s exit:125 -o match:'error policy: not allowed' -- \
	    "$NS_HELPERS/ptyrun" "$NS_DINIT" -submit -wait -t -u 1001 -r \
	    touch ran
	atf_check -o match:'as uid 1001 on a new terminal: refused: line 2 permits no terminal$' \
	    cat err
	ns_exec_check -o inline:'1001\n' -- sh -c \
	    '"$0" -submit -wait -u 1001 -r id -u </dev/null | cat' "$NS_DINIT"
	atf_check -s exit:1 test -e ran
	ns_exec $AS_USER "$NS_HELPERS/ptyrun" "$NS_DINIT" -submit -wait -t -r \
	    sh -c 'id -u; stat -c %u $(tty)' >screen.out 2>&1
	screen screen.out >s
	atf_check -o inline:'1000\n1000\n' cat s
	atf_check -o match:'^line 2: permit notty root \(uid 0\) as ' \
	    "$DINIT" -check-policy pol
	stop
}

atf_test_case tiocsti_stays_in_its_terminal
tiocsti_stays_in_its_terminal_head()
{
	atf_set descr "A uid-1000 -t session can push keys (TIOCSTI) into its" \
	    "own terminal only: none reach the client's, and it can open no" \
	    "other terminal"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
tiocsti_stays_in_its_terminal_body()
{
	cat >inject.py <<'EOF2'
import fcntl, glob, os, sys, termios
def push(fd, s):
    for c in s:
        fcntl.ioctl(fd, termios.TIOCSTI, bytes([c]))
own = os.fstat(0).st_rdev
for t in ["/dev/tty"] + glob.glob("/dev/pts/[0-9]*") + ["/dev/console"]:
    try:
        fd = os.open(t, os.O_RDWR | os.O_NOCTTY)
    except OSError:
        continue
    # /dev/tty is one's controlling terminal, whatever it is.
    mine = t == "/dev/tty" or os.fstat(fd).st_rdev == own
    print("opened", "own" if mine else t, flush=True)
    try:
        push(fd, b"touch /tmp/w/pwned\n")
    except OSError as e:
        print("TIOCSTI refused:", e.strerror, flush=True)
        continue
    print("own line:", sys.stdin.readline().strip(), flush=True)
EOF2
	cat >outer.py <<'EOF2'
import os, subprocess, sys, tty
subprocess.call(sys.argv[1:])
tty.setcbreak(0)
os.set_blocking(0, False)
try:
    got = os.read(0, 100)
except BlockingIOError:
    got = b""
print("client's terminal got", repr(got), flush=True)
EOF2
	chmod 644 inject.py outer.py
	start -r sleep 60
	ns_exec "$NS_HELPERS/ptyrun" "$PYTHON" outer.py "$NS_DINIT" -submit \
	    -wait -t -u 1000 -r "$PYTHON" inject.py >screen.out 2>&1
	screen screen.out >s
	cat s
	atf_check -s exit:1 test -e pwned
	atf_check -o match:"^client's terminal got b''$" cat s
	atf_check -s exit:1 -o ignore grep '^opened /dev' s
	atf_check -o match:'^opened own' cat s
	atf_check -o match:'^(own line: touch /tmp/w/pwned|TIOCSTI refused: .*)$' \
	    cat s
}

# raw_tty FDS: a client of its own that sends "-wait -t -r touch ran"
# with a bundle holding FDS: "pipes", "own" (its controlling terminal),
# "master" (a new pty's), or "root-pty" (a new pty's slave, made before
# it became uid 1000); what dinit answers.
RAW_TTY_PY='
import array, os, pty, socket, sys
what = sys.argv[1]
if what == "pipes":
    r, w = os.pipe()
    fds = [r, w, w]
elif what == "own":
    fds = [0, 0, 0]
else:
    m, s = pty.openpty()
    fds = [m] * 3 if what == "master" else [s] * 3
if what == "root-pty":
    os.setgroups([])
    os.setresgid(1000, 1000, 1000)
    os.setresuid(1000, 1000, 1000)
a, b = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
a.sendmsg([b"x"], [(socket.SOL_SOCKET, socket.SCM_RIGHTS,
    array.array("i", fds))])
c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
c.settimeout(10)
c.connect("/tmp/dinit.sock")
c.sendmsg([b"-wait -t -r touch ran\n"], [(socket.SOL_SOCKET,
    socket.SCM_RIGHTS, array.array("i", [b.fileno()]))])
out = b""
while True:
    k = c.recv(4096)
    if not k:
        break
    out += k
sys.stdout.write(out.decode())
'

atf_test_case only_a_new_terminal
only_a_new_terminal_head()
{
	atf_set descr "Under -t, PID 1 takes only a new pty slave of the" \
	    "submitter's that is nobody's controlling terminal: pipes, a" \
	    "master, the client's own terminal and a pty made by another" \
	    "uid are refused and nothing runs"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
only_a_new_terminal_body()
{
	start -socket-mode 0666 -r sleep 60
	for what in pipes master root-pty; do
		ns_exec_check -o inline:"error attach: -t wants a new terminal of the submitter's\n" -- \
		    "$PYTHON" -c "$RAW_TTY_PY" "$what"
	done
	ns_exec "$NS_HELPERS/ptyrun" "$PYTHON" -c "$RAW_TTY_PY" own >own.out
	atf_check -o inline:'error exec: Operation not permitted\n' \
	    tr -d '\r' <own.out
	atf_check -s exit:1 test -e ran
	stop
}

atf_test_case documented_session
documented_session_head()
{
	atf_set descr "The session example of README.md and dinit.8, run as" \
	    "it is written: a shell as app on a new terminal, its exit the" \
	    "client's"
	atf_set require.user root
	atf_set timeout 60
}
documented_session_body()
{
	mkdir etc
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
	    'app:x:1000:1000:app:/nonexistent:/bin/sh' >etc/passwd
	printf '%s\n' 'root:x:0:' 'app:x:1000:' >etc/group
	export NS_ETC="$(pwd)/etc"
	start -r sleep 60
	sh "$SRCDIR/regress/doc/example.sh" README.md session >README.md.session
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 session >dinit.8.session
	for doc in README.md dinit.8; do
		text=$(cat $doc.session)
		[ -n "$text" ] || atf_fail "no session example in $doc"
		rm -f keys
		session_start env PATH=/mnt:/usr/bin:/bin sh -c "$text"
		on_screen '^[$] '
		type_keys 'echo "I am $(id -un)"\r'
		on_screen '^I am app$'
		type_keys 'exit 5\r'
		session_end 5
	done
	stop
}

atf_init_test_cases()
{
	atf_add_test_case terminal_of_its_own
	atf_add_test_case job_control
	atf_add_test_case window_size_follows
	atf_add_test_case terminal_restored
	atf_add_test_case no_terminal_no_session
	atf_add_test_case hangup_when_the_client_dies
	atf_add_test_case runs_as_target_under_policy
	atf_add_test_case tiocsti_stays_in_its_terminal
	atf_add_test_case only_a_new_terminal
	atf_add_test_case documented_session
}

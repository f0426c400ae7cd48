#! /usr/bin/env atf-sh
# dinit on a terminal, as a container runtime's -t gives it: the pty is
# the controlling terminal of dinit's session and its stdin, stdout and
# stderr (regress/helpers/ptyrun; what the terminal shows is in tty).
# A submitted command runs in a session of its own; a non-root one gets
# pipes for stdout and stderr, whose bytes init copies to the terminal,
# and so holds nothing that refers to the terminal.

. $(atf_get_srcdir)/../lib.sh

# pty_start ARGS: dinit ARGS as PID 1 on a new terminal, its socket open
# to every uid, once the socket is in place.
pty_start()
{
	NS_WRAP="$HELPERS/ptyrun"
	ns_launch "$DINIT" -socket-mode 0666 "$@" >tty 2>err
	NS_WRAP=
	ns_ready
}

# tty_has PATTERN: the terminal has shown a line matching PATTERN (its
# lines, without the terminal's carriage returns, are in tty.txt).
tty_has()
{
	tr -d '\r' <tty >tty.txt
	grep -q -- "$1" tty.txt
}

# A command's findings on itself, in /tmp/found.UID and on its stdout:
# its fds as ls(1) shows them, then "sid SID pid PID".
FINDINGS='(ls -l /proc/$$/fd/; echo sid $(ps -o sid= -p $$) pid $$) >/tmp/f.$$;'\
' mv /tmp/f.$$ /tmp/found.$(id -u); cat /tmp/found.$(id -u)'

# found UID: that file, once the command has written it.
found()
{
	wait_for "ns_exec test -e /tmp/found.$1" 10
	ns_exec cat /tmp/found.$1 | tee found
}

# /tmp/sti.py TEXT: try TIOCSTI, one byte at a time, with TEXT and a
# newline on every fd the process has and on /dev/tty; report each
# outcome in /tmp/sti.UID.
STI_PY='
import errno, fcntl, os, sys, termios
text, report = sys.argv[1].encode() + b"\n", []
def inject(fd, name):
    try:
        for b in text:
            fcntl.ioctl(fd, termios.TIOCSTI, bytes([b]))
        report.append("%s: injected" % name)
    except OSError as e:
        report.append("%s: %s" % (name, errno.errorcode[e.errno]))
for fd in sorted(int(f) for f in os.listdir("/proc/self/fd")):
    try:
        target = os.readlink("/proc/self/fd/%d" % fd)
    except OSError:
        continue
    inject(fd, "fd %d %s" % (fd, target))
try:
    fd = os.open("/dev/tty", os.O_RDWR)
except OSError as e:
    report.append("/dev/tty: open: %s" % errno.errorcode[e.errno])
else:
    inject(fd, "/dev/tty")
with open("/tmp/sti.%d.tmp" % os.getuid(), "w") as f:
    f.write("\n".join(report) + "\n")
os.rename("/tmp/sti.%d.tmp" % os.getuid(), "/tmp/sti.%d" % os.getuid())
'

atf_test_case nonroot_submission_holds_no_terminal
nonroot_submission_holds_no_terminal_head()
{
	atf_set descr "dinit's stdout and stderr are a terminal: a command" \
	    "submitted by uid 1000 runs in a session of its own with" \
	    "/dev/null and two pipes for fds 0-2 and no other fd, and what" \
	    "it writes still reaches the terminal"
	atf_set require.user root
	atf_set require.progs ps
	atf_set timeout 30
}
nonroot_submission_holds_no_terminal_body()
{
	pty_start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r sh -c "$FINDINGS; echo marker-uid1000"
	found 1000
	atf_check -o match:' 0 -> /dev/null$' cat found
	atf_check -o match:' 1 -> pipe:\[[0-9]+\]$' cat found
	atf_check -o match:' 2 -> pipe:\[[0-9]+\]$' cat found
	atf_check -o inline:'3\n' grep -c ' -> ' found
	atf_check -s exit:1 grep -E '/dev/(pts|tty|ptmx|console)' found
	atf_check -o match:'^sid ([0-9]+) pid \1$' cat found
	wait_for 'tty_has "^marker-uid1000$"' 10
	# Its findings came through the pipe too.
	atf_check -o match:'^sid [0-9]+ pid [0-9]+$' cat tty.txt
	stop
}

atf_test_case nonroot_submission_cannot_type_into_terminal
nonroot_submission_cannot_type_into_terminal_head()
{
	atf_set descr "A command submitted by uid 1000 that tries TIOCSTI" \
	    "on every fd it has and on /dev/tty types nothing into the" \
	    "terminal the primary reads: none of its fds is a terminal and" \
	    "it has no controlling one; the same program as root (which" \
	    "may) does type a line"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
nonroot_submission_cannot_type_into_terminal_body()
{
	echo "dev.tty.legacy_tiocsti:" \
	    "$(cat /proc/sys/dev/tty/legacy_tiocsti 2>/dev/null || echo absent)"
	pty_start -r sh -c 'read line; echo "got:\$line"; exec sleep 60'
	echo "$STI_PY" | ns_exec sh -c 'cat >/tmp/sti.py'
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r "$PYTHON" /tmp/sti.py typed-by-1000
	wait_for 'ns_exec test -e /tmp/sti.1000' 10
	ns_exec cat /tmp/sti.1000 | tee sti
	atf_check -o match:'^fd 0 /dev/null: ENOTTY$' cat sti
	atf_check -o match:'^fd 1 pipe:\[[0-9]+\]: ENOTTY$' cat sti
	atf_check -o match:'^fd 2 pipe:\[[0-9]+\]: ENOTTY$' cat sti
	atf_check -o inline:'/dev/tty: open: ENXIO\n' grep '^/dev/tty' sti
	atf_check -s exit:1 grep -E 'injected|/dev/pts' sti
	# Whatever reached the terminal's input: root's line is the first.
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -r "$PYTHON" /tmp/sti.py typed-by-root
	wait_for 'ns_exec test -e /tmp/sti.0' 10
	ns_exec_check -o match:'^fd 1 /dev/pts/[0-9]+: injected$' \
	    -- cat /tmp/sti.0
	# Root typed its line on fd 1 and fd 2: the echo of the second may
	# still be going when sh prints what it read, on the same line.
	wait_for 'tty_has "got:[a-z]"' 10
	atf_check -o inline:'got:typed-by-root\n' grep -Eo 'got:[a-z0-9-]+' tty.txt
	stop
}

atf_test_case root_submission_has_own_session_on_terminal
root_submission_has_own_session_on_terminal_head()
{
	atf_set descr "A command submitted by root runs in a session of its" \
	    "own too, with dinit's own terminal as its stdout and stderr"
	atf_set require.user root
	atf_set require.progs ps
	atf_set timeout 30
}
root_submission_has_own_session_on_terminal_body()
{
	pty_start -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -r sh -c "$FINDINGS; echo marker-root"
	found 0
	term=$(ns_exec readlink /proc/1/fd/1)
	case $term in
	/dev/pts/*)	;;
	*)		atf_fail "dinit's stdout is $term, not a pty" ;;
	esac
	atf_check -o match:" 1 -> $term\$" cat found
	atf_check -o match:" 2 -> $term\$" cat found
	atf_check -o match:'^sid ([0-9]+) pid \1$' cat found
	wait_for 'tty_has "^marker-root$"' 10
	stop
}

atf_init_test_cases()
{
	atf_add_test_case nonroot_submission_holds_no_terminal
	atf_add_test_case nonroot_submission_cannot_type_into_terminal
	atf_add_test_case root_submission_has_own_session_on_terminal
}

#! /usr/bin/env atf-sh
# dinit -submit against a server that is not dinit: it must learn who
# serves the socket before it sends a byte, and print nothing a server
# says raw.

. $(atf_get_srcdir)/../lib.sh

# A server at PATH that records on stdout what one client sends, up to
# its EOF, then answers ANSWER (with Python's backslash escapes) and
# closes; "listening" and "done" on stderr.
FAKE_PY='
import socket, sys
path = sys.argv[1]
answer = sys.argv[2].encode().decode("unicode_escape").encode("latin-1")
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.bind(path)
s.listen(1)
print("listening", file=sys.stderr, flush=True)
c, _ = s.accept()
c.settimeout(10)
while True:
    b = c.recv(4096)
    if not b:
        break
    sys.stdout.buffer.write(b)
sys.stdout.flush()
try:
    c.sendall(answer)
except OSError:
    pass
c.close()
print("done", file=sys.stderr, flush=True)
'

# fake_server ANSWER [PREFIX...]: a namespace where no dinit listens,
# and the fake server at /tmp/dinit.sock there, run by PREFIX (as root
# without one), its record in got, its news in server.
fake_server()
{
	_answer=$1
	shift
	ns_start -socket none -r sleep 60
	wait_for 'ns_log_has "started: \[sleep 60\]"' 10
	ns_exec "$@" "$PYTHON" -c "$FAKE_PY" /tmp/dinit.sock "$_answer" \
	    >got 2>server &
	wait_for 'grep -qs listening server' 10
}

atf_test_case server_of_another_uid_gets_nothing
server_of_another_uid_gets_nothing_head()
{
	atf_set descr "A uid 1000 process listening at /tmp/dinit.sock gets" \
	    "not a byte of root's request: the client reads who serves the" \
	    "socket first, refuses, names the uid and exits 1"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
server_of_another_uid_gets_nothing_body()
{
	fake_server 'ok 1\n' $AS_USER
	status=0
	ns_exec env SECRET=hunter2 "$NS_DINIT" -submit -r echo '$SECRET' \
	    >stdout 2>stderr || status=$?
	wait_for 'grep -qs done server' 10
	atf_check -o empty cat got
	atf_check_equal 1 "$status"
	atf_check -o match:'refusing to talk to /tmp/dinit\.sock: it is served by uid 1000, not root or you' \
	    cat stderr
	atf_check -o empty cat stdout
	stop
}

atf_test_case server_answers_are_printed_escaped
server_answers_are_printed_escaped_head()
{
	atf_set descr "What a server answers reaches the user's terminal" \
	    "escaped: no ESC or BEL byte in the client's stdout or stderr"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
server_answers_are_printed_escaped_body()
{
	fake_server 'ok 1\x1b[2J\nerror \x1b]0;pwned\x07\n'
	ns_exec_check -s exit:1 -o save:stdout -e save:stderr -- \
	    "$NS_DINIT" -submit -r true -r true
	cat stdout stderr
	atf_check -o inline:'ok 1\\033[2J\n' cat stdout
	atf_check -o match:'error \\033]0;pwned\\a$' cat stderr
	atf_check -s exit:1 grep -q "$(printf '[\033\007]')" stdout
	atf_check -s exit:1 grep -q "$(printf '[\033\007]')" stderr
	stop
}

atf_init_test_cases()
{
	atf_add_test_case server_of_another_uid_gets_nothing
	atf_add_test_case server_answers_are_printed_escaped
}

#! /usr/bin/env atf-sh
# sockd's connection slots are shared fairly between uids: one uid's
# silent connections cannot push out another uid's, however fast they
# come.

. $(atf_get_srcdir)/../lib.sh

AS_1001='setpriv --reuid 1001 --regid 1001 --clear-groups'

# flood.py: two processes open silent connections as fast as they can,
# each keeping its last 300 open, until /tmp/flood.stop exists or 60 s
# have passed; "ready" once the first has made more connections than
# sockd has slots.  Bounded in count too, and in how long a connect may
# wait.  (The clients must be served while it lasts: on a busy machine
# they took 13 s, beyond the 12 it once had.)
FLOOD_PY='
import os, socket, sys, time
end = time.monotonic() + 60
for w in range(2):
    if os.fork() == 0:
        break
else:
    for w in range(2):
        os.wait()
    sys.exit(0)
ring, n = [], 0
while n < 5000000 and time.monotonic() < end:
    if n % 64 == 0 and os.path.exists("/tmp/flood.stop"):
        break
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(1)
    try:
        s.connect("/tmp/dinit.sock")
    except OSError:
        s.close()
        continue
    ring.append(s)
    n += 1
    if len(ring) > 300:
        ring.pop(0).close()
    if n == 300 and w == 0:
        sys.stdout.write("ready\n")
        sys.stdout.flush()
why = "stopped" if os.path.exists("/tmp/flood.stop") else "ended"
sys.stdout.write("%d connections, %s\n" % (n, why))
sys.stdout.flush()
'

# slow.py: connect (blocking, as dinit -submit does: the flood may fill
# the backlog), wait 100 ms (well within the 2 s read deadline), send a
# request, print the answer.
SLOW_PY='
import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, struct.pack("ll", 5, 0))
b = b""
try:
    s.connect("/tmp/dinit.sock")
    s.settimeout(5)
    time.sleep(0.1)
    try:
        s.sendall(b"-r /bin/true\n")
    except BrokenPipeError:
        pass	# answered and closed already: read what it said
    while True:
        k = s.recv(4096)
        if not k:
            break
        b += k
except OSError as e:
    b += ("(%s)\n" % e).encode()
sys.stdout.write(b.decode(errors="replace"))
sys.stdout.flush()
'

# slow_rounds N: N rounds of a slow client as root, one as uid 1001 and
# a dinit -submit as root, their answers in answers, each line led by
# who got it.
slow_rounds()
{
	_i=0
	while [ $_i -lt $1 ]; do
		ns_exec "$PYTHON" -c "$SLOW_PY" | sed 's/^/root: /' >>answers
		ns_exec $AS_1001 "$PYTHON" -c "$SLOW_PY" |
		    sed 's/^/1001: /' >>answers
		ns_exec "$NS_DINIT" -submit -r /bin/true 2>&1 |
		    sed 's/^/submit: /' >>answers
		_i=$((_i + 1))
	done
}

# flood_and_serve: the flood from uid 1000, and slow_rounds meanwhile,
# all of which are served.  sockd runs as a uid of its own: with
# nobody's, other sockds' fds in flight would count against its fd
# limit and make it answer busy.
flood_and_serve()
{
	start -user $OWN_UID:$OWN_UID -socket-mode 0666 -r sleep 120
	knock
	ns_exec $AS_USER "$PYTHON" -c "$FLOOD_PY" >flood.out &
	flood=$!
	wait_for 'grep -q ready flood.out' 10
	t0=$(now_ms)
	slow_rounds 5
	t=$(($(now_ms) - t0))
	ns_exec touch /tmp/flood.stop
	wait $flood || atf_fail "the flood failed"
	cat flood.out
	echo "15 clients in $t ms"
	sed 's/ok [0-9]*$/ok/' answers | sort | uniq -c
	atf_check -o inline:'15\n' grep -Ec '^(root|1001|submit): ok [0-9]+$' \
	    answers
	atf_check -o inline:'15\n' grep -c '' answers
	# The flood was still on when the last client was served, and the
	# same sockd served them all.
	atf_check -o inline:'2\n' grep -c ' connections, stopped$' flood.out
	atf_check -s exit:1 grep 'sockd pid' err
	stop
}

atf_test_case flood_does_not_push_out_others
flood_does_not_push_out_others_head()
{
	atf_set descr "While uid 1000 floods the socket with silent" \
	    "connections, a root client and a uid 1001 client that send" \
	    "their line 100 ms after connecting, and dinit -submit, are" \
	    "served"
	atf_set require.user root
	atf_set timeout 120
}
flood_does_not_push_out_others_body()
{
	flood_and_serve
}

atf_test_case flood_does_not_push_out_others_out_of_fds
flood_does_not_push_out_others_out_of_fds_head()
{
	atf_set descr "The same under RLIMIT_NOFILE 17, where sockd runs out" \
	    "of fds before slots: uid 1000's flood does not push out root's" \
	    "or uid 1001's clients"
	atf_set require.user root
	atf_set timeout 120
}
flood_does_not_push_out_others_out_of_fds_body()
{
	# sockd inherits the limit; ns_exec's clients do not.  init needs 17:
	# 14 with a sockd (sockd's stderr pipe and the relay's two pipes
	# among them), and 3 for a submission (the client's connection, the
	# exec-status pipe).
	NS_SETUP="ulimit -n 17 && $NS_SETUP"
	flood_and_serve
}

atf_init_test_cases()
{
	atf_add_test_case flood_does_not_push_out_others
	atf_add_test_case flood_does_not_push_out_others_out_of_fds
}

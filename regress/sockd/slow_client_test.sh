#! /usr/bin/env atf-sh
# Clients that send half a request and then nothing: sockd's read
# deadline ends them, and they do not hold up anyone else.

. $(atf_get_srcdir)/../lib.sh

atf_test_case silent_client_gets_timeout
silent_client_gets_timeout_head()
{
	atf_set descr "A client that sends half a line and then nothing is" \
	    "answered 'error timeout' after sockd's read deadline, and" \
	    "nothing runs"
	atf_set require.user root
	atf_set timeout 60
}
silent_client_gets_timeout_body()
{
	start -r sleep 60
	t0=$(now_ms)
	printf -- '-r touch ran' | ns_send line >reply
	t=$(($(now_ms) - t0))
	echo "timed out after $t ms"
	atf_check -o inline:'error timeout\n' cat reply
	[ $t -lt 20000 ] || atf_fail "the deadline took $t ms"
	atf_check -s exit:1 test -e ran
	stop
}

atf_test_case stalled_clients_do_not_block_others
stalled_clients_do_not_block_others_head()
{
	atf_set descr "300 clients that connect and stall (silent or with" \
	    "half a line) do not stop a real client from being served;" \
	    "they get 'error timeout' or 'error busy'"
	atf_set require.user root
	atf_set timeout 90
}
stalled_clients_do_not_block_others_body()
{
	cat >stall.py <<'EOF'
import select, socket, sys, time
socks = {}
for i in range(300):
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("/tmp/dinit.sock")
    if i % 2:
        s.sendall(b"-r touch ran")	# half a line, never finished
    socks[s] = b""
open("ready", "w").close()
replies = []
deadline = time.monotonic() + 40
while socks and time.monotonic() < deadline:
    r, _, _ = select.select(list(socks), [], [], 1)
    for s in r:
        try:
            b = s.recv(4096)
        except ConnectionResetError:
            b = b""
        if b:
            socks[s] += b
        else:
            replies.append(socks.pop(s))
            s.close()
with open("stalled.out", "wb") as f:
    for b in replies + [b"(no reply)"] * len(socks):
        f.write(b.replace(b"\n", b"\\n") + b"\n")
EOF
	start -r sleep 120
	ns_exec "$PYTHON" stall.py &
	stall=$!
	wait_for 'test -e ready' 30
	t0=$(now_ms)
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r touch real
	t=$(($(now_ms) - t0))
	echo "with 300 stalled clients, a submission took $t ms"
	[ $t -lt 5000 ] || atf_fail "a submission took $t ms"
	wait_for 'test -e real' 10
	wait $stall || atf_fail "the stalling client failed"
	sort stalled.out | uniq -c
	atf_check -o inline:'300\n' grep -c '' stalled.out
	atf_check -o inline:'300\n' grep -Ec '^error (timeout|busy)\\n$' \
	    stalled.out
	atf_check -s exit:1 test -e ran
	ns_exec_check -o match:'^ok [0-9]+$' -- "$DINIT" -submit -r true
	stop
}

atf_init_test_cases()
{
	atf_add_test_case silent_client_gets_timeout
	atf_add_test_case stalled_clients_do_not_block_others
}

#! /usr/bin/env atf-sh
# dinit -status, -signal and -kill, as PID 1: who sees and touches what
# (uids 1000 and 1001, root, a policy's grant), each decision logged,
# the listing in text and JSON, a submission ended with its children.

. $(atf_get_srcdir)/../lib.sh

AS_1001='setpriv --reuid 1001 --regid 1001 --clear-groups'

# ctl AS ARGS...: dinit ARGS (-status, -signal, -kill) as AS (a setpriv
# prefix, or nothing for root), in the namespace.
ctl()
{
	_as=$1
	shift
	ns_exec $_as "$NS_DINIT" "$@"
}

# submit AS ARGS...: dinit -submit -r ARGS as AS; its answer is ok.
submit()
{
	_as=$1
	shift
	ns_exec_check -o match:'^ok [0-9]+$' -- $_as "$NS_DINIT" -submit -r "$@"
}

# id_of WORD: the id of the one submission whose argv holds WORD, as
# root's listing says.
id_of()
{
	ctl '' -status | awk -v w="$1" 'index($0, w) && $3 == "submission" {
	    print $1 }'
}

# pid_of WORD: its pid.
pid_of()
{
	ctl '' -status | awk -v w="$1" 'index($0, w) { print $2 }'
}

atf_test_case two_uids_see_their_own
two_uids_see_their_own_head()
{
	atf_set descr "uid 1000 and uid 1001 each list only their own" \
	    "submissions; root lists both and the -r command"
	atf_set require.user root
	atf_set timeout 30
}
two_uids_see_their_own_body()
{
	start -socket-mode 0666 -r sleep 61
	submit "$AS_USER" sleep 62
	submit "$AS_1001" sleep 63
	ctl "$AS_USER" -status >mine
	atf_check -o match:'^ID +PID +KIND +UID +GID +FROM +AS_UID +AS_GID +STARTED +LIMIT +LEFT +ARGV$' \
	    head -n 1 mine
	atf_check -o inline:'1 submission 1000 1000 1000 1000 [sleep 62]\n' \
	    awk 'NR > 1 { print $1, $3, $4, $5, $7, $8, $12, $13 }' mine
	ctl "$AS_1001" -status >theirs
	atf_check -o inline:'2 submission 1001 1001 [sleep 63]\n' \
	    awk 'NR > 1 { print $1, $3, $4, $7, $12, $13 }' theirs
	ctl '' -status >all
	atf_check -o inline:'- command 0\n1 submission 1000\n2 submission 1001\n' \
	    awk 'NR > 1 { print $1, $3, $4 }' all
	atf_check -o match:'^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$' \
	    awk 'NR == 2 { print $9 }' all
	stop
}

atf_test_case other_uid_refused_and_logged
other_uid_refused_and_logged_head()
{
	atf_set descr "uid 1001 may neither signal nor kill uid 1000's" \
	    "submission: 'error not yours', exit 1, the refusal logged with" \
	    "who asked and which; uid 1000 may, and its signal arrives"
	atf_set require.user root
	atf_set timeout 30
}
other_uid_refused_and_logged_body()
{
	start -socket-mode 0666 -r sleep 60
	submit "$AS_USER" sh -c 'trap "touch /tmp/usr1" USR1; while :; do sleep 0.05; done'
	id=$(id_of trap)
	atf_check_equal 1 "$id"
	ns_exec_check -s exit:1 -e match:'^dinit: error not yours' -- \
	    $AS_1001 "$NS_DINIT" -signal "$id" USR1
	ns_exec_check -s exit:1 -e match:'^dinit: error not yours' -- \
	    $AS_1001 "$NS_DINIT" -kill "$id"
	atf_check -o match:'control: uid 1001 gid 1001 pid [0-9]+ asks to send SIGUSR1 to submission 1: refused: not yours' \
	    cat err
	atf_check -o match:'control: uid 1001 gid 1001 pid [0-9]+ asks to kill submission 1: refused: not yours' \
	    cat err
	ns_exec_check -o match:'^1 ' -- $AS_USER "$NS_DINIT" -status
	ns_exec_check -s exit:1 -e inline:'dinit: error no such id: nothing of that id runs\n' \
	    -- $AS_USER "$NS_DINIT" -signal 7 USR1
	ns_exec_check -- $AS_USER "$NS_DINIT" -signal "$id" USR1
	wait_for 'ns_exec test -e /tmp/usr1' 10
	atf_check -o match:'control: uid 1000 gid 1000 pid [0-9]+ asks to send SIGUSR1 to submission 1: permitted: its own' \
	    cat err
	stop
}

atf_test_case root_signals_command
root_signals_command_head()
{
	atf_set descr "root signals a -r command by pid:PID, forwarded as" \
	    "dinit forwards (-rewrite USR1:USR2); uid 1000 may not"
	atf_set require.user root
	atf_set timeout 30
}
root_signals_command_body()
{
	start -socket-mode 0666 -rewrite USR1:USR2 -r sh -c \
	    'trap "touch usr2" USR2; trap "touch usr1" USR1; while :; do sleep 0.05; done'
	pid=$(pid_of trap)
	atf_check -o match:'^[0-9]+$' echo "$pid"
	ns_exec_check -s exit:1 -e match:"^dinit: error not yours" -- \
	    $AS_USER "$NS_DINIT" -signal "pid:$pid" USR1
	ns_exec_check -s exit:1 -e match:"^dinit: error no such id" -- \
	    "$NS_DINIT" -signal pid:99999 USR1
	ns_exec_check -- "$NS_DINIT" -signal "pid:$pid" SIGUSR1
	wait_for 'test -e usr2' 10
	atf_check -s exit:1 test -e usr1
	atf_check -o match:"control: uid 0 gid 0 pid [0-9]+ asks to send SIGUSR1 to pid $pid: permitted to root; sent as SIGUSR2" \
	    cat err
	stop
}

atf_test_case kill_ends_children
kill_ends_children_head()
{
	atf_set descr "-kill ends the whole submission: its command and the" \
	    "children it started, one in a session of its own, are gone;" \
	    "exit 0, nothing printed"
	atf_set require.user root
	atf_set timeout 30
}
kill_ends_children_body()
{
	start -socket-mode 0666 -r sleep 60
	# The child leaves the command's session: the submission's guard
	# ends it all the same.
	submit "$AS_USER" sh -c 'setsid sleep 301 & echo $! >/tmp/kid; sleep 302'
	wait_for 'ns_exec test -s /tmp/kid' 10
	kid=$(ns_exec cat /tmp/kid)
	ns_exec_check -- kill -0 "$kid"
	id=$(id_of 'sleep 301')
	ns_exec_check -- $AS_USER "$NS_DINIT" -kill "$id"
	wait_for "ns_log_has 'finished: \\[sh -c'" 10
	wait_for "! ns_exec kill -0 $kid 2>/dev/null" 10
	atf_check -o match:'control: uid 1000 gid 1000 pid [0-9]+ asks to kill submission 1: permitted: its own' \
	    -o match:'finished: \[sh -c .*\] \(signal TERM\) \(ended on request\)' \
	    cat err
	ns_exec_check -o not-match:'submission' -- "$NS_DINIT" -status
	stop
}

atf_test_case status_from_another_pid_namespace
status_from_another_pid_namespace_head()
{
	atf_set descr "A sidecar in a PID namespace of its own lists and" \
	    "signals what it submitted; dinit does not see its pid (FROM -," \
	    "peer_pid null)"
	atf_set require.user root
	atf_set timeout 30
}
status_from_another_pid_namespace_body()
{
	start -r sleep 60
	cat >side.sh <<'EOF'
set -e
"$1" -submit -r sleep 77 >/dev/null
"$1" -status >side.out
"$1" -status -json >side.json
"$1" -signal 1 TERM
EOF
	nsenter -t "$NS_PID" -m unshare --pid --fork --mount-proc \
	    sh -c 'cd /tmp/w && exec "$@"' x sh side.sh "$DINIT"
	atf_check -o inline:'1 submission 0 - [sleep 77]\n' \
	    awk '$3 == "submission" { print $1, $3, $4, $6, $12, $13 }' side.out
	atf_check -o match:'"id":1,.*"peer_pid":null' grep submission side.json
	wait_for "ns_log_has 'finished: \\[sleep 77\\] (signal TERM)'" 10
	stop
}

atf_test_case ids_never_reused
ids_never_reused_head()
{
	atf_set descr "Ids are never given twice: after submissions ended," \
	    "a new one gets the next id, and an ended one's id is no" \
	    "longer found"
	atf_set require.user root
	atf_set timeout 30
}
ids_never_reused_body()
{
	start -r sleep 60
	submit '' true
	submit '' true
	submit '' sleep 90
	atf_check_equal 3 "$(id_of 'sleep 90')"
	ns_exec_check -- "$NS_DINIT" -kill 3
	wait_for "ns_log_has 'finished: \\[sleep 90\\]'" 10
	submit '' sleep 91
	atf_check_equal 4 "$(id_of 'sleep 91')"
	for i in 1 2 3; do
		ns_exec_check -s exit:1 -e match:'error no such id' -- \
		    "$NS_DINIT" -kill "$i"
	done
	ns_exec_check -o match:'^4 ' -- "$NS_DINIT" -status
	stop
}

atf_test_case json_parsed_by_python
json_parsed_by_python_head()
{
	atf_set descr "-status -json is one JSON object a line that Python's" \
	    "json reads, with the keys the manual names, an argv of any" \
	    "bytes as an array, the start in RFC 3339 UTC, a time limit" \
	    "and what is left of it (in the text too)"
	atf_set require.user root
	atf_set timeout 30
	atf_set require.progs python3
}
json_parsed_by_python_body()
{
	start -socket-mode 0666 -r sleep 60
	submit "$AS_USER" sh -c 'sleep 70' "$(printf 'a "b"\\\n\001\377')"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -time-limit 1m -r sleep 72
	ctl '' -status -json >out.json
	ctl '' -status >out.text
	atf_check -o match:'^60\.0s [0-9]+\.[0-9]s \[sleep 72\]$' \
	    awk '$1 == 2 { print $10, $11, $12, $13 }' out.text
	cat >check.py <<'EOF'
import datetime, json, sys
rows = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
keys = {"id", "pid", "kind", "uid", "gid", "as_uid", "as_gid", "started",
        "argv", "peer_pid", "time_limit_ms", "left_ms", "argv_cut"}
for r in rows:
    assert keys <= set(r), r
    assert r["started"].endswith("Z"), r
    datetime.datetime.strptime(r["started"], "%Y-%m-%dT%H:%M:%S.%fZ")
cmd, sub, timed = rows
assert cmd["kind"] == "command" and cmd["id"] is None, cmd
assert cmd["argv"] == ["sleep", "60"], cmd
assert sub["kind"] == "submission" and sub["id"] == 1, sub
assert sub["uid"] == 1000 and sub["as_uid"] == 1000, sub
assert sub["argv"] == ["sh", "-c", "sleep 70", 'a "b"\\\n\x01\ufffd'], sub["argv"]
assert sub["time_limit_ms"] is None and sub["left_ms"] is None, sub
assert timed["id"] == 2 and timed["time_limit_ms"] == 60000, timed
assert 0 < timed["left_ms"] <= 60000, timed
print("ok", flush=True)
EOF
	atf_check -o inline:'ok\n' python3 check.py out.json
	stop
}

atf_test_case control_event_in_json_log
control_event_in_json_log_head()
{
	atf_set descr "With -log-format json each -signal and -kill is a" \
	    "signal or kill event that Python's json reads: who asked," \
	    "which submission, the signal, the outcome and the rule; the" \
	    "audit trail has them too"
	atf_set require.user root
	atf_set timeout 30
	atf_set require.progs python3
}
control_event_in_json_log_body()
{
	start -log-format json -audit file:/tmp/w/trail -socket-mode 0666 \
	    -r sleep 60
	submit "$AS_USER" sleep 71
	ns_exec_check -s exit:1 -e ignore -- $AS_1001 "$NS_DINIT" -signal 1 HUP
	ns_exec_check -- $AS_USER "$NS_DINIT" -kill 1
	wait_for "ns_log_has '\"event\":\"killed\"'" 10
	cat >check.py <<'EOF'
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1], encoding="utf-8")]
c = [e for e in ev if e["event"] in ("signal", "kill")]
assert len(c) == 2, c
r, k = c
assert r["outcome"] == "refused" and r["result"] == "refused: not yours", r
assert r["event"] == "signal" and r["signal"] == "HUP", r
assert r["submission_id"] == 1 and r["uid"] == 1001 and r["gid"] == 1001, r
assert isinstance(r["peer_pid"], int), r
assert k["outcome"] == "permitted" and k["event"] == "kill", k
assert "signal" not in k and k["uid"] == 1000, k
print("ok", flush=True)
EOF
	atf_check -o inline:'ok\n' python3 check.py err
	# The audit trail has them too.
	atf_check -o inline:'ok\n' python3 check.py trail
	stop
}

atf_test_case policy_grants_a_group
policy_grants_a_group_head()
{
	atf_set descr "'permit see :3300' lets uid 1001 of group 3300 list" \
	    "uid 1000's submissions but not signal them; 'permit signal" \
	    ":3300 cmd sleep' lets it signal those, logged with the rule;" \
	    "-check-policy shows the rules"
	atf_set require.user root
	atf_set timeout 30
}
policy_grants_a_group_body()
{
	printf '%s\n' 'permit 1000' 'permit see :3300' \
	    'permit signal :3300 cmd sleep' 'deny see :3300 cmd sleep args 98' >pol
	chmod 600 pol
	atf_check -o match:'^line 2: permit see :3300$' \
	    -o match:'^line 3: permit signal :3300 cmd sleep$' \
	    -o match:'^line 4: deny see :3300 cmd sleep args 98$' \
	    "$DINIT" -check-policy pol
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	submit "$AS_USER" sleep 97
	submit "$AS_USER" sh -c 'sleep 99'
	submit "$AS_USER" sleep 98
	ops='setpriv --reuid 1001 --regid 1001 --groups 3300'
	atf_check -o inline:'[sleep 97]\n[sh -c\n' \
	    sh -c "awk 'NR > 1 { print \$12, \$13 }' <<EOF
$(ctl "$ops" -status)
EOF"
	atf_check -o inline:'' sh -c "awk 'NR > 1' <<EOF
$(ctl "$AS_1001" -status)
EOF"
	ns_exec_check -s exit:1 -e match:'^dinit: error not yours' -- \
	    $ops "$NS_DINIT" -signal 2 TERM
	ns_exec_check -s exit:1 -e match:'^dinit: error policy: denied by line 4' -- \
	    $ops "$NS_DINIT" -signal 3 TERM
	ns_exec_check -- $ops "$NS_DINIT" -signal 1 TERM
	wait_for "ns_log_has 'finished: \\[sleep 97\\] (signal TERM)'" 10
	atf_check -o match:'control: uid 1001 gid 1001 pid [0-9]+ asks to send SIGTERM to submission 1: permitted by line 3' \
	    -o match:'asks to send SIGTERM to submission 3: denied by line 4' \
	    cat err
	stop
}

atf_test_case pages_and_a_reader_that_never_reads
pages_and_a_reader_that_never_reads_head()
{
	atf_set descr "A listing of 100 long submissions comes whole, in" \
	    "pages; a client that asks and never reads holds only its own" \
	    "connection: others list, signal and submit meanwhile"
	atf_set require.user root
	atf_set timeout 60
}
pages_and_a_reader_that_never_reads_body()
{
	start -r sleep 60
	# Each a control byte, which JSON writes in 6: more than the
	# socket holds.
	long=$(printf '\001%.0s' $(seq 400))
	i=0
	while [ $i -lt 100 ]; do
		ns_exec "$NS_DINIT" -submit -r sh -c 'sleep 300' "$long" >/dev/null
		i=$((i + 1))
	done
	ctl '' -status >all
	atf_check_equal 102 "$(wc -l <all)"
	atf_check_equal 100 "$(awk '$3 == "submission"' all | wc -l)"
	ctl '' -status -json >all.json
	atf_check_equal 101 "$(wc -l <all.json)"
	# A client that asks and never reads, held open.
	ns_exec python3 -c '
import socket, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1024)
s.connect("/tmp/dinit.sock")
s.sendall(b"-status -json\n")
open("asked", "w").close()
time.sleep(30)
' &
	reader=$!
	wait_for 'test -e asked' 10
	ctl '' -status >again
	atf_check_equal 102 "$(wc -l <again)"
	submit '' sleep 301
	ns_exec_check -- "$NS_DINIT" -kill 1
	kill $reader 2>/dev/null
	stop
}

# transcript: run the example in the file example, each "$ " line a
# command of root's in the namespace, and print what it ran and printed,
# as the example shows it.
transcript()
{
	grep '^\$ ' example | while IFS= read -r line; do
		printf '%s\n' "$line"
		ns_exec env PATH="/mnt:$PATH" sh -c "${line#\$ }" 2>&1
	done
}

# normal: times and pids as words, blanks squeezed, so that a transcript
# compares with the example.
normal()
{
	sed -E 's/[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9:.]+Z/TIME/g;
	    s/^ok [0-9]+$/ok PID/; s/"(peer_)?pid":[0-9]+/"\1pid":PID/g' |
	    awk '$3 == "command" || $3 == "hook" || $3 == "submission" {
		$2 = "PID"; if ($6 ~ /^[0-9]+$/) $6 = "PID" } { $1 = $1; print }'
}

# The source tree: above the build tree (build/regress/sockd, or
# build/asan/regress/sockd), where the README is.
ROOT=$(cd "$(atf_get_srcdir)" && while [ ! -e README.md ] && [ "$PWD" != / ]; do
	cd ..; done; pwd)

atf_test_case readme_session
readme_session_head()
{
	atf_set descr "The README's example session, run as it is written," 	    "prints what it shows (times and pids aside)"
	atf_set require.user root
	atf_set timeout 30
}
readme_session_body()
{
	sh "$ROOT/regress/doc/example.sh" "$ROOT/README.md" status-session \
	    >example || atf_fail "no example"
	session
}

atf_test_case manual_session
manual_session_head()
{
	atf_set descr "dinit.8's example session, run as it is written," \
	    "prints what it shows (pids aside)"
	atf_set require.user root
	atf_set timeout 30
}
manual_session_body()
{
	sh "$ROOT/regress/doc/example.sh" "$ROOT/dinit.8" status-session \
	    >example || atf_fail "no example"
	session
}

# session: the example in the file example, run under a fresh dinit.
session()
{
	start -r sleep 1000
	transcript >got
	normal <example >want.n
	normal <got >got.n
	atf_check -o file:want.n cat got.n
	stop
}

atf_test_case readme_log_lines
readme_log_lines_head()
{
	atf_set descr "The README's lines of a refused -signal and a -kill" \
	    "are what dinit logs (times and pids aside)"
	atf_set require.user root
	atf_set timeout 30
}
readme_log_lines_body()
{
	sh "$ROOT/regress/doc/example.sh" "$ROOT/README.md" control-log \
	    >example || atf_fail "no example"
	start -socket-mode 0666 -r sleep 60
	submit "$AS_USER" sleep 73
	ns_exec_check -s exit:1 -e ignore -- $AS_1001 "$NS_DINIT" -signal 1 TERM
	ns_exec_check -- "$NS_DINIT" -kill 1
	grep 'control: ' err | sed 's/^.* dinit: //; s/pid [0-9]*/pid P/' >got
	sed 's/^.* dinit: //; s/pid [0-9]*/pid P/' example >want
	atf_check -o file:want cat got
	stop
}

atf_test_case readme_operators_policy
readme_operators_policy_head()
{
	atf_set descr "The README's rules for operators read as dinit reads" \
	    "them: -check-policy prints a see and a signal rule"
	atf_set require.user root
	atf_set timeout 30
}
readme_operators_policy_body()
{
	sh "$ROOT/regress/doc/example.sh" "$ROOT/README.md" control-policy \
	    >pol || atf_fail "no example"
	chmod 600 pol
	mkdir etc
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' >etc/passwd
	printf '%s\n' 'root:x:0:' 'ops:x:3300:' >etc/group
	export NS_ETC="$(pwd)/etc"
	ns_check -o inline:"line 1: permit see :ops (gid 3300)
line 2: permit signal :ops (gid 3300) cmd /usr/local/bin/reindex
" -- -check-policy pol
}

atf_init_test_cases()
{
	atf_add_test_case readme_log_lines
	atf_add_test_case readme_operators_policy
	atf_add_test_case readme_session
	atf_add_test_case manual_session
	atf_add_test_case two_uids_see_their_own
	atf_add_test_case other_uid_refused_and_logged
	atf_add_test_case root_signals_command
	atf_add_test_case kill_ends_children
	atf_add_test_case status_from_another_pid_namespace
	atf_add_test_case ids_never_reused
	atf_add_test_case json_parsed_by_python
	atf_add_test_case control_event_in_json_log
	atf_add_test_case policy_grants_a_group
	atf_add_test_case pages_and_a_reader_that_never_reads
}

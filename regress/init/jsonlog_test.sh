#! /usr/bin/env atf-sh
# -log-format json (DINIT_LOG_FORMAT): one JSON object per line, from
# PID 1 and from sockd, whatever bytes the commands' words hold.  Every
# line of stderr is read back with Python's json module.

. $(atf_get_srcdir)/../lib.sh

# write_hostile: files h_* holding one hostile word each: quotes,
# backslashes, control bytes, ill-formed UTF-8, C1 and U+2028, and a
# long one of control bytes whose JSON outgrows a log line.
write_hostile()
{
	"$PYTHON" -c '
words = {
    "quote": b"say \"hi\" \"\"",
    "back": b"back\\slash\\\\ \\u0041 \\",
    "ctl": b"ctl\x01\x02\x1b[31m\nFORGED\r\t\x7f end",
    "bad": b"bad\xff\xfe\x80utf8\xc0\xaf\xed\xa0\x80\xe2\x82x",
    "uni": b"c1\xc2\x9b sep\xe2\x80\xa8 ok\xc3\xa9\xf0\x9f\x98\x80",
    "long": b"\x01" * 700 + b"\"" * 300,
}
for k, v in words.items():
    open("h_" + k, "wb").write(v)
'
}

# write_check: check.py FILE [TESTS...] reads every line of FILE as a
# JSON object in strict UTF-8, with the common fields, then runs the
# named checks on the events.
write_check()
{
	cat >check.py <<'PY'
import codecs, json, re, sys

# Each byte that does not begin well-formed UTF-8 is one U+FFFD.
codecs.register_error("perbyte", lambda e: ("\ufffd", e.start + 1))
def word(name):
    return open("h_" + name, "rb").read().decode("utf-8", "perbyte")

def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)

def strings(v):
    if isinstance(v, str):
        v.encode("utf-8")		# no lone surrogates
    elif isinstance(v, list):
        for x in v:
            strings(x)
    elif isinstance(v, dict):
        for x in v.values():
            strings(x)

raw = open(sys.argv[1], "rb").read()
if not raw.endswith(b"\n"):
    fail("no newline at the end")
events = []
for n, line in enumerate(raw[:-1].split(b"\n"), 1):
    if len(line) + 1 > 2048:
        fail("line %d: %d bytes" % (n, len(line) + 1))
    try:
        ev = json.loads(line.decode("utf-8"))
        strings(ev)
    except ValueError as e:
        fail("line %d: %s: %r" % (n, e, line))
    if not isinstance(ev, dict):
        fail("line %d: not an object" % n)
    if list(ev)[:3] != ["time", "level", "event"]:
        fail("line %d: starts with %s" % (n, list(ev)[:3]))
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z", ev["time"]):
        fail("line %d: time %r" % (n, ev["time"]))
    if ev["level"] not in ("info", "warn", "fatal"):
        fail("line %d: level %r" % (n, ev["level"]))
    events.append(ev)
print(len(events), "lines, all JSON")

def find(what, **kw):
    for ev in events:
        if all(ev.get(k, "-absent-") == v for k, v in kw.items()):
            return ev
    fail("no %s event with %s in:\n%s" % (what, kw,
        "\n".join(json.dumps(e) for e in events)))

def cut(got, want):
    if not got.endswith("...") or not want.startswith(got[:-3]) or \
        len(got) < 100:
        fail("%r is not a cut of %r" % (got[:80], want[:80]))

def run_and_submissions():
    words = [word(k) for k in ("quote", "back", "ctl", "bad", "uni")]
    find("started", event="started", role="command",
        argv=["/bin/true"] + words)
    find("exited", event="exited", role="command", status=0,
        argv=["/bin/true"] + words)
    long = [e for e in events if e["event"] == "started" and
        e["argv"][:1] == ["/bin/echo"]]
    if len(long) != 1 or len(long[0]["argv"]) != 2:
        fail("the long one: %s" % long)
    cut(long[0]["argv"][1], word("long"))
    sub = ["/bin/true", word("quote"), word("ctl"), word("bad")]
    ev = find("root's submission", event="submission", outcome="started",
        uid=0, gid=0, argv=sub)
    if not isinstance(ev["pid"], int) or not isinstance(ev["peer_pid"], int) \
        or ev["peer_pid"] <= 0 or "as_uid" in ev:
        fail("root's submission: %s" % ev)
    find("exited submission", event="exited", role="submitted",
        pid=ev["pid"], status=0, submission_id=ev.get("submission_id"))
    ids = [e["submission_id"] for e in events if e["event"] == "submission"]
    if not ids or not all(isinstance(i, int) and i > 0 for i in ids) or \
        len(set(ids)) != len(ids):
        fail("submission ids: %s" % ids)
    find("uid 1000's", event="submission", outcome="started", uid=1000,
        gid=1000, argv=["/bin/true", word("uni")])
    find("refused -u 0", event="policy", outcome="refused", uid=1000,
        as_uid=0, argv=["/bin/true", word("quote")])
    pol = find("permitted -u 1000", event="policy", outcome="permitted",
        uid=0, as_uid=1000, argv=["/bin/true", "as", "1000"])
    find("as 1000", event="submission", outcome="started", uid=0,
        as_uid=1000, as_gid=1000, argv=["/bin/true", "as", "1000"],
        submission_id=pol.get("submission_id"))
    find("from another PID namespace", event="submission",
        outcome="started", peer_pid=None, argv=["/bin/true", "outside"])
    find("shutdown", event="shutdown", signal="TERM", sent="TERM")
    find("primary", event="killed", role="command", signal="TERM",
        argv=["sleep", "60"])
    find("exit", event="exit", status=143)

def failed_long():
    ev = find("failed", event="failed", level="warn",
        error="No such file or directory")
    if len(ev["argv"]) != 1:
        fail("failed: %s" % ev["argv"])
    cut(ev["argv"][0], "/nonexistent/" + word("long"))
    find("exit", event="exit", status=127)

def message_long():
    ev = find("policy's message", event="message", level="info")
    cut(ev["msg"], "policy: 1 rule from /tmp/w/" + "\\001" * 250 + "/" +
        "\\001" * 250 + "/pol")

def sockd_json():
    find("sockd's warning", event="message", level="warn", source="sockd",
        msg="sandbox: built without seccomp, for valgrind")

for t in sys.argv[2:]:
    globals()[t]()
    print(t, "ok")
PY
}

atf_test_case hostile_words_and_submissions_are_json
hostile_words_and_submissions_are_json_head()
{
	atf_set descr "-log-format json as PID 1: -r commands and submissions" \
	    "(root, uid 1000, -u, a peer in another PID namespace) whose" \
	    "words hold quotes, backslashes, control bytes and ill-formed" \
	    "UTF-8 give lines that each parse as JSON, with the argv," \
	    "uid, gid, peer_pid and outcome; sockd is told the format"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
hostile_words_and_submissions_are_json_body()
{
	write_hostile
	write_check
	start -log-format json -socket-mode 0666 \
	    -r /bin/true "$(cat h_quote)" "$(cat h_back)" "$(cat h_ctl)" \
	    "$(cat h_bad)" "$(cat h_uni)" \
	    -r /bin/echo "$(cat h_long)" \
	    -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -r /bin/true "$(cat h_quote)" "$(cat h_ctl)" "$(cat h_bad)"
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" \
	    -submit -r /bin/true "$(cat h_uni)"
	ns_exec_check -s exit:1 -e match:'error policy' -- $AS_USER \
	    "$NS_DINIT" -submit -u 0 -r /bin/true "$(cat h_quote)"
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -u 1000 -r /bin/true as 1000
	# The mount namespace only: the client stays in this PID namespace.
	echo '-r /bin/true outside' >req
	atf_check -o match:'^ok [0-9]+$' nsenter -t "$NS_PID" -m \
	    "$PYTHON" -c "$NS_SEND_PY" line /tmp/dinit.sock <req
	wait_for 'grep -c "\"role\":\"submitted\"" err | grep -qx 4' 10
	stop
	atf_check_equal 143 "$NS_STATUS"
	atf_check -o match:'run_and_submissions ok' "$PYTHON" check.py err \
	    run_and_submissions
}

atf_test_case long_word_is_cut_to_valid_json
long_word_is_cut_to_valid_json_head()
{
	atf_set descr "DINIT_LOG_FORMAT=json: a command that cannot run, its" \
	    "name longer than a log line once escaped, is logged cut, marked" \
	    "'...', and still one line of valid JSON"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
long_word_is_cut_to_valid_json_body()
{
	write_hostile
	write_check
	export DINIT_LOG_FORMAT=json
	ns_check -s exit:127 -e save:err -- -socket none \
	    -r "/nonexistent/$(cat h_long)"
	atf_check -o match:'failed_long ok' "$PYTHON" check.py err failed_long
}

atf_test_case argv_of_1500_bytes_is_whole
argv_of_1500_bytes_is_whole_head()
{
	atf_set descr "A word of 1500 bytes fits a JSON line of 2048: the" \
	    "started and the exited events both carry it whole, not cut" \
	    "near 1 KiB"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
argv_of_1500_bytes_is_whole_body()
{
	write_check
	w=$("$PYTHON" -c 'print("a" * 1500)')
	ns_check -o ignore -e save:err -- -log-format json -socket none \
	    -r /bin/echo "$w"
	atf_check -o ignore "$PYTHON" check.py err
	for ev in started exited; do
		atf_check -o inline:"1\n" "$PYTHON" -c '
import json, sys
print(sum(1 for l in open("err") if json.loads(l)["event"] == sys.argv[1]
    and json.loads(l)["argv"] == ["/bin/echo", "a" * 1500]))' "$ev"
	done
}

atf_test_case bad_policy_is_json
bad_policy_is_json_head()
{
	atf_set descr "Under -log-format json, a -policy file dinit cannot" \
	    "trust is one JSON line, level fatal, as a socket that cannot" \
	    "be made is; exit 2 as in text"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
bad_policy_is_json_body()
{
	write_check
	echo 'permit 0' >pol
	chmod 602 pol
	ns_check -s exit:2 -e save:err -- -log-format json -socket none \
	    -policy /tmp/w/pol -r /bin/true
	atf_check -o ignore "$PYTHON" check.py err
	atf_check -o inline:'fatal message /tmp/w/pol: writable by others (mode 0602)\n' \
	    "$PYTHON" -c '
import json
for l in open("err"):
    e = json.loads(l)
    print(e["level"], e["event"], e["msg"])'
}

atf_test_case long_message_is_cut_to_valid_json
long_message_is_cut_to_valid_json_head()
{
	atf_set descr "A plain message (the rules file's path, of control" \
	    "bytes) longer than a log line is an event \"message\" whose" \
	    "msg is cut, marked '...', in one line of valid JSON"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
long_message_is_cut_to_valid_json_body()
{
	write_hostile
	write_check
	name=$("$PYTHON" -c 'print("\x01" * 250)')
	dir=$name/$name
	mkdir -p "$dir"
	echo 'permit 0' >"$dir/pol"
	chmod 600 "$dir/pol"
	ns_check -e save:err -- -log-format json -socket none \
	    -policy "/tmp/w/$dir/pol" -r /bin/true
	atf_check -o match:'message_long ok' "$PYTHON" check.py err \
	    message_long
}

atf_test_case sockd_logs_json_as_init_does
sockd_logs_json_as_init_does_head()
{
	atf_set descr "sockd, executed by init with -log-format json, logs" \
	    "JSON too, with source sockd (the valgrind build's sockd says" \
	    "that it has no seccomp)"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
sockd_logs_json_as_init_does_body()
{
	DINIT=$(dirname "$DINIT")/dinit-valgrind
	if grep -q __asan_init "$DINIT"; then
		atf_skip "the valgrind build does not run with a sanitizer"
	fi
	write_check
	start -log-format json -r sleep 60
	knock
	wait_for 'grep -q "without seccomp" err' 10
	stop
	atf_check -o match:'sockd_json ok' "$PYTHON" check.py err sockd_json
}

atf_test_case text_stays_the_default
text_stays_the_default_head()
{
	atf_set descr "Without -log-format the log is text; -log-format text" \
	    "wins over DINIT_LOG_FORMAT=json; other values are usage errors"
	atf_set require.user root
	atf_set timeout 30
}
text_stays_the_default_body()
{
	ns_check -e 'match:^[0-9/]+ [0-9:]+ dinit: pid [0-9]+ started: \[/bin/true\]$' \
	    -e not-match:'^\{' -- -socket none -r /bin/true
	DINIT_LOG_FORMAT=json
	export DINIT_LOG_FORMAT
	ns_check -e 'match:dinit: all processes exited, goodbye!$' \
	    -e not-match:'^\{' -- -log-format text -socket none -r /bin/true
	atf_check -s exit:2 -e 'match:^dinit: invalid value "xml" for flag -log-format: want text or json$' \
	    "$DINIT" -log-format xml -r /bin/true
	DINIT_LOG_FORMAT=xml
	atf_check -s exit:2 -e 'match:^dinit: invalid value "xml" for DINIT_LOG_FORMAT' \
	    "$DINIT" -r /bin/true
}

atf_init_test_cases()
{
	atf_add_test_case hostile_words_and_submissions_are_json
	atf_add_test_case long_word_is_cut_to_valid_json
	atf_add_test_case argv_of_1500_bytes_is_whole
	atf_add_test_case bad_policy_is_json
	atf_add_test_case long_message_is_cut_to_valid_json
	atf_add_test_case sockd_logs_json_as_init_does
	atf_add_test_case text_stays_the_default
}

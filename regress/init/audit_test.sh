#! /usr/bin/env atf-sh
# The audit trail (-audit, -audit-key-file, -verify-audit): its sinks,
# real receivers of them, its keyed chain, the verifier against each way
# of tampering, and the key kept from everything PID 1 starts.

. $(atf_get_srcdir)/../lib.sh

# write_key [FILE]: 32 random bytes, root's, mode 0600.
write_key()
{
	head -c 32 /dev/urandom >"${1:-key}"
	chmod 600 "${1:-key}"
}

# write_check: check.py FILE: every line JSON, seq 1, 2, ... of one run
# (several runs: each from 1), and the events named after the file, in
# order, each with the members given (event[:key=value,...]).
write_check()
{
	cat >check.py <<'PY'
import json, sys
lines = open(sys.argv[1], "rb").read().split(b"\n")
if lines[-1] != b"":
    sys.exit("no newline at the end")
evs, run, seq = [], None, 0
for n, line in enumerate(lines[:-1], 1):
    ev = json.loads(line)
    if list(ev)[:3] != ["time", "level", "event"]:
        sys.exit("line %d: %s" % (n, list(ev)[:3]))
    if ev["seq"] == 1:
        run, seq = ev["run"], 0
    if ev["seq"] != seq + 1 or ev["run"] != run or len(run) != 32:
        sys.exit("line %d: seq %s run %s after %d" % (n, ev["seq"],
            ev["run"], seq))
    seq = ev["seq"]
    evs.append(ev)
i = 0
for want in sys.argv[2:]:
    name, _, kv = want.partition(":")
    kw = dict(p.split("=", 1) for p in kv.split(",") if p)
    while i < len(evs) and not (evs[i]["event"] == name and
        all(str(evs[i].get(k)) == v for k, v in kw.items())):
        i += 1
    if i == len(evs):
        sys.exit("no %s in order in:\n%s" % (want,
            "\n".join(json.dumps(e) for e in evs)))
    i += 1
print("ok", len(evs), "events")
PY
}

atf_test_case file_sink
file_sink_head()
{
	atf_set descr "-audit file:PATH: made 0600, each audit event one" \
	    "line, the JSON event of -log-format json with seq, run and" \
	    "submission_id, whatever the log's format; sockd's start and" \
	    "death, shutdown and exit too"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
file_sink_body()
{
	write_check
	start -audit file:/tmp/w/trail -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- "$NS_DINIT" -submit \
	    -r /bin/echo 'a "quoted" word'
	wait_for 'grep -q "\"event\":\"exited\".*echo" trail' 10
	ns_exec kill -KILL "$(sockd_pid)"
	wait_for 'grep -q "\"outcome\":\"killed\"" trail' 10 || { cat trail err; false; }
	stop
	atf_check -o inline:'600\n' stat -c %a trail
	atf_check -o match:'^ok' "$PYTHON" check.py trail \
	    started:role=command sockd:outcome=started \
	    'submission:outcome=started,submission_id=1' \
	    'exited:role=submitted,submission_id=1,status=0' \
	    sockd:outcome=killed,signal=KILL shutdown exit:status=143
	atf_check -o match:'"argv":\["/bin/echo","a \\"quoted\\" word"\]' \
	    grep '"event":"submission"' trail
	# The log is text still, and says nothing of seq.
	atf_check -s exit:1 grep -q seq err
}

atf_test_case sink_unopenable
sink_unopenable_head()
{
	atf_set descr "A sink that cannot be opened, or a bad one, stops" \
	    "dinit with status 2 before anything runs"
	atf_set require.user root
	atf_set timeout 30
}
sink_unopenable_body()
{
	ns_check -s exit:2 -e match:'-audit file:/nonexistent/x: No such' \
	    -- -audit file:/nonexistent/x -r touch ran
	ns_check -s exit:2 -e match:'want file:PATH' -- -audit smoke \
	    -r touch ran
	mkfifo fifo
	ns_check -s exit:2 -e match:'-audit file:/tmp/w/fifo: No such dev' \
	    -- -audit file:/tmp/w/fifo -r touch ran
	[ ! -e ran ] || atf_fail "a command ran"
}

atf_test_case key_refused
key_refused_head()
{
	atf_set descr "-audit-key-file: shorter than 32 bytes, readable by" \
	    "others, or not a regular file stops dinit with status 2"
	atf_set require.user root
	atf_set timeout 30
}
key_refused_body()
{
	head -c 31 /dev/urandom >short
	chmod 600 short
	ns_check -s exit:2 -e match:'want 32 to 4096 bytes' -- \
	    -audit file:/tmp/w/t -audit-key-file /tmp/w/short -r touch ran
	write_key
	chmod 640 key
	ns_check -s exit:2 -e match:'readable by others' -- \
	    -audit file:/tmp/w/t -audit-key-file /tmp/w/key -r touch ran
	ns_check -s exit:2 -e match:'not a regular file' -- \
	    -audit file:/tmp/w/t -audit-key-file /tmp/w -r touch ran
	[ ! -e ran ] || atf_fail "a command ran"
}

# trail_of N: a chained trail file "trail" of a run with N submissions.
trail_of()
{
	write_key
	start -audit file:/tmp/w/trail -audit-key-file /tmp/w/key \
	    -r sleep 60
	_sub=0
	while [ $_sub -lt "$1" ]; do
		ns_exec_check -o ignore -- "$NS_DINIT" -submit -r /bin/true
		_sub=$((_sub + 1))
	done
	wait_for "[ \$(grep -c '\"event\":\"exited\"' trail) -ge $1 ]" 10
	stop
}

atf_test_case verify_catches_tampering
verify_catches_tampering_head()
{
	atf_set descr "-verify-audit: 0 for the untouched file; 1 naming" \
	    "seq and line for a changed byte, a deleted, inserted, reordered" \
	    "or forged event, a cut line, a file that ends before the" \
	    "anchor; 2 for a bad key or file"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
verify_catches_tampering_body()
{
	trail_of 3
	n=$(wc -l <trail)
	atf_check -o match:"^run [0-9a-f]{32}: $n events verified\$" \
	    "$DINIT" -verify-audit trail -audit-key-file key
	last=$(tail -n 1 trail | sed 's/.*"seq":\([0-9]*\),.*"mac":"\([0-9a-f]*\)".*/\1:\2/')
	atf_check -o match:verified "$DINIT" -verify-audit trail \
	    -audit-key-file key -anchor "$last"
	# Each way of tampering, and where it is caught.
	cat >tamper.py <<'PY'
import hashlib, hmac, json, sys
how = sys.argv[1]
L = open("trail", "rb").read().split(b"\n")[:-1]
if how == "byte":
    L[2] = L[2].replace(b"/bin/true", b"/bin/tru3", 1)
elif how == "delete":
    del L[2]
elif how == "insert":
    L.insert(3, L[1])
elif how == "reorder":
    L[2], L[3] = L[3], L[2]
elif how == "forge":
    # A well-formed event, chained by a key that is not dinit's.
    k = b"k" * 32
    prev = L[1].rsplit(b'"mac":"', 1)[1][:64]
    body = L[2].rsplit(b',"mac":"', 1)[0].replace(b"true", b"fals") + b"}"
    mac = hmac.new(k, prev + body, hashlib.sha256).hexdigest().encode()
    L[2] = body[:-1] + b',"mac":"' + mac + b'"}'
elif how == "cut":
    open("trail.t", "wb").write(b"\n".join(L)[:-5])
    sys.exit(0)
elif how == "tail":
    del L[-1]
open("trail.t", "wb").write(b"\n".join(L) + b"\n")
PY
	for how in byte:3:3 delete:4:3 insert:2:4 reorder:4:3 forge:3:3; do
		"$PYTHON" tamper.py "${how%%:*}"
		seq=${how#*:}
		line=${seq#*:}
		seq=${seq%:*}
		atf_check -s exit:1 -o match:"^trail.t:$line: seq $seq: " \
		    "$DINIT" -verify-audit trail.t -audit-key-file key
	done
	"$PYTHON" tamper.py cut
	atf_check -s exit:1 -o match:"^trail.t:$n: seq $n: .*cut short" \
	    "$DINIT" -verify-audit trail.t -audit-key-file key
	# Its last event gone: only the anchor can tell.
	"$PYTHON" tamper.py tail
	atf_check -o match:verified "$DINIT" -verify-audit trail.t \
	    -audit-key-file key
	atf_check -s exit:1 -o match:"ends at seq $((n - 1)), before the anchor's seq $n" \
	    "$DINIT" -verify-audit trail.t -audit-key-file key -anchor "$last"
	# Another key, or none fit to use, or no file.
	write_key other
	atf_check -s exit:1 -o match:'^trail:1: seq 1: mac does not match' \
	    "$DINIT" -verify-audit trail -audit-key-file other
	chmod 644 other
	atf_check -s exit:2 -e match:'readable by others' \
	    "$DINIT" -verify-audit trail -audit-key-file other
	atf_check -s exit:2 -e match:'nonexistent' \
	    "$DINIT" -verify-audit nonexistent -audit-key-file key
	atf_check -s exit:2 -e match:'want SEQ:MAC' \
	    "$DINIT" -verify-audit trail -audit-key-file key -anchor 3:xyz
}

atf_test_case runs_append
runs_append_head()
{
	atf_set descr "A second start appends a run of its own to the file:" \
	    "each run verified from its own seq 1 and id"
	atf_set require.user root
	atf_set timeout 60
}
runs_append_body()
{
	write_key
	for i in 1 2; do
		ns_check -o ignore -e ignore -- -audit file:/tmp/w/trail \
		    -audit-key-file /tmp/w/key -socket none -r /bin/true
	done
	atf_check -o match:'^run [0-9a-f]{32}: 4 events verified' \
	    "$DINIT" -verify-audit trail -audit-key-file key
	[ "$("$DINIT" -verify-audit trail -audit-key-file key | wc -l)" = 2 ] ||
	    atf_fail "not two runs"
}

# as_pid1 SETUP ARGS: PID 1 a shell that runs SETUP, then executes dinit
# ARGS, with output in out and err, as by ns_launch.
as_pid1()
{
	_setup=$1
	shift
	ns_launch sh -c "$_setup"' && exec /mnt/dinit "$@"' pid1 "$@" \
	    >out 2>err
}

# A /dev of its own, on a tmpfs, with links to the real one's entries:
# there /dev/log can be made.
OWN_DEV='mkdir /tmp/dev && mount --rbind /dev /tmp/dev &&
	mount -t tmpfs -o mode=755 tmpfs /dev &&
	for f in /tmp/dev/*; do ln -s "$f" /dev/; done'

atf_test_case syslog_rsyslogd
syslog_rsyslogd_head()
{
	atf_set descr "-audit syslog: Debian's rsyslogd, reading /dev/log in" \
	    "the namespace, gets each event as one RFC 5424 message of" \
	    "facility authpriv, severity from the event, whose payload" \
	    "is the event's JSON"
	atf_set require.user root
	atf_set require.progs "$PYTHON rsyslogd"
	atf_set timeout 60
}
syslog_rsyslogd_body()
{
	write_check
	cat >rs.conf <<'EOF'
global(workDirectory="/tmp/rs")
module(load="imuxsock" SysSock.Name="/dev/log" SysSock.UseSpecialParser="off"
    SysSock.RateLimit.Interval="0")
template(name="t" type="string" string="%syslogfacility-text% %syslogseverity% %app-name% %msgid% %msg%\n")
authpriv.* action(type="omfile" file="/tmp/w/syslog.out" template="t")
EOF
	as_pid1 "$OWN_DEV"' && mkdir /tmp/rs &&
	    { rsyslogd -n -f /tmp/w/rs.conf -i /tmp/rs/pid & } &&
	    while [ ! -S /dev/log ]; do sleep 0.01; done' \
	    -audit syslog -socket-mode 0666 -r sleep 60
	ns_ready
	ns_exec_check -s exit:1 -e match:'error' -- $AS_USER "$NS_DINIT" \
	    -submit -u 0 -r /bin/true
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -r /bin/true x
	wait_for 'grep -q " exited " syslog.out' 10
	stop
	cat >syslog.py <<'PY'
import json, sys
out = []
for line in open("syslog.out"):
    fac, sev, app, msgid, msg = line.rstrip("\n").split(" ", 4)
    ev = json.loads(msg)
    want = {"info": "6", "warn": "4"}[ev["level"]]
    if (fac, sev, app, msgid) != ("authpriv", want, "dinit", ev["event"]):
        sys.exit("bad header: %r" % line)
    out.append(json.dumps(ev))
open("syslog.json", "w").write("\n".join(out) + "\n")
PY
	atf_check "$PYTHON" syslog.py
	atf_check -o match:'^ok' "$PYTHON" check.py syslog.json \
	    started sockd:level=info policy:outcome=refused \
	    submission:outcome=started exited:role=submitted
}

atf_test_case journald_real
journald_real_head()
{
	atf_set descr "-audit journald: systemd-journald, run in the" \
	    "namespace, stores each event with MESSAGE its JSON, PRIORITY," \
	    "SYSLOG_IDENTIFIER=dinit and the event's fields"
	atf_set require.user root
	atf_set require.progs "$PYTHON journalctl"
	atf_set timeout 60
}
journald_real_body()
{
	[ -x /lib/systemd/systemd-journald ] ||
	    atf_skip "no systemd-journald"
	write_check
	as_pid1 'mount -t tmpfs tmpfs /run &&
	    mkdir -p /run/systemd/journal /run/log/journal &&
	    { /lib/systemd/systemd-journald >/tmp/jd.log 2>&1 & } &&
	    while [ ! -S /run/systemd/journal/socket ]; do sleep 0.01; done' \
	    -audit journald -r sleep 60
	ns_ready
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -r /bin/true x
	wait_for 'ns_exec journalctl -D /run/log/journal -o json \
	    SYSLOG_IDENTIFIER=dinit >j.json 2>/dev/null &&
	    grep -q "\"EVENT\":\"exited\"" j.json' 10
	stop
	cat >journal.py <<'PY'
import json, sys
out = []
for line in open("j.json"):
    e = json.loads(line)
    ev = json.loads(e["MESSAGE"])
    want = {"info": "6", "warn": "4"}[ev["level"]]
    if e["PRIORITY"] != want or e["SYSLOG_FACILITY"] != "10" or \
        e["EVENT"] != ev["event"] or e["SEQ"] != str(ev["seq"]) or \
        e["RUN"] != ev["run"]:
        sys.exit("bad fields: %r" % e)
    for k, v in ev.items():
        if k in ("time", "level", "event"):
            continue
        got = e.get(k.upper())
        if got != (v if isinstance(v, str) else json.dumps(v,
            separators=(",", ":"))):
            sys.exit("%s: %r for %r" % (k, got, v))
    out.append(json.dumps(ev))
open("journal.json", "w").write("\n".join(out) + "\n")
PY
	atf_check "$PYTHON" journal.py
	atf_check -o match:'^ok' "$PYTHON" check.py journal.json \
	    started sockd submission:outcome=started exited:role=submitted
}

atf_test_case key_stays_in_pid1
key_stays_in_pid1_head()
{
	atf_set descr "The key's bytes are nowhere in the memory or the" \
	    "environment of sockd, of a command (root's or another uid's)," \
	    "of PID 1 itself once read, nor in the log or the trail"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
key_stays_in_pid1_body()
{
	write_key
	start -audit file:/tmp/w/trail -audit-key-file /tmp/w/key \
	    -socket-mode 0666 -r sleep 60
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -r sleep 60
	ns_exec_check -o match:'^ok' -- $AS_USER "$NS_DINIT" -submit \
	    -r sleep 61
	wait_for '[ $(grep -c "\"event\":\"submission\"" trail) = 2 ]' 10
	cat >scan.py <<'PY'
import os, sys
key = open("key", "rb").read()
needles = [key, key[:16], key[16:], key.hex().encode()]

def tree(p):
    yield p
    for t in os.listdir("/proc/%d/task" % p):
        for c in open("/proc/%d/task/%s/children" % (p, t)).read().split():
            yield from tree(int(c))

def scan(p):
    env = open("/proc/%d/environ" % p, "rb").read()
    if any(n in env for n in needles):
        return "environ"
    mem = open("/proc/%d/mem" % p, "rb", 0)
    for m in open("/proc/%d/maps" % p):
        a, perm = m.split()[:2]
        lo, hi = (int(x, 16) for x in a.split("-"))
        # Not what a process writes: the kernel's pages, and the
        # sanitizers' shadow (terabytes reserved) in an ASan build.
        if not perm.startswith("r") or "[vvar]" in m or \
            "[vsyscall]" in m or hi - lo > 1 << 32:
            continue
        # In pieces that overlap by a key's length.
        at, tail = lo, b""
        while at < hi:
            try:
                mem.seek(at)
                b = tail + mem.read(min(1 << 20, hi - at))
            except OSError:
                break
            if any(n in b for n in needles):
                return "memory at %s" % m.strip()
            tail, at = b[-128:], at + (1 << 20)
    return None

seen = []
for p in tree(int(sys.argv[1])):
    comm = open("/proc/%d/comm" % p).read().strip()
    seen.append(comm)
    where = scan(p)
    if where:
        sys.exit("pid %d (%s): key in its %s" % (p, comm, where))
for f in ("err", "out", "trail"):
    if any(n in open(f, "rb").read() for n in needles):
        sys.exit("key in " + f)
print("clean:", " ".join(sorted(seen)))
PY
	atf_check -o match:'clean: dinit dinit-guard dinit-guard dinit-sockd sleep sleep sleep' \
	    "$PYTHON" scan.py "$NS_PID"
	stop
}

atf_test_case full_sinks_never_wait
full_sinks_never_wait_head()
{
	atf_set descr "A file sink on a full FIFO and a syslog socket nobody" \
	    "reads: submissions are served all the same; once the FIFO is" \
	    "read, a dropped event says how many it lost"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
full_sinks_never_wait_body()
{
	"$PYTHON" "$HELPERS/fullsinks.py" . &
	holder=$!
	wait_for '[ -e audit.ready ]' 10
	start -audit file:/tmp/w/audit.fifo -audit syslog:/tmp/w/audit.sock \
	    -r sleep 60
	for i in 1 2 3 4 5; do
		ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -r /bin/true
	done
	wait_for '[ $(grep -c "finished: \[/bin/true\]" err) = 5 ]' 10
	# Read what the FIFO holds until the trail's next event has come.
	timeout 10 "$PYTHON" -c '
import os
r = os.open("audit.fifo", os.O_RDONLY)
data = os.read(r, 65536)
open("emptied", "w").close()
while b"\"event\":\"submission\"" not in data or not data.endswith(b"\n"):
    data += os.read(r, 65536)
open("drained", "wb").write(data.lstrip(b"x"))' &
	reader=$!
	wait_for '[ -e emptied ]' 10
	# The next event finds room, after word of the 12 lost: the
	# sleep's start, sockd's, 5 submissions and their 5 ends.
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -r /bin/true
	wait "$reader"
	kill "$holder"
	stop
	atf_check -o match:'"event":"dropped","sink":"file:/tmp/w/audit.fifo","count":12,"seq":13,' \
	    cat drained
	atf_check -o match:'"event":"submission".*"seq":14,' cat drained
}

atf_test_case redaction_hides_words
redaction_hides_words_head()
{
	atf_set descr "redact LIST in a rule, -redact where no rule matches:" \
	    "the hidden words are in no byte dinit writes (text log, JSON" \
	    "log, the trail), the rule matched on the real words, and" \
	    "argv[0] is never hidden"
	atf_set require.user root
	atf_set timeout 60
}
redaction_hides_words_body()
{
	cat >pol <<'EOF'
permit redact 2 0 cmd /bin/true args --token S3CRET-RULE
permit redact 1- 1000 cmd /bin/true
EOF
	chmod 600 pol
	for fmt in text json; do
		rm -f trail
		start -log-format $fmt -policy /tmp/w/pol -socket-mode 0666 \
		    -redact 2- -audit file:/tmp/w/trail -r sleep 60
		# The rule matches the real words only.
		ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit \
		    -r /bin/true --token S3CRET-RULE
		ns_exec_check -s exit:1 -e match:'error policy' -- \
		    "$NS_DINIT" -submit -r /bin/true --token S3CRET-WRONG
		ns_exec_check -o match:'^ok' -- $AS_USER "$NS_DINIT" -submit \
		    -r /bin/true S3CRET-UID 'S3CRET TWO'
		# No rule: -redact's positions.
		ns_exec_check -s exit:1 -e match:'error policy' -- \
		    $AS_USER "$NS_DINIT" -submit -r /bin/false shown \
		    S3CRET-FLAG S3CRET-THREE
		wait_for '[ $(grep -c "\"event\":\"exited\"" trail) = 2 ]' 10
		stop
		for f in err out trail; do
			if grep -a S3CRET "$f"; then
				atf_fail "a hidden word in $f ($fmt)"
			fi
		done
		atf_check -o match:'"argv":\["/bin/true","--token","\*\*\*"\]' \
		    grep '"outcome":"permitted"' trail
		atf_check -o match:'"argv":\["/bin/true","\*\*\*","\*\*\*"\]' \
		    grep '"event":"exited"' trail
		atf_check -o match:'"argv":\["/bin/false","shown","\*\*\*","\*\*\*"\]' \
		    grep '"outcome":"refused".*false' trail
		[ $fmt = json ] || atf_check \
		    -o match:'finished: \[/bin/true --token \*\*\*\]' cat err
	done
}

atf_test_case reason_in_every_event
reason_in_every_event_head()
{
	atf_set descr "-submit -reason TEXT reaches PID 1 and every event of" \
	    "the submission, escaped; a rule with the option reason refuses" \
	    "a submission without one; more than 200 bytes is a usage error"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
reason_in_every_event_body()
{
	write_check
	printf 'permit reason 0 cmd /bin/true\npermit 0 cmd /bin/echo\n' >pol
	chmod 600 pol
	start -policy /tmp/w/pol -audit file:/tmp/w/trail -r sleep 60
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: reason required\n' \
	    -- "$NS_DINIT" -submit -r /bin/true
	why=$(printf 'ticket "42"\nsecond line\001 é')
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -reason "$why" \
	    -r /bin/true
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -r /bin/echo
	long=$("$PYTHON" -c 'print("x" * 201)')
	ns_exec_check -s exit:2 -e match:'invalid value .* for flag -reason' \
	    -- "$NS_DINIT" -submit -reason "$long" -r /bin/true
	wait_for '[ $(grep -c "\"event\":\"exited\"" trail) = 2 ]' 10
	stop
	atf_check -o match:'^ok' "$PYTHON" check.py trail \
	    'policy:outcome=refused,result=refused: reason required by line 1' \
	    "policy:outcome=permitted,submit_reason=$why" \
	    "submission:outcome=started,submit_reason=$why" \
	    "exited:role=submitted,submit_reason=$why"
	# Only the submission that gave one says one.
	atf_check -o inline:'3\n' grep -c submit_reason trail
	atf_check -s exit:1 sh -c 'grep /bin/echo trail | grep -q submit_reason'
	# The text log is as it was; its words are escaped there too.
	atf_check -s exit:1 grep -q 'second line' err
}

atf_test_case ends_carry_rusage
ends_carry_rusage_head()
{
	atf_set descr "exited and killed carry duration_ms, utime_ms," \
	    "stime_ms and maxrss_kb, from wait4 and the start's clock"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 60
}
ends_carry_rusage_body()
{
	start -audit file:/tmp/w/trail -r sleep 60
	# -expand=false: the client would put its own $i (none) in the loop,
	# which then ends at once, its CPU time 0 or one tick by chance.
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -expand=false -submit \
	    -r sh -c 'i=0; while [ $i -lt 200000 ]; do i=$((i+1)); done'
	ns_exec_check -o match:'^ok' -- "$NS_DINIT" -submit -r sleep 0.3
	wait_for '[ $(grep -c "\"event\":\"exited\"" trail) = 2 ]' 10
	stop
	atf_check -o inline:'ok\n' "$PYTHON" -c '
import json
ends = [json.loads(l) for l in open("trail") if "\"exited\"" in l or
    "\"killed\"" in l]
for e in ends:
    for k in ("duration_ms", "utime_ms", "stime_ms", "maxrss_kb"):
        assert isinstance(e[k], int) and e[k] >= 0, (k, e)
    assert e["maxrss_kb"] > 0, e
# By argv, not order: the busy loop may end after the nap.
busy, nap, prim = (next(e for e in ends if e["argv"][:2] == a)
    for a in (["sh", "-c"], ["sleep", "0.3"], ["sleep", "60"]))
assert busy["utime_ms"] + busy["stime_ms"] > 0, busy
assert nap["duration_ms"] >= 300 and nap["utime_ms"] < 300, nap
assert prim["event"] == "killed" and prim["duration_ms"] >= 300, prim
print("ok")'
}

atf_test_case readme_example
readme_example_head()
{
	atf_set descr "README's Audit example, run as it is written, prints" \
	    "what README shows (run ids aside); dinit.8's, its first lines"
	atf_set require.user root
	atf_set timeout 60
}
readme_example_body()
{
	doc=$(atf_get_srcdir)/../doc
	sh "$doc/example.sh" "$doc/README.md" audit >example.sh ||
	    atf_fail "no example audit"
	sh "$doc/example.sh" "$doc/README.md" audit-output |
	    sed -E 's/[0-9a-f]{32}/RUN/' >want
	unshare --pid --fork --mount-proc --mount sh -c "$NS_SETUP" ns \
	    sh -c 'PATH=/mnt:$PATH; . ./example.sh; cp /tmp/audit.log trail' \
	    >got 2>&1
	sed -Ei 's/[0-9a-f]{32}/RUN/' got
	atf_check -o file:want cat got
	# The line shown has the members of the trail's, in their order.
	sh "$doc/example.sh" "$doc/README.md" audit-line >line
	atf_check -o empty "$PYTHON" -c '
import json
want = json.loads(open("line").read())
got = [json.loads(l) for l in open("trail")]
got = [g for g in got if g["event"] == want["event"]]
if not got or list(got[0]) != list(want):
    print("members", got and list(got[0]), "not", list(want))
'
	sh "$doc/example.sh" "$doc/dinit.8" audit-man >example.sh ||
	    atf_fail "no example audit-man"
	unshare --pid --fork --mount-proc --mount sh -c "$NS_SETUP" ns \
	    sh -c 'PATH=/mnt:$PATH; . ./example.sh' >got 2>&1
	sed -Ei 's/[0-9a-f]{32}/RUN/' got
	head -n 2 want >want2
	atf_check -o file:want2 cat got
}

atf_test_case checkpoint_anchors
checkpoint_anchors_head()
{
	atf_set descr "Every 1000 events a checkpoint event goes to every" \
	    "sink; its seq and mac, from the syslog sink, anchor the file"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 120
}
checkpoint_anchors_body()
{
	write_key
	# The syslog sink: a receiver of the test's own, keeping each payload.
	"$PYTHON" -c '
import os, socket
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind("log.sock")
open("bound", "w").close()
with open("syslog.out", "wb") as f:
    while True:
        m = s.recv(65536)
        f.write(m.split(b" - ", 1)[1] + b"\n")
        f.flush()' &
	receiver=$!
	wait_for '[ -e bound ]' 10
	start -audit file:/tmp/w/trail -audit syslog:/tmp/w/log.sock \
	    -audit-key-file /tmp/w/key -r sleep 60
	# 500 submissions, each two events: submission and exited.
	ns_exec "$PYTHON" -c '
import socket
for i in range(500):
    c = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    c.connect("/tmp/dinit.sock")
    c.sendall(b"-r /bin/true\n")
    assert c.makefile("rb").readline().startswith(b"ok "), i
    c.close()'
	wait_for 'grep -q "\"event\":\"checkpoint\"" syslog.out' 30
	stop
	kill "$receiver"
	cp=$(grep '"event":"checkpoint"' syslog.out | head -n 1)
	case $cp in
	*'"events":1000,"seq":1001,'*) ;;
	*) atf_fail "checkpoint: $cp" ;;
	esac
	anchor=$(echo "$cp" | sed 's/.*"seq":\([0-9]*\),.*"mac":"\([0-9a-f]*\)".*/\1:\2/')
	atf_check -o match:'verified' "$DINIT" -verify-audit trail \
	    -audit-key-file key -anchor "$anchor"
	grep -c '"event":"checkpoint"' trail >n
	atf_check -o inline:'1\n' cat n
	# The file cut before the checkpoint: the anchor tells.
	head -n 1000 trail >cut
	atf_check -s exit:1 -o match:'ends at seq 1000, before the anchor' \
	    "$DINIT" -verify-audit cut -audit-key-file key -anchor "$anchor"
}

atf_init_test_cases()
{
	atf_add_test_case file_sink
	atf_add_test_case sink_unopenable
	atf_add_test_case key_refused
	atf_add_test_case verify_catches_tampering
	atf_add_test_case runs_append
	atf_add_test_case syslog_rsyslogd
	atf_add_test_case journald_real
	atf_add_test_case key_stays_in_pid1
	atf_add_test_case full_sinks_never_wait
	atf_add_test_case redaction_hides_words
	atf_add_test_case reason_in_every_event
	atf_add_test_case ends_carry_rusage
	atf_add_test_case readme_example
	atf_add_test_case checkpoint_anchors
}

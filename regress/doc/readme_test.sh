#! /usr/bin/env atf-sh
# README.md's examples, each run as the README shows it (dinit as PID 1
# where it is one), its shown output compared after removing times and
# pids.  What only a container runtime can run (COPY, docker run) is
# run by regress/container; here its dinit command line is.

. $(atf_get_srcdir)/../lib.sh
. "$SRCDIR/regress/doc/doclib.sh"

atf_test_case two_commands
two_commands_head()
{
	atf_set descr "README's two commands: make is there to install," \
	    "make demo runs its demo (mk/demo.sh) to the end, and make" \
	    "check is a target (the suite running this is its run)"
	atf_set require.user root
	atf_set timeout 120
}
two_commands_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md two-commands >block
	lines block >cmds
	while read -r cmd; do
		case $cmd in
		"apt-get install make")
			atf_check -o ignore -e ignore apt-get -s install make ;;
		"make demo")
			atf_check -o ignore -e ignore make -C "$SRCDIR" -n demo
			# What make demo runs, on this build of dinit.
			cp "$DINIT" ./dinit
			atf_check -o match:'^hello from a submitted command$' \
			    -o match:'dinit exited with status 143' -e ignore \
			    sh "$SRCDIR/mk/demo.sh" ./dinit ;;
		"make check")
			atf_check -o ignore -e ignore make -C "$SRCDIR" -n check ;;
		*)	atf_fail "two-commands: unknown line: $cmd" ;;
		esac
	done <cmds
}

atf_test_case usage
usage_head()
{
	atf_set descr "README's usage lines name only flags dinit -h names"
}
usage_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md usage >block
	"$DINIT" -h >help
	atf_check -o empty sh -c 'grep -Eo "(^| |\[)-[a-z][a-z-]*" block |
	    tr -d " [" | sort -u | while read -r f; do
		grep -Eq -- "(^| |\[|\|)$f([] =]|$)" help || echo "$f"
	    done'
	atf_check -s exit:1 -o empty grep -v '^dinit ' block
}

atf_test_case dockerfile
dockerfile_head()
{
	atf_set descr "README's Dockerfile: its ENTRYPOINT's flags run dinit" \
	    "as PID 1 (with /bin/true for the commands)"
	atf_set require.user root
	atf_set timeout 30
}
dockerfile_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md dockerfile >block
	eval "set -- $(entrypoint block)"
	[ "$1" = "$DINIT" ] || atf_fail "ENTRYPOINT does not start with /dinit"
	shift
	# shellcheck disable=SC2046
	ns_check -s exit:0 -e ignore -- $(flags_of "$@") -r /bin/true
}

atf_test_case expand_off
expand_off_head()
{
	atf_set descr "README's DINIT_EXPAND=0 image runs the docker run words" \
	    "and prints what the comment says (a, b)"
	atf_set require.user root
	atf_set timeout 30
}
expand_off_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md expand-off >block
	eval "set -- $(entrypoint block)"
	shift
	env=$(sed -n 's/^ENV //p' block)
	run=$(grep '^docker run IMAGE ' block)
	words=$(printf '%s\n' "$run" | sed -e 's/^docker run IMAGE //' \
	    -e 's/[[:space:]]*# .*//')
	expected "$run" | sed 's/, /\n/g' >want
	# shellcheck disable=SC2086
	eval "set -- \"\$@\" $words"
	atf_check -o file:want -e ignore env $env unshare --pid --fork \
	    --mount-proc --mount sh -c "$NS_SETUP" ns "$DINIT" "$@"
}

atf_test_case docker_exec
docker_exec_head()
{
	atf_set descr "README's docker exec line, run in the container's" \
	    "namespace, starts the command: ok PID"
	atf_set require.user root
	atf_set timeout 30
}
docker_exec_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md docker-exec >block
	cmd=$(sed 's|^docker exec CONTAINER /dinit |"$NS_DINIT" |' block)
	start -r sleep 60
	eval "ns_exec_check -o match:'^ok [0-9]+\$' -- $cmd"
	wait_for 'grep -q "started: \[/bin/sleep 10\]" err' 10
	stop
}

atf_test_case request
request_head()
{
	atf_set descr "README's request line, with its parts filled in, runs" \
	    "both commands, as root's -u asked"
	atf_set require.user root
	atf_set timeout 30
}
request_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md request >block
	sed -e 's/\[-u UID\[:GID\]\]/-u 1000:1000/' \
	    -e 's/ \[-wait \[-t\]\] \[-time-limit D\] \[-reason TEXT\]//' \
	    -e 's|-r CMD ARG \.\.\. \[-r CMD ARG \.\.\.\]|-r mkdir /tmp/a -r mkdir /tmp/b|' \
	    block >req
	atf_check -o inline:'-u 1000:1000 -r mkdir /tmp/a -r mkdir /tmp/b\n' \
	    cat req
	start -r sleep 60
	ns_send <req >reply
	atf_check -o match:'^ok [0-9]+$' -o save:r2 cat reply
	atf_check -o inline:'2\n' grep -c '^ok ' reply
	wait_for 'ns_exec test -d /tmp/a -a -d /tmp/b' 10
	ns_exec_check -o inline:'1000\n1000\n' -- stat -c %u /tmp/a /tmp/b
	stop
}

atf_test_case attach_backup
attach_backup_head()
{
	atf_set descr "README's -submit -wait line: the backup's output comes" \
	    "to the client, then done"
	atf_set require.user root
	atf_set timeout 30
}
attach_backup_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md attach-backup >block
	stand_in localbin backup 'echo "backup: 3 files"'
	doc_start -r sleep 60
	ns_ready
	ns_exec_check -o inline:'backup: 3 files\ndone\n' -- sh -c \
	    "PATH=/mnt:\$PATH; $(cat block)"
	stop
}

# sidecar_run FORMAT: README's first policy example, as it is: the rules
# file at /etc/dinit/policy, the ENTRYPOINT's dinit as PID 1 with the
# log in FORMAT, and the sidecar's lines run as uid 1000, each answered
# as its comment says.
sidecar_run()
{
	doc_etc
	sh "$SRCDIR/regress/doc/example.sh" README.md policy-sidecar >policy
	sh "$SRCDIR/regress/doc/example.sh" README.md policy-sidecar-entrypoint \
	    >entry
	sh "$SRCDIR/regress/doc/example.sh" README.md policy-sidecar-submit \
	    >submit
	# (Quiet: the shell would report its sleep killed by the TERM.)
	stand_in sbin nginx 'case $1 in -s) exit 0;; esac
exec 2>/dev/null
trap "exit 0" TERM
while :; do sleep 0.1; done'
	format=$1
	eval "set -- $(entrypoint entry)"
	shift
	DINIT_LOG_FORMAT=$format
	export DINIT_LOG_FORMAT
	doc_start "$@"
	wait_for 'ns_exec test -S /run/dinit/dinit.sock' 10
	while read -r line; do
		cmd=$(printf '%s\n' "$line" | sed 's/[[:space:]]*# .*//')
		want=$(expected "$line")
		case $want in
		"ok PID")
			ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER \
			    sh -c "PATH=/mnt:\$PATH; $cmd" ;;
		*)	ns_exec_check -s exit:1 -e inline:"$want\n" -- \
			    $AS_USER sh -c "PATH=/mnt:\$PATH; $cmd" ;;
		esac
	done <submit
	kill -TERM "$NS_PID"
	ns_wait
}

atf_test_case policy_sidecar
policy_sidecar_head()
{
	atf_set descr "README's sidecar that may only reload nginx: its" \
	    "rules, ENTRYPOINT and submissions as shown, and the policy" \
	    "lines of the log as the README shows them"
	atf_set require.user root
	atf_set timeout 30
}
policy_sidecar_body()
{
	sidecar_run text
	sh "$SRCDIR/regress/doc/example.sh" README.md policy-log >log
	no_stamps log >want
	grep 'dinit: policy: uid' err >got.raw || true
	no_stamps got.raw >got
	# The sample's second line is the third submission's refusal.
	atf_check -o file:want sed -n '1p;3p' got
}

atf_test_case json_log
json_log_head()
{
	atf_set descr "README's JSON lines: each event the sample shows has," \
	    "in a run of the sidecar example under -log-format json, the" \
	    "same members in the same order, and the same values but for" \
	    "times, pids and the primary's argv"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
json_log_body()
{
	sidecar_run json
	sh "$SRCDIR/regress/doc/example.sh" README.md json-log >sample
	grep -v "^{" err && atf_fail "lines of err that are not JSON"
	atf_check -o empty "$PYTHON" -c '
import json, sys
got = [json.loads(l) for l in open("err")]
vary = {"time", "pid", "peer_pid", "submission_id", "duration_ms",
    "utime_ms", "stime_ms", "maxrss_kb"}
for line in open("sample"):
    want = json.loads(line)
    keep = {k: v for k, v in want.items() if k not in vary}
    if want["event"] in ("started", "exited"):
        keep.pop("argv")
        keep.pop("status", None)
    if want["event"] == "shutdown":
        keep.pop("signal")
    match = [g for g in got if all(g.get(k, "absent") == v
        for k, v in keep.items())]
    if not match:
        print("no event like", line.strip())
    elif [k for k in match[0] if k != "submission_id"] != \
        [k for k in want if k != "submission_id"]:
        print("members", list(match[0]), "not", list(want))
'
}

atf_test_case policy_debug
policy_debug_head()
{
	atf_set descr "README's debug sidecar rules: group 2000 may run ps" \
	    "with any arguments and cat on the files named, nothing else"
	atf_set require.user root
	atf_set timeout 30
}
policy_debug_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md policy-debug >pol
	chmod 644 pol
	for ok in '/bin/ps -ef' '/bin/cat /proc/loadavg' '/bin/cat /proc/1/status'; do
		# shellcheck disable=SC2086
		atf_check -o match:'permitted by line' "$DINIT" -check-policy pol \
		    -as-user 1000:2000 -r $ok
	done
	atf_check -s exit:1 -o match:'no rule matches' "$DINIT" \
	    -check-policy pol -as-user 1000:2000 -r /bin/cat /etc/shadow
	atf_check -s exit:1 -o match:'no rule matches' "$DINIT" \
	    -check-policy pol -as-user 1000:1000 -r /bin/ps
}

atf_test_case policy_grammar
policy_grammar_head()
{
	atf_set descr "README's rule grammar, every part filled in, is a rule" \
	    "dinit reads, and decides as it says"
	atf_set require.user root
	atf_set timeout 30
}
policy_grammar_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md policy-grammar >block
	sed -e 's/^permit|deny /permit /' \
	    -e 's/\[OPTION \.\.\.\]/keepenv notty/' \
	    -e 's/IDENTITY/1000/' -e 's/\[as TARGET\]/as 1000/' \
	    -e 's/\[cmd COMMAND \[args \[ARG \.\.\.\]\]\]/cmd \/bin\/echo args x/' \
	    block >pol
	chmod 644 pol
	atf_check -o inline:'permit keepenv notty 1000 as 1000 cmd /bin/echo args x\n' \
	    cat pol
	atf_check -o match:'permitted by line 1$' "$DINIT" -check-policy pol \
	    -as-user 1000 -u 1000 -r /bin/echo x
	atf_check -s exit:1 -o match:'no rule matches$' "$DINIT" \
	    -check-policy pol -as-user 1000 -u 1000 -r /bin/echo y
}

atf_test_case check_policy
check_policy_head()
{
	atf_set descr "README's -check-policy transcript, on its rules for" \
	    "root and the sidecar (nginx is uid 101), prints what it shows"
	atf_set require.user root
	atf_set timeout 30
}
check_policy_body()
{
	doc_etc
	sh "$SRCDIR/regress/doc/example.sh" README.md policy-root >policy
	chmod 644 policy
	sh "$SRCDIR/regress/doc/example.sh" README.md check-policy >block
	sed -n 's/^\$ //p' block >cmd
	sed '/^\$ /d' block >want
	atf_check -o file:want unshare --mount sh -c \
	    'mount --bind "$NS_ETC/passwd" /etc/passwd &&
	    mount --bind "$NS_ETC/group" /etc/group &&
	    PATH=$(dirname "$0"):$PATH && eval "$(cat cmd)"' "$DINIT"
}

atf_test_case make_targets
make_targets_head()
{
	atf_set descr "README's make static, make fuzz and make fuzz-run" \
	    "lines are targets of the checkout's make (their runs are CI's:" \
	    "they fetch and build for minutes)"
	atf_set require.progs make
}
make_targets_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md static >a
	sh "$SRCDIR/regress/doc/example.sh" README.md fuzz >>a
	lines a >cmds
	while read -r cmd; do
		case $cmd in
		make\ *) ;;
		*) atf_fail "not a make line: $cmd" ;;
		esac
		# shellcheck disable=SC2086
		atf_check -o ignore -e ignore make -C "$SRCDIR" -n ${cmd#make }
	done <cmds
}

atf_test_case containment_rule
containment_rule_head()
{
	atf_set descr "README's containment rule: uid 1000's backup is" \
	    "permitted with its limits, -check-policy says which"
	atf_set require.user root
	atf_set timeout 30
}
containment_rule_body()
{
	sh "$SRCDIR/regress/doc/example.sh" README.md containment-rule >pol
	chmod 644 pol
	atf_check -o match:'permitted by line 1, limit time=30s,nofile=256,nproc=64$' \
	    "$DINIT" -check-policy pol -as-user 1000 -r /usr/local/bin/backup
	atf_check -s exit:1 -o match:'no rule matches$' "$DINIT" \
	    -check-policy pol -as-user 1001 -r /usr/local/bin/backup
}

atf_test_case redact_rules
redact_rules_head()
{
	atf_set descr "README's redaction rules: uid 1000's deploy wants a" \
	    "reason and hides its second word; group ops may run anything"
	atf_set require.user root
	atf_set timeout 30
}
redact_rules_body()
{
	doc_etc
	echo 'ops:x:3000:app' >>etc/group
	sh "$SRCDIR/regress/doc/example.sh" README.md redact-rules >pol
	chmod 644 pol
	ns_check -o match:'^line 1: permit redact 2 reason 1000 .*cmd /usr/local/bin/deploy$' \
	    -- -check-policy /tmp/w/pol
	ns_check -o match:'^line 2: permit :ops \(gid 3000\)$' \
	    -- -check-policy /tmp/w/pol
	ns_check -o match:'permitted by line 2' -- -check-policy /tmp/w/pol \
	    -as-user app -r /bin/id
}

atf_init_test_cases()
{
	atf_add_test_case containment_rule
	atf_add_test_case redact_rules
	atf_add_test_case two_commands
	atf_add_test_case usage
	atf_add_test_case dockerfile
	atf_add_test_case expand_off
	atf_add_test_case docker_exec
	atf_add_test_case request
	atf_add_test_case attach_backup
	atf_add_test_case policy_sidecar
	atf_add_test_case json_log
	atf_add_test_case policy_debug
	atf_add_test_case policy_grammar
	atf_add_test_case check_policy
	atf_add_test_case make_targets
}

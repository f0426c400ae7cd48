#! /usr/bin/env atf-sh
# dinit.8's examples, each run as the page shows it (dinit as PID 1
# where it is one).

. $(atf_get_srcdir)/../lib.sh
. "$SRCDIR/regress/doc/doclib.sh"

atf_test_case request
request_head()
{
	atf_set descr "dinit.8's request line, its parts filled in, runs both" \
	    "commands"
	atf_set require.user root
	atf_set timeout 30
}
request_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 request >block
	sed -e 's/\[-u uid\[:gid\]\]/-u 0:0/' \
	    -e 's|-r command arg \.\.\. \[-r command arg \.\.\.\]|-r mkdir /tmp/a -r mkdir /tmp/b|' \
	    block >req
	atf_check -o inline:'-u 0:0 -r mkdir /tmp/a -r mkdir /tmp/b\n' cat req
	start -r sleep 60
	ns_send <req >reply
	atf_check -o inline:'2\n' grep -c '^ok [0-9]*$' reply
	wait_for 'ns_exec test -d /tmp/a -a -d /tmp/b' 10
	stop
}

atf_test_case policy_grammar
policy_grammar_head()
{
	atf_set descr "dinit.8's rule grammar, every part filled in, is a" \
	    "rule dinit reads"
	atf_set require.user root
	atf_set timeout 30
}
policy_grammar_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 policy-grammar >block
	sed -e 's/^permit|deny /permit /' \
	    -e 's/\[option \.\.\.\]/keepenv notty/' \
	    -e 's/identity/1000/' -e 's/\[as target\]/as 0/' \
	    -e 's/\[cmd command \[args \[arg \.\.\.\]\]\]/cmd \/bin\/sh args -c x/' \
	    block >pol
	chmod 644 pol
	atf_check -o inline:'permit keepenv notty 1000 as 0 cmd /bin/sh args -c x\n' \
	    cat pol
	atf_check -o match:'permitted by line 1$' "$DINIT" \
	    -check-policy pol -as-user 1000 -u 0 -r /bin/sh -c x
	atf_check -s exit:1 -o match:'no rule matches$' "$DINIT" \
	    -check-policy pol -as-user 1000 -u 0 -r /bin/sh -c y
}

atf_test_case attach_backup
attach_backup_head()
{
	atf_set descr "dinit.8's -submit -wait line: the backup's output comes" \
	    "to the client, then done; a failing backup, no done"
	atf_set require.user root
	atf_set timeout 30
}
attach_backup_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 attach-backup >block
	stand_in localbin backup 'echo "backup: 3 files"; exit ${FAIL:-0}'
	doc_start -r sleep 60
	ns_ready
	ns_exec_check -o inline:'backup: 3 files\ndone\n' -- sh -c \
	    "PATH=/mnt:\$PATH; $(cat block)"
	stop
}

atf_test_case dockerfile
dockerfile_head()
{
	atf_set descr "dinit.8's Dockerfile: its ENTRYPOINT's flags run" \
	    "dinit as PID 1, and its -timeout is below docker stop's 10 s"
	atf_set require.user root
	atf_set timeout 30
}
dockerfile_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 dockerfile >block
	eval "set -- $(entrypoint block)"
	shift
	flags_of "$@" >flags
	atf_check -o match:'^-timeout$' -o match:'^[1-9]s$' cat flags
	# shellcheck disable=SC2046
	ns_check -s exit:0 -e ignore -- $(flags_of "$@") -r /bin/true
}

atf_test_case expand_off
expand_off_head()
{
	atf_set descr "dinit.8's -expand=false -e 143 ENTRYPOINT: a \$ word" \
	    "reaches the command as it is, and its exit with 143 is 0"
	atf_set require.user root
	atf_set timeout 30
}
expand_off_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 expand-off >block
	eval "set -- $(entrypoint block)"
	shift
	atf_check -s exit:0 -o inline:'$HOME\n' -e ignore unshare --pid \
	    --fork --mount-proc --mount sh -c "$NS_SETUP" ns "$DINIT" "$@" \
	    sh -c 'echo "$0"; exit 143' '$HOME'
}

atf_test_case stop_delay
stop_delay_head()
{
	atf_set descr "dinit.8's nginx line: TERM from outside reaches nginx" \
	    "as QUIT after the delay, and delay plus timeout stay below" \
	    "the runtime's 10 s"
	atf_set require.user root
	atf_set timeout 60
}
stop_delay_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 stop-delay >block
	stand_in localbin nginx 'trap "echo QUIT; exit 0" QUIT
trap "echo TERM; exit 1" TERM
touch /tmp/w/up
while :; do sleep 0.05; done'
	eval "set -- $(sed 's/^dinit //' block)"
	"$PYTHON" -c '
import sys
sys.path.insert(0, "")
def s(v):
    return float(v[:-1]) if v.endswith("s") else float(v)
a = sys.argv[1:]
t = s(a[a.index("-stop-delay") + 1]) + s(a[a.index("-timeout") + 1])
sys.exit(0 if t < 10 else "stop-delay and timeout: %g s" % t)' "$@" ||
	    atf_fail "the example races the runtime's grace"
	PATH=/usr/local/bin:$PATH doc_start "$@"
	wait_for 'test -e up' 10
	kill -TERM "$NS_PID"
	ns_wait
	atf_check_equal 0 "$NS_STATUS"
	atf_check -o inline:'QUIT\n' cat out
	atf_check -o match:'shutting down in 5000 ms' cat err
}

atf_test_case docker_exec
docker_exec_head()
{
	atf_set descr "dinit.8's docker exec line, in the container's" \
	    "namespace, starts the command"
	atf_set require.user root
	atf_set timeout 30
}
docker_exec_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 docker-exec >block
	cmd=$(sed 's|^docker exec CONTAINER /dinit |"$NS_DINIT" |' block)
	start -r sleep 60
	eval "ns_exec_check -o match:'^ok [0-9]+\$' -- $cmd"
	stop
}

atf_test_case policy_sidecar_check
policy_sidecar_check_head()
{
	atf_set descr "dinit.8's rules at /etc/dinit/policy: -check-policy" \
	    "as shown permits the reload, and the sidecar's line, run as" \
	    "uid 1000, is answered ok PID"
	atf_set require.user root
	atf_set timeout 30
}
policy_sidecar_check_body()
{
	doc_etc
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 policy >policy
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 sidecar >sidecar
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 check-policy >check
	stand_in sbin nginx 'exit 0'
	doc_start -policy /etc/dinit/policy -socket-mode 0666 -r sleep 60
	ns_ready
	# Line 1 is the comment that names the file.
	ns_exec_check -o match:'permitted by line 4$' -- sh -c \
	    "PATH=/mnt:\$PATH; $(cat check)"
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER sh -c \
	    "PATH=/mnt:\$PATH; $(cat sidecar)"
	stop
	atf_check -o match:'asks to run \[/usr/sbin/nginx -s reload\] as uid 101 gid 101: permitted by line 4$' \
	    cat err
}

atf_test_case fuzz
fuzz_head()
{
	atf_set descr "dinit.8's make fuzz-run line is a target of the" \
	    "checkout's make (its run is CI's)"
	atf_set require.progs make
}
fuzz_body()
{
	sh "$SRCDIR/regress/doc/example.sh" dinit.8 fuzz >block
	# shellcheck disable=SC2046
	atf_check -o ignore -e ignore make -C "$SRCDIR" -n \
	    $(sed 's/^make //' block)
}

atf_init_test_cases()
{
	atf_add_test_case request
	atf_add_test_case policy_grammar
	atf_add_test_case attach_backup
	atf_add_test_case dockerfile
	atf_add_test_case expand_off
	atf_add_test_case stop_delay
	atf_add_test_case docker_exec
	atf_add_test_case policy_sidecar_check
	atf_add_test_case fuzz
}

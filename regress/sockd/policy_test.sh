#! /usr/bin/env atf-sh
# -policy FILE: who may run what, as whom, decided by PID 1 on the argv
# it decoded and the identity the kernel reported, with submitters of
# uid 1000 and 1001.

. $(atf_get_srcdir)/../lib.sh

AS_1001='setpriv --reuid 1001 --regid 1001 --clear-groups'

# policy LINES...: the rules file pol, one argument a line, root's, 0600.
policy()
{
	printf '%s\n' "$@" >pol
	chmod 600 pol
}

# users: a passwd and group of our own for the namespace (NS_ETC): web
# (3000) is in groups certs (3100) and logs (3200).
users()
{
	mkdir -p etc
	cat >etc/passwd <<'EOF'
root:x:0:0:root:/root:/bin/sh
nobody:x:65534:65534:nobody:/:/bin/false
sidecar:x:1000:1000:sidecar:/:/bin/false
web:x:3000:3000:web:/:/bin/false
EOF
	cat >etc/group <<'EOF'
root:x:0:
nogroup:x:65534:
sidecar:x:1000:
web:x:3000:
certs:x:3100:web
logs:x:3200:sidecar,web
EOF
	export NS_ETC="$(pwd)/etc"
}

# submit AS ARGS...: dinit -submit ARGS as the submitter AS (a setpriv
# prefix, or nothing for root), in the namespace.
submit()
{
	_as=$1
	shift
	ns_exec $_as "$NS_DINIT" -submit "$@"
}

atf_test_case permitted_exact_command_runs
permitted_exact_command_runs_head()
{
	atf_set descr "A rule's exact command, submitted by its uid 1000," \
	    "runs as uid 1000; the same command from uid 1001 does not"
	atf_set require.user root
	atf_set timeout 30
}
permitted_exact_command_runs_body()
{
	policy 'permit 1000 cmd /usr/bin/touch args /tmp/ran'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r /usr/bin/touch /tmp/ran
	wait_for 'ns_exec test -e /tmp/ran' 10
	ns_exec_check -o inline:'1000\n' -- stat -c %u /tmp/ran
	ns_exec rm /tmp/ran
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: no rule matches\n' \
	    -- $AS_1001 "$NS_DINIT" -submit -r /usr/bin/touch /tmp/ran
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	stop
}

atf_test_case different_argument_refused
different_argument_refused_head()
{
	atf_set descr "Under 'cmd /usr/bin/touch args /tmp/ran', another" \
	    "argument, one more, none, or the command by another name is" \
	    "answered 'error policy: no rule matches' and runs nothing"
	atf_set require.user root
	atf_set timeout 30
}
different_argument_refused_body()
{
	policy 'permit 1000 cmd /usr/bin/touch args /tmp/ran'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	for cmd in '/usr/bin/touch /tmp/other' '/usr/bin/touch /tmp/ran /tmp/other' \
	    '/usr/bin/touch' 'touch /tmp/other'; do
		ns_exec_check -s exit:1 \
		    -e inline:'dinit: error policy: no rule matches\n' \
		    -- $AS_USER "$NS_DINIT" -submit -r $cmd
	done
	ns_exec_check -s exit:1 -- test -e /tmp/other
	atf_check -s exit:1 grep started:.*touch err
	stop
}

atf_test_case group_rule_follows_kernel_groups
group_rule_follows_kernel_groups_head()
{
	atf_set descr "':2000' matches a submitter whose primary or" \
	    "supplementary groups, as the kernel reports them for the" \
	    "connection, hold 2000, and no other"
	atf_set require.user root
	atf_set timeout 30
}
group_rule_follows_kernel_groups_body()
{
	policy 'permit :2000 cmd /usr/bin/id'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- setpriv --reuid 1001 \
	    --regid 1001 --groups 2000 "$NS_DINIT" -submit -r /usr/bin/id
	ns_exec_check -o match:'^ok [0-9]+$' -- setpriv --reuid 1000 \
	    --regid 1000 --groups 3000,2000 "$NS_DINIT" -submit -r /usr/bin/id
	ns_exec_check -o match:'^ok [0-9]+$' -- setpriv --reuid 1001 \
	    --regid 2000 --clear-groups "$NS_DINIT" -submit -r /usr/bin/id
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: no rule matches\n' \
	    -- $AS_1001 "$NS_DINIT" -submit -r /usr/bin/id
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: no rule matches\n' \
	    -- setpriv --reuid 1001 --regid 1001 --groups 2001,1999 \
	    "$NS_DINIT" -submit -r /usr/bin/id
	stop
}

ID_AS='id -u >/tmp/as; id -g >>/tmp/as; id -G >>/tmp/as'

atf_test_case as_runs_as_target_with_groups
as_runs_as_target_with_groups_head()
{
	atf_set descr "'as web' runs uid 1000's -u web as web: uid and gid" \
	    "3000 and the groups the group file gives web (3100, 3200)," \
	    "looked up at start; -u 3000 asks for the same target"
	atf_set require.user root
	atf_set timeout 30
}
as_runs_as_target_with_groups_body()
{
	users
	policy "permit 1000 as web cmd /bin/sh args -c \"$ID_AS\""
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -u web -r /bin/sh -c "$ID_AS"
	wait_for '[ "$(ns_exec cat /tmp/as | wc -l)" = 3 ]' 10
	ns_exec_check -o inline:'3000\n3000\n3000 3100 3200\n' -- cat /tmp/as
	ns_exec rm /tmp/as
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -u 3000 -r /bin/sh -c "$ID_AS"
	wait_for '[ "$(ns_exec cat /tmp/as | wc -l)" = 3 ]' 10
	ns_exec_check -o inline:'3000\n3000\n3000 3100 3200\n' -- cat /tmp/as
	atf_check -o match:'started: \[/bin/sh -c .*\] \(submitted by uid 1000 gid 1000 pid [0-9]+, as uid 3000 gid 3000\)$' \
	    cat err
	stop
}

atf_test_case u_without_rule_refused
u_without_rule_refused_head()
{
	atf_set descr "'permit 1000' lets uid 1000 run anything as itself," \
	    "but not -u: not as 1001, not even -u 1000; nor root, whom no" \
	    "rule names"
	atf_set require.user root
	atf_set timeout 30
}
u_without_rule_refused_body()
{
	policy 'permit 1000'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	for u in 1001 1000 0 1001:1001; do
		ns_exec_check -s exit:1 \
		    -e inline:'dinit: error policy: no rule matches\n' \
		    -- $AS_USER "$NS_DINIT" -submit -u $u -r touch /tmp/ran
	done
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: no rule matches\n' \
	    -- "$NS_DINIT" -submit -u 1001 -r touch /tmp/ran
	ns_exec_check -s exit:1 -- test -e /tmp/ran
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -r touch /tmp/ran
	wait_for 'ns_exec test -e /tmp/ran' 10
	stop
}

atf_test_case last_match_wins
last_match_wins_head()
{
	atf_set descr "The last rule that matches decides: permit all, deny" \
	    "touch, permit 'touch /tmp/ok' lets 1001 run true and touch" \
	    "/tmp/ok but not touch /tmp/no (denied by line 3); in the other" \
	    "order the deny wins"
	atf_set require.user root
	atf_set timeout 30
}
last_match_wins_body()
{
	policy 'permit 1001' '# no touching' 'deny 1001 cmd touch' \
	    'permit 1001 cmd touch args /tmp/ok'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_1001 "$NS_DINIT" -submit \
	    -r touch /tmp/ok
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_1001 "$NS_DINIT" -submit \
	    -r true
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: denied by line 3\n' \
	    -- $AS_1001 "$NS_DINIT" -submit -r touch /tmp/no
	wait_for 'ns_exec test -e /tmp/ok' 10
	stop
	policy 'permit 1001 cmd touch args /tmp/ok' 'deny 1001 cmd touch'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: denied by line 2\n' \
	    -- $AS_1001 "$NS_DINIT" -submit -r touch /tmp/ok
	ns_exec_check -s exit:1 -- test -e /tmp/ok
	stop
	atf_check -s exit:1 grep 'started: \[touch /tmp/no\]' err
}

# refused_at_start WHY: dinit with -policy /tmp/w/pol exits 2 at once,
# saying "dinit: /tmp/w/pol: WHY", and runs nothing.
refused_at_start()
{
	ns_check -s exit:2 -o empty -e inline:"dinit: /tmp/w/pol: $1\n" -- \
	    -policy /tmp/w/pol -r touch /tmp/w/ran
	atf_check -s exit:1 test -e ran
}

atf_test_case group_writable_policy_stops_start
group_writable_policy_stops_start_head()
{
	atf_set descr "A rules file its group or others may write stops" \
	    "dinit at start (exit 2, the file and why), before anything runs"
	atf_set require.user root
	atf_set timeout 30
}
group_writable_policy_stops_start_body()
{
	policy 'permit 0'
	chmod 664 pol
	refused_at_start 'writable by its group (mode 0664)'
	chmod 602 pol
	refused_at_start 'writable by others (mode 0602)'
	chmod 644 pol
	ns_check -s exit:0 -e match:'policy: 1 rule from /tmp/w/pol' -- \
	    -policy /tmp/w/pol -socket none -r true
}

atf_test_case foreign_owned_policy_stops_start
foreign_owned_policy_stops_start_head()
{
	atf_set descr "A rules file owned by another uid than root, a" \
	    "directory, or no file at all stops dinit at start"
	atf_set require.user root
	atf_set timeout 30
}
foreign_owned_policy_stops_start_body()
{
	policy 'permit 0'
	chown 1000 pol
	refused_at_start 'owned by uid 1000, not by root'
	rm pol
	refused_at_start 'No such file or directory'
	mkdir pol
	refused_at_start 'not a regular file'
}

atf_test_case bad_rule_stops_start
bad_rule_stops_start_head()
{
	atf_set descr "A bad line, or a name that is in neither password nor" \
	    "group file, stops dinit at start with the line's number"
	atf_set require.user root
	atf_set timeout 30
}
bad_rule_stops_start_body()
{
	policy '# rules' 'permit 0' '' 'permit 1000 cmd /bin/ls -l'
	refused_at_start 'line 4: arguments need args before them'
	policy 'permit 0' 'permit no-such-user-x'
	refused_at_start 'line 2: no such user'
	policy 'permit 0' 'deny :no-such-group-x'
	refused_at_start 'line 2: no such group'
	policy 'permit 0 as no-such-user-x'
	refused_at_start 'line 1: no such user'
}

atf_test_case numbers_need_no_passwd
numbers_need_no_passwd_head()
{
	atf_set descr "With empty password and group files (a scratch" \
	    "image), rules in numbers work and a name stops dinit"
	atf_set require.user root
	atf_set timeout 30
}
numbers_need_no_passwd_body()
{
	mkdir etc
	: >etc/passwd
	: >etc/group
	export NS_ETC="$(pwd)/etc"
	policy "permit 1000 as 3000:3100 cmd /bin/sh args -c \"$ID_AS\""
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	ns_exec_check -o match:'^ok [0-9]+$' -- $AS_USER "$NS_DINIT" -submit \
	    -u 3000:3100 -r /bin/sh -c "$ID_AS"
	wait_for '[ "$(ns_exec cat /tmp/as | wc -l)" = 3 ]' 10
	ns_exec_check -o inline:'3000\n3100\n3100\n' -- cat /tmp/as
	stop
	policy 'permit web'
	refused_at_start 'line 1: no such user'
}

atf_test_case audit_lines_say_who_what_whom_which_line
audit_lines_say_who_what_whom_which_line_head()
{
	atf_set descr "Every decision is logged on one line: the submitter's" \
	    "uid, gid and pid, the argv escaped, the target, and the rule's" \
	    "line or that none matched"
	atf_set require.user root
	atf_set timeout 30
}
audit_lines_say_who_what_whom_which_line_body()
{
	users
	policy 'permit 1000 as web cmd /bin/echo' 'deny 1001' \
	    'permit 1000 cmd /bin/echo'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	ns_exec $AS_USER sh -c 'echo $$ >/tmp/client; exec "$0" -submit -u web -r /bin/echo "a
b"' "$NS_DINIT" >reply
	client=$(ns_exec cat /tmp/client)
	ns_exec_check -s exit:1 -e ignore -- $AS_1001 "$NS_DINIT" -submit \
	    -r /bin/echo x
	ns_exec_check -s exit:1 -e ignore -- $AS_USER "$NS_DINIT" -submit \
	    -u 0 -r /bin/echo y
	ns_exec_check -o ignore -- $AS_USER "$NS_DINIT" -submit -r /bin/echo z
	stop
	atf_check -o match:"^ok " cat reply
	atf_check -o match:"policy: uid 1000 gid 1000 pid $client asks to run \[/bin/echo a\\\\nb\] as uid 3000 gid 3000: permitted by line 1$" \
	    cat err
	atf_check -o match:'policy: uid 1001 gid 1001 pid [0-9]+ asks to run \[/bin/echo x\] as itself: denied by line 2$' \
	    cat err
	atf_check -o match:'policy: uid 1000 gid 1000 pid [0-9]+ asks to run \[/bin/echo y\] as uid 0: no rule matches$' \
	    cat err
	atf_check -o match:'policy: uid 1000 gid 1000 pid [0-9]+ asks to run \[/bin/echo z\] as itself: permitted by line 3$' \
	    cat err
	atf_check -o inline:'4\n' grep -c 'policy: uid' err
}

atf_test_case keepenv_gives_dinit_environment
keepenv_gives_dinit_environment_head()
{
	atf_set descr "A command permitted by a keepenv rule gets dinit's" \
	    "environment (SECRET=x); by another rule, PATH only"
	atf_set require.user root
	atf_set timeout 30
}
keepenv_gives_dinit_environment_body()
{
	export SECRET=x
	policy 'permit keepenv 1000 cmd /bin/sh' 'permit 1001 cmd /bin/sh'
	start -policy /tmp/w/pol -socket-mode 0666 -r sleep 60
	unset SECRET
	ns_exec_check -o match:'^ok ' -- $AS_USER "$NS_DINIT" -submit \
	    -r /bin/sh -c 'env >/tmp/env.1000'
	ns_exec_check -o match:'^ok ' -- $AS_1001 "$NS_DINIT" -submit \
	    -r /bin/sh -c 'env >/tmp/env.1001'
	wait_for 'ns_exec test -s /tmp/env.1000 -a -s /tmp/env.1001' 10
	ns_exec_check -o match:'^SECRET=x$' -- cat /tmp/env.1000
	ns_exec_check -s exit:1 -- grep SECRET /tmp/env.1001
	ns_exec_check -o match:'^PATH=' -- cat /tmp/env.1001
	stop
}

atf_test_case policy_from_environment
policy_from_environment_head()
{
	atf_set descr "DINIT_POLICY names the rules file as -policy does"
	atf_set require.user root
	atf_set timeout 30
}
policy_from_environment_body()
{
	policy 'deny 1000'
	export DINIT_POLICY=/tmp/w/pol
	start -socket-mode 0666 -r sleep 60
	unset DINIT_POLICY
	ns_exec_check -s exit:1 -e inline:'dinit: error policy: denied by line 1\n' \
	    -- $AS_USER "$NS_DINIT" -submit -r true
	stop
}

atf_init_test_cases()
{
	atf_add_test_case permitted_exact_command_runs
	atf_add_test_case different_argument_refused
	atf_add_test_case group_rule_follows_kernel_groups
	atf_add_test_case as_runs_as_target_with_groups
	atf_add_test_case u_without_rule_refused
	atf_add_test_case last_match_wins
	atf_add_test_case group_writable_policy_stops_start
	atf_add_test_case foreign_owned_policy_stops_start
	atf_add_test_case bad_rule_stops_start
	atf_add_test_case numbers_need_no_passwd
	atf_add_test_case audit_lines_say_who_what_whom_which_line
	atf_add_test_case keepenv_gives_dinit_environment
	atf_add_test_case policy_from_environment
}

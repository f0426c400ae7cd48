#! /usr/bin/env atf-sh
# dinit -check-policy FILE [-u USER] [-as-user SUBMITTER] [-r CMD ...]:
# the rules as dinit reads them, and the decision, without running
# anything.

. $(atf_get_srcdir)/../lib.sh

# policy LINES...: the rules file pol, one argument a line, 0600.
policy()
{
	printf '%s\n' "$@" >pol
	chmod 600 pol
}

atf_test_case check_policy_prints_rules
check_policy_prints_rules_head()
{
	atf_set descr "The rules as dinit read them: line numbers, names with" \
	    "their numbers, a target's gid and groups, words quoted as the" \
	    "file could say them; exit 0"
	atf_set require.user root
}
check_policy_prints_rules_body()
{
	policy '# a comment' 'permit root as 101:33 cmd /usr/sbin/nginx args -s reload' \
	    '' 'deny :0' 'permit keepenv 1000 as 1001' \
	    'permit 1000 cmd "/bin/my prog" args "a b" "#x"' \
	    'permit :2000 cmd /bin/ps args' 'permit notty 1000 as 0 cmd /bin/sh'
	cat >want <<'EOF'
line 2: permit root (uid 0) as 101:33 (uid 101 gid 33 groups 33) cmd /usr/sbin/nginx args -s reload
line 4: deny :0
line 5: permit keepenv 1000 as 1001:1001 (uid 1001 gid 1001 groups 1001)
line 6: permit 1000 cmd "/bin/my prog" args "a b" "#x"
line 7: permit :2000 cmd /bin/ps args
line 8: permit notty 1000 as 0:0 (uid 0 gid 0 groups 0) cmd /bin/sh
EOF
	atf_check -o file:want "$DINIT" -check-policy pol
}

atf_test_case check_policy_decides
check_policy_decides_head()
{
	atf_set descr "Given a submitter, a target and commands, the rule that" \
	    "decides and the result: exit 0 if all are permitted, 1 if one" \
	    "is refused"
	atf_set require.user root
}
check_policy_decides_body()
{
	policy 'permit 1000 as 101:33 cmd /usr/sbin/nginx args -s reload' \
	    'permit :2000' 'deny :2000 cmd rm'
	atf_check -o match:'^uid 1000 gid 1000 groups 1000 asks to run \[/usr/sbin/nginx -s reload\] as uid 101: permitted by line 1$' \
	    "$DINIT" -check-policy pol -as-user 1000 -u 101 \
	    -r /usr/sbin/nginx -s reload
	atf_check -s exit:1 -o match:'as uid 101 gid 34: no rule matches$' \
	    "$DINIT" -check-policy pol -as-user 1000 -u 101:34 \
	    -r /usr/sbin/nginx -s reload
	atf_check -s exit:1 -o match:'\[/usr/sbin/nginx -s stop\] as itself: no rule matches$' \
	    "$DINIT" -check-policy pol -as-user 1000 -r /usr/sbin/nginx -s stop
	atf_check -o match:'^uid 5 gid 2000 groups 2000 asks to run \[ls\] as itself: permitted by line 2$' \
	    "$DINIT" -check-policy pol -as-user 5:2000 -r ls
	atf_check -s exit:1 -o match:'\[ls\] as itself: permitted by line 2$' \
	    -o match:'\[rm x\] as itself: denied by line 3$' \
	    "$DINIT" -check-policy pol -as-user 5:2000 -r ls -r rm x
	# Without -as-user, the caller: root, whom no rule names.
	atf_check -s exit:1 -o match:'^uid 0 gid 0.* asks to run \[ls\] as itself: no rule matches$' \
	    "$DINIT" -check-policy pol -r ls
}

atf_test_case check_policy_bad_file
check_policy_bad_file_head()
{
	atf_set descr "A file dinit would refuse at start is refused here too," \
	    "with the same words, exit 2, and nothing decided"
	atf_set require.user root
}
check_policy_bad_file_body()
{
	policy 'permit 1000' 'permit 1000 cmd ls -l'
	atf_check -s exit:2 -e inline:'dinit: pol: line 2: arguments need args before them\n' \
	    "$DINIT" -check-policy pol -as-user 1000 -r ls -l
	policy 'permit 1000'
	chmod 660 pol
	atf_check -s exit:2 -e inline:'dinit: pol: writable by its group (mode 0660)\n' \
	    "$DINIT" -check-policy pol
	atf_check -s exit:2 -e inline:'dinit: nothing: No such file or directory\n' \
	    "$DINIT" -check-policy nothing
}

atf_test_case check_policy_flags
check_policy_flags_head()
{
	atf_set descr "-as-user is for -check-policy only, -u for -submit and" \
	    "-check-policy; an unknown -as-user or -u is an error (exit 2)"
	atf_set require.user root
}
check_policy_flags_body()
{
	policy 'permit 1000'
	atf_check -s exit:2 -e match:'^dinit: -as-user is for -check-policy$' \
	    "$DINIT" -as-user 1000 -r true
	atf_check -s exit:2 -e match:'^dinit: -u is for -submit and -check-policy$' \
	    "$DINIT" -u 1000 -r true
	atf_check -s exit:2 -o ignore \
	    -e inline:'dinit: -as-user no-such-user-x: no such user\n' \
	    "$DINIT" -check-policy pol -as-user no-such-user-x -r true
	atf_check -s exit:2 -o ignore \
	    -e inline:'dinit: -u no-such-user-x: no such user\n' \
	    "$DINIT" -check-policy pol -u no-such-user-x -r true
}

atf_init_test_cases()
{
	atf_add_test_case check_policy_prints_rules
	atf_add_test_case check_policy_decides
	atf_add_test_case check_policy_bad_file
	atf_add_test_case check_policy_flags
}

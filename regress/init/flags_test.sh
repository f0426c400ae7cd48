#! /usr/bin/env atf-sh
# The command line: bad flags and values, -version, -h.

. $(atf_get_srcdir)/../lib.sh

atf_test_case bad_timeout_exits_2_with_usage
bad_timeout_exits_2_with_usage_head()
{
	atf_set descr "A bad -timeout value: a one-line error naming" \
	    "-timeout, then the usage, exit 2"
	atf_set require.user root
	atf_set timeout 30
}
bad_timeout_exits_2_with_usage_body()
{
	atf_check -s exit:2 -e save:err "$DINIT" -timeout ten -r /bin/true
	atf_check -o match:'^dinit: .*"ten".*-timeout' head -n 1 err
	atf_check -o match:'^usage: dinit' sed -n 2p err
}

atf_test_case bad_dinit_timeout_env_exits_2
bad_dinit_timeout_env_exits_2_head()
{
	atf_set descr "A bad DINIT_TIMEOUT: an error naming it, exit 2"
	atf_set require.user root
	atf_set timeout 30
}
bad_dinit_timeout_env_exits_2_body()
{
	export DINIT_TIMEOUT=ten
	atf_check -s exit:2 -e match:'^dinit: .*DINIT_TIMEOUT' \
	    -e match:'^usage: dinit' "$DINIT" -r /bin/true
}

atf_test_case timeout_1_is_accepted
timeout_1_is_accepted_head()
{
	atf_set descr "-timeout 1 means one second (the original refused it)"
	atf_set require.user root
	atf_set timeout 30
}
timeout_1_is_accepted_body()
{
	ns_check -e not-match:invalid -e not-match:usage \
	    -- -timeout 1 -r /bin/true
}

atf_test_case timeout_forms_are_accepted
timeout_forms_are_accepted_head()
{
	atf_set descr "-timeout takes 10, 10s, 1.5s, 500ms, and -timeout=V," \
	    "--timeout V"
	atf_set require.user root
	atf_set timeout 60
}
timeout_forms_are_accepted_body()
{
	for t in -timeout=10 '-timeout 10s' '--timeout 1.5s' \
	    '--timeout=500ms'; do
		# shellcheck disable=SC2086
		ns_check -e not-match:usage -- $t -r /bin/true
	done
}

atf_test_case bad_boolean_exits_2_with_usage
bad_boolean_exits_2_with_usage_head()
{
	atf_set descr "A boolean flag given a value that is not a boolean:" \
	    "an error naming it, the usage, exit 2"
	atf_set require.user root
	atf_set timeout 30
}
bad_boolean_exits_2_with_usage_body()
{
	atf_check -s exit:2 -e match:'^dinit: .*-primary' \
	    -e match:'^usage: dinit' "$DINIT" -primary=maybe -r /bin/true
}

atf_test_case bad_boolean_env_says_why
bad_boolean_env_says_why_head()
{
	atf_set descr "A bad boolean variable (DINIT_PGROUP=bogus," \
	    "DINIT_EXPAND=bogus, DINIT_PGROUP=yes): the error names it and" \
	    "says what it wants"
	atf_set require.user root
	atf_set timeout 30
}
bad_boolean_env_says_why_body()
{
	for v in DINIT_PGROUP=bogus DINIT_EXPAND=bogus DINIT_PGROUP=yes; do
		atf_check -s exit:2 -e match:"^dinit: invalid value \"${v#*=}\" for ${v%%=*}: want true or false\$" \
		    -e match:'^usage: dinit' env "$v" "$DINIT" -r /bin/true
	done
}

atf_test_case maxproc_range_is_said
maxproc_range_is_said_head()
{
	atf_set descr "-maxproc 2000 is refused with the range it takes," \
	    "0 to 1024; -maxproc 1024 is taken"
	atf_set require.user root
	atf_set timeout 30
}
maxproc_range_is_said_body()
{
	atf_check -s exit:2 -e match:'^dinit: invalid value "2000" for flag -maxproc: want a number from 0 to 1024$' \
	    -e match:'^usage: dinit' "$DINIT" -maxproc 2000 -r /bin/true
	ns_check -e not-match:usage -- -maxproc 1024 -r /bin/true
}

atf_test_case version_prints_version
version_prints_version_head()
{
	atf_set descr "-version prints the version and exits 0"
	atf_set require.user root
	atf_set timeout 30
}
version_prints_version_body()
{
	atf_check -o match:'^dinit [0-9]+\.[0-9]+' "$DINIT" -version
}

atf_test_case h_prints_usage
h_prints_usage_head()
{
	atf_set descr "-h prints the usage and exits 0"
	atf_set require.user root
	atf_set timeout 30
}
h_prints_usage_body()
{
	atf_check -o match:'^usage: dinit' -o match:'-r CMD' "$DINIT" -h
}

atf_test_case unknown_flag_exits_2_with_usage
unknown_flag_exits_2_with_usage_head()
{
	atf_set descr "An unknown flag: an error naming it, the usage, exit 2"
	atf_set require.user root
	atf_set timeout 30
}
unknown_flag_exits_2_with_usage_body()
{
	atf_check -s exit:2 -e save:err "$DINIT" -bogus -r /bin/true
	atf_check -o match:'^dinit: .*-bogus' head -n 1 err
	atf_check -o match:'^usage: dinit' sed -n 2p err
}

atf_test_case no_command_exits_2
no_command_exits_2_head()
{
	atf_set descr "No -r command: the usage, exit 2"
	atf_set require.user root
	atf_set timeout 30
}
no_command_exits_2_body()
{
	atf_check -s exit:2 -e match:'^usage: dinit' "$DINIT"
	atf_check -s exit:2 -e match:'^usage: dinit' "$DINIT" -timeout 1
	atf_check -s exit:2 -e match:'^usage: dinit' "$DINIT" -r
}

atf_init_test_cases()
{
	atf_add_test_case bad_timeout_exits_2_with_usage
	atf_add_test_case bad_dinit_timeout_env_exits_2
	atf_add_test_case timeout_1_is_accepted
	atf_add_test_case timeout_forms_are_accepted
	atf_add_test_case version_prints_version
	atf_add_test_case h_prints_usage
	atf_add_test_case unknown_flag_exits_2_with_usage
	atf_add_test_case no_command_exits_2
	atf_add_test_case bad_boolean_exits_2_with_usage
	atf_add_test_case bad_boolean_env_says_why
	atf_add_test_case maxproc_range_is_said
}

#! /usr/bin/env atf-sh
# The documentation held to the code: every block of README.md, dinit.8
# and examples/ is a marked example that a test runs (markers.py), the
# flags are the same in opts_table, README's table, dinit -h and dinit.8
# (facts.py), and the manual page is clean for mandoc -Tlint.

. $(atf_get_srcdir)/../lib.sh

DUMP=$(atf_get_srcdir)/opts_dump

# copy_docs DIR: the pages and the tests, to plant faults in.
copy_docs()
{
	mkdir -p "$1"
	cp -R "$SRCDIR/README.md" "$SRCDIR/dinit.8" "$SRCDIR/examples" \
	    "$SRCDIR/regress" "$1/"
}

atf_test_case every_block_is_a_tested_example
every_block_is_a_tested_example_head()
{
	atf_set descr "Every block of README.md, dinit.8 and examples/ has" \
	    "an example marker, each name once, and a test runs each"
	atf_set require.progs "$PYTHON"
}
every_block_is_a_tested_example_body()
{
	atf_check -o empty "$PYTHON" "$SRCDIR/regress/doc/markers.py" "$SRCDIR"
}

atf_test_case unmarked_or_untested_block_fails
unmarked_or_untested_block_fails_head()
{
	atf_set descr "The marker check can fail: a new block without a" \
	    "marker, a marker no test runs, a .Dl, and a name marked twice" \
	    "are each named"
	atf_set require.progs "$PYTHON"
}
unmarked_or_untested_block_fails_body()
{
	copy_docs d
	printf '\n    dinit -r true\n\n```\nls\n```\n\n<!-- example: nowhere -->\n```\nls\n```\n' \
	    >>d/README.md
	printf '.Dl dinit -r true\n.\\" example: request\n.Bd -literal\nx\n.Ed\n' \
	    >>d/dinit.8
	atf_check -s exit:1 -o save:faults "$PYTHON" \
	    "$SRCDIR/regress/doc/markers.py" d
	cat faults
	for f in 'README.md:[0-9]+: an indented block' \
	    'README.md:[0-9]+: a block without a marker' \
	    'README.md: example nowhere is run by no test' \
	    'dinit.8:[0-9]+: a .Dl' 'dinit.8: request marked 2 times'; do
		atf_check -o ignore grep -E "$f" faults
	done
}

atf_test_case flags_agree_everywhere
flags_agree_everywhere_head()
{
	atf_set descr "Every flag of opts_table, with its variable, default" \
	    "and range, is in README's table, dinit -h, and dinit.8's" \
	    "SYNOPSIS, OPTIONS and ENVIRONMENT, and nothing else is"
	atf_set require.progs "$PYTHON"
}
flags_agree_everywhere_body()
{
	atf_check -o empty "$PYTHON" "$SRCDIR/regress/doc/facts.py" \
	    "$SRCDIR" "$DINIT" "$DUMP"
}

atf_test_case missing_flag_fails
missing_flag_fails_head()
{
	atf_set descr "The flag check can fail: a row taken out of README's" \
	    "table, a range taken out of dinit.8, a default changed, a" \
	    "variable renamed are each named"
	atf_set require.progs "$PYTHON"
}
missing_flag_fails_body()
{
	copy_docs d
	sed -i '/^| `-as-user/d; s/^| `-submit-max N` | | 256 |/| `-submit-max N` | | 255 |/' \
	    d/README.md
	sed -i 's/^4096, 256 by default/256 by default/; s/^\.It Ev DINIT_POLICY/.It Ev DINIT_POLICIES/' \
	    d/dinit.8
	atf_check -s exit:1 -o save:faults "$PYTHON" \
	    "$SRCDIR/regress/doc/facts.py" d "$DINIT" "$DUMP"
	cat faults
	for f in "README.md's flag table: no -as-user" \
	    "README.md: -submit-max's default is '255'" \
	    "dinit.8: -submit-max does not give its range's hi, 4096" \
	    "dinit.8's ENVIRONMENT: no DINIT_POLICY"; do
		atf_check -o ignore grep -F "$f" faults
	done
}

atf_test_case manual_is_lint_clean
manual_is_lint_clean_head()
{
	atf_set descr "mandoc -Tlint finds nothing in dinit.8 but what this" \
	    "machine lacks (manuals it references, its mandoc.db)"
	atf_set require.progs mandoc
}
manual_is_lint_clean_body()
{
	mandoc -Tlint -Wstyle "$SRCDIR/dinit.8" >lint 2>&1
	atf_check -s exit:1 -o empty grep -v \
	    -e 'referenced manual not found' -e 'outdated mandoc.db' lint
}

atf_init_test_cases()
{
	atf_add_test_case every_block_is_a_tested_example
	atf_add_test_case unmarked_or_untested_block_fails
	atf_add_test_case flags_agree_everywhere
	atf_add_test_case missing_flag_fails
	atf_add_test_case manual_is_lint_clean
}

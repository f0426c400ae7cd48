#! /usr/bin/env atf-sh
# -expand=false: the words of -r, -start and -stop reach the program as
# they are, $ and all; by default dinit replaces $NAME in them.

. $(atf_get_srcdir)/../lib.sh

atf_test_case words_are_expanded_by_default
words_are_expanded_by_default_head()
{
	atf_set descr "By default \$x in a -r word is dinit's (unset: empty)," \
	    "so a shell loop prints empty lines"
	atf_set require.user root
	atf_set timeout 30
}
words_are_expanded_by_default_body()
{
	unset x
	ns_check -o inline:'\n\n' -e ignore -- \
	    -r sh -c 'for x in a b; do echo $x; done'
}

atf_test_case expand_false_passes_words_verbatim
expand_false_passes_words_verbatim_head()
{
	atf_set descr "-expand=false: the shell gets \$x and the loop prints" \
	    "a and b"
	atf_set require.user root
	atf_set timeout 30
}
expand_false_passes_words_verbatim_body()
{
	ns_check -o inline:'a\nb\n' -e ignore -- \
	    -expand=false -r sh -c 'for x in a b; do echo $x; done'
	ns_check -o inline:'\\$HOME ${HOME}\n' -e ignore -- \
	    -expand=false -r echo '\$HOME' '${HOME}'
}

atf_test_case dinit_expand_env
dinit_expand_env_head()
{
	atf_set descr "DINIT_EXPAND=0 does what -expand=false does;" \
	    "-expand=true undoes it"
	atf_set require.user root
	atf_set timeout 30
}
dinit_expand_env_body()
{
	export DINIT_EXPAND=0
	ns_check -o inline:'a\nb\n' -e ignore -- \
	    -r sh -c 'for x in a b; do echo $x; done'
	ns_check -o inline:'\n\n' -e ignore -- \
	    -expand=true -r sh -c 'for x in a b; do echo $x; done'
}

atf_test_case expand_false_covers_hooks
expand_false_covers_hooks_head()
{
	atf_set descr "-expand=false also leaves the -start and -stop words" \
	    "alone, whatever the order of the flags"
	atf_set require.user root
	atf_set timeout 30
}
expand_false_covers_hooks_body()
{
	ns_check -o inline:'start-in\nstop-in\n' -e ignore -- \
	    -start 'sh -c "x=in; echo start-$x"' -expand=false \
	    -stop 'sh -c "x=in; echo stop-$x"' -r true
}

atf_init_test_cases()
{
	atf_add_test_case words_are_expanded_by_default
	atf_add_test_case expand_false_passes_words_verbatim
	atf_add_test_case dinit_expand_env
	atf_add_test_case expand_false_covers_hooks
}

#! /usr/bin/env atf-sh
# bench/ as the README tells you to run it, with small parameters: every
# script it names runs and gives its table and ratios, make bench's
# run.sh gives the summary, and README's table is what table.sh makes
# of doc/bench.tsv, the summary make bench writes.

. $(atf_get_srcdir)/../lib.sh

PEERS="hyperfine tini tini-static dumb-init catatonit s6-sudo s6-ipcserver"

# bench_env NAME: the scripts work in build/bench-test/NAME with this
# build of dinit: not under /tmp, which their namespaces cover with a
# tmpfs of their own.
bench_env()
{
	BENCH_DIR=$(dirname "$DINIT")/bench-test/$1
	DINIT_STATIC=$(dirname "$DINIT")/dinit-static
	rm -rf "$BENCH_DIR"
	mkdir -p "$BENCH_DIR"
	ROOT=$SRCDIR
	export BENCH_DIR DINIT DINIT_STATIC ROOT
	# Small: a few rounds of each.
	REPS=2 ROUNDS=1 RUNS=3 N=20
	export REPS ROUNDS RUNS N
}

atf_test_case scripts_named_run_small
scripts_named_run_small_head()
{
	atf_set descr "Every bench/ script README.md names runs, with small" \
	    "parameters, as README says (run bit included), and writes its" \
	    "table"
	atf_set require.user root
	atf_set require.progs "$PEERS perf python3 gcc"
	atf_set timeout 300
}
scripts_named_run_small_body()
{
	bench_env named
	grep -o 'bench/[a-z]*\.sh' "$SRCDIR/README.md" | sort -u >named
	cat named
	[ -s named ] || atf_fail "README names no bench script"
	while read -r s; do
		atf_check test -x "$SRCDIR/$s"
		name=$(basename "$s" .sh)
		case $name in
		deps)	atf_check -o ignore -e ignore "$SRCDIR/$s"; continue ;;
		chart)	atf_check -o ignore -e ignore "$SRCDIR/$s" \
			    "$SRCDIR/doc/bench.tsv" "$(pwd)/chart.svg"
			atf_check -o match:'<svg' cat chart.svg
			continue ;;
		table)	atf_check -o match:'^\| bench \|' "$SRCDIR/$s" \
			    "$SRCDIR/doc/bench.tsv"
			continue ;;
		esac
		atf_check -o ignore -e ignore "$SRCDIR/$s" "$BENCH_DIR/$name.md"
		atf_check -o match:'^\| .* \|$' cat "$BENCH_DIR/$name.md"
	done <named
	rm -rf "$BENCH_DIR"
}

atf_test_case make_bench_runs_small
make_bench_runs_small_head()
{
	atf_set descr "make bench's run.sh, with small parameters and without" \
	    "touching the docs (BENCH_DOCS=0), gives a summary with a row" \
	    "for each of README's table and the same inits"
	atf_set require.user root
	atf_set require.progs "$PEERS perf python3 gcc"
	atf_set timeout 300
}
make_bench_runs_small_body()
{
	bench_env run
	atf_check -o ignore -e ignore env BENCH_DOCS=0 \
	    sh "$SRCDIR/bench/run.sh" "$BENCH_DIR/results.md"
	atf_check -o match:'^## Summary' cat "$BENCH_DIR/results.md"
	# The same rows and columns as the README's table (dinit-static's
	# where there is one).
	cut -f1 "$SRCDIR/doc/bench.tsv" >want.rows
	atf_check -o file:want.rows cut -f1 "$BENCH_DIR/summary.tsv"
	if [ -x "$DINIT_STATIC" ]; then
		atf_check -o inline:"$(head -n 1 "$SRCDIR/doc/bench.tsv")\n" \
		    head -n 1 "$BENCH_DIR/summary.tsv"
	fi
	rm -rf "$BENCH_DIR"
}

atf_test_case readme_table_is_generated
readme_table_is_generated_head()
{
	atf_set descr "README's benchmark table is table.sh's of" \
	    "doc/bench.tsv, between its markers: no figure by hand"
}
readme_table_is_generated_body()
{
	sh "$SRCDIR/bench/table.sh" "$SRCDIR/doc/bench.tsv" >want
	sed -n '/^<!-- bench: begin -->$/,/^<!-- bench: end -->$/p' \
	    "$SRCDIR/README.md" | sed '1d;$d' >got
	atf_check -o file:want cat got
}

atf_test_case readme_contain_block_is_generated
readme_contain_block_is_generated_head()
{
	atf_set descr "README's containment, status, verifier, terminal" \
	    "and soak figures are doc/NAME.md, which make bench (make" \
	    "soak-docs for the soak) writes, between their markers: no" \
	    "figure by hand"
}
readme_contain_block_is_generated_body()
{
	for b in contain status verify tty soak; do
		sed -n "/^<!-- bench: $b begin -->\$/,/^<!-- bench: $b end -->\$/p" \
		    "$SRCDIR/README.md" | sed '1d;$d' >got.$b
		atf_check -o file:"$SRCDIR/doc/$b.md" cat got.$b
	done
	atf_check -o match:'^\| attached round trip, with guards \|' cat got.contain
	atf_check -o match:'^\| 256 \| json \|' cat got.status
	atf_check -o match:'^\| status and control \| passed \|' cat got.soak
	# block.sh puts a file there and touches nothing else.
	printf 'a\n<!-- bench: x begin -->\nold\n<!-- bench: x end -->\nb\n' >page
	echo new >new
	atf_check sh "$SRCDIR/bench/block.sh" x new page
	atf_check -o inline:'a\n<!-- bench: x begin -->\nnew\n<!-- bench: x end -->\nb\n' cat page
}

atf_test_case table_sh_writes_the_block
table_sh_writes_the_block_head()
{
	atf_set descr "table.sh TSV README replaces the block between the" \
	    "markers and nothing else"
}
table_sh_writes_the_block_body()
{
	cp "$SRCDIR/README.md" r.md
	printf 'bench\tdinit\nsize\t9.99\n' >t.tsv
	atf_check sh "$SRCDIR/bench/table.sh" t.tsv r.md
	atf_check -o match:'^\| size \| 9.99 \|$' cat r.md
	sed '/^<!-- bench: begin -->$/,/^<!-- bench: end -->$/d' \
	    "$SRCDIR/README.md" >want
	atf_check -o file:want sed \
	    '/^<!-- bench: begin -->$/,/^<!-- bench: end -->$/d' r.md
}

atf_init_test_cases()
{
	atf_add_test_case scripts_named_run_small
	atf_add_test_case make_bench_runs_small
	atf_add_test_case readme_table_is_generated
	atf_add_test_case readme_contain_block_is_generated
	atf_add_test_case table_sh_writes_the_block
}

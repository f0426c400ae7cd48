#!/bin/sh
# table.sh TSV [README]: the summary's ratios (run.sh's summary.tsv) as
# the Markdown table README.md shows; with README, that file's table,
# between the lines "<!-- bench: begin -->" and "<!-- bench: end -->",
# replaced in place.  make bench writes doc/bench.tsv and runs this, so
# that the README's figures come from one run, never from a hand.
set -eu
[ $# -ge 1 ] && [ $# -le 2 ] || { echo "usage: table.sh TSV [README]" >&2; exit 2; }

table()
{
	awk -F '\t' '{ printf "|"; for (i = 1; i <= NF; i++) printf " %s |", $i; print "" }
	    NR == 1 { printf "|---|"; for (i = 2; i <= NF; i++) printf "---:|"; print "" }' "$1"
}

[ $# -eq 1 ] && { table "$1"; exit 0; }
table "$1" >"$2.table"
awk -v t="$2.table" '
	$0 == "<!-- bench: end -->" { while ((getline l < t) > 0) print l; skip = 0 }
	!skip { print }
	$0 == "<!-- bench: begin -->" { skip = 1; n++ }
	END { if (n != 1) { print "table.sh: no one bench block" > "/dev/stderr"; exit 1 } }
' "$2" >"$2.new"
rm -f "$2.table"
mv "$2.new" "$2"

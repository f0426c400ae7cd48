#!/bin/sh
# block.sh NAME FILE README: README's lines between "<!-- bench: NAME
# begin -->" and "<!-- bench: NAME end -->" replaced by FILE, in place.
# make bench writes FILE (doc/NAME.md) and runs this, so that the
# README's figures of that benchmark come from one run, never from a hand.
set -eu
[ $# -eq 3 ] || { echo "usage: block.sh NAME FILE README" >&2; exit 2; }
awk -v f="$2" -v b="<!-- bench: $1 begin -->" -v e="<!-- bench: $1 end -->" '
	$0 == e { while ((getline l < f) > 0) print l; skip = 0 }
	!skip { print }
	$0 == b { skip = 1; n++ }
	END { if (n != 1) { print "block.sh: no one block " b > "/dev/stderr"; exit 1 } }
' "$3" >"$3.new"
mv "$3.new" "$3"

#!/bin/sh
# size: bytes on disk of each init's binary (the real file, links
# resolved); build/dinit (built with -g) also stripped, which is what the
# summary uses, as the peers' packages are stripped.  Ratio: vs tini-static.
NAME=size
. "$(dirname "$0")/lib.sh"

strip -o "$B/dinit.stripped" "$DINIT"
{
	echo "dinit $DINIT"
	echo "dinit-stripped $B/dinit.stripped"
	[ -x "$DINIT_STATIC" ] && echo "dinit-static $DINIT_STATIC"
	for i in $PEERS; do echo "$i $(command -v "$i")"; done
} | while read -r i f; do
	f=$(realpath "$f")
	echo "$i $(stat -c %s "$f") $f"
done >"$TMP/size"

base=$(awk '$1 == "tini-static" { print $2 }' "$TMP/size")
md "### size: binary on disk (bytes)" "" "Baseline: tini-static." "" \
    "| init | file | bytes | ratio |" "|---|---|---:|---:|"
while read -r i n f; do
	rt=$(ratio "$n" "$base")
	md "| $i | \`${f#"$ROOT"/}\` | $n | $rt |"
	case $i in
	dinit) ;;
	dinit-stripped) keep size dinit "$rt" ;;
	*) keep size "$i" "$rt" ;;
	esac
done <"$TMP/size"
md ""

#!/bin/sh
# start: "INIT /bin/true" from exec to exit (not as PID 1, as a wrapper),
# and /bin/true alone, with hyperfine -N.  hyperfine runs its commands one
# after the other, so ROUNDS rounds alternate them; all runs are pooled.
# Ratio: median vs tini-static's.  +sock: dinit with its socket, which
# /bin/true never uses, so no sockd is started (it is, on demand, by the
# first client: bench/first.sh).
NAME=start
. "$(dirname "$0")/lib.sh"
ROUNDS=${ROUNDS:-5} RUNS=${RUNS:-100}
SOCK=$TMP/dinit.sock

set -- -n /bin/true /bin/true
for i in $INITS; do
	set -- "$@" -n "$i" "$(initcmd "$i") /bin/true"
done
rm -f "$B"/start-[0-9]*.json
r=1
while [ $r -le "$ROUNDS" ]; do
	echo "start: round $r of $ROUNDS" >&2
	hyperfine -N --style none --warmup 10 --runs "$RUNS" \
	    --export-json "$B/start-$r.json" "$@" >/dev/null 2>>"$TMP/log"
	r=$((r + 1))
done

# Every run's time, "name seconds", from the JSON exports.
cat "$B"/start-[0-9]*.json | awk '
/"command":/ { sub(/.*"command": "/, ""); sub(/",?$/, ""); cmd = $0 }
/"times": \[/ { t = 1; next }
t && /\]/ { t = 0 }
t { gsub(/[ ,]/, ""); print cmd, $0 }' >"$TMP/times"
for i in /bin/true $INITS; do
	echo "$i $(awk -v i="$i" '$1 == i { print $2 * 1000 }' "$TMP/times" | stats)"
done >"$TMP/stats"		# name n median p90 p99 mean min (ms)

base=$(awk '$1 == "tini-static" { print $3 }' "$TMP/stats")
true=$(awk '$1 == "/bin/true" { print $3 }' "$TMP/stats")
md "### start: \`INIT /bin/true\`, exec to exit" "" \
    "$ROUNDS rounds x $RUNS runs each, alternating, hyperfine -N. Baseline: tini-static." "" \
    "| command | runs | median ms | p90 ms | min ms | over /bin/true ms | ratio |" \
    "|---|---:|---:|---:|---:|---:|---:|"
while read -r i n med p90 p99 mean min; do
	rt=$(ratio "$med" "$base")
	md "$(printf '| %s | %d | %.3f | %.3f | %.3f | %.3f | %s |' \
	    "$i" "$n" "$med" "$p90" "$min" \
	    "$(awk -v a="$med" -v b="$true" 'BEGIN { print a - b }')" "$rt")"
	[ "$i" = /bin/true ] || keep start "$i" "$rt"
done <"$TMP/stats"
md ""

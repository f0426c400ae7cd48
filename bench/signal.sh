#!/bin/sh
# signal: TERM to PID 1 (sent from outside its namespace) until the
# child's TERM handler has run, and until PID 1 has exited.  The child is
# bench/sigchild, which stamps CLOCK_MONOTONIC in its handler; the sender
# (sigchild -k) stamps it right before kill() and again when PID 1's pidfd
# says it has exited.  REPS rounds, the inits in turn, each round starting
# one further on; median and p90 in microseconds.  Ratio: medians vs the
# fastest peer's.
NAME=signal
. "$(dirname "$0")/lib.sh"
REPS=${REPS:-100}
SIGCHILD=$B/sigchild

cc -O2 -Wall -o "$SIGCHILD" "$ROOT/bench/sigchild.c"
r=1
while [ $r -le "$REPS" ]; do
	[ $((r % 20)) -eq 1 ] && echo "signal: round $r of $REPS" >&2
	for i in $(rotated $r); do
		term_round "$i"
		read -r t0 t1 <"$TMP/k"
		th=$(awk '$1 == "term" { print $2 }' "$TMP/out")
		echo "$i $(((th - t0) / 1000)) $(((t1 - t0) / 1000))"
	done
	r=$((r + 1))
done >"$TMP/runs"			# init handler_us exit_us

col()
{
	for i in $INITS; do
		awk -v i="$i" -v k="$1" '$1 == i { print $k }' "$TMP/runs" |
		    stats | { read -r n med p90 x; echo "$i $med $p90"; }
	done
}
col 2 >"$TMP/handler"; col 3 >"$TMP/exit"
bh=$(best_peer "$TMP/handler") be=$(best_peer "$TMP/exit")

md "### signal: TERM to PID 1 until the child's handler ran, and until PID 1 exited (µs)" "" \
    "$REPS runs each, in turn, the order rotating. Baseline: the fastest peer." "" \
    "| init | handler median | p90 | exit median | p90 | ratio handler | ratio exit |" \
    "|---|---:|---:|---:|---:|---:|---:|"
paste -d ' ' "$TMP/handler" "$TMP/exit" |
while read -r i hmed hp90 x emed ep90; do
	rh=$(ratio "$hmed" "$bh") re=$(ratio "$emed" "$be")
	md "| $i | $hmed | $hp90 | $emed | $ep90 | $rh | $re |"
	keep "signal handler" "$i" "$rh"
	keep "signal exit" "$i" "$re"
done
md ""

#!/bin/sh
# reap: each init as PID 1 runs bench/orphans N, which measures from
# inside the time until every orphan has exited and been reaped.  Stream:
# N double forks, from its start (total, forks included) and from its last
# fork (lag).  Burst: N zombies handed to PID 1 at once (reaping only).
# REPS rounds, the inits alternating; medians.  Ratio: vs the fastest peer.
NAME=reap
. "$(dirname "$0")/lib.sh"
N=${N:-10000} REPS=${REPS:-7}

cc -O2 -Wall -o "$B/orphans" "$ROOT/bench/orphans.c"
r=1
while [ $r -le "$REPS" ]; do
	echo "reap: round $r of $REPS" >&2
	for i in $INITS; do
		echo "$i $(ns_run "$i" "$B/orphans" "$N" 2>/dev/null)"
	done
	r=$((r + 1))
done >"$TMP/runs"			# init total lag burst

# col K: "init median p90" of column K of the runs.
col()
{
	for i in $INITS; do
		awk -v i="$i" -v k="$1" '$1 == i { print $k }' "$TMP/runs" |
		    stats | { read -r n med p90 x; echo "$i $med $p90"; }
	done
}
col 2 >"$TMP/total"; col 3 >"$TMP/lag"; col 4 >"$TMP/burst"
bt=$(best_peer "$TMP/total") bb=$(best_peer "$TMP/burst")

md "### reap: $N orphans, until none is left (ms)" "" \
    "$REPS runs each, alternating. Stream: total from the workload's start (forks included), lag after its last fork. Burst: $N zombies handed to PID 1 at once. Baseline: the fastest peer." "" \
    "| init | stream total | p90 | lag | p90 | burst | p90 | ratio stream | ratio burst |" \
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
paste -d ' ' "$TMP/total" "$TMP/lag" "$TMP/burst" |
while read -r i med p90 x lmed lp90 x bmed bp90; do
	rt=$(ratio "$med" "$bt") rb=$(ratio "$bmed" "$bb")
	md "$(printf '| %s | %.1f | %.1f | %.1f | %.1f | %.1f | %.1f | %s | %s |' \
	    "$i" "$med" "$p90" "$lmed" "$lp90" "$bmed" "$bp90" "$rt" "$rb")"
	keep "reap stream" "$i" "$rt"
	keep "reap burst" "$i" "$rb"
done
md ""

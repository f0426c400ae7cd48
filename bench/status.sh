#!/bin/sh
# status: dinit -status and -status -json, N times each, with 1 and with
# 256 submissions running (bench/status.py, raw AF_UNIX, run inside the
# namespace with nsenter): latency from connect() to the listing's end.
# A listing of 256 is 9 pages (32 records each, and the -r command's);
# the ratio says what the pages cost against a listing of one.
NAME=status
. "$(dirname "$0")/lib.sh"
N=${N:-500}
DINIT_FLAGS="-submit-rate 0"

client() { nsenter -t "$p1" -m -p python3 "$ROOT/bench/status.py" "$SOCK" "$@"; }

md "### status: \`dinit -status\`, $N listings one at a time" "" \
    "Latency from connect() to the listing's end; lines with the text's header." "" \
    "| running | format | errors | lines | p50 µs | p90 µs | p99 µs | mean µs |" \
    "|---:|---|---:|---:|---:|---:|---:|---:|"
ns_start dinit+sock sleep 100000 >/dev/null 2>"$TMP/log"
poll 'p1=$(ns_pid1) && lazy $p1'
client 50 1 >/dev/null			# starts sockd, and warms up
for running in 1 256; do
	client "$N" $((running == 1 ? 0 : 255)) >"$TMP/r$running"
	while read -r fmt n err lines p50 p90 p99 mean; do
		md "| $running | $fmt | $err | $lines | $p50 | $p90 | $p99 | $mean |"
	done <"$TMP/r$running"
done
ns_stop
p1=$(awk '$1 == "text" { print $7 }' "$TMP/r1")
p256=$(awk '$1 == "text" { print $7 }' "$TMP/r256")
md "" "p99 with 256 running over p99 with 1: $(ratio "$p256" "$p1")" ""

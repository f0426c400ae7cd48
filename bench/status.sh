#!/bin/sh
# status: dinit -status and -status -json, N times each, with 1 and with
# 256 submissions running (bench/status.py, raw AF_UNIX, run inside the
# namespace with nsenter): latency from connect() to the listing's end.
# A listing of 256 is 9 pages (32 records each, and the -r command's);
# the ratio says what the pages cost against a listing of one.  CPU: the
# time PID 1 and sockd spent on a CPU per listing (/proc/PID/schedstat),
# which a loaded machine's waits do not swell.
NAME=status
. "$(dirname "$0")/lib.sh"
N=${N:-500}
DINIT_FLAGS="-submit-rate 0"

client() { nsenter -t "$p1" -m -p python3 "$ROOT/bench/status.py" "$SOCK" "$@"; }
cpu() { awk '{ print $1 }' "/proc/$1/schedstat"; }	# ns on a CPU

md "### status: \`dinit -status\`, $N listings one at a time" "" \
    "Latency from connect() to the listing's end; lines with the text's header." "" \
    "| running | format | errors | lines | p50 µs | p90 µs | p99 µs | mean µs | CPU PID 1 µs | CPU sockd µs |" \
    "|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|"
ns_start dinit+sock sleep 100000 >/dev/null 2>"$TMP/log"
poll 'p1=$(ns_pid1) && lazy $p1'
client 50 1 >/dev/null			# starts sockd, and warms up
sd=$(sockd_of "$p1")
for running in 1 256; do
	[ $running = 1 ] || client 0 255 >/dev/null
	for fmt in text json; do
		a1=$(cpu "$p1") a2=$(cpu "$sd")
		client "$N" 0 "$fmt" >"$TMP/r$running$fmt"
		b1=$(cpu "$p1") b2=$(cpu "$sd")
		read -r f n err lines p50 p90 p99 mean <"$TMP/r$running$fmt"
		md "| $running | $fmt | $err | $lines | $p50 | $p90 | $p99 | $mean | $(((b1 - a1) / N / 1000)) | $(((b2 - a2) / N / 1000)) |"
	done
done
ns_stop
p1=$(awk '{ print $7 }' "$TMP/r1text")
p256=$(awk '{ print $7 }' "$TMP/r256text")
md "" "p99 with 256 running over p99 with 1: $(ratio "$p256" "$p1")" ""

#!/bin/sh
# attach: the attached round trip, side by side in one namespace, run by
# hyperfine -N in turn: `dinit -submit -wait -r /bin/true` against
# `s6-sudo` talking to `s6-ipcserver SOCK s6-sudod /bin/true` (both pass
# the client's fds 0, 1 and 2 and return the exit status).  Root.
NAME=attach
. "$(dirname "$0")/lib.sh"
N=${N:-1000}
S6SOCK=/tmp/s6.sock
DINIT_FLAGS="-submit-rate 0"

for t in s6-sudo s6-ipcserver s6-sudod hyperfine; do
	command -v $t >/dev/null || { echo "$NAME: no $t (sh bench/deps.sh)" >&2; exit 1; }
done
ns_start dinit+sock sleep 1000 -r s6-ipcserver "$S6SOCK" s6-sudod /bin/true \
    >/dev/null 2>"$TMP/log"
poll 'p1=$(ns_pid1) && nsenter -t $p1 -m test -S $S6SOCK -a -S $SOCK'
set -- "$DINIT -submit -wait -r /bin/true"
[ ! -x "$DINIT_STATIC" ] || set -- "$@" "$DINIT_STATIC -submit -wait -r /bin/true"
nsenter -t "$p1" -m -p hyperfine -N -w 50 -r "$N" --export-json "$B/attach.json" \
    "$@" "s6-sudo $S6SOCK" >"$B/attach.out" 2>&1
ns_stop

md "### attach: the attached round trip, $N runs each (hyperfine -N)" "" \
    "| client | mean µs | median µs | min µs | σ µs |" "|---|---:|---:|---:|---:|"
python3 - "$B/attach.json" >>"$OUT" <<'EOF'
import json, sys
for r in json.load(open(sys.argv[1]))["results"]:
    name = ("dinit-static -submit -wait" if "dinit-static" in r["command"]
        else "dinit -submit -wait" if "dinit" in r["command"] else "s6-sudo")
    print("| %s | %.0f | %.0f | %.0f | %.0f |" % (name, r["mean"] * 1e6,
        r["median"] * 1e6, r["min"] * 1e6, r["stddev"] * 1e6))
EOF
grep -e "^| dinit" -e "^| s6" "$OUT"
md ""

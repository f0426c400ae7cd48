#!/bin/sh
# verify: dinit -verify-audit on a chained trail of N events (default
# 1,000,000), made here with Python's hmac module: the time it takes, and
# its rate.  Usage: N=EVENTS sh bench/verify.sh [OUT.md] (default
# build/bench/verify.md), as the other bench scripts.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
DINIT=${DINIT:-$ROOT/build/dinit}
N=${N:-1000000}
OUT=${1:-$ROOT/build/bench/verify.md}
mkdir -p "$(dirname "$OUT")"
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
head -c 32 /dev/urandom >"$TMP/key"
chmod 600 "$TMP/key"
python3 - "$TMP" "$N" <<'PY'
import hashlib, hmac, os, sys
d, n = sys.argv[1], int(sys.argv[2])
key = open(os.path.join(d, "key"), "rb").read()
run = os.urandom(16).hex()
prev = run.encode()
with open(os.path.join(d, "trail"), "wb") as f:
    for seq in range(1, n + 1):
        body = ('{"time":"2026-12-07T23:47:34.581606Z","level":"info",'
            '"event":"exited","pid":%d,"role":"submitted","submission_id":%d,'
            '"status":0,"argv":["/bin/true","--flag","value"],'
            '"duration_ms":3,"utime_ms":0,"stime_ms":1,"maxrss_kb":1024,'
            '"seq":%d,"run":"%s"}' % (seq + 100, seq, seq, run)).encode()
        mac = hmac.new(key, prev + body, hashlib.sha256).hexdigest().encode()
        f.write(body[:-1] + b',"mac":"' + mac + b'"}\n')
        prev = mac
PY
echo "verify: $N events, $(wc -c <"$TMP/trail") bytes"
s=$(date +%s%N)
"$DINIT" -verify-audit "$TMP/trail" -audit-key-file "$TMP/key"
e=$(date +%s%N)
echo "verify: $(((e - s) / 1000000)) ms wall"
# CPU time apart from the wall clock: the machine may be shared.
/usr/bin/time -o "$TMP/time" -f "%U %S %e" \
    "$DINIT" -verify-audit "$TMP/trail" -audit-key-file "$TMP/key" >/dev/null
read -r user sys wall <"$TMP/time"
echo "verify: $user s user, $sys s system, $wall s wall"
printf '%s\n' "### verify: -verify-audit on a chained trail" "" \
    "| events | bytes | user s | system s | wall s |" "|---:|---:|---:|---:|---:|" \
    "| $N | $(wc -c <"$TMP/trail") | $user | $sys | $wall |" >"$OUT"

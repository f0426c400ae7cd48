#! /usr/bin/env atf-sh
# sockd is a fresh image: nothing of init's memory reaches it.  init
# starts with a secret in its environment, in a -start hook's argv and
# in the primary's; every byte sockd can read of itself is searched for
# it, as are its environ and cmdline.  The same search finds the secret
# in PID 1.

. $(atf_get_srcdir)/../lib.sh

# SCAN_PY PID NEEDLE: where NEEDLE occurs in PID's readable memory (every
# mapping of at most 1 GiB that /proc/PID/maps lists, read through
# /proc/PID/mem), environ and cmdline; one line each: "mem BYTES bytes
# HITS hits", "environ HITS hits", "cmdline HITS hits".
SCAN_PY='
import re, sys
pid, needle = sys.argv[1], sys.argv[2].encode()
scanned = hits = 0
with open("/proc/%s/maps" % pid) as maps, \
    open("/proc/%s/mem" % pid, "rb", 0) as mem:
    for line in maps:
        m = re.match(r"([0-9a-f]+)-([0-9a-f]+) r", line)
        if not m:
            continue
        lo, hi = int(m.group(1), 16), int(m.group(2), 16)
        if hi - lo > 1 << 30:
            continue    # ASan shadow: terabytes reserved, no data of ours
        try:
            mem.seek(lo)
            data = mem.read(hi - lo)
        except (OSError, OverflowError):
            continue
        scanned += len(data)
        hits += data.count(needle)
print("mem %d bytes %d hits" % (scanned, hits))
for f in ("environ", "cmdline"):
    with open("/proc/%s/%s" % (pid, f), "rb") as fp:
        print("%s %d hits" % (f, fp.read().count(needle)))
'

# secret_start: dinit as PID 1 with a fresh secret (in SECRET) in its
# environment, its -start hook's argv and its primary's.
secret_start()
{
	SECRET=secret-$(od -An -N16 -tx1 /dev/urandom | tr -d ' \n')
	export SECRET_TOKEN=$SECRET
	start -start "true $SECRET" -r sh -c 'exec sleep 60' "$SECRET"
	unset SECRET_TOKEN
	wait_for "ns_log_has 'started: \[sh -c exec sleep 60 $SECRET\]'" 10
}

# scan PID: SCAN_PY on PID (inside the namespace) for SECRET, in scan.
scan()
{
	ns_exec "$PYTHON" -c "$SCAN_PY" "$1" "$SECRET" | tee scan
	atf_check -o match:'^mem [0-9]{6,} bytes ' cat scan
}

atf_test_case sockd_memory_holds_no_init_secret
sockd_memory_holds_no_init_secret_head()
{
	atf_set descr "No byte of sockd's memory, environ or cmdline holds" \
	    "the secret in init's environment and argv"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
sockd_memory_holds_no_init_secret_body()
{
	secret_start
	knock
	sockd=$(sockd_pid)
	ns_exec grep -E '^(Uid|CapEff|NoNewPrivs)' /proc/$sockd/status
	# Not dumpable (its /proc files are root's): only root may look.
	ns_exec_check -o inline:'0\n' -- stat -c %u /proc/$sockd/mem
	scan "$sockd"
	atf_check -o match:'^mem [0-9]+ bytes 0 hits$' cat scan
	atf_check -o inline:'environ 0 hits\ncmdline 0 hits\n' \
	    grep -v '^mem' scan
	stop
}

atf_test_case init_memory_holds_the_secret
init_memory_holds_the_secret_head()
{
	atf_set descr "The scan that finds nothing in sockd finds the secret" \
	    "in PID 1's memory, environ and cmdline (a control)"
	atf_set require.user root
	atf_set require.progs "$PYTHON"
	atf_set timeout 30
}
init_memory_holds_the_secret_body()
{
	secret_start
	scan 1
	atf_check -o match:'^mem [0-9]+ bytes [1-9][0-9]* hits$' cat scan
	atf_check -o inline:'environ 1 hits\ncmdline 2 hits\n' \
	    grep -v '^mem' scan
	stop
}

atf_init_test_cases()
{
	atf_add_test_case sockd_memory_holds_no_init_secret
	atf_add_test_case init_memory_holds_the_secret
}

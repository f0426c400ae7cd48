NAME=x
. /work/main/bench/lib.sh /tmp/x.md
ns_start dinit+sock sleep 1000 >/dev/null 2>&1
poll 'p1=$(ns_pid1) && [ -S /proc/$p1/root/tmp/dinit.sock ]'
nsenter -t $p1 -m -p python3 $ROOT/bench/submit.py /tmp/dinit.sock 200 1
nsenter -t $p1 -m -p python3 $ROOT/bench/submit.py /tmp/dinit.sock 2000 1
nsenter -t $p1 -m -p python3 $ROOT/bench/submit.py /tmp/dinit.sock 2000 8
ps -o pid,stat,comm --ppid $p1 | head

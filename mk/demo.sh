#!/bin/sh
# make demo: dinit as PID 1 of a fresh PID namespace, the way it runs in a
# container: a -start hook, a worker, a submission over the socket from
# inside the "container", a look at the process tree, then a TERM to PID 1.
set -eu
dinit=$(realpath "$1")

st=0
unshare --pid --fork --mount-proc --mount sh -c '
mount -t tmpfs tmpfs /tmp
exec "$0" -timeout 2s -start "echo start hook: preparing" \
    -stop "echo stop hook: every process is gone" \
    -r sh -c "echo worker: up; exec sleep 60" \
    -r sh -c "
	$0 -submit -r echo hello from a submitted command
	echo primary: process tree as seen inside:
	ps -eo pid,ppid,user,args | sed \"s/^/    /\"
	echo primary: sending TERM to PID 1
	kill -TERM 1
	exec sleep 60"
' "$dinit" || st=$?
echo "dinit exited with status $st (143: the primary ended by SIGTERM)"
[ "$st" -eq 143 ]

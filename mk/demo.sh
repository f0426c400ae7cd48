#!/bin/sh
# make demo: dinit as PID 1 of a fresh PID namespace, the way it runs in a
# container: a -start hook, a worker, a submission over the socket from
# inside the "container", a look at the process tree, then a TERM to PID 1.
# dinit runs from a copy in a tmpfs of the namespace's own, so the
# checkout may be anywhere, /tmp included.
set -eu
dinit=$(realpath "$1")
primary='dinit -submit -r echo hello from a submitted command;
ps -eo pid,ppid,user,args; kill -TERM 1; exec sleep 60'

st=0
unshare --pid --fork --mount-proc --mount sh -c '
	mount -t tmpfs -o mode=755 tmpfs /mnt && cp "$0" /mnt/dinit &&
	mount -t tmpfs tmpfs /tmp && PATH=/mnt:$PATH && exec "$@"' "$dinit" \
    dinit -timeout 2s -start "echo start hook: preparing" \
    -stop "echo stop hook: every process is gone" \
    -r sh -c "echo worker: up; exec sleep 60" \
    -r sh -c "$(echo $primary)" || st=$?
echo "dinit exited with status $st (143: the primary ended by SIGTERM)"
[ "$st" -eq 143 ]

# Shared by the tests that run the documentation's examples (sourced
# after regress/lib.sh).  Each test prints an example with
#	sh "$SRCDIR/regress/doc/example.sh" FILE NAME >block
# (written out in full, so that markers.py sees which examples run) and
# runs what it printed, as close to the letter as a test can.

# A passwd and a group with the users the examples name: nginx (101),
# uid 1000 (gid 1000, and 2000 for the debug sidecar).
doc_etc()
{
	mkdir -p etc
	printf '%s\n' 'root:x:0:0:root:/root:/bin/sh' \
	    'nginx:x:101:101:nginx:/nonexistent:/bin/false' \
	    'app:x:1000:1000:app:/nonexistent:/bin/sh' >etc/passwd
	printf '%s\n' 'root:x:0:' 'nginx:x:101:' 'app:x:1000:' \
	    'debug:x:2000:' >etc/group
	NS_ETC=$(pwd)/etc
	export NS_ETC
}

# Inside the namespace, before dinit: /etc a copy of the host's (with
# NS_ETC's passwd and group) that may gain /etc/dinit, ./policy there if
# there is one, a tmpfs on /run with /run/dinit, and ./sbin/* and
# ./localbin/* as the only programs in /usr/sbin and /usr/local/bin:
# the paths the examples name, and nothing changed outside.
DOC_SETUP='mkdir /tmp/etc && cp -a /etc/. /tmp/etc/ 2>/dev/null;
	mount --bind /tmp/etc /etc && mkdir -p /etc/dinit &&
	{ [ ! -f policy ] || install -m 644 policy /etc/dinit/policy; } &&
	mount -t tmpfs tmpfs /run && mkdir -m 755 /run/dinit &&
	mount -t tmpfs -o mode=755 tmpfs /usr/sbin &&
	mount -t tmpfs -o mode=755 tmpfs /usr/local/bin &&
	{ [ ! -d sbin ] || cp sbin/* /usr/sbin/; } &&
	{ [ ! -d localbin ] || cp localbin/* /usr/local/bin/; } &&
	exec "$@"'

# doc_start ARGS: dinit ARGS as PID 1 behind DOC_SETUP, in the
# background, output in out and err.
doc_start()
{
	ns_launch sh -c "$DOC_SETUP" doc "$DINIT" "$@" >out 2>err
}

# stand_in DIR NAME SCRIPT: an executable shell script DIR/NAME.
stand_in()
{
	mkdir -p "$1"
	printf '#!/bin/sh\n%s\n' "$3" >"$1/$2"
	chmod 755 "$1/$2"
}

# entrypoint FILE: the words of the ENTRYPOINT in FILE (a Dockerfile's
# lines; a trailing backslash continues a line), shell-quoted, with
# /dinit as "$DINIT".
entrypoint()
{
	"$PYTHON" -c '
import json, shlex, sys
text = open(sys.argv[1]).read().replace("\\\n", "")
for line in text.splitlines():
    if line.startswith("ENTRYPOINT "):
        words = json.loads(line[len("ENTRYPOINT "):])
        print(" ".join("\"$DINIT\"" if w == "/dinit" else shlex.quote(w)
            for w in words))
' "$1"
}

# flags_of WORDS...: the words before the first -r.
flags_of()
{
	for _w; do
		[ "$_w" = -r ] && break
		printf '%s\n' "$_w"
	done
}

# lines FILE: FILE's lines without comments ("# ..." at the end) and
# blank lines, one a line.
lines()
{
	sed -e 's/[[:space:]]*# .*$//' -e '/^[[:space:]]*$/d' "$1"
}

# expected LINE: what the comment at the end of LINE says it prints.
expected()
{
	printf '%s\n' "$1" | sed -n 's/.*[[:space:]]# //p'
}

# no_stamps FILE: FILE's lines with the text log's date and time, and
# every pid, written as they would be in the docs' samples.
no_stamps()
{
	sed -E -e 's|^[0-9]{4}/[0-9]{2}/[0-9]{2} [0-9:]{8} ||' \
	    -e 's/pid [0-9?]+/pid N/g' "$1"
}

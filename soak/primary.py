# The soak's primary: a line "sig NAME" on stdout for each USR1, HUP or
# WINCH that reaches it, written at once (os.write: no buffer to flush);
# TERM ends it as by default.
import os, signal


def said(n, frame):
    os.write(1, ("sig %s\n" % signal.Signals(n).name[3:]).encode())


for s in (signal.SIGUSR1, signal.SIGHUP, signal.SIGWINCH):
    signal.signal(s, said)
while True:
    signal.pause()

#!/usr/bin/env python3
# fullsinks.py DIR: DIR/audit.fifo, a FIFO held open and full, and
# DIR/audit.sock, a datagram socket whose queue is full and which nobody
# reads: the audit sinks of bench/lib.sh's dinit+audit and of
# regress/init/audit_test.sh.  Creates
# DIR/audit.ready, then holds both until killed.
import os, signal, socket, sys

d = sys.argv[1]
fifo, sock = os.path.join(d, "audit.fifo"), os.path.join(d, "audit.sock")
for p in (fifo, sock):
    if os.path.exists(p):
        os.unlink(p)
os.mkfifo(fifo)
r = os.open(fifo, os.O_RDONLY | os.O_NONBLOCK)
w = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
try:
    while True:
        os.write(w, b"x" * 4096)
except BlockingIOError:
    pass
os.close(w)
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sock)
c = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
c.setblocking(False)
try:
    while True:
        c.sendto(b"x", sock)
except BlockingIOError:
    pass
open(os.path.join(d, "audit.ready"), "w").close()
sys.stdout.flush()
signal.pause()

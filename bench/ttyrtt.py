"""ttyrtt.py MODE N CMD...: run CMD on a new pseudo-terminal, as a person's
terminal would, once CMD has put that terminal in raw mode (as dinit
-submit -wait -t and podman exec -it do, to relay it to a terminal of
their own).  MODE echo: N times, one byte written to the terminal until
its echo comes back (the remote line discipline's), and prints
"p50 p99" in microseconds.  MODE cat: reads all CMD prints (cat of a
file, say) and prints "bytes seconds" from the first byte to the end."""
import os, select, sys, termios, time

mode, n, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
master, slave = os.openpty()
pid = os.fork()
if pid == 0:
    os.close(master)
    os.setsid()
    import fcntl
    fcntl.ioctl(slave, termios.TIOCSCTTY, 0)
    for fd in (0, 1, 2):
        os.dup2(slave, fd)
    os.execvp(argv[0], argv)

def raw():
    return not termios.tcgetattr(slave)[3] & termios.ECHO

def read_for(want, limit=30):
    end = time.monotonic() + limit
    got = b""
    while want not in got:
        r, _, _ = select.select([master], [], [], max(0, end - time.monotonic()))
        if not r:
            sys.exit("ttyrtt: no %r in %d s: %r" % (want, limit, got[-200:]))
        got += os.read(master, 65536)
    return got

end = time.monotonic() + 30
while not raw():
    if time.monotonic() > end:
        sys.exit("ttyrtt: the command did not set its terminal raw")
    time.sleep(0.01)
# From here the end of CMD (no one else holds the slave) is the end.
os.close(slave)
if mode == "echo":
    # The far end is up once a byte comes back; then the rounds.
    os.write(master, b"!")
    read_for(b"!")
    t = []
    for i in range(n):
        c = bytes([ord("a") + i % 26])
        t0 = time.perf_counter_ns()
        os.write(master, c)
        read_for(c)
        t.append(time.perf_counter_ns() - t0)
    t.sort()
    print("%.0f %.0f" % (t[len(t) // 2] / 1000, t[len(t) * 99 // 100] / 1000))
    os.write(master, b"\x04")
else:
    total, first = 0, None
    while True:
        try:
            b = os.read(master, 65536)
        except OSError:
            break
        if not b:
            break
        if first is None:
            first = time.perf_counter()
        total += len(b)
    print("%d %.3f" % (total, time.perf_counter() - first))
os.close(master)
os.waitpid(pid, 0)

#!/usr/bin/env python3
"""submit.py SOCKET N CONC: N submissions of /bin/true to dinit's socket,
CONC clients at once (processes, each N/CONC in a row).  Each latency runs
from before connect() to the end of the "ok PID" line.  Prints one line:
"n errors wall_s per_s p50_us p90_us p99_us mean_us"."""
import os
import socket
import sys
import time

REQ = b"-r /bin/true\n"


def submit(path):
    t = time.perf_counter_ns()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        s.sendall(REQ)
        reply = b""
        while not reply.endswith(b"\n"):
            chunk = s.recv(64)
            if not chunk:
                break
            reply += chunk
    return time.perf_counter_ns() - t, reply.startswith(b"ok ")


def worker(path, n, go, out):
    os.read(go, 1)              # start together
    with os.fdopen(out, "w") as f:
        for _ in range(n):
            ns, ok = submit(path)
            f.write(f"{ns} {int(ok)}\n")


def main():
    path, n, conc = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    go_r, go_w = os.pipe()
    pipes, pids = [], []
    for k in range(conc):
        r, w = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(r)
            os.close(go_w)
            worker(path, n // conc + (k < n % conc), go_r, w)
            os._exit(0)
        os.close(w)
        pipes.append(r)
        pids.append(pid)
    t0 = time.perf_counter()
    os.close(go_w)              # EOF: go
    lines = []
    for r in pipes:
        with os.fdopen(r) as f:
            lines += f.read().split("\n")
    for pid in pids:
        os.waitpid(pid, 0)
    wall = time.perf_counter() - t0
    res = [tuple(map(int, x.split())) for x in lines if x]
    lat = sorted(ns / 1000 for ns, ok in res)
    errors = sum(1 for ns, ok in res if not ok)

    def pct(p):
        return lat[max(0, -(-len(lat) * p // 100) - 1)]
    print(f"{len(res)} {errors} {wall:.3f} {len(res) / wall:.0f} "
          f"{pct(50):.0f} {pct(90):.0f} {pct(99):.0f} "
          f"{sum(lat) / len(lat):.0f}")


if __name__ == "__main__":
    main()

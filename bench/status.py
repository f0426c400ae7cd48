#!/usr/bin/env python3
"""status.py SOCKET N [RUNNING [FORMAT]]: first RUNNING submissions of a
long sleep (default 0: those running already stay), then N listings of
FORMAT (text: -status, json: -status -json; default both), one at a time.  Each latency runs from before connect()
to the end of the listing (the server's close).  Prints one line a
format: "format n errors lines p50_us p90_us p99_us mean_us"."""
import socket
import sys
import time


def ask(path, line):
    t = time.perf_counter_ns()
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as s:
        s.connect(path)
        s.sendall(line)
        s.shutdown(socket.SHUT_WR)
        reply = []
        while True:
            chunk = s.recv(65536)
            if not chunk:
                break
            reply.append(chunk)
    return time.perf_counter_ns() - t, b"".join(reply)


def main():
    path, n = sys.argv[1], int(sys.argv[2])
    running = int(sys.argv[3]) if len(sys.argv) > 3 else 0
    only = sys.argv[4] if len(sys.argv) > 4 else None
    for _ in range(running):
        _, reply = ask(path, b"-r sleep 100000\n")
        if not reply.startswith(b"ok "):
            sys.exit(f"submission refused: {reply!r}")
    for fmt, line in (("text", b"-status\n"), ("json", b"-status -json\n")):
        if n == 0 or only not in (None, fmt):
            continue
        lat, errors, lines = [], 0, 0
        for _ in range(n):
            ns, reply = ask(path, line)
            lat.append(ns / 1000)
            errors += b"\nerror " in b"\n" + reply
            lines = reply.count(b"\n")
        lat.sort()

        def pct(p):
            return lat[max(0, -(-len(lat) * p // 100) - 1)]
        print(f"{fmt} {n} {errors} {lines} {pct(50):.0f} {pct(90):.0f} "
              f"{pct(99):.0f} {sum(lat) / len(lat):.0f}", flush=True)


if __name__ == "__main__":
    main()

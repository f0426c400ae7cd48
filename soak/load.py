# load.py KIND NAME SEED: one client of the soak, run inside its
# namespace as whatever uid runs it.  Until /tmp/w/stop exists it makes
# requests of KIND and appends one record a request to /tmp/w/rec/NAME:
# start and end (time.time()), kind, id, outcome, answer.  Outcomes:
#   ok        dinit said ok: the command's marker must hold one line
#   refused   dinit said error: it must have no marker
#   cut       no answer: sockd or fork failed in that moment (soak.py
#             checks the moment); a marker holds at most one line
#   signalled a -wait command killed by a signal the soak sent PID 1,
#             which passes them on to every command: at most one line
#   killed    the soak killed the client: at most one line
#   partial   the client left mid-line: no marker
#   client    the client itself failed (out of fds): an error, no marker
#   control   -status, -signal and -kill of a submission answered right
#             (control() says how); control-bad: one was not
# Submitted commands mark /tmp/w/mark/ID by appending a line.
import os, random, signal, socket, struct, subprocess, sys, time

SOCK, DINIT = "/tmp/dinit.sock", "/mnt/dinit"
MARK = 'echo ran >>/tmp/w/mark/$0'
kind = name = rnd = rec = None
seq = 0


def next_id():
    global seq
    seq += 1
    return "%s-%d" % (name, seq)


def record(t0, rid, outcome, answer):
    rec.write("%.3f\t%.3f\t%s\t%s\t%s\t%s\n" % (t0, time.time(), kind, rid,
        outcome, answer.strip().replace("\n", " | ").replace("\t", " ")))
    rec.flush()


def ask(line, path=SOCK):
    """The answer to LINE as one string; None for none at all.  (soak.py
    asks with it too.)"""
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.settimeout(40)
    b = b""
    try:
        s.connect(path)
        s.sendall(line.encode())
        s.shutdown(socket.SHUT_WR)
        while True:
            k = s.recv(4096)
            if not k:
                break
            b += k
    except OSError:
        pass
    s.close()
    return b.decode(errors="replace") if b else None


def verdict(answer):
    if answer is None:
        return "cut"
    if answer.startswith("ok "):
        return "ok"
    if answer.startswith("error "):
        return "refused"
    return "cut"


def marked(cmd, rid):
    return '-r /bin/sh -c "%s%s" %s\n' % (MARK, cmd, rid)


def detached():
    """A plain submission, answered ok or error."""
    rid = next_id()
    t0 = time.time()
    a = ask(marked("", rid))
    record(t0, rid, verdict(a), a or "")


def wait():
    """dinit -submit -wait: exit 0 ran, 125 with 'error' refused, 128+N
    killed by a forwarded HUP or USR1."""
    rid = next_id()
    t0 = time.time()
    p = subprocess.run([DINIT, "-submit", "-wait", "-r", "/bin/sh", "-c",
        MARK + "; sleep 0.%d" % rnd.randint(0, 3), rid],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, timeout=60)
    err = p.stderr.decode(errors="replace")
    if p.returncode == 0:
        outcome = "ok"
    elif p.returncode == 125 and "error unavailable" in err:
        # What the client says whenever sockd hangs up before "ok",
        # even when sockd had passed the request on: it may have run.
        outcome = "cut"
    elif p.returncode == 125 and "error" in err:
        outcome = "refused"
    elif p.returncode in (128 + signal.SIGHUP, 128 + signal.SIGUSR1):
        outcome = "signalled"
    else:
        outcome = "cut"
    record(t0, rid, outcome, "exit %d %s" % (p.returncode, err))


def refused():
    """What the policy or the parser refuses, and bursts past the rate."""
    r = rnd.randint(0, 4)
    rid = next_id()
    t0 = time.time()
    if r == 0:
        a = ask('-r /bin/cat /tmp/w/mark/%s\n' % rid)
    elif r == 1:
        a = ask('-r /bin/sh -c "%s" %s %s\n' % (MARK, rid, "x" * 600))
    elif r == 2:
        a = ask('-u 0 ' + marked("", rid))
    elif r == 3:
        # A burst: past -submit-rate some are refused, the rest run.
        for i in range(60):
            detached()
        return
    else:
        detached()
        return
    record(t0, rid, "refused" if a and a.startswith("error ") else
        verdict(a), a or "")


def killer():
    """Clients that leave mid-request: mid-line, after the line, and a
    -wait client killed while its command runs."""
    r = rnd.randint(0, 2)
    rid = next_id()
    t0 = time.time()
    if r < 2:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.settimeout(10)
        line = marked("", rid).encode()
        # Cut within the quotes, whatever ends it then (EOF, a reset)
        # leaves no line that could run.
        q = line.index(b'"')
        if r == 0:
            line = line[:rnd.randint(q + 1, line.rindex(b'"'))]
        if rnd.randint(0, 1):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER,
                struct.pack("ii", 1, 0))
        try:
            s.connect(SOCK)
            s.sendall(line)
            time.sleep(rnd.random() * 0.05)
        except OSError:
            pass
        s.close()
        record(t0, rid, "partial" if r == 0 else "killed", "")
        return
    p = subprocess.Popen([DINIT, "-submit", "-wait", "-r", "/bin/sh", "-c",
        MARK + "; sleep 5", rid], stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.05 + rnd.random() * 0.5)
    p.kill()
    p.wait()
    record(t0, rid, "killed", "")


def orphans():
    """An orphan storm: 100 grandchildren left to PID 1 at once."""
    rid = next_id()
    t0 = time.time()
    a = ask(marked("; /mnt/orphans 100 >/dev/null", rid))
    record(t0, rid, verdict(a), a or "")
    time.sleep(0.5)


def fdless():
    """A -wait client with one fd to spare, too few for its socket and
    its bundle: it says why, and nothing runs."""
    rid = next_id()
    t0 = time.time()
    p = subprocess.run(["/bin/sh", "-c", 'ulimit -n 4; exec "$@"', "sh",
        DINIT, "-submit", "-wait", "-r", "/bin/sh", "-c", MARK, rid],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, timeout=60)
    err = p.stderr.decode(errors="replace")
    record(t0, rid, "client" if p.returncode != 0 and err else "ok",
        "exit %d %s" % (p.returncode, err))
    time.sleep(0.2)


def listed(pid):
    """The id of the submission of PID as -status lists it; None if it
    is not listed; False for no answer (the listing has its header
    line even when it lists nothing)."""
    a = ask("-status\n")
    if a is None or not a.startswith("ID "):
        return False
    for line in a.splitlines()[1:]:
        w = line.split()
        if len(w) > 2 and w[1] == pid and w[2] == "submission":
            return w[0]
    return None


def control():
    """Status and control of a submission of this uid: listed by
    -status, signalled by -signal, ended whole by -kill and then no
    longer listed.  Outcomes: "control" when each answer was right,
    "control-bad" naming the first that was not, "cut" for none at all
    (a fault's moment).  The command ignores the HUP and USR1 the soak
    forwards, so that only -kill ends it."""
    rid = next_id()
    t0 = time.time()
    a = ask(marked("; trap '' HUP USR1; exec sleep 60", rid))
    record(t0, rid, verdict(a), a or "")
    if verdict(a) != "ok":
        time.sleep(0.5)
        return
    pid = a.split()[1]
    # Marked before it is killed, so that "ok" ran exactly once: the
    # line written, not only the file made.  A forwarded HUP or USR1
    # may kill the shell before its trap: no mark then, and no listing
    # (soak.py finds that in the log).
    for _ in range(500):
        try:
            if os.path.getsize("/tmp/w/mark/" + rid) > 0:
                break
        except OSError:
            pass
        time.sleep(0.02)
    t0 = time.time()
    sid = listed(pid)
    if sid is False:
        record(t0, rid + "-c", "cut", "-status: no answer")
        return
    if sid is None:
        record(t0, rid + "-c", "control-bad", "-status: pid %s not "
            "listed" % pid)
        return
    for line, want in (("-signal %s CONT\n" % sid, "ok"),
            ("-kill %s\n" % sid, "ok")):
        b = ask(line)
        if b is None:
            record(t0, rid + "-c", "cut", line.strip() + ": no answer")
            return
        if b.strip() != want:
            record(t0, rid + "-c", "control-bad", "%s: %s" % (line.strip(),
                b.strip()))
            return
    # Ended whole: gone from the listing within a few seconds.
    for _ in range(100):
        sid2 = listed(pid)
        if sid2 is None:
            record(t0, rid + "-c", "control", "listed as %s, signalled, "
                "killed" % sid)
            return
        time.sleep(0.05)
    record(t0, rid + "-c", "control-bad", "still listed after -kill"
        if sid2 else "-status: no answer after -kill")


KINDS = {"detached": detached, "wait": wait, "refused": refused,
    "killer": killer, "orphans": orphans, "fdless": fdless,
    "control": control}

def main():
    global kind, name, rnd, rec
    kind, name, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
    rnd = random.Random(seed)
    rec = open("/tmp/w/rec/" + name, "a")
    signal.signal(signal.SIGPIPE, signal.SIG_IGN)
    while not os.path.exists("/tmp/w/stop"):
        KINDS[kind]()
        time.sleep(0.1 + rnd.random() * 0.2)


if __name__ == "__main__":
    main()

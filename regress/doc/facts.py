"""facts.py ROOT DINIT OPTS_DUMP: the flags as opts_table has them (the
dump of regress/doc/opts_dump) held against README.md's flag table,
dinit -h, and dinit.8's SYNOPSIS, OPTIONS and ENVIRONMENT: every name,
variable, default and range in each.  One line per fact that is missing
or differs; exit 1 if there is any."""

import re
import subprocess
import sys

root, dinit, dump = sys.argv[1:4]
problems = []


def problem(msg):
    problems.append(msg)


# The table: name -> dict.
opts = {}
for line in subprocess.run([dump], capture_output=True, text=True,
                           check=True).stdout.splitlines():
    name, env, kind, dflt, lo, hi, want, alias = line.split("\t")
    opts[name] = dict(env=None if env == "-" else env, kind=kind,
                      default=None if dflt == "-" else dflt,
                      lo=None if lo == "-" else int(lo),
                      hi=None if hi == "-" else int(hi),
                      want=want, alias=None if alias == "-" else alias)
# -r is not a flag of the table: the commands start there.
names = set(opts) | {"r"}
primary = {n for n in names if n == "r" or opts[n]["alias"] is None}


def numbers(n):
    """The ways the docs may write n: 1000000, 1,000,000."""
    return {str(n), "{:,}".format(n)}


def says(text, n):
    return any(re.search(r"(?<!\d)(?<!\d,)" + re.escape(s) + r"(?!\d|,\d)",
                         text)
               for s in numbers(n))


def compare(where, got, want):
    for n in sorted(want - got):
        problem("%s: no -%s" % (where, n))
    for n in sorted(got - want):
        problem("%s: -%s, which dinit does not take" % (where, n))


# README.md: the table under "| flag | env | default | meaning |".
readme = open(root + "/README.md").read().splitlines()
rows = {}
try:
    i = readme.index("| flag | env | default | meaning |") + 2
except ValueError:
    problem("README.md: no flag table")
    i = len(readme)
while i < len(readme) and readme[i].startswith("|"):
    cells = [c.strip() for c in readme[i].strip().strip("|").split("|")]
    if len(cells) != 4:
        problem("README.md: a row of the flag table without 4 cells: %s"
                % readme[i])
    else:
        for n in re.findall(r"`-([a-z][a-z-]*)", cells[0]):
            rows[n] = cells
    i += 1
compare("README.md's flag table", set(rows), names)
for n, cells in rows.items():
    if n not in opts:
        continue
    o = opts[n]
    env = re.findall(r"`([A-Z_]+)`", cells[1])
    if env != ([o["env"]] if o["env"] else []):
        problem("README.md: -%s's variable is %s, dinit's %s"
                % (n, env or "none", o["env"] or "none"))
    dflt = cells[2].replace("`", "")
    if o["default"] is not None and o["kind"] != "bool" and \
            dflt != o["default"]:
        problem("README.md: -%s's default is %r, dinit's %r"
                % (n, dflt, o["default"]))
    if o["kind"] == "bool" and o["default"] not in (None, dflt or None):
        problem("README.md: -%s's default is %r, dinit's %r"
                % (n, dflt, o["default"]))
    for k in ("lo", "hi"):
        if o[k] is not None and not says(cells[2] + " " + cells[3], o[k]):
            problem("README.md: -%s's row does not give its range's %s, %d"
                    % (n, k, o[k]))

# dinit -h.
usage = subprocess.run([dinit, "-h"], capture_output=True, text=True).stdout
compare("dinit -h", set(re.findall(r"(?:^|[\s\[|])-([a-z][a-z-]*)", usage,
                                   re.M)), primary)


# dinit.8.
def flags(line):
    """The flags an mdoc line names: Fl's arguments, up to the next macro."""
    out, on = [], False
    for w in line.lstrip(".").split():
        if w == "Fl":
            on = True
        elif re.fullmatch(r"[A-Z][a-z][a-z]?", w):
            on = False
        elif on and re.fullmatch(r"[a-z][a-z-]*", w):
            out.append(w)
    return out


man = open(root + "/dinit.8").read().splitlines()
sect, syn, items, envs, item = None, set(), {}, {}, None
for line in man:
    if line.startswith(".Sh "):
        sect, item = line[4:], None
        continue
    if sect == "SYNOPSIS":
        syn.update(flags(line))
    elif sect == "DESCRIPTION" and line.startswith(".It Fl "):
        item = flags(line)
        for n in item:
            items[n] = ""
    elif sect == "DESCRIPTION" and line.startswith((".It", ".El", ".Ss")):
        item = None
    elif sect == "DESCRIPTION" and item:
        for n in item:
            items[n] += line + "\n"
    elif sect == "ENVIRONMENT" and line.startswith(".It Ev "):
        item = line.split()[2]
        envs[item] = ""
    elif sect == "ENVIRONMENT" and item:
        envs[item] += line + "\n"
compare("dinit.8's SYNOPSIS", syn, primary)
compare("dinit.8's OPTIONS", set(items), names)
want_envs = {o["env"]: n for n, o in opts.items() if o["env"]}
for e in sorted(set(want_envs) - set(envs)):
    problem("dinit.8's ENVIRONMENT: no %s" % e)
for e, text in envs.items():
    if e in want_envs and "Fl " + want_envs[e] not in text:
        problem("dinit.8's ENVIRONMENT: %s does not name -%s"
                % (e, want_envs[e]))
    elif e not in want_envs and e != "GOMAXPROCS":
        problem("dinit.8's ENVIRONMENT: %s, which dinit does not read" % e)
for n, text in items.items():
    if n not in opts:
        continue
    o = opts[n]
    d = o["default"]
    if d is not None and d not in ("false", "0600") and \
            not re.search(r"(?<![\w.-])%s(?![\w.-])" % re.escape(d), text) \
            and not (d == "10s" and "10 seconds" in text):
        problem("dinit.8: -%s does not give its default, %s" % (n, d))
    if d == "0600" and "0600" not in text:
        problem("dinit.8: -%s does not give its default, %s" % (n, d))
    for k in ("lo", "hi"):
        if o[k] is not None and not says(text, o[k]):
            problem("dinit.8: -%s does not give its range's %s, %d"
                    % (n, k, o[k]))

# The error for a bad value gives the range too.
for n, o in opts.items():
    if o["hi"] is not None and not says(o["want"], o["hi"]):
        problem("dinit -%s: its error (%r) does not give the range's top, %d"
                % (n, o["want"], o["hi"]))

for p in problems:
    print(p)
sys.exit(1 if problems else 0)

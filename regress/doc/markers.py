"""markers.py ROOT: every block of commands, files or output in
README.md, dinit.8 and examples/ is marked as an example (see
regress/doc/example.sh), every name is marked once in its file, and a
test under regress/ runs every one of them, i.e. calls
regress/doc/example.sh with its file and name.  One line per fault;
exit 1 if there is any."""

import glob
import os
import re
import sys

root = sys.argv[1]
faults = []


def markdown(path):
    """The names of the marked blocks; a fault for each unmarked one."""
    names, prev, fenced, last = [], "", False, ""
    for n, line in enumerate(open(path).read().split("\n"), 1):
        if line.startswith("```"):
            if not fenced:
                m = re.fullmatch(r"<!-- example: (\S+) -->", prev)
                if m:
                    names.append(m.group(1))
                else:
                    faults.append("%s:%d: a block without a marker"
                                  % (path, n))
            fenced = not fenced
        elif not fenced and prev == "" and line.startswith("    ") and \
                not re.match(r"\s*([-*]|\d+\.)\s|\s", last):
            # An indented code block: it cannot be marked; fence it.
            faults.append("%s:%d: an indented block (fence and mark it)"
                          % (path, n))
        if line != "":
            last = line if not fenced else last
        prev = line
    return names


def preceded(path, starts, marker, what):
    """The names of the blocks that start where starts(line, prev) says,
    each after its marker line; a fault for each without one."""
    names, prev = [], ""
    for n, line in enumerate(open(path).read().split("\n"), 1):
        if starts(line, prev):
            m = re.fullmatch(marker, prev)
            if m:
                names.append(m.group(1))
            else:
                faults.append("%s:%d: %s without a marker" % (path, n, what))
        prev = line
    return names


def mdoc(path):
    for n, line in enumerate(open(path).read().split("\n"), 1):
        if line.startswith((".Dl ", ".D1 ")):
            faults.append("%s:%d: a .Dl or .D1 display (make it a marked "
                          ".Bd -literal)" % (path, n))
    return preceded(path, lambda l, p: l.startswith(".Bd -literal"),
                    r'\.\\" example: (\S+)', "a .Bd -literal")


def comments(path):
    """examples/: the "#<TAB>" comment blocks, each after its marker."""
    return preceded(path, lambda l, p: l.startswith("#\t") and
                    not p.startswith("#\t"), r"# example: (\S+)", "commands")


pages = {"README.md": markdown, "dinit.8": mdoc}
for p in sorted(glob.glob(os.path.join(root, "examples", "*"))):
    pages[os.path.relpath(p, root)] = comments
marked = {}
for page, fn in pages.items():
    names = fn(os.path.join(root, page))
    for n in sorted(set(names)):
        if names.count(n) > 1:
            faults.append("%s: %s marked %d times" % (page, n,
                                                       names.count(n)))
    marked[page] = set(names)

# The examples the tests run: example.sh FILE NAME, with FILE a path or a
# shell word whose last part names the page.
run = set()
call = re.compile(r"""example\.sh["']?\s+(\S+)\s+["']?([\w.:-]+)""")
for t in glob.glob(os.path.join(root, "regress", "**", "*"),
                   recursive=True):
    if not os.path.isfile(t) or t.endswith("/doc/example.sh") or \
            not t.endswith((".sh", ".c", ".py")):
        continue
    for m in call.finditer(open(t, errors="replace").read()):
        f, name = m.group(1).strip("\"'"), m.group(2)
        for page in pages:
            if f.endswith(page) or f.endswith(os.path.basename(page)):
                run.add((page, name))
for page in pages:
    for n in sorted(marked[page]):
        if (page, n) not in run:
            faults.append("%s: example %s is run by no test" % (page, n))

for f in faults:
    print(f)
sys.exit(1 if faults else 0)

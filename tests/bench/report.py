#!/usr/bin/env python3
"""The benchmark table: every figure the benchmarks print, beside its budget, in docs/benchmarks.md.

Each benchmark prints lines `[where] what: value (budget B)` (where: native, wasm, browser,
startup). run_all() runs them, passing their output through, and write() turns the lines into
a Markdown table with the command, the date, the commit and the machine. Figures are for
comparison on one machine; nothing here fails on a budget.
"""
import datetime
import os
import platform
import re
import subprocess
import sys

LINE = re.compile(r"^\[(native|wasm|browser|startup)\] (.+): (.+)$")
BUDGET = re.compile(r"\s*\(budget ([^()]*(?:\([^()]*\)[^()]*)*)\)")


def run(cmd, lines, **kw):
    """Runs cmd, echoing its output, and keeps the figure lines."""
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, **kw)
    for line in proc.stdout:
        sys.stdout.write(line)
        sys.stdout.flush()
        if LINE.match(line.rstrip("\n")):
            lines.append(line.rstrip("\n"))
    return proc.wait()


NUMBER = re.compile(r"([\d.]+)\s*(ms|s|MiB|MB|KB|%|x)?\b")


def over_budget(value, budget):
    """True when the value's first figure is above the budget's first, in the same unit (the
    median where a line gives "median; max"). A budget without a number (none, -) is never over."""
    b = NUMBER.search(budget.replace("<=", "").replace("<", ""))
    v = NUMBER.search(value)
    if not b or not v or b.group(2) != v.group(2):
        return False
    try:
        return float(v.group(1)) > float(b.group(1))
    except ValueError:
        return False


def row(line):
    where, what, rest = LINE.match(line).groups()
    budget = ""
    m = BUDGET.search(rest)
    if m:
        budget = m.group(1)
        rest = (rest[:m.start()] + rest[m.end():]).strip()
    over = "OVER" in budget or over_budget(rest, budget)
    esc = lambda s: s.replace("|", "\\|")
    return f"| {where} | {esc(what)} | {esc(rest)} | {esc(budget)}{' **(over)**' if over else ''} |"


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            cpu = next((l.split(":", 1)[1].strip() for l in f if l.startswith("model name")), "")
    except OSError:
        pass
    mem = ""
    try:
        with open("/proc/meminfo") as f:
            kb = int(next(l for l in f if l.startswith("MemTotal")).split()[1])
            mem = f", {kb / 1024 / 1024:.0f} GiB"
    except (OSError, StopIteration, ValueError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, {platform.system()} {platform.release()}"


def write(lines, path, command, root, seconds):
    commit = subprocess.run(["git", "-C", root, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "-C", root, "status", "--porcelain", "--untracked-files=no"], capture_output=True,
                           text=True).stdout.strip()
    out = [
        "# Benchmarks",
        "",
        f"Made by `{command}` on {datetime.datetime.now().strftime('%Y-%m-%d %H:%M')} from commit {commit}"
        f"{' with uncommitted changes' if dirty else ''}, in {seconds / 60:.0f} min, on {machine()}.",
        "Every figure of one run, each beside its budget (the issue \"Proof at scale\" and the README",
        "set them). Figures compare builds on one machine; no test fails on them. `native` is the",
        "Release build, `wasm` the same code under Node, `browser` the app in headless Chromium",
        "(software GL), `startup` the first visit against the bare Dear ImGui 1.86 demo.",
        "",
        "| where | figure | value | budget |",
        "|---|---|---|---|",
    ]
    out += [row(l) for l in lines]
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")
    print(f"[bench] {len(lines)} figures written to {os.path.relpath(path, root)}")


if __name__ == "__main__":
    # python3 tests/bench/report.py LOG OUT: the table again from a run's saved output (the
    # lines of one run only; the header says when the table was made, not when it was run).
    lines = [l.rstrip("\n") for l in open(sys.argv[1]) if LINE.match(l.rstrip("\n"))]
    root = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))
    write(lines, os.path.abspath(sys.argv[2]), "python3 tests/run.py --only none --bench", root, 0)

#!/usr/bin/env python3
"""Build everything and run every test: python3 tests/run.py

Sets up what is missing (see serve.py), builds the native tests with AddressSanitizer and
UndefinedBehaviorSanitizer and the wasm app, then runs:
  unit  native doctest suite (src/core, src/io, src/storage)
  ui    the dashboard drawn headless by Dear ImGui (native)
  e2e   the built app in headless Chromium, driven by real mouse and keyboard events
and ends with one line `N passed, N failed`. Exit status 0 only when nothing failed.

Options: --only unit,ui,e2e   run a subset (--only none: just the benchmarks);   --bench   also run
the benchmarks (Release build, natively, in wasm under Node and in headless Chromium), print each
figure beside its budget and write them all to docs/benchmarks.md (tests/bench/report.py);
--soak N   the soak with N random actions instead of the short one (KOLO_SOAK_SEED picks the seed).
"""
import os
import re
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))
import serve  # noqa: E402  (the set-up and build steps live there, shared with the app server)

DOCTEST_LINE = re.compile(r"\[doctest\] test cases:\s*(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed")
E2E_LINE = re.compile(r"^e2e: (\d+) passed, (\d+) failed", re.M)


def run_doctest(binary):
    proc = subprocess.run([binary, "--no-colors=true"], capture_output=True, text=True)
    sys.stdout.write(proc.stdout[-20000:])
    sys.stderr.write(proc.stderr[-20000:])
    m = DOCTEST_LINE.search(proc.stdout)
    if not m:  # crashed before reporting: count the whole binary as one failure
        print(f"[kolo] {os.path.basename(binary)} ended with status {proc.returncode} and no summary")
        return 0, 1
    passed, failed = int(m.group(2)), int(m.group(3))
    if proc.returncode != 0 and failed == 0:
        failed = 1  # a sanitizer report after the last test, for instance
    return passed, failed


def run_e2e():
    env = dict(os.environ)
    proc = subprocess.run(["node", os.path.join(HERE, "e2e", "run.mjs")], env=env, cwd=os.path.join(HERE, "e2e"),
                          capture_output=True, text=True)
    sys.stdout.write(proc.stdout)
    sys.stderr.write(proc.stderr[-20000:])
    m = E2E_LINE.search(proc.stdout)
    if not m:
        print(f"[kolo] e2e runner ended with status {proc.returncode} and no summary")
        return 0, 1
    return int(m.group(1)), int(m.group(2))


def main(argv):
    only = None
    if "--only" in argv:
        only = set(argv[argv.index("--only") + 1].split(","))
    if "--soak" in argv:  # the long soak alone
        only = {"e2e"}
        os.environ["KOLO_SOAK_ACTIONS"] = argv[argv.index("--soak") + 1]
        os.environ["KOLO_E2E_FILTER"] = "soak:"
    want = lambda suite: only is None or suite in only  # noqa: E731
    started = time.time()
    bench_wanted = "--bench" in argv
    serve.setup(web=want("e2e") or want("ui") or bench_wanted, e2e=want("e2e") or bench_wanted)
    totals = [0, 0]
    results = []

    def add(name, pf):
        results.append((name, *pf))
        totals[0] += pf[0]
        totals[1] += pf[1]

    if want("unit") or want("ui"):
        native = serve.build_native()
        if want("unit"):
            add("unit", run_doctest(os.path.join(native, "kolo_unit_tests")))
        if want("ui") and os.path.exists(os.path.join(native, "kolo_ui_tests")):
            add("ui", run_doctest(os.path.join(native, "kolo_ui_tests")))
    if want("e2e"):
        serve.build_wasm()
        add("e2e", run_e2e())
    if "--bench" in argv:
        # Every figure, printed beside its budget and written to docs/benchmarks.md.
        sys.path.insert(0, os.path.join(HERE, "bench"))
        import report  # noqa: E402
        bench_started = time.time()
        bench = serve.build_bench()
        big = os.path.join(bench, "kolo-10k.json")
        map_file = os.path.join(bench, "kolo-map-2k.json")
        figures = []
        # The page's network: 10,000 partners, 30,000 services, 100,000 logged contacts (seed 1).
        report.run([os.path.join(bench, "kolo_bench"), "--write-synthetic", f"10000:1:{big}", "--write-map", map_file], figures)
        report.run(["node", "--no-experimental-fetch", os.path.join(serve.BUILD, "wasm", "kolo_bench_wasm.js")], figures)
        serve.ensure_npm()
        report.run(["node", os.path.join(HERE, "bench", "page.mjs"), big, "--map", map_file], figures)
        # Team sync on loopback: one edit between two devices, and the first sync of that network.
        report.run(["node", os.path.join(HERE, "bench", "sync.mjs"), big], figures)
        # The passphrase lock at that size: turning it on, a locked start, a save under it.
        report.run(["node", os.path.join(HERE, "bench", "lock.mjs"), big], figures)
        # Download size, and the first frame side by side with the bare Dear ImGui demo.
        report.run([sys.executable, os.path.join(HERE, "bench", "startup.py")], figures)
        report.write(figures, os.path.join(serve.ROOT, "docs", "benchmarks.md"), "python3 tests/run.py " + " ".join(argv),
                     serve.ROOT, time.time() - bench_started)

    print()
    for name, p, f in results:
        print(f"  {name:5s} {p:4d} passed, {f} failed")
    print(f"  ({time.time() - started:.0f} s)")
    print(f"{totals[0]} passed, {totals[1]} failed")
    return 0 if totals[1] == 0 and (totals[0] > 0 or only == {"none"}) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

#!/usr/bin/env python3
"""Start-up figures of the web app, printed next to their budgets (never pass/fail):

  - download size: web/kolo.wasm and web/kolo.js, raw and gzip -9;
  - navigation to the first drawn frame, Kolo against the bare Dear ImGui 1.86 demo built here
    with the same emcc and SDL2, alternated in one run, a fresh browser profile each time
    (tests/bench/first_frame.mjs measures; this file builds the peer and prints).

    python3 tests/bench/startup.py [--runs N]     after a build (python3 serve.py --build)

tests/run.py --bench calls run(); a larger benchmark can call the pieces: build_imgui_demo(),
size_figures(), first_frame_figures(). Each figure is also returned as a dict
{what, value, unit, budget, ok}, so a caller can write them into a table.
"""
import concurrent.futures
import gzip
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, ROOT)
import serve  # noqa: E402  (paths, the cached sources and SDL2, the tool environment)

DEMO_BUILD = os.path.join(serve.BUILD, "imgui-demo")
DEMO_WEB = os.path.join(DEMO_BUILD, "web")

KB = 1000
BUDGETS = {  # issue "A house for ten features", item 10
    "kolo.wasm raw": 1500 * KB, "kolo.wasm gzip -9": 500 * KB,
    "first frame ratio": 1.0,
}

# Dear ImGui's example as its Makefile builds it (-Os, no exception catching, no file system,
# so no font files: it draws with ImGui's built-in font), with two changes: our SDL2 instead of
# -sUSE_SDL=2 (Emscripten's port downloads, which these machines cannot), and the link also at
# -Os (the Makefile links unoptimised, with -sASSERTIONS=1: a slower peer would flatter Kolo).
DEMO_SOURCES = ["examples/example_emscripten_opengl3/main.cpp", "imgui.cpp", "imgui_demo.cpp", "imgui_draw.cpp",
                "imgui_tables.cpp", "imgui_widgets.cpp", "backends/imgui_impl_sdl.cpp",
                "backends/imgui_impl_opengl3.cpp"]


def _demo_flags():
    imgui = serve.source_dir("imgui")
    sdl = serve.sdl_prefix()
    compile_flags = ["-Os", "-Wall", "-Wformat", "-sDISABLE_EXCEPTION_CATCHING=1", "-DIMGUI_DISABLE_FILE_FUNCTIONS",
                     f"-I{imgui}", f"-I{imgui}/backends", f"-I{sdl}/include/SDL2",
                     "-include", os.path.join(HERE, "imgui_demo_sdl.h")]
    link_flags = ["-Os", "-sUSE_SDL=0", "-sWASM=1", "-sALLOW_MEMORY_GROWTH=1", "-sNO_EXIT_RUNTIME=0",
                  "-sNO_FILESYSTEM=1", "-sDISABLE_EXCEPTION_CATCHING=1", "-sMINIFY_HTML=0",
                  "--shell-file", f"{imgui}/examples/example_emscripten_opengl3/shell_minimal.html",
                  os.path.join(sdl, "lib", "libSDL2.a")]
    return compile_flags, link_flags


def build_imgui_demo():
    """Builds ImGui 1.86's examples/example_emscripten_opengl3 into build/imgui-demo/web/
    (index.html, index.js, index.wasm); incremental. Returns the web folder."""
    serve.ensure_sources()
    serve.ensure_sdl_wasm()
    imgui = serve.source_dir("imgui")
    compile_flags, link_flags = _demo_flags()
    os.makedirs(DEMO_WEB, exist_ok=True)
    env = serve.tool_env()
    stamp = os.path.join(DEMO_BUILD, "flags.json")
    want = json.dumps([compile_flags, link_flags])
    same_flags = os.path.isfile(stamp) and open(stamp).read() == want
    objects, todo = [], []
    for src in DEMO_SOURCES:
        path = os.path.join(imgui, src)
        obj = os.path.join(DEMO_BUILD, os.path.basename(src).replace(".cpp", ".o"))
        objects.append(obj)
        deps = [path, os.path.join(HERE, "imgui_demo_sdl.h")]
        if not (same_flags and os.path.isfile(obj) and all(os.path.getmtime(obj) >= os.path.getmtime(d) for d in deps)):
            todo.append((path, obj))

    def compile_one(job):
        serve.run(["em++", *compile_flags, "-c", job[0], "-o", job[1]], env=env)

    with concurrent.futures.ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(compile_one, todo))
    out = os.path.join(DEMO_WEB, "index.html")
    if todo or not same_flags or not os.path.isfile(out):
        serve.run(["em++", *objects, "-o", out, *link_flags], env=env)
    with open(stamp, "w") as fh:
        fh.write(want)
    return DEMO_WEB


def _figure(what, value, unit, budget=None, ok=None, note=""):
    return {"what": what, "value": value, "unit": unit, "budget": budget, "ok": ok, "note": note}


def print_figure(f):
    def fmt(x):
        return f"{x:.2f}" if f["unit"] == "x" else f"{x:.0f} {f['unit']}"
    budget = ""
    if f["budget"] is not None:
        budget = f" (budget {'<=' if f['unit'] == 'x' else '<'} {fmt(f['budget'])}{'' if f['ok'] else ': OVER'})"
    value = fmt(f["value"])
    note = f"  [{f['note']}]" if f["note"] else ""
    print(f"[startup] {f['what']}: {value}{budget}{note}", flush=True)


def size_figures(web=serve.WEB):
    """Raw and gzip -9 sizes of what a first visit downloads."""
    figures = []
    for name in ["kolo.wasm", "kolo.js"]:
        path = os.path.join(web, name)
        if not os.path.isfile(path):
            continue
        data = open(path, "rb").read()
        packed = len(gzip.compress(data, 9))
        for kind, n in [("raw", len(data)), ("gzip -9", packed)]:
            budget = BUDGETS.get(f"{name} {kind}")
            figures.append(_figure(f"{name} {kind}", n / KB, "KB", budget and budget / KB,
                                   None if budget is None else n < budget))
    demo = os.path.join(DEMO_WEB, "index.wasm")
    if os.path.isfile(demo):
        data = open(demo, "rb").read()
        figures.append(_figure("ImGui demo index.wasm raw / gzip -9 (for comparison)", len(data) / KB, "KB",
                               note=f"{len(gzip.compress(data, 9)) / KB:.0f} KB gzipped"))
    return figures


def first_frame_figures(runs=9, web=serve.WEB):
    """Navigation to the first drawn WebGL frame, Kolo and the ImGui demo alternated `runs`
    times each with a fresh profile; medians and their ratio."""
    demo = build_imgui_demo()
    serve.ensure_npm()
    proc = subprocess.run(["node", os.path.join(HERE, "first_frame.mjs"), "--kolo", web, "--demo", demo,
                           "--runs", str(runs), "--json"], capture_output=True, text=True)
    sys.stderr.write(proc.stderr[-4000:])
    if proc.returncode != 0:
        print(f"[startup] first-frame measurement failed (status {proc.returncode})")
        return []
    r = json.loads(proc.stdout.strip().splitlines()[-1])
    ratio = r["kolo"]["median"] / r["demo"]["median"]
    n = f"median of {runs}, fresh profile, alternated"
    return [
        _figure("navigation -> first drawn frame, Kolo", r["kolo"]["median"], "ms",
                note=f"{n}; samples {' '.join(str(round(x)) for x in r['kolo']['samples'])}"),
        _figure("navigation -> first drawn frame, ImGui 1.86 demo", r["demo"]["median"], "ms",
                note=f"{n}; samples {' '.join(str(round(x)) for x in r['demo']['samples'])}"),
        _figure("first frame ratio Kolo / ImGui demo", ratio, "x", BUDGETS["first frame ratio"],
                ratio <= BUDGETS["first frame ratio"]),
        _figure("navigation -> kolo.ready (first frame and storage loaded), fresh profile", r["kolo"]["ready_median"],
                "ms", note=n + "; tests/bench/page.mjs holds it to its budget"),
    ]


def run(runs=9):
    """Builds the peer, measures, prints every figure; returns the figures."""
    try:
        figures = first_frame_figures(runs)
    except subprocess.CalledProcessError as e:  # the peer did not build: say so, keep going
        print(f"[startup] first-frame figures skipped: {e}")
        figures = []
    figures += size_figures()
    for f in figures:
        print_figure(f)
    return figures


if __name__ == "__main__":
    argv = sys.argv[1:]
    run(int(argv[argv.index("--runs") + 1]) if "--runs" in argv else 9)

#!/usr/bin/env python3
"""Kolo's one driver: set up what is missing, build, and serve the app.

    python3 serve.py            set up if needed, build the web app, serve web/ on 127.0.0.1:8000
    python3 serve.py --build    the same without serving
    python3 tests/run.py        set up, build native and wasm, run every test (imports this file)

Set-up is idempotent and quick when nothing is missing:
  - Debian packages through apt (emscripten, chromium, header-only libraries, a Cyrillic font);
  - the Debian *source* packages of Dear ImGui 1.86, SDL2 2.26.5 and libcsv 3.0.3, unpacked
    into a cache;
  - SDL2 built for wasm once per machine and cached (Emscripten's own SDL2 port downloads
    from the internet, which these machines cannot reach);
  - npm packages of the e2e tests from the committed lockfile.
The cache lives in $KOLO_CACHE (default ~/.cache/kolo), outside any clone, so a fresh clone
reuses it. Nothing third-party is committed to the repository.
"""
import functools
import glob
import hashlib
import http.server
import os
import shutil
import subprocess
import sys
import tarfile

ROOT = os.path.dirname(os.path.abspath(__file__))
CACHE = os.environ.get("KOLO_CACHE", os.path.join(os.path.expanduser("~"), ".cache", "kolo"))
BUILD = os.path.join(ROOT, "build")
WEB = os.path.join(ROOT, "web")

APT_PACKAGES = [
    "cmake", "ninja-build", "g++", "python3",
    "emscripten",            # 3.1.6: emcc, em++, emcmake (clang-14, lld-14, binaryen, node-acorn)
    "nlohmann-json3-dev",    # 3.11.2, header-only
    "doctest-dev",           # 2.4.9, header-only
    "fonts-dejavu-core",     # the UI font, with Cyrillic; embedded at build time
    "fonttools",             # pyftsubset: embed only the glyphs the UI can show
    "chromium",              # the browser the e2e tests drive
    "dpkg-dev",              # apt-get source unpacks with dpkg-source
    "python3-icalendar",     # 4.0.3: the independent parser the tests read every .ics Kolo writes with
    "python3-vobject",       # 0.9.6.1: ... and every .vcf (tests/vcard/check_vcard.py)
    "python3-jsonschema",    # 4.10.3: validates every HSDS file against the official schema
    "python3-rfc3987",       # 1.3.8: ... with its "uri" format checked (tests/hsds/validate_hsds.py)
]
SOURCES = {  # Debian source package -> (upstream version, folder inside the orig tarball)
    "imgui": ("1.86", "imgui-1.86"),
    "libsdl2": ("2.26.5", "SDL2-2.26.5"),
    "libcsv": ("3.0.3", "libcsv-3.0.3"),  # the CSV reader and writer of every build (src/io/csv.hpp)
}
# A dashboard needs video, events and timers; the rest of SDL only costs build time and bytes.
SDL_OFF = ["AUDIO", "JOYSTICK", "HAPTIC", "HIDAPI", "POWER", "SENSOR", "THREADS", "RENDER",
           "LOADSO", "FILESYSTEM", "LOCALE", "MISC", "TEST", "SHARED"]
# Compiled for size and without SDL's software blitters, RLE and YUV code (SDL_LEAN_AND_MEAN):
# the app draws with WebGL only, and those were ~235 KB of its wasm (README, Figures).
SDL_CMAKE = ["-DCMAKE_BUILD_TYPE=MinSizeRel", "-DCMAKE_C_FLAGS=-DSDL_LEAN_AND_MEAN=1"]
FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"


def log(msg):
    print(f"[kolo] {msg}", flush=True)


def run(cmd, **kw):
    log("$ " + " ".join(cmd))
    subprocess.run(cmd, check=True, **kw)


def tool_env():
    env = dict(os.environ)
    # The machine's Node is not Debian's; Debian's emscripten needs Debian's acorn.
    env["NODE_PATH"] = "/usr/share/nodejs" + (os.pathsep + env["NODE_PATH"] if env.get("NODE_PATH") else "")
    return env


# ---------------------------------------------------------------------------------------------
# Set-up
# ---------------------------------------------------------------------------------------------

def missing_apt(packages):
    out = subprocess.run(["dpkg-query", "-W", "-f=${Package} ${db:Status-Status}\n", *packages],
                         capture_output=True, text=True).stdout
    installed = {line.split()[0] for line in out.splitlines() if line.endswith(" installed")}
    return [p for p in packages if p not in installed]


def ensure_apt(packages):
    need = missing_apt(packages)
    if shutil.which("npm") is None:
        need += ["nodejs", "npm"]
    if not need:
        return
    if os.geteuid() != 0:
        sys.exit(f"[kolo] missing Debian packages {' '.join(need)}: run as root, or install them")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["apt-get", "update", "-qq"], env=env)
    run(["apt-get", "install", "-y", "-qq", "--no-install-recommends", *need], env=env)


def source_dir(name):
    version, folder = SOURCES[name]
    return os.path.join(CACHE, "src", folder)


def ensure_sources(names=None):
    """Unpack the Debian source packages named (all of SOURCES by default) into the cache (once)."""
    todo = [n for n in (names or SOURCES) if not os.path.isfile(os.path.join(source_dir(n), ".kolo-unpacked"))]
    if not todo:
        return
    work = os.path.join(CACHE, "apt-src")
    parts, lists = os.path.join(work, "parts"), os.path.join(work, "lists")
    os.makedirs(os.path.join(lists, "partial"), exist_ok=True)
    os.makedirs(parts, exist_ok=True)
    # The same archive the machine already uses, as deb-src: read it from the machine's own
    # apt configuration rather than naming a host here.
    sources = []
    for f in glob.glob("/etc/apt/sources.list.d/*.sources"):
        with open(f) as fh:
            sources.append(fh.read().replace("Types: deb\n", "Types: deb-src\n"))
    with open(os.path.join(parts, "debsrc.sources"), "w") as fh:
        fh.write("\n\n".join(sources))
    legacy = ""
    if os.path.isfile("/etc/apt/sources.list"):
        with open("/etc/apt/sources.list") as fh:
            legacy = "".join(l.replace("deb ", "deb-src ", 1) for l in fh if l.startswith("deb "))
    with open(os.path.join(work, "sources.list"), "w") as fh:
        fh.write(legacy)
    opts = ["-o", f"Dir::Etc::SourceList={os.path.join(work, 'sources.list')}",
            "-o", f"Dir::Etc::SourceParts={parts}", "-o", f"Dir::State::Lists={lists}"]
    ensure_apt(["dpkg-dev"])
    run(["apt-get", *opts, "update", "-qq"])
    dl = os.path.join(work, "dl")
    os.makedirs(dl, exist_ok=True)
    for name in todo:
        version, folder = SOURCES[name]
        run(["apt-get", *opts, "source", "--download-only", name], cwd=dl)
        tarballs = [t for t in glob.glob(os.path.join(dl, f"{name}_{version}*.orig.tar.*"))
                    if not t.endswith(".asc")]
        if not tarballs:
            sys.exit(f"[kolo] no {name} {version} orig tarball in {dl}: the archive serves another version")
        dest = os.path.join(CACHE, "src")
        os.makedirs(dest, exist_ok=True)
        shutil.rmtree(source_dir(name), ignore_errors=True)
        with tarfile.open(tarballs[0]) as tf:
            tf.extractall(dest)
        if not os.path.isdir(source_dir(name)):
            sys.exit(f"[kolo] {tarballs[0]} did not unpack to {folder}")
        open(os.path.join(source_dir(name), ".kolo-unpacked"), "w").close()


def sdl_prefix():
    key = hashlib.sha1(" ".join(SDL_OFF + SDL_CMAKE).encode()).hexdigest()[:8]
    return os.path.join(CACHE, f"sdl2-{SOURCES['libsdl2'][0]}-wasm-{key}")


def ensure_sdl_wasm():
    """Build SDL2 for wasm from the Debian source once per machine; cached by its options."""
    prefix = sdl_prefix()
    if os.path.isfile(os.path.join(prefix, "lib", "libSDL2.a")):
        return prefix
    build = prefix + "-build"
    shutil.rmtree(build, ignore_errors=True)
    flags = [f"-DSDL_{o}=OFF" for o in SDL_OFF]
    env = tool_env()
    run(["emcmake", "cmake", "-S", source_dir("libsdl2"), "-B", build, "-G", "Ninja",
         *SDL_CMAKE, "-DSDL_STATIC=ON", f"-DCMAKE_INSTALL_PREFIX={prefix}", *flags], env=env)
    run(["cmake", "--build", build], env=env)
    run(["cmake", "--install", build], env=env)
    shutil.rmtree(build, ignore_errors=True)
    return prefix


def ensure_npm():
    e2e = os.path.join(ROOT, "tests", "e2e")
    stamp = os.path.join(e2e, "node_modules", ".kolo-lock-sha")
    with open(os.path.join(e2e, "package-lock.json"), "rb") as fh:
        want = hashlib.sha1(fh.read()).hexdigest()
    if os.path.isfile(stamp) and open(stamp).read() == want:
        return
    run(["npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"], cwd=e2e)
    with open(stamp, "w") as fh:
        fh.write(want)


def setup(web=True, e2e=False):
    ensure_apt(APT_PACKAGES)
    ensure_sources(["libcsv"])  # every build compiles it, the unit tests' too
    if web:
        ensure_sources()
        ensure_sdl_wasm()
    if e2e:
        ensure_npm()


# ---------------------------------------------------------------------------------------------
# Build
# ---------------------------------------------------------------------------------------------

def cmake_build(build_dir, configure, target=None):
    env = tool_env()
    # Configuring again is quick and keeps the cache in step with the options given here.
    run([*configure, "-S", ROOT, "-B", build_dir, "-G", "Ninja", "--log-level=WARNING"], env=env,
        stdout=subprocess.DEVNULL)
    cmd = ["cmake", "--build", build_dir]
    if target:
        cmd += ["--target", target]
    run(cmd, env=env)


def build_native():
    """Tests: Debug, with AddressSanitizer and UndefinedBehaviorSanitizer; the UI headless."""
    d = os.path.join(BUILD, "native")
    imgui = source_dir("imgui") if os.path.isdir(source_dir("imgui")) else ""
    cmake_build(d, ["cmake", "-DCMAKE_BUILD_TYPE=Debug", "-DKOLO_SANITIZE=ON", f"-DKOLO_IMGUI_DIR={imgui}",
                    f"-DKOLO_LIBCSV_DIR={source_dir('libcsv')}", f"-DKOLO_FONT={FONT}"])
    return d


def build_bench():
    """Benchmarks: optimised, no sanitizers; natively, and the same code as wasm for Node."""
    d = os.path.join(BUILD, "bench")
    cmake_build(d, ["cmake", "-DCMAKE_BUILD_TYPE=Release", "-DKOLO_SANITIZE=OFF",
                    f"-DKOLO_LIBCSV_DIR={source_dir('libcsv')}"], target="kolo_bench")
    build_wasm()
    run(["cmake", "--build", os.path.join(BUILD, "wasm"), "--target", "kolo_bench_wasm"], env=tool_env())
    return d


def build_wasm():
    d = os.path.join(BUILD, "wasm")
    cmake_build(d, ["emcmake", "cmake", "-DCMAKE_BUILD_TYPE=Release",
                    f"-DKOLO_IMGUI_DIR={source_dir('imgui')}", f"-DKOLO_SDL2_PREFIX={sdl_prefix()}",
                    f"-DKOLO_LIBCSV_DIR={source_dir('libcsv')}",
                    f"-DKOLO_FONT={FONT}"])
    return d


# ---------------------------------------------------------------------------------------------
# Serve
# ---------------------------------------------------------------------------------------------

class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map,
                      ".wasm": "application/wasm", ".js": "text/javascript",
                      ".webmanifest": "application/manifest+json"}

    def end_headers(self):
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def log_message(self, fmt, *args):
        if os.environ.get("KOLO_SERVE_QUIET") is None:
            super().log_message(fmt, *args)


def make_server(port, directory=WEB):
    handler = functools.partial(Handler, directory=directory)
    return http.server.ThreadingHTTPServer(("127.0.0.1", port), handler)


def main(argv):
    port = int(os.environ.get("PORT", "8000"))
    setup(web=True)
    build_wasm()
    if "--build" in argv:
        return
    server = make_server(port)
    log(f"Kolo is served on http://127.0.0.1:{port}/  (Ctrl+C stops)")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main(sys.argv[1:])

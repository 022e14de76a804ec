#!/usr/bin/env python3
"""Stamps the built site with its build: stamp_site.py WEB_DIR SITE_DIR

WEB_DIR holds the linked app (kolo.js, kolo.wasm) and the page's files copied from SITE_DIR
(shell/site). The build is the first 12 hex digits of a SHA-256 over all of them, so any change
to the app or its page is a new build. Written into WEB_DIR:
  index.html   SITE_DIR/index.html with @KOLO_BUILD@ replaced: every file is asked for as
               name?v=BUILD, which no cache can answer with another build's file; and with
               @KOLO_FAVICON@ as favicon.svg in a data: URL;
  sw.js        the service worker, with the build and the list of files to keep offline;
  kolo.wasm.js the wasm, gzip-compressed and base64-encoded in a script, which a copy of the
               page saved by the browser ("Save page as", complete) carries and opens from a
               file (app.js).
Also run by the e2e test of updates, on a copy
of web/, to make a second build.
"""
import base64
import gzip
import hashlib
import json
import os
import sys

# Read by the build hash, besides every file of SITE_DIR.
APP_FILES = ["kolo.js", "kolo.wasm"]
ICONS = ["icon-192.png", "icon-512.png", "icon-maskable-512.png"]


def write(path, data):
    # Always written, even unchanged: the build tool then sees its outputs are new.
    with open(path, "wb") as fh:
        fh.write(data)


def build_id(web, site):
    h = hashlib.sha256()
    names = sorted(set(APP_FILES + ICONS + [n for n in os.listdir(site) if not n.startswith(".")]))
    for name in names:
        # A page file as copied to WEB_DIR (what is served), else its template in SITE_DIR.
        path = os.path.join(web, name) if name not in ("index.html", "sw.js") else os.path.join(site, name)
        if not os.path.isfile(path):
            path = os.path.join(site, name)
        if not os.path.isfile(path):
            continue
        with open(path, "rb") as fh:
            data = fh.read()
        h.update(name.encode() + b"\0" + str(len(data)).encode() + b"\0" + data)
    return h.hexdigest()[:12]


def main(web, site):
    build = build_id(web, site)
    with open(os.path.join(site, "index.html"), encoding="utf-8") as fh:
        page = fh.read().replace("@KOLO_BUILD@", build)
    # The icon inside the page: nothing to fetch, from a server or from a file.
    with open(os.path.join(site, "favicon.svg"), "rb") as fh:
        page = page.replace("@KOLO_FAVICON@", "data:image/svg+xml;base64," + base64.b64encode(fh.read()).decode())
    write(os.path.join(web, "index.html"), page.encode())

    versioned = ["kolo.js", "app.js", "kolo.wasm", "manifest.webmanifest", "icon-192.png"]
    files = ["./"] + [f"{n}?v={build}" for n in versioned] + ICONS + ["favicon.svg"]
    with open(os.path.join(site, "sw.js"), encoding="utf-8") as fh:
        worker = fh.read().replace("@KOLO_BUILD@", build).replace("@KOLO_FILES@", json.dumps(files))
    write(os.path.join(web, "sw.js"), worker.encode())

    with open(os.path.join(web, "kolo.wasm"), "rb") as fh:
        packed = base64.b64encode(gzip.compress(fh.read(), compresslevel=9, mtime=0)).decode()
    script = ("// Kolo's wasm for a page opened from a file (shell/stamp_site.py); app.js unpacks it.\n"
              f"window.koloWasmPacked = {{ build: '{build}', encoding: 'gzip', data: '{packed}' }};\n")
    write(os.path.join(web, "kolo.wasm.js"), script.encode())
    print(f"[kolo] site stamped: build {build}")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:]))

#!/usr/bin/env python3
"""Fuzzes every reader Kolo has with libFuzzer (Debian's clang-14), for a given time each.

    python3 tests/fuzz/fuzz.py --seconds 600            # every target, 10 minutes each
    python3 tests/fuzz/fuzz.py --seconds 60 board       # one target

Targets are tests/fuzz/fuzz_<name>.cpp. The core and io sources are compiled once with
-fsanitize=fuzzer-no-link,address,undefined into build/fuzz/obj (again only when a source is
newer), then each target is linked with libFuzzer. Seed corpus: the JSONTestSuite parsing
cases (../shared/peer/JSONTestSuite/test_parsing, when present), tests/fixtures and the
target's own seeds (tests/fuzz/seeds/<name>/), and for the JSON targets small synthetic networks
(tests/bench/network.cpp, when the test build is there); what libFuzzer finds is kept in
build/fuzz/corpus/<name>. A crash or sanitizer report leaves its input in
build/fuzz/crashes/<name>/: turn it into a regression fixture of the unit tests. Prints, per
target, the executions and whether it crashed.
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), '..', '..'))
OUT = os.path.join(ROOT, 'build', 'fuzz')
PEER = os.path.abspath(os.path.join(ROOT, '..', 'shared', 'peer', 'JSONTestSuite', 'test_parsing'))
CXX = os.environ.get('KOLO_FUZZ_CXX', 'clang++-14')
FLAGS = ['-std=c++20', '-O1', '-g', '-fno-omit-frame-pointer', '-I' + os.path.join(ROOT, 'src')]
SANITIZE = '-fsanitize=address,undefined'
sys.path.insert(0, ROOT)
import serve  # noqa: E402  (where the libcsv sources are unpacked)
LIBCSV = serve.source_dir('libcsv')
FLAGS.append('-I' + LIBCSV)


def run(cmd):
    r = subprocess.run(cmd)
    if r.returncode != 0:
        sys.exit(f'fuzz: failed: {" ".join(cmd[:6])} ...')


def ensure_clang():
    if shutil.which(CXX):
        return
    if os.geteuid() == 0 and shutil.which('apt-get'):
        run(['apt-get', 'install', '-y', '--no-install-recommends', 'clang-14', 'libclang-rt-14-dev'])
    if not shutil.which(CXX):
        sys.exit(f'fuzz: {CXX} is missing (apt-get install clang-14)')


def objects():
    """Compiles src/core and src/io (and the catalog) with coverage for the fuzzer."""
    obj_dir = os.path.join(OUT, 'obj')
    os.makedirs(obj_dir, exist_ok=True)
    catalog = os.path.join(OUT, 'catalog_data.cpp')
    tsvs = sorted(glob.glob(os.path.join(ROOT, 'assets', 'i18n', '*.tsv')))
    run([sys.executable, os.path.join(ROOT, 'assets', 'i18n', 'embed_catalog.py'), catalog] + tsvs)
    sources = sorted(glob.glob(os.path.join(ROOT, 'src', 'core', '*.cpp')) +
                     glob.glob(os.path.join(ROOT, 'src', 'io', '*.cpp'))) + [catalog]
    serve.ensure_sources(['libcsv'])
    headers = glob.glob(os.path.join(ROOT, 'src', 'core', '*.hpp')) + glob.glob(os.path.join(ROOT, 'src', 'io', '*.hpp'))
    newest_header = max(os.path.getmtime(h) for h in headers)
    out = []
    for src in sources:
        obj = os.path.join(obj_dir, re.sub(r'[^A-Za-z0-9_.]', '_', os.path.relpath(src, ROOT)) + '.o')
        if not os.path.exists(obj) or os.path.getmtime(obj) < max(os.path.getmtime(src), newest_header):
            print(f'fuzz: compiling {os.path.relpath(src, ROOT)}', flush=True)
            run([CXX] + FLAGS + ['-fsanitize=fuzzer-no-link', SANITIZE, '-c', src, '-o', obj])
        out.append(obj)
    libcsv = os.path.join(obj_dir, 'libcsv.o')
    if not os.path.exists(libcsv):
        run([CXX.replace('clang++', 'clang'), '-O1', '-g', '-fsanitize=fuzzer-no-link', SANITIZE, '-c',
             os.path.join(LIBCSV, 'libcsv.c'), '-o', libcsv])
    out.append(libcsv)
    return out


def synthetic_seeds():
    """Small networks from the generator (tests/bench/network.cpp) as Kolo files, written by the
    test build's kolo_bench (python3 tests/run.py builds it); None without that build."""
    bench = os.path.join(ROOT, 'build', 'native', 'kolo_bench')
    if not os.path.exists(bench):
        print('fuzz: build/native/kolo_bench is absent (python3 tests/run.py --only unit builds it): '
              'seeding without the synthetic networks')
        return None
    out = os.path.join(OUT, 'synthetic')
    os.makedirs(out, exist_ok=True)
    specs = [f'{n}:{seed}:{os.path.join(out, f"network-{n}-{seed}.json")}' for n, seed in ((3, 1), (12, 2), (40, 3))]
    if subprocess.run([bench, '--generate'] + specs).returncode != 0:
        return None
    return out


def seeds(name):
    """The seed corpus of target `name`: folders libFuzzer reads (never writes)."""
    dirs = []
    if os.path.isdir(PEER):
        dirs.append(PEER)
    else:
        print(f'fuzz: {PEER} is absent: seeding without the JSONTestSuite cases')
    dirs.append(os.path.join(ROOT, 'tests', 'fixtures'))
    hsds = os.path.abspath(os.path.join(PEER, '..', '..', 'hsds-3.0', 'examples'))
    if name == 'hsds' and os.path.isdir(hsds):  # the official examples, JSON and CSV
        dirs += [hsds, os.path.join(hsds, 'csv')]
    if name in ('kolo_json', 'json_differential'):
        synthetic = synthetic_seeds()
        if synthetic:
            dirs.append(synthetic)
    for own in [name] + (['kolo_json'] if name == 'json_differential' else []):
        own = os.path.join(ROOT, 'tests', 'fuzz', 'seeds', own)
        if os.path.isdir(own):
            dirs.append(own)
    return dirs


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--seconds', type=int, default=60, help='time per target')
    ap.add_argument('targets', nargs='*', help='names (board, csv, hsds, json_differential, kolo_json, record, suggestions); all by default')
    args = ap.parse_args()
    ensure_clang()
    all_targets = sorted(os.path.basename(p)[5:-4] for p in glob.glob(os.path.join(ROOT, 'tests', 'fuzz', 'fuzz_*.cpp')))
    targets = args.targets or all_targets
    objs = objects()
    failed = 0
    for name in targets:
        if name not in all_targets:
            sys.exit(f'fuzz: no target {name} (have: {", ".join(all_targets)})')
        binary = os.path.join(OUT, f'fuzz_{name}')
        run([CXX] + FLAGS + ['-fsanitize=fuzzer', SANITIZE, os.path.join(ROOT, 'tests', 'fuzz', f'fuzz_{name}.cpp')] +
            objs + ['-o', binary])
        corpus = os.path.join(OUT, 'corpus', name)
        crashes = os.path.join(OUT, 'crashes', name)
        os.makedirs(corpus, exist_ok=True)
        os.makedirs(crashes, exist_ok=True)
        log = os.path.join(OUT, f'fuzz_{name}.log')
        cmd = [binary, corpus] + seeds(name) + [f'-max_total_time={args.seconds}', '-max_len=65536', '-timeout=10',
                                                '-rss_limit_mb=2048', f'-artifact_prefix={crashes}/', '-print_final_stats=1']
        with open(log, 'w') as f:
            r = subprocess.run(cmd, stdout=f, stderr=subprocess.STDOUT)
        text = open(log, errors='replace').read()
        runs = re.findall(r'stat::number_of_executed_units:\s*(\d+)', text)
        crashed = r.returncode != 0
        failed += crashed
        print(f'fuzz_{name}: {runs[-1] if runs else "?"} executions in {args.seconds} s, '
              f'{"CRASHED (see " + log + " and " + crashes + ")" if crashed else "no crash"}', flush=True)
    sys.exit(1 if failed else 0)


if __name__ == '__main__':
    main()

#!/usr/bin/env python3
"""Writes a compile database for the linters (clang-tidy, clazy) from a build's compile_commands.json.

The build compiles with GCC precompiled headers, which clang cannot read. The linters get the same commands
without them (`-include .../cmake_pch.hxx` dropped): that is also faster (the precompiled header pulls in
all of QtCore and QtNetwork) and proves that every source includes what it uses instead of leaning on the
precompiled header. Only the product's own sources are kept (backend/, ui/, app/), not generated files or
tests. Usage: lintdb.py BUILD_DIR OUT_DIR [FILE...] (files: only these sources, e.g. the changed ones).
"""
import json
import os
import shlex
import sys

build, out = os.path.realpath(sys.argv[1]), os.path.realpath(sys.argv[2])
only = {os.path.realpath(f) for f in sys.argv[3:]}
root = os.path.realpath(os.path.join(os.path.dirname(__file__), '..'))
os.makedirs(out, exist_ok=True)
entries = []
for entry in json.load(open(os.path.join(build, 'compile_commands.json'))):
    source = os.path.realpath(os.path.join(entry['directory'], entry['file']))
    relative = os.path.relpath(source, root)
    if relative.split(os.sep)[0] not in ('backend', 'ui', 'app'):
        continue
    if only and source not in only:
        continue
    args = entry['arguments'] if 'arguments' in entry else shlex.split(entry['command'])
    rewritten = []
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == '-Winvalid-pch':
            i += 1
            continue
        if arg == '-include' and i + 1 < len(args) and args[i + 1].endswith('cmake_pch.hxx'):
            i += 2
            continue
        rewritten.append(arg)
        i += 1
    entries.append({'directory': entry['directory'], 'file': source, 'arguments': rewritten})
json.dump(entries, open(os.path.join(out, 'compile_commands.json'), 'w'), indent=1)
print(len(entries))

#!/usr/bin/env python3
"""Lists the Rust functions over 120 lines and the files over 1,200 lines of the tree it
is run in (the limits ARCHITECTURE.md keeps); prints nothing and exits 0 when there is
none, exits 1 otherwise. A function is counted from its `fn` line to the closing brace at
its own indentation, as rustfmt lays it out. Usage: python3 tools/long_functions.py"""
import os
import re
import sys

FN_MAX, FILE_MAX = 120, 1200
FN = re.compile(r'^(\s*)(pub(\([a-z]+\))? )?(async )?(const )?fn (\w+)')

found = []
for root, dirs, files in os.walk('.'):
    dirs[:] = [d for d in dirs if d not in ('target', '.git', 'fuzz')]
    for name in files:
        if not name.endswith('.rs'):
            continue
        path = os.path.join(root, name)
        with open(path, encoding='utf-8') as f:
            lines = f.read().split('\n')
        if len(lines) > FILE_MAX:
            found.append((len(lines), path, '(file)'))
        for i, line in enumerate(lines):
            m = FN.match(line)
            if not m or line.rstrip().endswith(';'):
                continue
            indent = m.group(1)
            j = i + 1
            while j < len(lines) and lines[j].rstrip() != indent + '}':
                j += 1
            if j - i + 1 > FN_MAX:
                found.append((j - i + 1, path, m.group(6)))
for n, path, what in sorted(found, reverse=True):
    print(f'{n:5}  {path}  {what}')
sys.exit(1 if found else 0)

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""check-layout.py must pass a tree that keeps the layering and fail, naming the files, each
way a tree can break it.

usage: test-check-layout.py CHECK_LAYOUT_PY
"""
import os
import subprocess
import sys
import tempfile

CLEAN = {
    'src/core/yc-case.h': '#pragma once\n',
    'src/core/yc-case.c': '#include "config.h"\n#include "yc-case.h"\n',
    'src/core/yc-store.h': '#pragma once\n#include "yc-case.h"\n',
    'src/core/yc-store.c': '#include "yc-store.h"\n/* tells YcOutbox through a signal */\n',
    'src/core/yc-outbox.h': '#pragma once\n#include "yc-store.h"\n',
    'src/core/yc-outbox.c': '#include "yc-outbox.h"\n#include "yc-store-jobs.h"\n',
    # an interface header of the store (no .c of its own) belongs to the store's module
    'src/core/yc-store-jobs.h': '#pragma once\n#include "yc-store.h"\n',
    'src/core/yc-store-private.h': '#pragma once\n#include "yc-store-jobs.h"\n',
    'src/core/yc-store-cases.c': '#include "yc-store-private.h"\n',
    'src/print/yc-letter-writer.c': '#include "yc-case.h"\n',
    'src/app/yc-window.h': '#pragma once\n#include "yc-outbox.h"\n',
    'src/app/yc-window.c': '#include "yc-window.h"\n',
    'src/app/yc-application.c': '#include "yc-window.h"\n',
    'src/app/main.c': 'int main (void) { return 0; }\n',
    'src/server/main.c': '#include "yc-case.h"\n',
    'src/server/yc-server.c': '#include "yc-case.h"\n',
}

BROKEN = {
    'cycle': ({'src/core/yc-case.h': '#pragma once\n#include "yc-validate.h"\n',
               'src/core/yc-validate.h': '#pragma once\n#include "yc-case.h"\n'},
              ['include cycle', 'src/core/yc-case.h includes src/core/yc-validate.h']),
    'upward include': ({'src/core/yc-store.c': '#include "yc-store.h"\n#include "yc-outbox.h"\n'},
                       ['src/core/yc-store.c (layer store) includes src/core/yc-outbox.h']),
    'upward prototype': ({'src/core/yc-store.h': '#pragma once\nvoid _yc_outbox_append (void);\n'},
                         ['src/core/yc-store.h (layer store) names yc-outbox']),
    'widgets include the application': (
        {'src/app/yc-application.h': '#pragma once\n',
         'src/app/yc-window.c': '#include "yc-window.h"\n#include "yc-application.h"\n'},
        ['src/app/yc-window.c (layer widgets) includes src/app/yc-application.h']),
    'print includes a widget': ({'src/print/yc-letter-writer.c': '#include "yc-window.h"\n'},
                                ['src/print/yc-letter-writer.c (layer print) includes']),
    'server includes the client': ({'src/server/yc-server.c': '#include "yc-store.h"\n'},
                                   ['src/server/yc-server.c (layer server) includes']),
    'client includes the server': ({'src/server/yc-server.h': '#pragma once\n',
                                    'src/core/yc-case.c': '#include "yc-server.h"\n'},
                                   ['src/core/yc-case.c (layer models) includes']),
    'long file': ({'src/core/yc-case.c': 'int x;\n' * 1501},
                  ['src/core/yc-case.c has 1501 lines']),
}


def write_tree(root, files):
    for rel, text in files.items():
        path = os.path.join(root, rel)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, 'w', encoding='utf-8') as f:
            f.write(text)


def run(check, files):
    with tempfile.TemporaryDirectory() as root:
        write_tree(root, files)
        return subprocess.run([sys.executable, check, root], capture_output=True, text=True)


def main():
    check = sys.argv[1]
    failures = []
    clean = run(check, CLEAN)
    if clean.returncode != 0:
        failures.append('a clean tree was refused:\n' + clean.stdout)
    for name, (change, expected) in BROKEN.items():
        result = run(check, {**CLEAN, **change})
        if result.returncode == 0:
            failures.append(f'{name}: passed, but must fail')
        for words in expected:
            if words not in result.stdout:
                failures.append(f'{name}: the report does not say "{words}":\n{result.stdout}')
    for f in failures:
        print('FAIL ' + f)
    print(f'{len(BROKEN) + 1 - len(failures)} passed, {len(failures)} failed')
    return 1 if failures else 0


if __name__ == '__main__':
    sys.exit(main())

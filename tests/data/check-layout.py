#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The shape of src/: layers that depend one way, no include cycles, no file over 1,500 lines.

usage: check-layout.py SOURCE_ROOT

The layers, lowest first (a file may include headers of its own layer and of lower ones):

  1 models       src/core records, codecs, validators, calendar, numbering, http, secrets
  2 store        src/core yc-store*, yc-case-list-model (SQLite, the lists over it)
  3 sync         src/core yc-outbox, yc-sync*, yc-session, yc-workstation
  4 print        src/print (letters: layout, PDF, preview, printing)
  5 widgets      src/app pages, dialogs, the window
  6 application  src/app yc-application, main.c

The server (src/server) stands beside the client: it may include the models of layer 1 and
itself, and nothing of the client includes it. The lower layers tell the upper ones through
signals or small interfaces, never by including them.

A module is a .c file with its headers (yc-foo.c, yc-foo.h, yc-foo-private.h, and a header
with no .c of its own that extends its name, such as yc-foo-jobs.h: an interface the module
offers and implements); two modules that include each other, directly or round a longer loop, are a cycle and are named with the files.
"""
import os
import re
import sys

MAX_LINES = 1500

LAYER_NAMES = {1: 'models', 2: 'store', 3: 'sync', 4: 'print', 5: 'widgets', 6: 'application',
               'server': 'server'}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"', re.M)


def module_of(name):
    base = os.path.basename(name)
    base = re.sub(r'\.(c|h)$', '', base)
    return re.sub(r'-private$', '', base)


def layer_of(rel):
    folder, name = rel.split(os.sep)[1], os.path.basename(rel)
    mod = module_of(name)
    if folder == 'server':
        return 'server'
    if folder == 'print':
        return 4
    if folder == 'app':
        return 6 if mod in ('yc-application', 'main') else 5
    if folder == 'core':
        if mod.startswith('yc-store') or mod == 'yc-case-list-model':
            return 2
        if mod.startswith('yc-sync') or mod in ('yc-outbox', 'yc-session', 'yc-workstation'):
            return 3
        return 1
    return None


def symbol_prefixes(sources):
    """yc-foo-bar.c defines YcFooBar and yc_foo_bar_*: a pattern for each module."""
    result = {}
    for rel in sources:
        mod = module_of(rel)
        if not mod.startswith('yc-') or mod == 'main':
            continue
        words = mod[3:].split('-')
        camel = 'Yc' + ''.join(w.capitalize() for w in words)
        snake = 'yc_' + '_'.join(words) + '_'
        result[(layer_of(rel), mod)] = re.compile(
            r'(?<![A-Za-z0-9_])(?:_?' + snake + r'|' + camel + r'(?![A-Za-z0-9_]))')
    return result


def strip_comments_and_strings(text):
    text = re.sub(r'/\*.*?\*/', ' ', text, flags=re.S)
    text = re.sub(r'//[^\n]*', ' ', text)
    return re.sub(r'"(?:\\.|[^"\\\n])*"', '""', text)


def allowed(src_layer, dst_layer):
    if src_layer == 'server':
        return dst_layer in ('server', 1)
    if dst_layer == 'server':
        return False
    return dst_layer <= src_layer


def strongly_connected(graph):
    """Tarjan's algorithm, iterative; returns the components with more than one module."""
    index, low, on_stack, stack, result = {}, {}, set(), [], []
    counter = 0
    for root in sorted(graph):
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter
        counter += 1
        stack.append(root)
        on_stack.add(root)
        while work:
            node, edges = work[-1]
            advanced = False
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append(nxt)
                    on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph.get(nxt, ())))))
                    advanced = True
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            if advanced:
                continue
            work.pop()
            if work:
                parent = work[-1][0]
                low[parent] = min(low[parent], low[node])
            if low[node] == index[node]:
                comp = []
                while True:
                    top = stack.pop()
                    on_stack.discard(top)
                    comp.append(top)
                    if top == node:
                        break
                if len(comp) > 1:
                    result.append(sorted(comp))
    return result


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    src = os.path.join(root, 'src')
    problems = []

    files = {}  # header basename -> path relative to root
    sources = []  # every .c and .h, relative to root
    for dirpath, _dirs, names in os.walk(src):
        for name in names:
            if name.endswith(('.c', '.h')):
                rel = os.path.relpath(os.path.join(dirpath, name), root)
                sources.append(rel)
                if name.endswith('.h'):
                    if name in files:
                        problems.append(f'two headers share the name {name}: '
                                        f'{files[name]} and {rel}')
                    files[name] = rel
    sources.sort()
    prefixes = symbol_prefixes(sources)
    stems = {(os.path.dirname(r), module_of(r)) for r in sources if r.endswith('.c')}

    def module_key(rel):
        key = (os.path.dirname(rel), module_of(rel))
        if rel.endswith('.h') and key not in stems:
            owners = [m for d, m in stems if d == key[0] and key[1].startswith(m + '-')]
            if owners:
                return (key[0], max(owners, key=len))
        return key

    graph = {}  # module key -> set of module keys
    edges = {}  # (module, module) -> an example "file includes header"
    for rel in sources:
        name = os.path.basename(rel)
        with open(os.path.join(root, rel), encoding='utf-8', errors='replace') as f:
            text = f.read()
        lines = text.count('\n')
        if name.endswith('.c') and lines > MAX_LINES:
            problems.append(f'{rel} has {lines} lines (at most {MAX_LINES}): split it by concern')
        src_layer = layer_of(rel)
        src_mod = module_key(rel)
        graph.setdefault(src_mod, set())
        for header in INCLUDE.findall(text):
            target = files.get(os.path.basename(header))
            if target is None:
                continue  # config.h, generated resources
            dst_layer = layer_of(target)
            if not allowed(src_layer, dst_layer):
                problems.append(f'{rel} (layer {LAYER_NAMES[src_layer]}) includes {target} '
                                f'(layer {LAYER_NAMES[dst_layer]}): dependencies go downwards only')
            dst_mod = module_key(target)
            if dst_mod != src_mod:
                graph[src_mod].add(dst_mod)
                edges.setdefault((src_mod, dst_mod), f'{rel} includes {target}')
        # Declaring or calling an upper layer's functions is an upward dependency too, even
        # without its header (a prototype copied into a lower header).
        if src_layer != 'server':
            code = strip_comments_and_strings(text)
            for (layer, mod), pattern in prefixes.items():
                if layer != 'server' and layer > src_layer and pattern.search(code):
                    problems.append(f'{rel} (layer {LAYER_NAMES[src_layer]}) names '
                                    f'{mod} (layer {LAYER_NAMES[layer]}): the lower layer tells '
                                    'the upper one through signals or an interface')

    for comp in strongly_connected(graph):
        members = set(comp)
        why = [edges[(a, b)] for a in comp for b in sorted(graph[a]) if b in members]
        names = ', '.join(f'{d}/{m}' for d, m in comp)
        problems.append(f'include cycle between {names}: ' + '; '.join(why))

    if problems:
        print('The layout of src/ is off:')
        for p in problems:
            print(' - ' + p)
        return 1
    print(f'layout: {len(files)} files, {len(graph)} modules, layers one way, no cycle')
    return 0


if __name__ == '__main__':
    sys.exit(main())

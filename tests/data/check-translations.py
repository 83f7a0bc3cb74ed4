#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The Chinese translation must be complete and POTFILES must name every file with strings.

usage: check-translations.py SOURCE_ROOT

Fails when:
- po/zh_CN.po has an untranslated or fuzzy message, or does not compile;
- a message that xgettext extracts from the files in POTFILES is missing from zh_CN.po
  (the .po is stale);
- a source file with translatable strings (_(, N_(, C_(, ngettext, translatable="yes",
  <summary>/<description> in schemas) is not listed in po/POTFILES.
"""
import os
import re
import subprocess
import sys
import tempfile

MARKERS = {
    '.c': re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|g_dngettext|ngettext)\s*\('),
    '.h': re.compile(r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_)\s*\("'),
    '.ui': re.compile(r'translatable="yes"'),
}


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    root = sys.argv[1]
    problems = []
    po = os.path.join(root, 'po', 'zh_CN.po')

    stats = subprocess.run(['msgfmt', '--check', '--statistics', '-o', os.devnull, po],
                           capture_output=True, text=True)
    if stats.returncode != 0:
        problems.append('zh_CN.po does not compile:\n' + stats.stderr)
    elif 'untranslated' in stats.stderr or 'fuzzy' in stats.stderr:
        problems.append('zh_CN.po is incomplete: ' + stats.stderr.strip())

    with open(os.path.join(root, 'po', 'POTFILES'), encoding='utf-8') as f:
        listed = [l.strip() for l in f if l.strip() and not l.startswith('#')]
    for path in listed:
        if not os.path.exists(os.path.join(root, path)):
            problems.append(f'POTFILES names {path}, which does not exist')

    for top in ('src', 'ui', 'data'):
        for dirpath, _dirs, files in os.walk(os.path.join(root, top)):
            for name in files:
                full = os.path.join(dirpath, name)
                rel = os.path.relpath(full, root)
                ext = os.path.splitext(name)[1]
                if name.endswith('.gschema.xml') or name.endswith('.desktop.in') \
                        or name.endswith('.metainfo.xml.in'):
                    has = True
                elif ext in MARKERS:
                    with open(full, encoding='utf-8', errors='replace') as f:
                        has = bool(MARKERS[ext].search(f.read()))
                else:
                    has = False
                if has and rel not in listed:
                    problems.append(f'{rel} has translatable strings but is not in po/POTFILES')

    # Extract afresh and compare: every message must be translated in zh_CN.po.
    with tempfile.TemporaryDirectory() as tmp:
        pot = os.path.join(tmp, 'yichuang.pot')
        files = [p for p in listed if os.path.exists(os.path.join(root, p))]
        cmd = ['xgettext', '--from-code=UTF-8', '--add-comments', '--keyword=_', '--keyword=N_',
               '--keyword=C_:1c,2', '--keyword=NC_:1c,2', '--keyword=g_dngettext:2,3',
               '--keyword=ngettext:1,2', '-o', pot, '--directory', root] + files
        run = subprocess.run(cmd, capture_output=True, text=True)
        if run.returncode != 0:
            problems.append('xgettext failed:\n' + run.stderr)
        else:
            merged = os.path.join(tmp, 'merged.po')
            subprocess.run(['msgmerge', '-q', '-o', merged, po, pot], check=True)
            untranslated = subprocess.run(['msgattrib', '--untranslated', '--no-obsolete', merged],
                                          capture_output=True, text=True).stdout
            fuzzy = subprocess.run(['msgattrib', '--only-fuzzy', '--no-obsolete', merged],
                                   capture_output=True, text=True).stdout
            for label, text in (('untranslated', untranslated), ('changed (fuzzy)', fuzzy)):
                # A long msgid is 'msgid ""' followed by its pieces on the next lines.
                ids = [''.join(re.findall(r'"(.*)"', m)) for m in
                       re.findall(r'^msgid ((?:".*"\n?)+)', text, re.M)]
                for msgid in filter(None, ids):
                    problems.append(f'{label} in zh_CN.po: "{msgid}"')

    if problems:
        for p in problems:
            print('translations: ' + p)
        return 1
    print(f'translations: zh_CN complete, {len(listed)} files in POTFILES')
    return 0


if __name__ == '__main__':
    sys.exit(main())

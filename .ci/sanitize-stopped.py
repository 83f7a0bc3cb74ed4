#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The verdict on a sanitized check that .ci/run stopped at the end of its time budget.

Usage: sanitize-stopped.py BUILD_DIR START DEADLINE

START is the Unix time at which the sanitized check began, DEADLINE the one at which the stop
began; what an earlier run left in BUILD_DIR is not looked at. What happened before the stop
counts: a sanitizer report written before it (BUILD_DIR/meson-logs/sanitizers), or a test that
had finished before it and failed or printed a UBSan report, fails the job (exit 1). What the stop itself caused
does not: the tests it interrupted, and the reports of processes it made exit (a server that
shuts down on SIGTERM in the middle of a request), are listed but do not fail it (exit 0).
"""

import json
import os
import sys

PASSED = {"OK", "SKIP", "EXPECTEDFAIL"}


def reports(build, start, deadline):
    before, after = [], []
    folder = os.path.join(build, "meson-logs", "sanitizers")
    if not os.path.isdir(folder):
        return before, after
    for name in sorted(os.listdir(folder)):
        path = os.path.join(folder, name)
        if not os.path.isfile(path) or os.stat(path).st_mtime < start:
            continue
        (before if os.stat(path).st_mtime < deadline else after).append(path)
    return before, after


def tests(build, start, deadline):
    """(failed before the deadline, finished or stopped after it, passed before it)"""
    failed, late, passed = [], [], 0
    path = os.path.join(build, "meson-logs", "testlog.json")
    try:
        with open(path, encoding="utf-8", errors="replace") as log:
            lines = log.readlines()
    except OSError:
        return failed, late, passed
    for line in lines:
        try:
            test = json.loads(line)
        except ValueError:
            continue  # the line meson was writing when it was stopped
        if test.get("starttime", 0) < start:
            continue  # the log of an earlier run: this one was stopped before its tests
        end = test.get("starttime", 0) + test.get("duration", 0)
        if end >= deadline:
            late.append(test.get("name", "?"))
            continue
        output = (test.get("stdout") or "") + (test.get("stderr") or "")
        if test.get("result") not in PASSED or "runtime error:" in output:
            failed.append((test.get("name", "?"), test.get("result", "?"), output))
        else:
            passed += 1
    return failed, late, passed


def main():
    if len(sys.argv) != 4:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    build, start, deadline = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
    before, after = reports(build, start, deadline)
    failed, late, passed = tests(build, start, deadline)

    for path in before:
        print(f"ci: sanitizer report written before the stop: {path}", file=sys.stderr)
        with open(path, encoding="utf-8", errors="replace") as report:
            sys.stderr.write(report.read())
    for name, result, output in failed:
        what = "a UBSan report" if "runtime error:" in output else result
        print(f"ci: {name}: {what} before the stop", file=sys.stderr)
        print(output[-4000:], file=sys.stderr)
    for path in after:
        print(f"ci: not counted, written while the run was being stopped: {path}",
              file=sys.stderr)
    for name in late:
        print(f"ci: not counted, still running when the run was stopped: {name}",
              file=sys.stderr)
    print(f"ci: sanitized check stopped at the end of the budget: {passed} tests passed, "
          f"{len(failed)} failed and {len(before)} sanitizer reports before the stop",
          file=sys.stderr)
    return 1 if before or failed else 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
#
# check-demo.py: validate the demo centre data (data/demo/) that
# `yichuang-server --demo` loads.
#
# Usage: check-demo.py DATA_DEMO_DIR
#
# The checks run in stages (files, centre, departments, staff, windows,
# accounts, service items, calendar).  Each stage collects every problem it
# finds; the first stage with problems prints them all and the script exits
# with status 1.  Exit status 2 is a usage error.

import datetime
import json
import os
import re
import sys

FILES = ("centre.json", "departments.json", "windows.json", "staff.json",
         "service-items.json", "calendar.json")

ROLES = {"clerk", "chief_rep", "supervisor", "trainer"}
KINDS = {"permit", "confirmation", "payment", "public_service", "other"}
SLUG_RE = re.compile(r"^[a-z][a-z0-9-]*$")
CODE_RE = re.compile(r"^[A-Z]+-[0-9]{3}$")
PINYIN_RE = re.compile(r"^[a-z]+$")
DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")

# Departments named by the brief (api-v1.md "The demo centre").
REQUIRED_DEPARTMENTS = ("scjg", "rsj", "zrzy", "zjj", "gaj", "ybj")

# The accounts of api-v1.md: username -> (role, department or None).
# clerk.li/clerk.wang and clerk.zhou get extra window checks below.
ACCOUNTS = {
    "clerk.li": ("clerk", "scjg"),
    "clerk.wang": ("clerk", "scjg"),
    "chief.zhang": ("chief_rep", "scjg"),
    "clerk.chen": ("clerk", "rsj"),
    "chief.liu": ("chief_rep", "rsj"),
    "clerk.zhou": ("clerk", None),  # department of the comprehensive window
    "super.zhao": ("supervisor", None),
    "trainer.sun": ("trainer", None),
}

# Fields and their types; "str?" allows null.
CENTRE_FIELDS = {"code": "str", "name": "str", "letter_prefix": "str",
                 "phone": "str", "complaint_phone": "str", "address": "str",
                 "letter_number_format": "str"}
DEPARTMENT_FIELDS = {"id": "str", "name": "str", "short_name": "str",
                     "chief_rep_staff_id": "str"}
WINDOW_FIELDS = {"id": "str", "code": "str", "name": "str",
                 "department_id": "str", "comprehensive": "bool",
                 "a_staff_id": "str", "b_staff_id": "str"}
STAFF_FIELDS = {"id": "str", "username": "str", "name": "str",
                "roles": "list", "department_id": "str?", "window_id": "str?"}
ITEM_FIELDS = {"code": "str", "name": "str", "pinyin": "str",
               "department_id": "str", "kind": "str", "legal_basis": "str",
               "conditions": "str", "materials": "list", "procedure": "str",
               "promised_days": "int", "statutory_days": "int",
               "instant": "bool", "fees": "str", "contact": "str",
               "complaint_channel": "str", "version": "int"}
MATERIAL_FIELDS = {"id": "str", "name": "str", "original": "bool",
                   "copies": "int", "mandatory": "bool", "note": "str"}
# Fields that may legitimately be the empty string.
MAY_BE_EMPTY = {"note"}

# Words that must never appear as keys in the staff file.
SECRET_KEYS = {"password", "password_hash", "passwd", "secret", "token"}


class Stage:
  """Collects the problems of one stage of checks."""

  def __init__(self, name):
    self.name = name
    self.problems = []

  def fail(self, message):
    self.problems.append(message)

  def finish(self, summary):
    if self.problems:
      sys.stderr.write("check-demo: %s: %d problem(s):\n"
                       % (self.name, len(self.problems)))
      for p in self.problems:
        sys.stderr.write("  - %s\n" % p)
      sys.exit(1)
    print("ok   %-14s %s" % (self.name, summary))


def is_han(ch):
  cp = ord(ch)
  return (0x4E00 <= cp <= 0x9FFF or 0x3400 <= cp <= 0x4DBF
          or 0xF900 <= cp <= 0xFAFF or 0x20000 <= cp <= 0x2FA1F)


def type_ok(value, t):
  if t.endswith("?"):
    if value is None:
      return True
    t = t[:-1]
  if t == "str":
    return isinstance(value, str)
  if t == "bool":
    return isinstance(value, bool)
  if t == "int":
    return isinstance(value, int) and not isinstance(value, bool)
  if t == "list":
    return isinstance(value, list)
  raise AssertionError(t)


def check_fields(stage, where, obj, fields):
  """Check that obj is an object with every field of the right type.
  Returns False when obj cannot be inspected further."""
  if not isinstance(obj, dict):
    stage.fail("%s: not a JSON object" % where)
    return False
  good = True
  for key, t in fields.items():
    if key not in obj:
      stage.fail("%s: missing field \"%s\"" % (where, key))
      good = False
    elif not type_ok(obj[key], t):
      stage.fail("%s: field \"%s\" should be %s, is %s"
                 % (where, key, t, json.dumps(obj[key], ensure_ascii=False)))
      good = False
    elif (isinstance(obj[key], str) and not obj[key].strip()
          and key not in MAY_BE_EMPTY):
      stage.fail("%s: field \"%s\" is empty" % (where, key))
      good = False
  return good


def no_duplicate_keys(pairs):
  seen = {}
  for key, value in pairs:
    if key in seen:
      raise ValueError("duplicate key \"%s\"" % key)
    seen[key] = value
  return seen


def load_all(directory):
  stage = Stage("files")
  data = {}
  for name in FILES:
    path = os.path.join(directory, name)
    try:
      with open(path, "rb") as f:
        raw = f.read()
      text = raw.decode("utf-8")
      data[name] = json.loads(text, object_pairs_hook=no_duplicate_keys)
    except OSError as e:
      stage.fail("%s: cannot read: %s" % (path, e.strerror))
    except UnicodeDecodeError as e:
      stage.fail("%s: not UTF-8: %s" % (path, e))
    except ValueError as e:
      stage.fail("%s: not valid JSON: %s" % (path, e))
  for name, want in (("centre.json", dict), ("departments.json", list),
                     ("windows.json", list), ("staff.json", list),
                     ("service-items.json", list), ("calendar.json", dict)):
    if name in data and not isinstance(data[name], want):
      stage.fail("%s: top level should be a JSON %s"
                 % (name, "object" if want is dict else "array"))
  stage.finish("%d files parse as JSON" % len(FILES))
  return data


def check_centre(centre):
  stage = Stage("centre")
  if check_fields(stage, "centre.json", centre, CENTRE_FIELDS):
    if centre["name"] != "示范县政务服务中心":
      stage.fail("centre.json: name should be 示范县政务服务中心, is %s"
                 % centre["name"])
    fmt = centre["letter_number_format"]
    for placeholder in ("{prefix}", "{year}", "{kind}", "{workstation}",
                        "{seq:06}"):
      if placeholder not in fmt:
        stage.fail("centre.json: letter_number_format lacks %s" % placeholder)
  stage.finish("name, prefix, phones, letter number format")


def index_unique(stage, fname, records, key):
  """Map records by key, reporting duplicates."""
  index = {}
  for n, r in enumerate(records):
    if not isinstance(r, dict) or not isinstance(r.get(key), str):
      continue
    if r[key] in index:
      stage.fail("%s: duplicate %s \"%s\"" % (fname, key, r[key]))
    index[r[key]] = r
  return index


def check_departments(departments):
  stage = Stage("departments")
  for n, d in enumerate(departments):
    where = "departments.json[%d]" % n
    if check_fields(stage, where, d, DEPARTMENT_FIELDS):
      if not SLUG_RE.match(d["id"]):
        stage.fail("%s: id \"%s\" is not a short ASCII slug" % (where, d["id"]))
  index = index_unique(stage, "departments.json", departments, "id")
  if len(departments) < 6:
    stage.fail("departments.json: %d departments, at least 6 needed"
               % len(departments))
  for dep in REQUIRED_DEPARTMENTS:
    if dep not in index:
      stage.fail("departments.json: department \"%s\" is missing" % dep)
  stage.finish("%d departments, ids unique, the six named ones present"
               % len(departments))
  return index


def check_staff(staff, departments, windows_raw):
  stage = Stage("staff")
  window_ids = {w.get("id") for w in windows_raw if isinstance(w, dict)}
  for n, s in enumerate(staff):
    where = "staff.json[%d]" % n
    if isinstance(s, dict):
      for key in s:
        if key.lower() in SECRET_KEYS:
          stage.fail("%s: field \"%s\" must not be in the demo data"
                     % (where, key))
    if not check_fields(stage, where, s, STAFF_FIELDS):
      continue
    where = "staff %s" % s["id"]
    if not SLUG_RE.match(s["id"]):
      stage.fail("%s: id is not a short ASCII slug" % where)
    roles = s["roles"]
    if not roles:
      stage.fail("%s: roles is empty" % where)
    if len(set(map(str, roles))) != len(roles):
      stage.fail("%s: a role is listed twice" % where)
    for r in roles:
      if not isinstance(r, str) or r not in ROLES:
        stage.fail("%s: unknown role %s"
                   % (where, json.dumps(r, ensure_ascii=False)))
    works_in_department = "clerk" in roles or "chief_rep" in roles
    if works_in_department:
      if s["department_id"] not in departments:
        stage.fail("%s: department_id %s does not exist"
                   % (where, json.dumps(s["department_id"])))
    elif s["department_id"] is not None:
      stage.fail("%s: centre staff (supervisor, trainer) must have "
                 "department_id null" % where)
    if s["window_id"] is not None and s["window_id"] not in window_ids:
      stage.fail("%s: window_id \"%s\" does not exist" % (where, s["window_id"]))
  index = index_unique(stage, "staff.json", staff, "id")
  index_unique(stage, "staff.json", staff, "username")
  stage.finish("%d staff, ids and usernames unique, roles valid, "
               "no passwords" % len(staff))
  return index


def check_windows(windows, departments, staff):
  stage = Stage("windows")
  good = []
  for n, w in enumerate(windows):
    where = "windows.json[%d]" % n
    if not check_fields(stage, where, w, WINDOW_FIELDS):
      continue
    good.append(w)
    where = "window %s" % w["id"]
    if not SLUG_RE.match(w["id"]):
      stage.fail("%s: id is not a short ASCII slug" % where)
    if w["department_id"] not in departments:
      stage.fail("%s: department_id \"%s\" does not exist"
                 % (where, w["department_id"]))
    for post in ("a_staff_id", "b_staff_id"):
      sid = w[post]
      if sid not in staff:
        stage.fail("%s: %s \"%s\" does not exist" % (where, post, sid))
        continue
      person = staff[sid]
      if "clerk" not in person["roles"] and "chief_rep" not in person["roles"]:
        stage.fail("%s: %s \"%s\" is neither clerk nor chief_rep"
                   % (where, post, sid))
      if person["department_id"] != w["department_id"]:
        stage.fail("%s: %s \"%s\" belongs to department %s, the window to %s"
                   % (where, post, sid, person["department_id"],
                      w["department_id"]))
    if w["a_staff_id"] == w["b_staff_id"]:
      stage.fail("%s: A and B post are the same person (%s)"
                 % (where, w["a_staff_id"]))
  index = index_unique(stage, "windows.json", windows, "id")
  index_unique(stage, "windows.json", windows, "code")
  if len(windows) != 12:
    stage.fail("windows.json: %d windows, exactly 12 needed" % len(windows))
  comprehensive = [w["id"] for w in good if w["comprehensive"]]
  if len(comprehensive) != 1:
    stage.fail("windows.json: %d comprehensive windows (%s), exactly 1 needed"
               % (len(comprehensive), ", ".join(comprehensive)))
  # Whoever sits at a window is one of its two posts.
  for s in staff.values():
    wid = s["window_id"]
    if wid is None or wid not in index or not isinstance(index[wid], dict):
      continue
    w = index[wid]
    if s["id"] not in (w.get("a_staff_id"), w.get("b_staff_id")):
      stage.fail("staff %s: has window_id %s but is neither its A nor its B "
                 "post" % (s["id"], wid))
    if s["department_id"] != w.get("department_id"):
      stage.fail("staff %s: department %s differs from that of window %s"
                 % (s["id"], s["department_id"], wid))
  stage.finish("12 windows, 1 comprehensive, A and B post distinct and "
               "in the window's department")
  return index, (comprehensive[0] if len(comprehensive) == 1 else None)


def check_chiefs_and_accounts(departments, staff, windows, comprehensive):
  stage = Stage("accounts")
  for d in departments.values():
    chief = d["chief_rep_staff_id"]
    if chief not in staff:
      stage.fail("department %s: chief_rep_staff_id \"%s\" does not exist"
                 % (d["id"], chief))
      continue
    if "chief_rep" not in staff[chief]["roles"]:
      stage.fail("department %s: chief rep %s lacks the role chief_rep"
                 % (d["id"], chief))
    if staff[chief]["department_id"] != d["id"]:
      stage.fail("department %s: chief rep %s belongs to department %s"
                 % (d["id"], chief, staff[chief]["department_id"]))
  for s in staff.values():
    if "chief_rep" in s["roles"] and s["department_id"] in departments:
      if departments[s["department_id"]]["chief_rep_staff_id"] != s["id"]:
        stage.fail("staff %s: is a chief_rep but not the chief rep of "
                   "department %s" % (s["id"], s["department_id"]))

  by_username = {s["username"]: s for s in staff.values()}
  for username, (role, dep) in ACCOUNTS.items():
    s = by_username.get(username)
    if s is None:
      stage.fail("account %s (api-v1.md) is missing" % username)
      continue
    if s["roles"] != [role]:
      stage.fail("account %s: roles should be [\"%s\"], are %s"
                 % (username, role, json.dumps(s["roles"])))
    if username == "clerk.zhou":
      if comprehensive is None or s["window_id"] != comprehensive:
        stage.fail("account clerk.zhou: should sit at the comprehensive "
                   "window (%s), sits at %s" % (comprehensive, s["window_id"]))
    elif s["department_id"] != dep:
      stage.fail("account %s: department should be %s, is %s"
                 % (username, dep, s["department_id"]))
  for username, dep in (("chief.zhang", "scjg"), ("chief.liu", "rsj")):
    s = by_username.get(username)
    if s and dep in departments and \
        departments[dep]["chief_rep_staff_id"] != s["id"]:
      stage.fail("department %s: chief rep should be %s" % (dep, username))
  li, wang = by_username.get("clerk.li"), by_username.get("clerk.wang")
  if li and wang:
    pairs = {(w["a_staff_id"], w["b_staff_id"]) for w in windows.values()
             if isinstance(w, dict)}
    if (li["id"], wang["id"]) not in pairs or (wang["id"], li["id"]) not in pairs:
      stage.fail("clerk.li and clerk.wang must be A and B post of each other "
                 "(one window each way)")
    for s in (li, wang):
      w = windows.get(s["window_id"])
      if not w or w.get("department_id") != "scjg":
        stage.fail("account %s: should sit at a market regulation window"
                   % s["username"])
  stage.finish("every department has its chief rep; the %d api-v1 accounts "
               "have the right role and place" % len(ACCOUNTS))


def han_count(text):
  return sum(1 for ch in text if is_han(ch))


def check_items(items, departments):
  stage = Stage("service-items")
  codes = {}
  material_ids = set()
  instant = 0
  per_department = {}
  for n, it in enumerate(items):
    where = "service-items.json[%d]" % n
    if not check_fields(stage, where, it, ITEM_FIELDS):
      continue
    where = "item %s" % it["code"]
    if not CODE_RE.match(it["code"]):
      stage.fail("%s: code should look like SCJG-001" % where)
    if it["code"] in codes:
      stage.fail("%s: duplicate code" % where)
    codes[it["code"]] = it
    if it["department_id"] not in departments:
      stage.fail("%s: department_id \"%s\" does not exist"
                 % (where, it["department_id"]))
    per_department[it["department_id"]] = \
        per_department.get(it["department_id"], 0) + 1
    if it["kind"] not in KINDS:
      stage.fail("%s: kind \"%s\" is not one of %s"
                 % (where, it["kind"], ", ".join(sorted(KINDS))))
    if not PINYIN_RE.match(it["pinyin"]):
      stage.fail("%s: pinyin \"%s\" is not lower-case a-z only"
                 % (where, it["pinyin"]))
    elif len(it["pinyin"]) != han_count(it["name"]):
      stage.fail("%s: pinyin \"%s\" has %d letters, the name %s has %d Han "
                 "characters" % (where, it["pinyin"], len(it["pinyin"]),
                                 it["name"], han_count(it["name"])))
    if "《" not in it["legal_basis"]:
      stage.fail("%s: legal_basis names no law or regulation (《…》)" % where)
    if it["promised_days"] < 0 or it["statutory_days"] < 0:
      stage.fail("%s: negative days" % where)
    if it["promised_days"] > it["statutory_days"]:
      stage.fail("%s: promised_days %d exceeds statutory_days %d"
                 % (where, it["promised_days"], it["statutory_days"]))
    if it["instant"]:
      instant += 1
      if it["promised_days"] != 0:
        stage.fail("%s: instant but promised_days is %d"
                   % (where, it["promised_days"]))
    elif it["promised_days"] == 0:
      stage.fail("%s: not instant but promised_days is 0" % where)
    if it["version"] < 1:
      stage.fail("%s: version should be >= 1" % where)
    mats = it["materials"]
    if not 2 <= len(mats) <= 8:
      stage.fail("%s: %d materials, 2 to 8 expected" % (where, len(mats)))
    mandatory = 0
    for k, m in enumerate(mats):
      mwhere = "%s material[%d]" % (where, k)
      if not check_fields(stage, mwhere, m, MATERIAL_FIELDS):
        continue
      if m["id"] in material_ids:
        stage.fail("%s: duplicate material id \"%s\"" % (mwhere, m["id"]))
      material_ids.add(m["id"])
      if not m["id"].startswith(it["code"] + "-"):
        stage.fail("%s: id \"%s\" should start with the item code"
                   % (mwhere, m["id"]))
      if m["copies"] < 0:
        stage.fail("%s: copies is negative" % mwhere)
      if m["mandatory"]:
        mandatory += 1
    if mats and mandatory == 0:
      stage.fail("%s: no mandatory material" % where)
  if len(items) < 60:
    stage.fail("service-items.json: %d items, at least 60 needed" % len(items))
  if instant < 10:
    stage.fail("service-items.json: %d instant items, at least 10 needed"
               % instant)
  for dep in REQUIRED_DEPARTMENTS:
    if per_department.get(dep, 0) == 0:
      stage.fail("service-items.json: department %s has no service item" % dep)
  stage.finish("%d items (%d instant) over %d departments, %d materials; "
               "codes, material ids, pinyin, days valid"
               % (len(items), instant, len(per_department), len(material_ids)))


def check_calendar(calendar):
  stage = Stage("calendar")
  years = calendar.get("years")
  if not isinstance(years, list):
    stage.fail("calendar.json: \"years\" should be an array")
    stage.finish("")
  seen = set()
  for n, y in enumerate(years):
    where = "calendar.json years[%d]" % n
    if not isinstance(y, dict) or not type_ok(y.get("year"), "int"):
      stage.fail("%s: needs an integer \"year\"" % where)
      continue
    year = y["year"]
    where = "calendar %d" % year
    if year in seen:
      stage.fail("%s: listed twice" % where)
    seen.add(year)
    days = {}
    for key in ("off_days", "work_days"):
      values = y.get(key)
      if not isinstance(values, list):
        stage.fail("%s: \"%s\" should be an array" % (where, key))
        continue
      parsed = []
      for v in values:
        if not isinstance(v, str) or not DATE_RE.match(v):
          stage.fail("%s: %s: %s is not a YYYY-MM-DD date"
                     % (where, key, json.dumps(v)))
          continue
        try:
          d = datetime.date.fromisoformat(v)
        except ValueError:
          stage.fail("%s: %s: %s is not a valid date" % (where, key, v))
          continue
        if d.year != year:
          stage.fail("%s: %s: %s is not in %d" % (where, key, v, year))
        parsed.append(d)
      if parsed != sorted(set(parsed)):
        stage.fail("%s: %s should be sorted without repeats" % (where, key))
      days[key] = set(parsed)
    if "off_days" in days and "work_days" in days:
      both = days["off_days"] & days["work_days"]
      if both:
        stage.fail("%s: dates both off and working: %s"
                   % (where, ", ".join(sorted(map(str, both)))))
      for d in sorted(days["work_days"]):
        if d.weekday() < 5:
          stage.fail("%s: work_days lists %s, a weekday (only weekend days "
                     "are made working days)" % (where, d))
      if not days["off_days"]:
        stage.fail("%s: no off_days" % where)
  for year in (2025, 2026):
    if year not in seen:
      stage.fail("calendar.json: year %d is missing" % year)
  stage.finish("years %s, dates valid, sorted, disjoint"
               % ", ".join(str(y) for y in sorted(seen)))


def main(argv):
  if len(argv) != 2 or argv[1] in ("-h", "--help"):
    sys.stderr.write("usage: check-demo.py DATA_DEMO_DIR\n")
    return 2
  directory = argv[1]
  if not os.path.isdir(directory):
    sys.stderr.write("check-demo: %s is not a directory\n" % directory)
    return 2
  data = load_all(directory)
  check_centre(data["centre.json"])
  departments = check_departments(data["departments.json"])
  staff = check_staff(data["staff.json"], departments, data["windows.json"])
  windows, comprehensive = check_windows(data["windows.json"], departments,
                                         staff)
  check_chiefs_and_accounts(departments, staff, windows, comprehensive)
  check_items(data["service-items.json"], departments)
  check_calendar(data["calendar.json"])
  print("check-demo: all checks passed for %s" % directory)
  return 0


if __name__ == "__main__":
  sys.exit(main(sys.argv))

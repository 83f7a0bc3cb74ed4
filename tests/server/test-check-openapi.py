#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Self-tests of check-openapi.py against the real data/openapi.yaml.

  test-check-openapi.py [CHECKER [SPEC]]

Runs the checker on good and bad inputs and verifies that it accepts the good ones (exit 0)
and rejects each bad one (exit 1) with the expected message. Exits 0 when the checker behaves.
"""

import copy
import json
import os
import subprocess
import sys
import tempfile

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
CHECKER = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "check-openapi.py")
SPEC = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "..", "..", "data", "openapi.yaml")

CASE_ID = "3f0c6a52-8a1e-4f3b-9a53-2f6f7f1f0b11"
HANDOFF_ID = "9b2d1c4e-1111-4c2a-8d7e-0a1b2c3d4e5f"

CENTRE = {
    "code": "sfx", "name": "示范县政务服务中心", "letter_prefix": "示政务",
    "phone": "0000-1234567", "complaint_phone": "0000-12345", "address": "示范县人民路1号",
    "letter_number_format": "{prefix}〔{year}〕{kind}字第{workstation}-{seq:06}号",
}
CASE = {
    "id": CASE_ID, "number": "示政务〔2026〕案字第W01-000001号", "service_item": "scjg-001",
    "service_item_name": "个体工商户设立登记", "department_id": "scjg",
    "applicant": {"kind": "person", "name": "张三", "id_type": "resident_id",
                  "id_number": "110105********002X", "credit_code": None,
                  "phone": "13800000000", "legal_representative": None},
    "agent": None,
    "materials": [{"material_id": "m1", "name": "申请书", "state": "received", "note": None}],
    "outcome": "accepted", "status": "accepted", "refusal_reason": None,
    "refusal_basis": None, "received_at": "2026-11-27T09:30:00+08:00",
    "accepted_on": "2026-11-27", "due_date": "2026-12-04", "completed_at": None,
    "result": None, "holder_id": "s-li", "window_id": "w-a01", "workstation": "W01",
    "created_by": "s-li", "id_override_reason": None,
    "created_at": "2026-11-27T09:31:00+08:00", "updated_at": "2026-11-27T09:31:00+08:00",
}
PROBLEM = {"type": "urn:yichuang:problem:invalid_id_number", "title": "Invalid ID number",
           "status": 422, "detail": "The ID number fails its check digit.",
           "code": "invalid_id_number", "field": "$.applicant.id_number"}


def ex(method, path, status, body, content_type="application/json; charset=utf-8"):
    if body is None and content_type == "application/json; charset=utf-8":
        content_type = None
    return {"method": method, "path": "/api/v1" + path, "status": status,
            "content_type": content_type, "body": body}


def with_case(**changes):
    c = copy.deepcopy(CASE)
    for key, value in changes.items():
        if value is KeyError:
            del c[key]
        else:
            c[key] = value
    return c


GOOD = [
    ex("GET", "/centre", 200, CENTRE),
    ex("POST", "/cases", 201, CASE),
    ex("POST", "/cases", 201, with_case(agent={"name": "李四", "id_type": "other",
                                               "id_number": "E12345678", "phone": None})),
    ex("GET", "/cases/" + CASE_ID, 200, CASE),
    ex("GET", "/cases?holder=me&limit=10", 200, {"cases": [CASE], "next_after": None}),
    ex("POST", "/cases", 422, PROBLEM, "application/problem+json"),
    ex("DELETE", "/sessions/current", 204, None),
    ex("GET", "/service-items", 304, None),
    ex("GET", "/calendar/2026", 200, {"year": 2026, "off_days": ["2026-10-01"],
                                      "work_days": ["2026-09-27"], "extra": "ignored"}),
    ex("POST", "/handoffs/%s/receipt" % HANDOFF_ID, 409,
       dict(PROBLEM, type="urn:yichuang:problem:not_approved", status=409, code="not_approved"),
       "application/problem+json"),
    ex("PUT", "/centre", 405,
       dict(PROBLEM, type="urn:yichuang:problem:method_not_allowed", status=405,
            code="method_not_allowed"), "application/problem+json"),
    ex("GET", "/events?after=0&wait=0", 200, {"events": [], "last_seq": 0}),
    ex("GET", "/events?after=0&wait=5", 200, {"events": [
        {"seq": 1, "type": "case.created", "entity": "case", "id": CASE_ID,
         "at": "2026-11-27T09:31:00+08:00", "actor_id": "s-li", "workstation": "W01",
         "offline": True}], "last_seq": 1}),
    ex("POST", "/sessions", 201, {
        "token": "t0k3n", "expires_at": "2026-11-27T21:00:00+08:00",
        "staff": {"id": "s-li", "username": "clerk.li", "name": "李明", "roles": ["clerk"],
                  "department_id": "scjg", "window_id": "w-a01"},
        "workstation": {"code": "W01", "name": "hall-pc-01"}, "centre": CENTRE}),
    ex("POST", "/sessions", 429,
       dict(PROBLEM, type="urn:yichuang:problem:too_many_attempts", status=429,
            code="too_many_attempts", retry_after=600), "application/problem+json"),
    ex("GET", "/service-items?q=gtgs", 200, {"version": "c0ffee-42", "service_items": [{
        "code": "scjg-001", "name": "个体工商户设立登记", "pinyin": "gtgshsldj",
        "department_id": "scjg", "kind": "permit", "legal_basis": "《促进个体工商户发展条例》",
        "conditions": "…", "procedure": "…", "promised_days": 3, "statutory_days": 15,
        "instant": False, "fees": "不收费", "contact": "0000-1234567",
        "complaint_channel": "0000-12345", "version": 2,
        "materials": [{"id": "m1", "name": "申请书", "original": True, "copies": 1,
                       "mandatory": True, "note": ""}]}]}),
    ex("POST", "/inquiries", 201, {
        "id": "0d8a3f4e-2b1c-4d5e-8f90-123456789abc", "visitor_name": None,
        "question": "办营业执照要带什么？", "outcome": "guided", "guided_to_window": "w-a01",
        "case_id": None, "asked_at": "2026-11-27T09:00:00+08:00", "staff_id": "s-zhou",
        "window_id": None, "workstation": "W02", "created_at": "2026-11-27T09:01:00+08:00"}),
    ex("POST", "/letters", 201, {
        "id": "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d", "case_id": CASE_ID,
        "kind": "one_time_notice", "number": "示政务〔2026〕告字第W01-000007号",
        "items": [{"material_id": "m1", "note": "缺少签字"}],
        "issued_at": "2026-11-27T09:40:00+08:00", "pdf_sha256": "ab" * 32,
        "issued_by": "s-li", "workstation": "W01"}),
    ex("POST", "/handoffs", 201, {
        "id": HANDOFF_ID, "kind": "ab_cover", "from_staff_id": "s-li",
        "from_department_id": "scjg", "to_staff_id": "s-wang", "to_department_id": None,
        "case_ids": [CASE_ID], "reason": "外出培训", "state": "pending",
        "requested_by": "s-li", "requested_at": "2026-11-27T10:00:00+08:00",
        "decided_by": None, "decided_at": None, "decision_comment": None,
        "received_by": None, "received_at": None, "answer": None, "answered_by": None,
        "answered_at": None, "answer_comment": None}),
    ex("POST", "/cases/%s/evaluation" % CASE_ID, 201, {
        "case_id": CASE_ID, "rating": 5, "comment": None,
        "at": "2026-11-27T10:05:00+08:00", "staff_id": "s-li"}),
]

# (name, exchange, text expected in the checker's output)
BAD = [
    ("undeclared status", ex("GET", "/centre", 418, CENTRE), "status 418 is not declared"),
    ("unknown path", ex("GET", "/nowhere", 200, {}), "no path in the spec matches"),
    ("outside base path", dict(ex("GET", "/centre", 200, CENTRE), path="/centre"),
     "not under the base path"),
    ("undeclared method", ex("PATCH", "/centre", 200, CENTRE), "PATCH is not declared"),
    ("error as plain JSON", ex("POST", "/cases", 422, PROBLEM),
     "content type 'application/json; charset=utf-8' is not declared"),
    ("missing required field", ex("POST", "/cases", 201, with_case(due_date=KeyError)),
     "'due_date' is a required property"),
    ("nested wrong type", ex("GET", "/cases/" + CASE_ID, 200,
                             with_case(applicant=dict(CASE["applicant"], id_number=12))),
     "$.applicant.id_number: 12 is not of type"),
    ("null where not nullable", ex("GET", "/cases/" + CASE_ID, 200, with_case(holder_id=None)),
     "$.holder_id: None is not of type"),
    ("bad nullable object", ex("GET", "/cases/" + CASE_ID, 200, with_case(agent={
        "name": "李四", "id_type": "driving_licence", "id_number": None, "phone": None})),
     "$.agent.id_type: 'driving_licence' is not one of"),
    ("bad enum in list", ex("GET", "/cases", 200,
                            {"cases": [with_case(status="lost")], "next_after": None}),
     "$.cases[0].status: 'lost' is not one of"),
    ("problem with unknown code", ex("POST", "/cases", 422, dict(PROBLEM, code="oops"),
                                     "application/problem+json"), "$.code: 'oops'"),
    ("body on 204", ex("DELETE", "/sessions/current", 204, {"ok": True}), "has no body"),
    ("missing body", ex("GET", "/centre", 200, None, "application/json"), "got none"),
    ("trailing slash", ex("GET", "/centre/", 200, CENTRE), "no path in the spec matches"),
    ("bad event", ex("GET", "/events", 200, {"events": [
        {"seq": 0, "type": "case.created", "entity": "case", "id": CASE_ID,
         "at": "2026-11-27T09:31:00+08:00", "actor_id": "s-li", "workstation": None,
         "offline": False}], "last_seq": 0}),
     "$.events[0].seq: 0 is less than the minimum of 1"),
    ("wrong charset", ex("GET", "/centre", 200, CENTRE, "application/json; charset=gbk"),
     "is not UTF-8"),
]

failures = []


def run(*args):
    p = subprocess.run([sys.executable, CHECKER] + list(args), stdout=subprocess.PIPE,
                       stderr=subprocess.STDOUT, universal_newlines=True)
    return p.returncode, p.stdout


def expect(name, rc, out, want_rc, *texts):
    ok = rc == want_rc and all(t in out for t in texts)
    print("%s %s" % ("ok  " if ok else "FAIL", name))
    if not ok:
        failures.append(name)
        print("    expected exit %d and %r; got exit %d:" % (want_rc, texts, rc))
        for line in out.splitlines():
            print("    | " + line)


def write_jsonl(tmp, name, lines):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        for line in lines:
            f.write((line if isinstance(line, str) else json.dumps(line, ensure_ascii=False))
                    + "\n")
    return path


def write_spec(tmp, name, doc):
    path = os.path.join(tmp, name)
    with open(path, "w", encoding="utf-8") as f:
        yaml.safe_dump(doc, f, allow_unicode=True, sort_keys=False)
    return path


def main():
    with open(SPEC, encoding="utf-8") as f:
        spec = yaml.safe_load(f)

    with tempfile.TemporaryDirectory() as tmp:
        rc, out = run("lint", SPEC)
        expect("lint of the real spec", rc, out, 0, "0 problems")

        path = write_jsonl(tmp, "good.jsonl", GOOD)
        rc, out = run("exchanges", SPEC, path)
        expect("valid exchanges", rc, out, 0,
               "openapi: %d exchanges checked, 0 problems" % len(GOOD))

        for i, (name, exchange, text) in enumerate(BAD):
            path = write_jsonl(tmp, "bad%d.jsonl" % i, [GOOD[0], exchange])
            rc, out = run("exchanges", SPEC, path)
            expect("invalid exchange: " + name, rc, out, 1,
                   "2 exchanges checked, 1 problems", text)

        path = write_jsonl(tmp, "garbage.jsonl", ["{not json"])
        rc, out = run("exchanges", SPEC, path)
        expect("unreadable line", rc, out, 1, "unreadable line")

        # A broken copy of the spec: each mutation must be reported.
        broken = copy.deepcopy(spec)
        paths = broken["paths"]
        del paths["/centre"]["get"]["operationId"]
        paths["/departments"]["get"]["operationId"] = "listWindows"
        paths["/cases"]["post"]["parameters"] = [
            p for p in paths["/cases"]["post"]["parameters"]
            if "IdempotencyKey" not in p.get("$ref", "")]
        paths["/windows"]["get"]["responses"]["200"]["content"]["application/json"]["schema"] = \
            {"$ref": "#/components/schemas/NoSuchThing"}
        paths["/staff"]["get"]["responses"]["404"] = {
            "description": "x", "content": {"application/json": {"schema": {"type": "object"}}}}
        paths["/letters"]["get"]["responses"] = {
            "400": paths["/letters"]["get"]["responses"]["400"]}
        paths["/calendar/{year}"]["get"]["parameters"] = []
        del paths["/calendar/{year}"]["parameters"]
        broken["components"]["schemas"]["Centre"]["properties"]["phone"] = {
            "type": ["string", "null"]}
        broken["components"]["schemas"]["Calendar"]["properties"]["year"] = {
            "type": "integer", "minimum": "zero"}
        broken["components"]["schemas"]["Window"]["properties"]["code"]["const"] = "A01"
        broken["components"]["schemas"]["Case"]["properties"]["agent"] = {
            "type": "object", "nullable": True,
            "allOf": [{"$ref": "#/components/schemas/Agent"}]}
        broken["components"]["schemas"][None] = {"type": "object"}
        path = write_spec(tmp, "broken.yaml", broken)
        rc, out = run("lint", path)
        expect("lint of a broken spec", rc, out, 1,
               "GET /centre: no operationId",
               "operationId 'listWindows' is also used",
               "POST /cases: POST must declare the Idempotency-Key",
               "NoSuchThing",
               "GET /staff response 404: an error response must use application/problem+json",
               "GET /letters: no 2xx response",
               "path parameter {year} is not declared",
               "components.schemas.Centre.properties.phone: type must be one of",
               "components.schemas.Calendar: not valid JSON Schema",
               "'const' is not an OpenAPI 3.0 schema keyword",
               "components.schemas.Case.properties.agent: nullable does not reach into allOf",
               "bad component name None")

        v2 = copy.deepcopy(spec)
        v2["openapi"] = "3.1.0"
        rc, out = run("lint", write_spec(tmp, "v31.yaml", v2))
        expect("lint rejects 3.1", rc, out, 1, "must be a 3.0.x version")

    if failures:
        print("%d of the checker's self-tests failed" % len(failures))
        return 1
    print("all checker self-tests passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())

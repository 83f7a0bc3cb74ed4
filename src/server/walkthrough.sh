#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
#
# A day's work at the window with curl alone, against a demo server:
#
#   yichuang-server --demo --db /tmp/yc-demo.db --listen 127.0.0.1:8470 &
#   src/server/walkthrough.sh http://127.0.0.1:8470
#
# clerk.li signs in, takes in a food business permit with materials missing, issues the
# one-time notice, asks for an A/B cover handoff to clerk.wang; chief.zhang approves it and
# clerk.wang signs for the case. On the way it shows the refusals the server gives (each a
# problem+json with a readable detail). Needs curl and python3. Run it on a fresh demo
# database: it stops at the first answer that is not the one expected.
set -eu

BASE="${1:?usage: $0 BASE_URL (e.g. http://127.0.0.1:8470)}"
API="${BASE%/}/api/v1"
WORKSTATION="walkthrough-$(uname -n)"
BODY_FILE=$(mktemp)
trap 'rm -f "$BODY_FILE"' EXIT

uuid () {
  python3 -c 'import uuid; print(uuid.uuid4())'
}

# pick KEY[.KEY…] < json: print one value of the last answer ("staff.name", "cases.0.id").
pick () {
  python3 -c '
import json, sys
value = json.load(open(sys.argv[1], encoding="utf-8"))
for key in sys.argv[2].split("."):
    value = value[int(key)] if isinstance(value, list) else value[key]
print(value if not isinstance(value, (dict, list)) else json.dumps(value, ensure_ascii=False))
' "$BODY_FILE" "$1"
}

show () {
  python3 -c '
import json, sys
text = open(sys.argv[1], encoding="utf-8").read()
try:
    out = json.dumps(json.loads(text), ensure_ascii=False, indent=2)
except ValueError:
    out = text
lines = out.splitlines()
print("\n".join("   " + l for l in lines[:24]) + ("\n   …" if len(lines) > 24 else ""))
' "$BODY_FILE"
}

step () {
  printf '\n== %s\n' "$*"
}

# call EXPECTED METHOD PATH TOKEN [BODY] [EXTRA CURL ARGS…]
call () {
  expected=$1 method=$2 path=$3 token=$4
  shift 4
  body=${1:-}
  [ $# -gt 0 ] && shift
  if [ -n "$body" ]; then
    set -- --data-binary "$body" -H 'Content-Type: application/json' "$@"
  fi
  if [ "$method" = POST ] && [ "$path" != /sessions ]; then
    set -- -H "Idempotency-Key: $(uuid)" "$@"
  fi
  if [ -n "$token" ]; then
    set -- -H "Authorization: Bearer $token" "$@"
  fi
  status=$(curl -sS -o "$BODY_FILE" -w '%{http_code}' -X "$method" \
                -H 'Accept-Language: zh-CN' "$@" "$API$path")
  echo "   $method $path -> $status"
  show
  if [ "$status" != "$expected" ]; then
    echo "!! expected $expected, got $status" >&2
    exit 1
  fi
}

sign_in () {
  call 201 POST /sessions "" \
    "{\"username\":\"$1\",\"password\":\"yichuang-demo\",\"workstation\":\"$WORKSTATION\"}" >/dev/null
  pick token
}

NOW=$(date +%Y-%m-%dT%H:%M:%S%:z)
ITEM=SCJG-008   # 食品经营许可, promised in 5 working days

step "A wrong password is refused (401 invalid_credentials)"
call 401 POST /sessions "" \
  "{\"username\":\"clerk.li\",\"password\":\"wrong\",\"workstation\":\"$WORKSTATION\"}"

step "clerk.li signs in"
call 201 POST /sessions "" \
  "{\"username\":\"clerk.li\",\"password\":\"yichuang-demo\",\"workstation\":\"$WORKSTATION\"}"
LI=$(pick token)
echo "   signed in as $(pick staff.name) on workstation $(pick workstation.code)"

step "Without a token nothing is served (401 unauthorized)"
call 401 GET /centre ""

step "clerk.li looks up the guide of $ITEM"
call 200 GET "/service-items/$ITEM" "$LI"
echo "   $(pick name): promised $(pick promised_days) working days"

step "An ID number with a wrong check digit is refused (422 invalid_id_number)"
CASE=$(uuid)
call 422 POST /cases "$LI" "{
  \"id\":\"$CASE\",\"number\":\"示政务〔2026〕案字第W01-000001号\",\"service_item\":\"$ITEM\",
  \"applicant\":{\"kind\":\"person\",\"name\":\"赵大伟\",\"id_number\":\"110105194912310021\",
                 \"phone\":\"13800138000\"},
  \"materials\":[],\"outcome\":\"incomplete\",\"received_at\":\"$NOW\"}"

step "clerk.li takes in the application: two materials missing or defective"
call 201 POST /cases "$LI" "{
  \"id\":\"$CASE\",\"number\":\"示政务〔2026〕案字第W01-000001号\",\"service_item\":\"$ITEM\",
  \"applicant\":{\"kind\":\"person\",\"name\":\"赵大伟\",\"id_number\":\"11010519491231002X\",
                 \"phone\":\"13800138000\"},
  \"materials\":[
    {\"material_id\":\"$ITEM-01\",\"state\":\"received\"},
    {\"material_id\":\"$ITEM-02\",\"state\":\"received\"},
    {\"material_id\":\"$ITEM-03\",\"state\":\"missing\",\"note\":\"未提交\"},
    {\"material_id\":\"$ITEM-04\",\"state\":\"defective\",\"note\":\"平面图未标明尺寸\"},
    {\"material_id\":\"$ITEM-05\",\"state\":\"received\"}],
  \"outcome\":\"incomplete\",\"received_at\":\"$NOW\"}"
echo "   case $(pick number): status $(pick status), holder $(pick holder_id)"

SHA=$(printf 'one-time notice %s' "$CASE" | sha256sum | cut -d' ' -f1)
step "clerk.li issues the one-time notice listing both"
call 201 POST /letters "$LI" "{
  \"id\":\"$(uuid)\",\"case_id\":\"$CASE\",\"kind\":\"one_time_notice\",
  \"number\":\"示政务〔2026〕告字第W01-000001号\",
  \"items\":[{\"material_id\":\"$ITEM-03\",\"note\":\"请补交\"},
             {\"material_id\":\"$ITEM-04\",\"note\":\"请标明尺寸后重新提交\"}],
  \"issued_at\":\"$NOW\",\"pdf_sha256\":\"$SHA\"}"

step "A second notice asking for something new breaks the one-time rule (422 one_time_rule)"
call 422 POST /letters "$LI" "{
  \"id\":\"$(uuid)\",\"case_id\":\"$CASE\",\"kind\":\"one_time_notice\",
  \"number\":\"示政务〔2026〕告字第W01-000002号\",
  \"items\":[{\"material_id\":\"$ITEM-05\",\"note\":\"再补一份\"}],
  \"issued_at\":\"$NOW\",\"pdf_sha256\":\"$SHA\"}"

step "A supervisor may look but not change anything (403 forbidden)"
ZHAO=$(sign_in super.zhao)
call 403 POST /handoffs "$ZHAO" "{\"id\":\"$(uuid)\",\"kind\":\"shift_end\",
  \"to_staff_id\":\"s-wang\",\"case_ids\":[\"$CASE\"],\"reason\":\"test\"}"

step "clerk.li asks for an A/B cover handoff of the case to clerk.wang"
HANDOFF=$(uuid)
call 201 POST /handoffs "$LI" "{\"id\":\"$HANDOFF\",\"kind\":\"ab_cover\",
  \"to_staff_id\":\"s-wang\",\"case_ids\":[\"$CASE\"],\"reason\":\"下午外出培训，由B岗顶岗\"}"
echo "   handoff state: $(pick state)"

step "clerk.wang cannot sign for it before approval (409 not_approved)"
WANG=$(sign_in clerk.wang)
call 409 POST "/handoffs/$HANDOFF/receipt" "$WANG"

step "clerk.li cannot approve it (403 forbidden: only the chief rep, not the requester)"
call 403 POST "/handoffs/$HANDOFF/decision" "$LI" '{"decision":"approve"}'

step "chief.zhang signs in and approves"
ZHANG=$(sign_in chief.zhang)
call 200 GET "/handoffs?scope=department&state=pending" "$ZHANG"
call 200 POST "/handoffs/$HANDOFF/decision" "$ZHANG" '{"decision":"approve","comment":"同意"}'

step "Deciding twice is refused (409 already_decided)"
call 409 POST "/handoffs/$HANDOFF/decision" "$ZHANG" '{"decision":"reject"}'

step "clerk.li no longer holds the case (409 case_not_held)"
call 409 POST "/cases/$CASE/materials" "$LI" \
  "{\"materials\":[{\"material_id\":\"$ITEM-03\",\"state\":\"received\"}]}"

step "clerk.wang signs for the handoff (签收)"
call 200 POST "/handoffs/$HANDOFF/receipt" "$WANG"

step "Signing twice is refused (409 already_received)"
call 409 POST "/handoffs/$HANDOFF/receipt" "$WANG"

step "The applicant comes back with the materials: the case is accepted with a due date"
call 200 POST "/cases/$CASE/materials" "$WANG" "{\"materials\":[
  {\"material_id\":\"$ITEM-03\",\"state\":\"received\"},
  {\"material_id\":\"$ITEM-04\",\"state\":\"received\"}]}"
echo "   status $(pick status), accepted on $(pick accepted_on), due $(pick due_date)"

step "clerk.wang's list shows it, with the ID number masked"
call 200 GET "/cases?holder=me" "$WANG"
echo "   $(pick cases.0.number): $(pick cases.0.applicant.id_number)"

step "The audit trail of the day"
call 200 GET "/events?after=0" "$ZHAO"
python3 -c '
import json, sys
for e in json.load(open(sys.argv[1], encoding="utf-8"))["events"]:
    print("   %4d %-22s %-8s by %s" % (e["seq"], e["type"], e["entity"], e["actor_id"]))
' "$BODY_FILE"

step "clerk.li signs out; the token is dead afterwards"
call 204 DELETE /sessions/current "$LI"
call 401 GET /centre "$LI"

printf '\nDone: every step answered as expected.\n'

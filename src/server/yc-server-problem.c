/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-server-problem"

#include "config.h"

#include <string.h>

#include "yc-server-private.h"

/* The server answers in English or Chinese from its own table (it does not use gettext):
 * the language follows the request's Accept-Language, not the server's locale. "{field}"
 * stands for the JSON path of the offending field. */
typedef struct {
  const char *id;
  const char *en;
  const char *zh;
} Detail;

typedef struct {
  const char *code;
  const char *title;
} Title;

static const Title titles[] = {
  { "bad_request", "Bad request" },
  { "invalid_json", "Invalid JSON" },
  { "invalid_utf8", "Invalid UTF-8" },
  { "too_deep", "JSON nested too deeply" },
  { "wrong_type", "Wrong type" },
  { "missing_field", "Missing field" },
  { "invalid_value", "Invalid value" },
  { "missing_idempotency_key", "Missing Idempotency-Key" },
  { "idempotency_mismatch", "Idempotency-Key reused with a different request" },
  { "idempotency_in_progress", "Request with this Idempotency-Key in progress" },
  { "unauthorized", "Unauthorized" },
  { "invalid_credentials", "Invalid credentials" },
  { "too_many_attempts", "Too many attempts" },
  { "forbidden", "Forbidden" },
  { "not_found", "Not found" },
  { "method_not_allowed", "Method not allowed" },
  { "payload_too_large", "Payload too large" },
  { "unsupported_media_type", "Unsupported media type" },
  { "invalid_id_number", "Invalid ID number" },
  { "invalid_credit_code", "Invalid unified social credit code" },
  { "invalid_phone", "Invalid phone number" },
  { "unknown_service_item", "Unknown service item" },
  { "unknown_material", "Unknown material" },
  { "one_time_rule", "One-time notification rule" },
  { "already_decided", "Already decided" },
  { "not_approved", "Not approved" },
  { "already_received", "Already received" },
  { "already_evaluated", "Already evaluated" },
  { "not_parallel", "Not a parallel handoff" },
  { "not_received", "Not signed for" },
  { "already_answered", "Already answered" },
  { "conflict", "Conflict" },
  { "case_not_held", "Case not held" },
  { "calendar_missing", "Calendar missing" },
  { "not_batchable", "Not a change that can be batched" },
  { "internal_error", "Internal server error" },
};

static const Detail details[] = {
  { "bad_request",
    "The request is not valid.",
    "请求无效。" },
  { "body_not_object",
    "The request body must be a JSON object.",
    "请求正文必须是一个 JSON 对象。" },
  { "invalid_json",
    "The request body is not valid JSON.",
    "请求正文不是有效的 JSON。" },
  { "invalid_utf8",
    "The request is not valid UTF-8 text.",
    "请求内容不是有效的 UTF-8 文本。" },
  { "too_deep",
    "The JSON in the request is nested more than 32 levels deep.",
    "请求中的 JSON 嵌套超过 32 层。" },
  { "wrong_type",
    "The field “{field}” has the wrong type.",
    "字段“{field}”的类型不正确。" },
  { "missing_field",
    "The field “{field}” is required.",
    "缺少必填字段“{field}”。" },
  { "invalid_value",
    "The field “{field}” has a value that is not allowed.",
    "字段“{field}”的取值无效。" },
  { "invalid_query",
    "The query parameter “{field}” has a value that is not allowed.",
    "查询参数“{field}”的取值无效。" },
  { "missing_query",
    "The query parameter “{field}” is required.",
    "缺少查询参数“{field}”。" },
  { "invalid_idempotency_key",
    "The Idempotency-Key header must be a UUID.",
    "Idempotency-Key 请求头必须是一个 UUID。" },
  { "missing_idempotency_key",
    "Every POST needs an Idempotency-Key header.",
    "每个 POST 请求都必须带有 Idempotency-Key 请求头。" },
  { "idempotency_mismatch",
    "This Idempotency-Key was already used for a different request.",
    "此 Idempotency-Key 已用于另一个不同的请求。" },
  { "idempotency_in_progress",
    "A request with this Idempotency-Key is still being processed; try again shortly.",
    "使用此 Idempotency-Key 的请求仍在处理中，请稍后重试。" },
  { "unauthorized",
    "Sign in first: the token is missing, unknown or expired.",
    "请先登录：令牌缺失、无效或已过期。" },
  { "invalid_credentials",
    "The username or password is wrong.",
    "用户名或密码错误。" },
  { "too_many_attempts",
    "Too many failed sign-ins for this username; wait a while before trying again.",
    "该用户名登录失败次数过多，请稍后再试。" },
  { "forbidden",
    "Your role does not allow this.",
    "您的角色无权执行此操作。" },
  { "forbidden_case",
    "You may not see or act on this case.",
    "您无权查看或办理此案件。" },
  { "forbidden_scope",
    "Your role may not see this list.",
    "您的角色无权查看此列表。" },
  { "forbidden_decision",
    "Only a chief representative of the giving department who did not request the handoff "
    "may decide it.",
    "只有移交部门中未提出该移交申请的首席代表才能审批。" },
  { "forbidden_receipt",
    "Only the receiver of the handoff may sign for it.",
    "只有移交的接收人才能签收。" },
  { "forbidden_answer",
    "Only a member of the receiving department may answer this parallel handoff.",
    "只有接收部门的工作人员才能答复该并联审批。" },
  { "not_found",
    "There is no such record.",
    "找不到该记录。" },
  { "batch_size",
    "A batch carries from 1 to 100 requests.",
    "一个批量请求包含 1 至 100 个请求。" },
  { "batch_method",
    "Only POST requests can be sent in a batch.",
    "批量请求中只能包含 POST 请求。" },
  { "not_batchable",
    "Only changes that carry an Idempotency-Key can be sent in a batch.",
    "批量请求中只能包含带有 Idempotency-Key 的变更请求。" },
  { "no_route",
    "There is no such address in the API.",
    "API 中没有这个地址。" },
  { "method_not_allowed",
    "This address does not accept this method.",
    "此地址不支持该请求方法。" },
  { "payload_too_large",
    "The request body is larger than 1 MiB.",
    "请求正文超过 1 MiB。" },
  { "unsupported_media_type",
    "The request body must be application/json.",
    "请求正文必须是 application/json 格式。" },
  { "invalid_id_number",
    "The resident ID number is not valid (check character or birth date). Correct it, or give "
    "a reason in id_override_reason.",
    "居民身份证号码无效（校验码或出生日期不符）。请更正，或在 id_override_reason 中说明原因。" },
  { "invalid_credit_code",
    "The unified social credit code is not valid. Correct it, or give a reason in "
    "id_override_reason.",
    "统一社会信用代码无效。请更正，或在 id_override_reason 中说明原因。" },
  { "invalid_phone",
    "The phone number is not a mainland mobile number (11 digits starting with 1).",
    "电话号码不是有效的手机号码（以 1 开头的 11 位数字）。" },
  { "unknown_service_item",
    "There is no service item with this code.",
    "没有该编码的服务事项。" },
  { "unknown_material",
    "This material is not in the service item's guide.",
    "该材料不在此服务事项的办事指南中。" },
  { "one_time_rule",
    "A later one-time notice may not ask for anything the first one did not list (one-time "
    "notification rule).",
    "根据一次性告知制度，后续告知书不得要求首次告知书未列出的材料。" },
  { "already_decided",
    "This handoff has already been decided.",
    "该移交已经审批过。" },
  { "not_approved",
    "This handoff has not been approved.",
    "该移交尚未获得批准。" },
  { "already_received",
    "This handoff has already been signed for.",
    "该移交已经签收。" },
  { "not_parallel",
    "Only a parallel handoff (并联审批) is answered.",
    "只有并联审批的移交才需要答复。" },
  { "not_received",
    "Sign for the parallel handoff before answering it.",
    "请先签收该并联审批，再作答复。" },
  { "already_answered",
    "Your department has already answered this parallel handoff.",
    "本部门已答复过该并联审批。" },
  { "answer_reason",
    "Give the reason when you do not agree.",
    "答复“不同意”时必须说明理由。" },
  { "already_evaluated",
    "This case has already been evaluated.",
    "该案件已有评价。" },
  { "conflict",
    "A different record with this id or number already exists.",
    "已存在使用该 ID 或编号的其他记录。" },
  { "case_state",
    "The case is not in a state that allows this.",
    "案件当前的状态不允许此操作。" },
  { "case_not_held",
    "You do not hold this case (it may have been handed off meanwhile).",
    "您不持有该案件（可能已被移交）。" },
  { "calendar_missing",
    "The official calendar for this year is not loaded, so the due date cannot be computed.",
    "尚未载入该年度的法定工作日历，无法计算办结期限。" },
  { "internal_error",
    "Something went wrong on the server. Try again later.",
    "服务器内部错误，请稍后重试。" },
  { "materials_accept",
    "To accept the case, every mandatory material must be listed as received.",
    "受理须收齐全部必要材料（状态均为已收）。" },
  { "materials_incomplete",
    "A case with incomplete materials needs at least one missing or defective material.",
    "材料不全的案件至少须有一项缺少或有误的材料。" },
  { "materials_duplicate",
    "A material is listed twice.",
    "同一材料被重复列出。" },
  { "not_instant",
    "This service item cannot be completed on the spot.",
    "该事项不能即来即办。" },
  { "not_partner",
    "An A/B cover handoff must go to your A/B post partner.",
    "AB 岗顶岗移交只能交给您的 AB 岗搭档。" },
  { "handoff_target",
    "The receiver does not fit this kind of handoff.",
    "接收方与该移交类型不符。" },
  { "handoff_self",
    "A handoff cannot go to yourself.",
    "不能移交给自己。" },
  { "no_chief_rep",
    "The receiving department has no chief representative to hold the cases.",
    "接收部门没有首席代表，无法接收案件。" },
  { "one_time_items",
    "A one-time notice must list at least one material.",
    "一次性告知书至少须列出一项材料。" },
};

const char *
yc_problem_title (const char *code)
{
  for (guint i = 0; i < G_N_ELEMENTS (titles); i++)
    if (strcmp (titles[i].code, code) == 0)
      return titles[i].title;
  return "Error";
}

static char *
replace_field (const char *text,
               const char *field)
{
  const char *mark = strstr (text, "{field}");
  GString *out;

  if (mark == NULL)
    return g_strdup (text);
  out = g_string_new_len (text, mark - text);
  g_string_append (out, field != NULL ? field : "");
  g_string_append (out, mark + strlen ("{field}"));
  return g_string_free (out, FALSE);
}

char *
yc_problem_detail (const char *detail_id,
                   const char *field,
                   gboolean    zh)
{
  for (guint i = 0; i < G_N_ELEMENTS (details); i++)
    if (strcmp (details[i].id, detail_id) == 0)
      return replace_field (zh ? details[i].zh : details[i].en, field);

  g_warning ("No problem detail for “%s”", detail_id);
  return g_strdup (zh ? "请求无法处理。" : "The request cannot be processed.");
}

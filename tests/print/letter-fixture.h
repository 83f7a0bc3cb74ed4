/* SPDX-License-Identifier: GPL-3.0-or-later */
/* letter-fixture.h: the sample letter that test-letter-writer writes and test-letter-print
 * prints, every kind from one content, and a letter's text as Poppler reads it back (for
 * those, test-letter-issue and test-letters-page). */
#pragma once

#include <string.h>

#include "yc-letter-content.h"
#include "yc-pdf-render.h"

/* poppler-glib 22.12 declares no cleanup functions. */
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerDocument, g_object_unref)
G_DEFINE_AUTOPTR_CLEANUP_FUNC (PopplerPage, g_object_unref)

#define LETTER_CENTRE      "示范县政务服务中心"
#define LETTER_APPLICANT   "张三"
#define LETTER_FULL_ID     "11010519491231002X"
#define LETTER_MASKED_ID   "110105********002X"
#define LETTER_ITEM        "个体工商户设立登记"
#define LETTER_CASE_NUMBER "SFX-2026-A07-000318"

/* The sample's letter number for @kind. */
static inline const char *
letter_fixture_number (YcLetterKind kind)
{
  switch (kind)
    {
    case YC_LETTER_KIND_ONE_TIME_NOTICE: return "示政务〔2026〕告字第A07-000123号";
    case YC_LETTER_KIND_ACCEPTANCE: return "示政务〔2026〕受字第A07-000124号";
    case YC_LETTER_KIND_REFUSAL: return "示政务〔2026〕不字第A07-000125号";
    case YC_LETTER_KIND_COMPLETION: return "示政务〔2026〕结字第A07-000126号";
    case YC_LETTER_KIND_NONE:
    default: return "";
    }
}

/* A letter of @kind with every member set: a person with an agent, and for a one-time
 * notice three materials (missing, defective with a long note, missing without a note). */
static inline YcLetterContent *
letter_fixture_content (YcLetterKind kind)
{
  YcLetterContent *content = yc_letter_content_new (kind);

  content->number = g_strdup (letter_fixture_number (kind));
  content->issued_date = g_strdup ("2026-11-28T10:15:00+08:00");
  content->centre_name = g_strdup (LETTER_CENTRE);
  content->centre_phone = g_strdup ("0000-6610000");
  content->centre_address = g_strdup ("示范县人民大道88号政务服务中心大楼一楼");
  content->centre_complaint_phone = g_strdup ("0000-6610012");
  content->applicant_name = g_strdup (LETTER_APPLICANT);
  content->applicant_kind = g_strdup ("person");
  content->applicant_id = g_strdup (LETTER_FULL_ID);
  content->agent_name = g_strdup ("李四");
  content->item_code = g_strdup ("SCJG-001");
  content->item_name = g_strdup (LETTER_ITEM);
  content->case_number = g_strdup (LETTER_CASE_NUMBER);
  content->received_date = g_strdup ("2026-11-28T09:40:00+08:00");
  content->accepted_date = g_strdup ("2026-11-28");
  content->due_date = g_strdup ("2026-12-09");
  content->completed_date = g_strdup ("2026-12-04T15:00:00+08:00");
  content->refusal_reason = g_strdup ("申请事项依法不属于本行政机关职权范围");
  content->refusal_basis = g_strdup ("《中华人民共和国行政许可法》第三十二条第一款第（二）项");
  content->result = g_strdup ("准予登记，核发营业执照正本一份、副本一份");
  content->clerk_name = g_strdup ("王小明");
  content->window_code = g_strdup ("A07");
  if (kind == YC_LETTER_KIND_ONE_TIME_NOTICE)
    {
      yc_letter_content_add_row (content, "个体工商户登记（备案）申请书", "missing",
                                 "须经营者本人签字");
      yc_letter_content_add_row (content, "经营场所使用证明", "defective",
                                 "租赁协议已过期，请提交有效期内的租赁协议及出租方产权证明复印件");
      yc_letter_content_add_row (content, "授权委托书及受托人居民身份证", "missing", NULL);
    }
  return content;
}

/* The text without white space: Poppler breaks lines wherever the layout broke them. */
static inline char *
letter_fixture_squeeze (const char *text)
{
  GString *out = g_string_new (NULL);

  for (const char *p = text; *p != '\0'; p = g_utf8_next_char (p))
    {
      gunichar c = g_utf8_get_char (p);

      if (!g_unichar_isspace (c))
        g_string_append_unichar (out, c);
    }
  return g_string_free (out, FALSE);
}

/* Page @index's text, squeezed. */
static inline char *
letter_fixture_page_text (PopplerDocument *document,
                          int              index)
{
  g_autoptr(PopplerPage) page = poppler_document_get_page (document, index);
  g_autofree char *text = NULL;

  g_assert_nonnull (page);
  text = poppler_page_get_text (page);
  return letter_fixture_squeeze (text != NULL ? text : "");
}

/* Every page's text, squeezed, one after the other. */
static inline char *
letter_fixture_document_text (PopplerDocument *document)
{
  GString *all = g_string_new (NULL);

  for (int i = 0; i < poppler_document_get_n_pages (document); i++)
    {
      g_autofree char *text = letter_fixture_page_text (document, i);

      g_string_append (all, text);
    }
  return g_string_free (all, FALSE);
}

/* The text of @pdf, squeezed. */
static inline char *
letter_fixture_pdf_text (GBytes *pdf)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(PopplerDocument) document = yc_pdf_open (pdf, &error);

  g_assert_no_error (error);
  return letter_fixture_document_text (document);
}

/* How many times @needle stands in @haystack. */
static inline guint
letter_fixture_count (const char *haystack,
                      const char *needle)
{
  guint n = 0;

  for (const char *p = strstr (haystack, needle); p != NULL; p = strstr (p + 1, needle))
    n++;
  return n;
}

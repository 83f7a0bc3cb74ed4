/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "fuzz-letter-template"

#include "config.h"

#include <string.h>

#include "fuzz-support.h"
#include "yc-letter-template.h"

/* A letter template as data/letters holds it: the kind file and the centre file loaded, and a
 * template that loads read through all its parts and expanded with a letter's content (every
 * field filled, then every field empty).
 *
 * Input: the kind's name on the first line ("acceptance", "one_time_notice", …), the kind
 * file, then optionally a line "--centre--" and the centre file. Without one the centre file
 * is the smallest that loads. */

#define CENTRE_SEPARATOR "\n--centre--\n"

static const char minimal_centre[] =
  "{\"name\":\"示范县政务服务中心\",\"seal_caption\":\"（业务专用章）\","
  "\"reconsideration_body\":\"示范县人民政府\",\"court\":\"示范县人民法院\"}";

static YcLetterContent *
full_content (YcLetterKind kind)
{
  YcLetterContent *content = yc_letter_content_new (kind);
  char **fields[] = {
    &content->number, &content->centre_name, &content->centre_phone, &content->centre_address,
    &content->centre_complaint_phone, &content->applicant_name, &content->agent_name,
    &content->item_code, &content->item_name, &content->case_number, &content->refusal_reason,
    &content->refusal_basis, &content->result, &content->clerk_name, &content->window_code,
  };

  for (guint i = 0; i < G_N_ELEMENTS (fields); i++)
    *fields[i] = g_strdup_printf ("值{%u}", i);
  content->applicant_kind = g_strdup ("person");
  content->applicant_id = g_strdup ("11010519491231002X");
  content->issued_date = g_strdup ("2026-11-28");
  content->received_date = g_strdup ("2026-11-28T10:15:00+08:00");
  content->accepted_date = g_strdup ("2026-11-28");
  content->due_date = g_strdup ("2026-12-10");
  content->completed_date = g_strdup ("2026-12-01");
  yc_letter_content_add_row (content, "身份证", "missing", NULL);
  yc_letter_content_add_row (content, "申请表", "defective", "签字");
  return content;
}

static void
expand (YcLetterTemplate      *template,
        const char            *text,
        const YcLetterContent *content,
        gboolean               empty)
{
  g_autoptr(GError) error = NULL;
  g_autofree char *out = NULL;

  if (text == NULL)
    return;
  out = yc_letter_template_expand (template, text, content, empty, &error);
  g_assert_true ((out != NULL) != (error != NULL));
  if (out != NULL)
    g_assert_true (g_utf8_validate (out, -1, NULL));
}

static void
read_template (YcLetterTemplate *template,
               YcLetterKind      kind)
{
  g_autoptr(YcLetterContent) full = full_content (kind);
  g_autoptr(YcLetterContent) bare = yc_letter_content_new (kind);
  const YcLetterContent *contents[] = { full, bare };

  for (guint c = 0; c < G_N_ELEMENTS (contents); c++)
    {
      const YcLetterContent *content = contents[c];
      gboolean empty = content == bare;

      expand (template, yc_letter_template_get_title (template), content, empty);
      expand (template, yc_letter_template_get_salutation (template), content, empty);
      expand (template, yc_letter_template_get_clerk_line (template), content, empty);
      expand (template, yc_letter_template_get_signature_line (template), content, empty);
      expand (template, yc_letter_template_get_table_caption (template), content, empty);
      expand (template, yc_letter_template_get_qr_caption (template), content, empty);
      expand (template, yc_letter_template_get_qr_text (template), content, empty);
      for (guint i = 0; i < yc_letter_template_get_n_facts (template); i++)
        {
          const char *label, *value;

          yc_letter_template_get_fact (template, i, &label, &value);
          expand (template, label, content, empty);
          expand (template, value, content, empty);
        }
      for (YcLetterSection s = YC_LETTER_SECTION_BODY; s <= YC_LETTER_SECTION_AFTER; s++)
        for (guint i = 0; i < yc_letter_template_get_n_paragraphs (template, s); i++)
          {
            const char *lead = NULL;

            expand (template, yc_letter_template_get_paragraph (template, s, i, &lead), content,
                    empty);
            expand (template, lead, content, empty);
          }
      for (guint i = 0; yc_letter_template_get_table_caption (template) != NULL && i < 4; i++)
        expand (template, yc_letter_template_get_table_column (template, i), content, empty);
      for (guint i = 0; i < 2; i++)
        {
          const char *state = i == 0 ? "missing" : "defective";

          (void) yc_letter_template_get_state_label (template, state);
          (void) yc_letter_template_get_default_note (template, state);
        }
      g_free (yc_letter_template_get_value (template, "applicant", content));
    }
  (void) yc_letter_template_get_centre (template, "seal_caption");
}

int
LLVMFuzzerTestOneInput (const uint8_t *data,
                        size_t         size)
{
  g_autofree char *name = NULL;
  g_autofree char *rest = NULL;
  g_autoptr(YcLetterTemplate) template = NULL;
  g_autoptr(GError) error = NULL;
  const uint8_t *text;
  size_t text_len;
  const char *centre = minimal_centre;
  char *separator;
  YcLetterKind kind;

  text = fuzz_split_line (data, size, &name, &text_len);
  kind = yc_letter_kind_from_string (name);
  if (kind == YC_LETTER_KIND_NONE)
    kind = YC_LETTER_KIND_ACCEPTANCE;
  rest = fuzz_strndup (text, text_len);
  separator = strstr (rest, CENTRE_SEPARATOR);
  if (separator != NULL)
    {
      *separator = '\0';
      centre = separator + strlen (CENTRE_SEPARATOR);
    }

  template = yc_letter_template_new_from_text (rest, centre, kind, &error);
  if (template == NULL)
    {
      g_assert_nonnull (error);
      if (g_getenv ("FUZZ_VERBOSE") != NULL)
        g_printerr ("%s\n", error->message);
      g_assert_true (g_utf8_validate (error->message, -1, NULL));
      return 0;
    }
  g_assert_no_error (error);
  g_assert_cmpint (yc_letter_template_get_kind (template), ==, kind);
  read_template (template, kind);
  return 0;
}

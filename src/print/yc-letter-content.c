/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-content"

#include "config.h"

#include "yc-validate.h"
#include "yc-letter-content.h"

static const char *const kind_names[] = {
  [YC_LETTER_KIND_NONE] = NULL,
  [YC_LETTER_KIND_ONE_TIME_NOTICE] = "one_time_notice",
  [YC_LETTER_KIND_ACCEPTANCE] = "acceptance",
  [YC_LETTER_KIND_REFUSAL] = "refusal",
  [YC_LETTER_KIND_COMPLETION] = "completion",
};

/* The string members, for copy and free. */
static const gsize string_members[] = {
  G_STRUCT_OFFSET (YcLetterContent, number),
  G_STRUCT_OFFSET (YcLetterContent, issued_date),
  G_STRUCT_OFFSET (YcLetterContent, centre_name),
  G_STRUCT_OFFSET (YcLetterContent, centre_phone),
  G_STRUCT_OFFSET (YcLetterContent, centre_address),
  G_STRUCT_OFFSET (YcLetterContent, centre_complaint_phone),
  G_STRUCT_OFFSET (YcLetterContent, applicant_name),
  G_STRUCT_OFFSET (YcLetterContent, applicant_kind),
  G_STRUCT_OFFSET (YcLetterContent, applicant_id),
  G_STRUCT_OFFSET (YcLetterContent, agent_name),
  G_STRUCT_OFFSET (YcLetterContent, item_code),
  G_STRUCT_OFFSET (YcLetterContent, item_name),
  G_STRUCT_OFFSET (YcLetterContent, case_number),
  G_STRUCT_OFFSET (YcLetterContent, received_date),
  G_STRUCT_OFFSET (YcLetterContent, accepted_date),
  G_STRUCT_OFFSET (YcLetterContent, due_date),
  G_STRUCT_OFFSET (YcLetterContent, completed_date),
  G_STRUCT_OFFSET (YcLetterContent, refusal_reason),
  G_STRUCT_OFFSET (YcLetterContent, refusal_basis),
  G_STRUCT_OFFSET (YcLetterContent, result),
  G_STRUCT_OFFSET (YcLetterContent, clerk_name),
  G_STRUCT_OFFSET (YcLetterContent, window_code),
};

G_DEFINE_BOXED_TYPE (YcLetterRow, yc_letter_row, yc_letter_row_copy, yc_letter_row_free)
G_DEFINE_BOXED_TYPE (YcLetterContent, yc_letter_content, yc_letter_content_copy,
                     yc_letter_content_free)

static inline char **
member (const YcLetterContent *content,
        gsize                  offset)
{
  return G_STRUCT_MEMBER_P (content, offset);
}

YcLetterKind
yc_letter_kind_from_string (const char *name)
{
  if (name == NULL)
    return YC_LETTER_KIND_NONE;
  for (guint i = 0; i < G_N_ELEMENTS (kind_names); i++)
    if (kind_names[i] != NULL && g_str_equal (kind_names[i], name))
      return (YcLetterKind) i;
  return YC_LETTER_KIND_NONE;
}

const char *
yc_letter_kind_to_string (YcLetterKind kind)
{
  if ((guint) kind >= G_N_ELEMENTS (kind_names))
    return NULL;
  return kind_names[kind];
}

YcLetterRow *
yc_letter_row_new (const char *material_name,
                   const char *state,
                   const char *note)
{
  YcLetterRow *row = g_new0 (YcLetterRow, 1);

  row->material_name = g_strdup (material_name);
  row->state = g_strdup (state);
  row->note = g_strdup (note);
  return row;
}

YcLetterRow *
yc_letter_row_copy (const YcLetterRow *row)
{
  g_return_val_if_fail (row != NULL, NULL);

  return yc_letter_row_new (row->material_name, row->state, row->note);
}

void
yc_letter_row_free (YcLetterRow *row)
{
  if (row == NULL)
    return;
  g_free (row->material_name);
  g_free (row->state);
  g_free (row->note);
  g_free (row);
}

YcLetterContent *
yc_letter_content_new (YcLetterKind kind)
{
  YcLetterContent *content = g_new0 (YcLetterContent, 1);

  content->kind = kind;
  content->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_row_free);
  return content;
}

YcLetterContent *
yc_letter_content_copy (const YcLetterContent *content)
{
  YcLetterContent *copy;

  g_return_val_if_fail (content != NULL, NULL);

  copy = yc_letter_content_new (content->kind);
  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    *member (copy, string_members[i]) = g_strdup (*member (content, string_members[i]));
  for (guint i = 0; content->rows != NULL && i < content->rows->len; i++)
    g_ptr_array_add (copy->rows, yc_letter_row_copy (g_ptr_array_index (content->rows, i)));
  return copy;
}

void
yc_letter_content_free (YcLetterContent *content)
{
  if (content == NULL)
    return;
  for (guint i = 0; i < G_N_ELEMENTS (string_members); i++)
    g_free (*member (content, string_members[i]));
  g_clear_pointer (&content->rows, g_ptr_array_unref);
  g_free (content);
}

void
yc_letter_content_add_row (YcLetterContent *content,
                           const char      *material_name,
                           const char      *state,
                           const char      *note)
{
  g_return_if_fail (content != NULL);

  if (content->rows == NULL)
    content->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_row_free);
  g_ptr_array_add (content->rows, yc_letter_row_new (material_name, state, note));
}

static const YcCaseMaterial *
find_case_material (YcCase     *case_,
                    const char *material_id)
{
  GPtrArray *materials = yc_case_get_materials (case_);

  for (guint i = 0; material_id != NULL && i < materials->len; i++)
    {
      const YcCaseMaterial *material = g_ptr_array_index (materials, i);

      if (g_strcmp0 (material->material_id, material_id) == 0)
        return material;
    }
  return NULL;
}

static const char *
first_set (const char *a,
           const char *b)
{
  return a != NULL && *a != '\0' ? a : b;
}

YcLetterContent *
yc_letter_content_new_from_records (YcLetter      *letter,
                                    YcCase        *case_,
                                    YcServiceItem *item,
                                    YcCentre      *centre,
                                    const char    *clerk_name,
                                    const char    *window_code)
{
  YcLetterContent *content;
  const YcParty *applicant;
  const YcParty *agent;
  GPtrArray *items;

  g_return_val_if_fail (YC_IS_LETTER (letter), NULL);
  g_return_val_if_fail (YC_IS_CASE (case_), NULL);
  g_return_val_if_fail (item == NULL || YC_IS_SERVICE_ITEM (item), NULL);
  g_return_val_if_fail (centre == NULL || YC_IS_CENTRE (centre), NULL);

  content = yc_letter_content_new (yc_letter_kind_from_string (yc_letter_get_kind (letter)));
  content->number = g_strdup (yc_letter_get_number (letter));
  content->issued_date = g_strdup (yc_letter_get_issued_at (letter));

  if (centre != NULL)
    {
      content->centre_name = g_strdup (yc_centre_get_name (centre));
      content->centre_phone = g_strdup (yc_centre_get_phone (centre));
      content->centre_address = g_strdup (yc_centre_get_address (centre));
      content->centre_complaint_phone = g_strdup (yc_centre_get_complaint_phone (centre));
    }

  applicant = yc_case_get_applicant (case_);
  if (applicant != NULL)
    {
      content->applicant_name = g_strdup (applicant->name);
      content->applicant_kind = g_strdup (applicant->kind);
      if (g_strcmp0 (applicant->kind, "organisation") == 0)
        content->applicant_id = g_strdup (applicant->credit_code);
      else
        content->applicant_id = yc_mask_id_number (applicant->id_number);
    }
  agent = yc_case_get_agent (case_);
  if (agent != NULL)
    content->agent_name = g_strdup (agent->name);

  content->item_code = g_strdup (item != NULL ? yc_service_item_get_code (item)
                                              : yc_case_get_service_item (case_));
  content->item_name = g_strdup (first_set (item != NULL ? yc_service_item_get_name (item) : NULL,
                                            yc_case_get_service_item_name (case_)));

  content->case_number = g_strdup (yc_case_get_number (case_));
  content->received_date = g_strdup (yc_case_get_received_at (case_));
  content->accepted_date = g_strdup (yc_case_get_accepted_on (case_));
  content->due_date = g_strdup (yc_case_get_due_date (case_));
  content->completed_date = g_strdup (yc_case_get_completed_at (case_));
  content->refusal_reason = g_strdup (yc_case_get_refusal_reason (case_));
  content->refusal_basis = g_strdup (yc_case_get_refusal_basis (case_));
  content->result = g_strdup (yc_case_get_result (case_));
  /* An instant item (即来即办) is completed at the window in the same visit: the result is
   * the formal check itself, which the letter states in the standard wording. */
  if ((content->result == NULL || *content->result == '\0') &&
      g_strcmp0 (yc_case_get_outcome (case_), "instant") == 0)
    {
      g_free (content->result);
      content->result = g_strdup ("经形式审查，申请材料齐全、符合法定形式，准予办理，已当场办结。");
    }
  content->clerk_name = g_strdup (clerk_name);
  content->window_code = g_strdup (window_code);

  items = yc_letter_get_items (letter);
  for (guint i = 0; i < items->len; i++)
    {
      const YcLetterItem *listed = g_ptr_array_index (items, i);
      YcMaterial *material = item != NULL ? yc_service_item_find_material (item,
                                                                           listed->material_id)
                                          : NULL;
      const YcCaseMaterial *reviewed = find_case_material (case_, listed->material_id);
      const char *name = material != NULL ? yc_material_get_name (material) : NULL;
      const char *state = "missing";

      name = first_set (name, reviewed != NULL ? reviewed->name : NULL);
      name = first_set (name, listed->material_id);
      if (reviewed != NULL && g_strcmp0 (reviewed->state, "defective") == 0)
        state = "defective";
      yc_letter_content_add_row (content, name, state,
                                 first_set (listed->note, reviewed != NULL ? reviewed->note : NULL));
    }
  return content;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-handoff-text"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-case-text.h"
#include "yc-handoff-text.h"
#include "yc-validate.h"

const char *
yc_handoff_text_kind (const char *kind)
{
  if (g_strcmp0 (kind, "ab_cover") == 0)
    /* Translators: AB岗: the B post covers while the A post is away. */
    return _("A/B post cover");
  if (g_strcmp0 (kind, "transfer") == 0)
    return _("Transfer");
  if (g_strcmp0 (kind, "guide") == 0)
    return _("Guide to the right window");
  if (g_strcmp0 (kind, "parallel") == 0)
    return _("Parallel approval");
  if (g_strcmp0 (kind, "shift_end") == 0)
    return _("Shift end");
  return kind != NULL ? kind : "";
}

const char *
yc_handoff_text_state (const char *state)
{
  if (g_strcmp0 (state, "pending") == 0)
    return _("Awaiting approval");
  if (g_strcmp0 (state, "approved") == 0)
    return _("Approved, to be signed for");
  if (g_strcmp0 (state, "rejected") == 0)
    return _("Rejected");
  if (g_strcmp0 (state, "received") == 0)
    return _("Signed for");
  return state != NULL ? state : "";
}

const char *
yc_handoff_text_answer (const char *answer)
{
  if (g_strcmp0 (answer, "agree") == 0)
    return _("Agree");
  if (g_strcmp0 (answer, "disagree") == 0)
    return _("Disagree");
  if (g_strcmp0 (answer, "agree_forward") == 0)
    /* Translators: 同意但需转报: agreed, but it must go up to a higher level. */
    return _("Agree, refer to the higher level");
  return NULL;
}

char *
yc_handoff_text_party (GHashTable *staff,
                       GHashTable *departments,
                       const char *staff_id,
                       const char *department_id)
{
  const char *name = staff_id != NULL && staff != NULL ? g_hash_table_lookup (staff, staff_id)
                                                       : NULL;
  const char *department = department_id != NULL && departments != NULL
                           ? g_hash_table_lookup (departments, department_id) : NULL;

  if (staff_id != NULL && *staff_id != '\0')
    {
      if (name == NULL)
        return g_strdup (staff_id);
      if (department != NULL)
        /* Translators: a person and their department, "王志强（市场监管局）". */
        return g_strdup_printf (_("%s (%s)"), name, department);
      return g_strdup (name);
    }
  if (department_id != NULL && *department_id != '\0')
    return g_strdup (department != NULL ? department : department_id);
  return g_strdup ("");
}

guint
yc_handoff_n_cases (YcHandoff *handoff)
{
  const char * const *ids = yc_handoff_get_case_ids (handoff);

  return ids != NULL ? g_strv_length ((char **) ids) : 0;
}

char *
yc_handoff_text_title (YcHandoff *handoff)
{
  guint n = yc_handoff_n_cases (handoff);

  if (n == 0)
    return g_strdup (yc_handoff_text_kind (yc_handoff_get_kind (handoff)));
  /* Translators: a handoff's kind and how many cases it hands over, "转办 · 2 件". */
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%s · %u case", "%s · %u cases", n),
                          yc_handoff_text_kind (yc_handoff_get_kind (handoff)), n);
}

char *
yc_handoff_text_progress (YcHandoff *handoff)
{
  if (g_strcmp0 (yc_handoff_get_kind (handoff), "parallel") == 0 &&
      g_strcmp0 (yc_handoff_get_state (handoff), "received") == 0)
    {
      const char *answer = yc_handoff_text_answer (yc_handoff_get_answer (handoff));

      if (answer != NULL)
        /* Translators: a department's answer to a parallel approval, "已答复：同意". */
        return g_strdup_printf (_("Answered: %s"), answer);
      return g_strdup (_("Signed for, answer awaited"));
    }
  return g_strdup (yc_handoff_text_state (yc_handoff_get_state (handoff)));
}

char *
yc_handoff_text_step (GHashTable *staff,
                      const char *what,
                      const char *by,
                      const char *at,
                      const char *comment)
{
  g_autofree char *when = yc_case_text_time (at);
  GPtrArray *parts = g_ptr_array_new_with_free_func (g_free);
  char *text;

  if (what != NULL && *what != '\0')
    g_ptr_array_add (parts, g_strdup (what));
  if (by != NULL && *by != '\0')
    {
      const char *name = staff != NULL ? g_hash_table_lookup (staff, by) : NULL;

      g_ptr_array_add (parts, g_strdup (name != NULL ? name : by));
    }
  if (*when != '\0')
    g_ptr_array_add (parts, g_steal_pointer (&when));
  if (comment != NULL && *comment != '\0')
    /* Translators: the comment given with a decision or an answer, in quotes. */
    g_ptr_array_add (parts, g_strdup_printf (_("“%s”"), comment));
  g_ptr_array_add (parts, NULL);
  text = g_strjoinv (" · ", (char **) parts->pdata);
  g_ptr_array_unref (parts);
  return text;
}

char *
yc_handoff_text_time_left (YcCalendar *calendar,
                           YcCase     *case_)
{
  g_autoptr(GDateTime) now = g_date_time_new_now_local ();
  GDate due, today;
  int left;

  if (calendar == NULL || yc_case_get_due_date (case_) == NULL ||
      !yc_date_parse_iso (yc_case_get_due_date (case_), &due))
    return NULL;
  g_date_clear (&today, 1);
  g_date_set_dmy (&today, g_date_time_get_day_of_month (now), g_date_time_get_month (now),
                  g_date_time_get_year (now));
  left = yc_calendar_working_days_between (calendar, &today, &due);
  if (left == 0)
    return g_strdup (_("due today"));
  if (left > 0)
    return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day left",
                                         "%d working days left", left), left);
  return g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%d working day overdue",
                                       "%d working days overdue", -left), -left);
}

char *
yc_handoff_text_case_title (YcCase *case_)
{
  return g_strdup_printf ("%s  %s", yc_case_get_number (case_),
                          yc_case_get_service_item_name (case_));
}

char *
yc_handoff_text_case_subtitle (YcCalendar *calendar,
                               YcCase     *case_,
                               gboolean    with_due)
{
  const YcParty *applicant = yc_case_get_applicant (case_);
  g_autofree char *masked = applicant != NULL && applicant->id_number != NULL
                            ? yc_mask_id_number (applicant->id_number) : NULL;
  g_autofree char *left = yc_handoff_text_time_left (calendar, case_);
  GString *subtitle = g_string_new (applicant != NULL && applicant->name != NULL
                                    ? applicant->name : "");

  if (masked != NULL)
    g_string_append_printf (subtitle, " · %s", masked);
  if (with_due && yc_case_get_due_date (case_) != NULL)
    /* Translators: a case's due date, after its applicant. */
    g_string_append_printf (subtitle, _(" · due %s"), yc_case_get_due_date (case_));
  if (left != NULL)
    g_string_append_printf (subtitle, " · %s", left);
  return g_string_free (subtitle, FALSE);
}

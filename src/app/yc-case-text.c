/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-case-text"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-case-text.h"
#include "yc-validate.h"

char *
yc_case_text_summary (YcCase *case_)
{
  const char *status = yc_case_get_status (case_);
  const char *number = yc_case_get_number (case_);

  if (g_strcmp0 (status, "completed") == 0)
    /* Translators: %s is the case number. */
    return g_strdup_printf (_("Case %s was accepted and completed on the spot. Give the applicant the completion notice."), number);
  if (g_strcmp0 (status, "incomplete") == 0)
    return g_strdup_printf (_("Case %s: materials incomplete. The one-time notice lists everything the applicant must bring; nothing further will be asked."), number);
  if (g_strcmp0 (status, "refused") == 0)
    return g_strdup_printf (_("Case %s was not accepted. The refusal notice states the reason, its legal basis and the remedies."), number);
  /* Translators: %s the case number, %s the promised completion date. */
  return g_strdup_printf (_("Case %s is accepted, to be completed by %s."), number,
                          yc_case_get_due_date (case_) ? yc_case_get_due_date (case_) : "");
}

GtkWidget *
yc_case_text_row (YcCase *case_)
{
  GtkWidget *row = adw_action_row_new ();
  const YcParty *applicant = yc_case_get_applicant (case_);
  g_autofree char *masked = applicant != NULL && applicant->id_number != NULL
                            ? yc_mask_id_number (applicant->id_number) : g_strdup ("");
  g_autofree char *title = NULL;
  g_autofree char *subtitle = NULL;
  const char *status = yc_case_get_status (case_);
  const char *state;

  if (g_strcmp0 (status, "incomplete") == 0)
    state = _("materials incomplete");
  else if (g_strcmp0 (status, "refused") == 0)
    state = _("not accepted");
  else if (g_strcmp0 (status, "completed") == 0)
    state = _("completed");
  else
    state = _("accepted");
  /* Translators: case number · applicant's name. */
  title = g_strdup_printf (_("%s · %s"), yc_case_get_number (case_),
                           applicant != NULL && applicant->name ? applicant->name : "");
  /* Translators: service item · masked ID number · state. */
  subtitle = g_strdup_printf (_("%s · %s · %s"), yc_case_get_service_item_name (case_), masked,
                              state);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  g_object_set_data_full (G_OBJECT (row), "case", g_object_ref (case_), g_object_unref);
  return row;
}

char *
yc_case_text_time (const char *rfc3339)
{
  g_autoptr(GDateTime) dt = rfc3339 != NULL ? g_date_time_new_from_iso8601 (rfc3339, NULL)
                                            : NULL;
  g_autoptr(GDateTime) local = dt != NULL ? g_date_time_to_local (dt) : NULL;

  return local != NULL ? g_date_time_format (local, "%Y-%m-%d %H:%M") : g_strdup ("");
}

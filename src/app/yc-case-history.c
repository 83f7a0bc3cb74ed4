/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-case-history"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-case-history.h"
#include "yc-handoff-text.h"
#include "yc-letter-printing.h"

struct _YcCaseHistory
{
  AdwWindow       parent_instance;

  YcStore        *store;
  GHashTable     *staff;      /* id -> name */
  GHashTable     *offline;    /* "type:id" of steps made offline here */
  GPtrArray      *steps;      /* Step */

  /* Template widgets */
  AdwWindowTitle *window_title;
  GtkListBox     *steps_list;
};

G_DEFINE_FINAL_TYPE (YcCaseHistory, yc_case_history, ADW_TYPE_WINDOW)

typedef struct
{
  char *at;        /* RFC 3339, to sort by */
  char *title;
  char *subtitle;
} Step;

static void
step_free (Step *step)
{
  g_free (step->at);
  g_free (step->title);
  g_free (step->subtitle);
  g_free (step);
}

static void
add_step (YcCaseHistory *self,
          const char    *type,
          const char    *id,
          const char    *title,
          const char    *by,
          const char    *at,
          const char    *comment)
{
  Step *step;
  g_autofree char *key = g_strdup_printf ("%s:%s", type, id != NULL ? id : "");
  g_autofree char *text = NULL;

  if (at == NULL)
    return;
  step = g_new0 (Step, 1);
  step->at = g_strdup (at);
  step->title = g_strdup (title);
  text = yc_handoff_text_step (self->staff, NULL, by, at, comment);
  step->subtitle = g_hash_table_contains (self->offline, key)
                   /* Translators: a step of a case that was taken while the server was
                    * out of reach, and synced later. */
                   ? g_strdup_printf (_("%s · made offline"), text)
                   : g_steal_pointer (&text);
  g_ptr_array_add (self->steps, step);
}

static int
compare_steps (gconstpointer a,
               gconstpointer b)
{
  const Step *x = *(const Step * const *) a;
  const Step *y = *(const Step * const *) b;
  g_autoptr(GDateTime) tx = g_date_time_new_from_iso8601 (x->at, NULL);
  g_autoptr(GDateTime) ty = g_date_time_new_from_iso8601 (y->at, NULL);

  if (tx != NULL && ty != NULL)
    return g_date_time_compare (tx, ty);
  return g_strcmp0 (x->at, y->at);
}

static const char *
outcome_title (YcCase *case_)
{
  const char *outcome = yc_case_get_outcome (case_);

  if (g_strcmp0 (outcome, "accepted") == 0)
    return _("Taken in and accepted");
  if (g_strcmp0 (outcome, "instant") == 0)
    return _("Taken in and handled on the spot");
  if (g_strcmp0 (outcome, "incomplete") == 0)
    return _("Received; materials incomplete");
  if (g_strcmp0 (outcome, "refused") == 0)
    return _("Received; not accepted");
  return _("Received");
}

static void
add_handoff_steps (YcCaseHistory *self,
                   YcHandoff     *handoff,
                   GHashTable    *departments)
{
  const char *id = yc_handoff_get_id (handoff);
  const char *kind = yc_handoff_text_kind (yc_handoff_get_kind (handoff));
  g_autofree char *to = yc_handoff_text_party (self->staff, departments,
                                               yc_handoff_get_to_staff_id (handoff),
                                               yc_handoff_get_to_department_id (handoff));
  g_autofree char *requested = NULL;
  g_autofree char *decided = NULL;
  g_autofree char *received = NULL;
  g_autofree char *answered = NULL;

  /* Translators: a handoff asked for: its kind and to whom, "转办：交给人社局". */
  requested = g_strdup_printf (_("Handoff requested: %s, to %s"), kind, to);
  add_step (self, "handoff.requested", id, requested, yc_handoff_get_requested_by (handoff),
            yc_handoff_get_requested_at (handoff), yc_handoff_get_reason (handoff));
  if (yc_handoff_get_decided_at (handoff) != NULL)
    {
      gboolean rejected = g_strcmp0 (yc_handoff_get_state (handoff), "rejected") == 0;

      decided = g_strdup_printf (rejected ? _("Handoff rejected: %s") : _("Handoff approved: %s"),
                                 kind);
      add_step (self, rejected ? "handoff.rejected" : "handoff.approved", id, decided,
                yc_handoff_get_decided_by (handoff), yc_handoff_get_decided_at (handoff),
                yc_handoff_get_decision_comment (handoff));
    }
  if (yc_handoff_get_received_at (handoff) != NULL)
    {
      received = g_strdup_printf (_("Signed for by %s"), to);
      add_step (self, "handoff.received", id, received, yc_handoff_get_received_by (handoff),
                yc_handoff_get_received_at (handoff), NULL);
    }
  if (yc_handoff_get_answer (handoff) != NULL)
    {
      /* Translators: a department's answer to a parallel approval, "人社局答复：同意". */
      answered = g_strdup_printf (_("%s answered: %s"), to,
                                  yc_handoff_text_answer (yc_handoff_get_answer (handoff)));
      add_step (self, "handoff.answered", id, answered, yc_handoff_get_answered_by (handoff),
                yc_handoff_get_answered_at (handoff), yc_handoff_get_answer_comment (handoff));
    }
}

static void
load (YcCaseHistory *self,
      const char    *case_id)
{
  g_autoptr(YcCase) case_ = yc_store_get_case (self->store, case_id, NULL);
  g_autoptr(GPtrArray) staff = yc_store_list_staff (self->store, NULL);
  g_autoptr(GPtrArray) letters = NULL;
  g_autoptr(GPtrArray) handoffs = NULL;
  g_autoptr(GHashTable) departments = yc_store_dup_department_names (self->store);
  g_autoptr(JsonArray) audit = yc_store_list_audit_events (self->store, 5000, NULL);
  g_autoptr(JsonObject) evaluation = NULL;

  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      YcStaff *member = g_ptr_array_index (staff, i);

      g_hash_table_insert (self->staff, g_strdup (yc_staff_get_id (member)),
                           g_strdup (yc_staff_get_name (member)));
    }
  for (guint i = 0; audit != NULL && i < json_array_get_length (audit); i++)
    {
      JsonObject *event = json_array_get_object_element (audit, i);

      if (event != NULL && json_object_get_boolean_member_with_default (event, "offline", FALSE))
        g_hash_table_add (self->offline,
                          g_strdup_printf ("%s:%s",
                                           json_object_get_string_member_with_default (event, "type", ""),
                                           json_object_get_string_member_with_default (event, "id", "")));
    }

  if (case_ == NULL)
    {
      adw_window_title_set_subtitle (self->window_title, _("This case is not on this workstation."));
      return;
    }
  adw_window_title_set_subtitle (self->window_title, yc_case_get_number (case_));

  add_step (self, "case.created", case_id, outcome_title (case_), yc_case_get_created_by (case_),
            yc_case_get_received_at (case_), yc_case_get_refusal_reason (case_));
  if (yc_case_get_completed_at (case_) != NULL)
    add_step (self, "case.completed", case_id, _("Completed"), NULL,
              yc_case_get_completed_at (case_), yc_case_get_result (case_));

  letters = yc_store_list_letters (self->store, case_id, NULL);
  for (guint i = 0; letters != NULL && i < letters->len; i++)
    {
      YcLetter *letter = g_ptr_array_index (letters, i);
      /* Translators: a letter issued: its kind and number, "一次性告知书 YC-…". */
      g_autofree char *title = g_strdup_printf (yc_letter_get_reprint_of (letter) != NULL
                                                  ? _("Reprinted: %s %s") : _("Issued: %s %s"),
                                                yc_letter_kind_title (yc_letter_get_kind (letter)),
                                                yc_letter_get_number (letter));

      add_step (self, "letter.issued", yc_letter_get_id (letter), title,
                yc_letter_get_issued_by (letter), yc_letter_get_issued_at (letter), NULL);
    }

  handoffs = yc_store_list_handoffs_for_case (self->store, case_id, NULL);
  for (guint i = 0; handoffs != NULL && i < handoffs->len; i++)
    add_handoff_steps (self, g_ptr_array_index (handoffs, i), departments);

  evaluation = yc_store_get_evaluation (self->store, case_id, NULL);
  if (evaluation != NULL)
    {
      gint64 rating = json_object_get_int_member_with_default (evaluation, "rating", 0);
      /* Translators: the applicant's rating of the service, 1 to 5. */
      g_autofree char *title = g_strdup_printf (_("Rated by the applicant: %d of 5"), (int) rating);

      add_step (self, "evaluation.created", case_id, title,
                json_object_get_string_member_with_default (evaluation, "staff_id", NULL),
                json_object_get_string_member_with_default (evaluation, "at", NULL),
                json_object_get_string_member_with_default (evaluation, "comment", NULL));
    }

  g_ptr_array_sort (self->steps, compare_steps);
  for (guint i = 0; i < self->steps->len; i++)
    {
      Step *step = g_ptr_array_index (self->steps, i);
      GtkWidget *row = adw_action_row_new ();

      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), step->title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), step->subtitle);
      gtk_list_box_append (self->steps_list, row);
    }
}

static void
yc_case_history_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_CASE_HISTORY);
  G_OBJECT_CLASS (yc_case_history_parent_class)->dispose (object);
}

static void
yc_case_history_finalize (GObject *object)
{
  YcCaseHistory *self = YC_CASE_HISTORY (object);

  g_clear_object (&self->store);
  g_clear_pointer (&self->staff, g_hash_table_unref);
  g_clear_pointer (&self->offline, g_hash_table_unref);
  g_clear_pointer (&self->steps, g_ptr_array_unref);
  G_OBJECT_CLASS (yc_case_history_parent_class)->finalize (object);
}

static void
yc_case_history_class_init (YcCaseHistoryClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_case_history_dispose;
  object_class->finalize = yc_case_history_finalize;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-case-history.ui");
  gtk_widget_class_bind_template_child (widget_class, YcCaseHistory, window_title);
  gtk_widget_class_bind_template_child (widget_class, YcCaseHistory, steps_list);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

static void
yc_case_history_init (YcCaseHistory *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->staff = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->offline = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->steps = g_ptr_array_new_with_free_func ((GDestroyNotify) step_free);
}

GtkWidget *
yc_case_history_new (YcStore    *store,
                     const char *case_id)
{
  YcCaseHistory *self;

  g_return_val_if_fail (YC_IS_STORE (store), NULL);
  g_return_val_if_fail (case_id != NULL, NULL);

  self = g_object_new (YC_TYPE_CASE_HISTORY, NULL);
  self->store = g_object_ref (store);
  load (self, case_id);
  return GTK_WIDGET (self);
}

guint
yc_case_history_get_n_steps (YcCaseHistory *self)
{
  g_return_val_if_fail (YC_IS_CASE_HISTORY (self), 0);
  return self->steps->len;
}

char *
yc_case_history_dup_step (YcCaseHistory *self,
                          guint          index)
{
  Step *step;

  g_return_val_if_fail (YC_IS_CASE_HISTORY (self), NULL);
  if (index >= self->steps->len)
    return NULL;
  step = g_ptr_array_index (self->steps, index);
  return g_strdup_printf ("%s\n%s", step->title, step->subtitle);
}

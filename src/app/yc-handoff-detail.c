/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-handoff-detail"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-handoff-detail.h"
#include "yc-handoff-text.h"

struct _YcHandoffDetail
{
  GtkWidget            parent_instance;

  /* Template widgets */
  GtkLabel            *title_label;
  GtkLabel            *state_label;
  AdwActionRow        *from_row;
  AdwActionRow        *to_row;
  AdwActionRow        *reason_row;
  AdwActionRow        *requested_row;
  AdwActionRow        *decision_row;
  AdwActionRow        *receipt_row;
  AdwActionRow        *answer_row;
  AdwActionRow        *sync_row;
  AdwPreferencesGroup *cases_group;
  GtkListBox          *cases_list;
  AdwPreferencesGroup *parallel_group;
  GtkListBox          *parallel_list;
};

G_DEFINE_FINAL_TYPE (YcHandoffDetail, yc_handoff_detail, GTK_TYPE_WIDGET)

enum
{
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_row (AdwActionRow *row,
         const char   *text)
{
  gboolean shown = text != NULL && *text != '\0';

  gtk_widget_set_visible (GTK_WIDGET (row), shown);
  adw_action_row_set_subtitle (row, shown ? text : "");
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static GtkWidget *
case_row (YcStore    *store,
          YcCalendar *calendar,
          const char *case_id)
{
  g_autoptr(YcCase) case_ = yc_store_get_case (store, case_id, NULL);
  GtkWidget *row = adw_action_row_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  if (case_ != NULL)
    {
      g_autofree char *title = yc_handoff_text_case_title (case_);
      g_autofree char *subtitle = yc_handoff_text_case_subtitle (calendar, case_, TRUE);

      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
    }
  else
    {
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row),
                                     _("Case not on this workstation yet"));
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row),
                                   _("It appears here once the server has sent it."));
    }
  adw_action_row_add_suffix (ADW_ACTION_ROW (row),
                             gtk_image_new_from_icon_name ("go-next-symbolic"));
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), TRUE);
  gtk_widget_set_tooltip_text (row, _("Show the case's history"));
  g_object_set_data_full (G_OBJECT (row), "case-id", g_strdup (case_id), g_free);
  return row;
}

/* Every parallel handoff of the same case: one answer per department, oldest first. */
static void
show_parallel (YcHandoffDetail *self,
               YcHandoff       *handoff,
               GPtrArray       *all,
               GHashTable      *staff,
               GHashTable      *departments)
{
  const char * const *ids = yc_handoff_get_case_ids (handoff);
  gboolean parallel = g_strcmp0 (yc_handoff_get_kind (handoff), "parallel") == 0;

  clear_list (self->parallel_list);
  gtk_widget_set_visible (GTK_WIDGET (self->parallel_group), parallel && ids != NULL);
  if (!parallel || ids == NULL || ids[0] == NULL || all == NULL)
    return;

  for (guint i = all->len; i > 0; i--)
    {
      YcHandoff *other = g_ptr_array_index (all, i - 1);
      const char * const *other_ids = yc_handoff_get_case_ids (other);
      const char *answer = yc_handoff_text_answer (yc_handoff_get_answer (other));
      g_autofree char *department = NULL;
      g_autofree char *subtitle = NULL;
      GtkWidget *row;

      if (g_strcmp0 (yc_handoff_get_kind (other), "parallel") != 0 || other_ids == NULL ||
          !g_strv_contains (other_ids, ids[0]))
        continue;
      department = yc_handoff_text_party (staff, departments, NULL,
                                          yc_handoff_get_to_department_id (other));
      subtitle = answer != NULL
                 ? yc_handoff_text_step (staff, answer, yc_handoff_get_answered_by (other),
                                         yc_handoff_get_answered_at (other),
                                         yc_handoff_get_answer_comment (other))
                 : yc_handoff_text_progress (other);
      row = adw_action_row_new ();
      adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
      adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), department);
      adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
      if (g_strcmp0 (yc_handoff_get_answer (other), "disagree") == 0)
        gtk_widget_add_css_class (row, "error");
      gtk_list_box_append (self->parallel_list, row);
    }
}

static void
on_row_activated_cb (YcHandoffDetail *self,
                     GtkListBoxRow   *row)
{
  const char *case_id = g_object_get_data (G_OBJECT (row), "case-id");

  if (case_id != NULL)
    g_signal_emit (self, signals[CASE_ACTIVATED], 0, case_id);
}

static void
yc_handoff_detail_dispose (GObject *object)
{
  GtkWidget *child;

  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_HANDOFF_DETAIL);
  /* The scrolled window at the top of the template has no name to be cleared by. */
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (object))) != NULL)
    gtk_widget_unparent (child);
  G_OBJECT_CLASS (yc_handoff_detail_parent_class)->dispose (object);
}

static void
yc_handoff_detail_class_init (YcHandoffDetailClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_handoff_detail_dispose;

  /**
   * YcHandoffDetail::case-activated:
   * @case_id: the case whose history is asked for
   */
  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, G_TYPE_STRING);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-handoff-detail.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, YcHandoffDetail, name)
  BIND (title_label);
  BIND (state_label);
  BIND (from_row);
  BIND (to_row);
  BIND (reason_row);
  BIND (requested_row);
  BIND (decision_row);
  BIND (receipt_row);
  BIND (answer_row);
  BIND (sync_row);
  BIND (cases_group);
  BIND (cases_list);
  BIND (parallel_group);
  BIND (parallel_list);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
}

static void
yc_handoff_detail_init (YcHandoffDetail *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_handoff_detail_new (void)
{
  return g_object_new (YC_TYPE_HANDOFF_DETAIL, NULL);
}

void
yc_handoff_detail_show (YcHandoffDetail *self,
                        YcStore         *store,
                        YcHandoff       *handoff,
                        GPtrArray       *all,
                        GHashTable      *staff,
                        GHashTable      *departments,
                        YcCalendar      *calendar)
{
  g_autofree char *title = NULL;
  g_autofree char *state = NULL;
  g_autofree char *from = NULL;
  g_autofree char *to = NULL;
  g_autofree char *requested = NULL;
  g_autofree char *decision = NULL;
  g_autofree char *receipt = NULL;
  g_autofree char *answer = NULL;
  const char * const *ids;
  const char *sync = NULL;

  g_return_if_fail (YC_IS_HANDOFF_DETAIL (self));
  g_return_if_fail (YC_IS_STORE (store));
  g_return_if_fail (YC_IS_HANDOFF (handoff));

  title = yc_handoff_text_title (handoff);
  state = yc_handoff_text_progress (handoff);
  from = yc_handoff_text_party (staff, departments, yc_handoff_get_from_staff_id (handoff),
                                yc_handoff_get_from_department_id (handoff));
  to = yc_handoff_text_party (staff, departments, yc_handoff_get_to_staff_id (handoff),
                              yc_handoff_get_to_department_id (handoff));
  requested = yc_handoff_text_step (staff, NULL, yc_handoff_get_requested_by (handoff),
                                    yc_handoff_get_requested_at (handoff), NULL);
  if (yc_handoff_get_decided_at (handoff) != NULL)
    decision = yc_handoff_text_step (staff,
                                     g_strcmp0 (yc_handoff_get_state (handoff), "rejected") == 0
                                       ? _("Rejected") : _("Approved"),
                                     yc_handoff_get_decided_by (handoff),
                                     yc_handoff_get_decided_at (handoff),
                                     yc_handoff_get_decision_comment (handoff));
  if (yc_handoff_get_received_at (handoff) != NULL)
    receipt = yc_handoff_text_step (staff, _("Signed for"), yc_handoff_get_received_by (handoff),
                                    yc_handoff_get_received_at (handoff), NULL);
  if (yc_handoff_get_answer (handoff) != NULL)
    answer = yc_handoff_text_step (staff, yc_handoff_text_answer (yc_handoff_get_answer (handoff)),
                                   yc_handoff_get_answered_by (handoff),
                                   yc_handoff_get_answered_at (handoff),
                                   yc_handoff_get_answer_comment (handoff));
  switch (yc_store_get_sync_state (store, "handoff", yc_handoff_get_id (handoff)))
    {
    case YC_SYNC_STATE_PENDING:
      sync = _("Saved here; it goes to the server as soon as the connection allows.");
      break;
    case YC_SYNC_STATE_ATTENTION:
      sync = _("The server did not accept a change made here: see Sync for its reason. The "
               "state shown is the last one known.");
      break;
    case YC_SYNC_STATE_NONE:
    case YC_SYNC_STATE_SYNCED:
    case YC_SYNC_STATE_DISCARDED:
    default:
      break;
    }

  gtk_label_set_text (self->title_label, title);
  gtk_label_set_text (self->state_label, state);
  set_row (self->from_row, from);
  set_row (self->to_row, to);
  set_row (self->reason_row, yc_handoff_get_reason (handoff));
  set_row (self->requested_row, requested);
  set_row (self->decision_row, decision);
  set_row (self->receipt_row, receipt);
  set_row (self->answer_row, answer);
  set_row (self->sync_row, sync);

  clear_list (self->cases_list);
  ids = yc_handoff_get_case_ids (handoff);
  for (guint i = 0; ids != NULL && ids[i] != NULL; i++)
    gtk_list_box_append (self->cases_list, case_row (store, calendar, ids[i]));
  gtk_widget_set_visible (GTK_WIDGET (self->cases_group), ids != NULL && ids[0] != NULL);

  show_parallel (self, handoff, all, staff, departments);
}

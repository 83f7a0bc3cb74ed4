/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-case-finder"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-case-finder.h"
#include "yc-case-text.h"

#define MAX_FOUND 50

struct _YcCaseFinder
{
  GtkWidget       parent_instance;

  YcStore        *store;
  guint           find_id;
  GCancellable   *find_cancellable; /* of the case search running, if any */
  gboolean        find_open_first;  /* Enter came before its results */

  /* Template widgets */
  GtkWidget      *clamp;
  GtkSearchEntry *find_entry;
  GtkListBox     *find_list;
  GtkLabel       *find_message;
};

G_DEFINE_FINAL_TYPE (YcCaseFinder, yc_case_finder, GTK_TYPE_WIDGET)

enum {
  CASE_ACTIVATED,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
open_row (YcCaseFinder  *self,
          GtkListBoxRow *row)
{
  g_signal_emit (self, signals[CASE_ACTIVATED], 0, g_object_get_data (G_OBJECT (row), "case"));
}

static void
find_cases_thread (GTask        *task,
                   gpointer      source,
                   gpointer      task_data,
                   GCancellable *cancellable)
{
  YcStore *store = source;
  GError *error = NULL;
  GPtrArray *found = yc_store_find_cases (store, task_data, MAX_FOUND, &error);

  if (found == NULL)
    g_task_return_error (task, error);
  else
    g_task_return_pointer (task, found, (GDestroyNotify) g_ptr_array_unref);
}

static void
on_cases_found_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  g_autoptr(YcCaseFinder) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) found = g_task_propagate_pointer (G_TASK (result), &error);
  gboolean open = self->find_open_first;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self->find_open_first = FALSE;
  g_clear_object (&self->find_cancellable);
  if (found == NULL)
    {
      gtk_label_set_text (self->find_message, error->message);
      return;
    }
  for (guint i = 0; i < found->len; i++)
    gtk_list_box_append (self->find_list, yc_case_text_row (g_ptr_array_index (found, i)));
  gtk_widget_set_visible (GTK_WIDGET (self->find_list), found->len > 0);
  if (found->len == 0)
    gtk_label_set_text (self->find_message, _("No case matches. Check the case number on the "
                                              "applicant’s one-time notice."));
  else
    gtk_list_box_select_row (self->find_list, gtk_list_box_get_row_at_index (self->find_list, 0));
  /* Enter was pressed while the search ran: open what it found first. */
  if (open && found->len > 0)
    open_row (self, gtk_list_box_get_row_at_index (self->find_list, 0));
}

/* Search the cases off the main thread: matching a full ID number reads every case. */
static gboolean
find_cases_cb (gpointer user_data)
{
  YcCaseFinder *self = user_data;
  const char *query = gtk_editable_get_text (GTK_EDITABLE (self->find_entry));
  g_autoptr(GTask) task = NULL;
  GtkWidget *child;

  self->find_id = 0;
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->find_list))) != NULL)
    gtk_list_box_remove (self->find_list, child);
  gtk_label_set_text (self->find_message, "");
  gtk_widget_set_visible (GTK_WIDGET (self->find_list), FALSE);
  if (*query == '\0')
    {
      self->find_open_first = FALSE;
      gtk_label_set_text (self->find_message, _("Type the case number on the applicant’s "
                                                "notice, their ID number or their name, then "
                                                "press Enter."));
      return G_SOURCE_REMOVE;
    }
  self->find_cancellable = g_cancellable_new ();
  /* The store is the task's source: the thread reads nothing of the widget. */
  task = g_task_new (self->store, self->find_cancellable, on_cases_found_cb, g_object_ref (self));
  g_task_set_source_tag (task, find_cases_cb);
  g_task_set_task_data (task, g_strdup (query), g_free);
  g_task_run_in_thread (task, find_cases_thread);
  return G_SOURCE_REMOVE;
}

static void
on_find_changed_cb (YcCaseFinder *self)
{
  g_clear_handle_id (&self->find_id, g_source_remove);
  self->find_id = g_timeout_add (60, find_cases_cb, self);
}

static void
on_find_activate_cb (YcCaseFinder *self)
{
  GtkListBoxRow *row;

  if (self->find_id != 0)
    {
      g_clear_handle_id (&self->find_id, g_source_remove);
      find_cases_cb (self);
    }
  if (self->find_cancellable != NULL)
    {
      /* Still searching: open the first case found when the search is done. */
      self->find_open_first = TRUE;
      return;
    }
  row = gtk_list_box_get_selected_row (self->find_list);
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (self->find_list, 0);
  if (row != NULL)
    open_row (self, row);
}

static void
on_find_row_activated_cb (YcCaseFinder  *self,
                          GtkListBoxRow *row)
{
  open_row (self, row);
}

/* ------------------------------------------------------------------ GObject */

static gboolean
yc_case_finder_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (YC_CASE_FINDER (widget)->find_entry));
}

static void
yc_case_finder_dispose (GObject *object)
{
  YcCaseFinder *self = YC_CASE_FINDER (object);

  g_clear_handle_id (&self->find_id, g_source_remove);
  g_cancellable_cancel (self->find_cancellable);
  g_clear_object (&self->find_cancellable);
  if (self->find_list != NULL)
    g_signal_handlers_disconnect_by_data (self->find_list, self);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_CASE_FINDER);
  g_clear_object (&self->store);

  G_OBJECT_CLASS (yc_case_finder_parent_class)->dispose (object);
}

static void
yc_case_finder_class_init (YcCaseFinderClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_case_finder_dispose;
  widget_class->grab_focus = yc_case_finder_grab_focus;

  signals[CASE_ACTIVATED] =
    g_signal_new ("case-activated", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, YC_TYPE_CASE);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-case-finder.ui");
  gtk_widget_class_bind_template_child (widget_class, YcCaseFinder, clamp);
  gtk_widget_class_bind_template_child (widget_class, YcCaseFinder, find_entry);
  gtk_widget_class_bind_template_child (widget_class, YcCaseFinder, find_list);
  gtk_widget_class_bind_template_child (widget_class, YcCaseFinder, find_message);
  gtk_widget_class_bind_template_callback (widget_class, on_find_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_find_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_find_row_activated_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_case_finder_init (YcCaseFinder *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_case_finder_new (void)
{
  return g_object_new (YC_TYPE_CASE_FINDER, NULL);
}

void
yc_case_finder_set_store (YcCaseFinder *self,
                          YcStore      *store)
{
  g_return_if_fail (YC_IS_CASE_FINDER (self));
  g_return_if_fail (store == NULL || YC_IS_STORE (store));

  g_set_object (&self->store, store);
}

void
yc_case_finder_reset (YcCaseFinder *self)
{
  g_return_if_fail (YC_IS_CASE_FINDER (self));

  gtk_editable_set_text (GTK_EDITABLE (self->find_entry), "");
  find_cases_cb (self);
}

void
yc_case_finder_set_message (YcCaseFinder *self,
                            const char   *message)
{
  g_return_if_fail (YC_IS_CASE_FINDER (self));

  gtk_label_set_text (self->find_message, message);
}

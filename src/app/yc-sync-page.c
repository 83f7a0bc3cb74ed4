/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-sync-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-sync-page.h"

/* How many waiting changes the page lists; the count above says how many there are. */
#define MAX_PENDING_ROWS 200

struct _YcSyncPage
{
  GtkWidget   parent_instance;

  YcSync     *sync;
  YcOutbox   *outbox;
  guint       n_pending_rows;
  guint       n_attention_rows;
  guint       refresh_id;
  gboolean    stale;

  /* Template widgets */
  GtkStack   *stack;
  GtkLabel   *status_label;
  GtkWidget  *attention_box;
  GtkListBox *attention_list;
  GtkWidget  *pending_box;
  GtkListBox *pending_list;
};

G_DEFINE_FINAL_TYPE (YcSyncPage, yc_sync_page, GTK_TYPE_WIDGET)

/* A sentence naming the record a change concerns, from the local store. */
static char *
describe_entry (YcSyncPage          *self,
                const YcOutboxEntry *entry)
{
  YcStore *store = yc_outbox_get_store (self->outbox);

  if (g_strcmp0 (entry->record_kind, "case") == 0 ||
      g_strcmp0 (entry->record_kind, "evaluation") == 0)
    {
      g_autoptr(YcCase) record = yc_store_get_case (store, entry->record_id, NULL);

      if (record != NULL)
        {
          const YcParty *applicant = yc_case_get_applicant (record);

          if (g_strcmp0 (entry->record_kind, "evaluation") == 0)
            return g_strdup_printf (_("Evaluation of case %s"), yc_case_get_number (record));
          if (g_str_has_suffix (entry->path, "/materials"))
            return g_strdup_printf (_("Materials of case %s"), yc_case_get_number (record));
          if (g_str_has_suffix (entry->path, "/completion"))
            return g_strdup_printf (_("Completion of case %s"), yc_case_get_number (record));
          return g_strdup_printf (_("Case %s · %s · %s"), yc_case_get_number (record),
                                  applicant != NULL && applicant->name ? applicant->name : "",
                                  yc_case_get_service_item_name (record) ? yc_case_get_service_item_name (record) : "");
        }
    }
  else if (g_strcmp0 (entry->record_kind, "letter") == 0)
    {
      g_autoptr(JsonNode) body = entry->body ? json_from_string (entry->body, NULL) : NULL;
      JsonObject *object = body && JSON_NODE_HOLDS_OBJECT (body) ? json_node_get_object (body) : NULL;
      const char *number = object ? json_object_get_string_member_with_default (object, "number", NULL) : NULL;

      if (number != NULL)
        return g_strdup_printf (_("Letter %s"), number);
    }
  else if (g_strcmp0 (entry->record_kind, "handoff") == 0)
    {
      if (g_str_has_suffix (entry->path, "/decision"))
        return g_strdup (_("Decision on a handoff"));
      if (g_str_has_suffix (entry->path, "/receipt"))
        return g_strdup (_("Signing for a handoff"));
      if (g_str_has_suffix (entry->path, "/answer"))
        return g_strdup (_("Answer to a parallel approval"));
      return g_strdup (_("Handoff request"));
    }
  else if (g_strcmp0 (entry->record_kind, "inquiry") == 0)
    {
      g_autoptr(YcInquiry) inquiry = yc_store_get_inquiry (store, entry->record_id, NULL);

      if (inquiry != NULL && yc_inquiry_get_visitor_name (inquiry) != NULL)
        return g_strdup_printf (_("Inquiry of %s"), yc_inquiry_get_visitor_name (inquiry));
      return g_strdup (_("Inquiry"));
    }

  return g_strdup (_("A change"));
}

static char *
format_time (gint64 unix_us)
{
  g_autoptr(GDateTime) when = g_date_time_new_from_unix_local (unix_us / G_USEC_PER_SEC);

  return when != NULL ? g_date_time_format (when, "%Y-%m-%d %H:%M") : g_strdup ("");
}

static void
on_retried_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(YcSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  if (!yc_outbox_retry_finish (YC_OUTBOX (source), result, &error))
    gtk_label_set_text (self->status_label, error->message);
  else
    yc_sync_kick (self->sync);
}

static void
on_retry_clicked_cb (GtkButton  *button,
                     YcSyncPage *self)
{
  gint64 seq = *(gint64 *) g_object_get_data (G_OBJECT (button), "yc-seq");

  gtk_widget_set_sensitive (GTK_WIDGET (button), FALSE);
  yc_outbox_retry_async (self->outbox, seq, NULL, on_retried_cb, g_object_ref (self));
}

static void
on_discarded_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcSyncPage) self = user_data;
  g_autoptr(GError) error = NULL;

  yc_outbox_discard_finish (YC_OUTBOX (source), result, &error);
  if (error != NULL)
    gtk_label_set_text (self->status_label, error->message);
}

static void
on_discard_response_cb (AdwMessageDialog *dialog,
                        const char       *response,
                        YcSyncPage       *self)
{
  gint64 seq = *(gint64 *) g_object_get_data (G_OBJECT (dialog), "yc-seq");

  if (g_strcmp0 (response, "discard") == 0)
    yc_outbox_discard_async (self->outbox, seq, NULL, on_discarded_cb, g_object_ref (self));
}

static void
on_discard_clicked_cb (GtkButton  *button,
                       YcSyncPage *self)
{
  gint64 *seq = g_object_get_data (G_OBJECT (button), "yc-seq");
  const char *what = g_object_get_data (G_OBJECT (button), "yc-what");
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *dialog;

  dialog = adw_message_dialog_new (GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                                   _("Discard This Change?"), NULL);
  adw_message_dialog_format_body (ADW_MESSAGE_DIALOG (dialog),
                                  _("“%s” will not reach the server, and this workstation goes back to how it was before the change. Anything that depends on it is discarded too. This cannot be undone."),
                                  what);
  adw_message_dialog_add_responses (ADW_MESSAGE_DIALOG (dialog),
                                    "cancel", _("_Keep"),
                                    "discard", _("_Discard"),
                                    NULL);
  adw_message_dialog_set_response_appearance (ADW_MESSAGE_DIALOG (dialog), "discard",
                                              ADW_RESPONSE_DESTRUCTIVE);
  adw_message_dialog_set_default_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  adw_message_dialog_set_close_response (ADW_MESSAGE_DIALOG (dialog), "cancel");
  g_object_set_data_full (G_OBJECT (dialog), "yc-seq", g_memdup2 (seq, sizeof *seq), g_free);
  g_signal_connect_object (dialog, "response", G_CALLBACK (on_discard_response_cb), self, 0);
  gtk_window_present (GTK_WINDOW (dialog));
}

static GtkWidget *
make_row (YcSyncPage          *self,
          const YcOutboxEntry *entry)
{
  GtkWidget *row = adw_action_row_new ();
  g_autofree char *what = describe_entry (self, entry);
  g_autofree char *when = format_time (entry->created_at);
  g_autofree char *escaped = g_markup_escape_text (what, -1);
  g_autofree char *subtitle = NULL;

  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), escaped);

  if (entry->state == YC_OUTBOX_ATTENTION)
    {
      GtkWidget *retry = gtk_button_new_with_mnemonic (_("_Send Again"));
      GtkWidget *discard = gtk_button_new_with_mnemonic (_("_Discard…"));
      g_autofree char *reason = g_markup_escape_text (entry->last_error ? entry->last_error : "", -1);

      /* Translators: %s is the server's reason, then when the change was made. */
      subtitle = g_strdup_printf (_("Refused by the server: %s\nMade %s"), reason, when);
      gtk_widget_set_valign (retry, GTK_ALIGN_CENTER);
      gtk_widget_set_valign (discard, GTK_ALIGN_CENTER);
      gtk_widget_add_css_class (discard, "destructive-action");
      g_object_set_data_full (G_OBJECT (retry), "yc-seq", g_memdup2 (&entry->seq, sizeof entry->seq), g_free);
      g_object_set_data_full (G_OBJECT (discard), "yc-seq", g_memdup2 (&entry->seq, sizeof entry->seq), g_free);
      g_object_set_data_full (G_OBJECT (discard), "yc-what", g_strdup (what), g_free);
      g_signal_connect_object (retry, "clicked", G_CALLBACK (on_retry_clicked_cb), self, 0);
      g_signal_connect_object (discard, "clicked", G_CALLBACK (on_discard_clicked_cb), self, 0);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), retry);
      adw_action_row_add_suffix (ADW_ACTION_ROW (row), discard);
    }
  else if (entry->attempts > 0 && entry->last_error != NULL)
    {
      g_autofree char *reason = g_markup_escape_text (entry->last_error, -1);

      subtitle = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                               "Made %s · tried %u time: %s",
                                               "Made %s · tried %u times: %s", entry->attempts),
                                  when, entry->attempts, reason);
    }
  else
    subtitle = g_strdup_printf (entry->offline ? _("Made %s, while offline") : _("Made %s"), when);

  adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static void
yc_sync_page_refresh (YcSyncPage *self)
{
  g_autoptr(GPtrArray) attention = NULL;
  g_autoptr(GPtrArray) pending = NULL;
  g_autoptr(GError) error = NULL;
  guint n_pending = yc_outbox_get_n_pending (self->outbox);
  guint n_attention = yc_outbox_get_n_attention (self->outbox);
  g_autofree char *status = NULL;

  clear_list (self->attention_list);
  clear_list (self->pending_list);
  self->n_pending_rows = self->n_attention_rows = 0;

  attention = yc_outbox_list (self->outbox, YC_OUTBOX_ATTENTION, 0, &error);
  for (guint i = 0; attention != NULL && i < attention->len; i++, self->n_attention_rows++)
    gtk_list_box_append (self->attention_list, make_row (self, g_ptr_array_index (attention, i)));

  pending = yc_outbox_list (self->outbox, YC_OUTBOX_PENDING, MAX_PENDING_ROWS, error ? NULL : &error);
  for (guint i = 0; pending != NULL && i < pending->len; i++, self->n_pending_rows++)
    gtk_list_box_append (self->pending_list, make_row (self, g_ptr_array_index (pending, i)));

  gtk_widget_set_visible (self->attention_box, self->n_attention_rows > 0);
  gtk_widget_set_visible (self->pending_box, self->n_pending_rows > 0);

  if (error != NULL)
    status = g_strdup (error->message);
  else if (n_pending > 0 && !yc_sync_get_online (self->sync))
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                           "The server cannot be reached. %u change is kept on this workstation and will be sent when the server is back.",
                                           "The server cannot be reached. %u changes are kept on this workstation and will be sent when the server is back.",
                                           n_pending), n_pending);
  else if (n_pending > 0)
    status = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE, "%u change is being sent.",
                                           "%u changes are being sent.", n_pending), n_pending);
  else
    status = g_strdup (_("Every change that could be sent has reached the server."));
  gtk_label_set_text (self->status_label, status);

  gtk_stack_set_visible_child_name (self->stack,
                                    n_pending + n_attention > 0 || error != NULL ? "list" : "empty");
}

static gboolean
on_refresh_idle_cb (gpointer data)
{
  YcSyncPage *self = data;

  self->refresh_id = 0;
  yc_sync_page_refresh (self);
  return G_SOURCE_REMOVE;
}

/* The outbox changes in bursts while replaying: gather them into one refresh, and only
 * while the page is on screen; a hidden page catches up when it is shown. */
static void
queue_refresh (YcSyncPage *self)
{
  if (!gtk_widget_get_mapped (GTK_WIDGET (self)))
    {
      self->stale = TRUE;
      return;
    }
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (150, on_refresh_idle_cb, self);
}

static void
yc_sync_page_map (GtkWidget *widget)
{
  YcSyncPage *self = YC_SYNC_PAGE (widget);

  GTK_WIDGET_CLASS (yc_sync_page_parent_class)->map (widget);

  if (self->stale)
    {
      self->stale = FALSE;
      yc_sync_page_refresh (self);
    }
}

static void
yc_sync_page_dispose (GObject *object)
{
  YcSyncPage *self = YC_SYNC_PAGE (object);

  if (self->outbox != NULL)
    g_signal_handlers_disconnect_by_data (self->outbox, self);
  if (self->sync != NULL)
    g_signal_handlers_disconnect_by_data (self->sync, self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_SYNC_PAGE);
  g_clear_object (&self->sync);
  g_clear_object (&self->outbox);

  G_OBJECT_CLASS (yc_sync_page_parent_class)->dispose (object);
}

static void
yc_sync_page_class_init (YcSyncPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_sync_page_dispose;
  widget_class->map = yc_sync_page_map;

  gtk_widget_class_set_template_from_resource (widget_class, "/org/yichuang/Desk/yc-sync-page.ui");
  gtk_widget_class_bind_template_child (widget_class, YcSyncPage, stack);
  gtk_widget_class_bind_template_child (widget_class, YcSyncPage, status_label);
  gtk_widget_class_bind_template_child (widget_class, YcSyncPage, attention_box);
  gtk_widget_class_bind_template_child (widget_class, YcSyncPage, attention_list);
  gtk_widget_class_bind_template_child (widget_class, YcSyncPage, pending_box);
  gtk_widget_class_bind_template_child (widget_class, YcSyncPage, pending_list);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_sync_page_init (YcSyncPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
}

GtkWidget *
yc_sync_page_new (YcSync   *sync,
                  YcOutbox *outbox)
{
  YcSyncPage *self;

  g_return_val_if_fail (YC_IS_SYNC (sync), NULL);
  g_return_val_if_fail (YC_IS_OUTBOX (outbox), NULL);

  self = g_object_new (YC_TYPE_SYNC_PAGE, NULL);
  self->sync = g_object_ref (sync);
  self->outbox = g_object_ref (outbox);
  g_signal_connect_object (outbox, "changed", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  g_signal_connect_object (sync, "notify::online", G_CALLBACK (queue_refresh), self, G_CONNECT_SWAPPED);
  yc_sync_page_refresh (self);
  return GTK_WIDGET (self);
}

guint
yc_sync_page_get_n_pending_rows (YcSyncPage *self)
{
  g_return_val_if_fail (YC_IS_SYNC_PAGE (self), 0);
  return self->n_pending_rows;
}

guint
yc_sync_page_get_n_attention_rows (YcSyncPage *self)
{
  g_return_val_if_fail (YC_IS_SYNC_PAGE (self), 0);
  return self->n_attention_rows;
}

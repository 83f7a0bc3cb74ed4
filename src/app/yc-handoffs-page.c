/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-handoffs-page"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-calendar.h"
#include "yc-case-history.h"
#include "yc-handoff-detail.h"
#include "yc-handoff-dialog.h"
#include "yc-case-text.h"
#include "yc-handoff-text.h"
#include "yc-handoffs-page.h"

/* Decided and signed-for handoffs stay listed for a while; the open ones always are. */
#define MAX_CLOSED_ROWS 100

typedef enum
{
  VIEW_REQUESTS,
  VIEW_INCOMING,
  VIEW_APPROVALS,
  N_VIEWS
} View;

static const char * const view_names[N_VIEWS] = { "requests", "incoming", "approvals" };

struct _YcHandoffsPage
{
  GtkWidget        parent_instance;

  YcStore         *store;
  GCancellable    *cancellable;
  guint            refresh_id;
  GHashTable      *staff_names;       /* id -> name */
  GHashTable      *departments;       /* id -> name */
  YcCalendar      *calendar;
  char            *me;
  char            *my_department;
  gboolean         chief;
  GPtrArray       *handoffs;          /* YcHandoff, newest first */
  guint            n_items[N_VIEWS];
  guint            n_waiting[N_VIEWS];
  GHashTable      *announced;         /* "id:state" already notified */
  guint            n_notified;        /* desktop notifications sent */
  gboolean         primed;            /* the first reading is not announced */
  char            *selected_id;
  gboolean         busy;
  gboolean         filling;           /* rebuilding the lists: ignore the selection */
  gboolean         disposed;
  gboolean         names_stale;       /* staff, departments or calendars changed */
  char            *error_for;         /* the handoff the error shown is about */

  /* Template widgets */
  AdwToastOverlay *toast_overlay;
  AdwViewStack    *views;
  AdwViewStackPage *requests_page;
  AdwViewStackPage *incoming_page;
  AdwViewStackPage *approvals_page;
  GtkStack        *requests_stack;
  GtkStack        *incoming_stack;
  GtkStack        *approvals_stack;
  GtkListBox      *requests_list;
  GtkListBox      *incoming_list;
  GtkListBox      *approvals_list;
  GtkStack        *detail_stack;
  YcHandoffDetail *detail;
  GtkWidget       *action_box;
  GtkLabel        *message_label;
  GtkWidget       *comment_box;
  GtkEntry        *comment_entry;
  GtkWidget       *history_button;
  GtkWidget       *reject_button;
  GtkWidget       *approve_button;
  GtkWidget       *sign_button;
  GtkWidget       *disagree_button;
  GtkWidget       *forward_button;
  GtkWidget       *agree_button;
};

G_DEFINE_FINAL_TYPE (YcHandoffsPage, yc_handoffs_page, GTK_TYPE_WIDGET)

static void show_selected (YcHandoffsPage *self);

/* ------------------------------------------------------------------ who sees what */

static gboolean
is_request (YcHandoffsPage *self,
            YcHandoff      *handoff)
{
  return self->me != NULL &&
         (g_strcmp0 (yc_handoff_get_requested_by (handoff), self->me) == 0 ||
          g_strcmp0 (yc_handoff_get_from_staff_id (handoff), self->me) == 0);
}

static gboolean
is_incoming (YcHandoffsPage *self,
             YcHandoff      *handoff)
{
  const char *to_staff = yc_handoff_get_to_staff_id (handoff);

  if (self->me == NULL)
    return FALSE;
  if (to_staff != NULL && *to_staff != '\0')
    return g_strcmp0 (to_staff, self->me) == 0;
  return self->my_department != NULL &&
         g_strcmp0 (yc_handoff_get_to_department_id (handoff), self->my_department) == 0;
}

static gboolean
is_approval (YcHandoffsPage *self,
             YcHandoff      *handoff)
{
  return self->chief && self->my_department != NULL &&
         g_strcmp0 (yc_handoff_get_from_department_id (handoff), self->my_department) == 0;
}

static gboolean
is_parallel (YcHandoff *handoff)
{
  return g_strcmp0 (yc_handoff_get_kind (handoff), "parallel") == 0;
}

static gboolean
state_is (YcHandoff  *handoff,
          const char *state)
{
  return g_strcmp0 (yc_handoff_get_state (handoff), state) == 0;
}

static gboolean
can_decide (YcHandoffsPage *self,
            YcHandoff      *handoff)
{
  return is_approval (self, handoff) && state_is (handoff, "pending") &&
         g_strcmp0 (yc_handoff_get_requested_by (handoff), self->me) != 0;
}

static gboolean
can_sign_for (YcHandoffsPage *self,
              YcHandoff      *handoff)
{
  return is_incoming (self, handoff) && state_is (handoff, "approved");
}

static gboolean
can_answer (YcHandoffsPage *self,
            YcHandoff      *handoff)
{
  return is_incoming (self, handoff) && is_parallel (handoff) && state_is (handoff, "received") &&
         yc_handoff_get_answer (handoff) == NULL;
}

/* What this user has to do about @handoff in @view. */
static gboolean
is_waiting (YcHandoffsPage *self,
            YcHandoff      *handoff,
            View            view)
{
  switch (view)
    {
    case VIEW_APPROVALS:
      return can_decide (self, handoff);
    case VIEW_INCOMING:
      return can_sign_for (self, handoff) || can_answer (self, handoff);
    case VIEW_REQUESTS:
    case N_VIEWS:
    default:
      return FALSE;
    }
}

static gboolean
is_open (YcHandoff *handoff)
{
  return state_is (handoff, "pending") || state_is (handoff, "approved") ||
         (is_parallel (handoff) && state_is (handoff, "received") &&
          yc_handoff_get_answer (handoff) == NULL);
}

static View
current_view (YcHandoffsPage *self)
{
  const char *name = adw_view_stack_get_visible_child_name (self->views);

  for (guint i = 0; i < N_VIEWS; i++)
    if (g_strcmp0 (name, view_names[i]) == 0)
      return i;
  return VIEW_REQUESTS;
}

static GtkListBox *
view_list (YcHandoffsPage *self,
           View            view)
{
  switch (view)
    {
    case VIEW_INCOMING:
      return self->incoming_list;
    case VIEW_APPROVALS:
      return self->approvals_list;
    case VIEW_REQUESTS:
    case N_VIEWS:
    default:
      return self->requests_list;
    }
}

static YcHandoff *
find_handoff (YcHandoffsPage *self,
              const char     *id)
{
  for (guint i = 0; id != NULL && self->handoffs != NULL && i < self->handoffs->len; i++)
    {
      YcHandoff *handoff = g_ptr_array_index (self->handoffs, i);

      if (g_strcmp0 (yc_handoff_get_id (handoff), id) == 0)
        return handoff;
    }
  return NULL;
}

static YcHandoff *
selected_handoff (YcHandoffsPage *self)
{
  return find_handoff (self, self->selected_id);
}

/* ------------------------------------------------------------------ words */

static char *
party_of (YcHandoffsPage *self,
          const char     *staff_id,
          const char     *department_id)
{
  return yc_handoff_text_party (self->staff_names, self->departments, staff_id, department_id);
}

/* ------------------------------------------------------------------ the lists */

static GtkWidget *
make_row (YcHandoffsPage *self,
          YcHandoff      *handoff,
          View            view)
{
  g_autofree char *title = yc_handoff_text_title (handoff);
  g_autofree char *from = party_of (self, yc_handoff_get_from_staff_id (handoff),
                                    yc_handoff_get_from_department_id (handoff));
  g_autofree char *to = party_of (self, yc_handoff_get_to_staff_id (handoff),
                                  yc_handoff_get_to_department_id (handoff));
  g_autofree char *state = yc_handoff_text_progress (handoff);
  g_autofree char *at = yc_case_text_time (yc_handoff_get_requested_at (handoff));
  /* Translators: who gives the work and who receives it, "李晓燕 → 王志强". */
  g_autofree char *route = g_strdup_printf (_("%s → %s"), from, to);
  /* Translators: a handoff's state and when it was asked for. */
  g_autofree char *when = g_strdup_printf (_("%s · %s"), state, at);
  g_autofree char *accessible = g_strdup_printf ("%s, %s, %s", title, route, when);
  GtkWidget *row = gtk_list_box_row_new ();
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *label;

  gtk_widget_set_margin_top (box, 6);
  gtk_widget_set_margin_bottom (box, 6);
  gtk_widget_set_margin_start (box, 6);
  gtk_widget_set_margin_end (box, 6);

  label = gtk_label_new (title);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_widget_add_css_class (label, "heading");
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (route);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_box_append (GTK_BOX (box), label);

  label = gtk_label_new (when);
  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_ellipsize (GTK_LABEL (label), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (label, is_waiting (self, handoff, view) ? "accent" : "dim-label");
  gtk_widget_add_css_class (label, "caption");
  gtk_box_append (GTK_BOX (box), label);

  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  accessible, -1);
  g_object_set_data_full (G_OBJECT (row), "handoff-id", g_strdup (yc_handoff_get_id (handoff)),
                          g_free);
  return row;
}

static void
clear_list (GtkListBox *list)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (list))) != NULL)
    gtk_list_box_remove (list, child);
}

static gboolean
in_view (YcHandoffsPage *self,
         YcHandoff      *handoff,
         View            view)
{
  switch (view)
    {
    case VIEW_REQUESTS:
      return is_request (self, handoff);
    case VIEW_INCOMING:
      return is_incoming (self, handoff);
    case VIEW_APPROVALS:
      return is_approval (self, handoff);
    case N_VIEWS:
    default:
      return FALSE;
    }
}

/* The waiting ones first, then the other open ones, then the closed ones. */
static void
fill_view (YcHandoffsPage *self,
           View            view)
{
  GtkListBox *list = view_list (self, view);
  GtkStack *stacks[N_VIEWS] = { self->requests_stack, self->incoming_stack,
                                self->approvals_stack };
  AdwViewStackPage *pages[N_VIEWS] = { self->requests_page, self->incoming_page,
                                       self->approvals_page };
  guint closed = 0;

  clear_list (list);
  self->n_items[view] = 0;
  self->n_waiting[view] = 0;
  for (guint pass = 0; pass < 3; pass++)
    for (guint n = 0; n < self->handoffs->len; n++)
      {
        /* The waiting ones oldest first (first come, first served), the others newest first. */
        guint i = pass == 0 ? self->handoffs->len - 1 - n : n;
        YcHandoff *handoff = g_ptr_array_index (self->handoffs, i);
        gboolean waiting, open;

        if (!in_view (self, handoff, view))
          continue;
        waiting = is_waiting (self, handoff, view);
        open = is_open (handoff);
        if ((pass == 0 && !waiting) || (pass == 1 && (waiting || !open)) ||
            (pass == 2 && (waiting || open)))
          continue;
        if (pass == 2 && ++closed > MAX_CLOSED_ROWS)
          break;
        gtk_list_box_append (list, make_row (self, handoff, view));
        self->n_items[view]++;
        if (waiting)
          self->n_waiting[view]++;
      }

  gtk_stack_set_visible_child_name (stacks[view], self->n_items[view] > 0 ? "list" : "empty");
  adw_view_stack_page_set_badge_number (pages[view], self->n_waiting[view]);
  adw_view_stack_page_set_needs_attention (pages[view], self->n_waiting[view] > 0);
}

static GtkListBoxRow *
find_row (GtkListBox *list,
          const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), "handoff-id"), id) == 0)
      return GTK_LIST_BOX_ROW (child);
  return NULL;
}

/* ------------------------------------------------------------------ notifications */

static void
announce (YcHandoffsPage *self,
          YcHandoff      *handoff,
          View            view)
{
  GApplication *app = g_application_get_default ();
  g_autoptr(GNotification) notification = NULL;
  g_autofree char *key = g_strdup_printf ("%s:%s", yc_handoff_get_id (handoff),
                                          yc_handoff_get_state (handoff));
  g_autofree char *title = yc_handoff_text_title (handoff);
  g_autofree char *from = party_of (self, yc_handoff_get_from_staff_id (handoff),
                                    yc_handoff_get_from_department_id (handoff));
  g_autofree char *body = NULL;
  g_autofree char *notification_id = NULL;

  if (!g_hash_table_add (self->announced, g_steal_pointer (&key)) || !self->primed)
    return;
  self->n_notified++;
  if (app == NULL)
    return;

  if (view == VIEW_APPROVALS)
    {
      /* Translators: a desktop notification: who asks, what, and the reason. */
      body = g_strdup_printf (_("%s asks: %s. Reason: %s"), from, title,
                              yc_handoff_get_reason (handoff));
      notification = g_notification_new (_("A Handoff Awaits Your Approval"));
    }
  else if (can_answer (self, handoff))
    {
      body = g_strdup_printf (_("%s: %s. Your department's answer is awaited."), from, title);
      notification = g_notification_new (_("A Parallel Approval Awaits Your Answer"));
    }
  else
    {
      body = g_strdup_printf (_("%s hands you: %s. Sign for it to take the work."), from, title);
      notification = g_notification_new (_("Work Handed to You"));
    }
  g_notification_set_body (notification, body);
  g_notification_set_priority (notification, G_NOTIFICATION_PRIORITY_HIGH);
  g_notification_set_default_action_and_target (notification, "app.show-handoff", "s",
                                                yc_handoff_get_id (handoff));
  notification_id = g_strdup_printf ("handoff-%s", yc_handoff_get_id (handoff));
  g_application_send_notification (app, notification_id, notification);
}

/* A decision on one of my requests: say it in the window. */
static void
announce_decision (YcHandoffsPage *self,
                   YcHandoff      *handoff)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", yc_handoff_get_id (handoff),
                                          yc_handoff_get_state (handoff));
  g_autofree char *title = yc_handoff_text_title (handoff);
  g_autofree char *text = NULL;

  if (!g_hash_table_add (self->announced, g_steal_pointer (&key)) || !self->primed)
    return;
  if (state_is (handoff, "approved"))
    text = g_strdup_printf (_("Your handoff was approved: %s"), title);
  else if (state_is (handoff, "rejected"))
    text = g_strdup_printf (_("Your handoff was rejected: %s"), title);
  else if (state_is (handoff, "received"))
    text = g_strdup_printf (_("Your handoff was signed for: %s"), title);
  if (text != NULL)
    adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (text));
}

static gboolean
was_announced (YcHandoffsPage *self,
               YcHandoff      *handoff)
{
  g_autofree char *key = g_strdup_printf ("%s:%s", yc_handoff_get_id (handoff),
                                          yc_handoff_get_state (handoff));

  return g_hash_table_contains (self->announced, key);
}

static void
announce_changes (YcHandoffsPage *self)
{
  for (guint i = 0; i < self->handoffs->len; i++)
    {
      YcHandoff *handoff = g_ptr_array_index (self->handoffs, i);

      if (is_waiting (self, handoff, VIEW_APPROVALS))
        announce (self, handoff, VIEW_APPROVALS);
      else if (is_waiting (self, handoff, VIEW_INCOMING))
        announce (self, handoff, VIEW_INCOMING);
      else if (is_request (self, handoff) && !state_is (handoff, "pending") &&
               !was_announced (self, handoff) &&
               /* (the sync state is a query: asked only of what was not said yet) */
               yc_store_get_sync_state (self->store, "handoff", yc_handoff_get_id (handoff)) ==
                 YC_SYNC_STATE_SYNCED)
        announce_decision (self, handoff);
    }
  self->primed = TRUE;
}

/* ------------------------------------------------------------------ reading the store */

static void
load_names (YcHandoffsPage *self)
{
  g_autoptr(GPtrArray) staff = yc_store_list_staff (self->store, NULL);
  g_autoptr(YcStaff) me = yc_store_get_staff (self->store);

  g_hash_table_remove_all (self->staff_names);
  for (guint i = 0; staff != NULL && i < staff->len; i++)
    {
      YcStaff *member = g_ptr_array_index (staff, i);

      g_hash_table_insert (self->staff_names, g_strdup (yc_staff_get_id (member)),
                           g_strdup (yc_staff_get_name (member)));
    }
  g_clear_pointer (&self->departments, g_hash_table_unref);
  self->departments = yc_store_dup_department_names (self->store);

  g_clear_pointer (&self->me, g_free);
  g_clear_pointer (&self->my_department, g_free);
  self->chief = FALSE;
  if (me != NULL)
    {
      const char * const *roles = yc_staff_get_roles (me);

      self->me = g_strdup (yc_staff_get_id (me));
      self->my_department = g_strdup (yc_staff_get_department_id (me));
      self->chief = roles != NULL && g_strv_contains (roles, "chief_rep");
      if (yc_staff_get_name (me) != NULL)
        g_hash_table_insert (self->staff_names, g_strdup (self->me),
                             g_strdup (yc_staff_get_name (me)));
    }
  adw_view_stack_page_set_visible (self->approvals_page, self->chief);

  g_clear_object (&self->calendar);
  self->calendar = yc_store_load_calendar (self->store, NULL);
  if (self->calendar == NULL)
    self->calendar = yc_calendar_new ();
}

static void
refresh (YcHandoffsPage *self)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) handoffs = NULL;
  View view = current_view (self);
  GtkListBoxRow *row;
  gboolean had_focus;

  g_clear_handle_id (&self->refresh_id, g_source_remove);
  if (self->me == NULL || self->names_stale)
    load_names (self);
  self->names_stale = FALSE;

  handoffs = yc_store_list_handoffs (self->store, NULL, &error);
  if (handoffs == NULL)
    {
      g_warning ("Could not read the handoffs: %s", error->message);
      return;
    }
  g_clear_pointer (&self->handoffs, g_ptr_array_unref);
  self->handoffs = g_steal_pointer (&handoffs);

  {
    GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
    GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;

    had_focus = focus != NULL &&
                gtk_widget_is_ancestor (focus, GTK_WIDGET (view_list (self, view)));
  }
  self->filling = TRUE;
  for (guint i = 0; i < N_VIEWS; i++)
    fill_view (self, i);
  self->filling = FALSE;

  announce_changes (self);

  /* Keep the selection where it was; else the first row of the view. */
  row = self->selected_id != NULL ? find_row (view_list (self, view), self->selected_id) : NULL;
  if (row == NULL)
    row = gtk_list_box_get_row_at_index (view_list (self, view), 0);
  g_clear_pointer (&self->selected_id, g_free);
  if (row != NULL)
    {
      self->selected_id = g_strdup (g_object_get_data (G_OBJECT (row), "handoff-id"));
      self->filling = TRUE;
      gtk_list_box_select_row (view_list (self, view), row);
      self->filling = FALSE;
      if (had_focus)
        gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  show_selected (self);
}

static gboolean
on_refresh_cb (gpointer data)
{
  YcHandoffsPage *self = data;

  self->refresh_id = 0;
  refresh (self);
  return G_SOURCE_REMOVE;
}

static void
queue_refresh (YcHandoffsPage *self)
{
  if (self->refresh_id == 0)
    self->refresh_id = g_timeout_add (50, on_refresh_cb, self);
}

static void
on_store_changed_cb (YcHandoffsPage *self,
                     const char     *kind,
                     const char     *id)
{
  /* The names, the calendar and who I am are read again with the next refresh (the meta key
   * "staff" is the signed-in staff member; the others, like the event feed's position, change
   * all the time and say nothing about them). */
  if (g_strcmp0 (kind, "staff") == 0 || g_strcmp0 (kind, "departments") == 0 ||
      g_strcmp0 (kind, "calendars") == 0 ||
      (g_strcmp0 (kind, "meta") == 0 && g_strcmp0 (id, "staff") == 0))
    self->names_stale = TRUE;
  else if (g_strcmp0 (kind, "handoffs") != 0 && g_strcmp0 (kind, "cases") != 0 &&
           g_strcmp0 (kind, "outbox") != 0)
    return;
  queue_refresh (self);
}

/* ------------------------------------------------------------------ the selected handoff */

static void
set_message (YcHandoffsPage *self,
             const char     *text,
             gboolean        error)
{
  g_free (self->error_for);
  self->error_for = error && text != NULL ? g_strdup (self->selected_id) : NULL;
  gtk_label_set_text (self->message_label, text != NULL ? text : "");
  gtk_widget_set_visible (GTK_WIDGET (self->message_label), text != NULL && *text != '\0');
  if (error)
    {
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
  else
    {
      gtk_widget_remove_css_class (GTK_WIDGET (self->message_label), "error");
      gtk_widget_add_css_class (GTK_WIDGET (self->message_label), "dim-label");
    }
}

static void
update_actions (YcHandoffsPage *self)
{
  YcHandoff *handoff = selected_handoff (self);
  View view = current_view (self);
  gboolean decide = handoff != NULL && view == VIEW_APPROVALS && can_decide (self, handoff);
  gboolean sign = handoff != NULL && view == VIEW_INCOMING && can_sign_for (self, handoff);
  gboolean answer = handoff != NULL && view == VIEW_INCOMING && can_answer (self, handoff);
  gboolean cases = handoff != NULL && yc_handoff_n_cases (handoff) > 0;

  /* A pending request of my own stays shown, disabled, with the reason under it. */
  gtk_widget_set_visible (self->reject_button, view == VIEW_APPROVALS && handoff != NULL &&
                                               state_is (handoff, "pending"));
  gtk_widget_set_visible (self->approve_button, view == VIEW_APPROVALS && handoff != NULL &&
                                                state_is (handoff, "pending"));
  gtk_widget_set_visible (self->sign_button, sign);
  gtk_widget_set_visible (self->agree_button, answer);
  gtk_widget_set_visible (self->disagree_button, answer);
  gtk_widget_set_visible (self->forward_button, answer);
  gtk_widget_set_visible (self->comment_box, decide || answer);
  gtk_widget_set_visible (self->action_box, handoff != NULL);

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoffs.approve", decide && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoffs.reject", decide && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoffs.sign-for", sign && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoffs.answer", answer && !self->busy);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoffs.history", cases);
}

/* Why nothing can be done about the selected handoff here, if that is so. */
static const char *
why_not (YcHandoffsPage *self,
         YcHandoff      *handoff,
         View            view)
{
  if (view == VIEW_APPROVALS && state_is (handoff, "pending") &&
      g_strcmp0 (yc_handoff_get_requested_by (handoff), self->me) == 0)
    return _("You cannot decide a handoff you requested yourself.");
  if (view == VIEW_INCOMING && state_is (handoff, "pending"))
    return _("The chief representative of the giving department has not approved it yet: the work "
             "stays with its holder until then.");
  if (view == VIEW_REQUESTS && state_is (handoff, "pending"))
    return _("Until it is approved and signed for, the cases stay in your list and you answer for "
             "them.");
  return NULL;
}

static void
show_selected (YcHandoffsPage *self)
{
  YcHandoff *handoff = selected_handoff (self);

  if (handoff == NULL)
    {
      gtk_stack_set_visible_child_name (self->detail_stack, "none");
      set_message (self, NULL, FALSE);
      update_actions (self);
      return;
    }

  yc_handoff_detail_show (self->detail, self->store, handoff, self->handoffs, self->staff_names,
                          self->departments, self->calendar);
  gtk_stack_set_visible_child_name (self->detail_stack, "detail");
  /* What went wrong with this handoff stays said until the clerk moves on. */
  if (!self->busy && g_strcmp0 (self->error_for, self->selected_id) != 0)
    set_message (self, why_not (self, handoff, current_view (self)), FALSE);
  update_actions (self);
}

static void
on_row_selected_cb (YcHandoffsPage *self,
                    GtkListBoxRow  *row,
                    GtkListBox     *list)
{
  if (self->disposed || self->filling || list != view_list (self, current_view (self)))
    return;
  g_clear_pointer (&self->selected_id, g_free);
  if (row != NULL)
    self->selected_id = g_strdup (g_object_get_data (G_OBJECT (row), "handoff-id"));
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  set_message (self, NULL, FALSE);
  show_selected (self);
}

static void
on_view_changed_cb (YcHandoffsPage *self)
{
  GtkListBox *list;
  GtkListBoxRow *row;

  if (self->disposed)
    return;
  list = view_list (self, current_view (self));
  row = gtk_list_box_get_selected_row (list);

  if (row == NULL)
    {
      row = gtk_list_box_get_row_at_index (list, 0);
      if (row != NULL)
        {
          self->filling = TRUE;
          gtk_list_box_select_row (list, row);
          self->filling = FALSE;
        }
    }
  g_clear_pointer (&self->selected_id, g_free);
  if (row != NULL)
    self->selected_id = g_strdup (g_object_get_data (G_OBJECT (row), "handoff-id"));
  gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
  set_message (self, NULL, FALSE);
  show_selected (self);
}

/* Enter in a list does what the view is for. */
static void
on_row_activated_cb (YcHandoffsPage *self,
                     GtkListBoxRow  *row,
                     GtkListBox     *list)
{
  YcHandoff *handoff = selected_handoff (self);

  if (handoff == NULL)
    return;
  switch (current_view (self))
    {
    case VIEW_APPROVALS:
      gtk_widget_activate_action (GTK_WIDGET (self), "handoffs.approve", NULL);
      break;
    case VIEW_INCOMING:
      if (can_answer (self, handoff))
        gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));
      else
        gtk_widget_activate_action (GTK_WIDGET (self), "handoffs.sign-for", NULL);
      break;
    case VIEW_REQUESTS:
    case N_VIEWS:
    default:
      gtk_widget_activate_action (GTK_WIDGET (self), "handoffs.history", NULL);
      break;
    }
}

static void
on_comment_changed_cb (YcHandoffsPage *self)
{
  if (gtk_widget_has_css_class (GTK_WIDGET (self->message_label), "error"))
    set_message (self, NULL, FALSE);
}

static void
open_history (YcHandoffsPage *self,
              const char     *case_id)
{
  GtkWidget *history = yc_case_history_new (self->store, case_id);
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));

  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (history), GTK_WINDOW (root));
  gtk_window_present (GTK_WINDOW (history));
}

static void
on_case_activated_cb (YcHandoffsPage *self,
                      const char     *case_id)
{
  open_history (self, case_id);
}

/* ------------------------------------------------------------------ decisions */

typedef enum { CHANGE_DECIDE, CHANGE_SIGN_FOR, CHANGE_ANSWER } ChangeKind;

typedef struct
{
  YcHandoffsPage *self;
  ChangeKind      kind;
  char           *done;  /* what to say once it is saved */
} Change;

static void
change_free (Change *change)
{
  g_object_unref (change->self);
  g_free (change->done);
  g_free (change);
}

static void
on_change_done_cb (GObject      *source,
                   GAsyncResult *result,
                   gpointer      user_data)
{
  Change *change = user_data;
  YcHandoffsPage *self = change->self;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHandoff) handoff = NULL;

  switch (change->kind)
    {
    case CHANGE_DECIDE:
      handoff = yc_store_decide_handoff_finish (YC_STORE (source), result, &error);
      break;
    case CHANGE_SIGN_FOR:
      handoff = yc_store_sign_for_handoff_finish (YC_STORE (source), result, &error);
      break;
    case CHANGE_ANSWER:
    default:
      handoff = yc_store_answer_handoff_finish (YC_STORE (source), result, &error);
      break;
    }

  self->busy = FALSE;
  if (handoff == NULL)
    {
      if (!g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        set_message (self, error->message, TRUE);
      update_actions (self);
    }
  else
    {
      gtk_editable_set_text (GTK_EDITABLE (self->comment_entry), "");
      set_message (self, NULL, FALSE);
      adw_toast_overlay_add_toast (self->toast_overlay, adw_toast_new (change->done));
      /* Done with this one: the next one waiting comes first in the list. */
      g_clear_pointer (&self->selected_id, g_free);
      refresh (self);
      {
        GtkListBoxRow *row = gtk_list_box_get_selected_row (view_list (self, current_view (self)));

        if (row != NULL)
          gtk_widget_grab_focus (GTK_WIDGET (row));
      }
    }
  change_free (change);
}

static Change *
change_new (YcHandoffsPage *self,
            ChangeKind      kind,
            const char     *done)
{
  Change *change = g_new0 (Change, 1);

  change->self = g_object_ref (self);
  change->kind = kind;
  change->done = g_strdup (done);
  self->busy = TRUE;
  update_actions (self);
  return change;
}

static char *
comment_text (YcHandoffsPage *self)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->comment_entry))));
}

static gboolean
require_comment (YcHandoffsPage *self,
                 const char     *comment,
                 const char     *message)
{
  if (*comment != '\0')
    return TRUE;
  set_message (self, message, TRUE);
  gtk_widget_grab_focus (GTK_WIDGET (self->comment_entry));
  return FALSE;
}

static void
decide (YcHandoffsPage *self,
        gboolean        approve)
{
  YcHandoff *handoff = selected_handoff (self);
  g_autofree char *comment = comment_text (self);

  if (handoff == NULL || self->busy)
    return;
  if (!approve && !require_comment (self, comment,
                                    _("Please give the reason for rejecting the handoff.")))
    return;
  yc_store_decide_handoff_async (self->store, yc_handoff_get_id (handoff), approve,
                                 *comment != '\0' ? comment : NULL, self->cancellable,
                                 on_change_done_cb,
                                 change_new (self, CHANGE_DECIDE, approve ? _("Handoff approved")
                                                           : _("Handoff rejected")));
}

static void
approve_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  decide (YC_HANDOFFS_PAGE (widget), TRUE);
}

static void
reject_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  decide (YC_HANDOFFS_PAGE (widget), FALSE);
}

static void
sign_for_action (GtkWidget  *widget,
                 const char *action_name,
                 GVariant   *parameter)
{
  YcHandoffsPage *self = YC_HANDOFFS_PAGE (widget);
  YcHandoff *handoff = selected_handoff (self);

  if (handoff == NULL || self->busy)
    return;
  yc_store_sign_for_handoff_async (self->store, yc_handoff_get_id (handoff), self->cancellable,
                                   on_change_done_cb,
                                   change_new (self, CHANGE_SIGN_FOR,
                                               is_parallel (handoff)
                                               ? _("Signed for: review the case and give your department's answer")
                                               : _("Signed for: the cases are in your list")));
}

static void
answer_action (GtkWidget  *widget,
               const char *action_name,
               GVariant   *parameter)
{
  YcHandoffsPage *self = YC_HANDOFFS_PAGE (widget);
  YcHandoff *handoff = selected_handoff (self);
  const char *answer = g_variant_get_string (parameter, NULL);
  g_autofree char *comment = comment_text (self);

  if (handoff == NULL || self->busy)
    return;
  if (g_str_equal (answer, "disagree") &&
      !require_comment (self, comment, _("Please give the reason for disagreeing.")))
    return;
  yc_store_answer_handoff_async (self->store, yc_handoff_get_id (handoff), answer,
                                 *comment != '\0' ? comment : NULL, self->cancellable,
                                 on_change_done_cb, change_new (self, CHANGE_ANSWER, _("Answer recorded")));
}

static void
history_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  YcHandoffsPage *self = YC_HANDOFFS_PAGE (widget);
  YcHandoff *handoff = selected_handoff (self);
  const char * const *ids = handoff != NULL ? yc_handoff_get_case_ids (handoff) : NULL;

  if (ids != NULL && ids[0] != NULL)
    open_history (self, ids[0]);
}

/* ------------------------------------------------------------------ requests */

static void
on_request_sent_cb (YcHandoffsPage *self,
                    guint           n_sent)
{
  adw_toast_overlay_add_toast (
    self->toast_overlay,
    adw_toast_new (g_dngettext (GETTEXT_PACKAGE, "Handoff requested: it waits for the chief "
                                "representative's approval",
                                "Handoffs requested: they wait for the chief representative's "
                                "approval", n_sent)));
  adw_view_stack_set_visible_child_name (self->views, "requests");
  refresh (self);
}

static void
request_action (GtkWidget  *widget,
                const char *action_name,
                GVariant   *parameter)
{
  yc_handoffs_page_request (YC_HANDOFFS_PAGE (widget), NULL, NULL);
}

static void
leave_post_action (GtkWidget  *widget,
                   const char *action_name,
                   GVariant   *parameter)
{
  yc_handoffs_page_request (YC_HANDOFFS_PAGE (widget), "ab_cover", NULL);
}

static void
view_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  yc_handoffs_page_show_view (YC_HANDOFFS_PAGE (widget), g_variant_get_string (parameter, NULL));
}

/* Alt+1…3 and the request keys reach the page from anywhere in the window while it is shown. */
static gboolean
window_shortcut_cb (GtkWidget *widget,
                    GVariant  *args,
                    gpointer   user_data)
{
  const char *action = user_data;

  if (!gtk_widget_get_mapped (widget))
    return FALSE;
  if (g_str_has_prefix (action, "view:"))
    return gtk_widget_activate_action (widget, "handoffs.view", "s", action + 5);
  return gtk_widget_activate_action (widget, action, NULL);
}

static void
add_window_shortcuts (YcHandoffsPage *self)
{
  GtkEventController *controller = gtk_shortcut_controller_new ();
  const struct { guint key; GdkModifierType mods; const char *action; } keys[] = {
    { GDK_KEY_1, GDK_ALT_MASK, "view:requests" },
    { GDK_KEY_2, GDK_ALT_MASK, "view:incoming" },
    { GDK_KEY_3, GDK_ALT_MASK, "view:approvals" },
    { GDK_KEY_N, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "handoffs.request" },
    { GDK_KEY_L, GDK_CONTROL_MASK | GDK_SHIFT_MASK, "handoffs.leave-post" },
    { GDK_KEY_h, GDK_CONTROL_MASK, "handoffs.history" },
  };

  gtk_shortcut_controller_set_scope (GTK_SHORTCUT_CONTROLLER (controller),
                                     GTK_SHORTCUT_SCOPE_GLOBAL);
  for (guint i = 0; i < G_N_ELEMENTS (keys); i++)
    gtk_shortcut_controller_add_shortcut (
      GTK_SHORTCUT_CONTROLLER (controller),
      gtk_shortcut_new (gtk_keyval_trigger_new (keys[i].key, keys[i].mods),
                        gtk_callback_action_new (window_shortcut_cb, (gpointer) keys[i].action,
                                                 NULL)));
  gtk_widget_add_controller (GTK_WIDGET (self), controller);
}

/* ------------------------------------------------------------------ GObject */

static void
yc_handoffs_page_dispose (GObject *object)
{
  YcHandoffsPage *self = YC_HANDOFFS_PAGE (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_clear_handle_id (&self->refresh_id, g_source_remove);
  self->disposed = TRUE;
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_HANDOFFS_PAGE);
  G_OBJECT_CLASS (yc_handoffs_page_parent_class)->dispose (object);
}

static void
yc_handoffs_page_finalize (GObject *object)
{
  YcHandoffsPage *self = YC_HANDOFFS_PAGE (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_object (&self->calendar);
  g_clear_pointer (&self->staff_names, g_hash_table_unref);
  g_clear_pointer (&self->departments, g_hash_table_unref);
  g_clear_pointer (&self->announced, g_hash_table_unref);
  g_clear_pointer (&self->handoffs, g_ptr_array_unref);
  g_free (self->me);
  g_free (self->my_department);
  g_free (self->selected_id);
  g_free (self->error_for);
  G_OBJECT_CLASS (yc_handoffs_page_parent_class)->finalize (object);
}

static void
yc_handoffs_page_class_init (YcHandoffsPageClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_handoffs_page_dispose;
  object_class->finalize = yc_handoffs_page_finalize;

  g_type_ensure (YC_TYPE_HANDOFF_DETAIL);
  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-handoffs-page.ui");
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, YcHandoffsPage, name)
  BIND (toast_overlay);
  BIND (views);
  BIND (requests_page);
  BIND (incoming_page);
  BIND (approvals_page);
  BIND (requests_stack);
  BIND (incoming_stack);
  BIND (approvals_stack);
  BIND (requests_list);
  BIND (incoming_list);
  BIND (approvals_list);
  BIND (detail_stack);
  BIND (detail);
  BIND (action_box);
  BIND (message_label);
  BIND (comment_box);
  BIND (comment_entry);
  BIND (history_button);
  BIND (reject_button);
  BIND (approve_button);
  BIND (sign_button);
  BIND (disagree_button);
  BIND (forward_button);
  BIND (agree_button);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_row_selected_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_row_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_view_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_case_activated_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_comment_changed_cb);

  gtk_widget_class_install_action (widget_class, "handoffs.approve", NULL, approve_action);
  gtk_widget_class_install_action (widget_class, "handoffs.reject", NULL, reject_action);
  gtk_widget_class_install_action (widget_class, "handoffs.sign-for", NULL, sign_for_action);
  gtk_widget_class_install_action (widget_class, "handoffs.answer", "s", answer_action);
  gtk_widget_class_install_action (widget_class, "handoffs.history", NULL, history_action);
  gtk_widget_class_install_action (widget_class, "handoffs.request", NULL, request_action);
  gtk_widget_class_install_action (widget_class, "handoffs.leave-post", NULL, leave_post_action);
  gtk_widget_class_install_action (widget_class, "handoffs.view", "s", view_action);
}

static void
yc_handoffs_page_init (YcHandoffsPage *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  add_window_shortcuts (self);
  self->cancellable = g_cancellable_new ();
  self->staff_names = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
  self->announced = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, NULL);
  self->handoffs = g_ptr_array_new_with_free_func (g_object_unref);
}

GtkWidget *
yc_handoffs_page_new (YcStore *store)
{
  YcHandoffsPage *self;

  g_return_val_if_fail (YC_IS_STORE (store), NULL);

  self = g_object_new (YC_TYPE_HANDOFFS_PAGE, NULL);
  self->store = g_object_ref (store);
  g_signal_connect_object (store, "changed", G_CALLBACK (on_store_changed_cb), self,
                           G_CONNECT_SWAPPED);
  refresh (self);
  return GTK_WIDGET (self);
}

void
yc_handoffs_page_show_view (YcHandoffsPage *self,
                            const char     *view)
{
  GtkListBox *list;
  GtkListBoxRow *row;

  g_return_if_fail (YC_IS_HANDOFFS_PAGE (self));

  if (g_strcmp0 (view, "approvals") == 0 && !self->chief)
    return;
  adw_view_stack_set_visible_child_name (self->views, view);
  /* The keyboard lands on the first handoff, the one waiting longest for this user (the
   * waiting ones come first): Enter does what the view is for. */
  list = view_list (self, current_view (self));
  row = gtk_list_box_get_row_at_index (list, 0);
  if (row != NULL)
    {
      gtk_list_box_select_row (list, row);
      gtk_widget_grab_focus (GTK_WIDGET (row));
    }
  else
    gtk_widget_grab_focus (GTK_WIDGET (list));
}

const char *
yc_handoffs_page_get_view (YcHandoffsPage *self)
{
  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), NULL);
  return view_names[current_view (self)];
}

gboolean
yc_handoffs_page_select_handoff (YcHandoffsPage *self,
                                 const char     *id)
{
  GtkListBoxRow *row;

  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), FALSE);

  row = find_row (view_list (self, current_view (self)), id);
  if (row == NULL)
    return FALSE;
  gtk_list_box_select_row (view_list (self, current_view (self)), row);
  gtk_widget_grab_focus (GTK_WIDGET (row));
  return TRUE;
}

const char *
yc_handoffs_page_get_selected (YcHandoffsPage *self)
{
  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), NULL);
  return self->selected_id;
}

static int
view_index (const char *view)
{
  for (guint i = 0; i < N_VIEWS; i++)
    if (g_strcmp0 (view, view_names[i]) == 0)
      return i;
  return -1;
}

guint
yc_handoffs_page_get_n_items (YcHandoffsPage *self,
                              const char     *view)
{
  int i = view_index (view);

  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), 0);
  return i >= 0 ? self->n_items[i] : 0;
}

guint
yc_handoffs_page_get_n_waiting (YcHandoffsPage *self,
                                const char     *view)
{
  int i = view_index (view);

  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), 0);
  return i >= 0 ? self->n_waiting[i] : 0;
}

GtkWidget *
yc_handoffs_page_request (YcHandoffsPage     *self,
                          const char         *kind,
                          const char * const *case_ids)
{
  GtkWidget *dialog;
  GtkRoot *root;

  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), NULL);

  dialog = yc_handoff_dialog_new (self->store, kind, case_ids);
  root = gtk_widget_get_root (GTK_WIDGET (self));
  if (GTK_IS_WINDOW (root))
    gtk_window_set_transient_for (GTK_WINDOW (dialog), GTK_WINDOW (root));
  g_signal_connect_object (dialog, "sent", G_CALLBACK (on_request_sent_cb), self,
                           G_CONNECT_SWAPPED);
  gtk_window_present (GTK_WINDOW (dialog));
  return dialog;
}

void
yc_handoffs_page_refresh (YcHandoffsPage *self)
{
  g_return_if_fail (YC_IS_HANDOFFS_PAGE (self));
  self->names_stale = TRUE;
  refresh (self);
}

guint
yc_handoffs_page_get_n_notified (YcHandoffsPage *self)
{
  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), 0);
  return self->n_notified;
}

const char *
yc_handoffs_page_get_message (YcHandoffsPage *self)
{
  g_return_val_if_fail (YC_IS_HANDOFFS_PAGE (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->message_label))
         ? gtk_label_get_text (self->message_label) : NULL;
}

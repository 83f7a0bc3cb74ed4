/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-handoff-dialog"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-handoff-dialog.h"
#include "yc-handoff-text.h"

static const char * const kinds[] = { "ab_cover", "transfer", "guide", "parallel", "shift_end" };

struct _YcHandoffDialog
{
  AdwWindow     parent_instance;

  YcStore      *store;
  GCancellable *cancellable;
  char         *me;
  char         *my_department;
  char         *partner;        /* the other post of my window (AB岗), if any */
  GPtrArray    *staff;          /* YcStaff */
  GHashTable   *departments;    /* id -> name */
  GPtrArray    *to_ids;         /* per receiver row: "s:<staff id>" or "d:<department id>" */
  GPtrArray    *pending;        /* drafts still to send */
  guint         n_sent;
  gboolean      sending;

  /* Template widgets */
  AdwComboRow  *kind_row;
  AdwComboRow  *to_row;
  AdwEntryRow  *reason_row;
  AdwPreferencesGroup *departments_group;
  GtkListBox   *departments_list;
  AdwPreferencesGroup *cases_group;
  GtkListBox   *cases_list;
  GtkWidget    *no_cases_label;
  GtkWidget    *all_button;
  GtkLabel     *error_label;
};

G_DEFINE_FINAL_TYPE (YcHandoffDialog, yc_handoff_dialog, ADW_TYPE_WINDOW)

enum
{
  SENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void
set_error (YcHandoffDialog *self,
           const char      *message)
{
  gtk_label_set_text (self->error_label, message != NULL ? message : "");
  gtk_widget_set_visible (GTK_WIDGET (self->error_label), message != NULL);
}

const char *
yc_handoff_dialog_get_kind (YcHandoffDialog *self)
{
  guint i;

  g_return_val_if_fail (YC_IS_HANDOFF_DIALOG (self), NULL);
  i = adw_combo_row_get_selected (self->kind_row);
  return i < G_N_ELEMENTS (kinds) ? kinds[i] : NULL;
}

static gboolean
kind_is (YcHandoffDialog *self,
         const char      *kind)
{
  return g_strcmp0 (yc_handoff_dialog_get_kind (self), kind) == 0;
}

/* ------------------------------------------------------------------ receivers */

static void
add_receiver (YcHandoffDialog *self,
              GtkStringList   *names,
              char            *id,
              const char      *label)
{
  gtk_string_list_append (names, label);
  g_ptr_array_add (self->to_ids, id);
}

/* The people and departments a handoff of the current kind may go to (the server checks the
 * same: A/B cover only to my window's other post, shift end to a person, the others to a
 * person or a department). */
static void
fill_receivers (YcHandoffDialog *self)
{
  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);
  gboolean person_only = kind_is (self, "ab_cover") || kind_is (self, "shift_end");
  g_autoptr(GList) department_ids = NULL;

  g_ptr_array_set_size (self->to_ids, 0);
  if (kind_is (self, "ab_cover"))
    {
      for (guint i = 0; i < self->staff->len; i++)
        {
          YcStaff *member = g_ptr_array_index (self->staff, i);

          if (g_strcmp0 (yc_staff_get_id (member), self->partner) == 0)
            add_receiver (self, names, g_strdup_printf ("s:%s", self->partner),
                          yc_staff_get_name (member));
        }
    }
  else
    {
      /* Departments first (not for a person-only kind), then the people. */
      if (!person_only)
        {
          department_ids = g_hash_table_get_keys (self->departments);
          department_ids = g_list_sort (department_ids, (GCompareFunc) g_strcmp0);
          for (GList *l = department_ids; l != NULL; l = l->next)
            {
              g_autofree char *label = NULL;

              if (g_strcmp0 (l->data, self->my_department) == 0)
                continue;
              /* Translators: a department as the receiver of a handoff. */
              label = g_strdup_printf (_("Department: %s"),
                                       (char *) g_hash_table_lookup (self->departments, l->data));
              add_receiver (self, names, g_strdup_printf ("d:%s", (char *) l->data), label);
            }
        }
      /* My partner, then my department, then the others. */
      for (guint pass = 0; pass < 3; pass++)
        for (guint i = 0; i < self->staff->len; i++)
          {
            YcStaff *member = g_ptr_array_index (self->staff, i);
            const char *id = yc_staff_get_id (member);
            gboolean partner = g_strcmp0 (id, self->partner) == 0;
            gboolean mine = g_strcmp0 (yc_staff_get_department_id (member),
                                       self->my_department) == 0;
            const char * const *roles = yc_staff_get_roles (member);
            const char *department;
            g_autofree char *label = NULL;

            if (g_strcmp0 (id, self->me) == 0 ||
                (pass == 0 && !partner) || (pass == 1 && (partner || !mine)) ||
                (pass == 2 && (partner || mine)))
              continue;
            if (roles != NULL && !g_strv_contains (roles, "clerk") &&
                !g_strv_contains (roles, "chief_rep"))
              continue;
            if (person_only && !mine)
              continue;
            department = yc_staff_get_department_id (member) != NULL
                         ? g_hash_table_lookup (self->departments,
                                                yc_staff_get_department_id (member))
                         : NULL;
            label = department != NULL
                    ? g_strdup_printf (_("%s (%s)"), yc_staff_get_name (member), department)
                    : g_strdup (yc_staff_get_name (member));
            add_receiver (self, names, g_strdup_printf ("s:%s", id), label);
          }
    }
  adw_combo_row_set_model (self->to_row, G_LIST_MODEL (names));
  if (self->to_ids->len == 0)
    adw_combo_row_set_selected (self->to_row, GTK_INVALID_LIST_POSITION);
  else
    {
      guint first = 0;

      /* Propose the partner where there is one. */
      for (guint i = 0; i < self->to_ids->len; i++)
        if (self->partner != NULL &&
            g_str_equal ((char *) g_ptr_array_index (self->to_ids, i) + 2, self->partner))
          first = i;
      adw_combo_row_set_selected (self->to_row, first);
    }
}

static const char *
chosen_receiver (YcHandoffDialog *self)
{
  guint i = adw_combo_row_get_selected (self->to_row);

  return i < self->to_ids->len ? g_ptr_array_index (self->to_ids, i) : NULL;
}

/* ------------------------------------------------------------------ check lists */

static GtkWidget *
check_row (const char *title,
           const char *subtitle,
           const char *key,
           const char *id)
{
  GtkWidget *row = adw_action_row_new ();
  GtkWidget *check = gtk_check_button_new ();

  adw_preferences_row_set_use_markup (ADW_PREFERENCES_ROW (row), FALSE);
  adw_preferences_row_set_title (ADW_PREFERENCES_ROW (row), title);
  if (subtitle != NULL)
    adw_action_row_set_subtitle (ADW_ACTION_ROW (row), subtitle);
  gtk_widget_set_valign (check, GTK_ALIGN_CENTER);
  gtk_accessible_update_property (GTK_ACCESSIBLE (check), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  title, -1);
  adw_action_row_add_prefix (ADW_ACTION_ROW (row), check);
  adw_action_row_set_activatable_widget (ADW_ACTION_ROW (row), check);
  g_object_set_data_full (G_OBJECT (row), key, g_strdup (id), g_free);
  g_object_set_data (G_OBJECT (row), "check", check);
  return row;
}

static GtkCheckButton *
find_check (GtkListBox *list,
            const char *key,
            const char *id)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    if (g_strcmp0 (g_object_get_data (G_OBJECT (child), key), id) == 0)
      return g_object_get_data (G_OBJECT (child), "check");
  return NULL;
}

static char **
dup_checked (GtkListBox *list,
             const char *key)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (child), "check");

      if (check != NULL && gtk_check_button_get_active (check))
        g_strv_builder_add (builder, g_object_get_data (G_OBJECT (child), key));
    }
  return g_strv_builder_end (builder);
}

static void
set_all (GtkListBox *list,
         gboolean    active)
{
  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (list)); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkCheckButton *check = g_object_get_data (G_OBJECT (child), "check");

      if (check != NULL)
        gtk_check_button_set_active (check, active);
    }
}

static void on_input_changed_cb (YcHandoffDialog *self);

static void
fill_cases (YcHandoffDialog    *self,
            const char * const *selected)
{
  g_autoptr(GPtrArray) cases = yc_store_list_held_cases (self->store, self->me, NULL);
  g_autoptr(YcCalendar) calendar = yc_store_load_calendar (self->store, NULL);
  guint n = cases != NULL ? cases->len : 0;

  for (guint i = 0; i < n; i++)
    {
      YcCase *case_ = g_ptr_array_index (cases, i);
      g_autofree char *title = yc_handoff_text_case_title (case_);
      g_autofree char *subtitle = yc_handoff_text_case_subtitle (calendar, case_, FALSE);
      GtkWidget *row = check_row (title, subtitle, "case-id", yc_case_get_id (case_));

      g_signal_connect_object (g_object_get_data (G_OBJECT (row), "check"), "toggled",
                               G_CALLBACK (on_input_changed_cb), self, G_CONNECT_SWAPPED);

      gtk_list_box_append (self->cases_list, row);
      if (selected != NULL && g_strv_contains (selected, yc_case_get_id (case_)))
        gtk_check_button_set_active (g_object_get_data (G_OBJECT (row), "check"), TRUE);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->cases_list), n > 0);
  gtk_widget_set_visible (self->no_cases_label, n == 0);
  gtk_widget_set_sensitive (self->all_button, n > 0);
}

static void
fill_departments (YcHandoffDialog *self)
{
  g_autoptr(GList) ids = g_list_sort (g_hash_table_get_keys (self->departments),
                                      (GCompareFunc) g_strcmp0);

  for (GList *l = ids; l != NULL; l = l->next)
    if (g_strcmp0 (l->data, self->my_department) != 0)
      gtk_list_box_append (self->departments_list,
                           check_row (g_hash_table_lookup (self->departments, l->data), NULL,
                                      "department-id", l->data));
}

/* ------------------------------------------------------------------ the form */

static void
on_kind_changed_cb (YcHandoffDialog *self)
{
  gboolean parallel = kind_is (self, "parallel");

  fill_receivers (self);
  gtk_widget_set_visible (GTK_WIDGET (self->to_row), !parallel);
  gtk_widget_set_visible (GTK_WIDGET (self->departments_group), parallel);
  if (kind_is (self, "ab_cover") || kind_is (self, "shift_end"))
    set_all (self->cases_list, TRUE);
  if (kind_is (self, "ab_cover") && self->to_ids->len == 0)
    set_error (self, _("Your window has no other post to cover for you: choose a transfer to "
                       "a colleague instead."));
  else
    set_error (self, NULL);
}

static void
on_input_changed_cb (YcHandoffDialog *self)
{
  if (!self->sending)
    set_error (self, NULL);
}

static void
on_all_clicked_cb (YcHandoffDialog *self)
{
  g_auto(GStrv) checked = dup_checked (self->cases_list, "case-id");
  guint n = 0;

  for (GtkWidget *child = gtk_widget_get_first_child (GTK_WIDGET (self->cases_list));
       child != NULL; child = gtk_widget_get_next_sibling (child))
    n++;
  /* Select all, or clear when all are selected already. */
  set_all (self->cases_list, g_strv_length (checked) < n);
}

static JsonObject *
draft_object (YcHandoffDialog *self,
              const char      *to_staff,
              const char      *to_department,
              char           **cases,
              const char      *reason)
{
  JsonObject *draft = json_object_new ();
  JsonArray *ids = json_array_new ();

  json_object_set_string_member (draft, "kind", yc_handoff_dialog_get_kind (self));
  if (to_staff != NULL)
    json_object_set_string_member (draft, "to_staff_id", to_staff);
  if (to_department != NULL)
    json_object_set_string_member (draft, "to_department_id", to_department);
  for (guint i = 0; cases[i] != NULL; i++)
    json_array_add_string_element (ids, cases[i]);
  json_object_set_array_member (draft, "case_ids", ids);
  json_object_set_string_member (draft, "reason", reason);
  return draft;
}

static void send_next (YcHandoffDialog *self);

static void
on_requested_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(YcHandoffDialog) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(YcHandoff) handoff = yc_store_request_handoff_finish (YC_STORE (source), result,
                                                                   &error);

  if (handoff == NULL)
    {
      self->sending = FALSE;
      gtk_widget_action_set_enabled (GTK_WIDGET (self), "handoff.send", TRUE);
      if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        return;
      if (self->n_sent > 0)
        {
          g_autofree char *message =
            g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                          "%u request was saved; the next one was not: %s",
                                          "%u requests were saved; the next one was not: %s",
                                          self->n_sent), self->n_sent, error->message);
          set_error (self, message);
        }
      else
        set_error (self, error->message);
      g_ptr_array_set_size (self->pending, 0);
      return;
    }
  self->n_sent++;
  send_next (self);
}

static void
send_next (YcHandoffDialog *self)
{
  g_autoptr(JsonObject) draft = NULL;
  g_autoptr(YcHandoff) handoff = NULL;
  g_autoptr(GError) error = NULL;

  if (self->pending->len == 0)
    {
      self->sending = FALSE;
      g_signal_emit (self, signals[SENT], 0, self->n_sent);
      gtk_window_close (GTK_WINDOW (self));
      return;
    }
  draft = g_ptr_array_steal_index (self->pending, 0);
  handoff = yc_handoff_new_from_json (draft, &error);
  if (handoff == NULL)
    {
      set_error (self, error->message);
      self->sending = FALSE;
      return;
    }
  yc_store_request_handoff_async (self->store, handoff, self->cancellable, on_requested_cb,
                                  g_object_ref (self));
}

static void
send_action (GtkWidget  *widget,
             const char *action_name,
             GVariant   *parameter)
{
  YcHandoffDialog *self = YC_HANDOFF_DIALOG (widget);
  g_auto(GStrv) cases = dup_checked (self->cases_list, "case-id");
  g_autofree char *reason = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->reason_row))));
  const char *receiver = chosen_receiver (self);

  if (self->sending)
    return;
  if (kind_is (self, "parallel"))
    {
      g_auto(GStrv) departments = dup_checked (self->departments_list, "department-id");

      if (departments[0] == NULL)
        {
          set_error (self, _("Choose the departments that approve in parallel."));
          return;
        }
      if (cases[0] == NULL)
        {
          set_error (self, _("Choose the case to send for parallel approval."));
          return;
        }
      if (*reason == '\0')
        goto no_reason;
      for (guint i = 0; departments[i] != NULL; i++)
        g_ptr_array_add (self->pending, draft_object (self, NULL, departments[i], cases, reason));
    }
  else
    {
      if (receiver == NULL)
        {
          set_error (self, _("Choose who receives the handoff."));
          return;
        }
      if (cases[0] == NULL && !kind_is (self, "guide"))
        {
          set_error (self, _("Choose the cases to hand over."));
          return;
        }
      if (*reason == '\0')
        goto no_reason;
      g_ptr_array_add (self->pending,
                       draft_object (self, receiver[0] == 's' ? receiver + 2 : NULL,
                                     receiver[0] == 'd' ? receiver + 2 : NULL, cases, reason));
    }
  self->sending = TRUE;
  self->n_sent = 0;
  set_error (self, NULL);
  gtk_widget_action_set_enabled (widget, "handoff.send", FALSE);
  send_next (self);
  return;

no_reason:
  set_error (self, _("Please give the reason for the handoff."));
  gtk_widget_grab_focus (GTK_WIDGET (self->reason_row));
}

static void
on_reason_activated_cb (YcHandoffDialog *self)
{
  gtk_widget_activate_action (GTK_WIDGET (self), "handoff.send", NULL);
}

/* ------------------------------------------------------------------ GObject */

static void
yc_handoff_dialog_dispose (GObject *object)
{
  YcHandoffDialog *self = YC_HANDOFF_DIALOG (object);

  if (self->cancellable != NULL)
    g_cancellable_cancel (self->cancellable);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_HANDOFF_DIALOG);
  G_OBJECT_CLASS (yc_handoff_dialog_parent_class)->dispose (object);
}

static void
yc_handoff_dialog_finalize (GObject *object)
{
  YcHandoffDialog *self = YC_HANDOFF_DIALOG (object);

  g_clear_object (&self->store);
  g_clear_object (&self->cancellable);
  g_clear_pointer (&self->staff, g_ptr_array_unref);
  g_clear_pointer (&self->departments, g_hash_table_unref);
  g_clear_pointer (&self->to_ids, g_ptr_array_unref);
  g_clear_pointer (&self->pending, g_ptr_array_unref);
  g_free (self->me);
  g_free (self->my_department);
  g_free (self->partner);
  G_OBJECT_CLASS (yc_handoff_dialog_parent_class)->finalize (object);
}

static void
yc_handoff_dialog_class_init (YcHandoffDialogClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_handoff_dialog_dispose;
  object_class->finalize = yc_handoff_dialog_finalize;

  /**
   * YcHandoffDialog::sent:
   * @n_sent: how many requests were saved (one per department for a parallel approval)
   */
  signals[SENT] = g_signal_new ("sent", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL,
                                NULL, NULL, G_TYPE_NONE, 1, G_TYPE_UINT);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-handoff-dialog.ui");
#define BIND(name) gtk_widget_class_bind_template_child (widget_class, YcHandoffDialog, name)
  BIND (kind_row);
  BIND (to_row);
  BIND (reason_row);
  BIND (departments_group);
  BIND (departments_list);
  BIND (cases_group);
  BIND (cases_list);
  BIND (no_cases_label);
  BIND (all_button);
  BIND (error_label);
#undef BIND
  gtk_widget_class_bind_template_callback (widget_class, on_kind_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_input_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_all_clicked_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_reason_activated_cb);

  gtk_widget_class_install_action (widget_class, "handoff.send", NULL, send_action);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Return, GDK_CONTROL_MASK,
                                       "handoff.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_KP_Enter, GDK_CONTROL_MASK,
                                       "handoff.send", NULL);
  gtk_widget_class_add_binding_action (widget_class, GDK_KEY_Escape, 0, "window.close", NULL);
}

/* The popup list of receivers shows whole names (a department's full name is long). */
static void
setup_item_cb (GtkSignalListItemFactory *factory,
               GtkListItem              *item)
{
  GtkWidget *label = gtk_label_new (NULL);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_list_item_set_child (item, label);
}

static void
bind_item_cb (GtkSignalListItemFactory *factory,
              GtkListItem              *item)
{
  GtkStringObject *string = gtk_list_item_get_item (item);

  gtk_label_set_text (GTK_LABEL (gtk_list_item_get_child (item)),
                      gtk_string_object_get_string (string));
}

static void
yc_handoff_dialog_init (YcHandoffDialog *self)
{
  g_autoptr(GtkListItemFactory) factory = gtk_signal_list_item_factory_new ();

  g_autoptr(GtkStringList) names = gtk_string_list_new (NULL);

  gtk_widget_init_template (GTK_WIDGET (self));
  self->cancellable = g_cancellable_new ();
  self->to_ids = g_ptr_array_new_with_free_func (g_free);
  self->pending = g_ptr_array_new_with_free_func ((GDestroyNotify) json_object_unref);
  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    gtk_string_list_append (names, yc_handoff_text_kind (kinds[i]));
  g_signal_connect (factory, "setup", G_CALLBACK (setup_item_cb), NULL);
  g_signal_connect (factory, "bind", G_CALLBACK (bind_item_cb), NULL);
  adw_combo_row_set_list_factory (self->to_row, factory);
  g_signal_handlers_block_by_func (self->kind_row, on_kind_changed_cb, self);
  adw_combo_row_set_model (self->kind_row, G_LIST_MODEL (names));
  g_signal_handlers_unblock_by_func (self->kind_row, on_kind_changed_cb, self);
}

GtkWidget *
yc_handoff_dialog_new (YcStore            *store,
                       const char         *kind,
                       const char * const *case_ids)
{
  g_autoptr(YcStaff) me = NULL;
  g_autoptr(GPtrArray) windows = NULL;
  YcHandoffDialog *self;

  g_return_val_if_fail (YC_IS_STORE (store), NULL);

  self = g_object_new (YC_TYPE_HANDOFF_DIALOG, NULL);
  self->store = g_object_ref (store);
  me = yc_store_get_staff (store);
  self->me = me != NULL ? g_strdup (yc_staff_get_id (me)) : g_strdup ("");
  self->my_department = me != NULL ? g_strdup (yc_staff_get_department_id (me)) : NULL;
  self->staff = yc_store_list_staff (store, NULL);
  if (self->staff == NULL)
    self->staff = g_ptr_array_new_with_free_func (g_object_unref);
  self->departments = yc_store_dup_department_names (store);

  /* My window's other post: the B post for its A, the A post for its B. */
  windows = yc_store_list_windows (store, NULL);
  for (guint i = 0; windows != NULL && i < windows->len && self->partner == NULL; i++)
    {
      YcServiceWindow *window = g_ptr_array_index (windows, i);

      if (g_strcmp0 (yc_service_window_get_a_staff_id (window), self->me) == 0)
        self->partner = g_strdup (yc_service_window_get_b_staff_id (window));
      else if (g_strcmp0 (yc_service_window_get_b_staff_id (window), self->me) == 0)
        self->partner = g_strdup (yc_service_window_get_a_staff_id (window));
    }

  fill_cases (self, case_ids);
  fill_departments (self);
  yc_handoff_dialog_set_kind (self, kind != NULL ? kind : "transfer");
  /* With the kind and the receiver proposed, what is left to write is the reason. */
  gtk_window_set_focus (GTK_WINDOW (self),
                        kind != NULL && self->to_ids->len > 0 ? GTK_WIDGET (self->reason_row)
                                                              : GTK_WIDGET (self->kind_row));
  return GTK_WIDGET (self);
}

void
yc_handoff_dialog_set_kind (YcHandoffDialog *self,
                            const char      *kind)
{
  g_return_if_fail (YC_IS_HANDOFF_DIALOG (self));

  for (guint i = 0; i < G_N_ELEMENTS (kinds); i++)
    if (g_strcmp0 (kinds[i], kind) == 0)
      {
        if (adw_combo_row_get_selected (self->kind_row) == i)
          on_kind_changed_cb (self);
        else
          adw_combo_row_set_selected (self->kind_row, i);
      }
}

const char *
yc_handoff_dialog_get_to_staff (YcHandoffDialog *self)
{
  const char *receiver;

  g_return_val_if_fail (YC_IS_HANDOFF_DIALOG (self), NULL);
  receiver = kind_is (self, "parallel") ? NULL : chosen_receiver (self);
  return receiver != NULL ? receiver + 2 : NULL;
}

gboolean
yc_handoff_dialog_choose_to (YcHandoffDialog *self,
                             const char      *staff_or_department_id)
{
  g_return_val_if_fail (YC_IS_HANDOFF_DIALOG (self), FALSE);

  for (guint i = 0; i < self->to_ids->len; i++)
    if (g_str_equal ((char *) g_ptr_array_index (self->to_ids, i) + 2, staff_or_department_id))
      {
        adw_combo_row_set_selected (self->to_row, i);
        return TRUE;
      }
  return FALSE;
}

gboolean
yc_handoff_dialog_set_case (YcHandoffDialog *self,
                            const char      *case_id,
                            gboolean         selected)
{
  GtkCheckButton *check;

  g_return_val_if_fail (YC_IS_HANDOFF_DIALOG (self), FALSE);
  check = find_check (self->cases_list, "case-id", case_id);
  if (check != NULL)
    gtk_check_button_set_active (check, selected);
  return check != NULL;
}

gboolean
yc_handoff_dialog_set_department (YcHandoffDialog *self,
                                  const char      *department_id,
                                  gboolean         selected)
{
  GtkCheckButton *check;

  g_return_val_if_fail (YC_IS_HANDOFF_DIALOG (self), FALSE);
  check = find_check (self->departments_list, "department-id", department_id);
  if (check != NULL)
    gtk_check_button_set_active (check, selected);
  return check != NULL;
}

char **
yc_handoff_dialog_dup_cases (YcHandoffDialog *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF_DIALOG (self), NULL);
  return dup_checked (self->cases_list, "case-id");
}

void
yc_handoff_dialog_set_reason (YcHandoffDialog *self,
                              const char      *reason)
{
  g_return_if_fail (YC_IS_HANDOFF_DIALOG (self));
  gtk_editable_set_text (GTK_EDITABLE (self->reason_row), reason);
}

const char *
yc_handoff_dialog_get_error (YcHandoffDialog *self)
{
  g_return_val_if_fail (YC_IS_HANDOFF_DIALOG (self), NULL);
  return gtk_widget_get_visible (GTK_WIDGET (self->error_label))
         ? gtk_label_get_text (self->error_label) : NULL;
}

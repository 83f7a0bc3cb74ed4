/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-item-search"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-item-search.h"

struct _YcItemSearch
{
  AdwBin parent_instance;

  GtkSearchEntry *entry;
  GtkStack *stack;
  GtkSpinner *spinner;
  AdwStatusPage *status;
  GtkListView *list;
  GtkLabel *more_label;

  /* results (GListStore of YcServiceItem, refilled per keystroke) → selection → list */
  GListStore *results;
  GtkSingleSelection *selection;

  YcStore *store;
  YcCatalogueIndex *index;
  GHashTable *department_names;
  YcServiceItem *chosen;
  GCancellable *cancellable;
  GError *load_error;
  guint n_matches;
};

enum {
  PROP_0,
  PROP_CHOSEN,
  N_PROPS
};

enum {
  ITEM_CHOSEN,
  N_SIGNALS
};

static GParamSpec *properties[N_PROPS];
static guint signals[N_SIGNALS];

G_DEFINE_FINAL_TYPE (YcItemSearch, yc_item_search, ADW_TYPE_BIN)

/* GtkListView (GTK 4.8) binds about 200 rows whatever it shows, and every keystroke replaces
 * the results, so a long list costs a frame of rebinding per keystroke. Nobody scrolls
 * through hundreds of matches: the best ones are shown, and a line says how many more the
 * query matched. */
#define MAX_RESULTS 30

static void load_catalogue (YcItemSearch *self);

static const char *
department_name (YcItemSearch  *self,
                 YcServiceItem *item)
{
  const char *id = yc_service_item_get_department_id (item);
  const char *name = NULL;

  if (id != NULL && self->department_names != NULL)
    name = g_hash_table_lookup (self->department_names, id);
  return name != NULL ? name : id;
}

static void
show_status (YcItemSearch *self,
             const char   *icon,
             const char   *title,
             const char   *description)
{
  adw_status_page_set_icon_name (self->status, icon);
  adw_status_page_set_title (self->status, title);
  adw_status_page_set_description (self->status, description);
  gtk_stack_set_visible_child_name (self->stack, "empty");
}

static void
select_position (YcItemSearch *self,
                 guint         position)
{
  gtk_single_selection_set_selected (self->selection, position);
  if (position != GTK_INVALID_LIST_POSITION)
    gtk_widget_activate_action (GTK_WIDGET (self->list), "list.scroll-to-item", "u", position);
}

/* Replace the results by @items, leaving alone those at the start and at the end that stay:
 * their rows are not bound again, which is most of a keystroke's cost when typing narrows a
 * query whose best matches do not change. */
static void
replace_results (YcItemSearch   *self,
                 YcServiceItem **items,
                 guint           n_items)
{
  GListModel *model = G_LIST_MODEL (self->results);
  guint n_old = g_list_model_get_n_items (model);
  guint head = 0, tail = 0;

  while (head < n_old && head < n_items)
    {
      g_autoptr(YcServiceItem) old = g_list_model_get_item (model, head);

      if (old != items[head])
        break;
      head++;
    }
  while (tail < n_old - head && tail < n_items - head)
    {
      g_autoptr(YcServiceItem) old = g_list_model_get_item (model, n_old - 1 - tail);

      if (old != items[n_items - 1 - tail])
        break;
      tail++;
    }
  if (head == n_old && head == n_items)
    return;
  g_list_store_splice (self->results, head, n_old - head - tail, (gpointer *) items + head,
                       n_items - head - tail);
}

static void
refilter (YcItemSearch *self)
{
  const char *text = gtk_editable_get_text (GTK_EDITABLE (self->entry));
  g_autoptr(GPtrArray) found = NULL;
  guint n_shown;

  if (self->index == NULL)
    {
      g_list_store_remove_all (self->results);
      self->n_matches = 0;
      gtk_widget_set_visible (GTK_WIDGET (self->more_label), FALSE);
      if (self->load_error != NULL)
        show_status (self, "dialog-warning-symbolic", _("The Catalogue Could Not Be Read"),
                     self->load_error->message);
      else if (self->store == NULL)
        show_status (self, "edit-find-symbolic", _("No Catalogue"), NULL);
      else
        {
          gtk_spinner_start (self->spinner);
          gtk_stack_set_visible_child_name (self->stack, "loading");
        }
      return;
    }
  gtk_spinner_stop (self->spinner);

  found = yc_catalogue_index_search (self->index, text, 0);
  n_shown = MIN (found->len, MAX_RESULTS);
  self->n_matches = found->len;
  replace_results (self, (YcServiceItem **) found->pdata, n_shown);
  if (found->len > n_shown)
    {
      g_autofree char *more = g_strdup_printf (ngettext ("The best %u of %u matching items are "
                                                         "shown. Type more to narrow the search.",
                                                         "The best %u of %u matching items are "
                                                         "shown. Type more to narrow the search.",
                                                         found->len),
                                               n_shown, found->len);

      gtk_label_set_text (self->more_label, more);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->more_label), found->len > n_shown);

  if (yc_catalogue_index_get_n_items (self->index) == 0)
    show_status (self, "folder-documents-symbolic", _("No Service Items Yet"),
                 _("The catalogue is downloaded from the service centre when this workstation "
                   "syncs."));
  else if (found->len == 0)
    show_status (self, "edit-find-symbolic", _("No Matching Service Item"),
                 _("Try the item code or the pinyin initials of its name, such as “gtdj”."));
  else
    {
      gtk_stack_set_visible_child_name (self->stack, "list");
      select_position (self, 0);
    }
}

static void
choose (YcItemSearch  *self,
        YcServiceItem *item)
{
  if (item == NULL)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return;
    }
  if (g_set_object (&self->chosen, item))
    g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
  g_signal_emit (self, signals[ITEM_CHOSEN], 0, item);
}

/* ------------------------------------------------------------------ loading */

static void
load_thread (GTask        *task,
             gpointer      source,
             gpointer      task_data,
             GCancellable *cancellable)
{
  YcStore *store = task_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GPtrArray) items = yc_store_find_service_items (store, NULL, 0, &error);

  if (items == NULL)
    g_task_return_error (task, g_steal_pointer (&error));
  else
    g_task_return_pointer (task, yc_catalogue_index_new (items), g_object_unref);
}

static void
on_loaded_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GError) error = NULL;
  g_autoptr(YcCatalogueIndex) index = g_task_propagate_pointer (G_TASK (result), &error);
  YcItemSearch *self;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  self = YC_ITEM_SEARCH (source);
  g_clear_error (&self->load_error);
  if (index == NULL)
    {
      g_message ("The catalogue could not be read: %s", error->message);
      self->load_error = g_steal_pointer (&error);
    }
  else
    g_set_object (&self->index, index);
  refilter (self);
}

static void
load_catalogue (YcItemSearch *self)
{
  g_autoptr(GTask) task = NULL;

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store == NULL)
    return;
  self->cancellable = g_cancellable_new ();
  task = g_task_new (self, self->cancellable, on_loaded_cb, NULL);
  g_task_set_source_tag (task, load_catalogue);
  g_task_set_task_data (task, g_object_ref (self->store), g_object_unref);
  g_task_set_return_on_cancel (task, TRUE);
  g_task_run_in_thread (task, load_thread);
}

static void
on_store_changed_cb (YcItemSearch *self)
{
  load_catalogue (self);
}

/* ------------------------------------------------------------------ the rows */

static void
on_setup_cb (GtkSignalListItemFactory *factory,
             GtkListItem              *list_item,
             gpointer                  user_data)
{
  GtkWidget *row = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  GtkWidget *texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 2);
  GtkWidget *name = gtk_label_new (NULL);
  GtkWidget *detail = gtk_label_new (NULL);
  GtkWidget *tag = gtk_label_new (C_("item tag", "Instant"));

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_label_set_ellipsize (GTK_LABEL (name), PANGO_ELLIPSIZE_END);
  gtk_label_set_xalign (GTK_LABEL (detail), 0);
  gtk_label_set_ellipsize (GTK_LABEL (detail), PANGO_ELLIPSIZE_END);
  gtk_widget_add_css_class (detail, "caption");
  gtk_widget_add_css_class (detail, "dim-label");
  gtk_widget_set_hexpand (texts, TRUE);
  gtk_box_append (GTK_BOX (texts), name);
  gtk_box_append (GTK_BOX (texts), detail);

  gtk_widget_add_css_class (tag, "yc-instant-tag");
  gtk_widget_add_css_class (tag, "caption-heading");
  gtk_widget_set_valign (tag, GTK_ALIGN_CENTER);
  gtk_widget_set_tooltip_text (tag, _("Completed on the spot after a formal check"));

  gtk_box_append (GTK_BOX (row), texts);
  gtk_box_append (GTK_BOX (row), tag);
  gtk_list_item_set_child (list_item, row);
}

static void
on_bind_cb (GtkSignalListItemFactory *factory,
            GtkListItem              *list_item,
            YcItemSearch             *self)
{
  YcServiceItem *item = gtk_list_item_get_item (list_item);
  GtkWidget *row = gtk_list_item_get_child (list_item);
  GtkWidget *texts = gtk_widget_get_first_child (row);
  GtkWidget *name = gtk_widget_get_first_child (texts);
  GtkWidget *detail = gtk_widget_get_next_sibling (name);
  GtkWidget *tag = gtk_widget_get_next_sibling (texts);
  const char *department = department_name (self, item);
  g_autofree char *line = NULL;
  g_autofree char *accessible = NULL;

  /* Translators: under a service item's name in the search results: its code and department. */
  line = department != NULL ? g_strdup_printf (_("%s · %s"), yc_service_item_get_code (item),
                                               department)
                            : g_strdup (yc_service_item_get_code (item));
  gtk_label_set_text (GTK_LABEL (name), yc_service_item_get_name (item));
  gtk_label_set_text (GTK_LABEL (detail), line);
  gtk_widget_set_visible (tag, yc_service_item_get_instant (item));

  accessible = g_strdup_printf ("%s, %s%s", yc_service_item_get_name (item), line,
                                yc_service_item_get_instant (item) ? _(", instant") : "");
  gtk_accessible_update_property (GTK_ACCESSIBLE (row), GTK_ACCESSIBLE_PROPERTY_LABEL, accessible,
                                  -1);
}

/* ------------------------------------------------------------------ signal callbacks */

static void
on_entry_changed_cb (YcItemSearch *self)
{
  refilter (self);
}

static void
on_entry_activate_cb (YcItemSearch *self)
{
  choose (self, yc_item_search_get_selected (self));
}

static void
on_entry_stop_search_cb (YcItemSearch *self)
{
  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
}

static void
on_list_activate_cb (YcItemSearch *self,
                     guint         position)
{
  g_autoptr(YcServiceItem) item = g_list_model_get_item (G_LIST_MODEL (self->results), position);

  gtk_single_selection_set_selected (self->selection, position);
  choose (self, item);
}

/* Up and Down (and the page keys) move through the results while the entry keeps the focus,
 * so that the clerk can type, look and take an item without leaving the keyboard's home. */
static gboolean
on_entry_key_pressed_cb (GtkEventControllerKey *controller,
                         guint                  keyval,
                         guint                  keycode,
                         GdkModifierType        state,
                         YcItemSearch          *self)
{
  guint n = g_list_model_get_n_items (G_LIST_MODEL (self->results));
  guint selected = gtk_single_selection_get_selected (self->selection);
  int step;

  if (state & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK))
    return FALSE;
  switch (keyval)
    {
    case GDK_KEY_Down: case GDK_KEY_KP_Down: step = 1; break;
    case GDK_KEY_Up: case GDK_KEY_KP_Up: step = -1; break;
    case GDK_KEY_Page_Down: case GDK_KEY_KP_Page_Down: step = 8; break;
    case GDK_KEY_Page_Up: case GDK_KEY_KP_Page_Up: step = -8; break;
    default: return FALSE;
    }
  if (n == 0)
    return TRUE;
  if (selected == GTK_INVALID_LIST_POSITION)
    selected = 0;
  else
    selected = (guint) CLAMP ((int) selected + step, 0, (int) n - 1);
  select_position (self, selected);
  return TRUE;
}

/* ------------------------------------------------------------------ GObject */

static gboolean
yc_item_search_grab_focus (GtkWidget *widget)
{
  return gtk_widget_grab_focus (GTK_WIDGET (YC_ITEM_SEARCH (widget)->entry));
}

static gboolean
yc_item_search_mnemonic_activate (GtkWidget *widget,
                                  gboolean   group_cycling)
{
  return gtk_widget_grab_focus (widget);
}

static void
yc_item_search_get_property (GObject    *object,
                             guint       prop_id,
                             GValue     *value,
                             GParamSpec *pspec)
{
  YcItemSearch *self = YC_ITEM_SEARCH (object);

  switch (prop_id)
    {
    case PROP_CHOSEN:
      g_value_set_object (value, self->chosen);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_item_search_dispose (GObject *object)
{
  YcItemSearch *self = YC_ITEM_SEARCH (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  /* AdwBin unparents its child itself: take it out first, then forget the template's. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_ITEM_SEARCH);
  g_clear_object (&self->selection);
  g_clear_object (&self->results);
  g_clear_object (&self->store);
  g_clear_object (&self->index);
  g_clear_object (&self->chosen);
  g_clear_pointer (&self->department_names, g_hash_table_unref);
  g_clear_error (&self->load_error);

  G_OBJECT_CLASS (yc_item_search_parent_class)->dispose (object);
}

static void
yc_item_search_class_init (YcItemSearchClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_item_search_dispose;
  object_class->get_property = yc_item_search_get_property;
  widget_class->grab_focus = yc_item_search_grab_focus;
  widget_class->mnemonic_activate = yc_item_search_mnemonic_activate;

  properties[PROP_CHOSEN] =
    g_param_spec_object ("chosen", NULL, NULL, YC_TYPE_SERVICE_ITEM,
                         G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  /* The clerk took @item (Enter in the entry, or a click on a result). */
  signals[ITEM_CHOSEN] =
    g_signal_new ("item-chosen", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST, 0, NULL, NULL,
                  NULL, G_TYPE_NONE, 1, YC_TYPE_SERVICE_ITEM);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-item-search.ui");
  gtk_widget_class_bind_template_child (widget_class, YcItemSearch, entry);
  gtk_widget_class_bind_template_child (widget_class, YcItemSearch, stack);
  gtk_widget_class_bind_template_child (widget_class, YcItemSearch, spinner);
  gtk_widget_class_bind_template_child (widget_class, YcItemSearch, status);
  gtk_widget_class_bind_template_child (widget_class, YcItemSearch, list);
  gtk_widget_class_bind_template_child (widget_class, YcItemSearch, more_label);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_activate_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_entry_stop_search_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_list_activate_cb);
}

static void
yc_item_search_init (YcItemSearch *self)
{
  GtkListItemFactory *factory;
  GtkEventController *keys;

  gtk_widget_init_template (GTK_WIDGET (self));

  self->results = g_list_store_new (YC_TYPE_SERVICE_ITEM);
  self->selection = gtk_single_selection_new (g_object_ref (G_LIST_MODEL (self->results)));
  gtk_single_selection_set_can_unselect (self->selection, FALSE);
  gtk_list_view_set_model (self->list, GTK_SELECTION_MODEL (self->selection));

  factory = gtk_signal_list_item_factory_new ();
  g_signal_connect (factory, "setup", G_CALLBACK (on_setup_cb), self);
  g_signal_connect (factory, "bind", G_CALLBACK (on_bind_cb), self);
  gtk_list_view_set_factory (self->list, factory);
  g_object_unref (factory);

  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_entry_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->entry), keys);

  refilter (self);
}

/* ------------------------------------------------------------------ public API */

GtkWidget *
yc_item_search_new (void)
{
  return g_object_new (YC_TYPE_ITEM_SEARCH, NULL);
}

void
yc_item_search_set_store (YcItemSearch *self,
                          YcStore      *store)
{
  g_return_if_fail (YC_IS_ITEM_SEARCH (self));
  g_return_if_fail (store == NULL || YC_IS_STORE (store));

  if (self->store == store)
    return;
  if (self->store != NULL)
    g_signal_handlers_disconnect_by_data (self->store, self);
  g_set_object (&self->store, store);
  g_clear_object (&self->index);
  g_clear_error (&self->load_error);
  if (store != NULL)
    g_signal_connect_object (store, "changed::catalogue", G_CALLBACK (on_store_changed_cb), self,
                             G_CONNECT_SWAPPED);
  refilter (self);
  load_catalogue (self);
}

void
yc_item_search_set_department_names (YcItemSearch *self,
                                     GHashTable   *names)
{
  g_return_if_fail (YC_IS_ITEM_SEARCH (self));

  if (names != NULL)
    g_hash_table_ref (names);
  g_clear_pointer (&self->department_names, g_hash_table_unref);
  self->department_names = names;
  /* Rebind the rows shown. */
  g_list_model_items_changed (G_LIST_MODEL (self->results), 0,
                              g_list_model_get_n_items (G_LIST_MODEL (self->results)),
                              g_list_model_get_n_items (G_LIST_MODEL (self->results)));
}

void
yc_item_search_set_index (YcItemSearch     *self,
                          YcCatalogueIndex *index)
{
  g_return_if_fail (YC_IS_ITEM_SEARCH (self));
  g_return_if_fail (index == NULL || YC_IS_CATALOGUE_INDEX (index));

  g_cancellable_cancel (self->cancellable);
  g_clear_error (&self->load_error);
  g_set_object (&self->index, index);
  refilter (self);
}

YcCatalogueIndex *
yc_item_search_get_index (YcItemSearch *self)
{
  g_return_val_if_fail (YC_IS_ITEM_SEARCH (self), NULL);

  return self->index;
}

YcServiceItem *
yc_item_search_get_chosen (YcItemSearch *self)
{
  g_return_val_if_fail (YC_IS_ITEM_SEARCH (self), NULL);

  return self->chosen;
}

YcServiceItem *
yc_item_search_get_selected (YcItemSearch *self)
{
  g_return_val_if_fail (YC_IS_ITEM_SEARCH (self), NULL);

  return gtk_single_selection_get_selected_item (self->selection);
}

GListModel *
yc_item_search_get_results (YcItemSearch *self)
{
  g_return_val_if_fail (YC_IS_ITEM_SEARCH (self), NULL);

  return G_LIST_MODEL (self->results);
}

guint
yc_item_search_get_n_matches (YcItemSearch *self)
{
  g_return_val_if_fail (YC_IS_ITEM_SEARCH (self), 0);

  return self->n_matches;
}

GtkEditable *
yc_item_search_get_entry (YcItemSearch *self)
{
  g_return_val_if_fail (YC_IS_ITEM_SEARCH (self), NULL);

  return GTK_EDITABLE (self->entry);
}

void
yc_item_search_reset (YcItemSearch *self)
{
  g_return_if_fail (YC_IS_ITEM_SEARCH (self));

  gtk_editable_set_text (GTK_EDITABLE (self->entry), "");
  if (self->chosen != NULL)
    {
      g_clear_object (&self->chosen);
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_CHOSEN]);
    }
  refilter (self);
}

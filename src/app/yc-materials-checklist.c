/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-materials-checklist"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>

#include "yc-materials-checklist.h"

typedef enum {
  STATE_RECEIVED,
  STATE_MISSING,
  STATE_DEFECTIVE,
  N_STATES
} State;

static const char * const state_ids[N_STATES] = { "received", "missing", "defective" };

/* One material's row; the rows are plain list box rows, this is what the checklist keeps. */
typedef struct {
  YcMaterial *material;
  GtkWidget  *row;
  GtkWidget  *buttons[N_STATES];
  GtkEntry   *note;
  State       state;
  State       initial_state;
  char       *initial_note;
  gboolean    editable;
} Row;

struct _YcMaterialsChecklist
{
  GtkWidget   parent_instance;

  GPtrArray  *rows;
  gboolean    ready;
  gboolean    complete;
  /* Programmatic button changes, not the clerk's clicks. */
  gboolean    updating;
  char       *summary;

  /* Template widgets */
  GtkWidget  *main_box;
  GtkLabel   *notice_label;
  GtkListBox *list;
  GtkLabel   *summary_label;
  GtkLabel   *notes_label;
};

G_DEFINE_FINAL_TYPE (YcMaterialsChecklist, yc_materials_checklist, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_READY,
  PROP_COMPLETE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

static void
row_free (Row *row)
{
  g_clear_object (&row->material);
  g_free (row->initial_note);
  g_free (row);
}

static const char *
state_label (State state)
{
  switch (state)
    {
    case STATE_RECEIVED:
      return _("Received");
    case STATE_MISSING:
      return _("Missing");
    case STATE_DEFECTIVE:
      return _("To Correct");
    case N_STATES:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
parse_state (const char *id,
             State      *out)
{
  for (State s = 0; s < N_STATES; s++)
    if (g_strcmp0 (state_ids[s], id) == 0)
      {
        *out = s;
        return TRUE;
      }
  return FALSE;
}

static gboolean
note_is_empty (Row *row)
{
  g_autofree char *note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->note))));

  return *note == '\0';
}

static void
update_totals (YcMaterialsChecklist *self)
{
  guint counts[N_STATES] = { 0, };
  guint mandatory_open = 0;
  guint notes_missing = 0;
  gboolean ready, complete;

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      counts[row->state]++;
      if (!row->editable)
        continue;
      if (row->state != STATE_RECEIVED && yc_material_get_mandatory (row->material))
        mandatory_open++;
      if (row->state == STATE_DEFECTIVE && note_is_empty (row))
        notes_missing++;
    }

  g_free (self->summary);
  if (mandatory_open > 0)
    self->summary = g_strdup_printf (_("%u received, %u missing, %u to be corrected "
                                       "(%u mandatory not complete)"),
                                     counts[STATE_RECEIVED], counts[STATE_MISSING],
                                     counts[STATE_DEFECTIVE], mandatory_open);
  else
    self->summary = g_strdup_printf (_("%u received, %u missing, %u to be corrected "
                                       "(every mandatory material is complete)"),
                                     counts[STATE_RECEIVED], counts[STATE_MISSING],
                                     counts[STATE_DEFECTIVE]);
  gtk_label_set_text (self->summary_label, self->summary);

  if (notes_missing > 0)
    {
      g_autofree char *text = g_strdup_printf (g_dngettext (GETTEXT_PACKAGE,
                                                            "%u material to be corrected has no "
                                                            "note yet: say what must be corrected.",
                                                            "%u materials to be corrected have no "
                                                            "note yet: say what must be corrected.",
                                                            notes_missing),
                                               notes_missing);

      gtk_label_set_text (self->notes_label, text);
    }
  gtk_widget_set_visible (GTK_WIDGET (self->notes_label), notes_missing > 0);

  ready = notes_missing == 0;
  complete = mandatory_open == 0;
  g_object_freeze_notify (G_OBJECT (self));
  if (ready != self->ready)
    {
      self->ready = ready;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_READY]);
    }
  if (complete != self->complete)
    {
      self->complete = complete;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_COMPLETE]);
    }
  g_object_thaw_notify (G_OBJECT (self));
}

/* The row's look and accessible names after a change of state or note. */
static void
update_row (Row *row)
{
  const char *name = yc_material_get_name (row->material);
  g_autofree char *row_name = NULL;
  gboolean needs_note = row->state == STATE_DEFECTIVE && note_is_empty (row);

  for (State s = 0; s < N_STATES; s++)
    {
      GtkWidget *button = row->buttons[s];

      if (gtk_toggle_button_get_active (GTK_TOGGLE_BUTTON (button)) != (s == row->state))
        gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (button), s == row->state);
    }
  for (State s = 0; s < N_STATES; s++)
    gtk_widget_remove_css_class (row->row, state_ids[s]);
  gtk_widget_add_css_class (row->row, state_ids[row->state]);

  gtk_entry_set_placeholder_text (row->note, row->state == STATE_DEFECTIVE
                                             ? _("What must be corrected (required)")
                                             : _("Note (optional)"));
  if (needs_note)
    gtk_widget_add_css_class (GTK_WIDGET (row->note), "error");
  else
    gtk_widget_remove_css_class (GTK_WIDGET (row->note), "error");
  gtk_accessible_update_state (GTK_ACCESSIBLE (row->note), GTK_ACCESSIBLE_STATE_INVALID,
                               needs_note ? GTK_ACCESSIBLE_INVALID_TRUE
                                          : GTK_ACCESSIBLE_INVALID_FALSE,
                               -1);

  /* Translators: a material's name and its state, read out for the row. */
  row_name = g_strdup_printf (_("%s: %s"), name, state_label (row->state));
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->row), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  row_name, -1);
}

static void
set_row_state (YcMaterialsChecklist *self,
               Row                  *row,
               State                 state)
{
  row->state = state;
  self->updating = TRUE;
  update_row (row);
  self->updating = FALSE;
  update_totals (self);
}

static Row *
row_for_widget (YcMaterialsChecklist *self,
                GtkWidget            *widget)
{
  GtkWidget *list_row = widget ? gtk_widget_get_ancestor (widget, GTK_TYPE_LIST_BOX_ROW) : NULL;

  if (list_row == NULL || gtk_widget_get_parent (list_row) != GTK_WIDGET (self->list))
    return NULL;
  return g_object_get_data (G_OBJECT (list_row), "yc-checklist-row");
}

static void
on_state_toggled_cb (GtkToggleButton *button,
                     gpointer         user_data)
{
  YcMaterialsChecklist *self = user_data;
  Row *row = row_for_widget (self, GTK_WIDGET (button));

  if (self->updating || row == NULL || !gtk_toggle_button_get_active (button))
    return;
  for (State s = 0; s < N_STATES; s++)
    if (row->buttons[s] == GTK_WIDGET (button))
      set_row_state (self, row, s);
}

static void
on_note_changed_cb (GtkEditable *editable,
                    gpointer     user_data)
{
  YcMaterialsChecklist *self = user_data;
  Row *row = row_for_widget (self, GTK_WIDGET (editable));

  if (row == NULL)
    return;
  self->updating = TRUE;
  update_row (row);
  self->updating = FALSE;
  update_totals (self);
}

static gboolean
focus_row_at (YcMaterialsChecklist *self,
              int                   index)
{
  Row *row;

  if (index < 0 || (guint) index >= self->rows->len)
    return FALSE;
  row = g_ptr_array_index (self->rows, index);
  return gtk_widget_grab_focus (row->row);
}

/* Up and Down move between the materials, also from a note; Space and 1-2-3 set the state of
 * the material whose row has the focus (not while typing a note). */
static gboolean
on_key_pressed_cb (GtkEventControllerKey *controller,
                   guint                  keyval,
                   guint                  keycode,
                   GdkModifierType        modifiers,
                   gpointer               user_data)
{
  YcMaterialsChecklist *self = user_data;
  GtkRoot *root = gtk_widget_get_root (GTK_WIDGET (self));
  GtkWidget *focus = root != NULL ? gtk_root_get_focus (root) : NULL;
  Row *row = row_for_widget (self, focus);
  gboolean in_note;
  guint index;
  State state;

  if (row == NULL ||
      (modifiers & (GDK_CONTROL_MASK | GDK_ALT_MASK | GDK_SHIFT_MASK | GDK_SUPER_MASK)) != 0)
    return FALSE;
  in_note = focus == GTK_WIDGET (row->note) || gtk_widget_is_ancestor (focus, GTK_WIDGET (row->note));
  if (!g_ptr_array_find (self->rows, row, &index))
    g_assert_not_reached ();

  switch (keyval)
    {
    case GDK_KEY_Up:
    case GDK_KEY_KP_Up:
      return focus_row_at (self, (int) index - 1);
    case GDK_KEY_Down:
    case GDK_KEY_KP_Down:
      return focus_row_at (self, (int) index + 1);
    case GDK_KEY_space:
    case GDK_KEY_KP_Space:
      if (in_note)
        return FALSE;
      state = (row->state + 1) % N_STATES;
      break;
    case GDK_KEY_1:
    case GDK_KEY_KP_1:
      state = STATE_RECEIVED;
      break;
    case GDK_KEY_2:
    case GDK_KEY_KP_2:
      state = STATE_MISSING;
      break;
    case GDK_KEY_3:
    case GDK_KEY_KP_3:
      state = STATE_DEFECTIVE;
      break;
    default:
      return FALSE;
    }
  if (in_note)
    return FALSE;
  if (!row->editable)
    {
      gtk_widget_error_bell (GTK_WIDGET (self));
      return TRUE;
    }
  set_row_state (self, row, state);
  return TRUE;
}

static char *
describe_material (YcMaterial *material)
{
  const char *note = yc_material_get_note (material);
  g_autofree char *form = NULL;
  int copies = MAX (yc_material_get_copies (material), 1);

  form = g_strdup_printf (yc_material_get_original (material)
                          ? g_dngettext (GETTEXT_PACKAGE, "Original, %d copy",
                                         "Original, %d copies", copies)
                          : g_dngettext (GETTEXT_PACKAGE, "Photocopy, %d copy",
                                         "Photocopy, %d copies", copies),
                          copies);
  if (note == NULL || *note == '\0')
    return g_steal_pointer (&form);
  /* Translators: how a material is handed in, then the guide's note on it. */
  return g_strdup_printf (_("%s · %s"), form, note);
}

static Row *
build_row (YcMaterialsChecklist *self,
           YcMaterial           *material,
           State                 state,
           const char           *note,
           gboolean              editable)
{
  Row *row = g_new0 (Row, 1);
  GtkWidget *box, *top, *texts, *title_box, *title, *tag, *details, *states;
  const char *name = yc_material_get_name (material);
  g_autofree char *details_text = describe_material (material);
  g_autofree char *note_name = NULL;

  row->material = g_object_ref (material);
  row->state = row->initial_state = state;
  row->initial_note = g_strdup (note);
  row->editable = editable;

  row->row = gtk_list_box_row_new ();
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row->row), FALSE);
  gtk_widget_add_css_class (row->row, "yc-material-row");
  g_object_set_data (G_OBJECT (row->row), "yc-checklist-row", row);

  box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 8);
  gtk_widget_set_margin_top (box, 10);
  gtk_widget_set_margin_bottom (box, 10);
  gtk_widget_set_margin_start (box, 12);
  gtk_widget_set_margin_end (box, 12);
  top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 12);
  texts = gtk_box_new (GTK_ORIENTATION_VERTICAL, 3);
  gtk_widget_set_hexpand (texts, TRUE);
  title_box = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  title = gtk_label_new (name);
  /* Ellipsized rather than wrapped: a wrapping label beside the tag confuses the box's
   * height-for-width in GTK 4.8. The tooltip and the accessible name keep the whole name. */
  gtk_label_set_ellipsize (GTK_LABEL (title), PANGO_ELLIPSIZE_END);
  gtk_widget_set_tooltip_text (title, name);
  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "yc-material-name");
  tag = gtk_label_new (yc_material_get_mandatory (material) ? _("Mandatory") : _("Optional"));
  gtk_widget_add_css_class (tag, "yc-material-tag");
  gtk_widget_add_css_class (tag, "caption");
  if (yc_material_get_mandatory (material))
    gtk_widget_add_css_class (tag, "mandatory");
  gtk_box_append (GTK_BOX (title_box), title);
  gtk_box_append (GTK_BOX (title_box), tag);
  details = gtk_label_new (details_text);
  gtk_label_set_wrap (GTK_LABEL (details), TRUE);
  gtk_label_set_xalign (GTK_LABEL (details), 0);
  gtk_widget_add_css_class (details, "dim-label");
  gtk_widget_add_css_class (details, "caption");
  gtk_box_append (GTK_BOX (texts), title_box);
  gtk_box_append (GTK_BOX (texts), details);
  if (!editable)
    {
      GtkWidget *locked = gtk_label_new (_("Not in the one-time notice, so it cannot be changed."));

      gtk_label_set_wrap (GTK_LABEL (locked), TRUE);
      gtk_label_set_xalign (GTK_LABEL (locked), 0);
      gtk_widget_add_css_class (locked, "caption");
      gtk_widget_add_css_class (locked, "yc-material-locked");
      gtk_box_append (GTK_BOX (texts), locked);
      gtk_widget_add_css_class (row->row, "locked");
    }

  states = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 0);
  gtk_widget_add_css_class (states, "linked");
  gtk_widget_add_css_class (states, "yc-material-state");
  gtk_widget_set_valign (states, GTK_ALIGN_CENTER);
  for (State s = 0; s < N_STATES; s++)
    {
      GtkWidget *button = gtk_toggle_button_new_with_label (state_label (s));
      g_autofree char *button_name = g_strdup_printf (_("%s: %s"), name, state_label (s));

      /* The keys set the state; Tab goes from the row straight to its note. */
      gtk_widget_set_focusable (button, FALSE);
      gtk_widget_add_css_class (button, state_ids[s]);
      gtk_widget_set_sensitive (button, editable);
      gtk_accessible_update_property (GTK_ACCESSIBLE (button), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                      button_name, -1);
      if (s > 0)
        gtk_toggle_button_set_group (GTK_TOGGLE_BUTTON (button),
                                     GTK_TOGGLE_BUTTON (row->buttons[0]));
      g_signal_connect (button, "toggled", G_CALLBACK (on_state_toggled_cb), self);
      row->buttons[s] = button;
      gtk_box_append (GTK_BOX (states), button);
    }
  gtk_box_append (GTK_BOX (top), texts);
  gtk_box_append (GTK_BOX (top), states);

  row->note = GTK_ENTRY (gtk_entry_new ());
  gtk_editable_set_text (GTK_EDITABLE (row->note), note != NULL ? note : "");
  gtk_editable_set_editable (GTK_EDITABLE (row->note), editable);
  gtk_widget_set_focusable (GTK_WIDGET (row->note), editable);
  /* A handled material shows its recorded note, if any; there is nothing to add to it. */
  gtk_widget_set_sensitive (GTK_WIDGET (row->note), editable);
  gtk_widget_set_visible (GTK_WIDGET (row->note), editable || (note != NULL && *note != '\0'));
  note_name = g_strdup_printf (_("Note on “%s”"), name);
  gtk_accessible_update_property (GTK_ACCESSIBLE (row->note), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  note_name, -1);
  g_signal_connect (row->note, "changed", G_CALLBACK (on_note_changed_cb), self);

  gtk_box_append (GTK_BOX (box), top);
  gtk_box_append (GTK_BOX (box), GTK_WIDGET (row->note));
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row->row), box);

  self->updating = TRUE;
  update_row (row);
  self->updating = FALSE;
  return row;
}

static void
clear_rows (YcMaterialsChecklist *self)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (GTK_WIDGET (self->list))) != NULL)
    gtk_list_box_remove (self->list, child);
  g_ptr_array_set_size (self->rows, 0);
}

static void
all_received_action (GtkWidget  *widget,
                     const char *action_name,
                     GVariant   *parameter)
{
  yc_materials_checklist_set_all (YC_MATERIALS_CHECKLIST (widget), "received");
}

static gboolean
yc_materials_checklist_grab_focus (GtkWidget *widget)
{
  YcMaterialsChecklist *self = YC_MATERIALS_CHECKLIST (widget);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (row->editable)
        return gtk_widget_grab_focus (row->row);
    }
  return FALSE;
}

static void
yc_materials_checklist_dispose (GObject *object)
{
  YcMaterialsChecklist *self = YC_MATERIALS_CHECKLIST (object);

  if (self->list != NULL)
    clear_rows (self);
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_MATERIALS_CHECKLIST);
  G_OBJECT_CLASS (yc_materials_checklist_parent_class)->dispose (object);
}

static void
yc_materials_checklist_finalize (GObject *object)
{
  YcMaterialsChecklist *self = YC_MATERIALS_CHECKLIST (object);

  g_clear_pointer (&self->rows, g_ptr_array_unref);
  g_free (self->summary);
  G_OBJECT_CLASS (yc_materials_checklist_parent_class)->finalize (object);
}

static void
yc_materials_checklist_get_property (GObject    *object,
                                     guint       prop_id,
                                     GValue     *value,
                                     GParamSpec *pspec)
{
  YcMaterialsChecklist *self = YC_MATERIALS_CHECKLIST (object);

  switch (prop_id)
    {
    case PROP_READY:
      g_value_set_boolean (value, self->ready);
      break;
    case PROP_COMPLETE:
      g_value_set_boolean (value, self->complete);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_materials_checklist_class_init (YcMaterialsChecklistClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_materials_checklist_dispose;
  object_class->finalize = yc_materials_checklist_finalize;
  object_class->get_property = yc_materials_checklist_get_property;
  widget_class->grab_focus = yc_materials_checklist_grab_focus;

  properties[PROP_READY] =
    g_param_spec_boolean ("ready", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_COMPLETE] =
    g_param_spec_boolean ("complete", NULL, NULL, TRUE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_install_action (widget_class, "checklist.all-received", NULL,
                                   all_received_action);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-materials-checklist.ui");
  gtk_widget_class_bind_template_child (widget_class, YcMaterialsChecklist, main_box);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialsChecklist, notice_label);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialsChecklist, list);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialsChecklist, summary_label);
  gtk_widget_class_bind_template_child (widget_class, YcMaterialsChecklist, notes_label);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

static void
yc_materials_checklist_init (YcMaterialsChecklist *self)
{
  GtkEventController *keys;

  self->rows = g_ptr_array_new_with_free_func ((GDestroyNotify) row_free);
  self->ready = self->complete = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  /* Capture: the keys reach the checklist before the focused row or note handles them. */
  keys = gtk_event_controller_key_new ();
  gtk_event_controller_set_propagation_phase (keys, GTK_PHASE_CAPTURE);
  g_signal_connect (keys, "key-pressed", G_CALLBACK (on_key_pressed_cb), self);
  gtk_widget_add_controller (GTK_WIDGET (self->list), keys);
  gtk_accessible_update_property (GTK_ACCESSIBLE (self->list), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                  _("Materials"), -1);
  update_totals (self);
}

GtkWidget *
yc_materials_checklist_new (void)
{
  return g_object_new (YC_TYPE_MATERIALS_CHECKLIST, NULL);
}

static void
fill (YcMaterialsChecklist *self,
      YcServiceItem        *item,
      GPtrArray            *case_materials,
      GStrv                 asked_ids)
{
  GPtrArray *materials;

  clear_rows (self);
  gtk_widget_set_visible (GTK_WIDGET (self->notice_label), asked_ids != NULL);
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "checklist.all-received", item != NULL);
  if (item == NULL)
    {
      update_totals (self);
      return;
    }

  materials = yc_service_item_get_materials (item);
  for (guint i = 0; i < materials->len; i++)
    {
      YcMaterial *material = g_ptr_array_index (materials, i);
      const char *id = yc_material_get_id (material);
      const char *note = NULL;
      State state = STATE_MISSING;
      gboolean editable = TRUE;
      Row *row;

      for (guint j = 0; case_materials != NULL && j < case_materials->len; j++)
        {
          YcCaseMaterial *recorded = g_ptr_array_index (case_materials, j);

          if (g_strcmp0 (recorded->material_id, id) == 0)
            {
              if (!parse_state (recorded->state, &state))
                state = STATE_MISSING;
              note = recorded->note;
            }
        }
      if (asked_ids != NULL)
        editable = g_strv_contains ((const char * const *) asked_ids, id);
      row = build_row (self, material, state, note, editable);
      g_ptr_array_add (self->rows, row);
      gtk_list_box_append (self->list, row->row);
    }
  update_totals (self);
}

void
yc_materials_checklist_set_item (YcMaterialsChecklist *self,
                                 YcServiceItem        *item)
{
  g_return_if_fail (YC_IS_MATERIALS_CHECKLIST (self));
  g_return_if_fail (item == NULL || YC_IS_SERVICE_ITEM (item));

  fill (self, item, NULL, NULL);
}

void
yc_materials_checklist_set_case (YcMaterialsChecklist *self,
                                 YcServiceItem        *item,
                                 GPtrArray            *case_materials,
                                 GStrv                 asked_ids)
{
  const char * const none[] = { NULL };

  g_return_if_fail (YC_IS_MATERIALS_CHECKLIST (self));
  g_return_if_fail (YC_IS_SERVICE_ITEM (item));

  fill (self, item, case_materials, asked_ids != NULL ? asked_ids : (GStrv) none);
}

void
yc_materials_checklist_set_all (YcMaterialsChecklist *self,
                                const char           *state)
{
  State parsed;

  g_return_if_fail (YC_IS_MATERIALS_CHECKLIST (self));
  g_return_if_fail (parse_state (state, &parsed));

  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (row->editable)
        {
          row->state = parsed;
          update_row (row);
        }
    }
  self->updating = FALSE;
  update_totals (self);
}

void
yc_materials_checklist_reset (YcMaterialsChecklist *self)
{
  g_return_if_fail (YC_IS_MATERIALS_CHECKLIST (self));

  self->updating = TRUE;
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      row->state = row->initial_state;
      gtk_editable_set_text (GTK_EDITABLE (row->note),
                             row->initial_note != NULL ? row->initial_note : "");
      update_row (row);
    }
  self->updating = FALSE;
  update_totals (self);
}

static Row *
find_row (YcMaterialsChecklist *self,
          const char           *material_id)
{
  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);

      if (g_strcmp0 (yc_material_get_id (row->material), material_id) == 0)
        return row;
    }
  return NULL;
}

gboolean
yc_materials_checklist_set_state (YcMaterialsChecklist *self,
                                  const char           *material_id,
                                  const char           *state)
{
  Row *row;
  State parsed;

  g_return_val_if_fail (YC_IS_MATERIALS_CHECKLIST (self), FALSE);
  g_return_val_if_fail (parse_state (state, &parsed), FALSE);

  row = find_row (self, material_id);
  if (row == NULL || !row->editable)
    return FALSE;
  set_row_state (self, row, parsed);
  return TRUE;
}

const char *
yc_materials_checklist_get_state (YcMaterialsChecklist *self,
                                  const char           *material_id)
{
  Row *row;

  g_return_val_if_fail (YC_IS_MATERIALS_CHECKLIST (self), NULL);

  row = find_row (self, material_id);
  return row != NULL ? state_ids[row->state] : NULL;
}

gboolean
yc_materials_checklist_get_ready (YcMaterialsChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIALS_CHECKLIST (self), FALSE);

  return self->ready;
}

gboolean
yc_materials_checklist_get_complete (YcMaterialsChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIALS_CHECKLIST (self), FALSE);

  return self->complete;
}

static GPtrArray *
dup_rows (YcMaterialsChecklist *self,
          gboolean              problems_only)
{
  GPtrArray *out = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_case_material_free);

  for (guint i = 0; i < self->rows->len; i++)
    {
      Row *row = g_ptr_array_index (self->rows, i);
      g_autofree char *note = NULL;

      if (problems_only && row->state == STATE_RECEIVED)
        continue;
      note = g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (row->note))));
      g_ptr_array_add (out, yc_case_material_new (yc_material_get_id (row->material),
                                                  yc_material_get_name (row->material),
                                                  state_ids[row->state],
                                                  *note != '\0' ? note : NULL));
    }
  return out;
}

GPtrArray *
yc_materials_checklist_dup_materials (YcMaterialsChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIALS_CHECKLIST (self), NULL);

  return dup_rows (self, FALSE);
}

GPtrArray *
yc_materials_checklist_dup_problem_materials (YcMaterialsChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIALS_CHECKLIST (self), NULL);

  return dup_rows (self, TRUE);
}

const char *
yc_materials_checklist_get_summary (YcMaterialsChecklist *self)
{
  g_return_val_if_fail (YC_IS_MATERIALS_CHECKLIST (self), NULL);

  return self->summary;
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-item-guide"

#include "config.h"

#include <glib/gi18n.h>

#include "yc-guide-writer.h"
#include "yc-item-guide.h"

struct _YcItemGuide
{
  AdwBin parent_instance;

  AdwToastOverlay *toast_overlay;
  GtkStack *stack;
  GtkScrolledWindow *scroller;
  GtkLabel *name_label;
  GtkLabel *code_label;
  GtkWidget *instant_tag;
  GtkGrid *facts;
  GtkBox *sections;

  YcServiceItem *item;
  GHashTable *department_names;
  GSettings *settings;
  char *centre;
  gboolean training;
  YcGuideWriter *writer;
  GCancellable *cancellable;
  gboolean printing;
};

G_DEFINE_FINAL_TYPE (YcItemGuide, yc_item_guide, ADW_TYPE_BIN)

typedef struct {
  GBytes *pdf;
  char *printer;
  char *job_name;
  char *export_filename;
  YcLetterPrintOptions options;
} PrintData;

static void
print_data_free (PrintData *data)
{
  g_clear_pointer (&data->pdf, g_bytes_unref);
  g_free (data->printer);
  g_free (data->job_name);
  g_free (data->export_filename);
  g_free (data);
}

static const char *
department_name (YcItemGuide *self)
{
  const char *id = yc_service_item_get_department_id (self->item);
  const char *name = NULL;

  if (id != NULL && self->department_names != NULL)
    name = g_hash_table_lookup (self->department_names, id);
  return name != NULL ? name : id;
}

static const char *
kind_label (const char *kind)
{
  if (g_strcmp0 (kind, "permit") == 0)
    return _("Administrative permit");
  if (g_strcmp0 (kind, "confirmation") == 0)
    return _("Administrative confirmation");
  if (g_strcmp0 (kind, "payment") == 0)
    return _("Administrative payment");
  if (g_strcmp0 (kind, "public_service") == 0)
    return _("Public service");
  if (g_strcmp0 (kind, "other") == 0)
    return _("Other administrative power");
  return kind != NULL ? kind : "";
}

static char *
days_label (int days)
{
  if (days <= 0)
    return g_strdup (C_("time limit", "On the spot"));
  return g_strdup_printf (ngettext ("%d working day", "%d working days", days), days);
}

static GtkWidget *
text_label (const char *text,
            const char *css_class)
{
  GtkWidget *label = gtk_label_new (text);

  gtk_label_set_xalign (GTK_LABEL (label), 0);
  gtk_label_set_wrap (GTK_LABEL (label), TRUE);
  gtk_label_set_wrap_mode (GTK_LABEL (label), PANGO_WRAP_WORD_CHAR);
  gtk_label_set_selectable (GTK_LABEL (label), TRUE);
  if (css_class != NULL)
    gtk_widget_add_css_class (label, css_class);
  return label;
}

static void
clear_box (GtkWidget *box)
{
  GtkWidget *child;

  while ((child = gtk_widget_get_first_child (box)) != NULL)
    {
      if (GTK_IS_BOX (box))
        gtk_box_remove (GTK_BOX (box), child);
      else
        gtk_grid_remove (GTK_GRID (box), child);
    }
}

static void
add_fact (YcItemGuide *self,
          guint        index,
          const char  *label,
          const char  *value)
{
  GtkWidget *name = gtk_label_new (label);
  GtkWidget *text = text_label (value != NULL && *value != '\0' ? value : "—", NULL);
  /* Two facts a row. */
  int column = (index % 2) * 2;
  int row = index / 2;

  gtk_label_set_xalign (GTK_LABEL (name), 0);
  gtk_widget_set_valign (name, GTK_ALIGN_START);
  gtk_widget_add_css_class (name, "dim-label");
  gtk_widget_set_hexpand (text, TRUE);
  gtk_widget_set_valign (text, GTK_ALIGN_START);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (text), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  name, NULL, -1);
  gtk_grid_attach (self->facts, name, column, row, 1, 1);
  gtk_grid_attach (self->facts, text, column + 1, row, 1, 1);
}

static void
add_section (YcItemGuide *self,
             const char  *heading,
             GtkWidget   *body)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 6);
  GtkWidget *title = gtk_label_new (heading);

  gtk_label_set_xalign (GTK_LABEL (title), 0);
  gtk_widget_add_css_class (title, "heading");
  gtk_box_append (GTK_BOX (box), title);
  gtk_box_append (GTK_BOX (box), body);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (body), GTK_ACCESSIBLE_RELATION_LABELLED_BY,
                                  title, NULL, -1);
  gtk_box_append (self->sections, box);
}

static void
add_text_section (YcItemGuide *self,
                  const char  *heading,
                  const char  *text)
{
  g_autofree char *clean = g_strstrip (g_strdup (text != NULL ? text : ""));

  add_section (self, heading, text_label (*clean != '\0' ? clean : C_("guide section", "None"), "body"));
}

static GtkWidget *
material_row (YcMaterial *material,
              guint       index)
{
  GtkWidget *box = gtk_box_new (GTK_ORIENTATION_VERTICAL, 4);
  GtkWidget *top = gtk_box_new (GTK_ORIENTATION_HORIZONTAL, 8);
  g_autofree char *number = g_strdup_printf ("%u.", index + 1);
  GtkWidget *index_label = gtk_label_new (number);
  GtkWidget *name = text_label (yc_material_get_name (material), NULL);
  GtkWidget *need = gtk_label_new (yc_material_get_mandatory (material) ? C_("material", "Required")
                                                                         : C_("material", "If applicable"));
  int copies = MAX (1, yc_material_get_copies (material));
  /* Translators: how a material is handed in: "Original · 1 copy", "Photocopy · 2 copies". */
  g_autofree char *form = g_strdup_printf (ngettext ("%s · %d copy", "%s · %d copies", copies),
                                           yc_material_get_original (material) ? C_("material", "Original")
                                                                               : C_("material", "Photocopy"),
                                           copies);
  GtkWidget *form_label = text_label (form, "caption");
  const char *note = yc_material_get_note (material);
  GtkWidget *row;

  gtk_widget_add_css_class (index_label, "dim-label");
  gtk_widget_add_css_class (index_label, "heading");
  gtk_widget_set_valign (index_label, GTK_ALIGN_START);
  gtk_widget_set_hexpand (name, TRUE);
  gtk_widget_add_css_class (name, "heading");
  gtk_widget_set_valign (need, GTK_ALIGN_START);
  gtk_widget_set_margin_top (need, 2);
  gtk_widget_add_css_class (need, "caption");
  gtk_widget_add_css_class (need, yc_material_get_mandatory (material) ? "accent" : "dim-label");
  gtk_box_append (GTK_BOX (top), index_label);
  gtk_box_append (GTK_BOX (top), name);
  gtk_box_append (GTK_BOX (top), need);
  gtk_box_append (GTK_BOX (box), top);

  gtk_widget_set_margin_start (form_label, 22);
  gtk_widget_add_css_class (form_label, "dim-label");
  gtk_box_append (GTK_BOX (box), form_label);
  if (note != NULL && *note != '\0')
    {
      GtkWidget *note_label = text_label (note, "body");

      gtk_widget_set_margin_start (note_label, 22);
      gtk_box_append (GTK_BOX (box), note_label);
    }

  row = gtk_list_box_row_new ();
  gtk_list_box_row_set_child (GTK_LIST_BOX_ROW (row), box);
  gtk_list_box_row_set_activatable (GTK_LIST_BOX_ROW (row), FALSE);
  return row;
}

static void
show_item (YcItemGuide *self)
{
  g_autofree char *code_line = NULL;
  g_autofree char *promised = NULL;
  g_autofree char *statutory = NULL;
  g_autofree char *materials_heading = NULL;
  g_autofree char *instant = NULL;
  GPtrArray *materials;
  GtkWidget *list;
  const char *department;
  guint fact = 0;

  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.print",
                                 self->item != NULL && !self->printing);
  clear_box (GTK_WIDGET (self->facts));
  clear_box (GTK_WIDGET (self->sections));
  if (self->item == NULL)
    {
      gtk_stack_set_visible_child_name (self->stack, "none");
      return;
    }

  department = department_name (self);
  /* Translators: under the item's name in its guide: its code and department. */
  code_line = g_strdup_printf (_("%s · %s"), yc_service_item_get_code (self->item),
                               department != NULL ? department : "");
  gtk_label_set_text (self->name_label, yc_service_item_get_name (self->item));
  gtk_label_set_text (self->code_label, code_line);
  gtk_widget_set_visible (self->instant_tag, yc_service_item_get_instant (self->item));

  promised = days_label (yc_service_item_get_promised_days (self->item));
  statutory = days_label (yc_service_item_get_statutory_days (self->item));
  instant = g_strdup (yc_service_item_get_instant (self->item)
                      ? C_("instant item", "Yes: completed on the spot when the materials are complete")
                      : C_("instant item", "No"));
  add_fact (self, fact++, C_("guide fact", "Code"), yc_service_item_get_code (self->item));
  add_fact (self, fact++, C_("guide fact", "Department"), department);
  add_fact (self, fact++, C_("guide fact", "Kind"), kind_label (yc_service_item_get_kind (self->item)));
  add_fact (self, fact++, C_("guide fact", "Instant"), instant);
  add_fact (self, fact++, C_("guide fact", "Promised limit"), promised);
  add_fact (self, fact++, C_("guide fact", "Statutory limit"), statutory);
  add_fact (self, fact++, C_("guide fact", "Fees"), yc_service_item_get_fees (self->item));
  add_fact (self, fact++, C_("guide fact", "Contact"), yc_service_item_get_contact (self->item));

  add_text_section (self, C_("guide section", "Legal Basis"), yc_service_item_get_legal_basis (self->item));
  add_text_section (self, C_("guide section", "Conditions"), yc_service_item_get_conditions (self->item));

  materials = yc_service_item_get_materials (self->item);
  materials_heading = g_strdup_printf (ngettext ("Materials (%u)", "Materials (%u)",
                                                 materials->len), materials->len);
  if (materials->len == 0)
    add_text_section (self, materials_heading, _("No materials are needed."));
  else
    {
      list = gtk_list_box_new ();
      gtk_list_box_set_selection_mode (GTK_LIST_BOX (list), GTK_SELECTION_NONE);
      gtk_widget_add_css_class (list, "boxed-list");
      gtk_widget_add_css_class (list, "yc-guide-materials");
      for (guint i = 0; i < materials->len; i++)
        gtk_list_box_append (GTK_LIST_BOX (list),
                             material_row (g_ptr_array_index (materials, i), i));
      add_section (self, materials_heading, list);
    }

  add_text_section (self, C_("guide section", "Procedure"), yc_service_item_get_procedure (self->item));
  add_text_section (self, C_("guide section", "Complaints"), yc_service_item_get_complaint_channel (self->item));

  gtk_adjustment_set_value (gtk_scrolled_window_get_vadjustment (self->scroller), 0);
  gtk_stack_set_visible_child_name (self->stack, "guide");
}

static void
toast (YcItemGuide *self,
       const char  *message)
{
  AdwToast *t = adw_toast_new (message);

  adw_toast_set_timeout (t, 5);
  adw_toast_overlay_add_toast (self->toast_overlay, t);
}

/* ------------------------------------------------------------------ printing */

static void
on_printed_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  YcLetterPrintResult outcome = yc_letter_print_finish (result, &error);

  if (outcome == YC_LETTER_PRINT_RESULT_FAILED)
    g_task_return_error (task, error);
  else
    g_task_return_int (task, outcome);
}

static void
on_written_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  YcItemGuide *self = g_task_get_source_object (task);
  PrintData *data = g_task_get_task_data (task);
  GError *error = NULL;
  GtkRoot *root;

  data->pdf = yc_guide_writer_write_finish (YC_GUIDE_WRITER (source), result, &error);
  if (data->pdf == NULL)
    {
      g_task_return_error (task, error);
      return;
    }
  root = gtk_widget_get_root (GTK_WIDGET (self));
  yc_letter_print_async (data->pdf, GTK_IS_WINDOW (root) ? GTK_WINDOW (root) : NULL,
                         &data->options, g_task_get_cancellable (task), on_printed_cb,
                         g_object_ref (task));
}

static void
on_print_action_done_cb (GObject      *source,
                         GAsyncResult *result,
                         gpointer      user_data)
{
  YcItemGuide *self = YC_ITEM_GUIDE (source);
  g_autoptr(GError) error = NULL;
  YcLetterPrintResult outcome = yc_item_guide_print_finish (self, result, &error);

  self->printing = FALSE;
  gtk_widget_action_set_enabled (GTK_WIDGET (self), "guide.print", self->item != NULL);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (outcome == YC_LETTER_PRINT_RESULT_PRINTED)
    toast (self, _("The guide was sent to the printer."));
  else if (outcome == YC_LETTER_PRINT_RESULT_FAILED)
    {
      g_autofree char *message = g_strdup_printf (_("The guide could not be printed: %s"),
                                                  error->message);

      toast (self, message);
    }
}

static void
print_action (GtkWidget  *widget,
              const char *action_name,
              GVariant   *parameter)
{
  YcItemGuide *self = YC_ITEM_GUIDE (widget);
  g_autofree char *printer = NULL;
  YcLetterPrintOptions options = { 0 };

  if (self->item == NULL || self->printing)
    return;
  if (self->settings != NULL)
    printer = g_settings_get_string (self->settings, "printer");
  /* With a printer chosen in the preferences, straight to it; otherwise ask. */
  options.mode = printer == NULL || *printer == '\0' ? YC_LETTER_PRINT_WITH_DIALOG
                                                     : YC_LETTER_PRINT_DIRECT;
  options.printer = printer;
  options.copies = 1;
  self->printing = TRUE;
  gtk_widget_action_set_enabled (widget, "guide.print", FALSE);
  yc_item_guide_print_async (self, &options, self->cancellable, on_print_action_done_cb, NULL);
}

/* ------------------------------------------------------------------ GObject */

static void
yc_item_guide_dispose (GObject *object)
{
  YcItemGuide *self = YC_ITEM_GUIDE (object);

  g_cancellable_cancel (self->cancellable);
  g_clear_object (&self->cancellable);
  /* AdwBin unparents its child itself: take it out first, then forget the template's. */
  adw_bin_set_child (ADW_BIN (self), NULL);
  gtk_widget_dispose_template (GTK_WIDGET (self), YC_TYPE_ITEM_GUIDE);
  g_clear_object (&self->item);
  g_clear_object (&self->settings);
  g_clear_object (&self->writer);
  g_clear_pointer (&self->department_names, g_hash_table_unref);
  g_clear_pointer (&self->centre, g_free);

  G_OBJECT_CLASS (yc_item_guide_parent_class)->dispose (object);
}

static void
yc_item_guide_class_init (YcItemGuideClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_item_guide_dispose;

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-item-guide.ui");
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, toast_overlay);
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, stack);
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, scroller);
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, name_label);
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, code_label);
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, instant_tag);
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, facts);
  gtk_widget_class_bind_template_child (widget_class, YcItemGuide, sections);

  gtk_widget_class_install_action (widget_class, "guide.print", NULL, print_action);
}

static void
yc_item_guide_init (YcItemGuide *self)
{
  gtk_widget_init_template (GTK_WIDGET (self));
  self->writer = yc_guide_writer_new ();
  self->cancellable = g_cancellable_new ();
  show_item (self);
}

/* ------------------------------------------------------------------ public API */

GtkWidget *
yc_item_guide_new (void)
{
  return g_object_new (YC_TYPE_ITEM_GUIDE, NULL);
}

void
yc_item_guide_set_item (YcItemGuide   *self,
                        YcServiceItem *item)
{
  g_return_if_fail (YC_IS_ITEM_GUIDE (self));
  g_return_if_fail (item == NULL || YC_IS_SERVICE_ITEM (item));

  if (!g_set_object (&self->item, item))
    return;
  show_item (self);
}

YcServiceItem *
yc_item_guide_get_item (YcItemGuide *self)
{
  g_return_val_if_fail (YC_IS_ITEM_GUIDE (self), NULL);

  return self->item;
}

void
yc_item_guide_set_department_names (YcItemGuide *self,
                                    GHashTable  *names)
{
  g_return_if_fail (YC_IS_ITEM_GUIDE (self));

  if (names != NULL)
    g_hash_table_ref (names);
  g_clear_pointer (&self->department_names, g_hash_table_unref);
  self->department_names = names;
  show_item (self);
}

void
yc_item_guide_set_print_context (YcItemGuide *self,
                                 GSettings   *settings,
                                 const char  *centre,
                                 gboolean     training)
{
  g_return_if_fail (YC_IS_ITEM_GUIDE (self));
  g_return_if_fail (settings == NULL || G_IS_SETTINGS (settings));

  g_set_object (&self->settings, settings);
  g_free (self->centre);
  self->centre = g_strdup (centre);
  self->training = training;
}

void
yc_item_guide_print_async (YcItemGuide                *self,
                           const YcLetterPrintOptions *options,
                           GCancellable               *cancellable,
                           GAsyncReadyCallback         callback,
                           gpointer                    user_data)
{
  g_autoptr(GTask) task = NULL;
  PrintData *data;
  YcGuideInfo info = { 0 };

  g_return_if_fail (YC_IS_ITEM_GUIDE (self));
  g_return_if_fail (options != NULL);

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, yc_item_guide_print_async);
  if (self->item == NULL)
    {
      g_task_return_new_error (task, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Choose a service item first."));
      return;
    }

  data = g_new0 (PrintData, 1);
  data->options = *options;
  data->printer = g_strdup (options->printer);
  data->export_filename = g_strdup (options->export_filename);
  /* Translators: the print queue's name for a guide; %s is the item's name. */
  data->job_name = options->job_name != NULL
                   ? g_strdup (options->job_name)
                   : g_strdup_printf (_("Guide: %s"), yc_service_item_get_name (self->item));
  data->options.printer = data->printer;
  data->options.export_filename = data->export_filename;
  data->options.job_name = data->job_name;
  data->options.copies = MAX (1, options->copies);
  g_task_set_task_data (task, data, (GDestroyNotify) print_data_free);

  info.centre = self->centre;
  info.department = department_name (self);
  yc_guide_writer_write_async (self->writer, self->item, &info,
                               self->training ? YC_GUIDE_WRITE_TRAINING : YC_GUIDE_WRITE_NONE,
                               cancellable, on_written_cb, g_steal_pointer (&task));
}

YcLetterPrintResult
yc_item_guide_print_finish (YcItemGuide   *self,
                            GAsyncResult  *result,
                            GError       **error)
{
  GError *local_error = NULL;
  gssize outcome;

  g_return_val_if_fail (g_task_is_valid (result, self), YC_LETTER_PRINT_RESULT_FAILED);

  outcome = g_task_propagate_int (G_TASK (result), &local_error);
  if (local_error != NULL)
    {
      if (g_error_matches (local_error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
        {
          g_propagate_error (error, local_error);
          return YC_LETTER_PRINT_RESULT_CANCELLED;
        }
      g_propagate_error (error, local_error);
      return YC_LETTER_PRINT_RESULT_FAILED;
    }
  return (YcLetterPrintResult) outcome;
}

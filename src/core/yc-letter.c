/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter"

#include "config.h"

#include "yc-record.h"
#include "yc-letter.h"

struct _YcLetter
{
  GObject parent_instance;

  char *id;
  char *case_id;
  char *kind;
  char *number;
  char *issued_at;
  char *pdf_sha256;
  char *issued_by;
  char *workstation;
  char *reprint_of;
  GPtrArray *items;
};

G_DEFINE_FINAL_TYPE (YcLetter, yc_letter, G_TYPE_OBJECT)

static const YcField fields[] = {
  { "id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, id), YC_FIELD_DEFAULT },
  { "case_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, case_id), YC_FIELD_DEFAULT },
  { "kind", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, kind), YC_FIELD_DEFAULT },
  { "number", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, number), YC_FIELD_DEFAULT },
  { "issued_at", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, issued_at), YC_FIELD_DEFAULT },
  { "pdf_sha256", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, pdf_sha256), YC_FIELD_DEFAULT },
  { "issued_by", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, issued_by), YC_FIELD_DEFAULT },
  { "workstation", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, workstation), YC_FIELD_DEFAULT },
  { "reprint_of", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetter, reprint_of), YC_FIELD_DEFAULT },
};

enum {
  PROP_0,
  N_PROPS = 1 + G_N_ELEMENTS (fields)
};

static GParamSpec *properties[N_PROPS];

static const YcField item_fields[] = {
  { "material_id", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetterItem, material_id), YC_FIELD_DEFAULT },
  { "note", YC_FIELD_STRING, G_STRUCT_OFFSET (YcLetterItem, note), YC_FIELD_DEFAULT },
};

G_DEFINE_BOXED_TYPE (YcLetterItem, yc_letter_item, yc_letter_item_copy, yc_letter_item_free)

static gboolean
read_items (YcLetter    *self,
            JsonObject  *object,
            GError     **error)
{
  JsonArray *array;

  if (!yc_json_get_array (object, "items", NULL, &array, error))
    return FALSE;
  if (array == NULL)
    return TRUE;

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *node = json_array_get_element (array, i);
      g_autofree char *path = yc_json_path_index ("items", i);
      g_autoptr(YcLetterItem) item = g_new0 (YcLetterItem, 1);

      if (!JSON_NODE_HOLDS_OBJECT (node))
        {
          yc_json_set_type_error (error, path, "an object");
          return FALSE;
        }
      if (!yc_record_read_fields (item, item_fields, G_N_ELEMENTS (item_fields),
                                  json_node_get_object (node), path, error))
        return FALSE;
      g_ptr_array_add (self->items, g_steal_pointer (&item));
    }
  return TRUE;
}

YC_RECORD_DEFINE_PROPERTY_VFUNCS (yc_letter, YcLetter, fields, 1, properties)

static void
yc_letter_finalize (GObject *object)
{
  YcLetter *self = (YcLetter *) object;

  g_clear_pointer (&self->items, g_ptr_array_unref);

  yc_record_clear_fields (object, fields, G_N_ELEMENTS (fields));

  G_OBJECT_CLASS (yc_letter_parent_class)->finalize (object);
}

static void
yc_letter_class_init (YcLetterClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->finalize = yc_letter_finalize;
  object_class->get_property = yc_letter_get_property;
  object_class->set_property = yc_letter_set_property;

  yc_record_install_properties (object_class, fields, G_N_ELEMENTS (fields), 1, properties);
}

static void
yc_letter_init (YcLetter *self)
{
  self->items = g_ptr_array_new_with_free_func ((GDestroyNotify) yc_letter_item_free);
}

YcLetter *
yc_letter_new (void)
{
  return g_object_new (YC_TYPE_LETTER, NULL);
}

YcLetter *
yc_letter_new_from_json (JsonObject  *object,
                         GError     **error)
{
  g_autoptr(YcLetter) self = NULL;

  g_return_val_if_fail (object != NULL, NULL);

  self = yc_letter_new ();
  if (!yc_record_read_fields (self, fields, G_N_ELEMENTS (fields), object, NULL, error))
    return NULL;

  if (!read_items (self, object, error))
    return NULL;

  return g_steal_pointer (&self);
}

JsonNode *
yc_letter_to_json (YcLetter *self)
{
  g_autoptr(JsonBuilder) builder = json_builder_new ();

  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  json_builder_begin_object (builder);
  yc_record_write_fields (self, fields, G_N_ELEMENTS (fields), builder);
  json_builder_set_member_name (builder, "items");
  json_builder_begin_array (builder);
  for (guint i = 0; i < self->items->len; i++)
    {
      json_builder_begin_object (builder);
      yc_record_write_fields (g_ptr_array_index (self->items, i), item_fields,
                              G_N_ELEMENTS (item_fields), builder);
      json_builder_end_object (builder);
    }
  json_builder_end_array (builder);
  json_builder_end_object (builder);
  return json_builder_get_root (builder);
}

const char *
yc_letter_get_id (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->id;
}

const char *
yc_letter_get_case_id (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->case_id;
}

const char *
yc_letter_get_kind (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->kind;
}

const char *
yc_letter_get_number (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->number;
}

const char *
yc_letter_get_issued_at (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->issued_at;
}

const char *
yc_letter_get_pdf_sha256 (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->pdf_sha256;
}

const char *
yc_letter_get_issued_by (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->issued_by;
}

const char *
yc_letter_get_workstation (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->workstation;
}

const char *
yc_letter_get_reprint_of (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->reprint_of;
}

YcLetterItem *
yc_letter_item_new (const char *material_id,
                    const char *note)
{
  YcLetterItem *item = g_new0 (YcLetterItem, 1);

  item->material_id = g_strdup (material_id);
  item->note = g_strdup (note);
  return item;
}

YcLetterItem *
yc_letter_item_copy (const YcLetterItem *item)
{
  YcLetterItem *copy = g_new0 (YcLetterItem, 1);

  yc_record_copy_fields (copy, item, item_fields, G_N_ELEMENTS (item_fields));
  return copy;
}

void
yc_letter_item_free (YcLetterItem *item)
{
  if (item == NULL)
    return;
  yc_record_clear_fields (item, item_fields, G_N_ELEMENTS (item_fields));
  g_free (item);
}

GPtrArray *
yc_letter_get_items (YcLetter *self)
{
  g_return_val_if_fail (YC_IS_LETTER (self), NULL);

  return self->items;
}

void
yc_letter_set_items (YcLetter  *self,
                     GPtrArray *items)
{
  g_return_if_fail (YC_IS_LETTER (self));
  g_return_if_fail (items != NULL);

  g_ptr_array_set_size (self->items, 0);
  for (guint i = 0; i < items->len; i++)
    g_ptr_array_add (self->items, yc_letter_item_copy (g_ptr_array_index (items, i)));
}

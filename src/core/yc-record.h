/* SPDX-License-Identifier: GPL-3.0-or-later */
/* yc-record.h: table-driven JSON codecs and properties shared by the record classes
 * (YcCase, YcLetter, …). A record describes its flat fields once, in a YcField table; the
 * helpers here read them from JSON with strict type checks, write them back, expose them as
 * GObject properties and free them. Nested members (arrays of materials, the applicant) are
 * coded by hand in each record with the yc_json_* helpers. */
#pragma once

#include <glib-object.h>
#include <json-glib/json-glib.h>

G_BEGIN_DECLS

typedef enum {
  YC_FIELD_STRING,  /* char *, NULL <-> JSON null */
  YC_FIELD_INT,     /* int */
  YC_FIELD_BOOL,    /* gboolean */
  YC_FIELD_STRV,    /* char **, NULL-terminated, encoded as an array of strings */
} YcFieldType;

typedef enum {
  YC_FIELD_DEFAULT     = 0,
  YC_FIELD_NON_NULL    = 1 << 0, /* a NULL string is written as "" */
  YC_FIELD_OMIT_NULL   = 1 << 1, /* a NULL string is left out of the JSON */
  YC_FIELD_NO_PROPERTY = 1 << 2, /* no GObject property for this field */
} YcFieldFlags;

typedef struct {
  const char   *name;   /* JSON member name; the property name with '_' turned into '-' */
  YcFieldType   type;
  gsize         offset; /* G_STRUCT_OFFSET in the instance or plain struct */
  YcFieldFlags  flags;
} YcField;

/* Read every field present in @object into @base. A member that is missing leaves the field
 * untouched; JSON null clears a string or string array. A member of the wrong type fails with
 * G_IO_ERROR_INVALID_DATA and a message "<path>: expected <type>", where <path> is the field's
 * JSON path under @path ("applicant.name", "materials[2].state"). */
gboolean   yc_record_read_fields       (gpointer         base,
                                        const YcField   *fields,
                                        guint            n_fields,
                                        JsonObject      *object,
                                        const char      *path,
                                        GError         **error);
void       yc_record_write_fields      (gconstpointer    base,
                                        const YcField   *fields,
                                        guint            n_fields,
                                        JsonBuilder     *builder);
void       yc_record_copy_fields       (gpointer         dest,
                                        gconstpointer    src,
                                        const YcField   *fields,
                                        guint            n_fields);
void       yc_record_clear_fields      (gpointer         base,
                                        const YcField   *fields,
                                        guint            n_fields);

/* Properties: field i gets property id @first_prop_id + i, stored in @pspecs[first_prop_id + i]. */
void       yc_record_install_properties (GObjectClass   *klass,
                                         const YcField  *fields,
                                         guint           n_fields,
                                         guint           first_prop_id,
                                         GParamSpec    **pspecs);
void       yc_record_get_property      (gconstpointer    base,
                                        const YcField   *field,
                                        GValue          *value);
/* Returns TRUE if the value changed (the caller then notifies). */
gboolean   yc_record_set_property      (gpointer         base,
                                        const YcField   *field,
                                        const GValue    *value);

/* Generic GObject vfuncs for records whose properties are exactly their field table. */
#define YC_RECORD_DEFINE_PROPERTY_VFUNCS(prefix, Type, fields, first_prop_id, pspecs)          \
  static void                                                                                 \
  prefix##_get_property (GObject *object, guint prop_id, GValue *value, GParamSpec *pspec)    \
  {                                                                                           \
    if (prop_id >= (first_prop_id) && prop_id < (first_prop_id) + G_N_ELEMENTS (fields))      \
      yc_record_get_property (object, &fields[prop_id - (first_prop_id)], value);             \
    else                                                                                      \
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);                             \
  }                                                                                           \
  static void                                                                                 \
  prefix##_set_property (GObject *object, guint prop_id, const GValue *value,                 \
                         GParamSpec *pspec)                                                   \
  {                                                                                           \
    if (prop_id >= (first_prop_id) && prop_id < (first_prop_id) + G_N_ELEMENTS (fields))      \
      {                                                                                       \
        if (yc_record_set_property (object, &fields[prop_id - (first_prop_id)], value))       \
          g_object_notify_by_pspec (object, pspecs[prop_id]);                                 \
      }                                                                                       \
    else                                                                                      \
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);                             \
  }

/* JSON helpers with the same error convention. A missing member or JSON null gives NULL. */
gboolean   yc_json_get_object          (JsonObject      *object,
                                        const char      *member,
                                        const char      *path,
                                        JsonObject     **out,
                                        GError         **error);
gboolean   yc_json_get_array           (JsonObject      *object,
                                        const char      *member,
                                        const char      *path,
                                        JsonArray      **out,
                                        GError         **error);
/* "applicant" + "name" -> "applicant.name"; NULL or "" + "name" -> "name". */
char      *yc_json_path_member         (const char      *path,
                                        const char      *member);
/* "materials" + 2 -> "materials[2]". */
char      *yc_json_path_index          (const char      *path,
                                        guint            index);
/* Set @error to G_IO_ERROR_INVALID_DATA "<path>: expected <what>". */
void       yc_json_set_type_error      (GError         **error,
                                        const char      *path,
                                        const char      *what);
/* The JSON path named by a type error of the codecs, or NULL. */
char      *yc_record_error_dup_field   (const GError    *error);

/* Whether every string and member name in @node is valid UTF-8. json-glib decodes an escaped
 * lone high surrogate ("\ud83d" not followed by a low one) into bytes that are not, so a
 * tree parsed from untrusted text is checked before its strings are used. */
gboolean   yc_json_strings_valid       (JsonNode        *node);

/* Serialise a node compactly (no pretty printing). */
char      *yc_json_to_string           (JsonNode        *node,
                                        gsize           *length);

G_END_DECLS

/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-record"

#include "config.h"

#include <string.h>

#include <gio/gio.h>

#include "yc-record.h"

#define FIELD_PTR(base, field, ctype) ((ctype *) (gpointer) ((guint8 *) (base) + (field)->offset))
#define FIELD_CPTR(base, field, ctype) \
  ((ctype const *) (gconstpointer) ((const guint8 *) (base) + (field)->offset))

static const char *
type_name (YcFieldType type)
{
  switch (type)
    {
    case YC_FIELD_STRING: return "a string";
    case YC_FIELD_INT: return "an integer";
    case YC_FIELD_BOOL: return "true or false";
    case YC_FIELD_STRV: return "an array of strings";
    default: return "a value";
    }
}

void
yc_json_set_type_error (GError     **error,
                        const char  *path,
                        const char  *what)
{
  g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA, "%s: expected %s",
               path != NULL && *path != '\0' ? path : "$", what);
}

char *
yc_record_error_dup_field (const GError *error)
{
  const char *colon;

  if (error == NULL || !g_error_matches (error, G_IO_ERROR, G_IO_ERROR_INVALID_DATA))
    return NULL;
  colon = strstr (error->message, ": expected ");
  if (colon == NULL)
    return NULL;
  return g_strndup (error->message, colon - error->message);
}

char *
yc_json_path_member (const char *path,
                     const char *member)
{
  if (path == NULL || *path == '\0')
    return g_strdup (member);
  return g_strconcat (path, ".", member, NULL);
}

char *
yc_json_path_index (const char *path,
                    guint       index)
{
  return g_strdup_printf ("%s[%u]", path != NULL ? path : "", index);
}

static gboolean
is_string_node (JsonNode *node)
{
  return JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_STRING;
}

static gboolean
read_int (JsonNode *node,
          int      *out)
{
  gint64 v;

  if (!JSON_NODE_HOLDS_VALUE (node) || json_node_get_value_type (node) != G_TYPE_INT64)
    return FALSE;
  v = json_node_get_int (node);
  if (v < G_MININT || v > G_MAXINT)
    return FALSE;
  *out = (int) v;
  return TRUE;
}

gboolean
yc_record_read_fields (gpointer        base,
                       const YcField  *fields,
                       guint           n_fields,
                       JsonObject     *object,
                       const char     *path,
                       GError        **error)
{
  g_return_val_if_fail (base != NULL, FALSE);
  g_return_val_if_fail (object != NULL, FALSE);

  for (guint i = 0; i < n_fields; i++)
    {
      const YcField *field = &fields[i];
      JsonNode *node = json_object_get_member (object, field->name);
      gboolean ok = TRUE;

      if (node == NULL)
        continue;

      switch (field->type)
        {
        case YC_FIELD_STRING:
          {
            char **slot = FIELD_PTR (base, field, char *);

            if (JSON_NODE_HOLDS_NULL (node))
              g_clear_pointer (slot, g_free);
            else if (is_string_node (node))
              {
                g_free (*slot);
                *slot = g_strdup (json_node_get_string (node));
              }
            else
              ok = FALSE;
          }
          break;

        case YC_FIELD_INT:
          ok = read_int (node, FIELD_PTR (base, field, int));
          break;

        case YC_FIELD_BOOL:
          if (JSON_NODE_HOLDS_VALUE (node) && json_node_get_value_type (node) == G_TYPE_BOOLEAN)
            *FIELD_PTR (base, field, gboolean) = json_node_get_boolean (node);
          else
            ok = FALSE;
          break;

        case YC_FIELD_STRV:
          {
            char ***slot = FIELD_PTR (base, field, char **);

            if (JSON_NODE_HOLDS_NULL (node))
              g_clear_pointer (slot, g_strfreev);
            else if (JSON_NODE_HOLDS_ARRAY (node))
              {
                JsonArray *array = json_node_get_array (node);
                guint len = json_array_get_length (array);
                g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();

                for (guint j = 0; j < len; j++)
                  {
                    JsonNode *element = json_array_get_element (array, j);

                    if (!is_string_node (element))
                      {
                        g_autofree char *member = yc_json_path_member (path, field->name);
                        g_autofree char *element_path = yc_json_path_index (member, j);

                        yc_json_set_type_error (error, element_path, "a string");
                        return FALSE;
                      }
                    g_strv_builder_add (builder, json_node_get_string (element));
                  }
                g_strfreev (*slot);
                *slot = g_strv_builder_end (builder);
              }
            else
              ok = FALSE;
          }
          break;

        default:
          g_assert_not_reached ();
        }

      if (!ok)
        {
          g_autofree char *member = yc_json_path_member (path, field->name);

          yc_json_set_type_error (error, member, type_name (field->type));
          return FALSE;
        }
    }

  return TRUE;
}

void
yc_record_write_fields (gconstpointer   base,
                        const YcField  *fields,
                        guint           n_fields,
                        JsonBuilder    *builder)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const YcField *field = &fields[i];

      switch (field->type)
        {
        case YC_FIELD_STRING:
          {
            const char *s = *FIELD_CPTR (base, field, char *);

            if (s == NULL && (field->flags & YC_FIELD_OMIT_NULL))
              break;
            json_builder_set_member_name (builder, field->name);
            if (s != NULL)
              json_builder_add_string_value (builder, s);
            else if (field->flags & YC_FIELD_NON_NULL)
              json_builder_add_string_value (builder, "");
            else
              json_builder_add_null_value (builder);
          }
          break;

        case YC_FIELD_INT:
          json_builder_set_member_name (builder, field->name);
          json_builder_add_int_value (builder, *FIELD_CPTR (base, field, int));
          break;

        case YC_FIELD_BOOL:
          json_builder_set_member_name (builder, field->name);
          json_builder_add_boolean_value (builder, *FIELD_CPTR (base, field, gboolean));
          break;

        case YC_FIELD_STRV:
          {
            char * const *strv = *FIELD_CPTR (base, field, char **);

            json_builder_set_member_name (builder, field->name);
            json_builder_begin_array (builder);
            for (guint j = 0; strv != NULL && strv[j] != NULL; j++)
              json_builder_add_string_value (builder, strv[j]);
            json_builder_end_array (builder);
          }
          break;

        default:
          g_assert_not_reached ();
        }
    }
}

void
yc_record_copy_fields (gpointer        dest,
                       gconstpointer   src,
                       const YcField  *fields,
                       guint           n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const YcField *field = &fields[i];

      switch (field->type)
        {
        case YC_FIELD_STRING:
          g_free (*FIELD_PTR (dest, field, char *));
          *FIELD_PTR (dest, field, char *) = g_strdup (*FIELD_CPTR (src, field, char *));
          break;
        case YC_FIELD_INT:
          *FIELD_PTR (dest, field, int) = *FIELD_CPTR (src, field, int);
          break;
        case YC_FIELD_BOOL:
          *FIELD_PTR (dest, field, gboolean) = *FIELD_CPTR (src, field, gboolean);
          break;
        case YC_FIELD_STRV:
          g_strfreev (*FIELD_PTR (dest, field, char **));
          *FIELD_PTR (dest, field, char **) = g_strdupv (*FIELD_CPTR (src, field, char **));
          break;
        default:
          g_assert_not_reached ();
        }
    }
}

void
yc_record_clear_fields (gpointer        base,
                        const YcField  *fields,
                        guint           n_fields)
{
  for (guint i = 0; i < n_fields; i++)
    {
      const YcField *field = &fields[i];

      if (field->type == YC_FIELD_STRING)
        g_clear_pointer (FIELD_PTR (base, field, char *), g_free);
      else if (field->type == YC_FIELD_STRV)
        g_clear_pointer (FIELD_PTR (base, field, char **), g_strfreev);
    }
}

void
yc_record_install_properties (GObjectClass   *klass,
                              const YcField  *fields,
                              guint           n_fields,
                              guint           first_prop_id,
                              GParamSpec    **pspecs)
{
  const GParamFlags flags = G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY
                            | G_PARAM_STATIC_NICK | G_PARAM_STATIC_BLURB;

  for (guint i = 0; i < n_fields; i++)
    {
      const YcField *field = &fields[i];
      g_autofree char *name = NULL;
      GParamSpec *pspec;

      if (field->flags & YC_FIELD_NO_PROPERTY)
        continue;

      name = g_strdelimit (g_strdup (field->name), "_", '-');
      switch (field->type)
        {
        case YC_FIELD_STRING:
          pspec = g_param_spec_string (name, NULL, NULL, NULL, flags);
          break;
        case YC_FIELD_INT:
          pspec = g_param_spec_int (name, NULL, NULL, G_MININT, G_MAXINT, 0, flags);
          break;
        case YC_FIELD_BOOL:
          pspec = g_param_spec_boolean (name, NULL, NULL, FALSE, flags);
          break;
        case YC_FIELD_STRV:
          pspec = g_param_spec_boxed (name, NULL, NULL, G_TYPE_STRV, flags);
          break;
        default:
          g_assert_not_reached ();
        }
      pspecs[first_prop_id + i] = pspec;
      g_object_class_install_property (klass, first_prop_id + i, pspec);
    }
}

void
yc_record_get_property (gconstpointer   base,
                        const YcField  *field,
                        GValue         *value)
{
  switch (field->type)
    {
    case YC_FIELD_STRING:
      g_value_set_string (value, *FIELD_CPTR (base, field, char *));
      break;
    case YC_FIELD_INT:
      g_value_set_int (value, *FIELD_CPTR (base, field, int));
      break;
    case YC_FIELD_BOOL:
      g_value_set_boolean (value, *FIELD_CPTR (base, field, gboolean));
      break;
    case YC_FIELD_STRV:
      g_value_set_boxed (value, *FIELD_CPTR (base, field, char **));
      break;
    default:
      g_assert_not_reached ();
    }
}

static gboolean
strv_equal0 (char * const *a,
             char * const *b)
{
  if (a == NULL || b == NULL)
    return a == b;
  return g_strv_equal ((const char * const *) a, (const char * const *) b);
}

gboolean
yc_record_set_property (gpointer        base,
                        const YcField  *field,
                        const GValue   *value)
{
  switch (field->type)
    {
    case YC_FIELD_STRING:
      {
        char **slot = FIELD_PTR (base, field, char *);
        const char *v = g_value_get_string (value);

        if (g_strcmp0 (*slot, v) == 0)
          return FALSE;
        g_free (*slot);
        *slot = g_strdup (v);
        return TRUE;
      }

    case YC_FIELD_INT:
      {
        int *slot = FIELD_PTR (base, field, int);

        if (*slot == g_value_get_int (value))
          return FALSE;
        *slot = g_value_get_int (value);
        return TRUE;
      }

    case YC_FIELD_BOOL:
      {
        gboolean *slot = FIELD_PTR (base, field, gboolean);
        gboolean v = g_value_get_boolean (value) != FALSE;

        if (*slot == v)
          return FALSE;
        *slot = v;
        return TRUE;
      }

    case YC_FIELD_STRV:
      {
        char ***slot = FIELD_PTR (base, field, char **);
        char **v = g_value_get_boxed (value);

        if (strv_equal0 (*slot, v))
          return FALSE;
        g_strfreev (*slot);
        *slot = g_strdupv (v);
        return TRUE;
      }

    default:
      g_assert_not_reached ();
    }
  return FALSE;
}

gboolean
yc_json_get_object (JsonObject  *object,
                    const char  *member,
                    const char  *path,
                    JsonObject **out,
                    GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_OBJECT (node))
    {
      g_autofree char *p = yc_json_path_member (path, member);

      yc_json_set_type_error (error, p, "an object");
      return FALSE;
    }
  *out = json_node_get_object (node);
  return TRUE;
}

gboolean
yc_json_get_array (JsonObject  *object,
                   const char  *member,
                   const char  *path,
                   JsonArray  **out,
                   GError     **error)
{
  JsonNode *node = json_object_get_member (object, member);

  *out = NULL;
  if (node == NULL || JSON_NODE_HOLDS_NULL (node))
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      g_autofree char *p = yc_json_path_member (path, member);

      yc_json_set_type_error (error, p, "an array");
      return FALSE;
    }
  *out = json_node_get_array (node);
  return TRUE;
}

gboolean
yc_json_strings_valid (JsonNode *node)
{
  if (node == NULL)
    return TRUE;
  switch (json_node_get_node_type (node))
    {
    case JSON_NODE_OBJECT:
      {
        JsonObjectIter iter;
        const char *name;
        JsonNode *member;

        json_object_iter_init (&iter, json_node_get_object (node));
        while (json_object_iter_next (&iter, &name, &member))
          if (!g_utf8_validate (name, -1, NULL) || !yc_json_strings_valid (member))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_ARRAY:
      {
        JsonArray *array = json_node_get_array (node);

        for (guint i = 0; i < json_array_get_length (array); i++)
          if (!yc_json_strings_valid (json_array_get_element (array, i)))
            return FALSE;
        return TRUE;
      }
    case JSON_NODE_VALUE:
      return json_node_get_value_type (node) != G_TYPE_STRING ||
             g_utf8_validate (json_node_get_string (node), -1, NULL);
    case JSON_NODE_NULL:
    default:
      return TRUE;
    }
}

char *
yc_json_to_string (JsonNode *node,
                   gsize    *length)
{
  g_autoptr(JsonGenerator) generator = json_generator_new ();

  json_generator_set_root (generator, node);
  return json_generator_to_data (generator, length);
}

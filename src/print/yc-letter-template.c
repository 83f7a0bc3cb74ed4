/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-letter-template"

#include "config.h"

#include <stdio.h>
#include <string.h>
#include <glib/gi18n-lib.h>
#include <json-glib/json-glib.h>

#include "yc-validate.h"
#include "yc-letter-template.h"
#include "yc-record.h"

/* The fields a template may name, with what each is (for the message when one is empty). */
typedef enum {
  F_CENTRE,
  F_CENTRE_PHONE,
  F_CENTRE_ADDRESS,
  F_COMPLAINT_PHONE,
  F_HOURS,
  F_RECONSIDERATION_BODY,
  F_COURT,
  F_NUMBER,
  F_ISSUED_DATE,
  F_APPLICANT,
  F_APPLICANT_ID_NUMBER,
  F_APPLICANT_CREDIT_CODE,
  F_AGENT,
  F_ITEM,
  F_ITEM_CODE,
  F_CASE_NUMBER,
  F_RECEIVED_DATE,
  F_ACCEPTED_DATE,
  F_DUE_DATE,
  F_COMPLETED_DATE,
  F_REFUSAL_REASON,
  F_REFUSAL_BASIS,
  F_RESULT,
  F_CLERK,
  F_WINDOW,
  F_MATERIAL_COUNT,
  N_FIELDS
} Field;

static const struct {
  const char *name;
  const char *what;
} field_info[N_FIELDS] = {
  [F_CENTRE] = { "centre", N_("the centre’s name") },
  [F_CENTRE_PHONE] = { "centre_phone", N_("the centre’s phone number") },
  [F_CENTRE_ADDRESS] = { "centre_address", N_("the centre’s address") },
  [F_COMPLAINT_PHONE] = { "complaint_phone", N_("the complaint phone number") },
  [F_HOURS] = { "hours", N_("the office hours") },
  [F_RECONSIDERATION_BODY] = { "reconsideration_body",
                               N_("the body that hears administrative reconsideration") },
  [F_COURT] = { "court", N_("the court that hears an administrative lawsuit") },
  [F_NUMBER] = { "number", N_("the letter number") },
  [F_ISSUED_DATE] = { "issued_date", N_("the date of the letter") },
  [F_APPLICANT] = { "applicant", N_("the applicant’s name") },
  [F_APPLICANT_ID_NUMBER] = { "applicant_id_number", N_("the applicant’s ID number") },
  [F_APPLICANT_CREDIT_CODE] = { "applicant_credit_code",
                                N_("the applicant’s unified social credit code") },
  [F_AGENT] = { "agent", N_("the agent’s name") },
  [F_ITEM] = { "item", N_("the service item") },
  [F_ITEM_CODE] = { "item_code", N_("the service item’s code") },
  [F_CASE_NUMBER] = { "case_number", N_("the case number") },
  [F_RECEIVED_DATE] = { "received_date", N_("the date the application was received") },
  [F_ACCEPTED_DATE] = { "accepted_date", N_("the date of acceptance") },
  [F_DUE_DATE] = { "due_date", N_("the promised completion date") },
  [F_COMPLETED_DATE] = { "completed_date", N_("the date of completion") },
  [F_REFUSAL_REASON] = { "refusal_reason", N_("the reason for not accepting") },
  [F_REFUSAL_BASIS] = { "refusal_basis", N_("the legal basis for not accepting") },
  [F_RESULT] = { "result", N_("the result") },
  [F_CLERK] = { "clerk", N_("the clerk’s name") },
  [F_WINDOW] = { "window", N_("the window") },
  [F_MATERIAL_COUNT] = { "material_count", N_("the number of materials listed") },
};

/* The members of centre.json; the first ones are required. */
static const char *const centre_required[] = {
  "name", "seal_caption", "reconsideration_body", "court",
};
static const char *const centre_optional[] = {
  "letter_prefix", "phone", "complaint_phone", "address", "hours",
};

typedef struct {
  char *lead;
  char *text;
} Paragraph;

typedef struct {
  char *label;
  char *value;
} Fact;

struct _YcLetterTemplate
{
  GObject parent_instance;

  YcLetterKind kind;
  char *title;
  char *salutation;
  char *clerk_line;
  char *signature_line;
  GPtrArray *facts;        /* Fact */
  GPtrArray *sections[2];  /* Paragraph, by YcLetterSection */
  char *table_caption;
  char *table_columns[4];
  char *state_labels[2];   /* missing, defective */
  char *default_notes[2];
  char *qr_caption;
  char *qr_text;
  GHashTable *centre;      /* member → text */
};

G_DEFINE_FINAL_TYPE (YcLetterTemplate, yc_letter_template, G_TYPE_OBJECT)

G_DEFINE_QUARK (yc-letter-template-error-quark, yc_letter_template_error)

/* What loading one file needs to say where something is wrong. */
typedef struct {
  const char *file;
  const char *contents;
  gboolean used[N_FIELDS];
} Source;

static void
paragraph_free (gpointer data)
{
  Paragraph *paragraph = data;

  g_free (paragraph->lead);
  g_free (paragraph->text);
  g_free (paragraph);
}

static void
fact_free (gpointer data)
{
  Fact *fact = data;

  g_free (fact->label);
  g_free (fact->value);
  g_free (fact);
}

static int
field_lookup (const char *name,
              gsize       length)
{
  for (int i = 0; i < N_FIELDS; i++)
    if (strlen (field_info[i].name) == length && strncmp (field_info[i].name, name, length) == 0)
      return i;
  return -1;
}

/* The line of the file where @needle first occurs, or 0. */
static guint
line_of (const Source *source,
         const char   *needle)
{
  const char *at = strstr (source->contents, needle);
  guint line = 1;

  if (at == NULL)
    return 0;
  for (const char *p = source->contents; p < at; p++)
    if (*p == '\n')
      line++;
  return line;
}

/* Every {field} of @text must be known; they are noted as used. */
static gboolean
check_fields (Source      *source,
              const char  *part,
              const char  *text,
              GError     **error)
{
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *end;
      int field;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          p++;
          continue;
        }
      if (*p != '{')
        continue;

      end = strchr (p + 1, '}');
      field = end != NULL ? field_lookup (p + 1, end - p - 1) : -1;
      if (field < 0)
        {
          g_autofree char *token = g_strndup (p, end != NULL ? (gsize) (end - p + 1) : strlen (p));
          guint line = line_of (source, token);

          if (line > 0)
            g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_UNKNOWN_FIELD,
                         _("Letter template “%s”, line %u, part “%s”: unknown field “%s”."),
                         source->file, line, part, token);
          else
            g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_UNKNOWN_FIELD,
                         _("Letter template “%s”, part “%s”: unknown field “%s”."),
                         source->file, part, token);
          return FALSE;
        }
      source->used[field] = TRUE;
      p = end;
    }
  return TRUE;
}

static void
set_missing (GError       **error,
             const Source  *source,
             const char    *part)
{
  g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
               _("Letter template “%s” lacks the part “%s”, or it is not text."),
               source->file, part);
}

/* The text member @name of @object (at @part), checked for fields; NULL and no error when it
 * is absent and not @required. */
static gboolean
read_text (Source      *source,
           JsonObject  *object,
           const char  *name,
           const char  *part,
           gboolean     required,
           char       **out,
           GError     **error)
{
  JsonNode *node = json_object_get_member (object, name);

  *out = NULL;
  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
      json_node_get_value_type (node) != G_TYPE_STRING ||
      (required && *json_node_get_string (node) == '\0'))
    {
      set_missing (error, source, part);
      return FALSE;
    }
  if (!check_fields (source, part, json_node_get_string (node), error))
    return FALSE;
  *out = g_strdup (json_node_get_string (node));
  return TRUE;
}

static gboolean
check_members (Source             *source,
               JsonObject         *object,
               const char         *where,
               const char *const  *known,
               guint               n_known,
               GError            **error)
{
  g_autoptr(GList) members = json_object_get_members (object);

  for (GList *l = members; l != NULL; l = l->next)
    {
      gboolean found = FALSE;

      for (guint i = 0; i < n_known && !found; i++)
        found = g_str_equal (known[i], l->data);
      if (!found)
        {
          g_autofree char *part = where != NULL ? g_strdup_printf ("%s.%s", where,
                                                                  (const char *) l->data)
                                                : g_strdup (l->data);
          g_autofree char *quoted = g_strdup_printf ("\"%s\"", (const char *) l->data);

          g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                       _("Letter template “%s”, line %u: unknown part “%s”."),
                       source->file, line_of (source, quoted), part);
          return FALSE;
        }
    }
  return TRUE;
}

static char *
read_file (const char  *file,
           GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  char *contents = NULL;

  if (!g_file_get_contents (file, &contents, NULL, &local_error))
    {
      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_NOT_FOUND,
                   _("The letter template “%s” cannot be read: %s"), file, local_error->message);
      return NULL;
    }
  return contents;
}

/* @contents, the text of @file, as a JSON object. */
static JsonObject *
parse_file (const char  *file,
            const char  *contents,
            JsonParser  *parser,
            GError     **error)
{
  g_autoptr(GError) local_error = NULL;
  const char *bad;
  JsonNode *root;

  /* Templates are UTF-8 (and only UTF-8 makes messages that can be shown). */
  if (!g_utf8_validate (contents, -1, &bad))
    {
      guint line = 1;

      for (const char *p = contents; p < bad; p++)
        if (*p == '\n')
          line++;
      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_SYNTAX,
                   _("The letter template “%s” is not UTF-8 text (line %u)."), file, line);
      return NULL;
    }
  if (!json_parser_load_from_data (parser, contents, -1, &local_error))
    {
      /* Its message may quote a string cut inside a character. */
      g_autofree char *reason = g_utf8_make_valid (local_error->message, -1);

      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_SYNTAX,
                   _("The letter template “%s” is not valid JSON: %s"), file, reason);
      return NULL;
    }
  root = json_parser_get_root (parser);
  if (!yc_json_strings_valid (root))
    {
      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_SYNTAX,
                   _("The letter template “%s” holds an escape that makes no character."),
                   file);
      return NULL;
    }
  if (root == NULL || !JSON_NODE_HOLDS_OBJECT (root))
    {
      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_SYNTAX,
                   _("The letter template “%s” is not a JSON object."), file);
      return NULL;
    }
  return json_node_get_object (root);
}

static gboolean
read_paragraphs (YcLetterTemplate  *self,
                 Source            *source,
                 JsonObject        *object,
                 const char        *name,
                 YcLetterSection    section,
                 gboolean           required,
                 GError           **error)
{
  JsonNode *node = json_object_get_member (object, name);
  JsonArray *array;

  if (node == NULL && !required)
    return TRUE;
  if (node == NULL || !JSON_NODE_HOLDS_ARRAY (node) ||
      (required && json_array_get_length (json_node_get_array (node)) == 0))
    {
      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                   _("Letter template “%s” lacks the part “%s”, a list of paragraphs."),
                   source->file, name);
      return FALSE;
    }

  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *part = g_strdup_printf ("%s[%u]", name, i);
      Paragraph *paragraph = g_new0 (Paragraph, 1);

      g_ptr_array_add (self->sections[section], paragraph);
      if (JSON_NODE_HOLDS_VALUE (element) && json_node_get_value_type (element) == G_TYPE_STRING)
        {
          paragraph->text = g_strdup (json_node_get_string (element));
          if (!check_fields (source, part, paragraph->text, error))
            return FALSE;
        }
      else if (JSON_NODE_HOLDS_OBJECT (element))
        {
          static const char *const known[] = { "lead", "text" };
          JsonObject *member = json_node_get_object (element);
          g_autofree char *lead_part = g_strdup_printf ("%s.lead", part);
          g_autofree char *text_part = g_strdup_printf ("%s.text", part);

          if (!check_members (source, member, part, known, G_N_ELEMENTS (known), error) ||
              !read_text (source, member, "lead", lead_part, FALSE, &paragraph->lead, error) ||
              !read_text (source, member, "text", text_part, TRUE, &paragraph->text, error))
            return FALSE;
        }
      else
        {
          set_missing (error, source, part);
          return FALSE;
        }
    }
  return TRUE;
}

static gboolean
read_facts (YcLetterTemplate  *self,
            Source            *source,
            JsonObject        *object,
            GError           **error)
{
  static const char *const known[] = { "label", "value" };
  JsonNode *node = json_object_get_member (object, "facts");
  JsonArray *array;

  if (node == NULL)
    return TRUE;
  if (!JSON_NODE_HOLDS_ARRAY (node))
    {
      set_missing (error, source, "facts");
      return FALSE;
    }
  array = json_node_get_array (node);
  for (guint i = 0; i < json_array_get_length (array); i++)
    {
      JsonNode *element = json_array_get_element (array, i);
      g_autofree char *part = g_strdup_printf ("facts[%u]", i);
      g_autofree char *label_part = g_strdup_printf ("%s.label", part);
      g_autofree char *value_part = g_strdup_printf ("%s.value", part);
      Fact *fact = g_new0 (Fact, 1);

      g_ptr_array_add (self->facts, fact);
      if (!JSON_NODE_HOLDS_OBJECT (element))
        {
          set_missing (error, source, part);
          return FALSE;
        }
      if (!check_members (source, json_node_get_object (element), part, known,
                          G_N_ELEMENTS (known), error) ||
          !read_text (source, json_node_get_object (element), "label", label_part, TRUE,
                      &fact->label, error) ||
          !read_text (source, json_node_get_object (element), "value", value_part, TRUE,
                      &fact->value, error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_table (YcLetterTemplate  *self,
            Source            *source,
            JsonObject        *object,
            GError           **error)
{
  static const char *const known[] = {
    "caption", "columns", "missing", "defective", "missing_note", "defective_note",
  };
  JsonNode *node = json_object_get_member (object, "table");
  JsonObject *table;
  JsonNode *columns;

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_missing (error, source, "table");
      return FALSE;
    }
  table = json_node_get_object (node);
  if (!check_members (source, table, "table", known, G_N_ELEMENTS (known), error) ||
      !read_text (source, table, "caption", "table.caption", TRUE, &self->table_caption, error) ||
      !read_text (source, table, "missing", "table.missing", TRUE, &self->state_labels[0],
                  error) ||
      !read_text (source, table, "defective", "table.defective", TRUE, &self->state_labels[1],
                  error) ||
      !read_text (source, table, "missing_note", "table.missing_note", FALSE,
                  &self->default_notes[0], error) ||
      !read_text (source, table, "defective_note", "table.defective_note", FALSE,
                  &self->default_notes[1], error))
    return FALSE;

  columns = json_object_get_member (table, "columns");
  if (columns == NULL || !JSON_NODE_HOLDS_ARRAY (columns) ||
      json_array_get_length (json_node_get_array (columns)) != G_N_ELEMENTS (self->table_columns))
    {
      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                   _("Letter template “%s” lacks the part “%s”, a list of %u column headings."),
                   source->file, "table.columns", (guint) G_N_ELEMENTS (self->table_columns));
      return FALSE;
    }
  for (guint i = 0; i < G_N_ELEMENTS (self->table_columns); i++)
    {
      JsonNode *heading = json_array_get_element (json_node_get_array (columns), i);
      g_autofree char *part = g_strdup_printf ("table.columns[%u]", i);

      if (!JSON_NODE_HOLDS_VALUE (heading) || json_node_get_value_type (heading) != G_TYPE_STRING)
        {
          set_missing (error, source, part);
          return FALSE;
        }
      self->table_columns[i] = g_strdup (json_node_get_string (heading));
      if (!check_fields (source, part, self->table_columns[i], error))
        return FALSE;
    }
  return TRUE;
}

static gboolean
read_qr (YcLetterTemplate  *self,
         Source            *source,
         JsonObject        *object,
         GError           **error)
{
  static const char *const known[] = { "caption", "text" };
  JsonNode *node = json_object_get_member (object, "qr");

  if (node == NULL || !JSON_NODE_HOLDS_OBJECT (node))
    {
      set_missing (error, source, "qr");
      return FALSE;
    }
  return check_members (source, json_node_get_object (node), "qr", known, G_N_ELEMENTS (known),
                        error) &&
         read_text (source, json_node_get_object (node), "caption", "qr.caption", TRUE,
                    &self->qr_caption, error) &&
         read_text (source, json_node_get_object (node), "text", "qr.text", TRUE,
                    &self->qr_text, error);
}

/* The fields each kind must state somewhere (D13). */
static gboolean
check_required_fields (YcLetterTemplate  *self,
                       const Source      *source,
                       GError           **error)
{
  static const Field all[] = { F_APPLICANT, F_ITEM };
  static const Field acceptance[] = { F_CASE_NUMBER, F_ACCEPTED_DATE, F_DUE_DATE };
  static const Field refusal[] = { F_REFUSAL_REASON, F_REFUSAL_BASIS, F_RECONSIDERATION_BODY };
  static const Field completion[] = { F_CASE_NUMBER, F_RESULT };
  const Field *lists[] = { all, NULL };
  guint lengths[] = { G_N_ELEMENTS (all), 0 };

  switch (self->kind)
    {
    case YC_LETTER_KIND_ACCEPTANCE:
      lists[1] = acceptance;
      lengths[1] = G_N_ELEMENTS (acceptance);
      break;
    case YC_LETTER_KIND_REFUSAL:
      lists[1] = refusal;
      lengths[1] = G_N_ELEMENTS (refusal);
      break;
    case YC_LETTER_KIND_COMPLETION:
      lists[1] = completion;
      lengths[1] = G_N_ELEMENTS (completion);
      break;
    case YC_LETTER_KIND_NONE:
    case YC_LETTER_KIND_ONE_TIME_NOTICE:
    default:
      break;
    }

  for (guint l = 0; l < G_N_ELEMENTS (lists); l++)
    for (guint i = 0; i < lengths[l]; i++)
      if (!source->used[lists[l][i]])
        {
          g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                       _("Letter template “%s” never states “{%s}” (%s), which this letter must state."),
                       source->file, field_info[lists[l][i]].name, _(field_info[lists[l][i]].what));
          return FALSE;
        }
  return TRUE;
}

static gboolean
load_kind_file (YcLetterTemplate  *self,
                const char        *file,
                const char        *contents,
                GError           **error)
{
  static const char *const known[] = {
    "kind", "title", "facts", "salutation", "body", "table", "qr", "after", "clerk_line",
    "signature_line",
  };
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autofree char *kind = NULL;
  Source source = { file, contents, { FALSE } };
  JsonObject *root;

  root = parse_file (file, contents, parser, error);
  if (root == NULL)
    return FALSE;

  if (!check_members (&source, root, NULL, known, G_N_ELEMENTS (known), error) ||
      !read_text (&source, root, "kind", "kind", TRUE, &kind, error))
    return FALSE;
  if (yc_letter_kind_from_string (kind) != self->kind)
    {
      g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_MISSING_PART,
                   _("Letter template “%s” is for “%s” letters, not for “%s”."),
                   file, kind, yc_letter_kind_to_string (self->kind));
      return FALSE;
    }

  if (!read_text (&source, root, "title", "title", TRUE, &self->title, error) ||
      !read_facts (self, &source, root, error) ||
      !read_text (&source, root, "salutation", "salutation", TRUE, &self->salutation, error) ||
      !read_paragraphs (self, &source, root, "body", YC_LETTER_SECTION_BODY, TRUE, error) ||
      !read_paragraphs (self, &source, root, "after", YC_LETTER_SECTION_AFTER, FALSE, error) ||
      !read_text (&source, root, "clerk_line", "clerk_line", TRUE, &self->clerk_line, error) ||
      !read_text (&source, root, "signature_line", "signature_line", TRUE, &self->signature_line,
                  error))
    return FALSE;

  if (self->kind == YC_LETTER_KIND_ONE_TIME_NOTICE && !read_table (self, &source, root, error))
    return FALSE;
  if ((self->kind == YC_LETTER_KIND_ACCEPTANCE || self->kind == YC_LETTER_KIND_COMPLETION) &&
      !read_qr (self, &source, root, error))
    return FALSE;

  return check_required_fields (self, &source, error);
}

static gboolean
load_centre_file (YcLetterTemplate  *self,
                  const char        *file,
                  const char        *contents,
                  GError           **error)
{
  g_autoptr(JsonParser) parser = json_parser_new ();
  const char *known[G_N_ELEMENTS (centre_required) + G_N_ELEMENTS (centre_optional)];
  Source source = { file, contents, { FALSE } };
  JsonObject *root;
  guint n = 0;

  root = parse_file (file, contents, parser, error);
  if (root == NULL)
    return FALSE;

  for (guint i = 0; i < G_N_ELEMENTS (centre_required); i++)
    known[n++] = centre_required[i];
  for (guint i = 0; i < G_N_ELEMENTS (centre_optional); i++)
    known[n++] = centre_optional[i];
  if (!check_members (&source, root, NULL, known, n, error))
    return FALSE;

  /* The centre's own wording is literal text: it names no fields. */
  for (guint i = 0; i < n; i++)
    {
      JsonNode *node = json_object_get_member (root, known[i]);
      gboolean required = i < G_N_ELEMENTS (centre_required);

      if (node == NULL && !required)
        continue;
      if (node == NULL || !JSON_NODE_HOLDS_VALUE (node) ||
          json_node_get_value_type (node) != G_TYPE_STRING ||
          (required && *json_node_get_string (node) == '\0'))
        {
          set_missing (error, &source, known[i]);
          return FALSE;
        }
      g_hash_table_insert (self->centre, g_strdup (known[i]),
                           g_strdup (json_node_get_string (node)));
    }
  return TRUE;
}

static void
yc_letter_template_finalize (GObject *object)
{
  YcLetterTemplate *self = YC_LETTER_TEMPLATE (object);

  g_free (self->title);
  g_free (self->salutation);
  g_free (self->clerk_line);
  g_free (self->signature_line);
  g_ptr_array_unref (self->facts);
  g_ptr_array_unref (self->sections[0]);
  g_ptr_array_unref (self->sections[1]);
  g_free (self->table_caption);
  for (guint i = 0; i < G_N_ELEMENTS (self->table_columns); i++)
    g_free (self->table_columns[i]);
  for (guint i = 0; i < 2; i++)
    {
      g_free (self->state_labels[i]);
      g_free (self->default_notes[i]);
    }
  g_free (self->qr_caption);
  g_free (self->qr_text);
  g_hash_table_unref (self->centre);

  G_OBJECT_CLASS (yc_letter_template_parent_class)->finalize (object);
}

static void
yc_letter_template_class_init (YcLetterTemplateClass *klass)
{
  G_OBJECT_CLASS (klass)->finalize = yc_letter_template_finalize;
}

static void
yc_letter_template_init (YcLetterTemplate *self)
{
  self->facts = g_ptr_array_new_with_free_func (fact_free);
  self->sections[0] = g_ptr_array_new_with_free_func (paragraph_free);
  self->sections[1] = g_ptr_array_new_with_free_func (paragraph_free);
  self->centre = g_hash_table_new_full (g_str_hash, g_str_equal, g_free, g_free);
}

char *
yc_letter_templates_dir (void)
{
  const char *env = g_getenv ("YC_LETTERS_DIR");

  if (env != NULL && *env != '\0')
    return g_strdup (env);
  return g_build_filename (PKGDATADIR, "letters", NULL);
}

YcLetterTemplate *
yc_letter_template_load_files (const char    *kind_file,
                               const char    *centre_file,
                               YcLetterKind   kind,
                               GError       **error)
{
  g_autofree char *kind_text = NULL;
  g_autofree char *centre_text = NULL;
  g_autoptr(YcLetterTemplate) self = NULL;

  g_return_val_if_fail (kind_file != NULL, NULL);
  g_return_val_if_fail (centre_file != NULL, NULL);
  g_return_val_if_fail (yc_letter_kind_to_string (kind) != NULL, NULL);

  self = g_object_new (YC_TYPE_LETTER_TEMPLATE, NULL);
  self->kind = kind;
  kind_text = read_file (kind_file, error);
  if (kind_text == NULL || !load_kind_file (self, kind_file, kind_text, error))
    return NULL;
  centre_text = read_file (centre_file, error);
  if (centre_text == NULL || !load_centre_file (self, centre_file, centre_text, error))
    return NULL;
  return g_steal_pointer (&self);
}

YcLetterTemplate *
yc_letter_template_new_from_text (const char    *kind_text,
                                  const char    *centre_text,
                                  YcLetterKind   kind,
                                  GError       **error)
{
  g_autoptr(YcLetterTemplate) self = NULL;
  g_autofree char *kind_name = NULL;

  g_return_val_if_fail (kind_text != NULL, NULL);
  g_return_val_if_fail (centre_text != NULL, NULL);
  g_return_val_if_fail (yc_letter_kind_to_string (kind) != NULL, NULL);

  kind_name = g_strconcat (yc_letter_kind_to_string (kind), ".json", NULL);
  self = g_object_new (YC_TYPE_LETTER_TEMPLATE, NULL);
  self->kind = kind;
  if (!load_kind_file (self, kind_name, kind_text, error) ||
      !load_centre_file (self, "centre.json", centre_text, error))
    return NULL;
  return g_steal_pointer (&self);
}

YcLetterTemplate *
yc_letter_template_load (const char    *dir,
                         YcLetterKind   kind,
                         GError       **error)
{
  g_autofree char *default_dir = NULL;
  g_autofree char *kind_name = NULL;
  g_autofree char *kind_file = NULL;
  g_autofree char *centre_file = NULL;

  g_return_val_if_fail (yc_letter_kind_to_string (kind) != NULL, NULL);

  if (dir == NULL)
    dir = default_dir = yc_letter_templates_dir ();
  kind_name = g_strconcat (yc_letter_kind_to_string (kind), ".json", NULL);
  kind_file = g_build_filename (dir, kind_name, NULL);
  centre_file = g_build_filename (dir, "centre.json", NULL);
  return yc_letter_template_load_files (kind_file, centre_file, kind, error);
}

YcLetterKind
yc_letter_template_get_kind (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), YC_LETTER_KIND_NONE);
  return self->kind;
}

const char *
yc_letter_template_get_title (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->title;
}

const char *
yc_letter_template_get_salutation (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->salutation;
}

const char *
yc_letter_template_get_clerk_line (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->clerk_line;
}

const char *
yc_letter_template_get_signature_line (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->signature_line;
}

guint
yc_letter_template_get_n_facts (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), 0);
  return self->facts->len;
}

void
yc_letter_template_get_fact (YcLetterTemplate  *self,
                             guint              index,
                             const char       **label,
                             const char       **value)
{
  const Fact *fact;

  g_return_if_fail (YC_IS_LETTER_TEMPLATE (self));
  g_return_if_fail (index < self->facts->len);

  fact = g_ptr_array_index (self->facts, index);
  if (label != NULL)
    *label = fact->label;
  if (value != NULL)
    *value = fact->value;
}

guint
yc_letter_template_get_n_paragraphs (YcLetterTemplate *self,
                                     YcLetterSection   section)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), 0);
  g_return_val_if_fail (section <= YC_LETTER_SECTION_AFTER, 0);
  return self->sections[section]->len;
}

const char *
yc_letter_template_get_paragraph (YcLetterTemplate  *self,
                                  YcLetterSection    section,
                                  guint              index,
                                  const char       **lead)
{
  const Paragraph *paragraph;

  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  g_return_val_if_fail (section <= YC_LETTER_SECTION_AFTER, NULL);
  g_return_val_if_fail (index < self->sections[section]->len, NULL);

  paragraph = g_ptr_array_index (self->sections[section], index);
  if (lead != NULL)
    *lead = paragraph->lead;
  return paragraph->text;
}

const char *
yc_letter_template_get_table_caption (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->table_caption;
}

const char *
yc_letter_template_get_table_column (YcLetterTemplate *self,
                                     guint             index)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  g_return_val_if_fail (index < G_N_ELEMENTS (self->table_columns), NULL);
  return self->table_columns[index];
}

const char *
yc_letter_template_get_state_label (YcLetterTemplate *self,
                                    const char       *state)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->state_labels[g_strcmp0 (state, "defective") == 0 ? 1 : 0];
}

const char *
yc_letter_template_get_default_note (YcLetterTemplate *self,
                                     const char       *state)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->default_notes[g_strcmp0 (state, "defective") == 0 ? 1 : 0];
}

const char *
yc_letter_template_get_qr_caption (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->qr_caption;
}

const char *
yc_letter_template_get_qr_text (YcLetterTemplate *self)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  return self->qr_text;
}

const char *
yc_letter_template_get_centre (YcLetterTemplate *self,
                               const char       *member)
{
  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  g_return_val_if_fail (member != NULL, NULL);
  return g_hash_table_lookup (self->centre, member);
}

char *
yc_letter_format_date (const char *iso)
{
  g_autoptr(GDateTime) time = NULL;
  g_autoptr(GDateTime) local = NULL;
  int year, month, day;

  if (iso == NULL)
    return NULL;

  if (strlen (iso) == 10 && sscanf (iso, "%4d-%2d-%2d", &year, &month, &day) == 3 &&
      g_date_valid_dmy (day, month, year))
    return g_strdup_printf ("%d年%d月%d日", year, month, day);

  time = g_date_time_new_from_iso8601 (iso, NULL);
  if (time == NULL)
    return g_strdup (iso);
  local = g_date_time_to_local (time);
  g_date_time_get_ymd (local, &year, &month, &day);
  return g_strdup_printf ("%d年%d月%d日", year, month, day);
}

static const char *
centre_value (YcLetterTemplate *self,
              const char       *from_content,
              const char       *member)
{
  if (from_content != NULL && *from_content != '\0')
    return from_content;
  return g_hash_table_lookup (self->centre, member);
}

static char *
field_value (YcLetterTemplate      *self,
             Field                  field,
             const YcLetterContent *content)
{
  gboolean organisation = g_strcmp0 (content->applicant_kind, "organisation") == 0;
  const char *text = NULL;

  switch (field)
    {
    case F_CENTRE:
      text = centre_value (self, content->centre_name, "name");
      break;
    case F_CENTRE_PHONE:
      text = centre_value (self, content->centre_phone, "phone");
      break;
    case F_CENTRE_ADDRESS:
      text = centre_value (self, content->centre_address, "address");
      break;
    case F_COMPLAINT_PHONE:
      text = centre_value (self, content->centre_complaint_phone, "complaint_phone");
      break;
    case F_HOURS:
      text = g_hash_table_lookup (self->centre, "hours");
      break;
    case F_RECONSIDERATION_BODY:
      text = g_hash_table_lookup (self->centre, "reconsideration_body");
      break;
    case F_COURT:
      text = g_hash_table_lookup (self->centre, "court");
      break;
    case F_NUMBER:
      text = content->number;
      break;
    case F_ISSUED_DATE:
      return yc_letter_format_date (content->issued_date);
    case F_APPLICANT:
      text = content->applicant_name;
      break;
    case F_APPLICANT_ID_NUMBER:
      /* A letter leaves the hall: the number is masked even if the caller did not (D14). */
      return organisation ? NULL : yc_mask_id_number (content->applicant_id);
    case F_APPLICANT_CREDIT_CODE:
      text = organisation ? content->applicant_id : NULL;
      break;
    case F_AGENT:
      text = content->agent_name;
      break;
    case F_ITEM:
      text = content->item_name;
      break;
    case F_ITEM_CODE:
      text = content->item_code;
      break;
    case F_CASE_NUMBER:
      text = content->case_number;
      break;
    case F_RECEIVED_DATE:
      return yc_letter_format_date (content->received_date);
    case F_ACCEPTED_DATE:
      return yc_letter_format_date (content->accepted_date);
    case F_DUE_DATE:
      return yc_letter_format_date (content->due_date);
    case F_COMPLETED_DATE:
      return yc_letter_format_date (content->completed_date);
    case F_REFUSAL_REASON:
      text = content->refusal_reason;
      break;
    case F_REFUSAL_BASIS:
      text = content->refusal_basis;
      break;
    case F_RESULT:
      text = content->result;
      break;
    case F_CLERK:
      text = content->clerk_name;
      break;
    case F_WINDOW:
      text = content->window_code;
      break;
    case F_MATERIAL_COUNT:
      return g_strdup_printf ("%u", content->rows != NULL ? content->rows->len : 0);
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
  return g_strdup (text);
}

/* Stray bytes must not reach Pango, and blank is empty. */
static char *
clean_value (char *value)
{
  char *valid;

  if (value == NULL)
    return g_strdup ("");
  valid = g_utf8_make_valid (value, -1);
  g_free (value);
  g_strstrip (valid);
  return valid;
}

char *
yc_letter_template_get_value (YcLetterTemplate      *self,
                              const char            *name,
                              const YcLetterContent *content)
{
  int field;

  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (content != NULL, NULL);

  field = field_lookup (name, strlen (name));
  if (field < 0)
    return NULL;
  return clean_value (field_value (self, field, content));
}

char *
yc_letter_template_expand (YcLetterTemplate      *self,
                           const char            *text,
                           const YcLetterContent *content,
                           gboolean               allow_empty,
                           GError               **error)
{
  g_autoptr(GString) out = NULL;

  g_return_val_if_fail (YC_IS_LETTER_TEMPLATE (self), NULL);
  g_return_val_if_fail (text != NULL, NULL);
  g_return_val_if_fail (content != NULL, NULL);

  out = g_string_sized_new (strlen (text) + 64);
  for (const char *p = text; *p != '\0'; p++)
    {
      const char *end;
      g_autofree char *value = NULL;
      int field;

      if ((p[0] == '{' && p[1] == '{') || (p[0] == '}' && p[1] == '}'))
        {
          g_string_append_c (out, *p++);
          continue;
        }
      if (*p != '{')
        {
          g_string_append_c (out, *p);
          continue;
        }

      /* Templates are checked when loaded, so every field here is known. */
      end = strchr (p + 1, '}');
      g_assert (end != NULL);
      field = field_lookup (p + 1, end - p - 1);
      g_assert (field >= 0);
      value = clean_value (field_value (self, field, content));
      if (*value == '\0' && !allow_empty)
        {
          g_set_error (error, YC_LETTER_TEMPLATE_ERROR, YC_LETTER_TEMPLATE_ERROR_EMPTY_FIELD,
                       _("The letter cannot be written without %s (“{%s}”)."),
                       _(field_info[field].what), field_info[field].name);
          return NULL;
        }
      g_string_append (out, value);
      p = end;
    }
  return g_string_free (g_steal_pointer (&out), FALSE);
}

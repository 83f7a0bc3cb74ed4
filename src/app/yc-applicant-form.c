/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-applicant-form"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <string.h>

#include "yc-applicant-form.h"
#include "yc-validate.h"

/* Names (and legal representatives) longer than this are refused, never cut. */
#define MAX_NAME_CHARS 100

/* The text fields, in form order. */
typedef enum {
  F_P_NAME,
  F_P_ID_NUMBER,
  F_P_PHONE,
  F_O_NAME,
  F_O_CREDIT_CODE,
  F_O_LEGAL_REP,
  F_O_PHONE,
  F_A_NAME,
  F_A_ID_NUMBER,
  F_A_PHONE,
  F_REASON,
  N_FIELDS
} FieldId;

static const char * const field_names[N_FIELDS] = {
  "p_name", "p_id_number", "p_phone",
  "o_name", "o_credit_code", "o_legal_rep", "o_phone",
  "a_name", "a_id_number", "a_phone",
  "reason",
};

/* The order of the ID type drop-downs. */
static const char * const id_types[] = {
  "resident_id", "passport", "hk_macao_permit", "taiwan_permit", "other",
};

typedef struct {
  GtkLabel *label;
  GtkEntry *entry;
  GtkLabel *message;
  char     *problem;
  /* A check that fails (not an empty field): may be overridden with a reason. */
  gboolean  overridable;
  /* Too short so far: only worth a message once the clerk has left the field. */
  gboolean  premature;
  gboolean  touched;
  gboolean  left;
} Field;

struct _YcApplicantForm
{
  GtkWidget       parent_instance;

  Field           fields[N_FIELDS];
  gboolean        valid;
  gboolean        editable;
  gboolean        show_all;
  /* Programmatic changes do not count as the clerk's typing. */
  gboolean        filling;

  /* Template widgets */
  GtkWidget       *main_box;
  GtkToggleButton *person_button;
  GtkToggleButton *organisation_button;
  GtkStack        *kind_stack;
  GtkLabel        *p_id_type_label;
  GtkDropDown     *p_id_type_dropdown;
  GtkLabel        *a_id_type_label;
  GtkDropDown     *a_id_type_dropdown;
  GtkCheckButton  *agent_check;
  GtkRevealer     *agent_revealer;
  GtkRevealer     *override_revealer;
  GtkCheckButton  *override_check;
  GtkRevealer     *reason_revealer;
};

G_DEFINE_FINAL_TYPE (YcApplicantForm, yc_applicant_form, GTK_TYPE_WIDGET)

enum {
  PROP_0,
  PROP_VALID,
  PROP_EDITABLE,
  N_PROPS
};

static GParamSpec *properties[N_PROPS];

/* The field's text without surrounding white space; never NULL. */
static char *
field_text (YcApplicantForm *self,
            FieldId          id)
{
  return g_strstrip (g_strdup (gtk_editable_get_text (GTK_EDITABLE (self->fields[id].entry))));
}

static char *
field_text_or_null (YcApplicantForm *self,
                    FieldId          id)
{
  char *text = field_text (self, id);

  if (*text == '\0')
    g_clear_pointer (&text, g_free);
  return text;
}

static gboolean
is_person (YcApplicantForm *self)
{
  return gtk_toggle_button_get_active (self->person_button);
}

static gboolean
has_agent (YcApplicantForm *self)
{
  return gtk_check_button_get_active (self->agent_check);
}

static const char *
selected_id_type (GtkDropDown *dropdown)
{
  guint selected = gtk_drop_down_get_selected (dropdown);

  return selected < G_N_ELEMENTS (id_types) ? id_types[selected] : id_types[0];
}

static void
select_id_type (GtkDropDown *dropdown,
                const char  *id_type)
{
  guint index = 0;

  for (guint i = 0; i < G_N_ELEMENTS (id_types); i++)
    if (g_strcmp0 (id_types[i], id_type) == 0)
      index = i;
  /* A type this version does not know still shows as "other", never as a resident ID. */
  if (id_type != NULL && index == 0 && g_strcmp0 (id_type, "resident_id") != 0)
    index = G_N_ELEMENTS (id_types) - 1;
  gtk_drop_down_set_selected (dropdown, index);
}

static gboolean
is_field_relevant (YcApplicantForm *self,
                   FieldId          id)
{
  switch (id)
    {
    case F_P_NAME: case F_P_ID_NUMBER: case F_P_PHONE:
      return is_person (self);
    case F_O_NAME: case F_O_CREDIT_CODE: case F_O_LEGAL_REP: case F_O_PHONE:
      return !is_person (self);
    case F_A_NAME: case F_A_ID_NUMBER: case F_A_PHONE:
      return has_agent (self);
    case F_REASON:
      return gtk_check_button_get_active (self->override_check);
    case N_FIELDS:
    default:
      g_assert_not_reached ();
    }
}

static gboolean
all_chars (const char *text,
           gboolean  (*accept) (char c))
{
  for (const char *p = text; *p; p++)
    if (!accept (*p))
      return FALSE;
  return TRUE;
}

static gboolean
is_ascii_alnum (char c)
{
  return g_ascii_isalnum (c);
}

static gboolean
is_ascii_digit (char c)
{
  return g_ascii_isdigit (c);
}

static void
set_problem (Field      *field,
             char       *problem,
             gboolean    overridable,
             gboolean    premature)
{
  g_free (field->problem);
  field->problem = problem;
  field->overridable = problem != NULL && overridable;
  field->premature = problem != NULL && premature;
}

static void
check_name (Field      *field,
            const char *text,
            const char *empty_message)
{
  glong n = g_utf8_strlen (text, -1);

  if (n == 0)
    set_problem (field, g_strdup (empty_message), FALSE, FALSE);
  else if (n > MAX_NAME_CHARS)
    set_problem (field, g_strdup_printf (_("A name has at most %d characters; this one has %ld. "
                                           "Please shorten it."), MAX_NAME_CHARS, n),
                 FALSE, FALSE);
  else
    set_problem (field, NULL, FALSE, FALSE);
}

static void
check_id_number (Field      *field,
                 const char *id_type,
                 const char *text,
                 const char *empty_message)
{
  g_autoptr(GError) error = NULL;
  size_t len = strlen (text);

  if (len == 0)
    {
      set_problem (field, g_strdup (empty_message), FALSE, FALSE);
      return;
    }

  if (g_str_equal (id_type, "resident_id"))
    {
      if (yc_validate_resident_id (text, NULL, &error))
        set_problem (field, NULL, FALSE, FALSE);
      else
        set_problem (field, g_strdup (error->message), TRUE,
                     g_error_matches (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH) &&
                     g_utf8_strlen (text, -1) < 18);
    }
  else if (g_str_equal (id_type, "passport"))
    {
      gboolean ok = len >= 5 && len <= 17 && all_chars (text, is_ascii_alnum);

      set_problem (field, ok ? NULL : g_strdup (_("A passport number has 5 to 17 letters and "
                                                  "digits.")),
                   TRUE, len < 5 && all_chars (text, is_ascii_alnum));
    }
  else if (g_str_equal (id_type, "hk_macao_permit"))
    {
      gboolean prefix = text[0] == 'H' || text[0] == 'M' || text[0] == 'h' || text[0] == 'm';
      gboolean digits = all_chars (text + 1, is_ascii_digit);
      gboolean ok = prefix && digits && (len == 9 || len == 11);

      set_problem (field, ok ? NULL : g_strdup (_("A Hong Kong/Macao permit number is H or M "
                                                  "followed by 8 or 10 digits.")),
                   TRUE, prefix && digits && len < 11);
    }
  else if (g_str_equal (id_type, "taiwan_permit"))
    {
      gboolean ok = (len == 8 && all_chars (text, is_ascii_digit)) ||
                    (len == 10 && all_chars (text, is_ascii_alnum));

      set_problem (field, ok ? NULL : g_strdup (_("A Taiwan permit number has 8 digits, or 10 "
                                                  "characters.")),
                   TRUE, len < 10 && all_chars (text, is_ascii_alnum));
    }
  else
    set_problem (field, NULL, FALSE, FALSE);
}

static void
check_phone (Field      *field,
             const char *text)
{
  g_autoptr(GError) error = NULL;

  /* The phone is optional; one that is given must be a mainland mobile number. */
  if (*text == '\0' || yc_validate_mobile (text, &error))
    set_problem (field, NULL, FALSE, FALSE);
  else
    set_problem (field, g_strdup (error->message), FALSE,
                 g_error_matches (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH) &&
                 strlen (text) < 11 && all_chars (text, is_ascii_digit));
}

static void
check_credit_code (Field      *field,
                   const char *text)
{
  g_autoptr(GError) error = NULL;

  if (*text == '\0')
    set_problem (field, g_strdup (_("Please enter the organisation’s unified social credit code.")),
                 FALSE, FALSE);
  else if (yc_validate_credit_code (text, &error))
    set_problem (field, NULL, FALSE, FALSE);
  else
    set_problem (field, g_strdup (error->message), TRUE,
                 g_error_matches (error, YC_VALIDATE_ERROR, YC_VALIDATE_ERROR_LENGTH) &&
                 strlen (text) < 18);
}

static void
check_fields (YcApplicantForm *self)
{
  Field *f = self->fields;
  g_autofree char *p_name = field_text (self, F_P_NAME);
  g_autofree char *p_id = field_text (self, F_P_ID_NUMBER);
  g_autofree char *p_phone = field_text (self, F_P_PHONE);
  g_autofree char *o_name = field_text (self, F_O_NAME);
  g_autofree char *o_code = field_text (self, F_O_CREDIT_CODE);
  g_autofree char *o_rep = field_text (self, F_O_LEGAL_REP);
  g_autofree char *o_phone = field_text (self, F_O_PHONE);
  g_autofree char *a_name = field_text (self, F_A_NAME);
  g_autofree char *a_id = field_text (self, F_A_ID_NUMBER);
  g_autofree char *a_phone = field_text (self, F_A_PHONE);
  g_autofree char *reason = field_text (self, F_REASON);

  check_name (&f[F_P_NAME], p_name, _("Please enter the applicant’s name."));
  check_id_number (&f[F_P_ID_NUMBER], selected_id_type (self->p_id_type_dropdown), p_id,
                   _("Please enter the applicant’s ID number."));
  check_phone (&f[F_P_PHONE], p_phone);
  check_name (&f[F_O_NAME], o_name, _("Please enter the organisation’s name."));
  check_credit_code (&f[F_O_CREDIT_CODE], o_code);
  check_name (&f[F_O_LEGAL_REP], o_rep, _("Please enter the organisation’s legal representative."));
  check_phone (&f[F_O_PHONE], o_phone);
  check_name (&f[F_A_NAME], a_name, _("Please enter the agent’s name."));
  check_id_number (&f[F_A_ID_NUMBER], selected_id_type (self->a_id_type_dropdown), a_id,
                   _("Please enter the agent’s ID number."));
  check_phone (&f[F_A_PHONE], a_phone);
  set_problem (&f[F_REASON], *reason == '\0'
                             ? g_strdup (_("Please give the reason for overriding the check."))
                             : NULL, FALSE, FALSE);
}

static gboolean
is_shown (YcApplicantForm *self,
          FieldId          id)
{
  Field *f = &self->fields[id];

  return self->editable && f->problem != NULL && is_field_relevant (self, id) &&
         (self->show_all || (f->touched && (!f->premature || f->left)));
}

static void
set_css_class (GtkWidget  *widget,
               const char *name,
               gboolean    on)
{
  if (on)
    gtk_widget_add_css_class (widget, name);
  else
    gtk_widget_remove_css_class (widget, name);
}

/* Checks every field, shows the messages, and says whether the form is valid now. */
static void
revalidate (YcApplicantForm *self)
{
  gboolean overridable_shown = FALSE;
  gboolean overridable_any = FALSE;
  gboolean blocking = FALSE;
  gboolean override_ok;
  gboolean valid;

  check_fields (self);

  for (FieldId id = 0; id < F_REASON; id++)
    if (is_field_relevant (self, id) && self->fields[id].overridable)
      {
        overridable_any = TRUE;
        overridable_shown |= is_shown (self, id);
      }
  /* A reason given for one number is not a reason for the next: once the number passes, the
   * override goes (the reason stays typed in case the clerk needs it again). */
  if (!overridable_any && gtk_check_button_get_active (self->override_check))
    {
      gboolean filling = self->filling;

      self->filling = TRUE;
      gtk_check_button_set_active (self->override_check, FALSE);
      self->filling = filling;
    }
  gtk_revealer_set_reveal_child (self->override_revealer,
                                 self->editable && (overridable_shown ||
                                                    (overridable_any &&
                                                     gtk_check_button_get_active (self->override_check))));
  gtk_revealer_set_reveal_child (self->reason_revealer,
                                 gtk_check_button_get_active (self->override_check));
  override_ok = overridable_any && gtk_check_button_get_active (self->override_check) &&
                self->fields[F_REASON].problem == NULL;

  for (FieldId id = 0; id < N_FIELDS; id++)
    {
      Field *f = &self->fields[id];
      gboolean relevant = is_field_relevant (self, id);
      gboolean shown = is_shown (self, id);
      gboolean overridden = f->overridable && override_ok;

      if (id == F_REASON)
        relevant = relevant && overridable_any;
      if (relevant && f->problem != NULL && !overridden)
        blocking = TRUE;

      gtk_label_set_text (f->message, f->problem != NULL ? f->problem : "");
      gtk_widget_set_visible (GTK_WIDGET (f->message), shown);
      set_css_class (GTK_WIDGET (f->message), "error", !overridden);
      set_css_class (GTK_WIDGET (f->message), "warning", overridden);
      set_css_class (GTK_WIDGET (f->entry), "error", shown && !overridden);
      set_css_class (GTK_WIDGET (f->entry), "warning", shown && overridden);
      gtk_accessible_update_state (GTK_ACCESSIBLE (f->entry),
                                   GTK_ACCESSIBLE_STATE_INVALID,
                                   shown && !overridden ? GTK_ACCESSIBLE_INVALID_TRUE
                                                        : GTK_ACCESSIBLE_INVALID_FALSE,
                                   -1);
    }

  valid = !self->editable || !blocking;
  if (valid != self->valid)
    {
      self->valid = valid;
      g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_VALID]);
    }
}

static const char *
id_number_placeholder (const char *id_type)
{
  if (g_str_equal (id_type, "resident_id"))
    return _("18 characters, the last may be X");
  if (g_str_equal (id_type, "passport"))
    return _("5 to 17 letters and digits");
  if (g_str_equal (id_type, "hk_macao_permit"))
    return _("H or M and 8 or 10 digits");
  if (g_str_equal (id_type, "taiwan_permit"))
    return _("8 digits, or 10 characters");
  return NULL;
}

static void
update_placeholders (YcApplicantForm *self)
{
  gtk_entry_set_placeholder_text (self->fields[F_P_ID_NUMBER].entry,
                                  id_number_placeholder (selected_id_type (self->p_id_type_dropdown)));
  gtk_entry_set_placeholder_text (self->fields[F_A_ID_NUMBER].entry,
                                  id_number_placeholder (selected_id_type (self->a_id_type_dropdown)));
}

static void
on_field_changed_cb (YcApplicantForm *self,
                     GtkEditable     *editable)
{
  if (!self->filling)
    for (FieldId id = 0; id < N_FIELDS; id++)
      if (GTK_EDITABLE (self->fields[id].entry) == editable)
        self->fields[id].touched = TRUE;
  revalidate (self);
}

static void
on_field_leave_cb (YcApplicantForm          *self,
                   GtkEventControllerFocus  *controller)
{
  GtkWidget *entry = gtk_event_controller_get_widget (GTK_EVENT_CONTROLLER (controller));

  for (FieldId id = 0; id < N_FIELDS; id++)
    if (GTK_WIDGET (self->fields[id].entry) == entry)
      self->fields[id].touched = self->fields[id].left = TRUE;
  revalidate (self);
}

static void
on_id_type_changed_cb (YcApplicantForm *self)
{
  update_placeholders (self);
  revalidate (self);
}

static void
on_kind_toggled_cb (YcApplicantForm *self)
{
  gtk_stack_set_visible_child_name (self->kind_stack, is_person (self) ? "person" : "organisation");
  revalidate (self);
}

static void
on_agent_toggled_cb (YcApplicantForm *self)
{
  gtk_revealer_set_reveal_child (self->agent_revealer, has_agent (self));
  revalidate (self);
}

static void
on_override_toggled_cb (YcApplicantForm *self)
{
  revalidate (self);
  if (gtk_check_button_get_active (self->override_check) && !self->filling)
    gtk_widget_grab_focus (GTK_WIDGET (self->fields[F_REASON].entry));
}

static gboolean
yc_applicant_form_grab_focus (GtkWidget *widget)
{
  YcApplicantForm *self = YC_APPLICANT_FORM (widget);

  return gtk_widget_grab_focus (GTK_WIDGET (self->fields[is_person (self) ? F_P_NAME
                                                                           : F_O_NAME].entry));
}

static void
yc_applicant_form_dispose (GObject *object)
{
  gtk_widget_dispose_template (GTK_WIDGET (object), YC_TYPE_APPLICANT_FORM);
  G_OBJECT_CLASS (yc_applicant_form_parent_class)->dispose (object);
}

static void
yc_applicant_form_finalize (GObject *object)
{
  YcApplicantForm *self = YC_APPLICANT_FORM (object);

  for (FieldId id = 0; id < N_FIELDS; id++)
    g_free (self->fields[id].problem);
  G_OBJECT_CLASS (yc_applicant_form_parent_class)->finalize (object);
}

static void
yc_applicant_form_get_property (GObject    *object,
                                guint       prop_id,
                                GValue     *value,
                                GParamSpec *pspec)
{
  YcApplicantForm *self = YC_APPLICANT_FORM (object);

  switch (prop_id)
    {
    case PROP_VALID:
      g_value_set_boolean (value, self->valid);
      break;
    case PROP_EDITABLE:
      g_value_set_boolean (value, self->editable);
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_applicant_form_set_property (GObject      *object,
                                guint         prop_id,
                                const GValue *value,
                                GParamSpec   *pspec)
{
  YcApplicantForm *self = YC_APPLICANT_FORM (object);

  switch (prop_id)
    {
    case PROP_EDITABLE:
      yc_applicant_form_set_editable (self, g_value_get_boolean (value));
      break;
    default:
      G_OBJECT_WARN_INVALID_PROPERTY_ID (object, prop_id, pspec);
    }
}

static void
yc_applicant_form_class_init (YcApplicantFormClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);
  GtkWidgetClass *widget_class = GTK_WIDGET_CLASS (klass);

  object_class->dispose = yc_applicant_form_dispose;
  object_class->finalize = yc_applicant_form_finalize;
  object_class->get_property = yc_applicant_form_get_property;
  object_class->set_property = yc_applicant_form_set_property;
  widget_class->grab_focus = yc_applicant_form_grab_focus;

  properties[PROP_VALID] =
    g_param_spec_boolean ("valid", NULL, NULL, FALSE,
                          G_PARAM_READABLE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  properties[PROP_EDITABLE] =
    g_param_spec_boolean ("editable", NULL, NULL, TRUE,
                          G_PARAM_READWRITE | G_PARAM_EXPLICIT_NOTIFY | G_PARAM_STATIC_STRINGS);
  g_object_class_install_properties (object_class, N_PROPS, properties);

  gtk_widget_class_set_template_from_resource (widget_class,
                                               "/org/yichuang/Desk/yc-applicant-form.ui");
  for (FieldId id = 0; id < N_FIELDS; id++)
    {
      g_autofree char *label = g_strconcat (field_names[id], "_label", NULL);
      g_autofree char *entry = g_strconcat (field_names[id], "_entry", NULL);
      g_autofree char *message = g_strconcat (field_names[id], "_message", NULL);
      gssize base = G_STRUCT_OFFSET (YcApplicantForm, fields) + id * sizeof (Field);

      /* The template keeps the names it binds (g_intern_string), so they may be freed here. */
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (label), FALSE,
                                                 base + G_STRUCT_OFFSET (Field, label));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (entry), FALSE,
                                                 base + G_STRUCT_OFFSET (Field, entry));
      gtk_widget_class_bind_template_child_full (widget_class, g_intern_string (message), FALSE,
                                                 base + G_STRUCT_OFFSET (Field, message));
    }
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, main_box);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, person_button);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, organisation_button);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, kind_stack);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, p_id_type_label);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, p_id_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, a_id_type_label);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, a_id_type_dropdown);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, agent_check);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, agent_revealer);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, override_revealer);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, override_check);
  gtk_widget_class_bind_template_child (widget_class, YcApplicantForm, reason_revealer);
  gtk_widget_class_bind_template_callback (widget_class, on_field_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_id_type_changed_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_kind_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_agent_toggled_cb);
  gtk_widget_class_bind_template_callback (widget_class, on_override_toggled_cb);
  gtk_widget_class_set_layout_manager_type (widget_class, GTK_TYPE_BIN_LAYOUT);
}

/* A label as a screen reader should say it: "ID n_umber" gives "ID number", "证件号码(_U)"
 * gives "证件号码". */
static char *
plain_label (GtkLabel *label)
{
  const char *text = gtk_label_get_label (label);
  GString *plain = g_string_new (NULL);

  for (const char *p = text; *p; p++)
    {
      if (p[0] == '(' && p[1] == '_' && p[2] != '\0' && p[3] == ')')
        {
          p += 3;
          continue;
        }
      if (*p != '_')
        g_string_append_c (plain, *p);
    }
  return g_strstrip (g_string_free (plain, FALSE));
}

static void
label_control (GtkLabel  *label,
               GtkWidget *control,
               GtkWidget *message)
{
  g_autofree char *name = plain_label (label);

  gtk_label_set_mnemonic_widget (label, control);
  gtk_accessible_update_property (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_PROPERTY_LABEL, name,
                                  -1);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                  GTK_ACCESSIBLE_RELATION_LABELLED_BY, label, NULL,
                                  -1);
  if (message != NULL)
    gtk_accessible_update_relation (GTK_ACCESSIBLE (control),
                                    GTK_ACCESSIBLE_RELATION_DESCRIBED_BY, message, NULL,
                                    -1);
}

static void
yc_applicant_form_init (YcApplicantForm *self)
{
  self->editable = TRUE;
  gtk_widget_init_template (GTK_WIDGET (self));

  for (FieldId id = 0; id < N_FIELDS; id++)
    {
      Field *f = &self->fields[id];
      GtkEventController *focus = gtk_event_controller_focus_new ();

      label_control (f->label, GTK_WIDGET (f->entry), GTK_WIDGET (f->message));
      g_signal_connect_object (focus, "leave", G_CALLBACK (on_field_leave_cb), self,
                               G_CONNECT_SWAPPED);
      gtk_widget_add_controller (GTK_WIDGET (f->entry), focus);
    }
  label_control (self->p_id_type_label, GTK_WIDGET (self->p_id_type_dropdown), NULL);
  label_control (self->a_id_type_label, GTK_WIDGET (self->a_id_type_dropdown), NULL);
  gtk_accessible_update_relation (GTK_ACCESSIBLE (self->override_check),
                                  GTK_ACCESSIBLE_RELATION_DESCRIBED_BY,
                                  gtk_widget_get_prev_sibling (GTK_WIDGET (self->override_check)),
                                  NULL, -1);
  update_placeholders (self);
  revalidate (self);
}

GtkWidget *
yc_applicant_form_new (void)
{
  return g_object_new (YC_TYPE_APPLICANT_FORM, NULL);
}

gboolean
yc_applicant_form_get_valid (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), FALSE);

  return self->valid;
}

static char *
dup_id_number (YcApplicantForm *self,
               FieldId          id,
               const char      *id_type)
{
  g_autofree char *text = field_text_or_null (self, id);

  if (text == NULL)
    return NULL;
  if (g_str_equal (id_type, "resident_id"))
    return yc_normalize_id_number (text);
  /* Passport and permit numbers are printed in capitals; "other" documents stay as typed. */
  if (!g_str_equal (id_type, "other"))
    return g_ascii_strup (text, -1);
  return g_steal_pointer (&text);
}

YcParty *
yc_applicant_form_dup_applicant (YcApplicantForm *self)
{
  YcParty *party;

  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);

  party = yc_party_new ();
  if (is_person (self))
    {
      const char *id_type = selected_id_type (self->p_id_type_dropdown);

      party->kind = g_strdup ("person");
      party->name = field_text_or_null (self, F_P_NAME);
      party->id_type = g_strdup (id_type);
      party->id_number = dup_id_number (self, F_P_ID_NUMBER, id_type);
      party->phone = field_text_or_null (self, F_P_PHONE);
    }
  else
    {
      party->kind = g_strdup ("organisation");
      party->name = field_text_or_null (self, F_O_NAME);
      party->credit_code = field_text_or_null (self, F_O_CREDIT_CODE);
      party->legal_representative = field_text_or_null (self, F_O_LEGAL_REP);
      party->phone = field_text_or_null (self, F_O_PHONE);
    }
  return party;
}

YcParty *
yc_applicant_form_dup_agent (YcApplicantForm *self)
{
  const char *id_type;
  YcParty *party;

  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);

  if (!has_agent (self))
    return NULL;
  id_type = selected_id_type (self->a_id_type_dropdown);
  party = yc_party_new ();
  party->kind = g_strdup ("person");
  party->name = field_text_or_null (self, F_A_NAME);
  party->id_type = g_strdup (id_type);
  party->id_number = dup_id_number (self, F_A_ID_NUMBER, id_type);
  party->phone = field_text_or_null (self, F_A_PHONE);
  return party;
}

char *
yc_applicant_form_dup_override_reason (YcApplicantForm *self)
{
  gboolean overridable = FALSE;

  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);

  for (FieldId id = 0; id < F_REASON; id++)
    overridable |= is_field_relevant (self, id) && self->fields[id].overridable;
  if (!overridable || !gtk_check_button_get_active (self->override_check))
    return NULL;
  return field_text_or_null (self, F_REASON);
}

static void
set_field (YcApplicantForm *self,
           FieldId          id,
           const char      *text)
{
  gtk_editable_set_text (GTK_EDITABLE (self->fields[id].entry), text != NULL ? text : "");
}

void
yc_applicant_form_set_applicant (YcApplicantForm *self,
                                 const YcParty   *applicant,
                                 const YcParty   *agent)
{
  g_return_if_fail (YC_IS_APPLICANT_FORM (self));
  g_return_if_fail (applicant != NULL);

  yc_applicant_form_reset (self);
  self->filling = TRUE;
  if (g_strcmp0 (applicant->kind, "organisation") == 0)
    {
      gtk_toggle_button_set_active (self->organisation_button, TRUE);
      set_field (self, F_O_NAME, applicant->name);
      set_field (self, F_O_CREDIT_CODE, applicant->credit_code);
      set_field (self, F_O_LEGAL_REP, applicant->legal_representative);
      set_field (self, F_O_PHONE, applicant->phone);
    }
  else
    {
      gtk_toggle_button_set_active (self->person_button, TRUE);
      select_id_type (self->p_id_type_dropdown, applicant->id_type);
      set_field (self, F_P_NAME, applicant->name);
      set_field (self, F_P_ID_NUMBER, applicant->id_number);
      set_field (self, F_P_PHONE, applicant->phone);
    }
  if (agent != NULL)
    {
      gtk_check_button_set_active (self->agent_check, TRUE);
      select_id_type (self->a_id_type_dropdown, agent->id_type);
      set_field (self, F_A_NAME, agent->name);
      set_field (self, F_A_ID_NUMBER, agent->id_number);
      set_field (self, F_A_PHONE, agent->phone);
    }
  for (FieldId id = 0; id < F_REASON; id++)
    self->fields[id].touched = self->fields[id].left = TRUE;
  self->filling = FALSE;
  revalidate (self);
}

void
yc_applicant_form_set_editable (YcApplicantForm *self,
                                gboolean         editable)
{
  g_return_if_fail (YC_IS_APPLICANT_FORM (self));

  editable = !!editable;
  if (self->editable == editable)
    return;
  self->editable = editable;
  for (FieldId id = 0; id < N_FIELDS; id++)
    gtk_editable_set_editable (GTK_EDITABLE (self->fields[id].entry), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->person_button), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->organisation_button), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->p_id_type_dropdown), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->a_id_type_dropdown), editable);
  gtk_widget_set_sensitive (GTK_WIDGET (self->agent_check), editable);
  revalidate (self);
  g_object_notify_by_pspec (G_OBJECT (self), properties[PROP_EDITABLE]);
}

gboolean
yc_applicant_form_get_editable (YcApplicantForm *self)
{
  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), FALSE);

  return self->editable;
}

void
yc_applicant_form_reset (YcApplicantForm *self)
{
  g_return_if_fail (YC_IS_APPLICANT_FORM (self));

  self->filling = TRUE;
  for (FieldId id = 0; id < N_FIELDS; id++)
    set_field (self, id, NULL);
  gtk_toggle_button_set_active (self->person_button, TRUE);
  gtk_drop_down_set_selected (self->p_id_type_dropdown, 0);
  gtk_drop_down_set_selected (self->a_id_type_dropdown, 0);
  gtk_check_button_set_active (self->agent_check, FALSE);
  gtk_check_button_set_active (self->override_check, FALSE);
  for (FieldId id = 0; id < N_FIELDS; id++)
    self->fields[id].touched = self->fields[id].left = FALSE;
  self->show_all = FALSE;
  self->filling = FALSE;
  revalidate (self);
}

GStrv
yc_applicant_form_dup_problems (YcApplicantForm *self)
{
  g_autoptr(GStrvBuilder) builder = g_strv_builder_new ();
  gboolean overridable = FALSE;
  gboolean override_ok;

  g_return_val_if_fail (YC_IS_APPLICANT_FORM (self), NULL);

  if (!self->editable)
    return g_strv_builder_end (builder);
  for (FieldId id = 0; id < F_REASON; id++)
    overridable |= is_field_relevant (self, id) && self->fields[id].overridable;
  override_ok = overridable && is_field_relevant (self, F_REASON) &&
                self->fields[F_REASON].problem == NULL;
  for (FieldId id = 0; id < N_FIELDS; id++)
    {
      Field *f = &self->fields[id];
      g_autofree char *line = NULL;
      g_autofree char *label = NULL;

      if (!is_field_relevant (self, id) || f->problem == NULL ||
          (f->overridable && override_ok) || (id == F_REASON && !overridable))
        continue;
      /* Translators: a field's label and what is wrong with it, for a list of problems. */
      label = plain_label (f->label);
      line = g_strdup_printf (_("%s: %s"), label, f->problem);
      g_strv_builder_add (builder, line);
    }
  return g_strv_builder_end (builder);
}

void
yc_applicant_form_show_problems (YcApplicantForm *self)
{
  g_return_if_fail (YC_IS_APPLICANT_FORM (self));

  self->show_all = TRUE;
  revalidate (self);
}

/* SPDX-License-Identifier: GPL-3.0-or-later */
/* The intake page's two widgets on their own, as a clerk uses them: the applicant form checks
 * what is typed (D14) and lets a failing check pass only with a reason; the materials
 * checklist follows the keys (Space, 1-2-3, arrows) and keeps to the one-time notice for a
 * returning applicant (D8). Snapshots go to meson-logs/screenshots/. */
#define G_LOG_DOMAIN "test-intake-widgets"

#include "config.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <locale.h>
#include <string.h>

#include "display-support.h"
#include "yc-applicant-form.h"
#include "yc-validate.h"

/* ------------------------------------------------------------------ helpers */

static GtkWidget *
find_label (GtkWidget  *widget,
            const char *label)
{
  if (GTK_IS_LABEL (widget) && g_strcmp0 (gtk_label_get_label (GTK_LABEL (widget)), label) == 0)
    return widget;
  for (GtkWidget *child = gtk_widget_get_first_child (widget); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_label (child, label);

      if (found != NULL)
        return found;
    }
  return NULL;
}

/* The control a field label (msgid, translated here) names with its mnemonic. */
static GtkWidget *
field (GtkWidget  *root,
       const char *msgid)
{
  GtkWidget *label = find_label (root, _(msgid));

  g_assert_nonnull (label);
  g_assert_true (gtk_label_get_use_underline (GTK_LABEL (label)));
  g_assert_nonnull (gtk_label_get_mnemonic_widget (GTK_LABEL (label)));
  return gtk_label_get_mnemonic_widget (GTK_LABEL (label));
}

/* The message shown under a field: the label its entry is described by, if visible. */
static const char *
message_of (GtkWidget *entry)
{
  GtkWidget *grid = gtk_widget_get_parent (entry);
  int column, row;

  gtk_grid_query_child (GTK_GRID (grid), entry, &column, &row, NULL, NULL);
  for (GtkWidget *child = gtk_widget_get_first_child (grid); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      int c, r;

      gtk_grid_query_child (GTK_GRID (grid), child, &c, &r, NULL, NULL);
      if (c == column && r == row + 1 && GTK_IS_LABEL (child))
        return gtk_widget_get_visible (child) ? gtk_label_get_text (GTK_LABEL (child)) : NULL;
    }
  return NULL;
}

/* Types as the clerk does: one insertion per character, each a "changed". */
static void
type_text (GtkWidget  *entry,
           const char *text)
{
  gtk_widget_grab_focus (entry);
  for (const char *p = text; *p; p = g_utf8_next_char (p))
    {
      int pos = -1;
      int len = g_utf8_next_char (p) - p;

      pos = gtk_editable_get_position (GTK_EDITABLE (entry));
      gtk_editable_insert_text (GTK_EDITABLE (entry), p, len, &pos);
      gtk_editable_set_position (GTK_EDITABLE (entry), pos);
    }
}

static void
replace_text (GtkWidget  *entry,
              const char *text)
{
  gtk_widget_grab_focus (entry);
  gtk_editable_delete_text (GTK_EDITABLE (entry), 0, -1);
  type_text (entry, text);
}

static void
leave_field (GtkWidget *entry)
{
  /* Tab on, as the clerk does: the field counts as visited. */
  gtk_widget_grab_focus (entry);
  g_assert_true (gtk_widget_child_focus (GTK_WIDGET (gtk_widget_get_root (entry)),
                                         GTK_DIR_TAB_FORWARD));
  spin_for (20);
}

static void
assert_label (GtkWidget  *widget,
              const char *expected)
{
  gtk_test_accessible_assert_property (GTK_ACCESSIBLE (widget), GTK_ACCESSIBLE_PROPERTY_LABEL,
                                       expected);
}

static GtkWidget *
show_in_window (GtkWidget *child,
                int        width,
                int        height)
{
  GtkWidget *window = gtk_window_new ();
  GtkWidget *scrolled = gtk_scrolled_window_new ();
  GtkWidget *clamp = adw_clamp_new ();

  gtk_window_set_default_size (GTK_WINDOW (window), width, height);
  gtk_widget_set_margin_top (child, 24);
  gtk_widget_set_margin_bottom (child, 24);
  gtk_widget_set_margin_start (child, 18);
  gtk_widget_set_margin_end (child, 18);
  adw_clamp_set_maximum_size (ADW_CLAMP (clamp), 720);
  adw_clamp_set_child (ADW_CLAMP (clamp), child);
  gtk_scrolled_window_set_policy (GTK_SCROLLED_WINDOW (scrolled), GTK_POLICY_NEVER,
                                  GTK_POLICY_AUTOMATIC);
  gtk_scrolled_window_set_child (GTK_SCROLLED_WINDOW (scrolled), clamp);
  gtk_window_set_child (GTK_WINDOW (window), scrolled);
  gtk_window_present (GTK_WINDOW (window));
  spin_until (widget_is_mapped, child, 5000);
  spin_for (100);
  return window;
}

static void
close_window (GtkWidget *window)
{
  gtk_window_destroy (GTK_WINDOW (window));
  spin_for (50);
}

/* ------------------------------------------------------------------ applicant form */

static void
test_applicant_person (void)
{
  GtkWidget *form = yc_applicant_form_new ();
  GtkWidget *window;
  GtkWidget *name, *id_type, *id_number, *phone, *override, *reason;
  g_autofree char *good = NULL;
  g_autofree char *bad_check = NULL;
  g_autofree char *bad_date = NULL;
  g_autoptr(YcParty) party = NULL;
  g_autofree char *reason_text = NULL;
  g_auto(GStrv) problems = NULL;
  char first17[18] = "11010519491231002";

  g_object_ref_sink (form);
  window = show_in_window (form, 720, 760);
  name = field (form, N_("_Name"));
  id_type = field (form, N_("ID _type"));
  id_number = field (form, N_("ID n_umber"));
  phone = field (form, N_("_Phone"));

  /* A fresh form is not valid, yet shows no message before the clerk has typed. */
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_null (message_of (name));
  problems = yc_applicant_form_dup_problems (YC_APPLICANT_FORM (form));
  g_assert_cmpuint (g_strv_length (problems), ==, 2);
  g_clear_pointer (&problems, g_strfreev);

  /* Focus goes to the first field; every control has its accessible name. */
  g_assert_true (gtk_widget_grab_focus (form));
  g_assert_true (gtk_widget_is_focus (name) || gtk_widget_is_ancestor (
                   gtk_root_get_focus (gtk_widget_get_root (form)), name));
  assert_label (name, is_chinese () ? "姓名" : "Name");
  assert_label (id_type, is_chinese () ? "证件类型" : "ID type");
  assert_label (id_number, is_chinese () ? "证件号码" : "ID number");
  assert_label (phone, is_chinese () ? "联系电话" : "Phone");

  /* An empty mandatory field, once visited, says so and cannot be overridden. */
  leave_field (name);
  g_assert_cmpstr (message_of (name), ==, _("Please enter the applicant’s name."));
  g_assert_true (gtk_widget_has_css_class (name, "error"));
  type_text (name, "王小明");
  g_assert_null (message_of (name));
  g_assert_false (gtk_widget_has_css_class (name, "error"));

  /* A wrong check character. */
  good = g_strdup_printf ("%s%c", first17, yc_resident_id_check_char (first17));
  bad_check = g_strdup (good);
  bad_check[17] = bad_check[17] == '1' ? '2' : '1';
  type_text (id_number, bad_check);
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_nonnull (message_of (id_number));
  g_assert_true (strstr (message_of (id_number), is_chinese () ? "校验" : "check") != NULL);
  g_assert_true (gtk_widget_has_css_class (id_number, "error"));
  spin_for (300);
  save_snapshot (window, "intake-form-wrong-check");
  if (is_chinese ())
    assert_widget_tree_chinese (window, NULL);

  /* Overridden, but only with a reason. */
  override = GTK_WIDGET (find_label (form, _("_Override the check")));
  g_assert_nonnull (override);
  override = gtk_widget_get_ancestor (override, GTK_TYPE_CHECK_BUTTON);
  g_assert_true (gtk_widget_get_child_visible (override) || gtk_widget_get_mapped (override));
  gtk_check_button_set_active (GTK_CHECK_BUTTON (override), TRUE);
  reason = field (form, N_("_Reason"));
  g_assert_true (gtk_widget_has_focus (reason) ||
                 gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (form)), reason));
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_null (yc_applicant_form_dup_override_reason (YC_APPLICANT_FORM (form)));
  type_text (reason, "   ");
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  type_text (reason, "旧证件号码，公安机关已核实");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  reason_text = yc_applicant_form_dup_override_reason (YC_APPLICANT_FORM (form));
  g_assert_cmpstr (reason_text, ==, "旧证件号码，公安机关已核实");
  g_assert_true (gtk_widget_has_css_class (id_number, "warning"));
  problems = yc_applicant_form_dup_problems (YC_APPLICANT_FORM (form));
  g_assert_cmpuint (g_strv_length (problems), ==, 0);
  g_clear_pointer (&problems, g_strfreev);
  spin_for (300);
  save_snapshot (window, "intake-form-overridden");

  /* An empty name cannot be overridden, even with a reason given. */
  gtk_editable_set_text (GTK_EDITABLE (name), "");
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  problems = yc_applicant_form_dup_problems (YC_APPLICANT_FORM (form));
  g_assert_cmpuint (g_strv_length (problems), ==, 1);
  g_assert_true (g_str_has_suffix (problems[0], _("Please enter the applicant’s name.")));
  g_clear_pointer (&problems, g_strfreev);
  type_text (name, "王小明");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));

  /* A valid number needs no override: none is recorded. */
  replace_text (id_number, good);
  g_assert_null (message_of (id_number));
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_null (yc_applicant_form_dup_override_reason (YC_APPLICANT_FORM (form)));

  /* An impossible birth date (13th month). */
  bad_date = g_strdup ("11010519991332123");
  {
    g_autofree char *id = g_strdup_printf ("%s%c", bad_date, yc_resident_id_check_char (bad_date));

    replace_text (id_number, id);
  }
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_true (strstr (message_of (id_number), is_chinese () ? "出生日期" : "birth date") != NULL);
  replace_text (id_number, good);

  /* A wrong mobile number cannot be overridden. */
  type_text (phone, "23800138000");
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_nonnull (message_of (phone));
  replace_text (phone, "13800138000");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));

  /* 2,000 characters: refused with a message, and every one of them is kept. */
  {
    GString *long_name = g_string_new (NULL);

    for (int i = 0; i < 2000; i++)
      g_string_append (long_name, i % 2 ? "明" : "王");
    gtk_editable_set_text (GTK_EDITABLE (name), long_name->str);
    g_assert_cmpint (g_utf8_strlen (gtk_editable_get_text (GTK_EDITABLE (name)), -1), ==, 2000);
    g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, long_name->str);
    g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
    g_assert_nonnull (message_of (name));
    g_assert_true (strstr (message_of (name), "2000") != NULL);
    party = yc_applicant_form_dup_applicant (YC_APPLICANT_FORM (form));
    g_assert_cmpstr (party->name, ==, long_name->str);
    g_clear_pointer (&party, yc_party_free);
    spin_for (200);
    save_snapshot (window, "intake-form-long-name");
    g_string_free (long_name, TRUE);
  }
  gtk_editable_set_text (GTK_EDITABLE (name), " 王小明 ");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));

  /* A passport: its own plausible format, no resident-ID check. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (id_type), 1);
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_cmpstr (message_of (id_number), ==, _("A passport number has 5 to 17 letters and digits."));
  replace_text (id_number, "E1234");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  replace_text (id_number, "E12-345678");
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  replace_text (id_number, "EA1234567");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  party = yc_applicant_form_dup_applicant (YC_APPLICANT_FORM (form));
  g_assert_cmpstr (party->kind, ==, "person");
  g_assert_cmpstr (party->name, ==, "王小明");
  g_assert_cmpstr (party->id_type, ==, "passport");
  g_assert_cmpstr (party->id_number, ==, "EA1234567");
  g_assert_cmpstr (party->phone, ==, "13800138000");
  g_clear_pointer (&party, yc_party_free);

  /* The Hong Kong/Macao permit: H or M and 8 or 10 digits; the Taiwan permit: 8 digits or 10. */
  gtk_drop_down_set_selected (GTK_DROP_DOWN (id_type), 2);
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  replace_text (id_number, "H12345678");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  replace_text (id_number, "M1234567890");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  replace_text (id_number, "K12345678");
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  gtk_drop_down_set_selected (GTK_DROP_DOWN (id_type), 3);
  replace_text (id_number, "12345678");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  replace_text (id_number, "1234567");
  leave_field (id_number);
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_nonnull (message_of (id_number));
  replace_text (id_number, "A123456789");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));

  gtk_editable_set_text (GTK_EDITABLE (id_number), "");
  leave_field (id_number);
  g_assert_cmpstr (message_of (id_number), ==, _("Please enter the applicant’s ID number."));

  yc_applicant_form_reset (YC_APPLICANT_FORM (form));
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (name)), ==, "");
  g_assert_null (message_of (name));
  g_assert_cmpuint (gtk_drop_down_get_selected (GTK_DROP_DOWN (id_type)), ==, 0);

  close_window (window);
  g_assert_finalize_object (form);
}

static void
test_applicant_organisation_and_agent (void)
{
  GtkWidget *form = yc_applicant_form_new ();
  GtkWidget *window;
  GtkWidget *name, *code, *rep, *agent_name, *agent_number, *organisation, *agent_check;
  g_autoptr(YcParty) party = NULL;
  g_autoptr(YcParty) agent = NULL;
  char first17[18] = "91350100M000100Y4";
  char code_ok[19];
  char agent17[18] = "35010219800101123";
  g_autofree char *agent_id = NULL;

  g_object_ref_sink (form);
  window = show_in_window (form, 720, 900);

  organisation = gtk_widget_get_ancestor (find_label (form, _("Or_ganisation")),
                                          GTK_TYPE_TOGGLE_BUTTON);
  gtk_toggle_button_set_active (GTK_TOGGLE_BUTTON (organisation), TRUE);
  name = field (form, N_("Organisation _name"));
  code = field (form, N_("Unified social _credit code"));
  rep = field (form, N_("_Legal representative"));
  g_assert_true (gtk_widget_grab_focus (form));
  g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (gtk_widget_get_root (form)), name));
  assert_label (code, is_chinese () ? "统一社会信用代码" : "Unified social credit code");

  type_text (name, "福州示例科技有限公司");
  type_text (rep, "陈明");
  g_snprintf (code_ok, sizeof code_ok, "%s%c", first17, yc_credit_code_check_char (first17));
  type_text (code, code_ok);
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));

  /* I, O, S, V and Z are not used in credit codes. */
  for (const char *c = "IOSVZ"; *c; c++)
    {
      g_autofree char *bad = g_strdup (code_ok);

      bad[10] = *c;
      replace_text (code, bad);
      g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
      g_assert_nonnull (message_of (code));
      g_assert_true (gtk_widget_has_css_class (code, "error"));
    }
  spin_for (300);
  save_snapshot (window, "intake-form-credit-code");
  if (is_chinese ())
    assert_widget_tree_chinese (window, NULL);
  replace_text (code, code_ok);

  /* An agent: their own name and checked ID number. */
  agent_check = gtk_widget_get_ancestor (find_label (form, _("An _agent acts for the applicant")),
                                         GTK_TYPE_CHECK_BUTTON);
  gtk_check_button_set_active (GTK_CHECK_BUTTON (agent_check), TRUE);
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  agent_name = field (form, N_("Agent’s na_me"));
  agent_number = field (form, N_("Agent’s ID num_ber"));
  assert_label (agent_name, is_chinese () ? "代理人姓名" : "Agent’s name");
  type_text (agent_name, "林代理");
  agent_id = g_strdup_printf ("%s%c", agent17, yc_resident_id_check_char (agent17));
  type_text (agent_number, agent_id);
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  agent_id[17] = agent_id[17] == '3' ? '4' : '3';
  replace_text (agent_number, agent_id);
  g_assert_false (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  spin_for (300);
  save_snapshot (window, "intake-form-agent");

  agent_id[17] = yc_resident_id_check_char (agent17);
  replace_text (agent_number, agent_id);
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  party = yc_applicant_form_dup_applicant (YC_APPLICANT_FORM (form));
  agent = yc_applicant_form_dup_agent (YC_APPLICANT_FORM (form));
  g_assert_cmpstr (party->kind, ==, "organisation");
  g_assert_cmpstr (party->name, ==, "福州示例科技有限公司");
  g_assert_cmpstr (party->credit_code, ==, code_ok);
  g_assert_cmpstr (party->legal_representative, ==, "陈明");
  g_assert_null (party->id_number);
  g_assert_cmpstr (agent->name, ==, "林代理");
  g_assert_cmpstr (agent->id_type, ==, "resident_id");
  g_assert_cmpstr (agent->id_number, ==, agent_id);

  /* A returning applicant, shown read-only. */
  yc_applicant_form_set_applicant (YC_APPLICANT_FORM (form), party, agent);
  yc_applicant_form_set_editable (YC_APPLICANT_FORM (form), FALSE);
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_false (gtk_editable_get_editable (GTK_EDITABLE (name)));
  g_assert_cmpstr (gtk_editable_get_text (GTK_EDITABLE (code)), ==, code_ok);
  g_clear_pointer (&agent, yc_party_free);
  g_assert_nonnull ((agent = yc_applicant_form_dup_agent (YC_APPLICANT_FORM (form))));
  g_assert_cmpstr (agent->id_number, ==, agent_id);

  close_window (window);
  g_assert_finalize_object (form);
}

/* ------------------------------------------------------------------ main */

int
main (int   argc,
      char *argv[])
{
  const char *localedir = g_getenv ("YC_LOCALEDIR");
  g_autoptr(GtkCssProvider) css = NULL;

  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);
  gtk_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (display_log_writer_cb, NULL, NULL);
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);
  /* The application's style sheet, as the running application loads it. */
  css = gtk_css_provider_new ();
  gtk_css_provider_load_from_resource (css, "/org/yichuang/Desk/style.css");
  gtk_style_context_add_provider_for_display (gdk_display_get_default (),
                                              GTK_STYLE_PROVIDER (css),
                                              GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);

  g_test_add_func ("/intake-widgets/applicant/person", test_applicant_person);
  g_test_add_func ("/intake-widgets/applicant/organisation-and-agent",
                   test_applicant_organisation_and_agent);
  return g_test_run ();
}

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
#include "yc-materials-checklist.h"
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

static void
count_cb (guint *count)
{
  (*count)++;
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
  guint notified = 0;

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

  /* Tab follows the form: name, ID type, ID number, phone, then whether an agent acts. */
  {
    GtkWidget *agent_check = gtk_widget_get_ancestor (
      find_label (form, _("An _agent acts for the applicant")), GTK_TYPE_CHECK_BUTTON);
    GtkWidget *order[] = { id_type, id_number, phone, agent_check };

    gtk_widget_grab_focus (name);
    for (guint i = 0; i < G_N_ELEMENTS (order); i++)
      {
        GtkWidget *focus;

        g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
        focus = gtk_root_get_focus (GTK_ROOT (window));
        g_assert_true (focus == order[i] || gtk_widget_is_ancestor (focus, order[i]));
      }
    /* The mnemonic of a label takes the focus to its field. */
    g_assert_true (gtk_widget_mnemonic_activate (find_label (form, _("ID n_umber")), FALSE));
    g_assert_true (gtk_widget_is_ancestor (gtk_root_get_focus (GTK_ROOT (window)), id_number) ||
                   gtk_root_get_focus (GTK_ROOT (window)) == id_number);
    gtk_widget_grab_focus (name);
  }
  g_signal_connect_swapped (form, "notify::valid", G_CALLBACK (count_cb), &notified);

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
  g_assert_cmpuint (notified, ==, 0);
  type_text (reason, "旧证件号码，公安机关已核实");
  g_assert_true (yc_applicant_form_get_valid (YC_APPLICANT_FORM (form)));
  g_assert_cmpuint (notified, ==, 1);
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
  replace_text (id_number, "ea1234567");
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
  /* Before an outcome, the page shows every problem, also of fields not visited yet. */
  yc_applicant_form_show_problems (YC_APPLICANT_FORM (form));
  g_assert_cmpstr (message_of (name), ==, _("Please enter the applicant’s name."));
  g_assert_cmpstr (message_of (id_number), ==, _("Please enter the applicant’s ID number."));
  g_assert_null (message_of (phone));
  spin_for (200);
  save_snapshot (window, "intake-form-empty");

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

/* ------------------------------------------------------------------ materials checklist */

/* An item of the demo catalogue, as the store would give it. */
static YcServiceItem *
load_item (const char *code)
{
  const char *root = g_getenv ("YC_SOURCE_ROOT");
  g_autofree char *path = g_build_filename (root != NULL ? root : ".", "data", "demo",
                                            "service-items.json", NULL);
  g_autoptr(JsonParser) parser = json_parser_new ();
  g_autoptr(GError) error = NULL;
  JsonNode *top;
  JsonArray *items;

  json_parser_load_from_file (parser, path, &error);
  g_assert_no_error (error);
  top = json_parser_get_root (parser);
  items = JSON_NODE_HOLDS_ARRAY (top) ? json_node_get_array (top)
                                      : json_object_get_array_member (json_node_get_object (top),
                                                                      "items");
  for (guint i = 0; i < json_array_get_length (items); i++)
    {
      JsonObject *object = json_array_get_object_element (items, i);

      if (g_strcmp0 (json_object_get_string_member (object, "code"), code) == 0)
        {
          YcServiceItem *item = yc_service_item_new_from_json (object, &error);

          g_assert_no_error (error);
          return item;
        }
    }
  g_assert_not_reached ();
}

static GtkEventController *
key_controller (GtkWidget *checklist)
{
  GtkWidget *list = gtk_widget_get_first_child (gtk_widget_get_first_child (checklist));

  while (list != NULL && !GTK_IS_LIST_BOX (list))
    list = gtk_widget_get_next_sibling (list);
  g_assert_nonnull (list);
  {
    g_autoptr(GListModel) controllers = gtk_widget_observe_controllers (list);

    for (guint i = 0; i < g_list_model_get_n_items (controllers); i++)
      {
        g_autoptr(GtkEventController) controller = g_list_model_get_item (controllers, i);

        if (GTK_IS_EVENT_CONTROLLER_KEY (controller))
          return controller;
      }
  }
  g_assert_not_reached ();
}

/* A key press as the window delivers it to the checklist (capture phase, before the row). */
static gboolean
press (GtkWidget *checklist,
       guint      keyval)
{
  gboolean handled = FALSE;

  g_signal_emit_by_name (key_controller (checklist), "key-pressed", keyval, 0, 0, &handled);
  spin_for (10);
  return handled;
}

static GtkWidget *
focus_of (GtkWidget *widget)
{
  return gtk_root_get_focus (gtk_widget_get_root (widget));
}

static GtkWidget *
focused_row (GtkWidget *widget)
{
  GtkWidget *focus = focus_of (widget);

  return focus != NULL ? gtk_widget_get_ancestor (focus, GTK_TYPE_LIST_BOX_ROW) : NULL;
}

static GtkWidget *
row_at (GtkWidget *checklist,
        int        index)
{
  GtkWidget *row = focused_row (checklist);
  GtkListBox *list;

  if (row == NULL)
    {
      GtkWidget *child = gtk_widget_get_first_child (gtk_widget_get_first_child (checklist));

      while (!GTK_IS_LIST_BOX (child))
        child = gtk_widget_get_next_sibling (child);
      return GTK_WIDGET (gtk_list_box_get_row_at_index (GTK_LIST_BOX (child), index));
    }
  list = GTK_LIST_BOX (gtk_widget_get_parent (row));
  return GTK_WIDGET (gtk_list_box_get_row_at_index (list, index));
}

static void
assert_summary (GtkWidget *checklist,
                guint      received,
                guint      missing,
                guint      defective,
                guint      mandatory_open)
{
  g_autofree char *expected = NULL;

  if (mandatory_open > 0)
    expected = g_strdup_printf (_("%u received, %u missing, %u to be corrected "
                                  "(%u mandatory not complete)"),
                                received, missing, defective, mandatory_open);
  else
    expected = g_strdup_printf (_("%u received, %u missing, %u to be corrected "
                                  "(every mandatory material is complete)"),
                                received, missing, defective);
  g_assert_cmpstr (yc_materials_checklist_get_summary (YC_MATERIALS_CHECKLIST (checklist)), ==,
                   expected);
  /* The label shows the same sentence. */
  g_assert_nonnull (find_label (checklist, expected));
}

static char *
state_name (const char *material,
            const char *state_msgid)
{
  return g_strdup_printf (_("%s: %s"), material, _(state_msgid));
}

static void
test_checklist_keys (void)
{
  g_autoptr(YcServiceItem) item = load_item ("SCJG-001");
  YcMaterialsChecklist *list;
  GtkWidget *checklist = yc_materials_checklist_new ();
  GtkWidget *window;
  GtkWidget *row, *note;
  GPtrArray *materials = yc_service_item_get_materials (item);
  const char *first = yc_material_get_name (g_ptr_array_index (materials, 0));
  const char *second = yc_material_get_name (g_ptr_array_index (materials, 1));
  g_autoptr(GPtrArray) problems = NULL;
  g_autoptr(GPtrArray) all = NULL;
  g_autofree char *name = NULL;
  guint complete_changes = 0;
  guint ready_changes = 0;

  g_object_ref_sink (checklist);
  list = YC_MATERIALS_CHECKLIST (checklist);
  g_signal_connect_swapped (checklist, "notify::complete", G_CALLBACK (count_cb), &complete_changes);
  g_signal_connect_swapped (checklist, "notify::ready", G_CALLBACK (count_cb), &ready_changes);
  yc_materials_checklist_set_item (list, item);
  g_assert_cmpuint (complete_changes, ==, 1);
  window = show_in_window (checklist, 760, 980);

  /* Nothing is received until the clerk says so. */
  g_assert_cmpuint (materials->len, ==, 6);
  assert_summary (checklist, 0, 6, 0, 3);
  g_assert_false (yc_materials_checklist_get_complete (list));
  g_assert_true (yc_materials_checklist_get_ready (list));

  /* The first row has the focus; 1 marks it received, its accessible name says so. */
  g_assert_true (gtk_widget_grab_focus (checklist));
  row = focused_row (checklist);
  g_assert_true (row == row_at (checklist, 0));
  name = state_name (first, "Missing");
  assert_label (row, name);
  g_clear_pointer (&name, g_free);
  g_assert_true (press (checklist, GDK_KEY_1));
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-01"), ==, "received");
  name = state_name (first, "Received");
  assert_label (row, name);
  g_clear_pointer (&name, g_free);
  assert_summary (checklist, 1, 5, 0, 2);

  /* Down to the second; Space cycles missing → to be corrected, which needs a note. */
  g_assert_true (press (checklist, GDK_KEY_Down));
  g_assert_true (focused_row (checklist) == row_at (checklist, 1));
  g_assert_true (press (checklist, GDK_KEY_space));
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-02"), ==, "defective");
  g_assert_false (yc_materials_checklist_get_ready (list));
  assert_summary (checklist, 1, 4, 1, 2);

  /* Tab goes into the note; digits and Space there are text, not states. */
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  note = focus_of (checklist);
  g_assert_true (GTK_IS_TEXT (note) || GTK_IS_ENTRY (note));
  note = GTK_IS_ENTRY (note) ? note : gtk_widget_get_ancestor (note, GTK_TYPE_ENTRY);
  g_assert_nonnull (note);
  g_assert_true (gtk_widget_get_ancestor (note, GTK_TYPE_LIST_BOX_ROW) == row_at (checklist, 1));
  g_assert_true (gtk_widget_has_css_class (note, "error"));
  name = g_strdup_printf (_("Note on “%s”"), second);
  assert_label (note, name);
  g_clear_pointer (&name, g_free);
  g_assert_false (press (checklist, GDK_KEY_3));
  g_assert_false (press (checklist, GDK_KEY_space));
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-02"), ==, "defective");
  spin_for (200);
  save_snapshot (window, "checklist-note-needed");
  if (is_chinese ())
    assert_widget_tree_chinese (window, NULL);
  g_assert_cmpuint (ready_changes, ==, 1);
  type_text (note, "身份证复印件不清晰，请重新复印");
  g_assert_true (yc_materials_checklist_get_ready (list));
  g_assert_cmpuint (ready_changes, ==, 2);
  g_assert_false (gtk_widget_has_css_class (note, "error"));

  /* Tab from the note goes on to the next material, Shift+Tab back to the note. */
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_FORWARD));
  g_assert_true (focus_of (checklist) == row_at (checklist, 2));
  g_assert_true (gtk_widget_child_focus (window, GTK_DIR_TAB_BACKWARD));
  g_assert_true (gtk_widget_is_ancestor (focus_of (checklist), note));

  /* Down from the note goes to the next material; Up comes back. */
  g_assert_true (press (checklist, GDK_KEY_Down));
  g_assert_true (focused_row (checklist) == row_at (checklist, 2));
  g_assert_true (focus_of (checklist) == row_at (checklist, 2));
  g_assert_true (press (checklist, GDK_KEY_3));
  g_assert_false (yc_materials_checklist_get_ready (list));
  g_assert_true (press (checklist, GDK_KEY_2));
  g_assert_true (yc_materials_checklist_get_ready (list));
  g_assert_true (press (checklist, GDK_KEY_1));
  g_assert_true (press (checklist, GDK_KEY_Up));
  g_assert_true (focused_row (checklist) == row_at (checklist, 1));
  assert_summary (checklist, 2, 3, 1, 1);
  g_assert_false (yc_materials_checklist_get_complete (list));

  /* The one-time notice would list the missing and the defective, with notes, in order. */
  problems = yc_materials_checklist_dup_problem_materials (list);
  g_assert_cmpuint (problems->len, ==, 4);
  g_assert_cmpstr (((YcCaseMaterial *) problems->pdata[0])->material_id, ==, "SCJG-001-02");
  g_assert_cmpstr (((YcCaseMaterial *) problems->pdata[0])->state, ==, "defective");
  g_assert_cmpstr (((YcCaseMaterial *) problems->pdata[0])->note, ==, "身份证复印件不清晰，请重新复印");
  g_assert_cmpstr (((YcCaseMaterial *) problems->pdata[1])->material_id, ==, "SCJG-001-04");
  g_assert_cmpstr (((YcCaseMaterial *) problems->pdata[1])->state, ==, "missing");
  g_assert_null (((YcCaseMaterial *) problems->pdata[1])->note);
  spin_for (200);
  save_snapshot (window, "checklist-review");

  /* The mandatory ones received: complete, though optional ones are missing. */
  g_assert_true (press (checklist, GDK_KEY_1));
  g_assert_true (yc_materials_checklist_get_complete (list));
  assert_summary (checklist, 3, 3, 0, 0);
  all = yc_materials_checklist_dup_materials (list);
  g_assert_cmpuint (all->len, ==, 6);
  g_assert_cmpstr (((YcCaseMaterial *) all->pdata[1])->note, ==, "身份证复印件不清晰，请重新复印");

  /* Every control is named for a screen reader. */
  {
    GtkWidget *buttons = find_descendant (row_at (checklist, 0), GTK_TYPE_TOGGLE_BUTTON);

    name = state_name (first, "Received");
    assert_label (buttons, name);
    g_clear_pointer (&name, g_free);
  }

  /* All received at once, as the button does; reset goes back to nothing received. */
  g_assert_true (gtk_widget_activate_action (checklist, "checklist.all-received", NULL));
  assert_summary (checklist, 6, 0, 0, 0);
  yc_materials_checklist_reset (list);
  assert_summary (checklist, 0, 6, 0, 3);
  yc_materials_checklist_set_all (list, "defective");
  g_assert_false (yc_materials_checklist_get_ready (list));
  g_assert_false (yc_materials_checklist_get_complete (list));
  yc_materials_checklist_set_all (list, "missing");

  close_window (window);
  g_assert_finalize_object (checklist);
}

static void
test_checklist_returning (void)
{
  g_autoptr(YcServiceItem) item = load_item ("SCJG-001");
  g_autoptr(GPtrArray) recorded = g_ptr_array_new_with_free_func ((GDestroyNotify)
                                                                  yc_case_material_free);
  const char *asked[] = { "SCJG-001-03", "SCJG-001-06", NULL };
  YcMaterialsChecklist *list;
  GtkWidget *checklist = yc_materials_checklist_new ();
  GtkWidget *window;
  GtkWidget *locked_button;

  g_ptr_array_add (recorded, yc_case_material_new ("SCJG-001-01", NULL, "received", NULL));
  g_ptr_array_add (recorded, yc_case_material_new ("SCJG-001-02", NULL, "received", NULL));
  g_ptr_array_add (recorded, yc_case_material_new ("SCJG-001-03", NULL, "defective",
                                                   "租赁协议缺出租方签字"));
  g_ptr_array_add (recorded, yc_case_material_new ("SCJG-001-04", NULL, "missing", NULL));
  g_ptr_array_add (recorded, yc_case_material_new ("SCJG-001-05", NULL, "missing", NULL));
  g_ptr_array_add (recorded, yc_case_material_new ("SCJG-001-06", NULL, "missing",
                                                   "委托他人办理的，请提交授权委托书"));

  g_object_ref_sink (checklist);
  list = YC_MATERIALS_CHECKLIST (checklist);
  yc_materials_checklist_set_case (list, item, recorded, (GStrv) asked);
  window = show_in_window (checklist, 760, 1100);

  /* Shown as recorded; the reason for the restriction is on the screen. */
  g_assert_nonnull (find_label (checklist, _("A one-time notice was issued for this case. Only "
                                             "the materials it listed can be updated: no new "
                                             "requirement may be added after the notice.")));
  g_assert_nonnull (find_label (checklist, _("Not in the one-time notice, so it cannot be changed.")));
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-03"), ==, "defective");
  g_assert_false (yc_materials_checklist_get_complete (list));
  g_assert_true (yc_materials_checklist_get_ready (list));

  /* The focus starts on the first material the notice asked for. */
  g_assert_true (gtk_widget_grab_focus (checklist));
  g_assert_true (focused_row (checklist) == row_at (checklist, 2));

  /* A received material cannot now be found missing or defective (D8): not by keys… */
  g_assert_true (press (checklist, GDK_KEY_Up));
  g_assert_true (focused_row (checklist) == row_at (checklist, 1));
  g_assert_true (press (checklist, GDK_KEY_3));
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-02"), ==, "received");
  g_assert_true (press (checklist, GDK_KEY_space));
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-02"), ==, "received");
  /* …nor by the API, nor by the buttons, which are not offered… */
  g_assert_false (yc_materials_checklist_set_state (list, "SCJG-001-02", "missing"));
  locked_button = find_descendant (row_at (checklist, 1), GTK_TYPE_TOGGLE_BUTTON);
  g_assert_false (gtk_widget_is_sensitive (locked_button));
  /* …nor by marking all. */
  yc_materials_checklist_set_all (list, "defective");
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-01"), ==, "received");
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-04"), ==, "missing");
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-06"), ==, "defective");
  yc_materials_checklist_reset (list);
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-06"), ==, "missing");

  /* What was asked for comes in: the case is complete. */
  g_assert_true (press (checklist, GDK_KEY_Down));
  g_assert_true (focused_row (checklist) == row_at (checklist, 2));
  g_assert_true (press (checklist, GDK_KEY_1));
  g_assert_cmpstr (yc_materials_checklist_get_state (list, "SCJG-001-03"), ==, "received");
  g_assert_true (yc_materials_checklist_get_complete (list));
  spin_for (200);
  save_snapshot (window, "checklist-returning");
  if (is_chinese ())
    assert_widget_tree_chinese (window, NULL);

  close_window (window);
  g_assert_finalize_object (checklist);
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
  g_test_add_func ("/intake-widgets/checklist/keys", test_checklist_keys);
  g_test_add_func ("/intake-widgets/checklist/returning", test_checklist_returning);
  return g_test_run ();
}

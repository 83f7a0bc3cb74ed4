/* SPDX-License-Identifier: GPL-3.0-or-later */
/* Display tests of first run, sign-in and the Sync page against the real yichuang-server:
 * a clerk finds the server, signs in, sees the work page; the server goes away and the
 * header says so. Snapshots go to meson-logs/screenshots/. */
#define G_LOG_DOMAIN "test-sign-in"

#include "config.h"

#include "quiet-colord.h"

#include <adwaita.h>
#include <glib/gi18n.h>
#include <glib/gstdio.h>
#include <locale.h>

#include "e2e-support.h"
#include "yc-application.h"
#include "yc-sign-in-dialog.h"
#include "yc-sync-page.h"
#include "yc-window.h"

static YcApplication *app;
static E2eServer *server;

static void
spin_for (guint ms)
{
  gint64 end = g_get_monotonic_time () + ms * 1000;

  while (g_get_monotonic_time () < end)
    {
      while (g_main_context_iteration (NULL, FALSE))
        ;
      g_usleep (2000);
    }
}

typedef gboolean (*Predicate) (gpointer data);

static gboolean
spin_until (Predicate done, gpointer data, guint timeout_ms)
{
  gint64 end = g_get_monotonic_time () + timeout_ms * 1000;

  while (!done (data) && g_get_monotonic_time () < end)
    {
      g_main_context_iteration (NULL, FALSE);
      g_usleep (1000);
    }
  return done (data);
}

static GtkWindow *
find_toplevel (GType type)
{
  g_autoptr(GListModel) toplevels = g_object_ref (gtk_window_get_toplevels ());

  for (guint i = 0; i < g_list_model_get_n_items (toplevels); i++)
    {
      g_autoptr(GtkWindow) window = g_list_model_get_item (toplevels, i);

      if (G_TYPE_CHECK_INSTANCE_TYPE (window, type) && gtk_widget_get_visible (GTK_WIDGET (window)))
        return window;
    }
  return NULL;
}

static gboolean
sign_in_shown (gpointer data)
{
  GtkWindow *dialog = find_toplevel (YC_TYPE_SIGN_IN_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)) &&
         gtk_widget_get_width (GTK_WIDGET (dialog)) > 0;
}

static gboolean
view_is (gpointer data)
{
  YcWindow *window = YC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  return window != NULL && g_strcmp0 (yc_window_get_view (window), data) == 0;
}

static gboolean
indicator_is (gpointer data)
{
  YcWindow *window = YC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  return yc_connection_indicator_get_state (yc_window_get_connection_indicator (window)) ==
         GPOINTER_TO_INT (data);
}

static gboolean
window_ready (gpointer data)
{
  GtkWidget *window = GTK_WIDGET (gtk_application_get_active_window (GTK_APPLICATION (app)));

  return window != NULL && gtk_widget_get_mapped (window) && gtk_widget_get_width (window) > 0;
}

static const char *
lang_tag (void)
{
  const char *lang = g_getenv ("LANG");

  return lang != NULL && g_str_has_prefix (lang, "zh") ? "zh_CN" : "en";
}

static void
save_snapshot (GtkWidget  *widget,
               const char *name)
{
  const char *build_root = g_getenv ("YC_BUILD_ROOT");
  g_autofree char *dir = g_build_filename (build_root ? build_root : ".", "meson-logs", "screenshots", NULL);
  g_autofree char *file = g_strdup_printf ("%s-%s.png", name, lang_tag ());
  g_autofree char *path = g_build_filename (dir, file, NULL);
  g_autoptr(GdkPaintable) paintable = gtk_widget_paintable_new (widget);
  g_autoptr(GtkSnapshot) snapshot = NULL;
  g_autoptr(GskRenderNode) node = NULL;
  g_autoptr(GdkTexture) texture = NULL;
  int width = gtk_widget_get_width (widget), height = gtk_widget_get_height (widget);

  g_mkdir_with_parents (dir, 0755);
  /* The paintable shows what was last drawn: wait for a frame if nothing was yet. */
  for (int i = 0; i < 100; i++)
    {
      snapshot = gtk_snapshot_new ();
      gdk_paintable_snapshot (paintable, snapshot, width, height);
      node = gtk_snapshot_free_to_node (g_steal_pointer (&snapshot));
      if (node != NULL)
        break;
      g_main_context_iteration (NULL, FALSE);
      g_usleep (10000);
    }
  g_assert_nonnull (node);
  texture = gsk_renderer_render_texture (gtk_native_get_renderer (gtk_widget_get_native (widget)),
                                         node, &GRAPHENE_RECT_INIT (0, 0, width, height));
  g_assert_true (gdk_texture_save_to_png (texture, path));
  g_test_message ("snapshot: %s", path);
}

static gboolean
pending_is (gpointer data)
{
  YcWindow *window = YC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  return yc_connection_indicator_get_pending (yc_window_get_connection_indicator (window)) ==
         GPOINTER_TO_UINT (data);
}

typedef struct {
  YcCase *result;
  GError *error;
  gboolean done;
} TakeIn;

static void
on_taken_in_cb (GObject *source, GAsyncResult *result, gpointer data)
{
  TakeIn *t = data;

  t->result = yc_store_take_in_finish (YC_STORE (source), result, &t->error);
  t->done = TRUE;
}

static gboolean
take_in_done (gpointer data)
{
  return ((TakeIn *) data)->done;
}

/* An instant item from the local catalogue, every mandatory material received: what the
 * intake page does, through the same store call. */
static YcCase *
take_in_instant_case (YcStore *store)
{
  g_autoptr(GPtrArray) items = yc_store_find_service_items (store, NULL, 200, NULL);
  g_autoptr(JsonBuilder) b = json_builder_new ();
  g_autoptr(JsonNode) root = NULL;
  g_autoptr(YcCase) draft = NULL;
  g_autoptr(GError) error = NULL;
  YcServiceItem *item = NULL;
  GPtrArray *materials;
  TakeIn t = { 0 };

  g_assert_nonnull (items);
  for (guint i = 0; i < items->len && item == NULL; i++)
    if (yc_service_item_get_instant (g_ptr_array_index (items, i)))
      item = g_ptr_array_index (items, i);
  g_assert_nonnull (item);

  json_builder_begin_object (b);
  json_builder_set_member_name (b, "service_item");
  json_builder_add_string_value (b, yc_service_item_get_code (item));
  json_builder_set_member_name (b, "outcome");
  json_builder_add_string_value (b, "instant");
  json_builder_set_member_name (b, "applicant");
  json_builder_begin_object (b);
  json_builder_set_member_name (b, "kind");
  json_builder_add_string_value (b, "person");
  json_builder_set_member_name (b, "name");
  json_builder_add_string_value (b, "王小明");
  json_builder_set_member_name (b, "id_type");
  json_builder_add_string_value (b, "resident_id");
  json_builder_set_member_name (b, "id_number");
  json_builder_add_string_value (b, "11010519491231002X");
  json_builder_set_member_name (b, "phone");
  json_builder_add_string_value (b, "13800138000");
  json_builder_end_object (b);
  json_builder_set_member_name (b, "materials");
  json_builder_begin_array (b);
  materials = yc_service_item_get_materials (item);
  for (guint i = 0; i < materials->len; i++)
    {
      json_builder_begin_object (b);
      json_builder_set_member_name (b, "material_id");
      json_builder_add_string_value (b, yc_material_get_id (g_ptr_array_index (materials, i)));
      json_builder_set_member_name (b, "state");
      json_builder_add_string_value (b, "received");
      json_builder_end_object (b);
    }
  json_builder_end_array (b);
  json_builder_end_object (b);
  root = json_builder_get_root (b);

  draft = yc_case_new_from_json (json_node_get_object (root), &error);
  g_assert_no_error (error);
  yc_store_take_in_async (store, draft, NULL, on_taken_in_cb, &t);
  g_assert_true (spin_until (take_in_done, &t, 10000));
  g_assert_no_error (t.error);
  return t.result;
}


static gboolean
attention_is (gpointer data)
{
  YcWindow *window = YC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));

  return yc_connection_indicator_get_attention (yc_window_get_connection_indicator (window)) ==
         GPOINTER_TO_UINT (data);
}

static GtkWidget *
find_widget (GtkWidget  *root,
             GType       type,
             const char *css_class)
{
  if (G_TYPE_CHECK_INSTANCE_TYPE (root, type) &&
      (css_class == NULL || gtk_widget_has_css_class (root, css_class)))
    return root;

  for (GtkWidget *child = gtk_widget_get_first_child (root); child != NULL;
       child = gtk_widget_get_next_sibling (child))
    {
      GtkWidget *found = find_widget (child, type, css_class);

      if (found != NULL)
        return found;
    }
  return NULL;
}

static gboolean
message_dialog_shown (gpointer data)
{
  GtkWindow *dialog = find_toplevel (ADW_TYPE_MESSAGE_DIALOG);

  return dialog != NULL && gtk_widget_get_mapped (GTK_WIDGET (dialog)) &&
         gtk_widget_get_width (GTK_WIDGET (dialog)) > 0;
}

/* The local catalogue gets an item the server does not have (withdrawn meanwhile, say): a
 * case for it is refused by the server and must wait for the clerk on the Sync page. */
static void
withdraw_item_at_server (YcStore *store)
{
  g_autoptr(GPtrArray) items = yc_store_find_service_items (store, NULL, 200, NULL);
  g_autoptr(JsonArray) list = json_array_new ();
  g_autoptr(JsonNode) catalogue = json_node_new (JSON_NODE_ARRAY);
  g_autoptr(GError) error = NULL;

  for (guint i = 0; i < items->len; i++)
    {
      YcServiceItem *item = g_ptr_array_index (items, i);

      if (yc_service_item_get_instant (item))
        {
          g_autoptr(JsonNode) node = yc_service_item_to_json (item);
          JsonObject *object = json_node_get_object (node);

          json_object_set_string_member (object, "code", "TEST-WITHDRAWN");
          json_object_set_string_member (object, "name", "已撤销的演示事项");
          json_array_add_object_element (list, json_object_ref (object));
          break;
        }
    }
  g_assert_cmpuint (json_array_get_length (list), ==, 1);
  json_node_set_array (catalogue, list);
  g_assert_true (yc_store_apply_catalogue_sync (store, catalogue, "\"test-withdrawn\"", &error));
  g_assert_no_error (error);
}

static gboolean
dialog_has_error (gpointer data)
{
  return yc_sign_in_dialog_get_error (YC_SIGN_IN_DIALOG (data)) != NULL;
}

static void
test_first_run_and_sign_in (void)
{
  YcWindow *window;
  YcSignInDialog *dialog;
  GtkWidget *url_row;

  g_application_activate (G_APPLICATION (app));
  g_assert_true (spin_until (window_ready, NULL, 5000));
  window = YC_WINDOW (gtk_application_get_active_window (GTK_APPLICATION (app)));
  g_assert_true (spin_until (view_is, (gpointer) "setup", 5000));

  /* First run: a wrong address is explained, the right one is found and kept. */
  url_row = GTK_WIDGET (gtk_widget_get_template_child (GTK_WIDGET (window), YC_TYPE_WINDOW, "setup_url_row"));
  gtk_editable_set_text (GTK_EDITABLE (url_row), "http://127.0.0.1:1");
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.test-server", NULL));
  spin_for (1500);
  g_assert_true (view_is ((gpointer) "setup"));
  save_snapshot (GTK_WIDGET (window), "first-run-no-server");

  gtk_editable_set_text (GTK_EDITABLE (url_row), server->url);
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.test-server", NULL));
  g_assert_true (spin_until (view_is, (gpointer) "signed-out", 10000));
  {
    g_autofree char *saved = g_settings_get_string (yc_application_get_settings (app), "server-url");

    g_assert_cmpstr (saved, ==, server->url);
  }

  /* Nobody signed in here before: the sign-in dialog comes up by itself. */
  g_assert_true (spin_until (sign_in_shown, NULL, 10000));
  dialog = YC_SIGN_IN_DIALOG (find_toplevel (YC_TYPE_SIGN_IN_DIALOG));
  spin_for (100);
  save_snapshot (GTK_WIDGET (dialog), "sign-in");

  /* A wrong password is refused with the server's words. */
  yc_sign_in_dialog_submit (dialog, "clerk.li", "not-the-password");
  g_assert_true (spin_until (dialog_has_error, dialog, 10000));
  if (g_str_equal (lang_tag (), "zh_CN"))
    {
      const char *error = yc_sign_in_dialog_get_error (dialog);
      gboolean han = FALSE;

      for (const char *p = error; *p; p = g_utf8_next_char (p))
        han |= g_unichar_get_script (g_utf8_get_char (p)) == G_UNICODE_SCRIPT_HAN;
      g_assert_true (han);
    }
  save_snapshot (GTK_WIDGET (dialog), "sign-in-wrong-password");

  yc_sign_in_dialog_submit (dialog, "clerk.li", "yichuang-demo");
  g_assert_true (spin_until (view_is, (gpointer) "work", 15000));
  g_assert_true (spin_until (indicator_is, GINT_TO_POINTER (YC_CONNECTION_ONLINE), 10000));
  spin_for (500);
  save_snapshot (GTK_WIDGET (window), "work-online");

  /* The server goes away: the header says offline. */
  e2e_server_stop (server);
  g_assert_true (spin_until (indicator_is, GINT_TO_POINTER (YC_CONNECTION_OFFLINE), 20000));
  spin_for (300);
  save_snapshot (GTK_WIDGET (window), "work-offline");

  /* A change made while the server is away is saved, numbered and shown as waiting. */
  {
    YcWorkstation *workstation = yc_application_get_workstation (app);
    YcStore *store = yc_workstation_get_store (workstation);
    YcConnectionIndicator *indicator = yc_window_get_connection_indicator (window);
    g_autoptr(YcCase) saved = take_in_instant_case (store);
    g_autofree char *id = g_strdup (yc_case_get_id (saved));

    g_assert_nonnull (yc_case_get_number (saved));
    g_assert_true (g_str_has_prefix (yc_case_get_number (saved), "示政务〔"));
    g_assert_true (spin_until (pending_is, GUINT_TO_POINTER (1), 5000));
    g_assert_cmpint (yc_connection_indicator_get_state (indicator), ==, YC_CONNECTION_OFFLINE);
    g_assert_nonnull (strstr (yc_connection_indicator_get_text (indicator), "1"));
    spin_for (500);
    save_snapshot (GTK_WIDGET (window), "work-offline-waiting");

    /* The server comes back: the change arrives, once. */
    e2e_server_start (server);
    g_assert_true (spin_until (indicator_is, GINT_TO_POINTER (YC_CONNECTION_ONLINE), 40000));
    g_assert_true (spin_until (pending_is, GUINT_TO_POINTER (0), 20000));
    g_assert_cmpint (yc_store_get_sync_state (store, "case", id), ==, YC_SYNC_STATE_SYNCED);
    g_assert_cmpint (e2e_server_count_case (server, id), ==, 1);
    spin_for (300);
    save_snapshot (GTK_WIDGET (window), "work-back-online");
  }

  /* A change the server refuses waits on the Sync page with its reason; discarding asks first. */
  {
    YcStore *store = yc_workstation_get_store (yc_application_get_workstation (app));
    g_autoptr(YcCase) refused = NULL;
    GtkWidget *page;
    GtkWidget *discard;
    AdwMessageDialog *confirm;

    withdraw_item_at_server (store);
    refused = take_in_instant_case (store);
    g_assert_true (spin_until (attention_is, GUINT_TO_POINTER (1), 20000));
    page = find_widget (GTK_WIDGET (window), YC_TYPE_SYNC_PAGE, NULL);
    g_assert_nonnull (page);
    /* The clerk opens the Sync page (the Letters page comes first in the sidebar). */
    gtk_stack_set_visible_child (GTK_STACK (gtk_widget_get_parent (page)), page);
    spin_for (400);
    g_assert_cmpuint (yc_sync_page_get_n_attention_rows (YC_SYNC_PAGE (page)), ==, 1);
    save_snapshot (GTK_WIDGET (window), "sync-attention");

    discard = find_widget (page, GTK_TYPE_BUTTON, "destructive-action");
    g_assert_nonnull (discard);
    g_signal_emit_by_name (discard, "clicked");
    g_assert_true (spin_until (message_dialog_shown, NULL, 5000));
    confirm = ADW_MESSAGE_DIALOG (find_toplevel (ADW_TYPE_MESSAGE_DIALOG));
    spin_for (100);
    save_snapshot (GTK_WIDGET (confirm), "sync-discard-confirm");
    adw_message_dialog_response (confirm, "discard");
    g_assert_true (spin_until (attention_is, GUINT_TO_POINTER (0), 10000));
    g_assert_cmpint (yc_store_get_sync_state (store, "case", yc_case_get_id (refused)), ==,
                     YC_SYNC_STATE_DISCARDED);
  }

  /* Signing out goes back to the signed-out view; the keyring forgets the token. */
  g_assert_true (gtk_widget_activate_action (GTK_WIDGET (window), "win.sign-out", NULL));
  g_assert_true (spin_until (view_is, (gpointer) "signed-out", 10000));
}

/* Without a window manager (Xvfb) GTK cannot always tell a text entry it lost the focus when
 * a dialog comes up; it warns, and that warning is not about our code. */
static GLogWriterOutput
log_writer (GLogLevelFlags   level,
            const GLogField *fields,
            gsize            n_fields,
            gpointer         data)
{
  for (gsize i = 0; i < n_fields; i++)
    if (g_str_equal (fields[i].key, "MESSAGE") && fields[i].length < 0 &&
        strstr (fields[i].value, "did not receive a focus-out event") != NULL)
      return G_LOG_WRITER_HANDLED;

  return display_log_writer_cb (level, fields, n_fields, data);
}

int
main (int    argc,
      char **argv)
{
  const char *localedir = g_getenv ("YC_LOCALEDIR");
  g_autofree char *data_home = g_dir_make_tmp ("yc-test-sign-in-XXXXXX", NULL);
  int ret;

  g_setenv ("XDG_DATA_HOME", data_home, TRUE);
  setlocale (LC_ALL, "");
  bindtextdomain (GETTEXT_PACKAGE, localedir != NULL ? localedir : LOCALEDIR);
  bind_textdomain_codeset (GETTEXT_PACKAGE, "UTF-8");
  textdomain (GETTEXT_PACKAGE);

  g_test_init (&argc, &argv, NULL);
  g_log_set_writer_func (log_writer, NULL, NULL);
  gtk_init ();
  adw_init ();
  g_object_set (gtk_settings_get_default (), "gtk-enable-animations", FALSE, NULL);

  server = e2e_server_new ();

  app = g_object_new (YC_TYPE_APPLICATION,
                      "application-id", "org.yichuang.Desk.TestSignIn",
                      "flags", G_APPLICATION_NON_UNIQUE,
                      "resource-base-path", "/org/yichuang/Desk",
                      NULL);
  g_assert_true (g_application_register (G_APPLICATION (app), NULL, NULL));
  g_application_hold (G_APPLICATION (app));

  g_test_add_func ("/app/first-run-and-sign-in", test_first_run_and_sign_in);
  ret = g_test_run ();

  g_clear_pointer (&server, e2e_server_free);
  g_application_release (G_APPLICATION (app));
  g_clear_object (&app);
  return ret;
}

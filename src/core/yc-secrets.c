/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-secrets"

#include "config.h"

#include <glib/gi18n-lib.h>
#include <libsecret/secret.h>

#include "yc-secrets.h"

G_DEFINE_QUARK (yc-secrets-error-quark, yc_secrets_error)

static const SecretSchema *
yc_token_schema (void)
{
  static const SecretSchema schema = {
    "org.yichuang.Desk.Token", SECRET_SCHEMA_NONE,
    {
      { "server", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { "username", SECRET_SCHEMA_ATTRIBUTE_STRING },
      { NULL, 0 },
    }
  };

  return &schema;
}

/* Whatever libsecret says when there is no usable keyring (no service on the bus, a prompt
 * that cannot be shown, a locked collection that stays locked), the clerk hears one thing. */
static GError *
translate_error (GError *error)
{
  GError *ours;

  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return error;

  ours = g_error_new (YC_SECRETS_ERROR, YC_SECRETS_ERROR_NO_SERVICE,
                      _("The password keyring of this computer cannot be used, so you will be asked to sign in each time. (%s)"),
                      error->message);
  g_error_free (error);
  return ours;
}

static void
on_stored_cb (GObject      *source,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  if (!secret_password_store_finish (result, &error))
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
yc_secrets_store_token_async (const char          *server_url,
                              const char          *username,
                              const char          *token,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);
  g_autofree char *label = NULL;

  g_task_set_source_tag (task, yc_secrets_store_token_async);
  g_return_if_fail (server_url != NULL && username != NULL && token != NULL);

  /* Translators: the label of the keyring entry; %s is the username. */
  label = g_strdup_printf (_("Yichuang sign-in of %s"), username);
  secret_password_store (yc_token_schema (), SECRET_COLLECTION_DEFAULT, label, token,
                         cancellable, on_stored_cb, task,
                         "server", server_url,
                         "username", username,
                         NULL);
}

gboolean
yc_secrets_store_token_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

static void
on_looked_up_cb (GObject      *source,
                 GAsyncResult *result,
                 gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;
  char *token = secret_password_lookup_finish (result, &error);

  if (error != NULL)
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_pointer (task, token, (GDestroyNotify) secret_password_free);
}

void
yc_secrets_lookup_token_async (const char          *server_url,
                               const char          *username,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, yc_secrets_lookup_token_async);
  secret_password_lookup (yc_token_schema (), cancellable, on_looked_up_cb, task,
                          "server", server_url,
                          "username", username,
                          NULL);
}

char *
yc_secrets_lookup_token_finish (GAsyncResult  *result,
                                GError       **error)
{
  char *token;

  g_return_val_if_fail (g_task_is_valid (result, NULL), NULL);

  /* Hand back ordinary memory, wiping libsecret's copy. */
  token = g_task_propagate_pointer (G_TASK (result), error);
  if (token != NULL)
    {
      char *copy = g_strdup (token);

      secret_password_free (token);
      return copy;
    }
  return NULL;
}

static void
on_cleared_cb (GObject      *source,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  GError *error = NULL;

  secret_password_clear_finish (result, &error);
  if (error != NULL)
    g_task_return_error (task, translate_error (error));
  else
    g_task_return_boolean (task, TRUE);
}

void
yc_secrets_clear_token_async (const char          *server_url,
                              const char          *username,
                              GCancellable        *cancellable,
                              GAsyncReadyCallback  callback,
                              gpointer             user_data)
{
  GTask *task = g_task_new (NULL, cancellable, callback, user_data);

  g_task_set_source_tag (task, yc_secrets_clear_token_async);
  secret_password_clear (yc_token_schema (), cancellable, on_cleared_cb, task,
                         "server", server_url,
                         "username", username,
                         NULL);
}

gboolean
yc_secrets_clear_token_finish (GAsyncResult  *result,
                               GError       **error)
{
  g_return_val_if_fail (g_task_is_valid (result, NULL), FALSE);
  return g_task_propagate_boolean (G_TASK (result), error);
}

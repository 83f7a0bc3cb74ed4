/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-password"

#include "config.h"

#include <crypt.h>
#include <errno.h>
#include <string.h>

#include <gio/gio.h>

#include "yc-password.h"

gboolean
yc_constant_time_equal (gconstpointer a,
                        gconstpointer b,
                        gsize         len)
{
  const volatile guint8 *pa = a;
  const volatile guint8 *pb = b;
  guint8 diff = 0;

  for (gsize i = 0; i < len; i++)
    diff |= pa[i] ^ pb[i];
  return diff == 0;
}

char *
yc_password_hash (const char  *password,
                  GError     **error)
{
  g_autofree char *setting = NULL;
  g_autofree struct crypt_data *data = NULL;
  const char *hashed;

  g_return_val_if_fail (password != NULL, NULL);

  /* count 0 picks yescrypt's default cost; NULL entropy lets libcrypt read the OS RNG. */
  setting = crypt_gensalt_ra ("$y$", 0, NULL, 0);
  if (setting == NULL)
    {
      int saved = errno;

      g_set_error (error, G_IO_ERROR, g_io_error_from_errno (saved),
                   "Cannot make a password salt: %s", g_strerror (saved));
      return NULL;
    }

  data = g_new0 (struct crypt_data, 1);
  hashed = crypt_r (password, setting, data);
  if (hashed == NULL || hashed[0] == '*')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_FAILED, "Cannot hash the password");
      explicit_bzero (data, sizeof *data);
      return NULL;
    }

  {
    char *result = g_strdup (hashed);

    explicit_bzero (data, sizeof *data);
    return result;
  }
}

gboolean
yc_password_verify (const char *password,
                    const char *hash)
{
  g_autofree struct crypt_data *data = NULL;
  const char *computed;
  gsize len;
  gboolean equal;

  if (password == NULL || hash == NULL || hash[0] != '$')
    return FALSE;

  data = g_new0 (struct crypt_data, 1);
  computed = crypt_r (password, hash, data);
  if (computed == NULL || computed[0] == '*')
    {
      explicit_bzero (data, sizeof *data);
      return FALSE;
    }

  len = strlen (hash);
  equal = strlen (computed) == len && yc_constant_time_equal (computed, hash, len);
  explicit_bzero (data, sizeof *data);
  return equal;
}

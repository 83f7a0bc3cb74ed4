/* SPDX-License-Identifier: GPL-3.0-or-later */
#define G_LOG_DOMAIN "yc-url"

#include "config.h"

#include <gio/gio.h>
#include <glib/gi18n-lib.h>
#include <string.h>

#include "yc-url.h"

gboolean
yc_host_is_loopback (const char *host)
{
  g_autoptr(GInetAddress) address = NULL;

  if (host == NULL)
    return FALSE;

  if (g_ascii_strcasecmp (host, "localhost") == 0)
    return TRUE;

  address = g_inet_address_new_from_string (host);
  return address != NULL && g_inet_address_get_is_loopback (address);
}

char *
yc_server_url_normalize (const char  *typed,
                         GError     **error)
{
  g_autofree char *trimmed = NULL;
  g_autoptr(GUri) uri = NULL;
  const char *scheme;
  const char *host;
  const char *path;
  g_autofree char *clean_path = NULL;
  g_autofree char *lower_scheme = NULL;
  g_autoptr(GUri) normal = NULL;
  g_autoptr(GError) local_error = NULL;

  g_return_val_if_fail (typed != NULL, NULL);

  trimmed = g_strstrip (g_strdup (typed));
  if (*trimmed == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("No server address is set."));
      return NULL;
    }

  uri = g_uri_parse (trimmed, G_URI_FLAGS_NONE, &local_error);
  if (uri == NULL)
    {
      g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                   _("“%s” is not a web address. It should look like https://yc.example.gov.cn."),
                   trimmed);
      return NULL;
    }

  scheme = g_uri_get_scheme (uri);
  host = g_uri_get_host (uri);
  if (host == NULL || *host == '\0')
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The server address has no host name."));
      return NULL;
    }

  if (g_ascii_strcasecmp (scheme, "https") != 0)
    {
      if (g_ascii_strcasecmp (scheme, "http") != 0)
        {
          g_set_error (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                       _("The server address must start with https://, not %s://."), scheme);
          return NULL;
        }
      if (!yc_host_is_loopback (host))
        {
          g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                               _("Use https:// for a server on another machine: cases and passwords must not cross the network unencrypted."));
          return NULL;
        }
    }

  if (g_uri_get_query (uri) != NULL || g_uri_get_fragment (uri) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The server address must not contain “?” or “#”."));
      return NULL;
    }

  if (g_uri_get_userinfo (uri) != NULL)
    {
      g_set_error_literal (error, G_IO_ERROR, G_IO_ERROR_INVALID_ARGUMENT,
                           _("The server address must not contain a user name or password."));
      return NULL;
    }

  path = g_uri_get_path (uri);
  clean_path = g_strdup (path != NULL ? path : "");
  while (*clean_path != '\0' && g_str_has_suffix (clean_path, "/"))
    clean_path[strlen (clean_path) - 1] = '\0';

  lower_scheme = g_ascii_strdown (scheme, -1);
  normal = g_uri_build (G_URI_FLAGS_NONE, lower_scheme, NULL, host, g_uri_get_port (uri),
                        clean_path, NULL, NULL);
  return g_uri_to_string (normal);
}

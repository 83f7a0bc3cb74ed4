# SPDX-License-Identifier: GPL-3.0-or-later
#
# A private CUPS scheduler for the test session, with one queue, YC-PDF, that prints through
# cups-pdf into PDF files. Sourced by build-aux/yc; bash.
#
#   private_cups_start DIR   start cupsd with its configuration, spool, cache, state and logs
#                            under DIR, listening only on DIR/cups.sock (no TCP port, so it never
#                            meets the system's scheduler or another session's), add YC-PDF,
#                            and export
#                              CUPS_SERVER      DIR/cups.sock, for libcups and GTK's CUPS backend
#                              YC_CUPS_PDF_DIR  where cups-pdf writes the jobs of this user
#                            On failure it says why, exports YC_CUPS_ERROR and returns 1.
#   private_cups_stop        stop that cupsd.
#
# The tests that print through CUPS fail when YC_CUPS_EXPECTED is set (as build-aux/yc check
# does) but CUPS_SERVER is not; run by hand outside the session they skip.

private_cups_fail() {
  YC_CUPS_ERROR="$*"
  export YC_CUPS_ERROR
  printf '\033[1;31m==> private CUPS: %s\033[0m\n' "$*" >&2
  private_cups_stop
  return 1
}

private_cups_start() {
  local dir="$1/cups"
  local sock="$1/cups.sock"
  local ppd=/usr/share/ppd/cups-pdf/CUPS-PDF_opt.ppd
  local user home out

  export YC_CUPS_EXPECTED=1
  unset YC_CUPS_ERROR CUPS_SERVER YC_CUPS_PDF_DIR
  command -v cupsd >/dev/null 2>&1 || { private_cups_fail "cupsd is not installed"; return 1; }
  [ -x /usr/lib/cups/backend/cups-pdf ] ||
    { private_cups_fail "the cups-pdf backend is not installed"; return 1; }

  # Filters run as the unprivileged user lp (cupsd refuses to run them as root): it must be
  # able to reach the spool, so the session directory lets group lp through, and no one else.
  mkdir -p "$dir/conf" "$dir/spool/tmp" "$dir/cache" "$dir/state" "$dir/log"
  if [ "$(id -u)" = 0 ] && getent group lp >/dev/null; then
    chgrp lp "$1" "$dir" "$dir/spool" "$dir/spool/tmp" "$dir/cache"
    chmod 0710 "$1" "$dir" "$dir/spool"
    chmod 1770 "$dir/spool/tmp"
    chmod 0770 "$dir/cache"
  fi

  cat >"$dir/conf/cups-files.conf" <<EOF
ServerRoot $dir/conf
RequestRoot $dir/spool
TempDir $dir/spool/tmp
CacheDir $dir/cache
StateDir $dir/state
AccessLog $dir/log/access_log
ErrorLog $dir/log/error_log
PageLog $dir/log/page_log
CreateSelfSignedCerts no
EOF
  cat >"$dir/conf/cupsd.conf" <<EOF
LogLevel info
Listen $sock
Browsing No
BrowseLocalProtocols none
WebInterface No
DefaultAuthType None
<Location />
  Order allow,deny
  Allow all
</Location>
<Policy default>
  <Limit All>
    Order deny,allow
  </Limit>
</Policy>
EOF

  cupsd -f -c "$dir/conf/cupsd.conf" -s "$dir/conf/cups-files.conf" >"$dir/log/cupsd.out" 2>&1 &
  YC_CUPSD_PID=$!
  local i
  for i in $(seq 1 100); do
    lpstat -h "$sock" -r >/dev/null 2>&1 && break
    kill -0 "$YC_CUPSD_PID" 2>/dev/null || break
    sleep 0.1
  done
  if ! lpstat -h "$sock" -r >/dev/null 2>&1; then
    private_cups_fail "cupsd did not start: $(tail -n 5 "$dir/log/cupsd.out" "$dir/log/error_log" 2>/dev/null)"
    return 1
  fi

  if [ ! -f "$ppd" ]; then
    ppd=$(lpinfo -h "$sock" -m 2>/dev/null | awk 'tolower($0) ~ /cups-pdf/ { print $1; exit }')
    [ -n "$ppd" ] || { private_cups_fail "no cups-pdf PPD found"; return 1; }
    ppd="-m $ppd"
  else
    ppd="-P $ppd"
  fi
  # cups-pdf reads PostScript only. The default converter (Ghostscript) turns text into
  # outlines; pdftocairo keeps the fonts with their Unicode names, so a test can read the text
  # of what was printed.
  # shellcheck disable=SC2086
  if ! lpadmin -h "$sock" -p YC-PDF -E -v cups-pdf:/ $ppd -D "Yichuang test PDF printer" \
         -o pdftops-renderer-default=pdftocairo -o printer-error-policy=abort-job \
         2>"$dir/log/lpadmin.out"; then
    private_cups_fail "lpadmin could not add YC-PDF: $(cat "$dir/log/lpadmin.out")"
    return 1
  fi

  # cups-pdf writes each job as its owner into the "Out" directory of /etc/cups/cups-pdf.conf,
  # where ${HOME} is the owner's home directory from the password database (not $HOME, which
  # the session changes) and ${USER} the owner's name.
  user=$(id -un)
  home=$(getent passwd "$user" | cut -d: -f6)
  out=$(sed -n 's/^[[:space:]]*Out[[:space:]]\+//p' /etc/cups/cups-pdf.conf 2>/dev/null | tail -n 1)
  [ -n "$out" ] || out='${HOME}/PDF'
  out=${out//'${HOME}'/$home}
  out=${out//'${USER}'/$user}
  export CUPS_SERVER="$sock" YC_CUPS_PDF_DIR="$out"
}

private_cups_stop() {
  if [ -n "${YC_CUPSD_PID:-}" ]; then
    kill "$YC_CUPSD_PID" 2>/dev/null || true
    wait "$YC_CUPSD_PID" 2>/dev/null || true
    YC_CUPSD_PID=
  fi
  return 0
}

#!/usr/bin/env sh
# System packages edgarsift needs, installed from Debian's packages when missing (run as root, or with sudo).
#   scripts/system-deps.sh          Tesseract, for OCR of scanned PDF pages
#   scripts/system-deps.sh --test   also Chromium (review-page browser tests) and a running PostgreSQL server
#                                   (store tests; EDGARSIFT_TEST_PG_URL, default postgres@127.0.0.1:5432)
set -eu
SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO="sudo"
UPDATED=""
apt_install() {
  [ -n "$UPDATED" ] || { $SUDO apt-get update -qq; UPDATED=1; }
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq "$@" >/dev/null
}

command -v tesseract >/dev/null 2>&1 || apt_install tesseract-ocr tesseract-ocr-eng
tesseract --version >/dev/null 2>&1 || { echo "system-deps: tesseract does not run" >&2; exit 1; }
[ "${1:-}" = "--test" ] || exit 0

# Playwright drives Debian's chromium: it never downloads a browser of its own.
[ -x /usr/bin/chromium ] || apt_install chromium
/usr/bin/chromium --version >/dev/null 2>&1 || { echo "system-deps: /usr/bin/chromium does not run" >&2; exit 1; }

# The store tests run against a real PostgreSQL server and fail when none is reachable.
PG_HOST=127.0.0.1; PG_PORT=5432
pg_up() { python3 -c "import socket,sys; socket.create_connection(('$PG_HOST', $PG_PORT), 3).close()" 2>/dev/null; }
if ! pg_up; then
  if ! command -v pg_ctlcluster >/dev/null 2>&1; then
    apt_install postgresql
    $SUDO sed -i -E 's/(scram-sha-256|md5|peer)$/trust/' /etc/postgresql/*/main/pg_hba.conf  # local test server
  fi
  for v in $(ls /etc/postgresql); do $SUDO pg_ctlcluster --skip-systemctl-redirect "$v" main start || true; done
  for _ in $(seq 1 30); do pg_up && break; sleep 1; done
  pg_up || { echo "system-deps: PostgreSQL is not reachable at $PG_HOST:$PG_PORT" >&2; exit 1; }
fi

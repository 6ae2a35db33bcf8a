#!/usr/bin/env bash
# Debian's Chromium, for the HTML report's browser test (suites/report/html.spec.ts drives it with
# playwright-core). Downloading a browser through playwright fails here, so apt it is.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

. "$(dirname "$0")/../apt.sh"
# Without recommends the image may lack fonts; DejaVu is small and makes screenshots legible.
apt_install chromium fonts-dejavu-core
# Debian's wrapper script prints a harmless shell warning on some machines; keep the log to one line.
/usr/bin/chromium --version 2>/dev/null

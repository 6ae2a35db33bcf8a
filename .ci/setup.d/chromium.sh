#!/usr/bin/env bash
# Debian's Chromium, for the HTML report's browser test (suites/report/html.spec.ts drives it with
# playwright-core). Downloading a browser through playwright fails here, so apt it is.
set -euo pipefail

if [ -x /usr/bin/chromium ]; then
  exit 0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
    echo "chromium.sh: need root (or sudo) to apt-get install chromium" >&2; return 1
  fi
}

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq >/dev/null
# Without recommends the image may lack fonts; DejaVu is small and makes screenshots legible.
as_root apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
# Debian's wrapper script prints a harmless shell warning on some machines; keep the log to one line.
/usr/bin/chromium --version 2>/dev/null

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
as_root apt-get install -y -qq --no-install-recommends chromium >/dev/null
/usr/bin/chromium --version

#!/usr/bin/env bash
# PyPy 3 from Debian, run as an implementation under test (`pep567 run --impl python:$(command -v pypy3)`,
# suites/runners/python.spec.ts). Quiet and instant when already installed.
set -euo pipefail

if command -v pypy3 >/dev/null 2>&1 && pypy3 -c 'import contextvars' >/dev/null 2>&1; then
  exit 0
fi

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null 2>&1; then sudo -n "$@"; else
    echo "pypy.sh: need root (or sudo) to apt-get install pypy3" >&2; return 1
  fi
}

export DEBIAN_FRONTEND=noninteractive
as_root apt-get update -qq >/dev/null
as_root apt-get install -y -qq --no-install-recommends pypy3 >/dev/null
echo "installed $(pypy3 -c 'import platform; print("PyPy", platform.python_version())')"

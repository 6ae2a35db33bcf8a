#!/usr/bin/env bash
# PyPy 3 from Debian, run as an implementation under test (`pep567 run --impl python:$(command -v pypy3)`,
# suites/runners/python.spec.ts). Quiet and instant when already installed.
set -euo pipefail

if command -v pypy3 >/dev/null 2>&1 && pypy3 -c 'import contextvars' >/dev/null 2>&1; then
  exit 0
fi

. "$(dirname "$0")/../apt.sh"
apt_install pypy3
echo "installed $(pypy3 -c 'import platform; print("PyPy", platform.python_version())')"

#!/usr/bin/env bash
# uvloop and trio from Debian, for Debian's own python3 (CPython 3.11): the `uvloop` and `trio`
# implementation rows (harness/runners/python-loops.ts) run the recorder under them. Quiet and instant when
# both import already.
set -euo pipefail

if /usr/bin/python3 -c 'import uvloop, trio' >/dev/null 2>&1; then
  exit 0
fi

. "$(dirname "$0")/../apt.sh"
apt_install python3-uvloop python3-trio
echo "installed $(/usr/bin/python3 -c 'import uvloop, trio; print("uvloop", uvloop.__version__, "trio", trio.__version__)')"

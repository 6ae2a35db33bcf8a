# Sourced by .ci/setup.d steps: apt_install PACKAGE... installs Debian packages quietly, as root or
# through sudo, after one apt-get update per step (each step is its own process).
apt_install() {
  local run=()
  if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null 2>&1 || { echo "need root (or sudo) to apt-get install $*" >&2; return 1; }
    run=(sudo -n)
  fi
  export DEBIAN_FRONTEND=noninteractive
  if [ -z "${PEP567_APT_UPDATED:-}" ]; then
    "${run[@]}" apt-get update -qq >/dev/null
    export PEP567_APT_UPDATED=1
  fi
  "${run[@]}" apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

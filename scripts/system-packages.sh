#!/usr/bin/env bash
# Installs the Debian/Ubuntu system libraries Qt needs, when they are missing.
#   scripts/system-packages.sh test   # headless tests (offscreen Qt) and PDF checks
#   scripts/system-packages.sh run    # the above, plus what a real window needs (X11/xcb)
# Elsewhere (no dpkg/apt-get), or without root or sudo, it prints what to install and goes on.
set -u
test_pkgs=(libegl1 libgl1 libxkbcommon0 libfontconfig1 libdbus-1-3 libglib2.0-0 fonts-dejavu-core poppler-utils)
run_pkgs=(libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
          libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1)
wanted=("${test_pkgs[@]}")
[ "${1:-test}" = run ] && wanted+=("${run_pkgs[@]}")

command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 || exit 0
need=()
for pkg in "${wanted[@]}"; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
[ ${#need[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then
  as_root=()
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  as_root=(sudo)
else
  echo "Qt needs these system packages; install them with:" >&2
  echo "  sudo apt-get install ${need[*]}" >&2
  exit 0
fi
export DEBIAN_FRONTEND=noninteractive
"${as_root[@]}" apt-get update -qq
"${as_root[@]}" apt-get install -y -qq "${need[@]}" >/dev/null

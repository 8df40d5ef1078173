#!/usr/bin/env bash
# Makes this checkout ready to run: Qt's system libraries (when root on Debian/Ubuntu and missing)
# and .venv with the app, its tests and its build tools. Idempotent and quick on a second run.
set -euo pipefail
cd "$(dirname "$0")/.."

# Qt's runtime libraries (see platform notes); libxcb-icccm4/keysyms1 are also needed by PyInstaller.
# binutils (strip) and gcc (ICU's stub data library) let packaging/build.py trim the bundle to budget.
APT_PACKAGES="libegl1 libgl1 libopengl0 libxkbcommon0 libfontconfig1 fontconfig fonts-dejavu-core
  libdbus-1-3 libglib2.0-0 libxkbcommon-x11-0 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0
  libxcb-render-util0 libxcb-randr0 libxcb-shape0 libxcb-xfixes0 libxcb-xkb1 libx11-xcb1 poppler-utils
  binutils gcc"
if command -v apt-get >/dev/null 2>&1 && command -v dpkg-query >/dev/null 2>&1; then
  missing=$(for p in $APT_PACKAGES; do dpkg-query -W -f='${Status}\n' "$p" 2>/dev/null | grep -q "ok installed" || echo "$p"; done)
  if [ -n "$missing" ]; then
    if [ "$(id -u)" = "0" ]; then
      export DEBIAN_FRONTEND=noninteractive
      apt-get update -qq
      # shellcheck disable=SC2086
      apt-get install -y -qq --no-install-recommends $missing >/dev/null
    else
      echo "Missing system packages (install them with sudo apt-get install): $missing" >&2
    fi
  fi
fi

PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
  "$PY" -m venv .venv
fi
stamp=.venv/.installed-$(cat pyproject.toml | sha256sum | cut -c1-12)
if [ ! -f "$stamp" ]; then
  .venv/bin/python -m pip install -q --disable-pip-version-check --upgrade pip
  .venv/bin/python -m pip install -q --disable-pip-version-check -e ".[test,build]"
  rm -f .venv/.installed-*
  touch "$stamp"
fi

# The app's own modules compiled, as an installed copy (pip, the bundle) has them: with
# PYTHONDONTWRITEBYTECODE set, as on CI, every start would compile ~90 modules again (~0.1 s).
.venv/bin/python -m compileall -q aco_desktop >/dev/null

#!/bin/sh
# Installs what is missing and builds into BUILD_DIR (default _build),
# configuring it first when needed. Used by the demo scripts.
# Usage: tools/build.sh [BUILD_DIR]
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-_build}
cd "$top"

tools/install-deps.sh
if [ -f "$build_dir/build.ninja" ]; then
    meson setup --reconfigure "$build_dir" >/dev/null
else
    meson setup "$build_dir" >/dev/null
fi
meson compile -C "$build_dir" >/dev/null

#!/bin/sh
# Installs what is missing, builds, and runs the whole test suite twice:
# once in a normal build and once under AddressSanitizer and
# UndefinedBehaviorSanitizer. Exits non-zero when any test fails.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

tools/install-deps.sh

run_suite() {
    build=$1
    shift
    if [ -f "$build/build.ninja" ]; then
        meson setup --reconfigure "$build" "$@" >/dev/null
    else
        meson setup "$build" "$@" >/dev/null
    fi
    meson compile -C "$build"
    meson test -C "$build" --print-errorlogs --num-processes 2
}

status=0
run_suite _build-test || status=1
# Leak checking stays on; GLib's one-time type and cache allocations are
# listed in tests/lsan.supp.
ASAN_OPTIONS=detect_leaks=1 \
LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0 \
UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_suite _build-asan -Db_sanitize=address,undefined -Db_lundef=false -Dbuildtype=debug || status=1

exit $status

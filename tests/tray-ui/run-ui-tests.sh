#!/bin/sh
# run-ui-tests.sh PROGRAM [ARGS...]
#
# Runs PROGRAM, a TAP test, in a private desktop session: its own session
# bus (dbus-run-session), an X server on a free display (Xvfb -displayfd),
# and the fake agent, whose unique bus name is passed in TD_FAKE_AGENT.
# Every process started here is ended by its pid. The exit status is
# PROGRAM's. Without Xvfb or dbus-run-session the test is reported as
# skipped.
set -u

here=$(cd "$(dirname "$0")" && pwd)

if [ -z "${TD_UI_SESSION:-}" ]; then
    for tool in Xvfb dbus-run-session /usr/bin/python3; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "1..0 # SKIP $tool is not installed"
            exit 0
        fi
    done
    work=$(mktemp -d "${TMPDIR:-/tmp}/td-tray-ui.XXXXXX")
    TD_UI_SESSION=$work
    export TD_UI_SESSION
    # A private HOME, so that nothing reads or writes the user's files.
    HOME=$work/home XDG_CONFIG_HOME=$work/home/.config XDG_DATA_HOME=$work/home/.local/share \
    XDG_CACHE_HOME=$work/home/.cache XDG_RUNTIME_DIR=$work/run
    export HOME XDG_CONFIG_HOME XDG_DATA_HOME XDG_CACHE_HOME XDG_RUNTIME_DIR
    mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$XDG_CACHE_HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$XDG_RUNTIME_DIR"
    unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
    dbus-run-session -- "$0" "$@"
    status=$?
    rm -rf "$work"
    exit $status
fi

# Inside the private session bus.
work=$TD_UI_SESSION
pids=""
cleanup() {
    for pid in $pids; do
        kill "$pid" 2>/dev/null
    done
    for pid in $pids; do
        wait "$pid" 2>/dev/null
    done
}
trap cleanup EXIT

Xvfb -displayfd 3 -screen 0 1280x1024x24 -nolisten tcp -noreset \
    3>"$work/display" >"$work/xvfb.log" 2>&1 &
pids="$pids $!"

/usr/bin/python3 "$here/fake-agent.py" "$work/agent-name" >"$work/fake-agent.log" 2>&1 &
pids="$pids $!"

# Both usually take under half a second; 10 s covers a loaded machine.
tries=0
while [ ! -s "$work/display" ] || [ ! -s "$work/agent-name" ]; do
    tries=$((tries + 1))
    if [ "$tries" -gt 200 ]; then
        echo "Bail out! Xvfb or the fake agent did not start within 10 s"
        cat "$work/xvfb.log" "$work/fake-agent.log" >&2
        exit 1
    fi
    sleep 0.05
done

DISPLAY=":$(head -n 1 "$work/display")"
TD_FAKE_AGENT=$(cat "$work/agent-name")
export DISPLAY TD_FAKE_AGENT
# GTK_A11Y=none keeps GTK from activating the accessibility bus, whose
# registry daemon prints to this script's output and so breaks TAP.
# GL is off: the tests draw with cairo, and Mesa's allocations would show as
# leaks in the sanitizer build.
export GDK_BACKEND=x11 GSK_RENDERER=cairo GDK_DEBUG=gl-disable NO_AT_BRIDGE=1 GTK_A11Y=none LC_ALL=C.UTF-8

"$@"
status=$?
exit $status

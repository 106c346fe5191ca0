#!/bin/sh
# Runs test-agent.py on a private D-Bus session bus with an unlocked
# gnome-keyring (secrets only) in a temporary HOME; everything it starts
# ends with it. Usage: run-agent-tests.sh BUILD_DIR [unittest arguments]
set -eu

if [ "${1:-}" = "--inside-session" ]; then
    shift
    printf '%s' "agent-test-keyring" |
        gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
    keyring_pid=$!
    # Until it owns the name, a libsecret call would start a second
    # gnome-keyring through D-Bus activation, one without a login keyring.
    if ! gdbus wait --session --timeout 10 org.freedesktop.secrets; then
        echo "run-agent-tests: gnome-keyring did not start" >&2
        kill "$keyring_pid" 2>/dev/null
        exit 1
    fi
    status=0
    /usr/bin/python3 "$(dirname "$0")/test-agent.py" "$@" || status=$?
    kill "$keyring_pid" 2>/dev/null
    wait "$keyring_pid" 2>/dev/null || true
    exit $status
fi

here=$(cd "$(dirname "$0")" && pwd)
TD_BUILD_DIR=$1
shift
work=$(mktemp -d "${TMPDIR:-/tmp}/td-agent.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
export TD_BUILD_DIR HOME="$work/home" XDG_DATA_HOME="$work/home/.local/share" \
       XDG_RUNTIME_DIR="$work/run"
mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
chmod 700 "$HOME" "$XDG_RUNTIME_DIR"
unset DISPLAY
dbus-run-session -- "$here/run-agent-tests.sh" --inside-session "$@"

#!/bin/sh
# run-with-keyring.sh TEST-PROGRAM [ARGS...]
#
# Runs TEST-PROGRAM three times, each in a fresh temporary HOME, with
# TD_TEST_KEYRING telling it which tests apply:
#   running     a private session bus (dbus-run-session) with gnome-keyring's
#               secrets component, its login keyring created and unlocked
#               with the password in TD_TEST_KEYRING_PASSWORD;
#   no-service  a private session bus whose configuration has no service
#               activation, so that org.freedesktop.secrets has no owner;
#   no-bus      no session bus at all.
# It never touches the user's own keyring or session bus. It stops every
# process it started, removes its folder and exits with 1 when any run
# failed, or 77 (skipped) when a needed program is not installed.
set -u

if [ "${1:-}" = "--inside-session" ]; then
    # Runs inside dbus-run-session: start the keyring, run the tests, stop it.
    shift
    printf '%s' "$TD_TEST_KEYRING_PASSWORD" |
        gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null &
    keyring_pid=$!

    # Without this wait, the first libsecret call would start a second
    # gnome-keyring through D-Bus activation, one with no login keyring.
    if ! gdbus wait --session --timeout 10 org.freedesktop.secrets; then
        echo "run-with-keyring: timed out after 10 s waiting for gnome-keyring to own org.freedesktop.secrets" >&2
        kill "$keyring_pid" 2>/dev/null
        exit 1
    fi

    TD_TEST_KEYRING=running "$@"
    status=$?

    kill "$keyring_pid" 2>/dev/null
    wait "$keyring_pid" 2>/dev/null
    exit $status
fi

if [ $# -lt 1 ]; then
    echo "usage: $0 TEST-PROGRAM [ARGS...]" >&2
    exit 2
fi

for program in dbus-run-session dbus-daemon gnome-keyring-daemon gdbus; do
    if ! command -v "$program" >/dev/null 2>&1; then
        echo "run-with-keyring: $program is not installed; skipping (tools/install-deps.sh installs it)" >&2
        exit 77
    fi
done

script=$(cd "$(dirname "$0")" && pwd)/$(basename "$0")
workdir=$(mktemp -d "${TMPDIR:-/tmp}/td-keyring.XXXXXX") || exit 1
trap 'rm -rf "$workdir"' EXIT INT TERM

# A session bus configuration without <standard_session_servicedirs/>, so
# that no D-Bus service can be started on demand.
cat >"$workdir/no-activation.conf" <<EOF
<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:tmpdir=$workdir</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
EOF

# Points HOME and the XDG folders at a new folder under $workdir.
use_fresh_home() {
    export HOME="$workdir/$1/home"
    export XDG_CONFIG_HOME="$HOME/.config" XDG_DATA_HOME="$HOME/.local/share" \
           XDG_CACHE_HOME="$HOME/.cache" XDG_RUNTIME_DIR="$workdir/$1/run"
    mkdir -p "$HOME" "$XDG_RUNTIME_DIR"
    chmod 700 "$HOME" "$XDG_RUNTIME_DIR"
}

# No prompt may reach the user's display, and no run may reach their bus.
unset DISPLAY WAYLAND_DISPLAY DBUS_SESSION_BUS_ADDRESS
export TD_TEST_KEYRING_PASSWORD=test-keyring-password
failed=0

echo "# run 1: gnome-keyring on a private session bus"
use_fresh_home running
dbus-run-session -- "$script" --inside-session "$@" || failed=1

echo "# run 2: a private session bus without a Secret Service"
use_fresh_home no-service
GTK_A11Y=none TD_TEST_KEYRING=no-service \
    dbus-run-session --config-file="$workdir/no-activation.conf" -- "$@" || failed=1

echo "# run 3: no session bus"
use_fresh_home no-bus
TD_TEST_KEYRING=no-bus "$@" || failed=1

exit $failed

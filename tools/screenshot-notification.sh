#!/bin/sh
# Takes data/screenshots/notification.png: the notification the tray agent
# shows for an Okta Verify push with a number challenge, drawn by dunst (a
# real notification server) under Xvfb. The agent signs in to the sandbox
# as a demo user, in a private D-Bus session and a temporary HOME.
#
# Usage: tools/screenshot-notification.sh [BUILD_DIR]   (default: _build-screenshots)
# Needs: Xvfb, dbus-run-session, dunst, gnome-keyring, gdbus and ImageMagick's import.
set -eu

source_root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$source_root/_build-screenshots}

if [ "${TD_INSIDE_SESSION:-}" != 1 ]; then
    for tool in Xvfb dbus-run-session dunst gnome-keyring-daemon gdbus /usr/bin/import; do
        if ! command -v "$tool" >/dev/null 2>&1; then
            echo "error: $tool is not installed; run tools/install-deps.sh" >&2
            exit 1
        fi
    done
    if [ ! -f "$build_dir/build.ninja" ]; then
        meson setup "$build_dir" "$source_root"
    fi
    meson compile -C "$build_dir" -j 2 >/dev/null
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    TD_INSIDE_SESSION=1 TD_WORK=$work HOME=$work/home \
        dbus-run-session -- "$0" "$build_dir"
    exit $?
fi

work=$TD_WORK
mkdir -p "$HOME"
pids=""
cleanup() {
    for pid in $pids; do kill "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

# Xvfb picks a free display and writes its number to the pipe.
mkfifo "$work/displayfd"
Xvfb -displayfd 3 -screen 0 800x300x24 -nolisten tcp 3>"$work/displayfd" >/dev/null 2>&1 &
pids="$pids $!"
read -r display_number <"$work/displayfd"
export DISPLAY=":$display_number"

# A keyring of its own, so that the Okta session can be kept without a
# warning notification in front of the one this script is for.
export XDG_DATA_HOME="$HOME/.local/share"
printf '%s' screenshot | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
pids="$pids $!"
gdbus wait --session --timeout 10 org.freedesktop.secrets

dunst -config /etc/xdg/dunst/dunstrc >/dev/null 2>&1 &
pids="$pids $!"
gdbus wait --session --timeout 10 org.freedesktop.Notifications

certs=$build_dir/tests/sandbox
mkfifo "$work/sandbox-input"
"$certs/tokendito-sandbox" --cert-dir "$certs" --poll-waits 20 <"$work/sandbox-input" >"$work/ready" &
pids="$pids $!"
exec 4>"$work/sandbox-input"
for _ in $(seq 50); do grep -q READY "$work/ready" 2>/dev/null && break; sleep 0.1; done
url=$(awk '/READY/ { print $2 }' "$work/ready")

cat >"$work/okta_auth" <<INI
[work]
okta_aws_app_url = $url/home/amazon_aws/0oademo/272
okta_username = challenge@example.com
mfa_method = push
aws_profile = work
ca_bundle = $certs/ca.crt
INI

env AWS_SHARED_CREDENTIALS_FILE="$work/aws/credentials" AWS_CONFIG_FILE="$work/aws/config" \
    AWS_ENDPOINT_URL_STS="$url/" OKTA_PASSWORD="correct horse battery staple" \
    TOKENDITO_CONFIG_FILE="$work/okta_auth" TOKENDITO_PUSH_POLL_INTERVAL=1000 \
    TOKENDITO_NO_WINDOWS=1 GSETTINGS_BACKEND=memory \
    "$build_dir/src/tray/tokendito-tray" --background >"$work/agent.log" 2>&1 &
pids="$pids $!"
gdbus wait --session --timeout 10 io.github.tokendito.Tokendito

gdbus call --session --dest io.github.tokendito.Tokendito --object-path /io/github/tokendito/Tokendito \
    --method org.gtk.Actions.Activate refresh "[<'work'>]" "{}" >/dev/null

# The sandbox sends the number challenge with the first poll, a second
# after the push. It approves the push a second or two later, and the
# notification is then withdrawn, so the screenshot is taken in between.
sleep 1.8
mkdir -p "$source_root/data/screenshots"
/usr/bin/import -window root "$work/screen.png"
/usr/bin/convert "$work/screen.png" -trim +repage -bordercolor "#303030" -border 12 "$source_root/data/screenshots/notification.png"
echo "wrote $source_root/data/screenshots/notification.png"
if [ -n "${TD_DEBUG:-}" ]; then cat "$work/agent.log"; dunstctl count; fi

#!/bin/sh
# Takes the screenshots of the tray windows in data/screenshots/: the
# preferences window, the code, password and role dialogs, and the status
# window. Each window runs as the real tokendito-tray-ui against the fake
# agent of the tests, under Xvfb, with a sample okta_auth.
#
# Usage: tools/screenshots.sh [BUILD_DIR]   (default: _build-screenshots)
# Needs: Xvfb, dbus-run-session, xdotool and ImageMagick's import.
set -eu

source_root=$(cd "$(dirname "$0")/.." && pwd)
build_dir=${1:-$source_root/_build-screenshots}
out_dir=$source_root/data/screenshots

for tool in Xvfb dbus-run-session xdotool /usr/bin/import; do
    if ! command -v "$tool" >/dev/null 2>&1; then
        echo "error: $tool is not installed; run tools/install-deps.sh" >&2
        exit 1
    fi
done

if [ ! -d "$build_dir" ]; then
    meson setup "$build_dir" "$source_root"
fi
# Everything, so that the compiled GSettings schema in data/ is there too.
meson compile -C "$build_dir" -j 2

mkdir -p "$out_dir"
TD_SCREENSHOT_PROGRAM=$build_dir/src/tray-ui/tokendito-tray-ui
TD_SCREENSHOT_OUT=$out_dir
GSETTINGS_SCHEMA_DIR=$build_dir/data
GSETTINGS_BACKEND=memory
export TD_SCREENSHOT_PROGRAM TD_SCREENSHOT_OUT GSETTINGS_SCHEMA_DIR GSETTINGS_BACKEND

# The part below runs inside the private session of run-ui-tests.sh, which
# sets DISPLAY and TD_FAKE_AGENT and ends Xvfb and the fake agent after it.
exec "$source_root/tests/tray-ui/run-ui-tests.sh" sh -eu -c '
settings_file=$HOME/okta_auth
cat >"$settings_file" <<INI
# Okta settings for tokendito
[default]
okta_username = jane.doe@acme.example
mfa_method = push

[work]
okta_aws_app_url = https://acme.okta.com/home/amazon_aws/0oa9z8y7x6w5v4u3t2s1/272
role_arn = arn:aws:iam::111111111111:role/Engineer
aws_region = eu-west-1
aws_output = json

[sandbox]
okta_aws_app_url = https://acme.oktapreview.com/home/amazon_aws/0oa1b2c3d4e5f6g7h8i9/123
INI
chmod 600 "$settings_file"
TOKENDITO_CONFIG_FILE=$settings_file
export TOKENDITO_CONFIG_FILE

# shoot NAME ARGS...: starts one window, waits until it is mapped, saves
# it as NAME.png and ends the process by its pid.
shoot() {
    name=$1
    shift
    "$TD_SCREENSHOT_PROGRAM" --agent "$TD_FAKE_AGENT" "$@" &
    pid=$!
    window=""
    tries=0
    while [ -z "$window" ]; do
        tries=$((tries + 1))
        if [ "$tries" -gt 200 ]; then
            echo "error: the window for $* did not appear within 10 s" >&2
            kill "$pid"
            exit 1
        fi
        sleep 0.05
        window=$(xdotool search --onlyvisible --pid "$pid" 2>/dev/null | tail -n 1)
    done
    # Lets GTK finish the first frame and the status window its D-Bus call.
    sleep 1
    /usr/bin/import -window "$window" "$TD_SCREENSHOT_OUT/$name.png"
    kill "$pid"
    wait "$pid" 2>/dev/null || true
    echo "wrote $TD_SCREENSHOT_OUT/$name.png"
}

shoot preferences --preferences
shoot code-dialog --prompt 1
shoot password-dialog --prompt 2
shoot role-dialog --prompt 3
shoot status-window --status
'

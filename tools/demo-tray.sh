#!/bin/sh
# Installs what is missing, builds, starts the sandbox (a local HTTPS Okta
# org, AWS app tile and STS) and runs the tray application against it in
# your desktop session, with two demo profiles: "push" (an Okta Verify push
# with a number challenge) and "totp" (a code typed in the code dialog; the
# sandbox accepts 123456 once per user). Every file it writes is in a
# temporary folder: your own ~/.aws, okta_auth, keyring and settings are
# never read or written. Quit from the tray menu or with Ctrl-C.
#
# Needs a desktop session (DISPLAY or WAYLAND_DISPLAY and a session bus).
# Quit a Tokendito tray you already run first: there is one per session.
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"

if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] || [ -z "${DBUS_SESSION_BUS_ADDRESS:-}" ]; then
    echo "error: run this in a desktop session (no display or session bus found);" >&2
    echo "       tools/demo.sh runs the command-line demo without one" >&2
    exit 1
fi

tools/build.sh _build-demo

certs="$top/_build-demo/tests/sandbox"
work=$(mktemp -d)
trap 'exec 3>&-; rm -rf "$work"' EXIT INT TERM

mkfifo "$work/sandbox-input"
"$certs/tokendito-sandbox" --cert-dir "$certs" --poll-waits 3 <"$work/sandbox-input" >"$work/ready" &
exec 3>"$work/sandbox-input"
for _ in $(seq 50); do
    grep -q READY "$work/ready" 2>/dev/null && break
    sleep 0.1
done
url=$(awk '/READY/ { print $2 }' "$work/ready")

cat >"$work/okta_auth" <<INI
# Demo profiles against the tokendito sandbox at $url
[push]
okta_aws_app_url = $url/home/amazon_aws/0oademo/272
okta_username = challenge@example.com
mfa_method = push
aws_profile = demo-push
ca_bundle = $certs/ca.crt

[totp]
okta_aws_app_url = $url/home/amazon_aws/0oademo/272
okta_username = totp@example.com
mfa_method = token:software:totp
aws_profile = demo-totp
ca_bundle = $certs/ca.crt
INI

# Application settings in a key file of the demo's own, with both profiles
# refreshed automatically.
mkdir -p "$work/config/glib-2.0/settings"
cat >"$work/config/glib-2.0/settings/keyfile" <<INI
[io/github/tokendito/Tokendito]
auto-refresh-profiles=['push', 'totp']
notify-on-success=true
INI

echo "Sandbox at $url; AWS files in $work/aws"
echo "The demo password is: correct horse battery staple"
env XDG_CONFIG_HOME="$work/config" GSETTINGS_BACKEND=keyfile \
    GSETTINGS_SCHEMA_DIR="$top/_build-demo/data" \
    AWS_SHARED_CREDENTIALS_FILE="$work/aws/credentials" AWS_CONFIG_FILE="$work/aws/config" \
    AWS_ENDPOINT_URL_STS="$url/" TOKENDITO_CONFIG_FILE="$work/okta_auth" \
    TOKENDITO_NO_KEYRING=1 TOKENDITO_PUSH_POLL_INTERVAL=1000 \
    "$top/_build-demo/src/tray/tokendito-tray"

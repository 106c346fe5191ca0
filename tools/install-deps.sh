#!/bin/sh
# Installs the Debian 12 packages that building, testing and running the
# demo need. Packages already installed are left alone; nothing else on the
# machine is changed.
set -eu

packages="
build-essential
meson
ninja-build
pkg-config
gettext
libglib2.0-dev
libglib2.0-bin
libsoup-3.0-dev
glib-networking
libjson-glib-dev
libxml2-dev
openssl
awscli
libgtk-3-dev
libayatana-appindicator3-dev
libdbusmenu-gtk3-dev
xvfb
xauth
python3-gi
python3-dbus
gir1.2-glib-2.0
desktop-file-utils
appstream
libxml2-utils
flatpak-builder
libsecret-1-dev
gnome-keyring
dbus
dbus-x11
python3-dbusmock
libgtk-4-dev
imagemagick
dunst
x11-apps
xdotool
"

missing=""
for package in $packages; do
    if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
        missing="$missing $package"
    fi
done

if [ -z "$missing" ]; then
    exit 0
fi

echo "Installing:$missing"
if [ "$(id -u)" -eq 0 ]; then
    sudo=""
elif command -v sudo >/dev/null 2>&1; then
    sudo="sudo"
else
    echo "error: these packages are missing and this user cannot install them:$missing" >&2
    exit 1
fi

$sudo apt-get update -q
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends $missing

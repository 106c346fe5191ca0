#!/bin/sh
# Checks the Flatpak manifest offline with flatpak-builder, without building:
#  - the manifest parses (flatpak-builder --show-manifest exits 0);
#  - flatpak-builder prints no WARNING, because it reports an unknown key
#    only as a warning and still exits 0;
#  - the application id and command are the expected ones;
#  - every local source folder (flatpak-builder --show-deps) exists.
# Exits 77, which meson reports as SKIP, when flatpak-builder is not installed.
#
# Usage: check-manifest.sh MANIFEST APP_ID COMMAND
set -eu

if [ $# -ne 3 ]; then
    echo "usage: $0 MANIFEST APP_ID COMMAND" >&2
    exit 2
fi
manifest=$1
app_id=$2
command=$3

if ! command -v flatpak-builder >/dev/null 2>&1; then
    echo "flatpak-builder is not installed, so the manifest is not checked; install the Debian package flatpak-builder to run this test"
    exit 77
fi

manifest_dir=$(cd "$(dirname "$manifest")" && pwd)
manifest=$manifest_dir/$(basename "$manifest")

# flatpak-builder creates a .flatpak-builder state folder in the current
# folder, so run it in a temporary one.
work_dir=$(mktemp -d)
trap 'rm -rf "$work_dir"' EXIT
cd "$work_dir"

status=0

if ! flatpak-builder --show-manifest "$manifest" >normalized.json 2>stderr.txt; then
    cat stderr.txt >&2
    echo "error: flatpak-builder could not parse $manifest" >&2
    exit 1
fi
if grep -q 'WARNING' stderr.txt; then
    cat stderr.txt >&2
    echo "error: flatpak-builder printed warnings for $manifest; fix the keys it names" >&2
    status=1
fi

# --show-manifest writes one "key" : value pair per line.
if ! grep -Eq "^  \"id\" : \"$app_id\",?\$" normalized.json; then
    echo "error: the id in $manifest is not $app_id" >&2
    status=1
fi
if ! grep -Eq "^  \"command\" : \"$command\",?\$" normalized.json; then
    echo "error: the command in $manifest is not $command" >&2
    status=1
fi

if ! flatpak-builder --show-deps "$manifest" >deps.txt 2>stderr.txt; then
    cat stderr.txt >&2
    echo "error: flatpak-builder --show-deps failed on $manifest" >&2
    exit 1
fi
while IFS= read -r path; do
    case $path in
        /*) full_path=$path ;;
        *) full_path=$manifest_dir/$path ;;
    esac
    if [ ! -e "$full_path" ]; then
        echo "error: $manifest uses the local source $path, but $full_path does not exist" >&2
        status=1
    fi
done <deps.txt

if [ "$status" -eq 0 ]; then
    echo "$manifest parses without warnings; id $app_id, command $command, local sources present"
fi
exit "$status"

#!/bin/sh
# Checks that po/POTFILES matches the source tree, so that xgettext extracts
# every translatable string:
#  - every .c, .h or .ui file under src/ that marks a string for translation
#    (_(), N_(), C_(), NC_(), Q_(), ngettext() and its g_d variants, or
#    translatable="yes", "true" or "1") is listed;
#  - every desktop, metainfo and schema file under data/ is listed;
#  - every listed file exists.
# Prints the offending paths and exits 1 when one of these fails.
#
# Usage: check-potfiles.sh [SOURCE_ROOT]   (default: the parent of this folder)
#
# NOTE: the scan is textual, so a marker inside a comment also counts. Listing
# such a file is harmless, because xgettext then extracts nothing from it.
set -eu

source_root=${1:-$(dirname "$0")/..}
cd "$source_root"

potfiles=po/POTFILES
if [ ! -f "$potfiles" ]; then
    echo "error: $potfiles not found in $(pwd)" >&2
    exit 1
fi

# The listed paths, without comments, blank lines, surrounding spaces or CR.
listed=$(sed -e 's/\r$//' -e 's/#.*//' -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' "$potfiles" |
    grep -v '^$' | sort -u)

is_listed() {
    printf '%s\n' "$listed" | grep -Fqx -- "$1"
}

status=0

# A marker call is the macro name, not the tail of a longer identifier such
# as foo_(), then optional spaces and the opening bracket.
marker='(^|[^A-Za-z0-9_])((N|C|NC|Q)?_|g?_?d?n?gettext)[[:space:]]*\('
ui_marker='translatable[[:space:]]*=[[:space:]]*["'"'"'](yes|true|1)["'"'"']'

missing=""
for file in $(find src -type f \( -name '*.c' -o -name '*.h' -o -name '*.ui' \) | sort); do
    if grep -Eq -- "$marker" "$file" || grep -Eq -- "$ui_marker" "$file"; then
        is_listed "$file" || missing="$missing $file"
    fi
done

for file in $(find data -type f \( -name '*.desktop.in' -o -name '*.metainfo.xml.in' -o -name '*.gschema.xml' \) | sort); do
    is_listed "$file" || missing="$missing $file"
done

if [ -n "$missing" ]; then
    echo "error: these files contain translatable strings but are not listed in $potfiles; add them:" >&2
    for file in $missing; do
        echo "  $file" >&2
    done
    status=1
fi

absent=""
for file in $listed; do
    [ -f "$file" ] || absent="$absent $file"
done

if [ -n "$absent" ]; then
    echo "error: $potfiles lists files that do not exist; remove or rename them:" >&2
    for file in $absent; do
        echo "  $file" >&2
    done
    status=1
fi

if [ "$status" -eq 0 ]; then
    echo "$potfiles: all $(printf '%s\n' "$listed" | wc -l) listed files exist, and every file with translatable strings is listed"
fi
exit "$status"

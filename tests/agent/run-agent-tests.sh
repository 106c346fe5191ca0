#!/bin/sh
# Runs test-agent.py on a private D-Bus session bus that ends with it.
# Usage: run-agent-tests.sh BUILD_DIR [unittest arguments]
set -eu
here=$(cd "$(dirname "$0")" && pwd)
TD_BUILD_DIR=$1
shift
export TD_BUILD_DIR
exec dbus-run-session -- /usr/bin/python3 "$here/test-agent.py" "$@"

#!/bin/sh
# Generates the sandbox's throw-away certificate authority, the server
# certificate it signs (SAN IP:127.0.0.1 and DNS:localhost, valid 10 years),
# and an unrelated CA for tests that expect a wrong CA to be rejected.
#
# Usage: make-certs.sh OPENSSL OUTDIR
# Writes ca.crt, ca.key, server.crt, server.key and other-ca.crt to OUTDIR.
#
# SPDX-License-Identifier: Apache-2.0
set -eu

openssl=$1
outdir=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# P-256 keys: generated in milliseconds, and every TLS stack in use accepts them.
new_ca () {
  "$openssl" req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
    -keyout "$1.key" -out "$1.crt" -days 3650 -subj "/CN=$2" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

new_ca "$work/ca" "Tokendito Sandbox Test CA"
new_ca "$work/other-ca" "Tokendito Unrelated Test CA"

"$openssl" req -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
  -keyout "$work/server.key" -out "$work/server.csr" -subj "/CN=localhost" 2>/dev/null
cat > "$work/server.ext" <<EXT
subjectAltName=IP:127.0.0.1,DNS:localhost
basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
EXT
"$openssl" x509 -req -in "$work/server.csr" -CA "$work/ca.crt" -CAkey "$work/ca.key" \
  -CAcreateserial -out "$work/server.crt" -days 3650 -extfile "$work/server.ext" 2>/dev/null

mkdir -p "$outdir"
for name in ca.crt ca.key server.crt server.key other-ca.crt; do
  cp "$work/$name" "$outdir/$name"
done
chmod 600 "$outdir/ca.key" "$outdir/server.key"

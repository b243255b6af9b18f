#!/usr/bin/env bash
# Writes throw-away TLS material for the security tests into DIR (created if missing), with
# Debian's `openssl` (deploy/install-deps.sh installs it with the test packages). EC P-256 keys,
# valid for 2 days from now, never checked in:
#   ca.pem ca.key                the test CA
#   server.pem server.key        CN=localhost, SAN DNS:localhost, IP:127.0.0.1, signed by ca
#   client.pem client.key        CN=stori-test-client, clientAuth, signed by ca
#   other_ca.pem                 a second CA that nothing trusts
#   other_client.pem other_client.key  a client certificate signed by other_ca
# Usage: make_test_certs.sh DIR
set -euo pipefail

dir="${1:?usage: make_test_certs.sh DIR}"
mkdir -p "$dir"
cd "$dir"

key() {  # key NAME: an unencrypted EC P-256 private key in NAME.key (PKCS#8 PEM)
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1.key" 2>/dev/null
}

ca() {  # ca NAME CN: a self-signed CA certificate NAME.pem
  key "$1"
  openssl req -x509 -new -key "$1.key" -subj "/CN=$2" -days 2 -sha256 \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -out "$1.pem" 2>/dev/null
}

leaf() {  # leaf NAME CN CA EXTENSIONS: NAME.pem signed by CA.pem / CA.key
  key "$1"
  openssl req -new -key "$1.key" -subj "/CN=$2" -out "$1.csr" 2>/dev/null
  printf '%s\n' "$4" > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA "$3.pem" -CAkey "$3.key" \
    -set_serial "0x$(openssl rand -hex 8)" -days 2 -sha256 -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

ca ca "Stori test CA"
ca other_ca "Untrusted test CA"
leaf server localhost ca "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1"
leaf client stori-test-client ca "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
leaf other_client stori-test-client other_ca "basicConstraints=CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth"
rm -f other_ca.key

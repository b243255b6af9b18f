// What protects the gRPC port: TLS (server certificate, optionally client certificates checked
// against a CA: mutual TLS) and a bearer token on every stori.generation.v1.GenerationService call.
// Read once at startup from the files that ServerOptions names (--tls_cert_file, --tls_key_file,
// --tls_client_ca_file, --auth_token_file), so that a bad file stops the process before it listens
// (event=startup_failed), not at the first handshake.
//
// Checks made here, without parsing X.509 (gRPC's TLS stack does that when the port opens;
// server/grpc_server.cc reports a failure there): each file is readable, at most
// kMaxSecurityFileBytes, and holds the PEM blocks it should ("CERTIFICATE" in the certificate and
// CA files, a "PRIVATE KEY" in the key file). Token rules: RFC 6750 §2.1 (b64token).
#ifndef STORI_SERVER_SERVER_SECURITY_H_
#define STORI_SERVER_SERVER_SECURITY_H_

#include <cstddef>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/types/optional.h"
#include "grpcpp/security/server_credentials.h"
#include "server/flags.h"

namespace stori::server {

// Larger files are refused: a certificate chain or a token is a few KiB.
inline constexpr std::size_t kMaxSecurityFileBytes = 1 << 20;

// PEM text as read from the files. The private key is secret: never log it.
struct TlsFiles {
  std::string cert_chain_pem;
  std::string private_key_pem;
  std::string client_ca_pem;  // "" = no client certificate asked for
};

struct ServerSecurity {
  absl::optional<TlsFiles> tls;              // absent: plain text
  absl::optional<std::string> bearer_token;  // absent: no token asked for; secret, never logged
};

// Returns the TLS files and token that `options` names (none set: plain text, no token).
// Errors: kInvalidArgument naming the flag and the path when a file cannot be read, is empty, is
//   larger than kMaxSecurityFileBytes, lacks its PEM block or (the key) is encrypted, and when the
//   token file holds no token or a token with characters outside RFC 6750's b64token (the token
//   itself never appears in a message).
// Thread safety: thread-safe (reads files only).
absl::StatusOr<ServerSecurity> LoadServerSecurity(const ServerOptions& options);

// Returns the token in a token file's `contents`: the text without trailing newlines, carriage
// returns, spaces or tabs (what `echo` and editors add, and what a Kubernetes Secret created from
// such a file keeps).
// Errors: kInvalidArgument when that leaves nothing, or a character outside RFC 6750's b64token
//   (ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/", then "=" padding) remains.
// Thread safety: pure function.
absl::StatusOr<std::string> BearerTokenFromFile(absl::string_view contents);

// Returns the credentials of the listening port: insecure without `tls`, else TLS with the
// certificate chain and key, asking for and verifying a client certificate against `client_ca_pem`
// when it is set (GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY).
// Thread safety: thread-safe.
std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(const ServerSecurity& security);

}  // namespace stori::server

#endif  // STORI_SERVER_SERVER_SECURITY_H_

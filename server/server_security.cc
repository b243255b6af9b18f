#include "server/server_security.h"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <utility>

#include "absl/status/status.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "grpc/grpc_security_constants.h"
#include "grpcpp/security/server_credentials.h"

namespace stori::server {
namespace {

// Reads the whole file at `path` for `flag`.
// Errors: kInvalidArgument naming the flag and path when it cannot be opened or read, is empty, or
//   is larger than kMaxSecurityFileBytes.
absl::StatusOr<std::string> ReadSecurityFile(absl::string_view flag, const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    return absl::InvalidArgumentError(
        absl::StrCat(flag, "=", path, ": cannot open: ", std::strerror(errno)));
  }
  std::string contents;
  char buffer[4096];
  while (in.read(buffer, sizeof(buffer)) || in.gcount() > 0) {
    contents.append(buffer, static_cast<std::size_t>(in.gcount()));
    if (contents.size() > kMaxSecurityFileBytes) {
      return absl::InvalidArgumentError(
          absl::StrCat(flag, "=", path, ": larger than ", kMaxSecurityFileBytes, " bytes"));
    }
  }
  if (in.bad()) {
    return absl::InvalidArgumentError(absl::StrCat(flag, "=", path, ": read error"));
  }
  if (contents.empty()) return absl::InvalidArgumentError(absl::StrCat(flag, "=", path, ": empty"));
  return contents;
}

// Reads a PEM file that must hold a block whose label ends with `label` ("CERTIFICATE", "PRIVATE
// KEY": the latter also matches "RSA PRIVATE KEY" and "EC PRIVATE KEY").
absl::StatusOr<std::string> ReadPemFile(absl::string_view flag, const std::string& path,
                                        absl::string_view label) {
  absl::StatusOr<std::string> pem = ReadSecurityFile(flag, path);
  if (!pem.ok()) return pem.status();
  const absl::string_view text(*pem);
  constexpr absl::string_view kBegin = "-----BEGIN ";
  bool found = false;
  for (std::size_t at = text.find(kBegin); at != absl::string_view::npos && !found;
       at = text.find(kBegin, at + 1)) {
    const std::size_t label_start = at + kBegin.size();
    const std::size_t close = text.find("-----", label_start);
    if (close == absl::string_view::npos) break;
    found = absl::EndsWith(text.substr(label_start, close - label_start), label);
  }
  if (!found) {
    return absl::InvalidArgumentError(absl::StrCat(flag, "=", path, ": no PEM block labelled ",
                                                   label, " (-----BEGIN ", label, "-----)"));
  }
  return pem;
}

// RFC 6750 §2.1: b64token = 1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="
bool IsB64Token(absl::string_view token) {
  std::size_t i = 0;
  while (i < token.size() && (absl::ascii_isalnum(static_cast<unsigned char>(token[i])) ||
                              absl::StrContains("-._~+/", token[i]))) {
    ++i;
  }
  if (i == 0) return false;
  while (i < token.size() && token[i] == '=') ++i;
  return i == token.size();
}

}  // namespace

absl::StatusOr<std::string> BearerTokenFromFile(absl::string_view contents) {
  while (!contents.empty() && absl::StrContains("\r\n\t ", contents.back())) {
    contents.remove_suffix(1);
  }
  if (contents.empty()) return absl::InvalidArgumentError("holds no token (empty or whitespace)");
  if (!IsB64Token(contents)) {
    return absl::InvalidArgumentError(
        "the token has characters outside RFC 6750's b64token (letters, digits, - . _ ~ + / and "
        "trailing =)");
  }
  return std::string(contents);
}

absl::StatusOr<ServerSecurity> LoadServerSecurity(const ServerOptions& options) {
  ServerSecurity security;
  if (!options.tls_cert_file.empty() || !options.tls_key_file.empty()) {
    TlsFiles tls;
    absl::StatusOr<std::string> cert =
        ReadPemFile("--tls_cert_file", options.tls_cert_file, "CERTIFICATE");
    if (!cert.ok()) return cert.status();
    tls.cert_chain_pem = *std::move(cert);
    absl::StatusOr<std::string> key =
        ReadPemFile("--tls_key_file", options.tls_key_file, "PRIVATE KEY");
    if (!key.ok()) return key.status();
    if (absl::StrContains(*key, "ENCRYPTED")) {  // PKCS#8 "ENCRYPTED PRIVATE KEY" or legacy
      return absl::InvalidArgumentError(
          absl::StrCat("--tls_key_file=", options.tls_key_file,
                       ": the key is encrypted (passphrase); gRPC needs an unencrypted PEM key"));
    }
    tls.private_key_pem = *std::move(key);
    if (!options.tls_client_ca_file.empty()) {
      absl::StatusOr<std::string> ca =
          ReadPemFile("--tls_client_ca_file", options.tls_client_ca_file, "CERTIFICATE");
      if (!ca.ok()) return ca.status();
      tls.client_ca_pem = *std::move(ca);
    }
    security.tls = std::move(tls);
  }
  if (!options.auth_token_file.empty()) {
    absl::StatusOr<std::string> contents =
        ReadSecurityFile("--auth_token_file", options.auth_token_file);
    if (!contents.ok()) return contents.status();
    absl::StatusOr<std::string> token = BearerTokenFromFile(*contents);
    if (!token.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("--auth_token_file=", options.auth_token_file,
                                                     ": ", token.status().message()));
    }
    security.bearer_token = *std::move(token);
  }
  return security;
}

std::shared_ptr<grpc::ServerCredentials> ServerCredentialsFor(const ServerSecurity& security) {
  if (!security.tls.has_value()) return grpc::InsecureServerCredentials();
  const TlsFiles& tls = *security.tls;
  grpc::SslServerCredentialsOptions ssl(
      tls.client_ca_pem.empty() ? GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE
                                : GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY);
  ssl.pem_root_certs = tls.client_ca_pem;
  ssl.pem_key_cert_pairs.push_back({tls.private_key_pem, tls.cert_chain_pem});
  return grpc::SslServerCredentials(ssl);
}

}  // namespace stori::server

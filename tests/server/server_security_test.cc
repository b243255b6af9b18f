// LoadServerSecurity and BearerTokenFromFile: what the flags' files must hold, and the reasons
// given (naming the flag and path, never the token) when they do not.
#include "server/server_security.h"

#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "tests/server/in_process_server.h"

namespace stori::server {
namespace {

using ::stori::server::testing::TestCertificates;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(BearerTokenFromFile, StripsTrailingNewlinesAndSpaces) {
  EXPECT_EQ(*BearerTokenFromFile("abc123\n"), "abc123");
  EXPECT_EQ(*BearerTokenFromFile("abc123\r\n"), "abc123");
  EXPECT_EQ(*BearerTokenFromFile("abc123 \n\n"), "abc123");
  EXPECT_EQ(*BearerTokenFromFile("a-b.c_d~e+f/g=="), "a-b.c_d~e+f/g==");
}

TEST(BearerTokenFromFile, RefusesNoTokenAndCharactersOutsideB64Token) {
  for (const char* contents : {"", "\n", " \r\n", "two words", "tab\there", "=abc", "ab=c",
                               "line1\nline2", "caf\xc3\xa9"}) {
    const absl::StatusOr<std::string> token = BearerTokenFromFile(contents);
    EXPECT_TRUE(absl::IsInvalidArgument(token.status())) << "'" << contents << "'";
  }
}

// A temporary directory for one test, removed afterwards.
class SecurityFiles : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/stori-security-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }
  std::string Write(const std::string& name, const std::string& contents) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << contents;
    return path;
  }
  ServerOptions TlsOptions() {
    const TestCertificates& certs = TestCertificates::Get();
    ServerOptions options;
    options.tls_cert_file = Write("server.pem", certs.server_cert);
    options.tls_key_file = Write("server.key", certs.server_key);
    return options;
  }

  std::string dir_;
};

TEST_F(SecurityFiles, NothingSetIsPlaintextWithoutToken) {
  const absl::StatusOr<ServerSecurity> security = LoadServerSecurity(ServerOptions());
  ASSERT_TRUE(security.ok()) << security.status();
  EXPECT_FALSE(security->tls.has_value());
  EXPECT_FALSE(security->bearer_token.has_value());
}

TEST_F(SecurityFiles, ReadsTlsFilesAndToken) {
  ServerOptions options = TlsOptions();
  options.tls_client_ca_file = Write("ca.pem", TestCertificates::Get().ca);
  options.auth_token_file = Write("token", "tok3n\n");
  const absl::StatusOr<ServerSecurity> security = LoadServerSecurity(options);
  ASSERT_TRUE(security.ok()) << security.status();
  ASSERT_TRUE(security->tls.has_value());
  EXPECT_EQ(security->tls->cert_chain_pem, TestCertificates::Get().server_cert);
  EXPECT_EQ(security->tls->private_key_pem, TestCertificates::Get().server_key);
  EXPECT_EQ(security->tls->client_ca_pem, TestCertificates::Get().ca);
  EXPECT_EQ(security->bearer_token, "tok3n");
}

// Each bad file: kInvalidArgument whose message starts with the flag and path and says why.
TEST_F(SecurityFiles, BadFilesNameTheFlagPathAndReason) {
  const TestCertificates& certs = TestCertificates::Get();
  struct Case {
    std::string flag;
    std::string contents;  // written to the flag's file; "<missing>": no file
    std::string reason;
  };
  const Case cases[] = {
      {"--tls_cert_file", "<missing>", "cannot open: No such file or directory"},
      {"--tls_cert_file", "", ": empty"},
      {"--tls_cert_file", certs.server_key, "no PEM block labelled CERTIFICATE"},
      {"--tls_key_file", certs.server_cert, "no PEM block labelled PRIVATE KEY"},
      {"--tls_key_file", "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n", "encrypted"},
      {"--tls_client_ca_file", "not pem", "no PEM block labelled CERTIFICATE"},
      {"--auth_token_file", "", ": empty"},
      {"--auth_token_file", "\n", "holds no token"},
      {"--auth_token_file", std::string(kMaxSecurityFileBytes + 1, 'a'), "larger than"},
  };
  for (const Case& c : cases) {
    ServerOptions options = TlsOptions();
    const std::string path = c.contents == "<missing>" ? dir_ + "/missing" : Write("f", c.contents);
    if (c.flag == "--tls_cert_file") options.tls_cert_file = path;
    if (c.flag == "--tls_key_file") options.tls_key_file = path;
    if (c.flag == "--tls_client_ca_file") options.tls_client_ca_file = path;
    if (c.flag == "--auth_token_file") options.auth_token_file = path;
    const absl::StatusOr<ServerSecurity> security = LoadServerSecurity(options);
    EXPECT_TRUE(absl::IsInvalidArgument(security.status())) << c.flag << ": " << c.reason;
    EXPECT_THAT(security.status().message(), HasSubstr(c.flag + "=" + path + ": "));
    EXPECT_THAT(security.status().message(), HasSubstr(c.reason));
  }
}

TEST_F(SecurityFiles, ABadTokenIsNotEchoed) {
  ServerOptions options;
  options.auth_token_file = Write("token", "secret value\n");
  const absl::StatusOr<ServerSecurity> security = LoadServerSecurity(options);
  EXPECT_TRUE(absl::IsInvalidArgument(security.status()));
  EXPECT_THAT(security.status().message(), Not(HasSubstr("secret")));
}

}  // namespace
}  // namespace stori::server

// StartGrpcServer's transport: plain text by default; TLS with the test CA's server certificate (a
// plain-text client is refused); mutual TLS (a client certificate from the CA is needed and one
// from another CA is refused); health answered on every kind of port; requests over
// validate::kMaxReceiveMessageBytes refused with RESOURCE_EXHAUSTED at once while the server goes
// on serving. Certificates come from tests/server/make_test_certs.sh (openssl) at test time.
#include "server/grpc_server.h"

#include <chrono>
#include <string>

#include "absl/status/status.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "server/validate/limits.h"
#include "tests/server/in_process_server.h"
#include "tests/server/request_fixtures.h"

namespace stori::server {
namespace {

using ::grpc::health::v1::HealthCheckResponse;
using ::stori::server::testing::AnsweringEngine;
using ::stori::server::testing::CallGenerateSection;
using ::stori::server::testing::CheckHealth;
using ::stori::server::testing::PlaintextChannel;
using ::stori::server::testing::TestCertificates;
using ::stori::server::testing::TestServer;
using ::stori::server::testing::TlsChannel;
using ::stori::server::testing::TlsSecurity;
using ::stori::server::testing::ValidSectionRequest;
using ::testing::HasSubstr;

// A refused handshake ends the call UNAVAILABLE (gRPC's code for a transport that never came up).
constexpr grpc::StatusCode kRefused = grpc::StatusCode::UNAVAILABLE;

TEST(GrpcServerTransport, PlaintextByDefault) {
  AnsweringEngine engine;
  TestServer server({}, &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  auto channel = PlaintextChannel(server.target());
  const grpc::Status status = CallGenerateSection(channel);
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(engine.calls, 1);
}

TEST(GrpcServerTransport, TlsServesATlsClientAndHealth) {
  AnsweringEngine engine;
  TestServer server(TlsSecurity(/*mutual=*/false), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  auto channel = TlsChannel(server.target());
  v1::GenerateSectionResponse response;
  const grpc::Status status = CallGenerateSection(channel, {}, ValidSectionRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.result().section_id(), "verse_1");  // section_index 0
  HealthCheckResponse::ServingStatus serving = HealthCheckResponse::UNKNOWN;
  ASSERT_TRUE(CheckHealth(channel, kGenerationServiceName, &serving).ok());
  EXPECT_EQ(serving, HealthCheckResponse::SERVING);
}

TEST(GrpcServerTransport, TlsRefusesAPlaintextClient) {
  AnsweringEngine engine;
  TestServer server(TlsSecurity(/*mutual=*/false), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  const auto start = std::chrono::steady_clock::now();
  const grpc::Status status = CallGenerateSection(PlaintextChannel(server.target()));
  EXPECT_EQ(status.error_code(), kRefused) << status.error_message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  EXPECT_EQ(engine.calls, 0);
}

TEST(GrpcServerTransport, TlsClientRefusesAServerItDoesNotTrust) {
  TestServer server(TlsSecurity(/*mutual=*/false));
  ASSERT_TRUE(server.status().ok()) << server.status();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = TestCertificates::Get().client_cert;  // not the server's CA
  auto channel = grpc::CreateChannel(server.target(), grpc::SslCredentials(options));
  EXPECT_EQ(CallGenerateSection(channel).error_code(), kRefused);
}

TEST(GrpcServerTransport, MutualTlsRefusesAClientWithoutACertificate) {
  AnsweringEngine engine;
  TestServer server(TlsSecurity(/*mutual=*/true), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  const grpc::Status status = CallGenerateSection(TlsChannel(server.target()));
  EXPECT_EQ(status.error_code(), kRefused) << status.error_message();
  HealthCheckResponse::ServingStatus serving = HealthCheckResponse::UNKNOWN;
  EXPECT_EQ(CheckHealth(TlsChannel(server.target()), "", &serving).error_code(), kRefused);
  EXPECT_EQ(engine.calls, 0);
}

TEST(GrpcServerTransport, MutualTlsRefusesACertificateFromAnotherCa) {
  AnsweringEngine engine;
  TestServer server(TlsSecurity(/*mutual=*/true), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  const TestCertificates& certs = TestCertificates::Get();
  const grpc::Status status = CallGenerateSection(
      TlsChannel(server.target(), certs.other_client_cert, certs.other_client_key));
  EXPECT_EQ(status.error_code(), kRefused) << status.error_message();
  EXPECT_EQ(engine.calls, 0);
}

TEST(GrpcServerTransport, MutualTlsAcceptsACertificateFromTheCa) {
  AnsweringEngine engine;
  TestServer server(TlsSecurity(/*mutual=*/true), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  const TestCertificates& certs = TestCertificates::Get();
  auto channel = TlsChannel(server.target(), certs.client_cert, certs.client_key);
  const grpc::Status status = CallGenerateSection(channel);
  EXPECT_TRUE(status.ok()) << status.error_message();
  HealthCheckResponse::ServingStatus serving = HealthCheckResponse::UNKNOWN;
  ASSERT_TRUE(CheckHealth(channel, kGenerationServiceName, &serving).ok());
  EXPECT_EQ(serving, HealthCheckResponse::SERVING);
}

TEST(GrpcServerTransport, AKeyThatDoesNotMatchTheCertificateFailsToStart) {
  ServerSecurity security = TlsSecurity(/*mutual=*/false);
  security.tls->private_key_pem = TestCertificates::Get().client_key;
  TestServer server(security);
  EXPECT_TRUE(absl::IsUnavailable(server.status())) << server.status();
  EXPECT_THAT(server.status().message(), HasSubstr("TLS"));
}

// A 20 MiB request: gRPC's transport refuses it before any handler runs, promptly, with a message
// naming both sizes; the connection and the server go on serving.
TEST(GrpcServerTransport, OversizeRequestIsResourceExhaustedAndTheServerGoesOn) {
  AnsweringEngine engine;
  TestServer server({}, &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  auto channel = PlaintextChannel(server.target());
  v1::GenerateSectionRequest big = ValidSectionRequest();
  big.set_request_json(std::string(20 << 20, ' '));
  ASSERT_GT(big.ByteSizeLong(), static_cast<std::size_t>(validate::kMaxReceiveMessageBytes));

  const auto start = std::chrono::steady_clock::now();
  const grpc::Status status = CallGenerateSection(channel, {}, big);
  const auto elapsed = std::chrono::steady_clock::now() - start;
  EXPECT_EQ(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(status.error_message(), HasSubstr("larger than max"));
  EXPECT_THAT(status.error_message(), HasSubstr(std::to_string(validate::kMaxReceiveMessageBytes)));
  EXPECT_LT(elapsed, std::chrono::seconds(3));
  EXPECT_EQ(engine.calls, 0);

  const grpc::Status next = CallGenerateSection(channel);  // same channel
  EXPECT_TRUE(next.ok()) << next.error_message();
  const grpc::Status fresh = CallGenerateSection(PlaintextChannel(server.target()));
  EXPECT_TRUE(fresh.ok()) << fresh.error_message();
  EXPECT_EQ(engine.calls, 2);
}

TEST(GrpcServerTransport, RequestAtTheLimitIsRead) {
  AnsweringEngine engine;
  TestServer server({}, &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  v1::GenerateSectionRequest request = ValidSectionRequest();
  request.set_request_json("{}");
  const std::size_t base = request.ByteSizeLong();
  // Padding inside the JSON text keeps it valid; the message ends up just under the limit.
  request.set_request_json("{}" + std::string(validate::kMaxReceiveMessageBytes - base - 16, ' '));
  ASSERT_LE(request.ByteSizeLong(), static_cast<std::size_t>(validate::kMaxReceiveMessageBytes));
  const grpc::Status status = CallGenerateSection(PlaintextChannel(server.target()), {}, request);
  EXPECT_NE(status.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << status.error_message();
}

}  // namespace
}  // namespace stori::server

// BearerTokenGate: every GenerationService RPC needs "authorization: Bearer <token>" (missing,
// malformed or wrong: UNAUTHENTICATED without echoing a token, before the engine); health and
// reflection stay open; the token works on plain text and over mutual TLS; refusals are counted.
#include "server/bearer_token_gate.h"

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gmock/gmock.h"
#include "grpcpp/impl/codegen/sync_stream.h"
#include "grpcpp/support/byte_buffer.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
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
using ::testing::Not;

constexpr char kToken[] = "s3cr3t-Token_42~+/=";

TEST(ConstantTimeEquals, ComparesWholeStrings) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("xbc", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("ab", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("abcabc", "abc"));  // `expected` repeated is still different
  EXPECT_FALSE(ConstantTimeEquals("abcd", "abc"));
  EXPECT_FALSE(ConstantTimeEquals("", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("a", ""));
}

grpc::Status Check(const std::multimap<std::string, std::string>& metadata) {
  std::multimap<grpc::string_ref, grpc::string_ref> refs;
  for (const auto& [key, value] : metadata) refs.emplace(key, value);
  return CheckBearerToken(refs, kToken);
}

TEST(CheckBearerToken, AcceptsTheTokenWithTheSchemeInAnyCase) {
  EXPECT_TRUE(Check({{"authorization", std::string("Bearer ") + kToken}}).ok());
  EXPECT_TRUE(Check({{"authorization", std::string("bearer ") + kToken}}).ok());
  EXPECT_TRUE(Check({{"authorization", std::string("BEARER  ") + kToken}}).ok());
}

TEST(CheckBearerToken, RefusesWhatIsNotExactlyOneBearerToken) {
  const std::string right = std::string("Bearer ") + kToken;
  for (const auto& metadata : std::vector<std::multimap<std::string, std::string>>{
           {},
           {{"x-token", kToken}},
           {{"authorization", kToken}},
           {{"authorization", std::string("Basic ") + kToken}},
           {{"authorization", std::string("Bearer") + kToken}},
           {{"authorization", "Bearer "}},
           {{"authorization", "Bearer wrong"}},
           {{"authorization", right + "x"}},
           {{"authorization", right.substr(0, right.size() - 1)}},
           {{"authorization", right}, {"authorization", right}},
       }) {
    const grpc::Status status = Check(metadata);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
    EXPECT_THAT(status.error_message(), Not(HasSubstr(kToken)));
    EXPECT_THAT(status.error_message(), Not(HasSubstr("wrong")));
  }
}

ServerSecurity TokenSecurity() {
  ServerSecurity security;
  security.bearer_token = kToken;
  return security;
}

std::vector<std::pair<std::string, std::string>> Bearer(const std::string& token) {
  return {{"authorization", "Bearer " + token}};
}

TEST(BearerTokenGate, MissingTokenIsUnauthenticatedBeforeTheEngine) {
  AnsweringEngine engine;
  TestServer server(TokenSecurity(), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  const grpc::Status status = CallGenerateSection(PlaintextChannel(server.target()));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_THAT(status.error_message(), HasSubstr("missing bearer token"));
  EXPECT_EQ(engine.calls, 0);
}

TEST(BearerTokenGate, WrongTokenIsUnauthenticatedWithoutEchoingATokenAndCounted) {
  AnsweringEngine engine;
  TestServer server(TokenSecurity(), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  const grpc::Status status =
      CallGenerateSection(PlaintextChannel(server.target()), Bearer("not-the-token"));
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "invalid bearer token");
  EXPECT_EQ(engine.calls, 0);
  const std::string scraped =
      prometheus::TextSerializer().Serialize(server.metrics().collectables()[0]->Collect());
  EXPECT_THAT(
      scraped,
      HasSubstr("stori_requests_total{code=\"UNAUTHENTICATED\",rpc=\"GenerateSection\"} 1"));
}

TEST(BearerTokenGate, RightTokenIsServed) {
  AnsweringEngine engine;
  TestServer server(TokenSecurity(), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  v1::GenerateSectionResponse response;
  const grpc::Status status = CallGenerateSection(PlaintextChannel(server.target()), Bearer(kToken),
                                                  ValidSectionRequest(), &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.result().section_id(), "verse_1");  // section_index 0
  EXPECT_EQ(engine.calls, 1);
}

TEST(BearerTokenGate, EveryRpcNeedsTheToken) {
  AnsweringEngine engine;
  TestServer server(TokenSecurity(), &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  auto stub = v1::GenerationService::NewStub(PlaintextChannel(server.target()));
  {
    grpc::ClientContext context;
    v1::GenerateSongRequest request;
    *request.mutable_rms() = ValidSectionRequest().rms();
    auto reader = stub->GenerateSong(&context, request);
    v1::GenerateSongResponse message;
    EXPECT_FALSE(reader->Read(&message));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer wrong");
    v1::RefineSectionResponse response;
    EXPECT_EQ(stub->RefineSection(&context, v1::RefineSectionRequest(), &response).error_code(),
              grpc::StatusCode::UNAUTHENTICATED);
  }
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", std::string("Bearer ") + kToken);
    v1::GenerateSongRequest request;
    *request.mutable_rms() = ValidSectionRequest().rms();
    auto reader = stub->GenerateSong(&context, request);
    v1::GenerateSongResponse message;
    while (reader->Read(&message)) {
    }
    const grpc::Status status = reader->Finish();
    EXPECT_TRUE(status.ok()) << status.error_message();
  }
  EXPECT_EQ(engine.calls, 1);
}

TEST(BearerTokenGate, HealthNeedsNoToken) {
  TestServer server(TokenSecurity());
  ASSERT_TRUE(server.status().ok()) << server.status();
  auto channel = PlaintextChannel(server.target());
  HealthCheckResponse::ServingStatus serving = HealthCheckResponse::UNKNOWN;
  ASSERT_TRUE(CheckHealth(channel, kGenerationServiceName, &serving).ok());
  EXPECT_EQ(serving, HealthCheckResponse::SERVING);
  ASSERT_TRUE(CheckHealth(channel, "", &serving).ok());
  EXPECT_EQ(serving, HealthCheckResponse::SERVING);
}

// grpc.reflection.v1alpha list_services without metadata: the raw response bytes (service names
// appear in them as they are), or "<status message>" when the call fails.
std::string ListServicesRaw(const std::shared_ptr<grpc::Channel>& channel) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  const grpc::internal::RpcMethod method(
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          channel.get(), method, &context));
  // ServerReflectionRequest{list_services: "*"}: field 7, length-delimited, 1 byte.
  grpc::Slice slice(std::string("\x3a\x01*", 3));
  grpc::ByteBuffer out(&slice, 1);
  stream->Write(out);
  stream->WritesDone();
  std::string raw;
  grpc::ByteBuffer in;
  while (stream->Read(&in)) {
    std::vector<grpc::Slice> slices;
    (void)in.Dump(&slices);
    for (const grpc::Slice& s : slices)
      raw.append(reinterpret_cast<const char*>(s.begin()), s.size());
  }
  const grpc::Status status = stream->Finish();
  return status.ok() ? raw : "<" + status.error_message() + ">";
}

TEST(BearerTokenGate, ReflectionNeedsNoToken) {
  TestServer server(TokenSecurity());
  ASSERT_TRUE(server.status().ok()) << server.status();
  EXPECT_THAT(ListServicesRaw(PlaintextChannel(server.target())),
              HasSubstr("stori.generation.v1.GenerationService"));
}

TEST(BearerTokenGate, TokenOverMutualTls) {
  AnsweringEngine engine;
  ServerSecurity security = TlsSecurity(/*mutual=*/true);
  security.bearer_token = kToken;
  TestServer server(security, &engine);
  ASSERT_TRUE(server.status().ok()) << server.status();
  const TestCertificates& certs = TestCertificates::Get();
  auto channel = TlsChannel(server.target(), certs.client_cert, certs.client_key);
  EXPECT_EQ(CallGenerateSection(channel).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  const grpc::Status status = CallGenerateSection(channel, Bearer(kToken));
  EXPECT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(engine.calls, 1);
}

}  // namespace
}  // namespace stori::server

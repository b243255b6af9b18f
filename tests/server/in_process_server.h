// For the security and transport tests: a whole in-process server (executor, admission,
// GenerationService, the grpc::Server that StartGrpcServer builds, readiness) on 127.0.0.1:0 with
// any ServerSecurity, an engine that answers at once, throw-away TLS material written by
// tests/server/make_test_certs.sh, and channels and calls to reach the server with.
#ifndef STORI_TESTS_SERVER_IN_PROCESS_SERVER_H_
#define STORI_TESTS_SERVER_IN_PROCESS_SERVER_H_

#include <stdlib.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <system_error>
#include <utility>
#include <vector>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "server/admission.h"
#include "server/generation_service.h"
#include "server/grpc_server.h"
#include "server/metrics.h"
#include "server/readiness.h"
#include "engine/common/task_pool.h"
#include "server/section_engine.h"
#include "server/server_security.h"
#include "stori/generation/v1/service.grpc.pb.h"
#include "tests/server/request_fixtures.h"

namespace stori::server::testing {

// Answers every call at once: a section with the request's section id, an empty song, an empty
// refinement. Counts the calls that reached it.
class AnsweringEngine : public SectionEngine {
 public:
  absl::StatusOr<SectionResult> GenerateSection(const SectionRequest& request,
                                                const RunContext&) override {
    ++calls;
    SectionResult result;
    result.section_id = request.section.section_id;
    return result;
  }
  absl::StatusOr<RefinedSection> RefineSection(const RefinementRequest& request,
                                               const RunContext&) override {
    ++calls;
    RefinedSection refined;
    refined.request = request.request;
    return refined;
  }
  absl::Status GenerateSong(const std::vector<SectionRequest>&, const RunContext&,
                            song::SongObserver&) override {
    ++calls;
    return absl::OkStatus();
  }
  std::atomic<int> calls{0};
};

// A running server; destroyed in the right order (server, then executor).
class TestServer {
 public:
  explicit TestServer(const ServerSecurity& security = {}, SectionEngine* engine = nullptr)
      : executor_(2),
        admission_(AdmissionOptions{8, 2, absl::Seconds(60)}),
        service_(executor_, admission_, engine, &metrics_) {
    absl::StatusOr<StartedServer> started =
        StartGrpcServer("127.0.0.1:0", service_, security, &metrics_);
    status_ = started.status();
    if (!started.ok()) return;
    started_ = *std::move(started);
    readiness_ = std::make_unique<Readiness>(started_.server->GetHealthCheckService());
    readiness_->SetServing();
  }
  ~TestServer() {
    if (started_.server) started_.server->Shutdown(std::chrono::system_clock::now());
  }

  const absl::Status& status() const { return status_; }
  std::string target() const { return "127.0.0.1:" + std::to_string(started_.port); }
  ServiceMetrics& metrics() { return metrics_; }

 private:
  TaskPool executor_;
  Admission admission_;
  ServiceMetrics metrics_;
  GenerationService service_;
  absl::Status status_;
  StartedServer started_;
  std::unique_ptr<Readiness> readiness_;
};

// PEM text of tests/server/make_test_certs.sh's files, generated once per test binary into a
// temporary directory that is removed once they are read.
struct TestCertificates {
  bool ok = false;
  std::string ca, server_cert, server_key, client_cert, client_key;
  std::string other_client_cert,
      other_client_key;  // signed by a CA nothing trusts

  // Generates them on the first call; fails the test (and returns `ok` false) if openssl or the
  // script fails.
  static const TestCertificates& Get() {
    static const TestCertificates* const certs = [] {
      auto* made = new TestCertificates;
      char pattern[] = "/tmp/stori-certs-XXXXXX";
      if (mkdtemp(pattern) == nullptr) return made;
      const std::string command = "bash " + Source("tests/server/make_test_certs.sh") + " " +
                                  std::string(pattern) + " >/dev/null 2>&1";
      const std::string dir = pattern;
      if (std::system(command.c_str()) == 0) {
        made->ca = ReadFile(dir + "/ca.pem");
        made->server_cert = ReadFile(dir + "/server.pem");
        made->server_key = ReadFile(dir + "/server.key");
        made->client_cert = ReadFile(dir + "/client.pem");
        made->client_key = ReadFile(dir + "/client.key");
        made->other_client_cert = ReadFile(dir + "/other_client.pem");
        made->other_client_key = ReadFile(dir + "/other_client.key");
        made->ok = !made->ca.empty() && !made->server_key.empty() && !made->client_key.empty();
      }
      std::error_code ignored;
      std::filesystem::remove_all(dir, ignored);
      return made;
    }();
    EXPECT_TRUE(certs->ok) << "tests/server/make_test_certs.sh failed (is Debian's openssl "
                              "installed?)";
    return *certs;
  }

 private:
  static std::string Source(const std::string& relative) {
    return std::string(STORI_SOURCE_DIR) + "/" + relative;
  }
};

// The server's TLS settings from the test certificates; with the CA as client CA when `mutual`.
inline ServerSecurity TlsSecurity(bool mutual) {
  const TestCertificates& certs = TestCertificates::Get();
  ServerSecurity security;
  security.tls = TlsFiles{certs.server_cert, certs.server_key, mutual ? certs.ca : ""};
  return security;
}

inline std::shared_ptr<grpc::Channel> PlaintextChannel(const std::string& target) {
  return grpc::CreateChannel(target, grpc::InsecureChannelCredentials());
}

// A TLS channel trusting the test CA, presenting `cert`/`key` when not empty.
inline std::shared_ptr<grpc::Channel> TlsChannel(const std::string& target,
                                                 const std::string& cert = "",
                                                 const std::string& key = "") {
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = TestCertificates::Get().ca;
  options.pem_cert_chain = cert;
  options.pem_private_key = key;
  return grpc::CreateChannel(target, grpc::SslCredentials(options));
}

// One GenerateSection call with `metadata`, a 10 s deadline; the response in `response`.
inline grpc::Status CallGenerateSection(
    const std::shared_ptr<grpc::Channel>& channel,
    const std::vector<std::pair<std::string, std::string>>& metadata = {},
    const v1::GenerateSectionRequest& request = ValidSectionRequest(),
    v1::GenerateSectionResponse* response = nullptr) {
  auto stub = v1::GenerationService::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  for (const auto& [key, value] : metadata) context.AddMetadata(key, value);
  v1::GenerateSectionResponse ignored;
  return stub->GenerateSection(&context, request, response != nullptr ? response : &ignored);
}

// grpc.health.v1.Health/Check of `service` without metadata; the call's status and the answer.
inline grpc::Status CheckHealth(const std::shared_ptr<grpc::Channel>& channel,
                                const std::string& service,
                                grpc::health::v1::HealthCheckResponse::ServingStatus* serving) {
  auto stub = grpc::health::v1::Health::NewStub(channel);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(service);
  grpc::health::v1::HealthCheckResponse response;
  grpc::Status status = stub->Check(&context, request, &response);
  *serving = response.status();
  return status;
}

}  // namespace stori::server::testing

#endif  // STORI_TESTS_SERVER_IN_PROCESS_SERVER_H_

// stori-server: the generation service's process. Owns, in order, the options, the request
// executor, admission, the GenerationService, the grpc::Server and the readiness state; tears
// them down in reverse on SIGINT/SIGTERM (STYLE.md §1). Health stays NOT_SERVING for
// stori.generation.v1.GenerationService until an engine is attached, loaded and warmed; until the
// neural engine lands every RPC validates and answers UNIMPLEMENTED.
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <memory>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "grpcpp/health_check_service_interface.h"
#include "server/admission.h"
#include "server/flags.h"
#include "server/generation_service.h"
#include "server/grpc_server.h"
#include "server/readiness.h"
#include "server/request_executor.h"
#include "spdlog/spdlog.h"

namespace {

// How long in-flight calls get to finish after SIGTERM before they are cancelled (Kubernetes'
// default terminationGracePeriodSeconds is 30 s).
constexpr absl::Duration kShutdownGrace = absl::Seconds(20);

int Run(const stori::server::ServerOptions& options, const sigset_t& stop_signals) {
  using namespace stori::server;
  RequestExecutor executor(options.threads);
  Admission admission(options.max_inflight_requests);
  GenerationService service(executor, admission);
  absl::StatusOr<StartedServer> started = StartGrpcServer(options.ListenAddress(), service);
  if (!started.ok()) {
    spdlog::error("event=startup_failed reason=\"{}\"", std::string(started.status().message()));
    return EXIT_FAILURE;
  }
  Readiness readiness(started->server->GetHealthCheckService());
  spdlog::info(
      "event=server_started address={} port={} threads={} max_inflight_requests={} device={} "
      "model_path=\"{}\"",
      options.address, started->port, options.threads, options.max_inflight_requests,
      DeviceName(options.device), options.model_path);
  // The neural engine (ModelRunner + SectionGenerator) is not part of this build yet: stay
  // NOT_SERVING and answer UNIMPLEMENTED after validation.
  readiness.SetNotServing("neural engine not loaded yet (no engine in this build)");

  int signal = 0;
  sigwait(&stop_signals, &signal);
  spdlog::info("event=shutdown_started signal={} grace_ms={}", signal,
               absl::ToInt64Milliseconds(kShutdownGrace));
  readiness.SetNotServing("shutting down");
  started->server->Shutdown(absl::ToChronoTime(absl::Now() + kShutdownGrace));
  started->server->Wait();
  spdlog::info("event=shutdown_done");
  return EXIT_SUCCESS;  // executor joins after the server is gone
}

}  // namespace

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(
      "Stori generation service (gRPC stori.generation.v1.GenerationService).");
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<stori::server::ServerOptions> options = stori::server::ServerOptionsFromFlags();
  if (!options.ok()) {
    spdlog::error("event=bad_flags reason=\"{}\"", std::string(options.status().message()));
    return EXIT_FAILURE;
  }
  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only the sigwait in Run sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return Run(*options, stop_signals);
}

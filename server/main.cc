// stori-server: the generation service's process. Owns, in order, the options, the ModelRunner
// and NeuralSectionEngine (filled once loaded), the generation task pool, admission, the
// GenerationService, the grpc::Server and the readiness state; tears them down in reverse on
// SIGINT/SIGTERM after draining: health NOT_SERVING, new calls UNAVAILABLE, calls in flight
// given up to --shutdown_grace_s (less 2 s) to finish, then exit 0.
//
// Startup: Torch threads are set once (--torch_threads); the TLS files and the bearer token are
// read (server/server_security.h: a missing or bad one is logged as event=startup_failed and
// ends the process with status 1, before it listens); the server starts listening with health
// NOT_SERVING for stori.generation.v1.GenerationService (probes get an answer while the model
// loads; RPCs answer UNIMPLEMENTED after validation), then the model loads from --model_path on
// --device and is warmed, the engine is attached and health turns SERVING.
// A model that fails to load or warm is fatal: the error is logged (event=model_load_failed) and
// the process exits with status 1, so an orchestrator restarts it and the failure shows in its
// events, rather than a replica that is up but never ready. --model_path="" runs the contract
// without an engine (NOT_SERVING, UNIMPLEMENTED), for API tests.
#include <pthread.h>

#include <csignal>
#include <cstdlib>
#include <memory>

#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/model/device_probe.h"
#include "engine/model/model_runner.h"
#include "engine/model/torch_threads.h"
#include "grpcpp/health_check_service_interface.h"
#include "server/admission.h"
#include "server/flags.h"
#include "server/generation_service.h"
#include "server/metrics.h"
#include "server/metrics_http.h"
#include "server/grpc_server.h"
#include "server/neural_section_engine.h"
#include "server/readiness.h"
#include "engine/common/task_pool.h"
#include "server/server_security.h"
#include "spdlog/spdlog.h"

namespace {

// Kept back from --shutdown_grace_s for cancelling what still runs and exiting before the
// orchestrator's SIGKILL at the end of terminationGracePeriodSeconds.
constexpr absl::Duration kShutdownMargin = absl::Seconds(2);

// Loads and warms the model. Errors: as model::ModelRunner::Load and Warmup.
absl::StatusOr<std::unique_ptr<stori::model::ModelRunner>> LoadModel(
    const stori::server::ServerOptions& options) {
  using stori::model::ModelRunner;
  const absl::Time start = absl::Now();
  absl::StatusOr<std::unique_ptr<ModelRunner>> runner =
      ModelRunner::Load({options.model_path, options.device});
  if (!runner.ok()) return runner.status();
  const double load_ms = absl::ToDoubleMilliseconds(absl::Now() - start);
  const absl::Time warm_start = absl::Now();
  if (absl::Status warm = (*runner)->Warmup(); !warm.ok()) return warm;
  spdlog::info(
      "event=model_loaded model_id={} model_version={} device={} model_path=\"{}\" "
      "torch_threads={} load_ms={:.1f} warmup_ms={:.1f}",
      (*runner)->model_id(), (*runner)->model_version(), (*runner)->device_name(),
      options.model_path, stori::model::TorchThreads(), load_ms,
      absl::ToDoubleMilliseconds(absl::Now() - warm_start));
  return runner;
}

// "off", "server" (TLS) or "mutual" (client certificates verified): for the startup log.
const char* TlsModeName(const stori::server::ServerSecurity& security) {
  if (!security.tls.has_value()) return "off";
  return security.tls->client_ca_pem.empty() ? "server" : "mutual";
}

int Run(const stori::server::ServerOptions& options, const sigset_t& stop_signals) {
  using namespace stori::server;
  // TLS files and the token first: a bad one ends the process before anything listens.
  absl::StatusOr<ServerSecurity> security = LoadServerSecurity(options);
  if (!security.ok()) {
    spdlog::error("event=startup_failed reason=\"{}\"", std::string(security.status().message()));
    return EXIT_FAILURE;
  }
  // Declared before the service and server so that they outlive them (destroyed last).
  std::unique_ptr<stori::model::ModelRunner> runner;
  std::unique_ptr<NeuralSectionEngine> engine;
  // Sized for the device the model will run on (--threads=0: from the cores or the GPU).
  const stori::model::Device device = stori::model::ResolveDevice(options.device);
  const int generation_threads = options.GenerationThreads(device);
  stori::TaskPool executor(generation_threads);
  Admission admission({options.max_inflight_requests, generation_threads,
                       absl::Milliseconds(options.max_queue_wait_ms)});
  ServiceMetrics metrics;
  metrics.SetGauges(
      {[&admission] { return admission.inflight(); }, [&admission] { return admission.queued(); },
       [&admission] { return absl::ToDoubleSeconds(admission.ExpectedWait(absl::Now())); },
       [&admission] { return admission.work_scale(); }});
  MetricsHttpServer metrics_http(metrics);
  int metrics_port = 0;
  if (options.metrics_port > 0) {
    absl::StatusOr<int> listening = metrics_http.Start(options.address, options.metrics_port);
    if (!listening.ok()) {
      spdlog::error("event=startup_failed reason=\"{}\"", std::string(listening.status().message()));
      return EXIT_FAILURE;
    }
    metrics_port = *listening;
  }
  GenerationService service(executor, admission, nullptr, &metrics);
  absl::StatusOr<StartedServer> started =
      StartGrpcServer(options.ListenAddress(), service, *security, &metrics);
  if (!started.ok()) {
    spdlog::error("event=startup_failed reason=\"{}\"", std::string(started.status().message()));
    return EXIT_FAILURE;
  }
  Readiness readiness(started->server->GetHealthCheckService());
  spdlog::info(
      "event=server_started address={} port={} metrics_port={} threads={} "
      "max_inflight_requests={} max_queue_wait_ms={} refinement_threads={} device={} "
      "torch_threads={} model_path=\"{}\" tls={} bearer_token={}",
      options.address, started->port, metrics_port, generation_threads,
      options.max_inflight_requests, options.max_queue_wait_ms, options.refinement_threads,
      std::string(stori::model::DeviceFlagName(device)), options.torch_threads,
      options.model_path, TlsModeName(*security), security->bearer_token ? "required" : "off");
  if (options.model_path.empty()) {
    readiness.SetNotServing("no --model_path: no engine, RPCs answer UNIMPLEMENTED");
  } else {
    readiness.SetNotServing("loading model");
    absl::StatusOr<std::unique_ptr<stori::model::ModelRunner>> loaded = LoadModel(options);
    if (!loaded.ok()) {
      spdlog::error("event=model_load_failed model_path=\"{}\" device={} code={} reason=\"{}\"",
                    options.model_path, std::string(stori::model::DeviceFlagName(options.device)),
                    absl::StatusCodeToString(loaded.status().code()),
                    std::string(loaded.status().message()));
      started->server->Shutdown(absl::ToChronoTime(absl::Now()));
      started->server->Wait();
      return EXIT_FAILURE;
    }
    runner = *std::move(loaded);
    engine = std::make_unique<NeuralSectionEngine>(*runner, options.refinement_threads,
                                                   options.refinement_queue);
    metrics.SetModelInfo(runner->model_id(), runner->model_version(), runner->device_name());
    service.AttachEngine(engine.get());
    readiness.SetServing();
  }

  int signal = 0;
  sigwait(&stop_signals, &signal);
  // One stop signal starts the drain; more are ignored (the orchestrator's SIGKILL ends a drain
  // that runs too long), so a repeated SIGTERM never kills a draining server mid-call.
  std::signal(SIGINT, SIG_IGN);
  std::signal(SIGTERM, SIG_IGN);
  // Drain: health NOT_SERVING (probes and load balancers stop sending), new calls UNAVAILABLE
  // (clients retry elsewhere), admitted calls finish; what still runs at the end is cancelled.
  const absl::Time end = absl::Now() + absl::Seconds(options.shutdown_grace_s) - kShutdownMargin;
  spdlog::info("event=shutdown_started signal={} inflight={} grace_s={}", signal,
               admission.inflight(), options.shutdown_grace_s);
  readiness.SetNotServing("shutting down");
  service.StartDrain();
  const int left = admission.WaitUntilIdle(end);
  started->server->Shutdown(absl::ToChronoTime(absl::Now() + absl::Seconds(1)));
  started->server->Wait();
  service.AttachEngine(nullptr);
  spdlog::info("event=shutdown_done cancelled_inflight={}", left);
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
  // Once, before any thread or model work.
  stori::model::SetTorchThreads(options->torch_threads);
  // Block the stop signals before any thread starts, so every thread inherits the mask and
  // only the sigwait in Run sees them.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGINT);
  sigaddset(&stop_signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
  return Run(*options, stop_signals);
}

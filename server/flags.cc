#include "server/flags.h"

#include <sched.h>

#include <algorithm>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

ABSL_FLAG(std::string, address, "0.0.0.0", "Interface to listen on (IPv4 or IPv6 literal).");
ABSL_FLAG(int, port, 50051, "TCP port to listen on, 0..65535; 0 picks a free port.");
ABSL_FLAG(int, threads, 0,
          "Generation threads: calls that run the model at once (>= 1); 0 picks from the device: "
          "on CPU the cores divided by --torch_threads, on CUDA or MPS 4.");
ABSL_FLAG(std::string, model_path, "models/stori-remi/v3",
          "Model directory (model.pt, config.json, vocab.json), relative to the working directory "
          "or absolute; empty: no engine (health stays NOT_SERVING, RPCs answer UNIMPLEMENTED).");
ABSL_FLAG(std::string, device, "auto",
          "Where the model runs: auto (cuda, else mps, else cpu), cpu, cuda or mps.");
ABSL_FLAG(int, torch_threads, 1,
          "LibTorch intra-op threads (>= 1), set once at startup; requests run concurrently on "
          "--threads executor threads.");
ABSL_FLAG(int, metrics_port, 9464,
          "HTTP port of Prometheus' /metrics on --address, 1..65535; 0 serves no metrics.");
ABSL_FLAG(int, shutdown_grace_s, 30,
          "Seconds after SIGTERM/SIGINT for in-flight calls to finish (>= 3): health turns "
          "NOT_SERVING and new calls get UNAVAILABLE at once; calls still running 2 s before the "
          "end are cancelled, then the process exits 0. Set the pod's "
          "terminationGracePeriodSeconds to the same value.");
ABSL_FLAG(int, max_inflight_requests, 32,
          "Requests in flight (queued or running) before new ones get RESOURCE_EXHAUSTED.");
ABSL_FLAG(int, max_queue_wait_ms, 2000,
          "Longest expected wait for a generation thread a call is admitted with (>= 1 ms); a "
          "call that would wait longer, or past its deadline, gets RESOURCE_EXHAUSTED at once "
          "with a google.rpc.RetryInfo.");
ABSL_FLAG(int, refinement_threads, 1,
          "Threads of the refinement worker pool (>= 0): GenerateSong refines section N there "
          "while it generates section N+1; 0 refines each section on the song's own thread.");
ABSL_FLAG(int, refinement_queue, 16,
          "Refinement jobs waiting in the pool (>= 0) beyond which a song refines its section on "
          "its own thread.");
ABSL_FLAG(std::string, tls_cert_file, "",
          "PEM certificate chain of the gRPC port (server certificate first); with "
          "--tls_key_file, gRPC is served over TLS only. Empty (both): plain text.");
ABSL_FLAG(std::string, tls_key_file, "",
          "PEM private key of --tls_cert_file's certificate; set both or neither.");
ABSL_FLAG(std::string, tls_client_ca_file, "",
          "PEM CA certificate(s); when set (needs --tls_cert_file), every client must present a "
          "certificate signed by one of them (mutual TLS). Empty: no client certificate asked.");
ABSL_FLAG(std::string, auth_token_file, "",
          "File holding a bearer token (trailing newlines and spaces are ignored); when set, every "
          "stori.generation.v1.GenerationService call must carry the metadata "
          "\"authorization: Bearer <token>\" or gets UNAUTHENTICATED. Health and reflection stay "
          "open. Empty: no token asked.");

namespace stori::server {

std::string ServerOptions::ListenAddress() const { return AddressWithPort(port); }

std::string ServerOptions::AddressWithPort(int any_port) const {
  if (absl::StrContains(address, ":") && !absl::StartsWith(address, "[")) {
    return absl::StrCat("[", address, "]:", any_port);
  }
  return absl::StrCat(address, ":", any_port);
}

int AvailableCores() {
  int cores = static_cast<int>(std::thread::hardware_concurrency());
  cpu_set_t affinity;
  if (sched_getaffinity(0, sizeof(affinity), &affinity) == 0) {
    cores = cores > 0 ? std::min(cores, CPU_COUNT(&affinity)) : CPU_COUNT(&affinity);
  }
  // cgroup v2 CPU limit: "max <period>" or "<quota> <period>" (microseconds per period).
  std::ifstream cpu_max("/sys/fs/cgroup/cpu.max");
  std::string quota;
  long long period = 0;
  if (cpu_max >> quota >> period && quota != "max" && period > 0) {
    long long q = 0;
    if (absl::SimpleAtoi(quota, &q) && q > 0) {
      const int limit = static_cast<int>((q + period - 1) / period);  // rounded up
      cores = cores > 0 ? std::min(cores, limit) : limit;
    }
  }
  return std::max(1, cores);
}

int ServerOptions::GenerationThreads(model::Device resolved_device) const {
  if (threads > 0) return threads;
  if (resolved_device == model::Device::kCuda || resolved_device == model::Device::kMps) {
    return kAcceleratorGenerationThreads;
  }
  return std::max(1, AvailableCores() / std::max(1, torch_threads));
}

absl::StatusOr<ServerOptions> ServerOptionsFromFlags() {
  ServerOptions options;
  std::vector<std::string> errors;
  options.address = absl::GetFlag(FLAGS_address);
  if (options.address.empty()) errors.push_back("--address: must not be empty");
  options.port = absl::GetFlag(FLAGS_port);
  if (options.port < 0 || options.port > 65535) {
    errors.push_back(absl::StrCat("--port=", options.port, ": expected 0..65535"));
  }
  options.threads = absl::GetFlag(FLAGS_threads);
  if (options.threads < 0) {
    errors.push_back(absl::StrCat("--threads=", options.threads, ": expected 0 (auto) or >= 1"));
  }
  options.model_path = absl::GetFlag(FLAGS_model_path);
  absl::StatusOr<model::Device> device = model::ParseDevice(absl::GetFlag(FLAGS_device));
  if (device.ok()) {
    options.device = *device;
  } else {
    errors.push_back(std::string(device.status().message()));
  }
  options.torch_threads = absl::GetFlag(FLAGS_torch_threads);
  if (options.torch_threads < 1) {
    errors.push_back(absl::StrCat("--torch_threads=", options.torch_threads, ": expected >= 1"));
  }
  options.metrics_port = absl::GetFlag(FLAGS_metrics_port);
  if (options.metrics_port < 0 || options.metrics_port > 65535) {
    errors.push_back(
        absl::StrCat("--metrics_port=", options.metrics_port, ": expected 0 (none) or 1..65535"));
  }
  options.shutdown_grace_s = absl::GetFlag(FLAGS_shutdown_grace_s);
  if (options.shutdown_grace_s < 3) {
    errors.push_back(
        absl::StrCat("--shutdown_grace_s=", options.shutdown_grace_s, ": expected >= 3"));
  }
  options.max_inflight_requests = absl::GetFlag(FLAGS_max_inflight_requests);
  if (options.max_inflight_requests < 1) {
    errors.push_back(
        absl::StrCat("--max_inflight_requests=", options.max_inflight_requests, ": expected >= 1"));
  }
  options.max_queue_wait_ms = absl::GetFlag(FLAGS_max_queue_wait_ms);
  if (options.max_queue_wait_ms < 1) {
    errors.push_back(
        absl::StrCat("--max_queue_wait_ms=", options.max_queue_wait_ms, ": expected >= 1"));
  }
  options.refinement_threads = absl::GetFlag(FLAGS_refinement_threads);
  if (options.refinement_threads < 0) {
    errors.push_back(
        absl::StrCat("--refinement_threads=", options.refinement_threads, ": expected >= 0"));
  }
  options.refinement_queue = absl::GetFlag(FLAGS_refinement_queue);
  if (options.refinement_queue < 0) {
    errors.push_back(
        absl::StrCat("--refinement_queue=", options.refinement_queue, ": expected >= 0"));
  }
  options.tls_cert_file = absl::GetFlag(FLAGS_tls_cert_file);
  options.tls_key_file = absl::GetFlag(FLAGS_tls_key_file);
  options.tls_client_ca_file = absl::GetFlag(FLAGS_tls_client_ca_file);
  if (options.tls_cert_file.empty() != options.tls_key_file.empty()) {
    errors.push_back("--tls_cert_file and --tls_key_file: set both (TLS) or neither (plain text)");
  }
  if (!options.tls_client_ca_file.empty() && options.tls_cert_file.empty()) {
    errors.push_back("--tls_client_ca_file: needs --tls_cert_file and --tls_key_file");
  }
  options.auth_token_file = absl::GetFlag(FLAGS_auth_token_file);
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));
  return options;
}

}  // namespace stori::server

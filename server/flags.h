// Command-line configuration of stori-server. The flags are defined only in flags.cc
// (ABSL_FLAG); main() reads them once into ServerOptions and passes the struct on, so nothing
// else reads flags.
//   --address=0.0.0.0  --port=50051  --threads=0 (auto)  --model_path=models/stori-remi/v3
//   --device=auto|cpu|cuda|mps  --torch_threads=1  --max_inflight_requests=32
//   --max_queue_wait_ms=2000  --refinement_threads=1  --refinement_queue=16
//   --shutdown_grace_s=30  --metrics_port=9464
//   --tls_cert_file=  --tls_key_file=  --tls_client_ca_file=  --auth_token_file=
#ifndef STORI_SERVER_FLAGS_H_
#define STORI_SERVER_FLAGS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "engine/model/device.h"

namespace stori::server {

// Calls decoding at once on one GPU by default: batches of one sequence leave the device idle
// between the small kernels of a 4-layer model, so a few calls overlap (an estimate; measure
// with section_bench on the device before relying on it).
inline constexpr int kAcceleratorGenerationThreads = 4;

struct ServerOptions {
  std::string address = "0.0.0.0";  // interface to listen on
  int port = 50051;                 // 0..65535; 0 picks a free port
  int threads = 0;                  // generation threads, >= 1; 0: GenerationThreads picks
  // Model directory (model.pt, config.json, vocab.json); "" = no engine.
  std::string model_path = "models/stori-remi/v3";
  model::Device device = model::Device::kAuto;  // engine/model/device.h
  int torch_threads = 1;           // >= 1, LibTorch intra-op threads
  int max_inflight_requests = 32;  // >= 1; more in flight -> RESOURCE_EXHAUSTED
  // >= 1: longest expected queue wait admitted (server/admission.h).
  int max_queue_wait_ms = 2000;
  // >= 0: threads of the refinement worker pool songs refine their sections in (0: none, each
  // song refines on its own generation thread); jobs waiting in it beyond refinement_queue
  // (>= 0) are refined on the song's own thread.
  int refinement_threads = 1;
  int refinement_queue = 16;
  // >= 3: drain time after SIGTERM; equals the pod's terminationGracePeriodSeconds.
  int shutdown_grace_s = 30;

  // 0 (none) or 1..65535: Prometheus /metrics over HTTP on `address`.
  int metrics_port = 9464;

  // Paths (read at startup by server/server_security.h); "" = not set. TLS needs the
  // certificate chain and key together; the client CA needs them too (mutual TLS).
  std::string tls_cert_file;
  std::string tls_key_file;
  std::string tls_client_ca_file;
  std::string auth_token_file;  // a bearer token every GenerationService call must carry

  // Generation threads (calls running the model at once): `threads` when set; else on CPU
  // AvailableCores() / torch_threads (at least 1), on CUDA or MPS kAcceleratorGenerationThreads.
  // `resolved_device` is model::ResolveDevice(device).
  int GenerationThreads(model::Device resolved_device) const;

  // "<address>:<port>", bracketing IPv6 addresses.
  std::string ListenAddress() const;
  // "<address>:<any_port>", bracketing IPv6 addresses.
  std::string AddressWithPort(int any_port) const;
};

// CPUs this process may use: the least of std::thread::hardware_concurrency, the affinity mask
// (sched_getaffinity) and the cgroup v2 CPU limit (/sys/fs/cgroup/cpu.max quota / period,
// rounded up: a Kubernetes CPU limit of 3 gives 3 on a 64-core node). At least 1.
// Thread safety: reads process state; safe to call concurrently.
int AvailableCores();

// Reads the flags once (call after absl::ParseCommandLine).
// Errors: kInvalidArgument naming each bad flag (port outside 0..65535, threads < 0,
// torch_threads, max_inflight_requests or max_queue_wait_ms < 1, refinement_threads or
// refinement_queue < 0, shutdown_grace_s < 3, unknown device, only one of
// tls_cert_file and tls_key_file, tls_client_ca_file without them). Files are not read here.
// Thread safety: reads process-wide flags; call from main before starting threads.
absl::StatusOr<ServerOptions> ServerOptionsFromFlags();

}  // namespace stori::server

#endif  // STORI_SERVER_FLAGS_H_

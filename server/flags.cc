#include "server/flags.h"

#include <vector>

#include "absl/flags/flag.h"
#include "absl/status/status.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

ABSL_FLAG(std::string, address, "0.0.0.0", "Interface to listen on (IPv4 or IPv6 literal).");
ABSL_FLAG(int, port, 50051, "TCP port to listen on, 0..65535; 0 picks a free port.");
ABSL_FLAG(int, threads, 4, "Request executor threads (>= 1).");
ABSL_FLAG(std::string, model_path, "", "TorchScript model to load; empty: no engine.");
ABSL_FLAG(std::string, device, "cpu", "Where the model runs: cpu, cuda or mps.");
ABSL_FLAG(int, max_inflight_requests, 32,
          "Requests in flight (queued or running) before new ones get RESOURCE_EXHAUSTED.");

namespace stori::server {

const char* DeviceName(Device device) {
  switch (device) {
    case Device::kCpu:
      return "cpu";
    case Device::kCuda:
      return "cuda";
    case Device::kMps:
      return "mps";
  }
  return "cpu";
}

absl::StatusOr<Device> ParseDevice(absl::string_view text) {
  if (text == "cpu") return Device::kCpu;
  if (text == "cuda") return Device::kCuda;
  if (text == "mps") return Device::kMps;
  return absl::InvalidArgumentError(absl::StrCat("--device=", text, ": expected cpu, cuda or mps"));
}

std::string ServerOptions::ListenAddress() const {
  if (absl::StrContains(address, ":") && !absl::StartsWith(address, "[")) {
    return absl::StrCat("[", address, "]:", port);
  }
  return absl::StrCat(address, ":", port);
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
  if (options.threads < 1) {
    errors.push_back(absl::StrCat("--threads=", options.threads, ": expected >= 1"));
  }
  options.model_path = absl::GetFlag(FLAGS_model_path);
  absl::StatusOr<Device> device = ParseDevice(absl::GetFlag(FLAGS_device));
  if (device.ok()) {
    options.device = *device;
  } else {
    errors.push_back(std::string(device.status().message()));
  }
  options.max_inflight_requests = absl::GetFlag(FLAGS_max_inflight_requests);
  if (options.max_inflight_requests < 1) {
    errors.push_back(
        absl::StrCat("--max_inflight_requests=", options.max_inflight_requests, ": expected >= 1"));
  }
  if (!errors.empty()) return absl::InvalidArgumentError(absl::StrJoin(errors, "; "));
  return options;
}

}  // namespace stori::server

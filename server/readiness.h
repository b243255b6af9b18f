// Readiness: the standard grpc.health.v1 status of stori.generation.v1.GenerationService
// (NOT_SERVING until the model is loaded and warmed). The overall status ("") stays SERVING
// while the process runs, so it suits a liveness probe; the service name suits the readiness
// probe (Kubernetes native gRPC probes, `grpc.service`).
#ifndef STORI_SERVER_READINESS_H_
#define STORI_SERVER_READINESS_H_

#include <string>

#include "absl/base/thread_annotations.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "grpcpp/health_check_service_interface.h"

namespace stori::server {

// Full name of the service whose health this reports.
inline constexpr char kGenerationServiceName[] = "stori.generation.v1.GenerationService";

// Thread safety: thread-safe. `health` is the server's default health service
// (grpc::Server::GetHealthCheckService(); grpc::EnableDefaultHealthCheckService(true) before
// building) and must outlive this object; nullptr makes the setters only record the state.
class Readiness {
 public:
  // Starts NOT_SERVING with reason "starting".
  explicit Readiness(grpc::HealthCheckServiceInterface* health);

  // NOT_SERVING; `reason` is logged (event=readiness serving=false reason=...).
  void SetNotServing(absl::string_view reason);
  // SERVING; call after the engine is attached, loaded and warmed.
  void SetServing();

  bool serving() const;
  std::string reason() const;

 private:
  grpc::HealthCheckServiceInterface* const health_;
  mutable absl::Mutex mu_;
  bool serving_ ABSL_GUARDED_BY(mu_) = false;
  std::string reason_ ABSL_GUARDED_BY(mu_) = "starting";
};

}  // namespace stori::server

#endif  // STORI_SERVER_READINESS_H_

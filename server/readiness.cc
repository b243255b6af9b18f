#include "server/readiness.h"

#include "spdlog/spdlog.h"

namespace stori::server {

Readiness::Readiness(grpc::HealthCheckServiceInterface* health) : health_(health) {
  if (health_ != nullptr) health_->SetServingStatus(kGenerationServiceName, false);
}

void Readiness::SetNotServing(absl::string_view reason) {
  absl::MutexLock lock(&mu_);
  serving_ = false;
  reason_ = std::string(reason);
  if (health_ != nullptr) health_->SetServingStatus(kGenerationServiceName, false);
  spdlog::warn("event=readiness service={} serving=false reason=\"{}\"", kGenerationServiceName,
               reason_);
}

void Readiness::SetServing() {
  absl::MutexLock lock(&mu_);
  serving_ = true;
  reason_.clear();
  if (health_ != nullptr) health_->SetServingStatus(kGenerationServiceName, true);
  spdlog::info("event=readiness service={} serving=true", kGenerationServiceName);
}

bool Readiness::serving() const {
  absl::MutexLock lock(&mu_);
  return serving_;
}

std::string Readiness::reason() const {
  absl::MutexLock lock(&mu_);
  return reason_;
}

}  // namespace stori::server

#include "server/metrics_http.h"

#include <sstream>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "httplib.h"
#include "prometheus/text_serializer.h"

namespace stori::server {

MetricsHttpServer::MetricsHttpServer(const ServiceMetrics& metrics) : metrics_(metrics) {}

MetricsHttpServer::~MetricsHttpServer() { Stop(); }

absl::StatusOr<int> MetricsHttpServer::Start(const std::string& host, int port) {
  if (http_ != nullptr) return absl::FailedPreconditionError("metrics server already started");
  http_ = std::make_unique<httplib::Server>();
  http_->Get("/metrics", [this](const httplib::Request&, httplib::Response& response) {
    std::vector<prometheus::MetricFamily> families;
    for (const auto& collectable : metrics_.collectables()) {
      std::vector<prometheus::MetricFamily> collected = collectable->Collect();
      families.insert(families.end(), std::make_move_iterator(collected.begin()),
                      std::make_move_iterator(collected.end()));
    }
    std::ostringstream text;
    prometheus::TextSerializer().Serialize(text, families);
    response.set_content(text.str(), "text/plain; version=0.0.4; charset=utf-8");
  });
  const std::string bind_host = host.size() > 2 && host.front() == '[' && host.back() == ']'
                                    ? host.substr(1, host.size() - 2)
                                    : host;
  int bound = port;
  if (port == 0) {
    bound = http_->bind_to_any_port(bind_host);
  } else if (!http_->bind_to_port(bind_host, port)) {
    bound = -1;
  }
  if (bound <= 0) {
    http_.reset();
    return absl::UnavailableError(absl::StrCat("metrics: cannot listen on ", host, ":", port));
  }
  thread_ = std::thread([this] { http_->listen_after_bind(); });
  return bound;
}

void MetricsHttpServer::Stop() {
  if (http_ == nullptr) return;
  http_->stop();
  if (thread_.joinable()) thread_.join();
  http_.reset();
}

}  // namespace stori::server

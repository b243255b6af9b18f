// MetricsHttpServer: serves ServiceMetrics at GET /metrics in Prometheus' text exposition format
// (version 0.0.4), written by prometheus-cpp's TextSerializer, over cpp-httplib (Debian's
// libcpp-httplib). prometheus-cpp's own Exposer (civetweb) cannot start in a process that links
// Debian's LibTorch 1.13: its CivetServer constructor fails after binding (reproduced with a
// ten-line program), so the HTTP side is cpp-httplib's.
#ifndef STORI_SERVER_METRICS_HTTP_H_
#define STORI_SERVER_METRICS_HTTP_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "server/metrics.h"

namespace httplib {
class Server;
}

namespace stori::server {

// Thread safety: Start and Stop from one thread (main); requests are served on its own thread.
class MetricsHttpServer {
 public:
  // `metrics` must outlive this.
  explicit MetricsHttpServer(const ServiceMetrics& metrics);
  ~MetricsHttpServer();  // Stop()

  // Listens on `host`:`port` (0: a free port) and serves from a background thread. Returns the
  // port. Errors: kUnavailable when it cannot bind; kFailedPrecondition if already started.
  absl::StatusOr<int> Start(const std::string& host, int port);
  // Stops serving and joins (idempotent).
  void Stop();

 private:
  const ServiceMetrics& metrics_;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
};

}  // namespace stori::server

#endif  // STORI_SERVER_METRICS_HTTP_H_

// ServiceMetrics: the service's Prometheus metrics, through Debian's prometheus-cpp (exposition
// by its pull Exposer on --metrics_port, path /metrics). Names follow Prometheus conventions
// (https://prometheus.io/docs/practices/naming/): base units (seconds, bytes), `_total` on
// counters, a `stori_` prefix:
//   stori_requests_total{rpc, code}                counter: calls ended, by gRPC status code name
//   stori_request_duration_seconds{rpc}            histogram: call start to end
//   stori_queue_wait_seconds{rpc}                  histogram: call start until a generation
//                                                  thread took it
//   stori_decode_duration_seconds                  histogram: model work per section
//   stori_model_steps_total, stori_tokens_decoded_total   counters (tokens/s = rate of the latter)
//   stori_candidates_scored_total                  counter: candidate tracks decoded and scored
//   stori_sections_generated_total                 counter
//   stori_refinements_total{outcome}               counter: "refined" or "failed"
//   stori_requests_in_flight, stori_executor_queue_depth   gauges, read at scrape time
//   stori_expected_queue_wait_seconds, stori_admission_work_scale   gauges (server/admission.h)
//   process_resident_memory_bytes                  gauge, /proc/self/statm at scrape time
//   stori_model_info{model_id, model_version, device}   gauge, 1
// Never request bodies or ids as labels (bounded cardinality).
#ifndef STORI_SERVER_METRICS_H_
#define STORI_SERVER_METRICS_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "grpcpp/support/status.h"
#include "prometheus/collectable.h"
#include "prometheus/counter.h"
#include "prometheus/family.h"
#include "prometheus/histogram.h"
#include "prometheus/registry.h"

namespace stori::server {

// Thread safety: thread-safe (prometheus-cpp metrics are atomic; families lock on Add).
class ServiceMetrics {
 public:
  // Readings taken when Prometheus scrapes.
  struct Gauges {
    std::function<int()> requests_in_flight;
    std::function<int()> executor_queue_depth;
    std::function<double()> expected_queue_wait_seconds;
    std::function<double()> work_scale;
  };

  ServiceMetrics();

  // What an Exposer serves (or a test serializes): the registry and the scrape-time gauges.
  std::vector<std::shared_ptr<prometheus::Collectable>> collectables() const {
    return {registry_, scrape_gauges_};
  }

  // Sets the scrape-time gauges (call once, before serving).
  void SetGauges(Gauges gauges);
  // stori_model_info's labels (call once the model is loaded).
  void SetModelInfo(const std::string& model_id, const std::string& model_version,
                    const std::string& device);

  // One call ended: `total_s` from its start, `queue_s` waiting for an executor thread (0 when
  // refused before one took it).
  void RequestFinished(absl::string_view rpc, grpc::StatusCode code, double total_s,
                       double queue_s);
  // One section decoded: model time, steps, tokens, candidate tracks scored.
  void SectionGenerated(double decode_s, int model_steps, int tokens_decoded, int candidates);
  // One refinement: outcome "refined" or "failed".
  void RefinementFinished(absl::string_view outcome);

 private:
  std::shared_ptr<prometheus::Registry> registry_;
  prometheus::Family<prometheus::Counter>& requests_;
  prometheus::Family<prometheus::Histogram>& request_duration_;
  prometheus::Family<prometheus::Histogram>& queue_wait_;
  prometheus::Histogram& decode_duration_;
  prometheus::Counter& model_steps_;
  prometheus::Counter& tokens_decoded_;
  prometheus::Counter& candidates_scored_;
  prometheus::Counter& sections_generated_;
  prometheus::Family<prometheus::Counter>& refinements_;
  std::shared_ptr<prometheus::Collectable> scrape_gauges_;
};

// Resident set size of this process in bytes (/proc/self/statm's second field times the page
// size), or 0 where it cannot be read. Thread safety: thread-safe.
double ResidentMemoryBytes();

}  // namespace stori::server

#endif  // STORI_SERVER_METRICS_H_

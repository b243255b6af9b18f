#include "server/metrics.h"

#include <unistd.h>

#include <fstream>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/synchronization/mutex.h"
#include "prometheus/client_metric.h"
#include "prometheus/collectable.h"
#include "prometheus/gauge.h"
#include "prometheus/metric_family.h"

namespace stori::server {
namespace {

// Call latency, seconds: a FAST 8-bar section takes ~1 s on 2 cores, a QUALITY song a minute.
const prometheus::Histogram::BucketBoundaries kLatencyBuckets = {0.05, 0.1, 0.25, 0.5, 1,  2,
                                                                 4,    8,   16,   32,  64, 128};
// Queue wait, seconds: ideally ~0; seconds mean the server is saturated.
const prometheus::Histogram::BucketBoundaries kQueueBuckets = {0.001, 0.005, 0.01, 0.05, 0.1,
                                                               0.5,   1,     2,    5,    10, 30};

const char* CodeName(grpc::StatusCode code) {
  switch (code) {
    case grpc::StatusCode::OK: return "OK";
    case grpc::StatusCode::CANCELLED: return "CANCELLED";
    case grpc::StatusCode::UNKNOWN: return "UNKNOWN";
    case grpc::StatusCode::INVALID_ARGUMENT: return "INVALID_ARGUMENT";
    case grpc::StatusCode::DEADLINE_EXCEEDED: return "DEADLINE_EXCEEDED";
    case grpc::StatusCode::NOT_FOUND: return "NOT_FOUND";
    case grpc::StatusCode::ALREADY_EXISTS: return "ALREADY_EXISTS";
    case grpc::StatusCode::PERMISSION_DENIED: return "PERMISSION_DENIED";
    case grpc::StatusCode::RESOURCE_EXHAUSTED: return "RESOURCE_EXHAUSTED";
    case grpc::StatusCode::FAILED_PRECONDITION: return "FAILED_PRECONDITION";
    case grpc::StatusCode::ABORTED: return "ABORTED";
    case grpc::StatusCode::OUT_OF_RANGE: return "OUT_OF_RANGE";
    case grpc::StatusCode::UNIMPLEMENTED: return "UNIMPLEMENTED";
    case grpc::StatusCode::INTERNAL: return "INTERNAL";
    case grpc::StatusCode::UNAVAILABLE: return "UNAVAILABLE";
    case grpc::StatusCode::DATA_LOSS: return "DATA_LOSS";
    case grpc::StatusCode::UNAUTHENTICATED: return "UNAUTHENTICATED";
    default: return "UNKNOWN";
  }
}

// Gauges computed when Prometheus scrapes, and the model info.
class ScrapeGauges final : public prometheus::Collectable {
 public:
  void Set(ServiceMetrics::Gauges gauges) {
    absl::MutexLock lock(&mu_);
    gauges_ = std::move(gauges);
  }

  std::vector<prometheus::MetricFamily> Collect() const override {
    absl::MutexLock lock(&mu_);
    std::vector<prometheus::MetricFamily> out;
    auto gauge = [&](const char* name, const char* help, double value) {
      prometheus::MetricFamily family;
      family.name = name;
      family.help = help;
      family.type = prometheus::MetricType::Gauge;
      prometheus::ClientMetric metric;
      metric.gauge.value = value;
      family.metric.push_back(std::move(metric));
      out.push_back(std::move(family));
    };
    if (gauges_.requests_in_flight) {
      gauge("stori_requests_in_flight", "Calls admitted and not yet finished (queued or running).",
            gauges_.requests_in_flight());
    }
    if (gauges_.executor_queue_depth) {
      gauge("stori_executor_queue_depth", "Admitted calls waiting for a generation thread.",
            gauges_.executor_queue_depth());
    }
    if (gauges_.expected_queue_wait_seconds) {
      gauge("stori_expected_queue_wait_seconds",
            "Expected wait of a call admitted now (server/admission.h).",
            gauges_.expected_queue_wait_seconds());
    }
    if (gauges_.work_scale) {
      gauge("stori_admission_work_scale",
            "Learned actual / estimated run time of calls (server/admission.h).",
            gauges_.work_scale());
    }
    gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
          ResidentMemoryBytes());
    return out;
  }

 private:
  mutable absl::Mutex mu_;
  ServiceMetrics::Gauges gauges_ ABSL_GUARDED_BY(mu_);
};

}  // namespace

double ResidentMemoryBytes() {
  std::ifstream statm("/proc/self/statm");
  double total_pages = 0, resident_pages = 0;
  if (!(statm >> total_pages >> resident_pages)) return 0;
  return resident_pages * static_cast<double>(sysconf(_SC_PAGESIZE));
}

ServiceMetrics::ServiceMetrics()
    : registry_(std::make_shared<prometheus::Registry>()),
      requests_(prometheus::BuildCounter()
                    .Name("stori_requests_total")
                    .Help("Calls ended, by RPC and gRPC status code.")
                    .Register(*registry_)),
      request_duration_(prometheus::BuildHistogram()
                            .Name("stori_request_duration_seconds")
                            .Help("Call latency from its start to its end, by RPC.")
                            .Register(*registry_)),
      queue_wait_(prometheus::BuildHistogram()
                      .Name("stori_queue_wait_seconds")
                      .Help("Time an admitted call waited for an executor thread, by RPC.")
                      .Register(*registry_)),
      decode_duration_(prometheus::BuildHistogram()
                           .Name("stori_decode_duration_seconds")
                           .Help("Model work (prefill and decoding) per generated section.")
                           .Register(*registry_)
                           .Add({}, kLatencyBuckets)),
      model_steps_(prometheus::BuildCounter()
                       .Name("stori_model_steps_total")
                       .Help("Model forward steps (prefills and decoding steps).")
                       .Register(*registry_)
                       .Add({})),
      tokens_decoded_(prometheus::BuildCounter()
                          .Name("stori_tokens_decoded_total")
                          .Help("Tokens decoded; rate() gives tokens per second.")
                          .Register(*registry_)
                          .Add({})),
      candidates_scored_(prometheus::BuildCounter()
                             .Name("stori_candidates_scored_total")
                             .Help("Candidate tracks decoded and scored (preset x tracks).")
                             .Register(*registry_)
                             .Add({})),
      sections_generated_(prometheus::BuildCounter()
                              .Name("stori_sections_generated_total")
                              .Help("Sections generated (GenerateSection, each GenerateSong "
                                    "section, each RefineSection).")
                              .Register(*registry_)
                              .Add({})),
      refinements_(prometheus::BuildCounter()
                       .Name("stori_refinements_total")
                       .Help("RefineSection passes, by outcome (refined, failed).")
                       .Register(*registry_)),
      scrape_gauges_(std::make_shared<ScrapeGauges>()) {}

void ServiceMetrics::SetGauges(Gauges gauges) {
  static_cast<ScrapeGauges*>(scrape_gauges_.get())->Set(std::move(gauges));
}

void ServiceMetrics::SetModelInfo(const std::string& model_id, const std::string& model_version,
                                  const std::string& device) {
  prometheus::BuildGauge()
      .Name("stori_model_info")
      .Help("The loaded model: 1, with its id, version and device as labels.")
      .Register(*registry_)
      .Add({{"model_id", model_id}, {"model_version", model_version}, {"device", device}})
      .Set(1);
}

void ServiceMetrics::RequestFinished(absl::string_view rpc, grpc::StatusCode code,
                                     double total_s, double queue_s) {
  const std::string name(rpc);
  requests_.Add({{"rpc", name}, {"code", CodeName(code)}}).Increment();
  request_duration_.Add({{"rpc", name}}, kLatencyBuckets).Observe(total_s);
  queue_wait_.Add({{"rpc", name}}, kQueueBuckets).Observe(queue_s);
}

void ServiceMetrics::SectionGenerated(double decode_s, int model_steps, int tokens_decoded,
                                      int candidates) {
  decode_duration_.Observe(decode_s);
  model_steps_.Increment(model_steps);
  tokens_decoded_.Increment(tokens_decoded);
  candidates_scored_.Increment(candidates);
  sections_generated_.Increment();
}

void ServiceMetrics::RefinementFinished(absl::string_view outcome) {
  refinements_.Add({{"outcome", std::string(outcome)}}).Increment();
}

}  // namespace stori::server

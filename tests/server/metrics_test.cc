// server/metrics: the names, labels and values Prometheus scrapes, served over HTTP at /metrics.
#include "server/metrics.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "httplib.h"
#include "server/metrics_http.h"

namespace stori::server {
namespace {

using ::testing::HasSubstr;

TEST(ServiceMetrics, RecordsCallsSectionsRefinementsAndScrapeTimeGauges) {
  ServiceMetrics metrics;
  int inflight = 3;
  metrics.SetGauges({[&] { return inflight; }, [] { return 1; }});
  metrics.SetModelInfo("stori-remi", "v3", "cpu");
  metrics.RequestFinished("GenerateSection", grpc::StatusCode::OK, 0.8, 0.002);
  metrics.RequestFinished("GenerateSection", grpc::StatusCode::OK, 1.2, 0.001);
  metrics.RequestFinished("GenerateSong", grpc::StatusCode::DEADLINE_EXCEEDED, 2.0, 0.0);
  metrics.SectionGenerated(0.75, 700, 800, 4);
  metrics.RefinementFinished("refined");

  MetricsHttpServer http(metrics);
  absl::StatusOr<int> port = http.Start("127.0.0.1", 0);
  ASSERT_TRUE(port.ok()) << port.status();
  httplib::Client client("127.0.0.1", *port);
  auto response = client.Get("/metrics");
  ASSERT_TRUE(response) << "no answer from /metrics";
  EXPECT_EQ(response->status, 200);
  const std::string& text = response->body;
  EXPECT_THAT(text, HasSubstr("stori_requests_total{code=\"OK\",rpc=\"GenerateSection\"} 2"));
  EXPECT_THAT(text, HasSubstr(
                        "stori_requests_total{code=\"DEADLINE_EXCEEDED\",rpc=\"GenerateSong\"} 1"));
  EXPECT_THAT(text, HasSubstr("stori_request_duration_seconds_count{rpc=\"GenerateSection\"} 2"));
  EXPECT_THAT(text, HasSubstr("stori_request_duration_seconds_sum{rpc=\"GenerateSection\"} 2"));
  EXPECT_THAT(text, HasSubstr("stori_queue_wait_seconds_bucket{rpc=\"GenerateSection\",le=\"0.005\"} 2"));
  EXPECT_THAT(text, HasSubstr("stori_tokens_decoded_total 800"));
  EXPECT_THAT(text, HasSubstr("stori_model_steps_total 700"));
  EXPECT_THAT(text, HasSubstr("stori_candidates_scored_total 4"));
  EXPECT_THAT(text, HasSubstr("stori_decode_duration_seconds_count 1"));
  EXPECT_THAT(text, HasSubstr("stori_refinements_total{outcome=\"refined\"} 1"));
  EXPECT_THAT(text, HasSubstr("stori_requests_in_flight 3"));
  EXPECT_THAT(text, HasSubstr("stori_executor_queue_depth 1"));
  EXPECT_THAT(text, HasSubstr(
                        "stori_model_info{device=\"cpu\",model_id=\"stori-remi\",model_version=\"v3\"} 1"));
  EXPECT_THAT(text, HasSubstr("# TYPE stori_requests_total counter"));
  EXPECT_THAT(text, HasSubstr("process_resident_memory_bytes "));
  inflight = 0;  // gauges are read at scrape time
  EXPECT_THAT(client.Get("/metrics")->body, HasSubstr("stori_requests_in_flight 0"));
  http.Stop();
  EXPECT_FALSE(client.Get("/metrics"));
}

TEST(ResidentMemoryBytes, IsThisProcesssResidentSize) {
  const double rss = ResidentMemoryBytes();
  EXPECT_GT(rss, 1 << 20);        // a test binary holds more than 1 MiB
  EXPECT_LT(rss, 16.0 * (1 << 30));
}

}  // namespace
}  // namespace stori::server

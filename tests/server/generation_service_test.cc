// In-process gRPC tests: the server built by StartGrpcServer on 127.0.0.1:0, called through a
// real channel. Health (NOT_SERVING until Readiness says otherwise), reflection, validation
// errors on the wire, UNIMPLEMENTED without an engine, admission, deadlines and song streaming
// with a fake engine.
#include "server/generation_service.h"

#include <atomic>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "absl/types/optional.h"
#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/dynamic_message.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/generic/generic_stub.h"
#include "grpcpp/impl/codegen/sync_stream.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "prometheus/text_serializer.h"
#include "server/grpc_server.h"
#include "server/metrics.h"
#include "server/readiness.h"
#include "stori/generation/v1/service.grpc.pb.h"
#include "tests/server/request_fixtures.h"

namespace stori::server {
namespace {

using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;
using ::stori::server::testing::BadRequestOf;
using ::stori::server::testing::Fields;
using ::stori::server::testing::ValidSectionRequest;
using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

// Engine double: records what it was given; optionally blocks until released, or runs until its
// StopToken trips.
class FakeEngine : public SectionEngine {
 public:
  enum class Mode { kAnswer, kBlock, kRunUntilStopped };
  explicit FakeEngine(Mode mode = Mode::kAnswer) : mode_(mode) {}

  absl::StatusOr<SectionResult> GenerateSection(const SectionRequest& request,
                                                const RunContext& ctx) override {
    calls_.fetch_add(1);
    last_request_ = request;
    last_trace_id_ = ctx.trace_id;
    // Calls run one after another in the tests that make several (one generation thread).
    if (!entered_.HasBeenNotified()) entered_.Notify();
    if (mode_ == Mode::kBlock) release_.WaitForNotification();
    if (mode_ == Mode::kRunUntilStopped) {
      absl::Status status;
      while ((status = ctx.CheckStop()).ok()) absl::SleepFor(absl::Milliseconds(5));
      stopped_with_ = status;
      stopped_.Notify();
      return status;
    }
    SectionResult result;
    result.section_index = request.section_index;
    result.section_id = request.section.section_id;
    result.seed_used = request.seed;
    return result;
  }

  absl::StatusOr<RefinedSection> RefineSection(const RefinementRequest&,
                                               const RunContext&) override {
    return absl::FailedPreconditionError("fake engine does not refine");
  }

  absl::Status GenerateSong(const std::vector<SectionRequest>& sections,
                            const RunContext& ctx, song::SongObserver& observer) override {
    const int total = static_cast<int>(sections.size());
    for (int i = 0; i < total; ++i) {
      observer.OnGenerating(i, total, i);
      SectionResult result;
      result.section_index = sections[i].section_index;
      result.section_id = sections[i].section.section_id;
      if (absl::Status s = observer.OnSection(i, std::move(result)); !s.ok()) return s;
    }
    return absl::OkStatus();
  }

  int calls() const { return calls_.load(); }

  Mode mode_;
  std::atomic<int> calls_{0};
  SectionRequest last_request_;
  std::string last_trace_id_;
  absl::Notification entered_, release_, stopped_;
  absl::Status stopped_with_;
};

class InProcessServer : public ::testing::Test {
 protected:
  // `slots` generation threads; admission waits at most `max_queue_wait` (server/admission.h).
  void StartServer(int max_inflight = 8, SectionEngine* engine = nullptr, int slots = 2,
                   absl::Duration max_queue_wait = absl::Seconds(60)) {
    executor_ = std::make_unique<TaskPool>(slots);
    AdmissionOptions options;
    options.max_inflight = max_inflight;
    options.slots = slots;
    options.max_queue_wait = max_queue_wait;
    admission_ = std::make_unique<Admission>(options);
    service_ = std::make_unique<GenerationService>(*executor_, *admission_, engine, metrics_.get());
    auto started = StartGrpcServer("127.0.0.1:0", *service_);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = std::move(started->server);
    readiness_ = std::make_unique<Readiness>(server_->GetHealthCheckService());
    channel_ = grpc::CreateChannel("127.0.0.1:" + std::to_string(started->port),
                                   grpc::InsecureChannelCredentials());
    stub_ = v1::GenerationService::NewStub(channel_);
  }

  void TearDown() override {
    if (server_) server_->Shutdown();
    executor_.reset();  // after the server: joins the pool
  }

  HealthCheckResponse::ServingStatus Health(const std::string& service) {
    auto health = grpc::health::v1::Health::NewStub(channel_);
    grpc::ClientContext context;
    HealthCheckRequest request;
    request.set_service(service);
    HealthCheckResponse response;
    const grpc::Status status = health->Check(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.status();
  }

  std::unique_ptr<ServiceMetrics> metrics_;  // set before StartServer to record; may be null
  std::unique_ptr<TaskPool> executor_;
  std::unique_ptr<Admission> admission_;
  std::unique_ptr<GenerationService> service_;
  std::unique_ptr<grpc::Server> server_;
  std::unique_ptr<Readiness> readiness_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<v1::GenerationService::Stub> stub_;
};

TEST_F(InProcessServer, HealthIsNotServingUntilReadinessSaysServing) {
  StartServer();
  EXPECT_EQ(Health(kGenerationServiceName), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(Health(""), HealthCheckResponse::SERVING);  // liveness: the process is up
  readiness_->SetServing();
  EXPECT_EQ(Health(kGenerationServiceName), HealthCheckResponse::SERVING);
  readiness_->SetNotServing("model reload");
  EXPECT_EQ(Health(kGenerationServiceName), HealthCheckResponse::NOT_SERVING);
  EXPECT_EQ(readiness_->reason(), "model reload");
}

// Lists services through grpc.reflection.v1alpha with dynamic messages: the reflection library
// registers its descriptors in the generated pool but installs no headers.
std::string ReflectionListServices(grpc::Channel& channel) {
  const google::protobuf::DescriptorPool* pool = google::protobuf::DescriptorPool::generated_pool();
  const auto* request_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionRequest");
  const auto* response_type =
      pool->FindMessageTypeByName("grpc.reflection.v1alpha.ServerReflectionResponse");
  if (request_type == nullptr || response_type == nullptr) return "<no reflection descriptors>";
  google::protobuf::DynamicMessageFactory factory(pool);
  std::unique_ptr<google::protobuf::Message> request(factory.GetPrototype(request_type)->New());
  request->GetReflection()->SetString(request.get(), request_type->FindFieldByName("list_services"),
                                      "*");
  const std::string bytes = request->SerializeAsString();

  grpc::ClientContext context;
  const grpc::internal::RpcMethod method(
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo",
      grpc::internal::RpcMethod::BIDI_STREAMING);
  std::unique_ptr<grpc::ClientReaderWriter<grpc::ByteBuffer, grpc::ByteBuffer>> stream(
      grpc::internal::ClientReaderWriterFactory<grpc::ByteBuffer, grpc::ByteBuffer>::Create(
          &channel, method, &context));
  grpc::Slice slice(bytes);
  grpc::ByteBuffer out(&slice, 1);
  stream->Write(out);
  stream->WritesDone();
  grpc::ByteBuffer in;
  std::string text;
  while (stream->Read(&in)) {
    std::vector<grpc::Slice> slices;
    (void)in.Dump(&slices);
    std::string raw;
    for (const grpc::Slice& s : slices)
      raw.append(reinterpret_cast<const char*>(s.begin()), s.size());
    std::unique_ptr<google::protobuf::Message> response(factory.GetPrototype(response_type)->New());
    if (response->ParseFromString(raw)) text += response->DebugString();
  }
  const grpc::Status status = stream->Finish();
  if (!status.ok()) return "<reflection failed: " + status.error_message() + ">";
  return text;
}

TEST_F(InProcessServer, ReflectionListsTheGenerationService) {
  StartServer();
  const std::string services = ReflectionListServices(*channel_);
  EXPECT_THAT(services, ::testing::HasSubstr("stori.generation.v1.GenerationService"));
  EXPECT_THAT(services, ::testing::HasSubstr("grpc.health.v1.Health"));
}

TEST_F(InProcessServer, InvalidRequestGetsBadRequestOnTheWire) {
  StartServer();
  v1::GenerateSectionRequest request = ValidSectionRequest();
  request.mutable_rms()->mutable_sections(0)->mutable_emotion_vector()->set_tension(1.5f);
  request.mutable_rms()->set_tempo_bpm(400);
  grpc::ClientContext context;
  v1::GenerateSectionResponse response;
  const grpc::Status status = stub_->GenerateSection(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(
      Fields(BadRequestOf(status)),
      ::testing::UnorderedElementsAre("rms.tempo_bpm", "rms.sections[0].emotion_vector.tension"));
}

TEST_F(InProcessServer, ValidRequestsAreUnimplementedWithoutAnEngine) {
  StartServer();
  {
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    const grpc::Status status = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED);
    EXPECT_EQ(status.error_message(), "neural engine not loaded yet");
    EXPECT_FALSE(response.has_result());
  }
  {
    grpc::ClientContext context;
    v1::GenerateSongRequest request;
    *request.mutable_rms() = ValidSectionRequest().rms();
    auto reader = stub_->GenerateSong(&context, request);
    v1::GenerateSongResponse message;
    EXPECT_FALSE(reader->Read(&message));
    EXPECT_EQ(reader->Finish().error_code(), grpc::StatusCode::UNIMPLEMENTED);
  }
  {
    grpc::ClientContext context;
    v1::RefineSectionRequest request;  // invalid: validation still runs first
    v1::RefineSectionResponse response;
    const grpc::Status status = stub_->RefineSection(&context, request, &response);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_THAT(Fields(BadRequestOf(status)), Contains("prior_result"));
  }
}

TEST_F(InProcessServer, AttachedEngineGetsConvertedRequestAndIds) {
  FakeEngine engine;
  StartServer(8, &engine);
  grpc::ClientContext context;
  v1::GenerateSectionRequest request = ValidSectionRequest();
  request.set_section_index(1);
  v1::GenerateSectionResponse response;
  const grpc::Status status = stub_->GenerateSection(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.result().section_id(), "chorus_1");
  EXPECT_EQ(response.result().seed_used(), 1234u);
  EXPECT_EQ(engine.last_request_.section_index, 1);
  EXPECT_EQ(engine.last_trace_id_, "trace-7");
}

TEST_F(InProcessServer, MissingSeedAndTraceIdAreDrawnByTheServer) {
  FakeEngine engine;
  StartServer(8, &engine);
  grpc::ClientContext context;
  v1::GenerateSectionRequest request = ValidSectionRequest();
  request.clear_seed();
  request.mutable_metadata()->clear_trace_id();
  v1::GenerateSectionResponse response;
  ASSERT_TRUE(stub_->GenerateSection(&context, request, &response).ok());
  EXPECT_EQ(engine.last_trace_id_.size(), 32u);
  EXPECT_EQ(response.result().seed_used(), engine.last_request_.seed);
}

TEST_F(InProcessServer, FullServerAnswersResourceExhaustedAtOnce) {
  FakeEngine engine(FakeEngine::Mode::kBlock);
  StartServer(/*max_inflight=*/1, &engine);
  grpc::Status first_status;
  std::thread first([&] {
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    first_status = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  });
  engine.entered_.WaitForNotification();
  grpc::ClientContext context;
  v1::GenerateSectionResponse response;
  const grpc::Status second = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  EXPECT_EQ(second.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  engine.release_.Notify();
  first.join();
  EXPECT_TRUE(first_status.ok()) << first_status.error_message();
}

// The RetryInfo of a refusal's google.rpc.Status details, if any.
absl::optional<google::rpc::RetryInfo> RetryInfoOf(const grpc::Status& status) {
  google::rpc::Status rich;
  if (!rich.ParseFromString(status.error_details())) return absl::nullopt;
  for (const google::protobuf::Any& detail : rich.details()) {
    google::rpc::RetryInfo info;
    if (detail.UnpackTo(&info)) return info;
  }
  return absl::nullopt;
}

TEST_F(InProcessServer, ACallThatWouldWaitPastTheQueueLimitIsRefusedAtOnceWithRetryInfo) {
  FakeEngine engine(FakeEngine::Mode::kBlock);
  StartServer(/*max_inflight=*/8, &engine, /*slots=*/1, /*max_queue_wait=*/absl::Milliseconds(1));
  grpc::Status first_status;
  std::thread first([&] {
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    first_status = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  });
  engine.entered_.WaitForNotification();  // the only slot is busy for its expected time
  grpc::ClientContext context;
  v1::GenerateSectionResponse response;
  const absl::Time asked = absl::Now();
  const grpc::Status second = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  const absl::Duration answered_in = absl::Now() - asked;
  EXPECT_EQ(second.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED);
  EXPECT_THAT(second.error_message(), ::testing::HasSubstr("expected queue wait"));
  const absl::optional<google::rpc::RetryInfo> retry = RetryInfoOf(second);
  ASSERT_TRUE(retry.has_value()) << "no google.rpc.RetryInfo in the status details";
  EXPECT_GT(retry->retry_delay().seconds() * 1'000'000'000LL + retry->retry_delay().nanos(), 0);
  // gRPC's own retry policy waits as long (gRFC A6 server pushback).
  const auto& trailers = context.GetServerTrailingMetadata();
  const auto pushback = trailers.find("grpc-retry-pushback-ms");
  ASSERT_NE(pushback, trailers.end());
  EXPECT_GT(std::stoll(std::string(pushback->second.data(), pushback->second.size())), 0);
  EXPECT_LT(answered_in, absl::Seconds(5));  // at once, not after the first call
  EXPECT_EQ(engine.calls(), 1);
  engine.release_.Notify();
  first.join();
  EXPECT_TRUE(first_status.ok()) << first_status.error_message();
}

TEST_F(InProcessServer, ACallThatWouldMissItsDeadlineInTheQueueIsRefusedNotTimedOut) {
  FakeEngine engine(FakeEngine::Mode::kBlock);
  StartServer(/*max_inflight=*/8, &engine, /*slots=*/1, /*max_queue_wait=*/absl::Seconds(60));
  std::thread first([&] {
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    (void)stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  });
  engine.entered_.WaitForNotification();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  v1::GenerateSectionResponse response;
  const grpc::Status second = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  EXPECT_EQ(second.error_code(), grpc::StatusCode::RESOURCE_EXHAUSTED) << second.error_message();
  EXPECT_THAT(second.error_message(), ::testing::HasSubstr("past its deadline"));
  EXPECT_TRUE(RetryInfoOf(second).has_value());
  engine.release_.Notify();
  first.join();
}

TEST_F(InProcessServer, ACallWithinTheQueueLimitWaitsForTheSlotAndRuns) {
  FakeEngine engine(FakeEngine::Mode::kBlock);
  StartServer(/*max_inflight=*/8, &engine, /*slots=*/1, /*max_queue_wait=*/absl::Seconds(60));
  grpc::Status statuses[2];
  std::thread first([&] {
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    statuses[0] = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  });
  engine.entered_.WaitForNotification();
  std::thread second([&] {
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    statuses[1] = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  });
  const absl::Time give_up = absl::Now() + absl::Seconds(10);
  while (admission_->queued() < 1 && absl::Now() < give_up) absl::SleepFor(absl::Milliseconds(5));
  EXPECT_EQ(admission_->queued(), 1);  // admitted, waiting for the one slot
  EXPECT_EQ(admission_->running(), 1);
  engine.release_.Notify();
  first.join();
  second.join();
  EXPECT_TRUE(statuses[0].ok()) << statuses[0].error_message();
  EXPECT_TRUE(statuses[1].ok()) << statuses[1].error_message();
  EXPECT_EQ(engine.calls(), 2);
}

TEST_F(InProcessServer, DeadlineStopsTheEngineWork) {
  FakeEngine engine(FakeEngine::Mode::kRunUntilStopped);
  StartServer(8, &engine);
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(200));
  v1::GenerateSectionResponse response;
  const grpc::Status status = stub_->GenerateSection(&context, ValidSectionRequest(), &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  engine.stopped_.WaitForNotification();  // the work itself stopped, not just the client
  EXPECT_TRUE(absl::IsDeadlineExceeded(engine.stopped_with_))  // not logged as CANCELLED
      << engine.stopped_with_;
}

TEST_F(InProcessServer, SongStreamsProgressAndSectionsInOrder) {
  FakeEngine engine;
  StartServer(8, &engine);
  grpc::ClientContext context;
  v1::GenerateSongRequest request;
  *request.mutable_rms() = ValidSectionRequest().rms();
  auto reader = stub_->GenerateSong(&context, request);
  std::vector<std::string> events;
  v1::GenerateSongResponse message;
  while (reader->Read(&message)) {
    if (message.has_section()) {
      events.push_back("section:" + message.section().section_id());
    } else if (message.progress().stage() == v1::SONG_STAGE_DONE) {
      events.push_back("done:" + std::to_string(message.progress().sections_done()));
    } else {
      events.push_back("progress:" + std::to_string(message.progress().section_index()));
    }
  }
  const grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  // The service ends every song with DONE once the engine has delivered every section.
  EXPECT_THAT(events, ElementsAre("progress:0", "section:verse_1", "progress:1",
                                  "section:chorus_1", "done:2"));
}

// The engine returns its own types; the service records each section's model work, whichever RPC
// made it, and converts it once.
TEST_F(InProcessServer, ServiceRecordsEverySectionTheEngineReturns) {
  FakeEngine engine;
  metrics_ = std::make_unique<ServiceMetrics>();
  StartServer(8, &engine);
  {
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    ASSERT_TRUE(stub_->GenerateSection(&context, ValidSectionRequest(), &response).ok());
    EXPECT_EQ(response.result().section_id(), ValidSectionRequest().rms().sections(0).section_id());
  }
  {
    grpc::ClientContext context;
    v1::GenerateSongRequest request;
    *request.mutable_rms() = ValidSectionRequest().rms();
    auto reader = stub_->GenerateSong(&context, request);
    v1::GenerateSongResponse message;
    while (reader->Read(&message)) {
    }
    ASSERT_TRUE(reader->Finish().ok());
  }
  std::vector<prometheus::MetricFamily> families;
  for (const auto& collectable : metrics_->collectables()) {
    for (prometheus::MetricFamily& family : collectable->Collect()) families.push_back(family);
  }
  const std::string text = prometheus::TextSerializer().Serialize(families);
  // One section, then a song of request.rms's two.
  EXPECT_THAT(text, HasSubstr("stori_sections_generated_total 3"));
}

}  // namespace
}  // namespace stori::server

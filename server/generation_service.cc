#include "server/generation_service.h"

#include <cstdint>
#include <deque>
#include <exception>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "absl/base/thread_annotations.h"
#include "absl/functional/any_invocable.h"
#include "absl/random/random.h"
#include "absl/strings/str_format.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "engine/common/run_context.h"
#include "engine/common/stop_token.h"
#include "engine/song/song_observer.h"
#include "server/convert/to_proto.h"
#include "server/prepare/prepare_request.h"
#include "server/read/request_warning.h"
#include "server/status_mapping.h"
#include "server/work_estimate.h"
#include "spdlog/spdlog.h"

namespace stori::server {
namespace {

constexpr char kEngineNotLoaded[] = "neural engine not loaded yet";

// Ids and timing of one call, for its log lines and its RunContext.
struct CallInfo {
  const char* rpc;
  std::string composition_id;
  std::string trace_id;
  std::string intent_hash;
  absl::Time start;
  absl::Time work_start = absl::InfinitePast();  // when an executor thread took it
  ServiceMetrics* metrics = nullptr;
};

// 128 random bits as 32 lower-case hex digits (a W3C trace-id), for calls that bring none.
std::string NewTraceId() {
  absl::BitGen gen;
  return absl::StrFormat("%016x%016x", absl::Uniform<std::uint64_t>(gen),
                         absl::Uniform<std::uint64_t>(gen));
}

CallInfo StartCall(const char* rpc, const v1::RequestMetadata& metadata,
                   const grpc::CallbackServerContext& context) {
  CallInfo info{rpc, metadata.composition_id(),
                metadata.trace_id().empty() ? NewTraceId() : metadata.trace_id(),
                metadata.intent_hash(), absl::Now()};
  spdlog::info("event=request_start rpc={} composition_id={} trace_id={} intent_hash={} peer={}",
               info.rpc, info.composition_id, info.trace_id, info.intent_hash, context.peer());
  return info;
}

// Takes the ids the request's JSON carried (metadata read from request_json) where the typed
// metadata had none, and logs them once if they changed.
void AdoptMetadata(const v1::RequestMetadata& metadata, CallInfo& info) {
  bool changed = false;
  auto adopt = [&](std::string& field, const std::string& value) {
    if (!value.empty() && value != field) {
      field = value;
      changed = true;
    }
  };
  adopt(info.composition_id, metadata.composition_id());
  adopt(info.trace_id, metadata.trace_id());
  adopt(info.intent_hash, metadata.intent_hash());
  if (changed) {
    spdlog::info("event=request_ids rpc={} composition_id={} trace_id={} intent_hash={}",
                 info.rpc, info.composition_id, info.trace_id, info.intent_hash);
  }
}

RunContext ContextOf(const CallInfo& info, const StopToken& stop) {
  return RunContext{info.composition_id, info.trace_id, &stop, info.intent_hash};
}

// Reads, validates, seeds and converts `in` (server/prepare/prepare_request.h) into `*out`; the
// ids the request carried in request_json join the call's log lines. Returns OK, or the call's
// INVALID_ARGUMENT (with a google.rpc.BadRequest for invalid fields), or the stop token's status.
template <typename Request, typename Prepared>
grpc::Status Prepare(const Request& in, CallInfo& info, const StopToken& stop, Prepared* out) {
  validate::FieldViolations violations;
  auto prepared = prepare::PrepareRequest(in, &violations);
  if (!violations.empty()) return ToGrpcStatus(violations);
  if (!prepared.ok()) return ToGrpcStatus(prepared.status());
  AdoptMetadata(prepared->served.metadata(), info);
  if (absl::Status s = stop.Check(); !s.ok()) return ToGrpcStatus(s);
  *out = *std::move(prepared);
  return grpc::Status::OK;
}

// Adds one section's model work to the metrics, if any.
void RecordSection(ServiceMetrics* metrics, const SectionResult& result) {
  if (metrics == nullptr) return;
  int candidates = 0;
  for (const TrackResult& t : result.tracks) candidates += t.candidates;
  metrics->SectionGenerated(result.timings.decode_ms / 1000.0, result.timings.model_steps,
                            result.timings.tokens_decoded, candidates);
}

// Logs the call's end and records it in the metrics.
void LogEnd(const CallInfo& info, const grpc::Status& status) {
  const absl::Time now = absl::Now();
  const double ms = absl::ToDoubleMilliseconds(now - info.start);
  const double queue_ms = info.work_start == absl::InfinitePast()
                              ? 0.0
                              : absl::ToDoubleMilliseconds(info.work_start - info.start);
  if (info.metrics != nullptr) {
    info.metrics->RequestFinished(info.rpc, status.error_code(), ms / 1000.0, queue_ms / 1000.0);
  }
  const auto level = status.error_code() == grpc::StatusCode::INTERNAL ||
                             status.error_code() == grpc::StatusCode::UNKNOWN
                         ? spdlog::level::err
                         : spdlog::level::info;
  spdlog::log(level,
              "event=request_end rpc={} composition_id={} trace_id={} intent_hash={} code={} "
              "ms={:.1f} queue_ms={:.1f} message=\"{}\"",
              info.rpc, info.composition_id, info.trace_id, info.intent_hash,
              static_cast<int>(status.error_code()), ms, queue_ms, status.error_message());
}

absl::Time DeadlineOf(const grpc::CallbackServerContext& context) {
  return absl::FromChrono(context.deadline());
}

// Runs `work`, turning an escaped exception (a bug: nothing here should throw) into INTERNAL.
template <typename Work>
grpc::Status RunGuarded(Work&& work) {
  try {
    return work();
  } catch (const std::exception& e) {
    return grpc::Status(grpc::StatusCode::INTERNAL,
                        std::string("unexpected exception: ") + e.what());
  } catch (...) {
    return grpc::Status(grpc::StatusCode::INTERNAL, "unexpected exception");
  }
}

// Unary reactor: owns the call's StopToken; deletes itself when gRPC is done with the call.
class UnaryCall final : public grpc::ServerUnaryReactor {
 public:
  explicit UnaryCall(absl::Time deadline) : stop_(deadline) {}
  const StopToken& stop() const { return stop_; }
  void OnCancel() override { stop_.RequestStop(); }
  void OnDone() override { delete this; }
  // Finishes the call (once); `this` may be deleted from then on.
  void FinishWith(const grpc::Status& status) { Finish(status); }

 private:
  StopToken stop_;
};

constexpr char kDraining[] = "server is shutting down; retry on another replica";

v1::GenerationProgress Progress(int index, int total, int done, v1::SongStage stage) {
  v1::GenerationProgress p;
  p.set_section_index(static_cast<std::uint32_t>(index));
  p.set_sections_total(static_cast<std::uint32_t>(total));
  p.set_sections_done(static_cast<std::uint32_t>(done));
  p.set_stage(stage);
  return p;
}

// Server-streaming reactor for GenerateSong, and the engine's song::SongObserver: each final
// section is converted (server/convert/to_proto.h) and queued. Keeps one write in flight and
// queues the rest in order; finishes once the engine is done and the queue has drained.
class SongCall final : public grpc::ServerWriteReactor<v1::GenerateSongResponse>,
                       public song::SongObserver {
 public:
  SongCall(absl::Time deadline, ServiceMetrics* metrics) : stop_(deadline), metrics_(metrics) {}
  const StopToken& stop() const { return stop_; }

  // The song to run and the warnings its reading produced (added to each section they concern);
  // set once, before the engine starts.
  void SetSong(std::vector<SectionRequest> sections, read::RequestWarnings warnings) {
    sections_ = std::move(sections);
    warnings_ = std::move(warnings);
  }
  const std::vector<SectionRequest>& sections() const { return sections_; }

  void OnGenerating(int index, int total, int delivered) override {
    SendProgress(Progress(index, total, delivered, v1::SONG_STAGE_GENERATING));
  }

  absl::Status OnSection(int index, SectionResult result) override {
    {
      absl::MutexLock lock(&mu_);
      if (broken_) return absl::CancelledError("song stream closed by the client");
    }
    RecordSection(metrics_, result);
    v1::GenerateSongResponse response;
    v1::SectionResult* section = response.mutable_section();
    *section = convert::SectionResultToProto(result, &sections_[index]);
    read::AppendWarnings(warnings_, index, section);
    if (stop_.stop_requested()) return absl::CancelledError("request cancelled by the caller");
    Enqueue(std::move(response));
    return absl::OkStatus();
  }

  // The song's last message once the engine has delivered every section.
  void SendDone() {
    const int total = static_cast<int>(sections_.size());
    SendProgress(Progress(total > 0 ? total - 1 : 0, total, total, v1::SONG_STAGE_DONE));
  }

  // Called once, by the request's task, after the engine has returned. Finishes with `status`
  // once queued messages are written (at once if the stream is broken or `status` is an error).
  void FinishWith(grpc::Status status) {
    bool finish_now = false;
    {
      absl::MutexLock lock(&mu_);
      final_status_ = std::move(status);
      engine_done_ = true;
      if (!final_status_.ok()) queue_.erase(queue_.begin() + (writing_ ? 1 : 0), queue_.end());
      finish_now = ReadyToFinishLocked();
    }
    if (finish_now) Finish(final_status_);
  }

  void OnWriteDone(bool ok) override {
    const v1::GenerateSongResponse* next = nullptr;
    bool finish_now = false;
    {
      absl::MutexLock lock(&mu_);
      writing_ = false;
      queue_.pop_front();
      if (!ok) {
        broken_ = true;
        queue_.clear();
        stop_.RequestStop();
      }
      if (!queue_.empty()) {
        writing_ = true;
        next = &queue_.front();
      } else {
        finish_now = ReadyToFinishLocked();
      }
    }
    if (next != nullptr) StartWrite(next);
    if (finish_now) Finish(final_status_);
  }

  void OnCancel() override { stop_.RequestStop(); }
  void OnDone() override { delete this; }

 private:
  void SendProgress(v1::GenerationProgress progress) {
    v1::GenerateSongResponse response;
    *response.mutable_progress() = std::move(progress);
    Enqueue(std::move(response));
  }

  void Enqueue(v1::GenerateSongResponse response) {
    const v1::GenerateSongResponse* next = nullptr;
    {
      absl::MutexLock lock(&mu_);
      if (broken_ || engine_done_) return;
      queue_.push_back(std::move(response));  // deque: the in-flight front keeps its address
      if (writing_) return;
      writing_ = true;
      next = &queue_.front();
    }
    StartWrite(next);
  }

  bool ReadyToFinishLocked() ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_) {
    if (!engine_done_ || writing_ || finished_) return false;
    finished_ = true;
    return true;
  }

  StopToken stop_;
  ServiceMetrics* const metrics_;  // may be null
  // Written before the engine starts, then read-only.
  std::vector<SectionRequest> sections_;
  read::RequestWarnings warnings_;
  absl::Mutex mu_;
  std::deque<v1::GenerateSongResponse> queue_ ABSL_GUARDED_BY(mu_);  // front is in flight
  bool writing_ ABSL_GUARDED_BY(mu_) = false;
  bool broken_ ABSL_GUARDED_BY(mu_) = false;
  bool engine_done_ ABSL_GUARDED_BY(mu_) = false;
  bool finished_ ABSL_GUARDED_BY(mu_) = false;
  grpc::Status final_status_;  // written once under mu_ before finished_ is set, then read-only
};

// What a call's prepare step (reading, validation, conversion, on the prepare executor) hands
// to its run step (the engine, on a generation thread): the expected solo work for admission
// (server/work_estimate.h) and the run itself, owning what it needs.
struct PreparedCall {
  double expected_seconds = 0.0;
  absl::AnyInvocable<grpc::Status(CallInfo&, const StopToken&) &&> run;
};

// Adds gRPC's retry pushback (gRFC A6: trailing metadata "grpc-retry-pushback-ms") for an
// admission refusal that carries a RetryInfo, so that a client retrying with gRPC's own retry
// policy waits as long as the RetryInfo says. Call before Finish.
void AddRetryPushback(grpc::CallbackServerContext* context, const absl::Status& refusal) {
  const absl::optional<absl::Duration> delay = RetryDelayOf(refusal);
  if (!delay.has_value()) return;
  context->AddTrailingMetadata("grpc-retry-pushback-ms",
                               std::to_string(absl::ToInt64Milliseconds(*delay)));
}

// The one path of every RPC: draining check and gate 1 of admission on gRPC's thread; prepare
// on the prepare executor; gate 2 (Ticket::Schedule: expected wait against max_queue_wait and
// the deadline); run on a generation thread; Finish. `prepare(info, stop, &prepared)` returns
// OK with `prepared` filled, or the call's error. Each refusal or error finishes the call at
// once and logs it; an admission refusal also carries gRPC's retry pushback. `call` is a
// UnaryCall or SongCall (FinishWith, stop()) of `context`.
template <typename Call, typename Prepare>
void Dispatch(CallInfo info, grpc::CallbackServerContext* context, Call* call, bool draining,
              Admission& admission, TaskPool& prepare_executor,
              TaskPool& generation_executor, IdleMemoryRelease& memory, Prepare prepare) {
  const absl::Time deadline = DeadlineOf(*context);
  auto end_now = [call](const CallInfo& info, const grpc::Status& status) {
    LogEnd(info, status);
    call->FinishWith(status);  // `call` may be deleted from here on
  };
  if (draining) return end_now(info, grpc::Status(grpc::StatusCode::UNAVAILABLE, kDraining));
  absl::StatusOr<Admission::Ticket> ticket = admission.TryAdmit();
  if (!ticket.ok()) {
    AddRetryPushback(context, ticket.status());
    return end_now(info, ToGrpcStatus(ticket.status()));
  }
  auto prepare_task = [call, context, info, end_now, deadline, &generation_executor, &admission,
                       &memory, prepare = std::move(prepare),
                       ticket = *std::move(ticket)]() mutable {
    PreparedCall prepared;
    grpc::Status status = RunGuarded([&] { return prepare(info, call->stop(), &prepared); });
    if (status.ok()) {
      const absl::Status scheduled =
          ticket.Schedule(prepared.expected_seconds, deadline, absl::Now());
      AddRetryPushback(context, scheduled);
      status = ToGrpcStatus(scheduled);
    }
    if (!status.ok()) {
      ticket.Release();
      return end_now(info, status);
    }
    auto run_task = [call, info, end_now, &admission, &memory, run = std::move(prepared.run),
                     ticket = std::move(ticket)]() mutable {
      info.work_start = absl::Now();
      ticket.Start(info.work_start);
      const grpc::Status status =
          RunGuarded([&] { return std::move(run)(info, call->stop()); });
      ticket.Finish(status.ok(), absl::Now());
      end_now(info, status);
      // After Finish, so that the caller does not wait for it.
      memory.OnCallEnded(admission.inflight());
    };
    // On failure the task (and its ticket) was dropped unrun; finish here.
    if (absl::Status submitted = generation_executor.Submit(std::move(run_task));
        !submitted.ok()) {
      end_now(info, ToGrpcStatus(submitted));
    }
  };
  if (absl::Status submitted = prepare_executor.Submit(std::move(prepare_task)); !submitted.ok()) {
    end_now(info, ToGrpcStatus(submitted));
  }
}

grpc::Status Unimplemented() {
  return grpc::Status(grpc::StatusCode::UNIMPLEMENTED, kEngineNotLoaded);
}

}  // namespace

GenerationService::GenerationService(TaskPool& executor, Admission& admission,
                                     SectionEngine* engine, ServiceMetrics* metrics)
    : executor_(executor),
      admission_(admission),
      metrics_(metrics),
      engine_(engine),
      prepare_executor_(kPrepareThreads) {}

grpc::ServerUnaryReactor* GenerationService::GenerateSection(
    grpc::CallbackServerContext* context, const v1::GenerateSectionRequest* request,
    v1::GenerateSectionResponse* response) {
  CallInfo info = StartCall("GenerateSection", request->metadata(), *context);
  info.metrics = metrics_;
  auto prepare = [this, request, response](CallInfo& info, const StopToken& stop,
                                           PreparedCall* prepared) -> grpc::Status {
    prepare::PreparedSection section;
    if (grpc::Status s = Prepare(*request, info, stop, &section); !s.ok()) return s;
    SectionEngine* const section_engine = engine();
    if (section_engine == nullptr) return Unimplemented();
    prepared->expected_seconds = EstimateSectionSeconds(section.request);
    prepared->run = [metrics = metrics_, section_engine, response, section = std::move(section)](
                        CallInfo& info, const StopToken& stop) -> grpc::Status {
      absl::StatusOr<SectionResult> result =
          section_engine->GenerateSection(section.request, ContextOf(info, stop));
      if (!result.ok()) return ToGrpcStatus(result.status());
      RecordSection(metrics, *result);
      v1::SectionResult* out = response->mutable_result();
      *out = convert::SectionResultToProto(*result, &section.request);
      read::AppendWarnings(section.warnings, section.request.section_index, out);
      // The call's own view of time (result.proto Timings): from its start until a generation
      // thread took it (reading, validation and the admission queue), and to the result.
      v1::Timings* timings = out->mutable_timings();
      timings->set_queue_ms(absl::ToDoubleMilliseconds(info.work_start - info.start));
      timings->set_total_ms(absl::ToDoubleMilliseconds(absl::Now() - info.start));
      return grpc::Status::OK;
    };
    return grpc::Status::OK;
  };
  auto* call = new UnaryCall(DeadlineOf(*context));
  Dispatch(std::move(info), context, call, draining(), admission_, prepare_executor_, executor_,
           memory_release_, std::move(prepare));
  return call;
}

grpc::ServerUnaryReactor* GenerationService::RefineSection(grpc::CallbackServerContext* context,
                                                           const v1::RefineSectionRequest* request,
                                                           v1::RefineSectionResponse* response) {
  CallInfo info = StartCall("RefineSection", request->metadata(), *context);
  info.metrics = metrics_;
  auto prepare = [this, request, response](CallInfo& info, const StopToken& stop,
                                           PreparedCall* prepared) -> grpc::Status {
    auto refinement = std::make_unique<prepare::PreparedRefinement>();
    if (grpc::Status s = Prepare(*request, info, stop, refinement.get()); !s.ok()) return s;
    SectionEngine* const section_engine = engine();
    if (section_engine == nullptr) return Unimplemented();
    prepared->expected_seconds = EstimateRefinementSeconds(refinement->request);
    prepared->run = [metrics = metrics_, section_engine, response,
                     refinement = std::move(refinement)](
                        CallInfo& info, const StopToken& stop) -> grpc::Status {
      absl::StatusOr<RefinedSection> refined =
          section_engine->RefineSection(refinement->request, ContextOf(info, stop));
      if (metrics != nullptr) metrics->RefinementFinished(refined.ok() ? "refined" : "failed");
      if (!refined.ok()) return ToGrpcStatus(refined.status());
      RecordSection(metrics, refined->result);
      *response = convert::RefineSectionResponseToProto(
          *refined, refinement->request.request.section.emotion,
          refinement->served.prior_result());
      read::AppendWarnings(refinement->warnings, refinement->request.request.section_index,
                           response->mutable_result());
      return grpc::Status::OK;
    };
    return grpc::Status::OK;
  };
  auto* call = new UnaryCall(DeadlineOf(*context));
  Dispatch(std::move(info), context, call, draining(), admission_, prepare_executor_, executor_,
           memory_release_, std::move(prepare));
  return call;
}

grpc::ServerWriteReactor<v1::GenerateSongResponse>* GenerationService::GenerateSong(
    grpc::CallbackServerContext* context, const v1::GenerateSongRequest* request) {
  CallInfo info = StartCall("GenerateSong", request->metadata(), *context);
  info.metrics = metrics_;
  auto* call = new SongCall(DeadlineOf(*context), metrics_);
  auto prepare = [this, request, call](CallInfo& info, const StopToken& stop,
                                       PreparedCall* prepared) -> grpc::Status {
    prepare::PreparedSong song;
    if (grpc::Status s = Prepare(*request, info, stop, &song); !s.ok()) return s;
    SectionEngine* const section_engine = engine();
    if (section_engine == nullptr) return Unimplemented();
    prepared->expected_seconds = EstimateSongSeconds(song.request);
    call->SetSong(std::move(song.request), std::move(song.warnings));
    prepared->run = [section_engine, call](CallInfo& info,
                                           const StopToken& stop) -> grpc::Status {
      const absl::Status status =
          section_engine->GenerateSong(call->sections(), ContextOf(info, stop), *call);
      if (status.ok()) call->SendDone();
      return ToGrpcStatus(status);
    };
    return grpc::Status::OK;
  };
  Dispatch(std::move(info), context, call, draining(), admission_, prepare_executor_, executor_,
           memory_release_, std::move(prepare));
  return call;
}

}  // namespace stori::server

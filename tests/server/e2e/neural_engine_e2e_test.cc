// End-to-end tests of stori-server's production wiring: the in-process gRPC server
// (StartGrpcServer on 127.0.0.1:0) with the real NeuralSectionEngine over the shipped model
// (STORI_MODEL_DIR, else models/stori-remi/v3), fed the "Leaving Home" example
// (examples/leaving_home.json, preset FAST). The model and server are set up once per suite and
// each section is generated once and shared between the tests that read it.
#include <algorithm>
#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "absl/synchronization/mutex.h"
#include "absl/synchronization/notification.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "gmock/gmock.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "grpcpp/client_context.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"
#include "gtest/gtest.h"
#include "server/admission.h"
#include "tools/cli/request_file.h"
#include "server/convert/from_proto.h"
#include "server/generation_service.h"
#include "server/grpc_server.h"
#include "server/neural_section_engine.h"
#include "server/readiness.h"
#include "engine/common/task_pool.h"
#include "stori/generation/v1/service.grpc.pb.h"
#include "tests/engine/generate/generate_fixture.h"
#include "tests/server/request_fixtures.h"

namespace stori::server {
namespace {

namespace v1 = ::stori::generation::v1;
using ::grpc::health::v1::HealthCheckRequest;
using ::grpc::health::v1::HealthCheckResponse;

// Wraps the real engine to record how each GenerateSection call ended and how long it took, so
// a test can see the server-side work stop (not only the client give up).
class RecordingEngine final : public SectionEngine {
 public:
  explicit RecordingEngine(SectionEngine& inner) : inner_(inner) {}
  absl::StatusOr<SectionResult> GenerateSection(const SectionRequest& request,
                                                const RunContext& ctx) override {
    const absl::Time start = absl::Now();
    auto result = inner_.GenerateSection(request, ctx);
    absl::MutexLock lock(&mu_);
    last_status_ = result.status();
    last_duration_ = absl::Now() - start;
    ++calls_;
    return result;
  }
  absl::StatusOr<RefinedSection> RefineSection(const RefinementRequest& request,
                                               const RunContext& ctx) override {
    return inner_.RefineSection(request, ctx);
  }
  absl::Status GenerateSong(const std::vector<SectionRequest>& sections,
                            const RunContext& ctx, song::SongObserver& observer) override {
    return inner_.GenerateSong(sections, ctx, observer);
  }
  // Waits until `calls` engine calls have finished; returns the last one's status and duration.
  bool WaitForCalls(int calls, absl::Duration timeout, absl::Status* status,
                    absl::Duration* duration) {
    absl::MutexLock lock(&mu_);
    auto done = [&] { return calls_ >= calls; };
    if (!mu_.AwaitWithTimeout(absl::Condition(&done), timeout)) return false;
    *status = last_status_;
    *duration = last_duration_;
    return true;
  }
  int calls() {
    absl::MutexLock lock(&mu_);
    return calls_;
  }

 private:
  SectionEngine& inner_;
  absl::Mutex mu_;
  absl::Status last_status_ ABSL_GUARDED_BY(mu_);
  absl::Duration last_duration_ ABSL_GUARDED_BY(mu_);
  int calls_ ABSL_GUARDED_BY(mu_) = 0;
};

v1::GenerateSongRequest LeavingHomeExample() {
  const std::string json =
      testing::ReadFile(::stori::testing::SourcePath("examples/leaving_home.json"));
  auto file = ::stori::cli::SongRequestFromJson(json);
  EXPECT_TRUE(file.ok()) << file.status();
  if (!file.ok()) return {};
  EXPECT_TRUE(file->violations.empty()) << file->violations.Summary();
  file->request.set_quality_preset(v1::QUALITY_PRESET_FAST);
  return file->request;
}

v1::GenerateSectionRequest SectionRequest(const v1::GenerateSongRequest& song, int index) {
  v1::GenerateSectionRequest request;
  *request.mutable_metadata() = song.metadata();
  *request.mutable_rms() = song.rms();
  request.set_section_index(static_cast<std::uint32_t>(index));
  request.set_seed(song.seed());
  request.set_quality_preset(song.quality_preset());
  return request;
}

const v1::TrackOutput* FindTrack(const v1::SectionResult& r, const std::string& id) {
  for (const v1::TrackOutput& t : r.tracks()) {
    if (t.track_id() == id) return &t;
  }
  return nullptr;
}

std::vector<std::tuple<std::int64_t, std::int64_t, int, int>> NoteTuples(
    const v1::SectionResult& r) {
  std::vector<std::tuple<std::int64_t, std::int64_t, int, int>> out;
  for (const v1::TrackOutput& t : r.tracks()) {
    for (const v1::Note& n : t.notes()) {
      out.emplace_back(n.start_tick(), n.duration_ticks(), static_cast<int>(n.pitch()),
                       static_cast<int>(n.velocity()) + 1000 * static_cast<int>(t.channel()));
    }
  }
  return out;
}

class NeuralEngineE2e : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    std::string error;
    runner_ = ::stori::testing::SharedRunner(&error);
    if (runner_ == nullptr) {
      load_error_ = new std::string(error);
      return;
    }
    ASSERT_TRUE(runner_->Warmup().ok());
    engine_ = new NeuralSectionEngine(*runner_);
    recording_ = new RecordingEngine(*engine_);
    executor_ = new TaskPool(2);
    admission_ = new Admission(AdmissionOptions{8, 2, absl::Seconds(60)});
    service_ = new GenerationService(*executor_, *admission_);
    auto started = StartGrpcServer("127.0.0.1:0", *service_);
    ASSERT_TRUE(started.ok()) << started.status();
    server_ = started->server.release();
    readiness_ = new Readiness(server_->GetHealthCheckService());
    service_->AttachEngine(recording_);
    readiness_->SetServing();  // as main() does once the model is loaded and warmed
    channel_ = new std::shared_ptr<grpc::Channel>(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(started->port), grpc::InsecureChannelCredentials()));
    song_ = new v1::GenerateSongRequest(LeavingHomeExample());
  }

  static void TearDownTestSuite() {
    if (server_ != nullptr) server_->Shutdown();
    delete executor_;  // joins after the server stopped
    delete server_;
    delete readiness_;
    delete service_;
    delete admission_;
    delete recording_;
    delete engine_;
    delete channel_;
    delete song_;
    delete results_;
  }

  void SetUp() override {
    if (load_error_ != nullptr) GTEST_SKIP() << "no model: " << *load_error_;
  }

  static std::unique_ptr<v1::GenerationService::Stub> Stub() {
    return v1::GenerationService::NewStub(*channel_);
  }

  // Section `index` of the example, generated once over gRPC.
  static const v1::SectionResult& Section(int index) {
    if (results_ == nullptr) results_ = new std::map<int, v1::SectionResult>();
    auto it = results_->find(index);
    if (it != results_->end()) return it->second;
    grpc::ClientContext context;
    v1::GenerateSectionResponse response;
    const grpc::Status status =
        Stub()->GenerateSection(&context, SectionRequest(*song_, index), &response);
    EXPECT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
    return (*results_)[index] = response.result();
  }

  static const model::ModelRunner* runner_;
  static std::string* load_error_;
  static NeuralSectionEngine* engine_;
  static RecordingEngine* recording_;
  static TaskPool* executor_;
  static Admission* admission_;
  static GenerationService* service_;
  static grpc::Server* server_;
  static Readiness* readiness_;
  static std::shared_ptr<grpc::Channel>* channel_;
  static v1::GenerateSongRequest* song_;
  static std::map<int, v1::SectionResult>* results_;
};

const model::ModelRunner* NeuralEngineE2e::runner_ = nullptr;
std::string* NeuralEngineE2e::load_error_ = nullptr;
NeuralSectionEngine* NeuralEngineE2e::engine_ = nullptr;
RecordingEngine* NeuralEngineE2e::recording_ = nullptr;
TaskPool* NeuralEngineE2e::executor_ = nullptr;
Admission* NeuralEngineE2e::admission_ = nullptr;
GenerationService* NeuralEngineE2e::service_ = nullptr;
grpc::Server* NeuralEngineE2e::server_ = nullptr;
Readiness* NeuralEngineE2e::readiness_ = nullptr;
std::shared_ptr<grpc::Channel>* NeuralEngineE2e::channel_ = nullptr;
v1::GenerateSongRequest* NeuralEngineE2e::song_ = nullptr;
std::map<int, v1::SectionResult>* NeuralEngineE2e::results_ = nullptr;

TEST_F(NeuralEngineE2e, HealthIsServingOnceTheModelIsLoaded) {
  auto health = grpc::health::v1::Health::NewStub(*channel_);
  grpc::ClientContext context;
  HealthCheckRequest request;
  request.set_service(kGenerationServiceName);
  HealthCheckResponse response;
  const grpc::Status status = health->Check(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_message();
  EXPECT_EQ(response.status(), HealthCheckResponse::SERVING);
}

TEST_F(NeuralEngineE2e, EverySectionComesBackWithValidNotesAndMetadata) {
  const v1::RichMusicalSpecification& rms = song_->rms();
  for (int i = 0; i < rms.sections_size(); ++i) {
    SCOPED_TRACE(rms.sections(i).section_id());
    const v1::SectionResult& r = Section(i);
    EXPECT_EQ(r.section_index(), static_cast<std::uint32_t>(i));
    EXPECT_EQ(r.section_id(), rms.sections(i).section_id());
    EXPECT_EQ(r.bars(), rms.sections(i).bars());
    EXPECT_EQ(r.ppq(), 480u);
    EXPECT_DOUBLE_EQ(r.tempo_bpm(), 92);
    EXPECT_EQ(r.key(), "Am");
    EXPECT_EQ(r.seed_used(), song_->seed());
    EXPECT_EQ(r.model().model_id(), runner_->model_id());
    EXPECT_EQ(r.model().model_version(), runner_->model_version());
    EXPECT_EQ(r.candidates_generated(), 1u);  // FAST
    // Every join to a next section is checked; the last has none.
    EXPECT_EQ(r.transition().checked(), i + 1 < rms.sections_size());
    EXPECT_GT(r.timings().total_ms(), 0);
    ASSERT_GE(r.midi_file().size(), 14u);
    EXPECT_EQ(r.midi_file().substr(0, 4), "MThd");
    ASSERT_EQ(r.tracks_size(), rms.tracks_size());
    ASSERT_EQ(r.attributes_size(), rms.tracks_size());
    const double section_beats = 4.0 * r.bars();
    int notes = 0;
    for (int t = 0; t < r.tracks_size(); ++t) {
      const v1::TrackOutput& track = r.tracks(t);
      SCOPED_TRACE(track.track_id());
      EXPECT_EQ(track.track_id(), rms.tracks(t).track_id());
      EXPECT_EQ(r.attributes(t).track_id(), track.track_id());
      if (track.role() == v1::TRACK_ROLE_DRUMS) {
        EXPECT_EQ(track.channel(), 9u);
      } else {
        EXPECT_NE(track.channel(), 9u);
      }
      double previous_start = -1;
      for (const v1::Note& n : track.notes()) {
        ++notes;
        EXPECT_LE(n.pitch(), 127u);
        EXPECT_GE(n.velocity(), 1u);
        EXPECT_LE(n.velocity(), 127u);
        EXPECT_GE(n.start_beat(), 0.0);
        EXPECT_LT(n.start_beat(), section_beats);
        EXPECT_GT(n.duration_beats(), 0.0);
        EXPECT_LE(n.start_beat() + n.duration_beats(), section_beats + 1e-9);
        EXPECT_DOUBLE_EQ(n.start_beat(), n.start_tick() / 480.0);
        EXPECT_DOUBLE_EQ(n.duration_beats(), n.duration_ticks() / 480.0);
        EXPECT_GE(n.start_beat(), previous_start);  // sorted by start
        previous_start = n.start_beat();
      }
    }
    EXPECT_GT(notes, 0);
  }
}

TEST_F(NeuralEngineE2e, InactiveAndLateEntryTracksAreSilentWhereTheRmsSaysSo) {
  const v1::SectionResult& intro = Section(0);
  const v1::TrackOutput* drums = FindTrack(intro, "drums");
  ASSERT_NE(drums, nullptr);
  EXPECT_EQ(drums->notes_size(), 0) << "drums are inactive in the intro";
  const v1::TrackOutput* bass = FindTrack(intro, "bass");
  ASSERT_NE(bass, nullptr);
  for (const v1::Note& n : bass->notes()) EXPECT_GE(n.start_beat(), 8.0) << "bass enters at bar 2";
  const v1::TrackOutput* verse_drums = FindTrack(Section(1), "drums");
  ASSERT_NE(verse_drums, nullptr);
  for (const v1::Note& n : verse_drums->notes()) EXPECT_GE(n.start_beat(), 16.0);
  EXPECT_GT(FindTrack(Section(2), "drums")->notes_size(), 0) << "full kit in the chorus";
}

// The motif's notes start at usage beat + the rhythm pattern's offsets, and their pitches keep
// the interval pattern (transpose and register shift move all of them alike).
void ExpectMotifAt(const v1::TrackOutput& lead, double beat, const std::vector<double>& offsets,
                   const std::vector<int>& intervals) {
  std::map<std::int64_t, std::set<int>> pitches_at;  // start tick -> pitches
  for (const v1::Note& n : lead.notes()) pitches_at[n.start_tick()].insert(n.pitch());
  auto tick = [](double b) { return static_cast<std::int64_t>(b * 480 + 0.5); };
  ASSERT_TRUE(pitches_at.count(tick(beat))) << "no note at motif beat " << beat;
  bool found = false;
  for (int first : pitches_at[tick(beat)]) {
    bool all = true;
    for (std::size_t k = 0; k < offsets.size(); ++k) {
      const auto it = pitches_at.find(tick(beat + offsets[k]));
      all = all && it != pitches_at.end() && it->second.count(first + intervals[k]) > 0;
    }
    found = found || all;
  }
  EXPECT_TRUE(found) << "motif intervals not found at beat " << beat;
}

TEST_F(NeuralEngineE2e, MotifsArePlayedAtTheirBeatsWithTheirIntervals) {
  const std::vector<double> home_onsets = {0, 1, 2, 3};  // four quarters
  const std::vector<int> home_intervals = {0, 2, 3, 7};
  const std::vector<double> road_onsets = {0, 2, 2.5};  // half, eighth, eighth
  const std::vector<int> road_intervals = {0, -1, -3};
  {
    SCOPED_TRACE("intro");
    ExpectMotifAt(*FindTrack(Section(0), "lead"), 4, home_onsets, home_intervals);
  }
  {
    SCOPED_TRACE("verse");
    ExpectMotifAt(*FindTrack(Section(1), "lead"), 0, home_onsets, home_intervals);
    ExpectMotifAt(*FindTrack(Section(1), "lead"), 16, home_onsets, home_intervals);
  }
  {
    SCOPED_TRACE("chorus");
    ExpectMotifAt(*FindTrack(Section(2), "lead"), 0, road_onsets, road_intervals);
    ExpectMotifAt(*FindTrack(Section(2), "lead"), 8, home_onsets, home_intervals);
    ExpectMotifAt(*FindTrack(Section(2), "lead"), 16, road_onsets, road_intervals);
  }
}

TEST_F(NeuralEngineE2e, RhythmDurationMismatchIsServedWithAWarningNamingTheMotif) {
  const v1::SectionResult& verse = Section(1);
  std::set<std::string> paths;
  for (const v1::Warning& w : verse.warnings()) paths.insert(w.field_path());
  EXPECT_TRUE(paths.count("rms.motifs[0].duration_beats")) << verse.DebugString();
  EXPECT_TRUE(paths.count("rms.motifs[1].duration_beats"));
}

TEST_F(NeuralEngineE2e, AttributesReportTargetsAndMeasuresPerTrack) {
  const v1::SectionResult& chorus = Section(2);
  for (const v1::TrackAttributes& a : chorus.attributes()) {
    SCOPED_TRACE(a.track_id());
    std::set<std::string> names;
    for (const v1::AttributeMeasurement& m : a.attributes()) names.insert(m.name());
    EXPECT_TRUE(names.count("notes_per_bar"));
    EXPECT_TRUE(names.count("velocity_mean"));
    EXPECT_TRUE(names.count("syncopation"));
    EXPECT_TRUE(names.count("polyphony"));
    EXPECT_EQ(names.count("register_center") > 0, a.track_id() != "drums");
    EXPECT_EQ(names.count("note_length_beats") > 0, a.track_id() != "drums");
  }
}

TEST_F(NeuralEngineE2e, SameRequestAndSeedGiveTheSameNotes) {
  const v1::SectionResult& first = Section(0);
  grpc::ClientContext context;
  v1::GenerateSectionResponse again;
  ASSERT_TRUE(Stub()->GenerateSection(&context, SectionRequest(*song_, 0), &again).ok());
  EXPECT_EQ(NoteTuples(again.result()), NoteTuples(first));
  EXPECT_EQ(again.result().midi_file(), first.midi_file());
}

TEST_F(NeuralEngineE2e, SongStreamsEverySectionInOrderWithTheSameNotesAsSingleSections) {
  grpc::ClientContext context;
  auto reader = Stub()->GenerateSong(&context, *song_);
  v1::GenerateSongResponse message;
  std::vector<v1::SectionResult> sections;
  int progress = 0;
  bool done = false;
  while (reader->Read(&message)) {
    if (message.has_section()) {
      sections.push_back(message.section());
    } else {
      ++progress;
      done = done || message.progress().stage() == v1::SONG_STAGE_DONE;
    }
  }
  const grpc::Status status = reader->Finish();
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(sections.size(), static_cast<std::size_t>(song_->rms().sections_size()));
  EXPECT_GE(progress, 1);
  EXPECT_TRUE(done);
  for (std::size_t i = 0; i < sections.size(); ++i) {
    EXPECT_EQ(sections[i].section_index(), i);
    EXPECT_EQ(sections[i].section_id(), song_->rms().sections(static_cast<int>(i)).section_id());
    EXPECT_EQ(NoteTuples(sections[i]), NoteTuples(Section(static_cast<int>(i)))) << "section " << i;
  }
}

TEST_F(NeuralEngineE2e, TinyDeadlineIsDeadlineExceededAndStopsTheEngine) {
  v1::GenerateSectionRequest request = SectionRequest(*song_, 2);  // the 8-bar chorus
  request.set_quality_preset(v1::QUALITY_PRESET_QUALITY);          // 10 candidates: long
  const int calls_before = recording_->calls();
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(100));
  v1::GenerateSectionResponse response;
  const grpc::Status status = Stub()->GenerateSection(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::DEADLINE_EXCEEDED);
  absl::Status engine_status;
  absl::Duration engine_time;
  // Generous bound: the engine checks the stop token every few decoding steps, so it ends within
  // a fraction of a second of the deadline; a full QUALITY chorus takes far longer.
  ASSERT_TRUE(
      recording_->WaitForCalls(calls_before + 1, absl::Seconds(20), &engine_status, &engine_time))
      << "the engine kept working long after the deadline";
  EXPECT_TRUE(absl::IsDeadlineExceeded(engine_status))  // logged as such, not CANCELLED
      << engine_status;
  EXPECT_LT(engine_time, absl::Seconds(5));
}

// Notes of one track as (start_tick, duration_ticks, pitch, velocity).
std::vector<std::tuple<std::int64_t, std::int64_t, int, int>> TrackNotes(const v1::TrackOutput& t) {
  std::vector<std::tuple<std::int64_t, std::int64_t, int, int>> out;
  for (const v1::Note& n : t.notes()) {
    out.emplace_back(n.start_tick(), n.duration_ticks(), static_cast<int>(n.pitch()),
                     static_cast<int>(n.velocity()));
  }
  return out;
}

TEST_F(NeuralEngineE2e, RefineSectionRegeneratesTheAskedTrackAndKeepsTheOthersNoteForNote) {
  v1::RefineSectionRequest request;
  *request.mutable_metadata() = song_->metadata();
  *request.mutable_rms() = song_->rms();
  request.set_section_index(1);
  *request.mutable_prior_result() = Section(1);
  request.set_refinement_command("Make it sadder!");
  request.add_target_track_ids("lead");
  request.set_seed(11);
  request.set_quality_preset(v1::QUALITY_PRESET_FAST);
  grpc::ClientContext context;
  v1::RefineSectionResponse response;
  const grpc::Status status = Stub()->RefineSection(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  const v1::SectionResult& refined = response.result();
  const float prior_valence = song_->rms().sections(1).emotion_vector().valence();
  EXPECT_FLOAT_EQ(response.applied_emotion_vector().valence(),
                  std::max(-1.0f, prior_valence - 0.3f));
  EXPECT_FLOAT_EQ(refined.emotion_vector().valence(), response.applied_emotion_vector().valence());
  // Regenerations tried until the lead moved as "sadder" asks (section_refiner.h), 1..5.
  EXPECT_GE(refined.refinement_passes(), 1u);
  EXPECT_LE(refined.refinement_passes(), 5u);
  for (const char* kept : {"drums", "bass", "guitar"}) {
    SCOPED_TRACE(kept);
    ASSERT_NE(FindTrack(refined, kept), nullptr);
    EXPECT_EQ(TrackNotes(*FindTrack(refined, kept)), TrackNotes(*FindTrack(Section(1), kept)));
  }
  ASSERT_NE(FindTrack(refined, "lead"), nullptr);
  EXPECT_GT(FindTrack(refined, "lead")->notes_size(), 0);
  EXPECT_NE(TrackNotes(*FindTrack(refined, "lead")), TrackNotes(*FindTrack(Section(1), "lead")));
  // The musical diff: emotion before, the one track regenerated, and its moved attributes.
  EXPECT_FLOAT_EQ(response.prior_emotion_vector().valence(), prior_valence);
  EXPECT_THAT(response.regenerated_track_ids(), ::testing::ElementsAre("lead"));
  bool lead_register_target_moved = false;
  for (const v1::AttributeChange& c : response.attribute_changes()) {
    EXPECT_TRUE(c.has_before()) << c.track_id() << " " << c.name();
    if (c.track_id() == "lead" && c.name() == "register_center") {
      lead_register_target_moved = c.target_after() < c.target_before();  // sadder: lower
    }
  }
  EXPECT_TRUE(lead_register_target_moved);
}

TEST_F(NeuralEngineE2e, UnknownRefinementCommandListsTheKnownOnes) {
  v1::RefineSectionRequest request;
  *request.mutable_rms() = song_->rms();
  *request.mutable_prior_result() = Section(0);
  request.set_refinement_command("make it purple");
  grpc::ClientContext context;
  v1::RefineSectionResponse response;
  const grpc::Status status = Stub()->RefineSection(&context, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::Fields(testing::BadRequestOf(status)),
              ::testing::ElementsAre("refinement_command"));
  EXPECT_THAT(status.error_message(), ::testing::HasSubstr("refinement_command"));
}

// Stori's minimal flat request as JSON, generated, then refined from its own result: every
// section can be refined, whatever it was generated from.
TEST_F(NeuralEngineE2e, FlatJsonRequestIsServedAndItsResultCanBeRefined) {
  v1::GenerateSectionRequest generate;
  generate.set_request_json(R"({"genre": "boom_bap", "tempo": 90, "bars": 4,
      "instruments": ["drum_kit_brush", "bass", "piano"], "quality_preset": "fast",
      "seed": 5, "intent_hash": "intent-42", "unknown_field": true})");
  grpc::ClientContext context;
  v1::GenerateSectionResponse generated;
  grpc::Status status = Stub()->GenerateSection(&context, generate, &generated);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  const v1::SectionResult& first = generated.result();
  EXPECT_EQ(first.key(), "C");
  EXPECT_FLOAT_EQ(first.emotion_vector().tension(), 0.3f);
  std::vector<std::string> warned;
  for (const v1::Warning& w : first.warnings()) warned.push_back(w.field_path());
  EXPECT_THAT(warned, ::testing::IsSupersetOf({"unknown_field", "flat.emotion_vector",
                                              "flat.key"}));
  const v1::TrackOutput* drums = FindTrack(first, "drum_kit_brush");
  ASSERT_NE(drums, nullptr);
  EXPECT_EQ(drums->channel(), 9u);
  EXPECT_EQ(drums->program(), 40u);
  EXPECT_GT(drums->notes_size(), 0);

  v1::RefineSectionRequest refine;
  refine.set_request_json(R"({"genre": "boom_bap", "tempo": 90, "bars": 4,
      "instruments": ["drum_kit_brush", "bass", "piano"], "quality_preset": "fast",
      "command": "brighter", "target_track_ids": ["piano"], "seed": 6})");
  *refine.mutable_prior_result() = first;
  grpc::ClientContext refine_context;
  v1::RefineSectionResponse refined;
  status = Stub()->RefineSection(&refine_context, refine, &refined);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  EXPECT_FLOAT_EQ(refined.applied_emotion_vector().valence(), 0.3f);
  for (const char* kept : {"drum_kit_brush", "bass"}) {
    SCOPED_TRACE(kept);
    EXPECT_EQ(TrackNotes(*FindTrack(refined.result(), kept)), TrackNotes(*FindTrack(first, kept)));
  }
}

// GenerationConstraints are hard bounds on every track: velocity floor/ceiling (drums included),
// the melodic register, and swing is applied to off-beat 8ths and measured.
TEST_F(NeuralEngineE2e, ConstraintsBoundEveryTrackAndAreReportedAsGiven) {
  v1::GenerateSectionRequest request = SectionRequest(*song_, 1);
  v1::GenerationConstraints* c = request.mutable_constraints();
  c->set_velocity_floor(56);
  c->set_velocity_ceiling(96);
  c->set_register_center(72);
  c->set_register_spread(7);
  c->set_swing_amount(1.0f);
  c->set_subdivision(8);
  grpc::ClientContext context;
  v1::GenerateSectionResponse response;
  const grpc::Status status = Stub()->GenerateSection(&context, request, &response);
  ASSERT_TRUE(status.ok()) << status.error_code() << " " << status.error_message();
  const v1::SectionResult& r = response.result();
  int off_beats = 0;
  for (const v1::TrackOutput& t : r.tracks()) {
    SCOPED_TRACE(t.track_id());
    for (const v1::Note& n : t.notes()) {
      EXPECT_GE(n.velocity(), 56u);
      EXPECT_LE(n.velocity(), 96u);
      if (t.role() == v1::TRACK_ROLE_MELODY) {
        EXPECT_GE(n.pitch(), 72u - 7u);
        EXPECT_LE(n.pitch(), 72u + 7u);
      }
      // Full swing: no onset on the straight off-beat 8th (240 ticks past a beat) remains.
      EXPECT_NE(n.start_tick() % 480, 240) << n.start_tick();
      if (n.start_tick() % 480 == 320) ++off_beats;
    }
  }
  EXPECT_GT(off_beats, 0);
  for (const v1::TrackAttributes& a : r.attributes()) {
    for (const v1::AttributeMeasurement& m : a.attributes()) {
      if (m.name() == "velocity_floor") {
        EXPECT_EQ(m.target(), 56) << a.track_id();
      }
      if (m.name() == "velocity_ceiling") {
        EXPECT_EQ(m.target(), 96) << a.track_id();
      }
      if (m.name() == "swing") {
        EXPECT_EQ(m.target(), 1.0) << a.track_id();
      }
      if (a.track_id() == "lead" && m.name() == "register_center") {
        EXPECT_EQ(m.target(), 72);
      }
      if (a.track_id() == "lead" && m.name() == "register_spread") {
        EXPECT_EQ(m.target(), 7);
        EXPECT_LE(m.measured(), 7);
      }
    }
  }
}

TEST_F(NeuralEngineE2e, UnknownMotifAndChordOutsideTheSectionAreInvalidArgument) {
  v1::GenerateSectionRequest request = SectionRequest(*song_, 1);
  v1::SectionSpec* verse = request.mutable_rms()->mutable_sections(1);
  verse->mutable_motif_usage(0)->set_motif_id("no_such_motif");
  verse->mutable_chords(7)->set_bar(8);  // the verse has bars 0..7
  grpc::ClientContext context;
  v1::GenerateSectionResponse response;
  const grpc::Status status = Stub()->GenerateSection(&context, request, &response);
  ASSERT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_THAT(testing::Fields(testing::BadRequestOf(status)),
              ::testing::IsSupersetOf(
                  {"rms.sections[1].motif_usage[0].motif_id", "rms.sections[1].chords[7].bar"}));
}

// Every example file validates, converts and generates in full (preset FAST), straight through
// the engine as stori-cli runs it: catches requests the validator lets through that the engine
// cannot serve.
class CollectingSink final : public song::SongObserver {
 public:
  void OnGenerating(int, int, int) override {}
  absl::Status OnSection(int, SectionResult section) override {
    sections.push_back(std::move(section));
    return absl::OkStatus();
  }
  std::vector<SectionResult> sections;
};

// A sink that refuses sections (the client went away) stops the song after the first one.
class RefusingSink final : public song::SongObserver {
 public:
  void OnGenerating(int, int, int) override {}
  absl::Status OnSection(int, SectionResult) override {
    ++sections;
    return absl::CancelledError("client gone");
  }
  int sections = 0;
};

TEST_F(NeuralEngineE2e, SongStopsWhenTheSinkRefusesASection) {
  auto sections = convert::SongRequestsFromProto(*song_, song_->seed());
  ASSERT_TRUE(sections.ok()) << sections.status();
  RefusingSink sink;
  EXPECT_TRUE(absl::IsCancelled(engine_->GenerateSong(*sections, RunContext(), sink)));
  EXPECT_EQ(sink.sections, 1);
}

TEST_F(NeuralEngineE2e, EveryExampleGenerates) {
  for (const char* name :
       {"funk_groove.json", "waltz_ballad.json", "lofi_loop.json", "maestro_flat.json"}) {
    SCOPED_TRACE(name);
    auto file = ::stori::cli::SongRequestFromJson(
        testing::ReadFile(::stori::testing::SourcePath(std::string("examples/") + name)));
    ASSERT_TRUE(file.ok()) << file.status();
    ASSERT_TRUE(file->violations.empty()) << file->violations.Summary();
    file->request.set_quality_preset(v1::QUALITY_PRESET_FAST);
    auto sections = convert::SongRequestsFromProto(file->request, file->request.seed());
    ASSERT_TRUE(sections.ok()) << sections.status();
    CollectingSink sink;
    RunContext ctx;
    ctx.trace_id = name;
    const absl::Status status = engine_->GenerateSong(*sections, ctx, sink);
    ASSERT_TRUE(status.ok()) << status;
    ASSERT_EQ(sink.sections.size(), static_cast<std::size_t>(file->request.rms().sections_size()));
    for (const SectionResult& r : sink.sections) {
      std::size_t notes = 0;
      for (const TrackResult& t : r.tracks) notes += t.track.notes.size();
      EXPECT_GT(notes, 0u) << r.section_id;
      EXPECT_EQ(r.time_signature.numerator,
                file->request.rms().time_signature().numerator() == 0
                    ? 4
                    : static_cast<int>(file->request.rms().time_signature().numerator()));
    }
  }
}

}  // namespace
}  // namespace stori::server

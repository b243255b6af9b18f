// Shared inputs for generator tests: the shipped model (loaded once per process), a fixture
// holding a SectionGenerator over it, and a "Leaving Home"-style verse request (A minor, 8 bars,
// drums/bass/piano/melody, one motif).
#ifndef STORI_TESTS_ENGINE_GENERATE_GENERATE_FIXTURE_H_
#define STORI_TESTS_ENGINE_GENERATE_GENERATE_FIXTURE_H_

#include <cstdlib>
#include <memory>
#include <string>

#include "engine/common/run_context.h"
#include "engine/generate/section_generator.h"
#include "engine/section/section_request.h"
#include "engine/model/model_runner.h"
#include "gtest/gtest.h"
#include "tests/testing/status_matchers.h"

namespace stori::testing {

// The runner for ModelDir(), loaded once; nullptr (with the status in *error) if it fails.
inline const model::ModelRunner* SharedRunner(std::string* error) {
  static absl::StatusOr<std::unique_ptr<model::ModelRunner>>* runner = [] {
    model::ModelRunnerOptions options;
    options.model_dir = ModelDir();
    options.device = model::Device::kCpu;
    return new absl::StatusOr<std::unique_ptr<model::ModelRunner>>(
        model::ModelRunner::Load(options));
  }();
  if (!runner->ok()) {
    *error = runner->status().ToString();
    return nullptr;
  }
  return runner->value().get();
}

// A test fixture with a SectionGenerator over SharedRunner(); the test fails in SetUp when the
// shipped model does not load.
class GeneratorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string error;
    const model::ModelRunner* runner = SharedRunner(&error);
    ASSERT_NE(runner, nullptr) << "shipped model failed to load: " << error;
    generator_ = std::make_unique<generate::SectionGenerator>(*runner);
  }
  std::unique_ptr<generate::SectionGenerator> generator_;
  RunContext ctx_{"test-composition", "test-trace", nullptr, ""};
};

inline SectionRequest LeavingHomeVerse() {
  SectionRequest r;
  r.tempo_bpm = 92;
  r.key = "Am";
  r.genre = "indie folk";
  r.time_signature = {0, 4, 4};
  Motif m;
  m.motif_id = "leaving";
  m.interval_pattern = {0, 2, 3, 7};
  m.rhythm_pattern = {RhythmValue::kQuarter, RhythmValue::kEighth,
                      RhythmValue::kEighth, RhythmValue::kHalf};
  m.duration_beats = 3;  // the roadmap's mismatch: the rhythm (4 beats) governs
  m.anchor_scale_degree = 1;
  r.motifs.push_back(m);
  auto track = [](const char* id, music::TrackRole role, int program, int channel) {
    TrackSpec t;
    t.track_id = id;
    t.name = id;
    t.role = role;
    t.program = program;
    t.channel = channel;
    return t;
  };
  r.tracks = {track("drums", music::TrackRole::kDrums, 0, 9),
              track("bass", music::TrackRole::kBass, 33, 0),
              track("piano", music::TrackRole::kHarmony, 0, 1),
              track("melody", music::TrackRole::kMelody, 73, 2)};
  SectionSpec& s = r.section;
  s.section_id = "verse";
  s.section_type = SectionType::kVerse;
  s.bars = 8;
  s.tempo_bpm = 92;
  s.key = "Am";
  s.time_signature = {0, 4, 4};
  s.emotion = {0.4f, -0.3f, 0.4f, 0.6f, 0.5f};
  const char* progression[] = {"Am", "F", "C", "G", "Am", "F", "C", "E7"};
  for (int bar = 0; bar < 8; ++bar) {
    s.chords.push_back(ChordEvent{bar, 0.0, bar * 4.0, progression[bar]});
  }
  MotifUsage u;
  u.motif_index = 0;
  u.start_beat = 0;
  s.motif_usages.push_back(u);
  u.start_beat = 16;
  u.transformation = Transformation::kTranspose;
  u.params.semitones = -2;
  s.motif_usages.push_back(u);
  s.track_behaviors.resize(r.tracks.size());
  r.seed = 42;
  r.num_candidates = 1;
  return r;
}

}  // namespace stori::testing

#endif  // STORI_TESTS_ENGINE_GENERATE_GENERATE_FIXTURE_H_

// Requests for the server tests: the "Leaving Home" RMS of testdata/leaving_home_rms.json (the
// protobuf JSON mapping, as Maestro's LLM writes it) and valid requests built around it, plus
// helpers that read violations back out of FieldViolations and gRPC statuses.
#ifndef STORI_TESTS_SERVER_REQUEST_FIXTURES_H_
#define STORI_TESTS_SERVER_REQUEST_FIXTURES_H_

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "google/protobuf/util/json_util.h"
#include "google/rpc/error_details.pb.h"
#include "google/rpc/status.pb.h"
#include "grpcpp/support/status.h"
#include "gtest/gtest.h"
#include "server/validate/field_violations.h"
#include "stori/generation/v1/service.pb.h"
#include "tests/testing/status_matchers.h"

namespace stori::server::testing {
namespace v1 = ::stori::generation::v1;

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

inline v1::RichMusicalSpecification LeavingHomeRms() {
  v1::RichMusicalSpecification rms;
  const std::string json =
      ReadFile(::stori::testing::SourcePath("tests/server/testdata/leaving_home_rms.json"));
  const auto status = google::protobuf::util::JsonStringToMessage(json, &rms);
  EXPECT_TRUE(status.ok()) << status.ToString();
  return rms;
}

inline v1::GenerateSectionRequest ValidSectionRequest() {
  v1::GenerateSectionRequest request;
  request.mutable_metadata()->set_composition_id("comp-42");
  request.mutable_metadata()->set_trace_id("trace-7");
  *request.mutable_rms() = LeavingHomeRms();
  request.set_section_index(0);
  request.set_seed(1234);
  request.set_quality_preset(v1::QUALITY_PRESET_FAST);
  return request;
}

inline v1::GenerateSectionRequest ValidFlatRequest() {
  v1::GenerateSectionRequest request;
  v1::FlatSectionSpec* flat = request.mutable_flat();
  flat->set_genre("lofi");
  flat->set_tempo_bpm(80);
  flat->add_instruments("drums");
  flat->add_instruments("bass");
  flat->add_instruments("piano");
  flat->set_bars(12);
  flat->set_key("F#m");
  v1::EmotionVector* ev = flat->mutable_emotion_vector();
  ev->set_energy(0.4f);
  ev->set_valence(-0.2f);
  ev->set_tension(0.6f);
  ev->set_intimacy(0.7f);
  ev->set_motion(0.3f);
  return request;
}

inline std::vector<std::string> Fields(const validate::FieldViolations& violations) {
  std::vector<std::string> fields;
  for (const auto& v : violations.reported()) fields.push_back(v.field);
  return fields;
}

// The BadRequest inside a gRPC status's binary details; empty if there is none.
inline google::rpc::BadRequest BadRequestOf(const grpc::Status& status) {
  google::rpc::Status rich;
  google::rpc::BadRequest bad_request;
  if (!rich.ParseFromString(status.error_details())) return bad_request;
  for (const auto& detail : rich.details()) {
    if (detail.UnpackTo(&bad_request)) break;
  }
  return bad_request;
}

inline std::vector<std::string> Fields(const google::rpc::BadRequest& bad_request) {
  std::vector<std::string> fields;
  for (const auto& v : bad_request.field_violations()) fields.push_back(v.field());
  return fields;
}

}  // namespace stori::server::testing

#endif  // STORI_TESTS_SERVER_REQUEST_FIXTURES_H_

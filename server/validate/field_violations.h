// FieldViolations: every problem found in one request, each with the proto field path it is
// about ("rms.sections[2].emotion_vector.tension": proto field names, zero-based indexes), in
// the order found. Becomes a google.rpc.BadRequest (server/status_mapping.h).
#ifndef STORI_SERVER_VALIDATE_FIELD_VIOLATIONS_H_
#define STORI_SERVER_VALIDATE_FIELD_VIOLATIONS_H_

#include <cstddef>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace stori::server::validate {

// At most this many violations are kept (the rest are only counted), and descriptions are cut to
// kMaxDescriptionBytes, so that the BadRequest fits gRPC's 8 KiB metadata limit as
// grpc-status-details-bin (base64, ~4/3 larger) with room to spare.
inline constexpr std::size_t kMaxReportedViolations = 20;
inline constexpr std::size_t kMaxDescriptionBytes = 160;
inline constexpr std::size_t kMaxPathBytes = 128;

struct FieldViolation {
  std::string field;        // proto path
  std::string description;  // what is wrong: expected range or form, and the value received
};

// Thread safety: thread-compatible.
class FieldViolations {
 public:
  // Records a violation; past kMaxReportedViolations only the count grows.
  void Add(absl::string_view field, absl::string_view description);
  // Adds all of `other`'s, in order (its unreported ones are counted too).
  void Append(const FieldViolations& other);

  bool empty() const { return total_ == 0; }
  // All violations found, reported or not.
  std::size_t size() const { return total_; }
  // The first kMaxReportedViolations.
  const std::vector<FieldViolation>& reported() const { return reported_; }

  // Returns the reported violations as google.rpc.BadRequest field violations.
  google::rpc::BadRequest ToBadRequest() const;
  // One line for a status message and logs: "3 invalid field(s); first: <field>: <description>".
  std::string Summary() const;

 private:
  std::vector<FieldViolation> reported_;
  std::size_t total_ = 0;
};

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_FIELD_VIOLATIONS_H_

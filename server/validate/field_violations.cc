#include "server/validate/field_violations.h"

#include "absl/strings/str_cat.h"

namespace stori::server::validate {
namespace {

// Cuts `text` to `max_bytes` without splitting a UTF-8 sequence, marking the cut with "...".
std::string Truncate(absl::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t end = max_bytes - 3;
  while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
  return absl::StrCat(text.substr(0, end), "...");
}

}  // namespace

void FieldViolations::Add(absl::string_view field, absl::string_view description) {
  ++total_;
  if (reported_.size() >= kMaxReportedViolations) return;
  reported_.push_back(
      {Truncate(field, kMaxPathBytes), Truncate(description, kMaxDescriptionBytes)});
}

void FieldViolations::Append(const FieldViolations& other) {
  for (const FieldViolation& v : other.reported_) Add(v.field, v.description);
  total_ += other.total_ - other.reported_.size();
}

google::rpc::BadRequest FieldViolations::ToBadRequest() const {
  google::rpc::BadRequest bad_request;
  for (const FieldViolation& v : reported_) {
    google::rpc::BadRequest::FieldViolation* out = bad_request.add_field_violations();
    out->set_field(v.field);
    out->set_description(v.description);
  }
  return bad_request;
}

std::string FieldViolations::Summary() const {
  if (reported_.empty()) return "no invalid fields";
  std::string summary = absl::StrCat(total_, " invalid field(s); first: ", reported_[0].field, ": ",
                                     reported_[0].description);
  if (total_ > reported_.size()) {
    absl::StrAppend(&summary, " (", reported_.size(), " listed in details)");
  }
  return summary;
}

}  // namespace stori::server::validate

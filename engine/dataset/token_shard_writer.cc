#include "engine/dataset/token_shard_writer.h"

#include "absl/strings/str_cat.h"

namespace stori::dataset {
namespace {
template <typename T>
void WriteLittleEndian(std::ofstream& out, T value) {
  unsigned char bytes[sizeof(T)];
  for (std::size_t i = 0; i < sizeof(T); ++i) {
    bytes[i] = static_cast<unsigned char>((static_cast<std::uint64_t>(value) >> (8 * i)) & 0xff);
  }
  out.write(reinterpret_cast<const char*>(bytes), sizeof(T));
}
}  // namespace

TokenShardWriter::TokenShardWriter(const std::string& dir, const std::string& split)
    : tokens_(absl::StrCat(dir, "/", split, ".tokens"), std::ios::binary | std::ios::trunc),
      index_(absl::StrCat(dir, "/", split, ".index"), std::ios::binary | std::ios::trunc) {
  if (!tokens_ || !index_) {
    status_ = absl::InternalError(absl::StrCat("cannot create shard files for split \"", split,
                                               "\" in ", dir));
  }
}

absl::Status TokenShardWriter::Append(const std::vector<tokens::TokenId>& ids) {
  if (!status_.ok()) return status_;
  for (tokens::TokenId id : ids) {
    if (id < 0 || id > 0xffff) {
      return absl::InvalidArgumentError(absl::StrCat("token id ", id, " does not fit uint16"));
    }
    WriteLittleEndian<std::uint16_t>(tokens_, static_cast<std::uint16_t>(id));
  }
  WriteLittleEndian<std::int64_t>(index_, offset_);
  WriteLittleEndian<std::int64_t>(index_, static_cast<std::int64_t>(ids.size()));
  offset_ += static_cast<std::int64_t>(ids.size());
  ++sequences_;
  if (!tokens_ || !index_) status_ = absl::InternalError("write to shard failed");
  return status_;
}

absl::Status TokenShardWriter::Close() {
  tokens_.close();
  index_.close();
  if (!tokens_ || !index_) status_ = absl::InternalError("closing shard failed");
  return status_;
}

}  // namespace stori::dataset

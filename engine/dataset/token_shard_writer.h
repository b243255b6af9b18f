// Token shards read by models/ (numpy.memmap): <split>.tokens holds little-endian uint16 ids of
// all sequences back to back; <split>.index holds little-endian int64 (offset, length) pairs,
// in tokens, one per sequence.
#ifndef STORI_ENGINE_DATASET_TOKEN_SHARD_WRITER_H_
#define STORI_ENGINE_DATASET_TOKEN_SHARD_WRITER_H_

#include <cstdint>
#include <fstream>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "engine/tokens/vocabulary.h"

namespace stori::dataset {

// Thread safety: not thread-safe (one writer per split).
class TokenShardWriter {
 public:
  // Opens (truncates) <dir>/<split>.tokens and <dir>/<split>.index. Errors via status().
  TokenShardWriter(const std::string& dir, const std::string& split);
  absl::Status status() const { return status_; }
  // Appends one sequence. Errors: kInvalidArgument for an id outside uint16; kInternal on I/O.
  absl::Status Append(const std::vector<tokens::TokenId>& ids);
  // Flushes; the files are complete after it returns OK.
  absl::Status Close();
  std::int64_t sequences() const { return sequences_; }
  std::int64_t tokens() const { return offset_; }

 private:
  std::ofstream tokens_;
  std::ofstream index_;
  absl::Status status_;
  std::int64_t offset_ = 0;
  std::int64_t sequences_ = 0;
};

}  // namespace stori::dataset

#endif  // STORI_ENGINE_DATASET_TOKEN_SHARD_WRITER_H_

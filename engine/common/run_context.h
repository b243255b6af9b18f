// RunContext: what the engine knows about the request it serves besides the music: the ids that
// go on every request-scoped log line and the StopToken it checks between steps. Built by
// server/convert/from_proto.h; the engine never sees gRPC.
#ifndef STORI_ENGINE_COMMON_RUN_CONTEXT_H_
#define STORI_ENGINE_COMMON_RUN_CONTEXT_H_

#include <string>

#include "absl/status/status.h"
#include "engine/common/stop_token.h"

namespace stori {

// Lent to the engine for one request; the server owns it and `*stop` and keeps both alive until
// the engine call returns.
// Thread safety: thread-compatible (read-only while the engine runs; `stop` is thread-safe).
struct RunContext {
  // Caller's composition id ("" if none); logged as composition_id=.
  std::string composition_id;
  // Caller's or server-drawn trace id, never empty in the server; logged as trace_id=.
  std::string trace_id;
  // Cancellation and deadline; nullptr means the work never stops early (tests, tools).
  const StopToken* stop = nullptr;
  // Caller's intent hash ("" if none); logged as intent_hash=, never used to answer from a cache.
  std::string intent_hash;

  // OK while the work may go on; else kCancelled or kDeadlineExceeded (see StopToken::Check).
  absl::Status CheckStop() const { return stop == nullptr ? absl::OkStatus() : stop->Check(); }
};

}  // namespace stori

#endif  // STORI_ENGINE_COMMON_RUN_CONTEXT_H_

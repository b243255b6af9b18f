// A request the engine served with an adjustment, and where the cause lies (proto
// stori.generation.v1.Warning; server/convert/to_proto.cc converts it).
#ifndef STORI_ENGINE_COMMON_WARNING_H_
#define STORI_ENGINE_COMMON_WARNING_H_

#include <string>

namespace stori {

struct Warning {
  // Field path of the cause inside the request's RMS (rms.proto), without the "rms." prefix,
  // e.g. "motifs[0].duration_beats" or "sections[2].motif_usages[1]"; "" when the cause is not
  // one field of an RMS (the server then reports no path).
  std::string field_path;
  // What was noticed and what was done.
  std::string message;
};

}  // namespace stori

#endif  // STORI_ENGINE_COMMON_WARNING_H_

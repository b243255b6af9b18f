// The service's input bounds, explicit and documented. Every number here is enforced by
// server/validate/ and documented on the proto field it limits
// (proto/stori/generation/v1/*.proto); change both together.
#ifndef STORI_SERVER_VALIDATE_LIMITS_H_
#define STORI_SERVER_VALIDATE_LIMITS_H_

#include <cstddef>
#include <cstdint>

namespace stori::server::validate {

// Musical bounds from Maestro's own schemas: bars 1..64 per section (its tool schema), tempo
// 20..300 BPM (its MIDI types).
inline constexpr std::uint32_t kMinBarsPerSection = 1;
inline constexpr std::uint32_t kMaxBarsPerSection = 64;
inline constexpr double kMinTempoBpm = 20.0;
inline constexpr double kMaxTempoBpm = 300.0;

// Song shape. 64 sections of up to 64 bars is 4,096 bars, over two hours at 120 BPM in 4/4:
// longer than any song, short enough to bound one GenerateSong stream.
inline constexpr int kMaxSectionsPerSong = 64;
// 16 MIDI channels; drum tracks share channel index 9, so at most 15 other tracks.
inline constexpr int kMaxTracks = 16;
inline constexpr int kMaxNonDrumTracks = 15;
inline constexpr int kMaxMotifs = 32;
inline constexpr int kMaxChordsPerSection = 1024;  // 16 per bar at 64 bars
inline constexpr int kMaxMotifUsagesPerSection = 256;

// Meter: numerator 1..16, denominator a power of two 1..32.
inline constexpr std::uint32_t kMaxTimeSignatureNumerator = 16;
inline constexpr std::uint32_t kMaxTimeSignatureDenominator = 32;

// Motifs.
inline constexpr int kMaxMotifNotes = 64;
inline constexpr int kMaxMotifIntervalSemitones = 36;
inline constexpr double kMaxMotifDurationBeats = 64.0;
inline constexpr int kMaxTransposeSemitones = 24;
inline constexpr int kMaxRegisterShiftOctaves = 3;
inline constexpr float kMaxRhythmicExpandFactor = 4.0f;
inline constexpr float kMinRhythmicCompressFactor = 0.25f;

// Track behaviour priority 0..10.
inline constexpr std::uint32_t kMaxTrackPriority = 10;

// Constraints.
inline constexpr std::uint32_t kMaxRegisterSpreadSemitones = 64;
inline constexpr float kMinHarmonicRhythmBars = 0.25f;
inline constexpr float kMaxHarmonicRhythmBars = 8.0f;

// String lengths in bytes (UTF-8).
inline constexpr std::size_t kMaxIdBytes = 64;     // track_id, motif_id, section_id
inline constexpr std::size_t kMaxNameBytes = 128;  // title, track name, emotional_role
inline constexpr std::size_t kMaxLabelBytes = 64;  // genre, style, pattern, instrument
inline constexpr std::size_t kMaxChordSymbolBytes = 32;
inline constexpr std::size_t kMaxKeyBytes = 16;
inline constexpr std::size_t kMaxMetadataBytes = 128;  // composition_id, trace_id, intent_hash
inline constexpr std::size_t kMaxCommandBytes = 256;   // refinement_command

// RefineSection's prior result.
inline constexpr int kMaxNotesPerTrack = 16384;
inline constexpr std::uint32_t kMaxPpq = 9600;

// Wire: the largest request the server reads (a full RMS is a few KiB; a prior result with
// 16 tracks of dense notes stays under this) and the largest response it writes. Enforced by
// gRPC's transport (server/grpc_server.cc): a larger request is answered RESOURCE_EXHAUSTED
// "Received message larger than max (N vs. 4194304)" before any handler runs (tested in
// tests/server/grpc_server_test.cc); stori_client refuses to send one (its 4 MiB send limit).
inline constexpr int kMaxReceiveMessageBytes = 4 << 20;
inline constexpr int kMaxSendMessageBytes = 16 << 20;

}  // namespace stori::server::validate

#endif  // STORI_SERVER_VALIDATE_LIMITS_H_

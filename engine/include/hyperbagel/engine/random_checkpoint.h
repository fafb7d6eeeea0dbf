#pragma once
// Writing BAGEL-shaped checkpoint folders with random weights, the official tensor names and
// configs, at any size. Tests use the tiny preset; GPU benchmarks use the full 7b-mot size.
// Tensors are generated and streamed chunk by chunk, so the full-size folder (~29 GB in bf16) is
// written without holding it in memory. Values are deterministic for a seed on every platform.
// Thread safety: no shared state; call from any thread. One call per output folder at a time.

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

struct RandomCheckpointPreset {
    std::string name;
    std::string description; ///< sizes in words, for `--help` and the docs
};

/// The presets, smallest first: "tiny" (the golden set's sizes), ..., "7b-mot" (the released model).
std::vector<RandomCheckpointPreset> randomCheckpointPresets();

struct RandomCheckpointOptions {
    std::string preset = "tiny";
    std::string outDir;         ///< created if missing; existing checkpoint files are replaced
    std::string dtype = "auto"; ///< "auto" (f32 for tiny, bf16 otherwise), "bf16", "f16", "f32"
    std::uint64_t seed = 0;
    std::uint64_t maxShardBytes = 0; ///< 0: one ema.safetensors; else shards + index of at most this size
    /// Called after each chunk (at most 1 M elements, so at least once per tensor): (tensor bytes
    /// written so far, total tensor bytes). Called on the caller's thread.
    std::function<void(std::uint64_t, std::uint64_t)> progress;
    const std::atomic<bool>* cancel = nullptr; ///< checked between chunks; fires -> Cancelled
};

struct RandomCheckpointSummary {
    std::string outDir;
    std::vector<std::string> files; ///< written, relative to outDir
    std::int64_t tensors = 0;
    std::int64_t parameters = 0;
    std::uint64_t bytes = 0;
};

/// Fails with InvalidRequest (unknown preset or dtype, empty outDir), IoError, or Cancelled (partial
/// files are removed).
Result<RandomCheckpointSummary> makeRandomCheckpoint(const RandomCheckpointOptions& options);

} // namespace hb

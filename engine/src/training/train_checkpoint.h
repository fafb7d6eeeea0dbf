#pragma once
// One file that resumes a training run: parameters, AdamW moments and EMA shadow (float32), with
// the step count and trained time in the metadata. Written atomically, so a crash leaves the
// previous checkpoint intact. Engine-internal. Thread safety: stateless.

#include <cstdint>
#include <map>
#include <optional>
#include <string>

#include "hyperbagel/engine/error.h"

#include "training/adamw.h"
#include "training/ema.h"

namespace hb {

struct TrainProgressMark {
    std::int64_t step = 0;
    double trainedSeconds = 0.0;
    std::map<std::string, std::string> extra; ///< stage-specific values (gate results, ...)
};

Result<void> saveTrainCheckpoint(const std::string& path, const AdamW& optimizer, const Ema& ema,
                                 const TrainProgressMark& mark);

/// Restores parameters (in place), moments and EMA from `path`. Fails with FileNotFound, BadFormat,
/// or BadCheckpoint naming a tensor the run has but the file lacks (another model size).
Result<TrainProgressMark> loadTrainCheckpoint(const std::string& path, AdamW& optimizer, Ema& ema);

/// loadTrainCheckpoint() when `path` exists (a run resuming); nullopt when it does not (a fresh run).
Result<std::optional<TrainProgressMark>> resumeTrainCheckpoint(const std::string& path, AdamW& optimizer,
                                                               Ema& ema);

} // namespace hb

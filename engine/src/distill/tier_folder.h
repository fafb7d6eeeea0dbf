#pragma once
// Writes a distillation stage's result as a loadable model folder: a copy of the teacher folder plus
// the tier's weight file (`<tier>.safetensors`, the tensors loadDistilledTiers() reads) and its entry
// in hyperbagel.json (models/bagel/distilled_tier.h). Every stage (CFG, TSCD, DMDO, ...) ends here.
// Engine-internal. Thread safety: stateless; one writer per folder.

#include <map>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

#include "training/tensor_file.h"

namespace hb {

struct TierEntry {
    std::string name = "fast";    ///< "fast" or "preview"
    std::vector<float> timesteps; ///< sampler points, 1 down to 0
    double textScale = 4.0;       ///< default guidance
    double imageScale = 2.0;
    std::map<std::string, std::string> provenance; ///< "distilled" object of the entry (stage, step, ...)
};

/// Copies the teacher folder's files into `outDir` (top-level regular files, byte for byte, keeping
/// their modification time; a copy with the source's size and time is kept; hyperbagel.json is merged,
/// not copied), writes `tensors` as
/// outDir/<name>.safetensors in float32 (atomically), and adds or replaces the tier's entry in
/// outDir/hyperbagel.json, keeping every other entry (the teacher's draft, other tiers). Returns the
/// weight file's path. Fails with IoError, or BadConfig when an existing hyperbagel.json is malformed.
Result<std::string> writeTierFolder(const std::string& teacherDir, const std::string& outDir,
                                    const TierEntry& entry, const NamedTensors& tensors);

/// Copies every tier of `fromDir` but `except` (weight file and hyperbagel.json entry) into
/// `outDir`, unless outDir already lists a tier of that name: a later stage's folder keeps the tiers
/// of the folder it started from (ADP's folder still has the fast tier it learned from). Fails with
/// BadConfig (malformed manifest, a weight path outside the folder) or IoError.
Result<void> carryTiers(const std::string& fromDir, const std::string& outDir, const std::string& except);

} // namespace hb

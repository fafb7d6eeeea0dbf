#pragma once
// The shape of a Hyper-Bagel draft model and its entry in hyperbagel.json (docs/speculative-decoding.md):
//   "draft": {"weights": "draft.safetensors", "queries": 3, "layers": 2,
//             "feature_layers": [1, 13, 24], "chain_length": 4,
//             "use_by_default": {"cpu": false}, "measured": {"cpu": "0.66x over 70 questions ..."}}
// Engine-internal. Thread safety: plain values and pure functions, safe from any thread.

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "hyperbagel/engine/error.h"

namespace hb {

struct DraftConfig {
    std::string weights = "draft.safetensors"; ///< file name, relative to the model folder
    std::int64_t queries = 3;                  ///< Q meta-queries; QD = 3D matches EAGLE-3's fusion
    std::int64_t layers = 2;                   ///< N draft decoder layers, copied from the target's last N
    /// Target layers (0-based, by output) whose hidden states form the residual around the
    /// cross-attention, one per meta-query: EAGLE-3's [low; mid; high].
    std::vector<std::int64_t> featureLayers;
    std::int64_t chainLength = 4; ///< default K for chain drafting
    /// Per device type ("cpu", "cuda"): whether a chat drafts by default there. Written by
    /// `draft bench --record` from a measured speed-up; a device type not listed drafts by default.
    std::map<std::string, bool> useByDefault;
    /// Per device type: the measurement behind useByDefault, in words (kept for people, not parsed).
    std::map<std::string, std::string> measured;

    /// useByDefault for `deviceType`, true when it is not listed.
    bool usedByDefaultOn(const std::string& deviceType) const;

    std::string describe() const;
    /// Checks the values against a target of `targetLayers` layers; BadConfig names the problem.
    Result<void> validate(std::int64_t targetLayers) const;
};

/// EAGLE-3's choice for an L-layer target: the hidden states entering layers 2, L/2 and L-3, i.e. the
/// outputs of layers 1, L/2-1 and L-4 (clamped into [0, L-1] for tiny test models). L = 28: {1, 13, 24}.
std::vector<std::int64_t> defaultFeatureLayers(std::int64_t targetLayers);

/// A config for a target of `targetLayers` layers with every default filled in.
DraftConfig defaultDraftConfig(std::int64_t targetLayers);

/// Parses the "draft" object of hyperbagel.json; absent keys take the defaults of
/// defaultDraftConfig(targetLayers). Fails with BadConfig naming the key.
Result<DraftConfig> parseDraftEntry(const nlohmann::json& entry, std::int64_t targetLayers);

/// The "draft" object for hyperbagel.json.
nlohmann::json draftEntry(const DraftConfig& config);

} // namespace hb

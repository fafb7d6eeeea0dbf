#pragma once
// The tensors a BAGEL checkpoint must hold, derived from its effective config: names and shapes
// of `ema.safetensors` (bagel-spec §1.3) and `ae.safetensors` (§7, generalised to any ch_mult and
// num_res_blocks), with the component each tensor belongs to.
// Thread safety: pure functions, safe from any thread.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/checkpoint.h"

#include "models/bagel/bagel_config.h"

namespace hb {

inline constexpr std::string_view kLatentPosEmbedName = "latent_pos_embed.pos_embed";
inline constexpr std::string_view kVitPosEmbedName = "vit_pos_embed.pos_embed";

/// One tensor the configs imply.
struct TensorExpectation {
    std::string name;
    std::vector<std::int64_t> shape;
    Component component = Component::Other;
    /// True for the two fixed sin-cos tables: they can be recomputed, so a missing one is a
    /// Warning, not an Error.
    bool optional = false;

    std::int64_t numel() const;
};

/// `ema.safetensors` tensors, sorted by name (the order safetensors writers use).
std::vector<TensorExpectation> emaSchema(const BagelConfig& config);
/// `ae.safetensors` tensors, sorted by name.
std::vector<TensorExpectation> aeSchema(const VaeConfig& config);

/// The component an `ema.safetensors` tensor name belongs to (Other when none matches); used to
/// account for tensors the schema does not list.
Component emaComponentOf(std::string_view name);

/// Sum of numel() over `tensors`.
std::int64_t parameterCount(const std::vector<TensorExpectation>& tensors);

/// "[3584, 64]"
std::string shapeText(const std::vector<std::int64_t>& shape);

} // namespace hb

#pragma once
// Named BAGEL sizes for random checkpoints, and writing their config files:
//   tiny   - exactly the golden set's sizes (tests, CPU parity checks)
//   small  - ~130 MB ema in bf16, quick GPU/CPU runs
//   base   - ~1.6 GB ema in bf16 (read-throughput benchmark)
//   7b-mot - the released BAGEL-7B-MoT sizes (bagel-spec §1.1), ~29 GB ema in bf16
// Each preset's `config` is the effective config, i.e. what parsing its written files yields.
// Thread safety: pure functions, safe from any thread.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/dtype.h"
#include "hyperbagel/engine/error.h"

#include "models/bagel/bagel_config.h"

namespace hb {

struct BagelPreset {
    std::string name;
    std::string description;
    BagelConfig config;
    /// True for 7b-mot: the folder carries only the released configs (no bagel_config.json; the
    /// loader infers max_latent_size from latent_pos_embed).
    bool releaseLayout = false;
    /// The dtype "auto" picks for the ema weights.
    DType defaultDtype = DType::BF16;
};

/// Smallest first.
std::vector<BagelPreset> bagelPresets();
std::optional<BagelPreset> findBagelPreset(std::string_view name);

/// Config texts in the released / golden formats (pretty JSON, sorted keys, final newline).
std::string llmConfigJson(const LlmConfig& config);
/// Writes num_hidden_layers as the built layer count + 1, as the released file does.
std::string vitConfigJson(const VitConfig& config);
std::string aeConfigJson(const VaeConfig& config);
std::string bagelConfigJson(const BagelConfig& config);

/// Writes llm_config.json and vit_config.json, ae_config.json when the VAE is not FLUX-sized,
/// and bagel_config.json unless `preset.releaseLayout`. `torchDtype` is written as the LLM config's
/// torch_dtype ("bfloat16", "float16", "float32"). Returns the file names written (relative to
/// `dir`); fails with IoError.
Result<std::vector<std::string>> writePresetConfigs(const BagelPreset& preset, const std::string& dir,
                                                    const std::string& torchDtype);

} // namespace hb

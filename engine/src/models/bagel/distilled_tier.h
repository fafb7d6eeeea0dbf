#pragma once
// Hyper-Bagel's distilled generation tiers (Fast: 6 NFE, Preview: 1 NFE; hyper-bagel.md §3.1,
// product.md §5). A tier is a second copy of the generation branch (every `*_moe_gen` tensor,
// `norm_moe_gen`, `time_embedder`, `vae2llm`, `llm2vae`) plus two guidance embedders shaped like the
// timestep embedder (`text_guidance_embedder`, `image_guidance_embedder`) whose outputs are added to
// the latent token embedding, so one forward per step replaces the CFG branches. The understanding
// expert is shared; the original generation branch still prefills clean latents.
//
// hyperbagel.json (defined by this project, format 1):
//   {"format": 1,
//    "tiers": {"fast": {"weights": "fast.safetensors", "timesteps": [1, 0.9375, ..., 0],
//                       "guidance": {"text": 4.0, "image": 2.0}},
//              "preview": {...}},
//    "draft": {"weights": "draft.safetensors"}}
// Engine-internal. Thread safety: engine thread only.

#include <memory>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/safetensors.h"

#include "models/bagel/adapters.h"
#include "models/bagel/qwen2_mot.h"
#include "models/weight_loader.h"

namespace hb {

struct DistilledTier {
    std::string name;             ///< "fast" or "preview"
    std::vector<float> timesteps; ///< sampler points, from 1 down to 0
    double textScale = 4.0;       ///< default guidance fed to the embedders
    double imageScale = 1.0;
    std::vector<std::pair<std::string, at::Tensor>> generationExpert; ///< LLM parameter name -> tensor
    TimestepEmbedder timeEmbedder{nullptr};
    TimestepEmbedder textGuidance{nullptr};
    TimestepEmbedder imageGuidance{nullptr};
    torch::nn::Linear vae2llm{nullptr};
    torch::nn::Linear llm2vae{nullptr};
};

/// Reads hyperbagel.json in `folder` (absent: no tiers) and loads every tier it lists, shaped after
/// `llm` and `config`. Fails with BadConfig (malformed file, timesteps not from 1 down to 0) or
/// BadCheckpoint (a tier file lacks or misshapes a tensor, named).
Result<std::vector<DistilledTier>> loadDistilledTiers(const std::string& folder, Qwen2MoTModelImpl& llm,
                                                      const BagelConfig& config, const WeightTarget& target);

/// While alive, the LLM's generation-expert parameters hold the tier's tensors (pointer swaps, no
/// copies); the originals come back on destruction.
class GenerationBranchSwap {
public:
    GenerationBranchSwap(Qwen2MoTModelImpl& llm, const DistilledTier& tier);
    ~GenerationBranchSwap();
    GenerationBranchSwap(const GenerationBranchSwap&) = delete;
    GenerationBranchSwap& operator=(const GenerationBranchSwap&) = delete;

private:
    std::vector<std::pair<at::Tensor, at::Tensor>> m_saved; ///< parameter, original data
};

/// Parameter names of the LLM's generation expert (`*_moe_gen*`, including `norm_moe_gen`).
bool isGenerationExpertParameter(const std::string& name);

} // namespace hb

#pragma once
// The BAGEL modules a teacher trains, registered under the official attribute names
// (`language_model`, `vit_model`, `connector`, `time_embedder`, `vae2llm`, `llm2vae`,
// `latent_pos_embed`, `vit_pos_embed`), so named_parameters() yields exactly the tensor names of
// `ema.safetensors` and BagelModel::load() reads what this writes. Engine-internal.
// Thread safety: not thread-safe.

#include <torch/nn/module.h>
#include <torch/nn/modules/linear.h>

#include "models/bagel/adapters.h"
#include "models/bagel/bagel_config.h"
#include "models/bagel/qwen2_mot.h"
#include "models/bagel/siglip_navit.h"

namespace hb {

class BagelTrainableImpl : public torch::nn::Module {
public:
    explicit BagelTrainableImpl(const BagelConfig& config);

    const BagelConfig& config() const { return m_config; }

    Qwen2MoTModel llm{nullptr};
    SiglipNavit vit{nullptr};
    Connector connector{nullptr};
    TimestepEmbedder timeEmbedder{nullptr};
    torch::nn::Linear vae2llm{nullptr};
    torch::nn::Linear llm2vae{nullptr};
    PositionTable latentPos{nullptr};
    PositionTable vitPos{nullptr};

private:
    BagelConfig m_config;
};
TORCH_MODULE(BagelTrainable);

} // namespace hb

#pragma once
// What a public hb::Model holds. Engine-internal.

#include <memory>
#include <optional>

#include "hyperbagel/engine/model.h"

#include "generation/latent_preview.h"
#include "models/bagel/bagel_model.h"
#include "session/text_codec.h"

namespace hb {

struct Model::Impl {
    std::unique_ptr<BagelModel> bagel;
    std::unique_ptr<TextCodec> codec; ///< null when the folder has no tokenizer
    ModelInfo info;
    std::optional<LatentPreviewFit> previewFit; ///< fitted on first use (one small VAE encode)
};

} // namespace hb

#pragma once
// What a public hb::Model holds. Engine-internal.

#include <memory>

#include "hyperbagel/engine/model.h"

#include "models/bagel/bagel_model.h"
#include "session/text_codec.h"

namespace hb {

struct Model::Impl {
    std::unique_ptr<BagelModel> bagel;
    std::unique_ptr<TextCodec> codec; ///< null when the folder has no tokenizer
    ModelInfo info;
};

} // namespace hb

#pragma once
// Loads the golden tiny model's VAE, ViT and adapters (sizes from its config files, weights from
// ae.safetensors / ema.safetensors) for the model-part tests. Failures throw std::runtime_error
// naming the file or tensor, which GoogleTest reports as a test failure.

#include <memory>
#include <string>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/safetensors.h"

#include "models/bagel/adapters.h"
#include "models/bagel/bagel_config.h"
#include "models/bagel/flux_vae.h"
#include "models/bagel/siglip_navit.h"

namespace hbtest {

/// The golden model folder's effective configuration (throws when a part is unusable).
hb::BagelConfig goldenConfig();
/// Opens goldenModelDir()/file.
std::unique_ptr<hb::TensorStore> openGoldenStore(const std::string& file);

hb::FluxVae loadGoldenVae(at::ScalarType dtype = at::kFloat);

/// Every Bagel-side module this work covers, loaded from ema.safetensors.
struct GoldenParts {
    hb::BagelConfig config;
    hb::SiglipNavit vit{nullptr};
    hb::Connector connector{nullptr};
    hb::TimestepEmbedder timeEmbedder{nullptr};
    torch::nn::Linear vae2llm{nullptr};
    torch::nn::Linear llm2vae{nullptr};
    hb::PositionTable latentPosEmbed{nullptr};
    hb::PositionTable vitPosEmbed{nullptr};
    hb::PositionTableLoad latentPosLoad;
    hb::PositionTableLoad vitPosLoad;
};
GoldenParts loadGoldenParts(at::ScalarType dtype = at::kFloat);

/// A CHW float image in [-1, 1] from HWC uint8 pixels: (u8 / 255 - 0.5) / 0.5, as the official
/// ToTensor + Normalize(0.5, 0.5) computes it.
at::Tensor pixelsFromU8(const at::Tensor& hwc);

/// true when every element is finite.
bool allFinite(const at::Tensor& t);

/// hbtest::relativeError(actual, expected), also printed ("max relative error WHAT: ...") so the test
/// log records every figure.
double reportError(const std::string& what, const at::Tensor& actual, const at::Tensor& expected);

} // namespace hbtest

#include "model_parts_support.h"

#include <iostream>

#include <stdexcept>

#include <ATen/ATen.h>

#include "golden_case.h"
#include "models/weight_loader.h"

namespace hbtest {
namespace {

template <typename T>
T orThrow(hb::Result<T> result) {
    if (!result) {
        throw std::runtime_error(result.error().message);
    }
    return std::move(result).value();
}

void loadInto(torch::nn::Module& module, const hb::TensorStore& store, const std::string& prefix,
              at::ScalarType dtype) {
    (void)orThrow(hb::loadWeights(module, store, prefix, hb::WeightTarget{dtype, at::kCPU}));
}

} // namespace

hb::BagelConfig goldenConfig() {
    const hb::BagelConfigLoad load = hb::loadBagelConfig(goldenModelDir());
    if (!load.vaeUsable || !load.vitUsable || !load.llmUsable || !load.bagelUsable) {
        throw std::runtime_error("golden model configs under " + goldenModelDir() + " are not usable");
    }
    return load.config;
}

std::unique_ptr<hb::TensorStore> openGoldenStore(const std::string& file) {
    return orThrow(hb::TensorStore::open(goldenModelDir() + "/" + file));
}

hb::FluxVae loadGoldenVae(at::ScalarType dtype) {
    hb::FluxVae vae(goldenConfig().vae);
    loadInto(*vae, *openGoldenStore("ae.safetensors"), "", dtype);
    return vae;
}

GoldenParts loadGoldenParts(at::ScalarType dtype) {
    GoldenParts p;
    p.config = goldenConfig();
    const hb::BagelConfig& c = p.config;
    const auto store = openGoldenStore("ema.safetensors");
    p.vit = hb::SiglipNavit(c.vit);
    loadInto(*p.vit, *store, "vit_model.", dtype);
    p.connector = hb::Connector(c.vit.hiddenSize, c.llm.hiddenSize, c.connectorAct);
    loadInto(*p.connector, *store, "connector.", dtype);
    p.timeEmbedder = hb::TimestepEmbedder(c.llm.hiddenSize);
    loadInto(*p.timeEmbedder, *store, "time_embedder.", dtype);
    p.vae2llm = hb::makeVae2Llm(c);
    loadInto(*p.vae2llm, *store, "vae2llm.", dtype);
    p.llm2vae = hb::makeLlm2Vae(c);
    loadInto(*p.llm2vae, *store, "llm2vae.", dtype);
    const hb::WeightTarget target{dtype, at::kCPU};
    p.latentPosEmbed = hb::PositionTable(c.maxLatentSize, c.llm.hiddenSize, "latent_pos_embed");
    p.latentPosLoad = orThrow(hb::loadPositionTable(*p.latentPosEmbed, *store, "latent_pos_embed.", target));
    p.vitPosEmbed = hb::PositionTable(c.vitMaxNumPatchPerSide, c.llm.hiddenSize, "vit_pos_embed");
    p.vitPosLoad = orThrow(hb::loadPositionTable(*p.vitPosEmbed, *store, "vit_pos_embed.", target));
    return p;
}

at::Tensor pixelsFromU8(const at::Tensor& hwc) {
    return (hwc.permute({2, 0, 1}).to(at::kFloat) / 255.0 - 0.5) / 0.5;
}

bool allFinite(const at::Tensor& t) { return at::isfinite(t).all().item<bool>(); }

double reportError(const std::string& what, const at::Tensor& actual, const at::Tensor& expected) {
    const double err = hbtest::relativeError(actual.to(at::kFloat), expected);
    std::cout << "  max relative error " << what << ": " << err << "\n";
    return err;
}

} // namespace hbtest

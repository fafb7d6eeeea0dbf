#pragma once
// Test helper shared by the engine and UI tests: a distilled-tier weight file made from a model's own
// generation branch (every `*_moe_gen` tensor, `time_embedder`, `vae2llm`, `llm2vae`) plus zero text
// and image guidance embedders, whose output adds nothing. A model folder listing it as a tier then
// reproduces the Full sampler without guidance, one forward per step: the engine's tier path with
// known expectations. Uses only the engine's public safetensors API (no libtorch, no Qt).

#include <cstdint>
#include <string>
#include <vector>

#include "hyperbagel/engine/safetensors.h"

namespace hbtest {

/// Writes the tier file `outPath` from the checkpoint `emaPath`. Returns "" on success, else what failed.
inline std::string writeZeroGuidanceTier(const std::string& emaPath, const std::string& outPath) {
    auto ema = hb::SafetensorsFile::open(emaPath);
    if (!ema.ok()) {
        return ema.error().message;
    }
    std::vector<hb::TensorSpec> specs;
    for (const hb::TensorInfo& t : (*ema)->tensors()) {
        const std::string& n = t.name;
        if (n.find("_moe_gen") != std::string::npos || n.rfind("time_embedder.", 0) == 0 ||
            n.rfind("vae2llm.", 0) == 0 || n.rfind("llm2vae.", 0) == 0) {
            specs.push_back({n, t.dtype, t.shape});
        }
    }
    const hb::TensorInfo* vae2llm = (*ema)->find("vae2llm.weight");
    if (vae2llm == nullptr) {
        return emaPath + " has no vae2llm.weight";
    }
    const std::int64_t hidden = vae2llm->shape[0];
    for (const std::string embedder : {"text_guidance_embedder", "image_guidance_embedder"}) {
        specs.push_back({embedder + ".mlp.0.weight", hb::DType::F32, {hidden, 256}});
        specs.push_back({embedder + ".mlp.0.bias", hb::DType::F32, {hidden}});
        specs.push_back({embedder + ".mlp.2.weight", hb::DType::F32, {hidden, hidden}});
        specs.push_back({embedder + ".mlp.2.bias", hb::DType::F32, {hidden}});
    }
    auto writer = hb::SafetensorsWriter::create(outPath, specs);
    if (!writer.ok()) {
        return writer.error().message;
    }
    for (const hb::TensorSpec& spec : specs) {
        if (const hb::TensorInfo* info = (*ema)->find(spec.name)) {
            const hb::TensorView v = (*ema)->view(*info);
            if (auto ok = (*writer)->append(v.data, v.byteSize()); !ok.ok()) {
                return ok.error().message;
            }
        } else { // zero guidance embedders
            const std::vector<float> zeros(
                static_cast<std::size_t>(spec.shape[0] * (spec.shape.size() > 1 ? spec.shape[1] : 1)));
            if (auto ok = (*writer)->append(zeros.data(), zeros.size() * sizeof(float)); !ok.ok()) {
                return ok.error().message;
            }
        }
    }
    if (auto ok = (*writer)->finish(); !ok.ok()) {
        return ok.error().message;
    }
    return {};
}

} // namespace hbtest

#pragma once
// A model folder with distilled Preview and Fast tiers, made from the golden model for the UI tests
// (the same construction as tests/engine's DistilledTier tests, through the engine's public API
// only): a copy of the golden folder, plus `tier.safetensors` holding the golden model's own
// generation branch (every `*_moe_gen` tensor, `time_embedder`, `vae2llm`, `llm2vae`) and zero text
// and image guidance embedders, listed in hyperbagel.json as both tiers with the timesteps the
// distillation writes (Fast: 7 points, 6 steps; Preview: 2 points, 1 step). The weights are random,
// so the pictures mean nothing; what is real is the engine's tier path (branch swap, one forward per
// step, the tier named in the result).

#include <QDir>
#include <QFile>
#include <QString>
#include <cstdint>
#include <string>
#include <vector>

#include "hyperbagel/engine/safetensors.h"

#include "ui_test_support.h"

namespace hbuitest {

/// Writes the tiered copy of the golden model into the (existing, empty) folder `dir`. Returns an
/// empty string on success, else what failed.
inline QString writeTieredGoldenModel(const QString& dir) {
    const QDir golden(goldenModel());
    for (const QString& name : golden.entryList(QDir::Files)) {
        if (!QFile::copy(golden.filePath(name), QDir(dir).filePath(name))) {
            return QStringLiteral("cannot copy %1").arg(name);
        }
    }
    auto ema = hb::SafetensorsFile::open(golden.filePath(QStringLiteral("ema.safetensors")).toStdString());
    if (!ema.ok()) {
        return QString::fromStdString(ema.error().message);
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
        return QStringLiteral("the golden model has no vae2llm.weight");
    }
    const std::int64_t hidden = vae2llm->shape[0];
    for (const std::string embedder : {"text_guidance_embedder", "image_guidance_embedder"}) {
        specs.push_back({embedder + ".mlp.0.weight", hb::DType::F32, {hidden, 256}});
        specs.push_back({embedder + ".mlp.0.bias", hb::DType::F32, {hidden}});
        specs.push_back({embedder + ".mlp.2.weight", hb::DType::F32, {hidden, hidden}});
        specs.push_back({embedder + ".mlp.2.bias", hb::DType::F32, {hidden}});
    }
    auto writer = hb::SafetensorsWriter::create(
        QDir(dir).filePath(QStringLiteral("tier.safetensors")).toStdString(), specs);
    if (!writer.ok()) {
        return QString::fromStdString(writer.error().message);
    }
    for (const hb::TensorSpec& spec : specs) {
        if (const hb::TensorInfo* info = (*ema)->find(spec.name)) {
            const hb::TensorView v = (*ema)->view(*info);
            if (auto ok = (*writer)->append(v.data, v.byteSize()); !ok.ok()) {
                return QString::fromStdString(ok.error().message);
            }
        } else { // zero guidance embedders: their output adds nothing
            const std::vector<float> zeros(
                static_cast<std::size_t>(spec.shape[0] * (spec.shape.size() > 1 ? spec.shape[1] : 1)));
            if (auto ok = (*writer)->append(zeros.data(), zeros.size() * sizeof(float)); !ok.ok()) {
                return QString::fromStdString(ok.error().message);
            }
        }
    }
    if (auto ok = (*writer)->finish(); !ok.ok()) {
        return QString::fromStdString(ok.error().message);
    }
    // The Fast list is the Full sampler's 7 points with shift 3, as `distill cfg` writes it.
    QFile manifest(QDir(dir).filePath(QStringLiteral("hyperbagel.json")));
    if (!manifest.open(QIODevice::WriteOnly)) {
        return manifest.errorString();
    }
    manifest.write(R"({"format": 1, "tiers": {
  "fast": {"weights": "tier.safetensors",
           "timesteps": [1.0, 0.9375, 0.8571428656578064, 0.75, 0.6000000238418579, 0.375, 0.0],
           "guidance": {"text": 4.0, "image": 2.0}},
  "preview": {"weights": "tier.safetensors", "timesteps": [1.0, 0.0],
              "guidance": {"text": 4.0, "image": 2.0}}}}
)");
    return {};
}

} // namespace hbuitest

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
#include <string>

#include "ui_test_support.h"
#include "zero_guidance_tier.h"

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
    const std::string written =
        hbtest::writeZeroGuidanceTier(golden.filePath(QStringLiteral("ema.safetensors")).toStdString(),
                                      QDir(dir).filePath(QStringLiteral("tier.safetensors")).toStdString());
    if (!written.empty()) {
        return QString::fromStdString(written);
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

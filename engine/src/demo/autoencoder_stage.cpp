#include "demo/autoencoder_stage.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <filesystem>
#include <sstream>

#include <ATen/ATen.h>

#include "checkpoint/random_values.h"
#include "core/file_util.h"
#include "demo/world_data.h"
#include "models/bagel/flux_vae.h"
#include "models/bagel/presets.h"
#include "training/adamw.h"
#include "training/ema.h"
#include "training/loss_log.h"
#include "training/schedule.h"
#include "training/train_checkpoint.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kStage = "autoencoder";

struct Batch {
    at::Tensor pixels; ///< [B, 3, S, S] in [-1, 1]
    at::Tensor weight; ///< [B, 1, S, S]: 1 on background, 10 on objects and their edges
};

/// `size` renders of the autoencoder stream, each cut to a `crop` x `crop` window at a random offset
/// on the 8-pixel latent grid (the autoencoder is convolutional, so crops train it as well as whole
/// canvases at a fraction of the cost); crop 0 keeps whole canvases. `refine` draws the refinement
/// phase's objects (see AutoencoderStageOptions::refineFrom).
Batch drawBatch(std::uint64_t seed, std::int64_t step, std::int64_t size, std::int64_t crop, bool refine = false) {
    std::vector<Image> images;
    std::vector<shapeworld::Scene> scenes;
    std::vector<std::int64_t> offsets;
    for (std::int64_t i = 0; i < size; ++i) {
        const std::uint64_t s = sampleSeed(seed, DemoStream::Autoencoder, static_cast<std::uint64_t>(step * size + i));
        shapeworld::Scene scene = demoScene(s, shapeworld::Split::Any);
        // Small objects (12 px at 96) are where shapes get lost, so three in four objects are small
        // here (one in two in the world): the gate's scenes keep the world's mix.
        std::uint64_t coin = splitmix64(s ^ 0x5a11ULL);
        std::uint64_t shapeCoin = splitmix64(s ^ 0x4e3aULL);
        for (shapeworld::Object& o : scene.objects) {
            if ((coin & 1u) == 0u || refine) {
                o.size = shapeworld::Size::Small;
            }
            if (refine && (shapeCoin & 1u) != 0u) {
                o.shape = (shapeCoin & 2u) != 0u ? shapeworld::Shape::Hexagon : shapeworld::Shape::Star;
            }
            coin >>= 1;
            shapeCoin >>= 2;
        }
        scenes.push_back(scene);
        images.push_back(renderDemo(scenes.back()));
        const std::uint64_t cells = crop > 0 ? static_cast<std::uint64_t>((kDemoCanvas - crop) / 8 + 1) : 1;
        const std::uint64_t r = splitmix64(s ^ 0xc4091ULL);
        offsets.push_back(static_cast<std::int64_t>(r % cells) * 8);
        offsets.push_back(static_cast<std::int64_t>((r >> 32) % cells) * 8);
    }
    Batch b;
    b.pixels = imagesToBatch(images);
    // Shape identity lives in the contours (a 12-pixel hexagon differs from a circle by a few edge
    // pixels), so the band around every object edge weighs most, then object interiors, then the
    // background.
    const at::Tensor objects = objectMask(b.pixels, scenes);
    const at::Tensor grown = at::max_pool2d(objects, {5, 5}, {1, 1}, {2, 2});
    const at::Tensor shrunk = 1.0 - at::max_pool2d(1.0 - objects, {5, 5}, {1, 1}, {2, 2});
    b.weight = 1.0 + 9.0 * objects + 30.0 * (grown - shrunk);
    if (crop > 0) {
        std::vector<at::Tensor> pixels, weights;
        for (std::int64_t i = 0; i < size; ++i) {
            const std::int64_t y = offsets[2 * i], x = offsets[2 * i + 1];
            pixels.push_back(b.pixels[i].narrow(1, y, crop).narrow(2, x, crop));
            weights.push_back(b.weight[i].narrow(1, y, crop).narrow(2, x, crop));
        }
        b.pixels = at::stack(pixels).contiguous();
        b.weight = at::stack(weights).contiguous();
    }
    return b;
}

/// Mean latent statistics over renders, for the config's scale and shift (the official FLUX values
/// standardise the latent the same way).
std::pair<double, double> latentScaleShift(const FluxVaeImpl& vae, std::uint64_t seed) {
    const at::NoGradGuard noGrad;
    std::vector<at::Tensor> means;
    for (std::int64_t step = 0; step < 8; ++step) {
        const Batch b = drawBatch(seed ^ 0x5ca1eULL, step, 32, 0);
        means.push_back(vae.encodeMoments(b.pixels).narrow(1, 0, vae.config().zChannels));
    }
    const at::Tensor all = at::cat(means);
    const double shift = all.mean().item<double>();
    const double std = (all - shift).pow(2).mean().sqrt().item<double>();
    return {1.0 / std::max(std, 1e-6), shift};
}

} // namespace

AutoencoderGate autoencoderGate(const FluxVaeImpl& vae, std::uint64_t seed, std::int64_t samples) {
    const at::NoGradGuard noGrad;
    std::int64_t exact = 0;
    std::map<std::string, int> misses;
    const std::int64_t chunk = 50;
    for (std::int64_t start = 0; start < samples; start += chunk) {
        std::vector<Image> images;
        std::vector<shapeworld::Scene> scenes;
        for (std::int64_t i = start; i < std::min(samples, start + chunk); ++i) {
            scenes.push_back(demoScene(sampleSeed(seed, DemoStream::AutoencoderGate, static_cast<std::uint64_t>(i)),
                                       shapeworld::Split::Any));
            images.push_back(renderDemo(scenes.back()));
        }
        const at::Tensor x = imagesToBatch(images);
        const std::vector<Image> decoded = batchToImages(vae.decode(vae.encodeMean(x)));
        for (std::size_t i = 0; i < decoded.size(); ++i) {
            const std::string why = readingDifference(decoded[i], scenes[i]);
            exact += why.empty() ? 1 : 0;
            if (!why.empty()) {
                ++misses[why];
            }
        }
    }
    AutoencoderGate gate;
    gate.rate = static_cast<double>(exact) / static_cast<double>(std::max<std::int64_t>(1, samples));
    std::vector<std::pair<int, std::string>> sorted;
    for (const auto& [why, n] : misses) {
        sorted.emplace_back(-n, why);
    }
    std::sort(sorted.begin(), sorted.end());
    for (std::size_t i = 0; i < sorted.size() && i < 5; ++i) {
        gate.commonMisses += (i ? "; " : "") + sorted[i].second + " x" + std::to_string(-sorted[i].first);
    }
    return gate;
}

Result<StageOutcome> runAutoencoderStage(const StageEnv& env, const VaeConfig& configIn,
                                         const AutoencoderStageOptions& options) {
    const fs::path dir(env.dir);
    const std::string weightsPath = (dir / "ae.safetensors").string();
    if (fs::exists(weightsPath) && fs::exists(dir / "ae_config.json")) {
        return StageOutcome::Finished;
    }
    VaeConfig config = configIn;
    config.scaleFactor = 1.0; // trained on the raw latent; the measured scale is written at the end
    config.shiftFactor = 0.0;
    at::manual_seed(static_cast<std::uint64_t>(env.seed));
    FluxVae vae(config);
    NamedTensors params;
    for (const auto& item : vae->named_parameters(true)) {
        params.emplace_back(item.key(), item.value());
    }
    AdamW optimizer(params, AdamWOptions{0.9, 0.99, 1e-8, 0.0});
    Ema ema(params, 0.999);
    const std::string checkpointPath = (dir / "checkpoint.safetensors").string();
    TrainProgressMark mark;
    auto resumed = resumeTrainCheckpoint(checkpointPath, optimizer, ema);
    if (!resumed) {
        return resumed.error();
    }
    if (*resumed) {
        mark = **resumed;
        env.say(kStage, "resuming at step " + std::to_string(mark.step));
    }
    auto log = LossLog::open((dir / "loss.csv").string(),
                             {"step", "samples", "lr", "loss", "l1_weighted", "kl", "grad_norm", "gate_exact"},
                             mark.step);
    if (!log) {
        return log.error();
    }
    const WarmupCosine schedule{options.peakLr, options.peakLr * 0.02, 200, options.steps};
    double lastGate = mark.extra.count("gate_exact") ? std::stod(mark.extra["gate_exact"]) : 0.0;
    // The gate decides on the weights that are exported: measured again at the end unless the last
    // measurement was taken at the final step.
    std::int64_t lastGateStep = mark.extra.count("gate_step") ? std::stoll(mark.extra["gate_step"]) : -1;

    const auto saveCheckpoint = [&]() -> Result<void> {
        mark.extra["gate_exact"] = std::to_string(lastGate);
        mark.extra["gate_step"] = std::to_string(lastGateStep);
        if (auto ok = saveTrainCheckpoint(checkpointPath, optimizer, ema, mark); !ok) {
            return ok.error();
        }
        return log->plot((dir / "loss.png").string(), "ShapeWorld autoencoder", "samples",
                         {"loss", "l1_weighted", "grad_norm"});
    };
    std::string lastMisses;
    const auto measureGate = [&]() {
        AutoencoderGate gate;
        ema.withAveraged(params, [&] { gate = autoencoderGate(*vae, env.seed, options.gateSamples); });
        lastMisses = gate.commonMisses;
        return gate.rate;
    };

    while (mark.step < options.steps) {
        if (env.stopRequested()) {
            if (auto ok = saveCheckpoint(); !ok) {
                return ok.error();
            }
            return StageOutcome::Stopped;
        }
        if (mark.step >= options.steps) {
            break;
        }
        const Batch batch = drawBatch(env.seed, mark.step, options.batch, options.crop,
                                      options.refineFrom >= 0 && mark.step >= options.refineFrom);
        const at::Tensor moments = vae->encodeMoments(batch.pixels);
        const at::Tensor mean = moments.narrow(1, 0, config.zChannels);
        const at::Tensor logvar = moments.narrow(1, config.zChannels, config.zChannels).clamp(-30.0, 20.0);
        const at::Tensor z = mean + at::exp(0.5 * logvar) * at::randn_like(mean);
        const at::Tensor recon = vae->decode(z);
        const at::Tensor diff = recon - batch.pixels;
        const at::Tensor wsum = batch.weight.sum() * 3.0;
        const at::Tensor l1 = (diff.abs() * batch.weight).sum() / wsum;
        const at::Tensor l2 = (diff.pow(2) * batch.weight).sum() / wsum;
        const at::Tensor kl = 0.5 * (mean.pow(2) + logvar.exp() - 1.0 - logvar).mean();
        // Image gradients (finite differences) must match too: blurred corners cost twice.
        const auto dx = [](const at::Tensor& t) { return t.narrow(3, 1, t.size(3) - 1) - t.narrow(3, 0, t.size(3) - 1); };
        const auto dy = [](const at::Tensor& t) { return t.narrow(2, 1, t.size(2) - 1) - t.narrow(2, 0, t.size(2) - 1); };
        const at::Tensor edges = (dx(recon) - dx(batch.pixels)).abs().mean() + (dy(recon) - dy(batch.pixels)).abs().mean();
        const at::Tensor loss = l1 + l2 + edges + 1e-5 * kl;
        optimizer.zeroGrad();
        loss.backward();
        const double gradNorm = optimizer.clipGradNorm(1.0);
        const double lr = schedule.at(mark.step);
        optimizer.step(lr);
        ema.update(params);
        ++mark.step;
        env.clock->tick(mark.step, options.batch);
        mark.trainedSeconds += env.clock->secondsPerStep();

        bool gateNow = mark.step % options.gateEvery == 0 || mark.step == options.steps;
        double gateValue = std::nan("");
        if (gateNow) {
            lastGate = measureGate();
            gateValue = lastGate;
            lastGateStep = mark.step;
            std::ostringstream msg;
            msg << "gate at step " << mark.step << ": " << lastGate * 100.0 << "% of " << options.gateSamples
                << " held-out round trips read back exactly" << (lastMisses.empty() ? "" : "; most common misses: ")
                << lastMisses;
            env.say(kStage, msg.str());
        }
        if (mark.step % 25 == 0 || gateNow) {
            const double lossValue = loss.item<double>();
            if (!std::isfinite(lossValue)) {
                return makeError(ErrorCode::Internal, "autoencoder: the loss became " +
                                                          std::to_string(lossValue) + " at step " +
                                                          std::to_string(mark.step));
            }
            if (auto ok = log->append({static_cast<double>(mark.step),
                                       static_cast<double>(mark.step * options.batch), lr, lossValue,
                                       l1.item<double>(), kl.item<double>(), gradNorm, gateValue});
                !ok) {
                return ok.error();
            }
            env.report(env.clock->progressAt(kStage, mark.step, options.steps,
                                             {{"loss", lossValue}, {"lr", lr}, {"gate", lastGate}}));
        }
        if (mark.step % options.checkpointEvery == 0 || gateNow) {
            if (auto ok = saveCheckpoint(); !ok) {
                return ok.error();
            }
        }
        if (gateNow && lastGate >= options.earlyStopRate) {
            break;
        }
    }
    if (lastGateStep != mark.step) {
        lastGate = measureGate();
        lastGateStep = mark.step;
        env.say(kStage, "gate at the final step " + std::to_string(mark.step) + ": " +
                            std::to_string(lastGate * 100.0) + "% read back exactly");
    }
    if (auto ok = saveCheckpoint(); !ok) {
        return ok.error();
    }
    const bool passed = lastGate >= options.gateTarget;
    if (!passed) {
        return makeError(ErrorCode::Internal,
                         "autoencoder: after " + std::to_string(mark.step) + " steps only " +
                             std::to_string(lastGate * 100.0) + "% of held-out round trips read back "
                             "exactly (the gate is 98%); raise --autoencoder-steps and run again to continue");
    }
    // Export the EMA weights with the measured latent scale and shift.
    ema.copyTo(params);
    const auto [scale, shift] = latentScaleShift(*vae, env.seed);
    config.scaleFactor = scale;
    config.shiftFactor = shift;
    std::map<std::string, std::string> meta{{"format", "pt"}, {"gate_exact", std::to_string(lastGate)}};
    if (auto ok = saveTensorFile(weightsPath + ".tmp", moduleTensors(*vae), at::kFloat, meta); !ok) {
        return ok.error();
    }
    if (auto ok = writeTextFileAtomic((dir / "ae_config.json").string(), aeConfigJson(config)); !ok) {
        return ok.error();
    }
    fs::rename(weightsPath + ".tmp", weightsPath);
    std::ostringstream msg;
    msg << "finished at step " << mark.step << ": gate " << lastGate * 100.0 << "%, latent scale " << scale
        << ", shift " << shift;
    env.say(kStage, msg.str());
    return StageOutcome::Finished;
}

} // namespace hb

namespace hb {

Result<AutoencoderGate> checkAutoencoderStage(const std::string& dirPath, std::uint64_t seed, std::int64_t samples,
                                              const std::string& gridPath) {
    const fs::path dir(dirPath);
    VaeConfig config = findBagelPreset("shapeworld")->config.vae;
    config.scaleFactor = 1.0;
    config.shiftFactor = 0.0;
    FluxVae vae(config);
    const bool finished = fs::exists(dir / "ae.safetensors");
    auto tensors = loadTensorFile((dir / (finished ? "ae.safetensors" : "checkpoint.safetensors")).string());
    if (!tensors) {
        return tensors.error();
    }
    const at::NoGradGuard noGrad;
    for (auto& [name, p] : moduleTensors(*vae)) {
        const auto it = tensors->find(finished ? name : "ema/" + name);
        if (it == tensors->end()) {
            return makeError(ErrorCode::BadCheckpoint, dirPath + ": no tensor for " + name);
        }
        p.copy_(it->second);
    }
    AutoencoderGate gate = autoencoderGate(*vae, seed, samples);
    // Latent statistics: the posterior mean's spread and the encoder's noise level.
    std::vector<Image> originals;
    for (std::int64_t i = 0; i < 8; ++i) {
        originals.push_back(renderDemo(
            demoScene(sampleSeed(seed, DemoStream::AutoencoderGate, static_cast<std::uint64_t>(i)), shapeworld::Split::Any)));
    }
    const at::Tensor x = imagesToBatch(originals);
    const at::Tensor moments = vae->encodeMoments(x);
    const at::Tensor mean = moments.narrow(1, 0, config.zChannels);
    const at::Tensor logvar = moments.narrow(1, config.zChannels, config.zChannels);
    gate.latentStd = mean.std().item<double>();
    gate.posteriorStd = at::exp(0.5 * logvar).mean().item<double>();
    if (!gridPath.empty()) {
        // Two rows: the renders, then their round trips.
        const at::Tensor recon = vae->decode(mean).clamp(-1.0, 1.0);
        const at::Tensor grid = at::cat({at::cat(x.unbind(0), 2), at::cat(recon.unbind(0), 2)}, 1);
        const std::vector<Image> one = batchToImages(grid.unsqueeze(0));
        if (auto ok = saveImagePng(one.front(), gridPath); !ok) {
            return ok.error();
        }
    }
    return gate;
}

} // namespace hb

// Training-step throughput of the ShapeWorld autoencoder at several widths (forward, backward and
// AdamW step on a batch of random 96-pixel images). Prints samples per second; asserts nothing.
// Usage: bench_train [batch] [steps] [tokenizer.json: also the teacher's step per task]

#include <chrono>
#include <cstdio>
#include <algorithm>
#include <cstdlib>
#include <string>
#include <thread>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "models/bagel/flux_vae.h"
#include "demo/teacher_loss.h"
#include "demo/teacher_model.h"
#include "models/bagel/presets.h"
#include "training/adamw.h"

namespace {

double vaeStepsPerSecond(const hb::VaeConfig& config, int batch, int steps) {
    hb::FluxVae vae(config);
    hb::NamedTensors params;
    for (const auto& item : vae->named_parameters(true)) {
        params.emplace_back(item.key(), item.value());
    }
    hb::AdamW optimizer(params, {});
    const at::Tensor x = at::rand({batch, 3, 96, 96}) * 2 - 1;
    double seconds = 0.0;
    for (int i = 0; i < steps + 1; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const at::Tensor z = vae->encodeMoments(x).narrow(1, 0, config.zChannels);
        const at::Tensor loss = (vae->decode(z) - x).abs().mean();
        optimizer.zeroGrad();
        loss.backward();
        optimizer.step(1e-4);
        if (i > 0) { // the first step warms the allocator up
            seconds += std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        }
    }
    return batch * steps / seconds;
}

/// Teacher training steps per second for one task's batch at the shapeworld preset's sizes (a random
/// autoencoder; its weights do not change the cost).
double teacherSamplesPerSecond(const hb::Tokenizer& tokenizer, hb::TeacherTask task, int batch, int steps) {
    const hb::BagelConfig config = hb::findBagelPreset("shapeworld")->config;
    hb::BagelTrainable model(config);
    hb::FluxVae vae(config.vae);
    hb::NamedTensors params;
    for (const auto& item : model->named_parameters(true)) {
        params.emplace_back(item.key(), item.value());
    }
    hb::AdamW optimizer(params, {});
    double seconds = 0.0;
    double phases[5] = {};
    for (int i = 0; i < steps + 1; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const auto since = [](auto t0) { return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count(); };
        std::vector<hb::TeacherSample> samples;
        for (int k = 0; k < batch; ++k) {
            samples.push_back(hb::makeTeacherSample(1, task, static_cast<std::uint64_t>(i * batch + k), tokenizer, {}));
        }
        const double tSamples = since(start);
        const hb::PackedSequences packed = hb::packTeacherBatch(samples, 36, {});
        const double tPack = since(start);
        const at::Tensor loss = hb::teacherLosses(*model, *vae, packed, 0.5).total;
        const double tForward = since(start);
        optimizer.zeroGrad();
        loss.backward();
        const double tBackward = since(start);
        optimizer.step(1e-4);
        if (i > 0) {
            seconds += since(start);
            phases[0] += tSamples;
            phases[1] += tPack - tSamples;
            phases[2] += tForward - tPack;
            phases[3] += tBackward - tForward;
            phases[4] += since(start) - tBackward;
        }
    }
    std::printf("    per step: samples %.3f s, packing %.3f s, forward %.3f s, backward %.3f s, update %.3f s, "
                "sequence length %lld\n",
                phases[0] / steps, phases[1] / steps, phases[2] / steps, phases[3] / steps, phases[4] / steps,
                static_cast<long long>(hb::packTeacherBatch({hb::makeTeacherSample(1, task, 0, tokenizer, {})}, 36, {}).length));
    return batch * steps / seconds;
}

} // namespace

int main(int argc, char** argv) {
    const char* threads = std::getenv("HB_THREADS");
    at::set_num_threads(threads != nullptr ? std::max(1, std::atoi(threads))
                                           : static_cast<int>(std::max(1u, std::thread::hardware_concurrency())));
    const int batch = argc > 1 ? std::atoi(argv[1]) : 16;
    const int steps = argc > 2 ? std::atoi(argv[2]) : 5;
    if (argc <= 3) {
    std::printf("autoencoder training, 96 px, batch %d, %d threads\n", batch, at::get_num_threads());
    struct Variant {
        const char* name;
        std::vector<std::int64_t> mult;
        std::int64_t blocks;
    };
    for (const Variant& v : {Variant{"ch 32, mult 1-2-2-2, 1 block", {1, 2, 2, 2}, 1},
                             Variant{"ch 32, mult 1-1-2-2, 1 block", {1, 1, 2, 2}, 1},
                             Variant{"ch 32, mult 1-1-2-4, 1 block", {1, 1, 2, 4}, 1},
                             Variant{"ch 32, mult 1-1-1-2, 1 block", {1, 1, 1, 2}, 1}}) {
        hb::VaeConfig c;
        c.ch = 32;
        c.chMult = v.mult;
        c.numResBlocks = v.blocks;
        c.resolution = 96;
        std::int64_t params = 0;
        {
            hb::FluxVae vae(c);
            for (const auto& p : vae->parameters()) {
                params += p.numel();
            }
        }
        std::printf("  %-32s %7.2f M params  %6.1f images/s\n", v.name, params / 1e6,
                    vaeStepsPerSecond(c, batch, steps));
    }
    }
    if (argc > 3) {
        auto tokenizer = hb::Tokenizer::loadTokenizerJson(argv[3]);
        if (!tokenizer) {
            std::fprintf(stderr, "%s\n", tokenizer.error().message.c_str());
            return 1;
        }
        std::printf("teacher training (shapeworld preset), batch %d\n", batch);
        for (auto [task, name] : {std::make_pair(hb::TeacherTask::TextToImage, "text-to-image"),
                                  std::make_pair(hb::TeacherTask::Edit, "edit"),
                                  std::make_pair(hb::TeacherTask::Question, "question")}) {
            std::printf("  %-16s %6.1f samples/s\n", name, teacherSamplesPerSecond(**tokenizer, task, batch, steps));
        }
    }
    return 0;
}

// Times the image encoders on the CPU (or the default libtorch device): FLUX VAE encode and decode
// and the SigLIP NaViT forward, each at three image sizes, for the tiny golden model and for
// full-size modules with random weights (FLUX ch 128 [1,2,4,4] x2; SigLIP so400m, 26 layers).
// Prints milliseconds; never asserts on time. Figures go to docs/benchmarks.md.
// Usage: bench_vae [--runs N] [--threads N] [--skip-full-vae-above PX] [--skip-full-vit-above PX]
//                  [--dtype f32|bf16]

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <ATen/ATen.h>
#include <c10/core/InferenceMode.h>

#include "hyperbagel/engine/safetensors.h"

#include "models/bagel/bagel_config.h"
#include "models/bagel/flux_vae.h"
#include "models/bagel/siglip_navit.h"
#include "models/bagel/vit_patchify.h"
#include "models/weight_loader.h"

namespace {

using Clock = std::chrono::steady_clock;

struct Options {
    int runs = 2;
    int threads = 0;
    std::int64_t fullVaeMax = 1024;
    std::int64_t fullVitMax = 980;
    at::ScalarType dtype = at::kFloat;
};

// Best of `runs` timed calls after one warm-up call, in milliseconds.
double bestMs(int runs, const std::function<void()>& call) {
    call();
    double best = 1e300;
    for (int i = 0; i < runs; ++i) {
        const auto start = Clock::now();
        call();
        best = std::min(best, std::chrono::duration<double, std::milli>(Clock::now() - start).count());
    }
    return best;
}

std::int64_t parameterCount(torch::nn::Module& module) {
    std::int64_t n = 0;
    for (const at::Tensor& p : module.parameters()) {
        n += p.numel();
    }
    return n;
}

void benchVae(const char* label, const hb::VaeConfig& config, const hb::TensorStore* weights,
              const std::vector<std::int64_t>& sizes, const Options& options) {
    hb::FluxVae vae(config);
    if (weights != nullptr) {
        auto loaded = hb::loadWeights(*vae, *weights, "", hb::WeightTarget{options.dtype, at::kCPU});
        if (!loaded) {
            std::printf("%s: %s\n", label, loaded.error().message.c_str());
            return;
        }
    } else {
        vae->to(options.dtype);
    }
    std::printf("%s (%.1f M params, %s weights)\n", label, parameterCount(*vae) / 1e6,
                weights ? "golden" : "random");
    const c10::InferenceMode inference;
    for (const std::int64_t px : sizes) {
        const at::Tensor image = at::rand({1, config.inChannels, px, px}).mul(2).sub(1).to(options.dtype);
        const at::Tensor latent = vae->encodeMean(image);
        const int runs = px >= 1024 ? 1 : options.runs;
        const double encodeMs = bestMs(runs, [&] { vae->encodeMean(image); });
        const double decodeMs = bestMs(runs, [&] { vae->decode(latent); });
        std::printf("  %5lld px: encode %9.1f ms   decode %9.1f ms   latent %lldx%lld\n",
                    static_cast<long long>(px), encodeMs, decodeMs, static_cast<long long>(latent.size(2)),
                    static_cast<long long>(latent.size(3)));
        std::fflush(stdout);
    }
}

void benchVit(const char* label, const hb::VitConfig& config, std::int64_t maxPerSide,
              const hb::TensorStore* weights, const std::vector<std::int64_t>& sizes,
              const Options& options) {
    hb::SiglipNavit vit(config);
    if (weights != nullptr) {
        auto loaded =
            hb::loadWeights(*vit, *weights, "vit_model.", hb::WeightTarget{options.dtype, at::kCPU});
        if (!loaded) {
            std::printf("%s: %s\n", label, loaded.error().message.c_str());
            return;
        }
    } else {
        vit->to(options.dtype);
    }
    std::printf("%s (%.1f M params, %lld layers, %s weights)\n", label, parameterCount(*vit) / 1e6,
                static_cast<long long>(config.numHiddenLayers), weights ? "golden" : "random");
    const c10::InferenceMode inference;
    const std::int64_t p = config.patchSize;
    for (const std::int64_t px : sizes) {
        const at::Tensor image = at::rand({config.numChannels, px, px}).mul(2).sub(1);
        const at::Tensor patches = hb::patchifyVitImage(image, p);
        const at::Tensor ids = hb::vitPositionIds(px / p, px / p, maxPerSide);
        const int runs = px >= 980 ? 1 : options.runs;
        const double ms = bestMs(runs, [&] { vit->forward(patches, ids); });
        std::printf("  %5lld px: forward %9.1f ms   %lld tokens\n", static_cast<long long>(px), ms,
                    static_cast<long long>(patches.size(0)));
        std::fflush(stdout);
    }
}

std::vector<std::int64_t> upTo(const std::vector<std::int64_t>& sizes, std::int64_t max) {
    std::vector<std::int64_t> kept;
    std::copy_if(sizes.begin(), sizes.end(), std::back_inserter(kept),
                 [&](std::int64_t s) { return s <= max; });
    return kept;
}

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string key = argv[i];
        const char* value = argv[i + 1];
        if (key == "--runs") {
            o.runs = std::max(1, std::atoi(value));
        } else if (key == "--threads") {
            o.threads = std::atoi(value);
        } else if (key == "--skip-full-vae-above") {
            o.fullVaeMax = std::atoll(value);
        } else if (key == "--skip-full-vit-above") {
            o.fullVitMax = std::atoll(value);
        } else if (key == "--dtype") {
            o.dtype = std::strcmp(value, "bf16") == 0 ? at::kBFloat16 : at::kFloat;
        }
    }
    return o;
}

} // namespace

int main(int argc, char** argv) {
    const Options options = parseOptions(argc, argv);
    // Like the app's runtime: every hardware thread unless told otherwise (Debian's libtorch
    // otherwise starts with one).
    const unsigned hw = std::thread::hardware_concurrency();
    at::set_num_threads(options.threads > 0 ? options.threads : static_cast<int>(std::max(hw, 1U)));
    at::manual_seed(0);
    std::printf("bench_vae: libtorch threads %d, dtype %s\n", at::get_num_threads(),
                options.dtype == at::kFloat ? "f32" : "bf16");
    const char* env = std::getenv("HB_GOLDEN_DIR");
    const std::string golden = std::string(env != nullptr && *env ? env : HB_GOLDEN_DIR) + "/model";
    const hb::BagelConfigLoad load = hb::loadBagelConfig(golden);
    auto ae = hb::TensorStore::open(golden + "/ae.safetensors");
    auto ema = hb::TensorStore::open(golden + "/ema.safetensors");

    const std::vector<std::int64_t> vaeSizes = {256, 512, 1024};
    const std::vector<std::int64_t> vitSizes = {224, 448, 980};
    if (load.vaeUsable && ae.ok()) {
        benchVae("tiny golden VAE", load.config.vae, ae->get(), vaeSizes, options);
    } else {
        std::printf("tiny golden VAE: skipped (no golden model at %s)\n", golden.c_str());
    }
    benchVae("FLUX VAE", hb::VaeConfig{}, nullptr, upTo(vaeSizes, options.fullVaeMax), options);

    if (load.vitUsable && ema.ok()) {
        benchVit("tiny golden ViT", load.config.vit, load.config.vitMaxNumPatchPerSide, ema->get(), vitSizes,
                 options);
    } else {
        std::printf("tiny golden ViT: skipped\n");
    }
    hb::VitConfig so400m; // SigLIP so400m/14 at 980 px as BAGEL builds it (27 - 1 layers)
    so400m.hiddenSize = 1152;
    so400m.intermediateSize = 4304;
    so400m.numHiddenLayers = 26;
    so400m.numAttentionHeads = 16;
    so400m.imageSize = 980;
    so400m.patchSize = 14;
    benchVit("SigLIP so400m ViT", so400m, 70, nullptr, upTo(vitSizes, options.fullVitMax), options);
    return 0;
}

// Language-model throughput on CPU for the preset sizes, with random weights: text prefill
// tokens/s, greedy decode tokens/s, and one generation-expert forward (the denoising step) over
// latent grids of 256, 512 and 1024 px, plus peak memory. Usage:
//   bench_llm [--presets tiny,small] [--precision fp32|bf16] [--threads N] [--device cpu|cuda] [--layers N]
//   --layers N keeps the first N decoder layers of each preset (a 7B-MoT shape builds in seconds
//   instead of minutes; per-layer costs scale with the layer count).
// Timings end with a host read of the result, so GPU work is finished when the clock stops.

#include <chrono>
#include <cstdio>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include "hyperbagel/engine/runtime.h"

#include "models/bagel/bagel_language.h"
#include "models/bagel/presets.h"
#include <sys/resource.h>

namespace {

using Clock = std::chrono::steady_clock;

double seconds(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

double peakRssMb() {
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return static_cast<double>(usage.ru_maxrss) / 1024.0;
}

at::Device g_device = at::kCPU;

at::Tensor tokens(std::int64_t n, std::int64_t vocab) {
    return at::randint(0, vocab, {n}, at::kLong).to(g_device);
}

void sync(const at::Tensor& t) { (void)t.sum().item<float>(); }

void benchPreset(const hb::BagelPreset& preset, at::ScalarType dtype, std::int64_t layerLimit) {
    hb::LlmConfig c = preset.config.llm;
    if (layerLimit > 0 && layerLimit < c.numHiddenLayers) {
        c.numHiddenLayers = layerLimit;
    }
    at::manual_seed(0);
    hb::Qwen2MoTModel llm(c);
    llm->to(g_device, dtype);
    const at::InferenceMode inference;
    const auto layers = static_cast<std::size_t>(c.numHiddenLayers);
    std::printf("\n%s: hidden %lld, %lld layers, %lld/%lld heads, vocab %lld, %s\n", preset.name.c_str(),
                static_cast<long long>(c.hiddenSize), static_cast<long long>(c.numHiddenLayers),
                static_cast<long long>(c.numAttentionHeads), static_cast<long long>(c.numKeyValueHeads),
                static_cast<long long>(c.vocabSize), dtype == at::kBFloat16 ? "bf16" : "fp32");

    const std::int64_t prefillTokens = 512;
    double best = 1e30;
    for (int run = 0; run < 3; ++run) {
        hb::BagelContext context(layers);
        const at::Tensor ids = tokens(prefillTokens, c.vocabSize);
        const auto start = Clock::now();
        sync(hb::prefillText(*llm, context, ids));
        best = std::min(best, seconds(start));
    }
    std::printf("  prefill %lld tokens          %8.1f ms  %9.0f tokens/s\n",
                static_cast<long long>(prefillTokens), best * 1e3, prefillTokens / best);

    hb::SamplingOptions sampling;
    sampling.startToken = 1;
    {
        // Warm-up: the first decode on a GPU loads its kernels (lazy module loading) and plans.
        hb::BagelContext warm(layers);
        hb::prefillText(*llm, warm, tokens(256, c.vocabSize));
        sampling.maxLength = 8;
        hb::decodeText(*llm, warm, sampling, {});
    }
    hb::BagelContext context(layers);
    hb::prefillText(*llm, context, tokens(256, c.vocabSize));
    sampling.maxLength = 64;
    const auto start = Clock::now();
    const auto decoded = hb::decodeText(*llm, context, sampling, {});
    const double decodeSeconds = seconds(start);
    std::printf("  decode %zu tokens (ctx 256)   %8.1f ms  %9.1f tokens/s\n", decoded.tokens.size(),
                decodeSeconds * 1e3, decoded.tokens.size() / decodeSeconds);

    // One denoising forward: [marker, h*w latents, marker] over a 64-token prompt context, full
    // attention, generation expert for the latents, cache not updated.
    hb::BagelContext prompt(layers);
    hb::prefillText(*llm, prompt, tokens(64, c.vocabSize));
    for (const std::int64_t side : {16, 32, 64}) {
        const std::int64_t rows = side * side;
        const at::Tensor x = at::randn({rows + 2, c.hiddenSize}).to(g_device, dtype);
        const auto longOnDevice = at::TensorOptions().dtype(at::kLong).device(g_device);
        hb::ExpertRouting routing{at::tensor({std::int64_t{0}, rows + 1}, longOnDevice),
                                  at::arange(1, rows + 1, longOnDevice)};
        hb::DecoderPass pass{x, prompt.imagePositions(rows + 2, g_device), routing, hb::SelfAttention::Full};
        double bestGen = 1e30;
        for (int run = 0; run < 2; ++run) {
            std::vector<hb::LayerKv> kv;
            const auto genStart = Clock::now();
            sync(llm->forward(pass, prompt.pastChunks(), kv));
            bestGen = std::min(bestGen, seconds(genStart));
        }
        std::printf("  generation forward %4lld px  %8.1f ms  (%lld latent tokens)\n",
                    static_cast<long long>(side * 16), bestGen * 1e3, static_cast<long long>(rows));
    }
    std::printf("  peak RSS so far               %8.0f MB\n", peakRssMb());
}

} // namespace

int main(int argc, char** argv) {
    std::string presets = "tiny,small";
    at::ScalarType dtype = at::kFloat;
    int threads = 0;
    std::int64_t layerLimit = 0;
    for (int i = 1; i + 1 < argc; i += 2) {
        const std::string flag = argv[i];
        if (flag == "--presets") {
            presets = argv[i + 1];
        } else if (flag == "--precision") {
            dtype = std::string(argv[i + 1]) == "bf16" ? at::kBFloat16 : at::kFloat;
        } else if (flag == "--device") {
            g_device = at::Device(argv[i + 1]);
        } else if (flag == "--layers") {
            layerLimit = std::atoll(argv[i + 1]);
        } else if (flag == "--threads") {
            threads = std::atoi(argv[i + 1]);
        }
    }
    hb::RuntimeOptions runtime;
    runtime.appName = "bench_llm";
    runtime.threads = threads;
    runtime.logToConsole = false;
    if (auto info = hb::initRuntime(runtime); !info) {
        std::fprintf(stderr, "%s\n", info.error().message.c_str());
        return 1;
    }
    std::printf("threads %d\n", at::get_num_threads());
    std::stringstream list(presets);
    std::string name;
    while (std::getline(list, name, ',')) {
        const auto preset = hb::findBagelPreset(name);
        if (!preset) {
            std::fprintf(stderr, "unknown preset %s\n", name.c_str());
            return 2;
        }
        benchPreset(*preset, dtype, layerLimit);
    }
    return 0;
}

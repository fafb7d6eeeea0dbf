// Memory plan assumptions (all scaled by the checkpoint's config):
//
// Reference workload: a 1024x1024 edit for the release (in general an edit at the largest latent
// grid, max_latent_size x latent_patch_size x VAE downsample pixels per side), with CFG on both
// text and image, as the official app runs it (bagel-spec §5.3, §8).
//   * KV caches (28 layers x 2 (K,V) x kv_heads x head_dim x bytes per token for the release):
//     - the image prefix: VAE segment (max_latent^2 + 2 tokens) and ViT segment (vit_side^2 + 2),
//       held once: the cfg_text context is a copy of it, and the engine shares it instead of copying;
//     - two short prompts (gen and cfg_img contexts), kPromptTokens each.
//   * Transient activations, whichever is larger (they never coexist):
//     - one LLM forward over the latent query block (max_latent^2 + 2 tokens), one layer at a time:
//       residual, normed input, attention output and o_proj output (4 x hidden), q/k/v
//       ((heads + 2 kv_heads) x head_dim), MLP gate, up and their product (3 x intermediate),
//       plus that layer's merged K/V over the gen context and the query. The CFG branches run one
//       after another, so only one forward is live. Attention is assumed to be a fused kernel
//       (flash / memory-efficient SDPA) that never materialises the heads x queries x keys scores.
//     - the VAE decode at full resolution (always fp32): the upsampled level-1 features, their
//       GroupNorm output, and the level-0 conv and shortcut outputs, i.e. (2 x C1 + 2 x C0) x H x W.
//   * Not counted: the ViT forward (smaller than the LLM forward), the tokenizer, image buffers,
//     allocator fragmentation.
// Weights: every non-VAE parameter at the chosen precision (2 or 4 bytes), the VAE at fp32.
// cuda adds kCudaContextBytes for the context and library workspaces.

#include "checkpoint/memory_plan.h"

#include <algorithm>
#include <string>

namespace hb {

namespace {

/// One short instruction with the chat framing (<|im_start|> ... <|im_end|>).
constexpr std::int64_t kPromptTokens = 64;
constexpr std::uint64_t kVaeValueBytes = 4;

std::uint64_t u64(std::int64_t value) { return value > 0 ? static_cast<std::uint64_t>(value) : 0; }

std::uint64_t kvBytesPerToken(const LlmConfig& llm, std::uint64_t valueBytes) {
    return u64(llm.numHiddenLayers) * 2 * u64(llm.numKeyValueHeads) * u64(llm.headDim()) * valueBytes;
}

std::uint64_t llmForwardBytes(const BagelConfig& config, const ReferenceWorkload& w,
                              std::uint64_t valueBytes) {
    const LlmConfig& llm = config.llm;
    const std::uint64_t perToken =
        4 * u64(llm.hiddenSize) + u64(llm.numAttentionHeads + 2 * llm.numKeyValueHeads) * u64(llm.headDim()) +
        3 * u64(llm.intermediateSize);
    // The gen context: image prefix plus one prompt, merged with the query's own K/V.
    const std::int64_t keyRows = w.latentTokens + w.vitTokens + w.promptTokens + w.latentTokens;
    const std::uint64_t mergedKv = u64(keyRows) * 2 * u64(llm.numKeyValueHeads) * u64(llm.headDim());
    return (u64(w.latentTokens) * perToken + mergedKv) * valueBytes;
}

std::uint64_t vaeDecodeBytes(const VaeConfig& vae, const ReferenceWorkload& w) {
    if (vae.chMult.empty()) {
        return 0;
    }
    const std::uint64_t c0 = u64(vae.ch * vae.chMult[0]);
    const std::uint64_t c1 = vae.chMult.size() > 1 ? u64(vae.ch * vae.chMult[1]) : c0;
    const std::uint64_t pixels = u64(w.imageSide) * u64(w.imageSide);
    return (2 * c1 + 2 * c0) * pixels * kVaeValueBytes;
}

std::string workloadText(const ReferenceWorkload& w) {
    return "edit at " + std::to_string(w.imageSide) + "x" + std::to_string(w.imageSide) +
           " with text and image CFG: " + std::to_string(w.contextTokens) + " cached KV tokens (VAE " +
           std::to_string(w.latentTokens) + " + ViT " + std::to_string(w.vitTokens) +
           " image prefix shared by the gen and cfg_text contexts, 2 prompts of " +
           std::to_string(w.promptTokens) + "), one forward over " + std::to_string(w.latentTokens) +
           " latent tokens or the VAE decode, whichever is larger";
}

} // namespace

ReferenceWorkload referenceWorkload(const BagelConfig& config) {
    ReferenceWorkload w;
    w.latentTokens = config.maxLatentSize * config.maxLatentSize + 2;
    w.vitTokens = config.vitMaxNumPatchPerSide * config.vitMaxNumPatchPerSide + 2;
    w.promptTokens = kPromptTokens;
    w.contextTokens = w.latentTokens + w.vitTokens + 2 * w.promptTokens;
    w.imageSide = config.maxLatentSize * config.latentPatchSize * config.vae.downsample;
    return w;
}

std::uint64_t runtimeBytes(const BagelConfig& config, std::uint64_t valueBytes) {
    const ReferenceWorkload w = referenceWorkload(config);
    const std::uint64_t kv = u64(w.contextTokens) * kvBytesPerToken(config.llm, valueBytes);
    return kv + std::max(llmForwardBytes(config, w, valueBytes), vaeDecodeBytes(config.vae, w));
}

MemoryEstimate estimateMemory(const BagelConfig& config, std::int64_t weightParameters,
                              std::int64_t vaeParameters, std::string_view device,
                              std::string_view precision) {
    const std::uint64_t valueBytes = precision == "fp32" ? 4 : 2;
    MemoryEstimate e;
    e.device = std::string(device);
    e.precision = std::string(precision);
    e.weightBytes = u64(weightParameters) * valueBytes;
    e.vaeBytes = u64(vaeParameters) * kVaeValueBytes;
    e.runtimeBytes = runtimeBytes(config, valueBytes);
    if (device == "cuda") {
        e.runtimeBytes += kCudaContextBytes;
    }
    e.totalBytes = e.weightBytes + e.vaeBytes + e.runtimeBytes;
    e.workload = workloadText(referenceWorkload(config));
    if (device == "cuda") {
        e.workload += ", plus " + std::to_string(kCudaContextBytes >> 20) + " MiB CUDA context";
    }
    return e;
}

std::vector<MemoryEstimate> planMemory(const BagelConfig& config, std::int64_t weightParameters,
                                       std::int64_t vaeParameters) {
    std::vector<MemoryEstimate> plan;
    for (const char* device : {"cpu", "cuda"}) {
        for (const char* precision : {"bf16", "fp32"}) {
            plan.push_back(estimateMemory(config, weightParameters, vaeParameters, device, precision));
        }
    }
    return plan;
}

} // namespace hb

#pragma once
// A memory plan before loading: how much host (cpu) or device (cuda) memory a checkpoint needs at
// bf16 or fp32, for the weights and for a stated reference workload, scaled by the actual config.
// The numbers are estimates for planning ("will it fit?"), not allocator-exact; memory_plan.cpp
// lists every assumption.
// Thread safety: pure functions, safe from any thread.

#include <cstdint>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/checkpoint.h"

#include "models/bagel/bagel_config.h"

namespace hb {

/// Fixed allowance for the CUDA context, cuBLAS/cuDNN workspaces and allocator slack.
inline constexpr std::uint64_t kCudaContextBytes = std::uint64_t{512} << 20;

/// Token counts of the reference workload, derived from the config.
struct ReferenceWorkload {
    std::int64_t latentTokens = 0;  ///< one image's latent block: max_latent_size^2 + 2 markers
    std::int64_t vitTokens = 0;     ///< one ViT image: vit_max_num_patch_per_side^2 + 2 markers
    std::int64_t promptTokens = 0;  ///< one short prompt with chat framing
    std::int64_t contextTokens = 0; ///< KV rows held across all CFG contexts
    std::int64_t imageSide = 0;     ///< output pixels per side
};

ReferenceWorkload referenceWorkload(const BagelConfig& config);

/// KV caches plus peak transient activations of the reference workload, with `valueBytes` per
/// activation / cache value (2 for bf16, 4 for fp32).
std::uint64_t runtimeBytes(const BagelConfig& config, std::uint64_t valueBytes);

/// One estimate. `weightParameters` counts everything but the VAE (stored at `precision`);
/// `vaeParameters` the VAE (always fp32). `device` is "cpu" or "cuda", `precision` "bf16" or "fp32".
MemoryEstimate estimateMemory(const BagelConfig& config, std::int64_t weightParameters,
                              std::int64_t vaeParameters, std::string_view device,
                              std::string_view precision);

/// cpu/bf16, cpu/fp32, cuda/bf16, cuda/fp32, in that order.
std::vector<MemoryEstimate> planMemory(const BagelConfig& config, std::int64_t weightParameters,
                                       std::int64_t vaeParameters);

} // namespace hb

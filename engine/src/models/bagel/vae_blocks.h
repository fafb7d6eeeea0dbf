#pragma once
// Building blocks of the FLUX autoencoder (bagel-spec §7), with the official submodule names so
// `ae.safetensors` loads by name: GroupNorm(32 groups, eps 1e-6) + swish everywhere, NCHW tensors.
// Thread safety: modules are not thread-safe; call them from the engine thread.

#include <cstdint>
#include <memory>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include "models/bagel/module_parts.h"

namespace hb {

/// FLUX normalisation constants (fixed in the official code, not in AutoEncoderParams).
inline constexpr std::int64_t kVaeNormGroups = 32;
inline constexpr double kVaeNormEps = 1e-6;

/// norm1, swish, conv1 (3x3), norm2, swish, conv2 (3x3), plus the input; the skip goes through a
/// 1x1 `nin_shortcut` only when the channel count changes (the only case the file stores it).
class ResnetBlockImpl : public torch::nn::Module {
public:
    ResnetBlockImpl(std::int64_t inChannels, std::int64_t outChannels);
    at::Tensor forward(const at::Tensor& x) const;

private:
    std::shared_ptr<NormParamsImpl> m_norm1;
    std::shared_ptr<Conv2dParamsImpl> m_conv1;
    std::shared_ptr<NormParamsImpl> m_norm2;
    std::shared_ptr<Conv2dParamsImpl> m_conv2;
    std::shared_ptr<Conv2dParamsImpl> m_ninShortcut; ///< null when in == out
};
TORCH_MODULE(ResnetBlock);

/// Single-head self-attention over the H*W positions with 1x1-conv q, k, v and proj_out,
/// scale 1/sqrt(C), plus a residual.
class AttnBlockImpl : public torch::nn::Module {
public:
    explicit AttnBlockImpl(std::int64_t channels);
    at::Tensor forward(const at::Tensor& x) const;

private:
    std::shared_ptr<NormParamsImpl> m_norm;
    std::shared_ptr<Conv2dParamsImpl> m_q;
    std::shared_ptr<Conv2dParamsImpl> m_k;
    std::shared_ptr<Conv2dParamsImpl> m_v;
    std::shared_ptr<Conv2dParamsImpl> m_projOut;
};
TORCH_MODULE(AttnBlock);

/// Zero-pad right and bottom by one, then a stride-2 3x3 conv without padding (halves H and W).
class DownsampleImpl : public torch::nn::Module {
public:
    explicit DownsampleImpl(std::int64_t channels);
    at::Tensor forward(const at::Tensor& x) const;

private:
    std::shared_ptr<Conv2dParamsImpl> m_conv;
};
TORCH_MODULE(Downsample);

/// Nearest-neighbour x2, then a 3x3 conv.
class UpsampleImpl : public torch::nn::Module {
public:
    explicit UpsampleImpl(std::int64_t channels);
    at::Tensor forward(const at::Tensor& x) const;

private:
    std::shared_ptr<Conv2dParamsImpl> m_conv;
};
TORCH_MODULE(Upsample);

/// The `mid` of encoder and decoder: block_1, attn_1, block_2 at a constant channel count.
class VaeMidBlockImpl : public torch::nn::Module {
public:
    explicit VaeMidBlockImpl(std::int64_t channels);
    at::Tensor forward(const at::Tensor& x) const;

private:
    std::shared_ptr<ResnetBlockImpl> m_block1;
    std::shared_ptr<AttnBlockImpl> m_attn1;
    std::shared_ptr<ResnetBlockImpl> m_block2;
};
TORCH_MODULE(VaeMidBlock);

/// swish(x) = x * sigmoid(x).
at::Tensor swish(const at::Tensor& x);

} // namespace hb

#pragma once
// Small parameter-holding modules shared by the VAE and the ViT, registered under the names
// torch.nn stores (`weight`, `bias`), so checkpoints load by their official names. They hold
// parameters only; the math runs through ATen functions in the .cpp, which keeps these headers
// light. Also the dense attention both image encoders use.
// Thread safety: a module is not thread-safe; call it from the engine thread.

#include <cstdint>
#include <string>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

namespace hb {

/// torch.nn.Conv2d's parameters: weight [out, in, k, k], bias [out]. Initialised like PyTorch
/// (uniform in +-1/sqrt(fan_in)) so randomly built models have sane activations.
class Conv2dParamsImpl : public torch::nn::Module {
public:
    Conv2dParamsImpl(std::int64_t inChannels, std::int64_t outChannels, std::int64_t kernel);
    /// conv2d over NCHW `x` with zero padding `padding` on every side.
    at::Tensor forward(const at::Tensor& x, std::int64_t stride = 1, std::int64_t padding = 0) const;

private:
    at::Tensor m_weight;
    at::Tensor m_bias;
};
TORCH_MODULE(Conv2dParams);

/// The affine parameters of a GroupNorm or LayerNorm: weight [channels] (ones), bias (zeros).
class NormParamsImpl : public torch::nn::Module {
public:
    explicit NormParamsImpl(std::int64_t channels);
    /// GroupNorm over NCHW `x`.
    at::Tensor groupNorm(const at::Tensor& x, std::int64_t groups, double eps) const;
    /// LayerNorm over the last dimension of `x`.
    at::Tensor layerNorm(const at::Tensor& x, double eps) const;

private:
    at::Tensor m_weight;
    at::Tensor m_bias;
};
TORCH_MODULE(NormParams);

/// torch.nn.Embedding's parameter: weight [rows, dim]. lookup() checks the ids first, so a bad id is
/// an error naming `label` rather than an out-of-range read.
class EmbeddingParamsImpl : public torch::nn::Module {
public:
    EmbeddingParamsImpl(std::int64_t rows, std::int64_t dim, std::string label);
    /// Rows of the table for int64 `ids` (any shape); result shape ids.shape + [dim].
    at::Tensor lookup(const at::Tensor& ids) const;

private:
    at::Tensor m_weight;
    std::string m_label;
};
TORCH_MODULE(EmbeddingParams);

/// Fails (c10::Error naming `label`) unless every entry of int64 `ids` lies in [0, rows).
void checkIndexRange(const at::Tensor& ids, std::int64_t rows, const std::string& label);

/// softmax(q k^T * scale) v for q [heads, n, d], k and v [heads, m, d]; full (non-causal)
/// attention. Queries are processed in chunks so the score matrix stays near 256 MiB even for
/// 16k-token VAE latents; softmax runs in float32 for bf16 inputs. Autograd flows through it.
at::Tensor denseAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, double scale);

/// The activations the configs name (`hidden_act`, `connector_act`).
enum class Activation { GeluTanh, Gelu, Silu };
/// "gelu_pytorch_tanh" (also "gelu_new"), "gelu", "silu"; fails (c10::Error naming `what`) otherwise.
Activation activationFromName(const std::string& name, const std::string& what);
at::Tensor activate(const at::Tensor& x, Activation activation);

} // namespace hb

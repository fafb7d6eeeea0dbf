#pragma once
// The FLUX.1 autoencoder BAGEL uses for image latents (bagel-spec §4.4, §7), sized by VaeConfig
// (ch, ch_mult, num_res_blocks, z_channels), with the official parameter names (`encoder.*`,
// `decoder.*`): load `ae.safetensors` with loadWeights(vae, store, "", target).
// Images are NCHW in [-1, 1]; latents are [B, z, H/f, W/f] with f = 2^(levels-1) (8 for FLUX).
// The modules are trainable (autograd flows through every parameter); inference callers wrap calls
// in c10::InferenceMode. Errors in the inputs throw c10::Error (the engine facade converts them).
// Thread safety: not thread-safe; call from the engine thread.

#include <cstdint>
#include <memory>
#include <vector>

#include <ATen/core/Tensor.h>
#include <torch/nn/module.h>

#include "models/bagel/bagel_config.h"
#include "models/bagel/module_parts.h"
#include "models/bagel/vae_blocks.h"

namespace hb {

/// One resolution level: `block.0..n-1` and an optional `downsample` / `upsample`.
struct VaeLevel {
    std::vector<std::shared_ptr<ResnetBlockImpl>> blocks;
    std::shared_ptr<DownsampleImpl> downsample;
    std::shared_ptr<UpsampleImpl> upsample;
};

/// conv_in, down.{i}.block.{j} (+ down.{i}.downsample except on the last level), mid, norm_out,
/// swish, conv_out to 2*z channels (mean and log-variance).
class VaeEncoderImpl : public torch::nn::Module {
public:
    explicit VaeEncoderImpl(const VaeConfig& config);
    /// [B, in, H, W] -> moments [B, 2z, H/f, W/f].
    at::Tensor forward(const at::Tensor& x) const;

private:
    std::shared_ptr<Conv2dParamsImpl> m_convIn;
    std::vector<VaeLevel> m_levels;
    std::shared_ptr<VaeMidBlockImpl> m_mid;
    std::shared_ptr<NormParamsImpl> m_normOut;
    std::shared_ptr<Conv2dParamsImpl> m_convOut;
};
TORCH_MODULE(VaeEncoder);

/// conv_in from z channels, mid, then levels from the last to 0, each num_res_blocks+1 blocks and
/// an upsample except on level 0, norm_out, swish, conv_out.
class VaeDecoderImpl : public torch::nn::Module {
public:
    explicit VaeDecoderImpl(const VaeConfig& config);
    /// [B, z, h, w] (unscaled latent) -> [B, out, h*f, w*f].
    at::Tensor forward(const at::Tensor& z) const;

private:
    std::shared_ptr<Conv2dParamsImpl> m_convIn;
    std::shared_ptr<VaeMidBlockImpl> m_mid;
    std::vector<VaeLevel> m_levels; ///< indexed by level (up.{i})
    std::shared_ptr<NormParamsImpl> m_normOut;
    std::shared_ptr<Conv2dParamsImpl> m_convOut;
};
TORCH_MODULE(VaeDecoder);

/// The whole autoencoder with the scale/shift of the official encode() and decode().
class FluxVaeImpl : public torch::nn::Module {
public:
    /// Builds randomly initialised weights; fails (c10::Error) on sizes the architecture cannot
    /// take (empty ch_mult, channels not multiples of 32).
    explicit FluxVaeImpl(const VaeConfig& config);

    const VaeConfig& config() const { return m_config; }
    /// Pixels per latent cell along one side: 2^(len(ch_mult)-1).
    std::int64_t spatialFactor() const;

    /// Inputs of every call are converted to the parameters' dtype and device first.
    /// Encoder output [B, 2z, H/f, W/f]: channels [0, z) are the posterior mean, [z, 2z) its
    /// log-variance. H and W must be multiples of spatialFactor().
    at::Tensor encodeMoments(const at::Tensor& image) const;
    /// scale * (mean - shift): the deterministic latent.
    at::Tensor encodeMean(const at::Tensor& image) const;
    /// The official encode(): scale * (mean + exp(0.5*logvar) * noise - shift), with `noise` the
    /// standard-normal draw shaped like the mean ([B, z, H/f, W/f]).
    at::Tensor encodeSample(const at::Tensor& image, const at::Tensor& noise) const;
    /// The official decode(): Decoder(z / scale + shift), [B, z, h, w] -> [B, 3, h*f, w*f] (about
    /// [-1, 1], not clamped).
    at::Tensor decode(const at::Tensor& latent) const;

private:
    at::Tensor toParameterType(const at::Tensor& x) const;

    VaeConfig m_config;
    std::shared_ptr<VaeEncoderImpl> m_encoder;
    std::shared_ptr<VaeDecoderImpl> m_decoder;
};
TORCH_MODULE(FluxVae);

} // namespace hb

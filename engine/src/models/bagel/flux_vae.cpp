#include "models/bagel/flux_vae.h"

#include <string>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/nn/modules/container/modulelist.h>

namespace hb {
namespace {

// A ModuleList `block` holding `count` ResnetBlocks, the first from `in` channels, all to `out`.
std::shared_ptr<torch::nn::ModuleListImpl> makeBlocks(VaeLevel& level, std::int64_t count, std::int64_t in,
                                                      std::int64_t out) {
    auto list = std::make_shared<torch::nn::ModuleListImpl>();
    for (std::int64_t j = 0; j < count; ++j) {
        level.blocks.push_back(std::make_shared<ResnetBlockImpl>(j == 0 ? in : out, out));
        list->push_back(level.blocks.back());
    }
    return list;
}

void checkConfig(const VaeConfig& config) {
    TORCH_CHECK(!config.chMult.empty(), "FluxVaeImpl: ch_mult is empty");
    TORCH_CHECK(config.ch > 0 && config.numResBlocks > 0 && config.zChannels > 0 && config.inChannels > 0 &&
                    config.outCh > 0,
                "FluxVaeImpl: ch, num_res_blocks, z_channels, in_channels and out_ch must be positive");
    TORCH_CHECK(config.scaleFactor != 0.0, "FluxVaeImpl: scale_factor is 0");
}

} // namespace

VaeEncoderImpl::VaeEncoderImpl(const VaeConfig& config) {
    const auto levels = static_cast<std::int64_t>(config.chMult.size());
    m_convIn =
        register_module("conv_in", std::make_shared<Conv2dParamsImpl>(config.inChannels, config.ch, 3));
    auto down = register_module("down", torch::nn::ModuleList());
    std::int64_t blockIn = config.ch;
    for (std::int64_t i = 0; i < levels; ++i) {
        VaeLevel level;
        const std::int64_t blockOut = config.ch * config.chMult[i];
        auto holder = std::make_shared<torch::nn::Module>();
        holder->register_module("block", makeBlocks(level, config.numResBlocks, blockIn, blockOut));
        blockIn = blockOut;
        if (i != levels - 1) {
            level.downsample =
                holder->register_module("downsample", std::make_shared<DownsampleImpl>(blockIn));
        }
        down->push_back(holder);
        m_levels.push_back(std::move(level));
    }
    m_mid = register_module("mid", std::make_shared<VaeMidBlockImpl>(blockIn));
    m_normOut = register_module("norm_out", std::make_shared<NormParamsImpl>(blockIn));
    m_convOut =
        register_module("conv_out", std::make_shared<Conv2dParamsImpl>(blockIn, 2 * config.zChannels, 3));
}

at::Tensor VaeEncoderImpl::forward(const at::Tensor& x) const {
    at::Tensor h = m_convIn->forward(x, 1, 1);
    for (const VaeLevel& level : m_levels) {
        for (const auto& block : level.blocks) {
            h = block->forward(h);
        }
        if (level.downsample) {
            h = level.downsample->forward(h);
        }
    }
    h = m_mid->forward(h);
    return m_convOut->forward(swish(m_normOut->groupNorm(h, kVaeNormGroups, kVaeNormEps)), 1, 1);
}

VaeDecoderImpl::VaeDecoderImpl(const VaeConfig& config) {
    const auto levels = static_cast<std::int64_t>(config.chMult.size());
    const std::int64_t deepest = config.ch * config.chMult.back();
    m_convIn = register_module("conv_in", std::make_shared<Conv2dParamsImpl>(config.zChannels, deepest, 3));
    m_mid = register_module("mid", std::make_shared<VaeMidBlockImpl>(deepest));
    // Levels run from the deepest up, but the file (like the official ModuleList) indexes them by
    // level, so build them in level order with the input width of the level above.
    auto up = register_module("up", torch::nn::ModuleList());
    for (std::int64_t i = 0; i < levels; ++i) {
        VaeLevel level;
        const std::int64_t blockOut = config.ch * config.chMult[i];
        const std::int64_t blockIn = i == levels - 1 ? deepest : config.ch * config.chMult[i + 1];
        auto holder = std::make_shared<torch::nn::Module>();
        holder->register_module("block", makeBlocks(level, config.numResBlocks + 1, blockIn, blockOut));
        if (i != 0) {
            level.upsample = holder->register_module("upsample", std::make_shared<UpsampleImpl>(blockOut));
        }
        up->push_back(holder);
        m_levels.push_back(std::move(level));
    }
    const std::int64_t last = config.ch * config.chMult.front();
    m_normOut = register_module("norm_out", std::make_shared<NormParamsImpl>(last));
    m_convOut = register_module("conv_out", std::make_shared<Conv2dParamsImpl>(last, config.outCh, 3));
}

at::Tensor VaeDecoderImpl::forward(const at::Tensor& z) const {
    at::Tensor h = m_mid->forward(m_convIn->forward(z, 1, 1));
    for (auto level = m_levels.rbegin(); level != m_levels.rend(); ++level) {
        for (const auto& block : level->blocks) {
            h = block->forward(h);
        }
        if (level->upsample) {
            h = level->upsample->forward(h);
        }
    }
    return m_convOut->forward(swish(m_normOut->groupNorm(h, kVaeNormGroups, kVaeNormEps)), 1, 1);
}

FluxVaeImpl::FluxVaeImpl(const VaeConfig& config) : m_config(config) {
    checkConfig(config);
    m_encoder = register_module("encoder", std::make_shared<VaeEncoderImpl>(config));
    m_decoder = register_module("decoder", std::make_shared<VaeDecoderImpl>(config));
}

std::int64_t FluxVaeImpl::spatialFactor() const {
    return std::int64_t{1} << (static_cast<std::int64_t>(m_config.chMult.size()) - 1);
}

at::Tensor FluxVaeImpl::toParameterType(const at::Tensor& x) const {
    const at::Tensor reference = parameters().front();
    return x.to(reference.device(), reference.scalar_type());
}

at::Tensor FluxVaeImpl::encodeMoments(const at::Tensor& image) const {
    const std::int64_t f = spatialFactor();
    TORCH_CHECK(image.dim() == 4 && image.size(1) == m_config.inChannels,
                "FluxVaeImpl: expected an image [B, ", m_config.inChannels, ", H, W], got ", image.sizes());
    TORCH_CHECK(image.size(2) % f == 0 && image.size(3) % f == 0, "FluxVaeImpl: image size ", image.size(3),
                "x", image.size(2), " is not a multiple of ", f);
    return m_encoder->forward(toParameterType(image));
}

at::Tensor FluxVaeImpl::encodeMean(const at::Tensor& image) const {
    const at::Tensor mean = encodeMoments(image).narrow(1, 0, m_config.zChannels);
    return (mean - m_config.shiftFactor) * m_config.scaleFactor;
}

at::Tensor FluxVaeImpl::encodeSample(const at::Tensor& image, const at::Tensor& noise) const {
    const at::Tensor moments = encodeMoments(image);
    const at::Tensor mean = moments.narrow(1, 0, m_config.zChannels);
    const at::Tensor logvar = moments.narrow(1, m_config.zChannels, m_config.zChannels);
    TORCH_CHECK(noise.sizes() == mean.sizes(), "FluxVaeImpl: noise has shape ", noise.sizes(),
                "; the latent is ", mean.sizes());
    const at::Tensor sample = mean + at::exp(logvar * 0.5) * noise.to(mean.options());
    return (sample - m_config.shiftFactor) * m_config.scaleFactor;
}

at::Tensor FluxVaeImpl::decode(const at::Tensor& latent) const {
    TORCH_CHECK(latent.dim() == 4 && latent.size(1) == m_config.zChannels,
                "FluxVaeImpl: expected a latent [B, ", m_config.zChannels, ", h, w], got ", latent.sizes());
    return m_decoder->forward(toParameterType(latent) / m_config.scaleFactor + m_config.shiftFactor);
}

} // namespace hb

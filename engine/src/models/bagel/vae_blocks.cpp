#include "models/bagel/vae_blocks.h"

#include <cmath>

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

namespace hb {

at::Tensor swish(const at::Tensor& x) { return at::silu(x); }

ResnetBlockImpl::ResnetBlockImpl(std::int64_t inChannels, std::int64_t outChannels) {
    TORCH_CHECK(inChannels % kVaeNormGroups == 0 && outChannels % kVaeNormGroups == 0,
                "VAE ResnetBlockImpl: channels (", inChannels, ", ", outChannels, ") must be multiples of ",
                kVaeNormGroups, " for GroupNorm");
    m_norm1 = register_module("norm1", std::make_shared<NormParamsImpl>(inChannels));
    m_conv1 = register_module("conv1", std::make_shared<Conv2dParamsImpl>(inChannels, outChannels, 3));
    m_norm2 = register_module("norm2", std::make_shared<NormParamsImpl>(outChannels));
    m_conv2 = register_module("conv2", std::make_shared<Conv2dParamsImpl>(outChannels, outChannels, 3));
    if (inChannels != outChannels) {
        m_ninShortcut =
            register_module("nin_shortcut", std::make_shared<Conv2dParamsImpl>(inChannels, outChannels, 1));
    }
}

at::Tensor ResnetBlockImpl::forward(const at::Tensor& x) const {
    at::Tensor h = m_conv1->forward(swish(m_norm1->groupNorm(x, kVaeNormGroups, kVaeNormEps)), 1, 1);
    h = m_conv2->forward(swish(m_norm2->groupNorm(h, kVaeNormGroups, kVaeNormEps)), 1, 1);
    return (m_ninShortcut ? m_ninShortcut->forward(x) : x) + h;
}

AttnBlockImpl::AttnBlockImpl(std::int64_t channels) {
    m_norm = register_module("norm", std::make_shared<NormParamsImpl>(channels));
    m_q = register_module("q", std::make_shared<Conv2dParamsImpl>(channels, channels, 1));
    m_k = register_module("k", std::make_shared<Conv2dParamsImpl>(channels, channels, 1));
    m_v = register_module("v", std::make_shared<Conv2dParamsImpl>(channels, channels, 1));
    m_projOut = register_module("proj_out", std::make_shared<Conv2dParamsImpl>(channels, channels, 1));
}

at::Tensor AttnBlockImpl::forward(const at::Tensor& x) const {
    const at::Tensor h = m_norm->groupNorm(x, kVaeNormGroups, kVaeNormEps);
    const std::int64_t batch = x.size(0);
    const std::int64_t channels = x.size(1);
    // [B, C, H, W] -> [B, H*W, C]: the batch plays the role of the (single) head.
    auto tokens = [&](const at::Tensor& t) { return t.flatten(2).transpose(1, 2); };
    const at::Tensor attended = denseAttention(tokens(m_q->forward(h)), tokens(m_k->forward(h)),
                                               tokens(m_v->forward(h)), 1.0 / std::sqrt(double(channels)));
    const at::Tensor back = attended.transpose(1, 2).reshape({batch, channels, x.size(2), x.size(3)});
    return x + m_projOut->forward(back);
}

DownsampleImpl::DownsampleImpl(std::int64_t channels) {
    m_conv = register_module("conv", std::make_shared<Conv2dParamsImpl>(channels, channels, 3));
}

at::Tensor DownsampleImpl::forward(const at::Tensor& x) const {
    // Asymmetric padding (left 0, right 1, top 0, bottom 1), as the official code pads by hand.
    return m_conv->forward(at::constant_pad_nd(x, {0, 1, 0, 1}, 0.0), 2, 0);
}

UpsampleImpl::UpsampleImpl(std::int64_t channels) {
    m_conv = register_module("conv", std::make_shared<Conv2dParamsImpl>(channels, channels, 3));
}

at::Tensor UpsampleImpl::forward(const at::Tensor& x) const {
    const at::Tensor up = at::upsample_nearest2d(x, {2 * x.size(2), 2 * x.size(3)});
    return m_conv->forward(up, 1, 1);
}

VaeMidBlockImpl::VaeMidBlockImpl(std::int64_t channels) {
    m_block1 = register_module("block_1", std::make_shared<ResnetBlockImpl>(channels, channels));
    m_attn1 = register_module("attn_1", std::make_shared<AttnBlockImpl>(channels));
    m_block2 = register_module("block_2", std::make_shared<ResnetBlockImpl>(channels, channels));
}

at::Tensor VaeMidBlockImpl::forward(const at::Tensor& x) const {
    return m_block2->forward(m_attn1->forward(m_block1->forward(x)));
}

} // namespace hb

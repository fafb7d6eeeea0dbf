#include "distill/pixel_discriminator.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>
#include <torch/nn/modules/activation.h>
#include <torch/nn/modules/conv.h>

namespace hb {
namespace {

constexpr double kSlope = 0.2;

} // namespace

PixelDiscriminatorImpl::PixelDiscriminatorImpl(std::int64_t width) {
    torch::nn::Sequential net;
    std::int64_t in = 3;
    for (std::int64_t out : {width, 2 * width, 4 * width, 8 * width}) {
        net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, out, 4).stride(2).padding(1)));
        net->push_back(torch::nn::LeakyReLU(torch::nn::LeakyReLUOptions().negative_slope(kSlope)));
        in = out;
    }
    net->push_back(torch::nn::Conv2d(torch::nn::Conv2dOptions(in, 1, 3).stride(1).padding(1)));
    m_net = register_module("net", net);
}

at::Tensor PixelDiscriminatorImpl::forward(const at::Tensor& images) {
    TORCH_CHECK(images.dim() == 4 && images.size(1) == 3 && images.size(2) >= 16 && images.size(3) >= 16,
                "the pixel discriminator takes [B, 3, H, W] images with H, W >= 16, got ", images.sizes());
    const at::Tensor patches = m_net->forward(images.to(at::kFloat)); // [B, 1, H/16, W/16]
    return patches.mean({1, 2, 3});
}

NamedTensors PixelDiscriminatorImpl::trainable() const {
    NamedTensors out;
    for (const auto& item : named_parameters(/*recurse=*/true)) {
        out.emplace_back(item.key(), item.value());
    }
    return out;
}

} // namespace hb

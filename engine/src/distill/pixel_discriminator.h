#pragma once
// The pixel-space discriminator of ADP (stage 4; hyper-bagel.md §3: DMDX's "hybrid latent and pixel
// discriminators", backbone unstated): a small PatchGAN-style CNN on decoded RGB images. Four
// stride-2 4x4 convolutions (width, 2w, 4w, 8w channels) with LeakyReLU(0.2) and no normalisation
// (batches are tiny; per-sample statistics would leak between real and fake), then a 3x3 convolution
// to one logit per 16x16 patch, averaged into one logit per image. Spectral norm is not used; the
// hinge loss and gradient clipping keep it in check at these sizes.
// Random values: the default libtorch init from the global generator; seed it before constructing.
// Engine-internal. Thread safety: not thread-safe; use from the trainer's thread.

#include <cstdint>
#include <vector>

#include <torch/nn/module.h>
#include <torch/nn/modules/container/sequential.h>

#include "training/tensor_file.h"

namespace hb {

class PixelDiscriminatorImpl : public torch::nn::Module {
public:
    explicit PixelDiscriminatorImpl(std::int64_t width = 32);

    /// images [B, 3, H, W] in [-1, 1] (H, W at least 16) -> logits [B] float32. Differentiable
    /// w.r.t. the images and the parameters. Throws c10::Error on another shape.
    at::Tensor forward(const at::Tensor& images);

    /// Every parameter ("net.0.weight", ...), in a fixed order.
    NamedTensors trainable() const;

private:
    torch::nn::Sequential m_net{nullptr};
};
TORCH_MODULE(PixelDiscriminator);

} // namespace hb

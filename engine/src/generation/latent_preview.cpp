#include "generation/latent_preview.h"

#include <ATen/ATen.h>

#include "models/bagel/flux_vae.h"

namespace hb {
namespace {

// Fitting set: a 24 x 24 grid of latent pixels (192 x 192 pixels at the usual 8x downsampling).
constexpr std::int64_t kGrid = 24;

} // namespace

LatentPreviewFit fitLatentPreview(FluxVaeImpl& vae) {
    const std::int64_t f = vae.spatialFactor();
    at::Generator gen = at::detail::createCPUGenerator(1234);
    const at::Tensor colours = at::rand({3, kGrid, kGrid}, gen); // one flat colour per latent pixel
    const at::Tensor image = colours.repeat_interleave(f, 1).repeat_interleave(f, 2).unsqueeze(0) * 2 - 1;
    const at::Tensor latent = vae.encodeMean(image).to(at::kCPU, at::kFloat); // [1, C, kGrid, kGrid]
    const std::int64_t c = latent.size(1);
    // Rows: latent pixels; columns: channels plus a constant for the bias.
    const at::Tensor features = at::cat({latent.reshape({c, -1}).t(), at::ones({kGrid * kGrid, 1})}, 1);
    const at::Tensor targets = colours.reshape({3, -1}).t() * 255.0; // [N, 3]
    const at::Tensor solution = std::get<0>(at::linalg_lstsq(features, targets));
    LatentPreviewFit fit;
    fit.weight = solution.narrow(0, 0, c).t().contiguous();
    fit.bias = solution.select(0, c).contiguous();
    fit.meanAbsError = (at::matmul(features, solution) - targets).abs().mean().item<double>();
    return fit;
}

at::Tensor previewLatent(const LatentPreviewFit& fit, const at::Tensor& latent) {
    const at::Tensor z = latent.to(at::kCPU, at::kFloat).squeeze(0); // [C, h, w]
    const at::Tensor rgb = at::tensordot(fit.weight, z, {1}, {0}) + fit.bias.view({3, 1, 1});
    return rgb.clamp(0, 255).to(at::kByte).permute({1, 2, 0}).contiguous();
}

} // namespace hb

#pragma once
// A cheap preview: latent channels to RGB through an affine map fitted to the model's own VAE, so a
// preview costs one small matrix product instead of a VAE decode. Engine-internal.
// Thread safety: engine thread only.

#include <ATen/core/Tensor.h>

namespace hb {

class FluxVaeImpl;

struct LatentPreviewFit {
    at::Tensor weight;       ///< [3, latentChannels]
    at::Tensor bias;         ///< [3]
    double meanAbsError = 0; ///< on the fitting set, in 8-bit levels
};

/// Encodes a synthetic image of flat colour blocks (one block per latent pixel, colours from a fixed
/// seed) and solves least squares from each latent pixel's channels to its block's colour.
LatentPreviewFit fitLatentPreview(FluxVaeImpl& vae);

/// Latent [1, C, H/8, W/8] (the decoder's input scale) to an RGB uint8 image [H/8, W/8, 3].
at::Tensor previewLatent(const LatentPreviewFit& fit, const at::Tensor& latent);

} // namespace hb

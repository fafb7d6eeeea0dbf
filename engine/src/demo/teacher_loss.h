#pragma once
// The teacher's training objective on one packed batch (official BAGEL training): the flow-matching
// velocity loss ||v(x_t, t) - (eps - x0)||^2 on every noisy latent token, x_t = (1 - t) x0 + t eps
// with logit-normal t, and a next-token cross-entropy on answer tokens. Source images enter as
// clean latents (t = 0) and ViT tokens. Engine-internal. Thread safety: not thread-safe.

#include <cmath>

#include <ATen/core/Tensor.h>

#include "demo/teacher_batch.h"
#include "demo/teacher_model.h"
#include "models/bagel/flux_vae.h"

namespace hb {

struct TeacherLosses {
    at::Tensor total;         ///< MSE + ceWeight * CE, differentiable
    double mse = std::nan(""); ///< NaN when the batch has no noisy latents
    double ce = std::nan("");  ///< NaN when the batch has no answers
};

/// Runs the model on `batch` (noise and flow times from the global libtorch generator). The frozen
/// autoencoder encodes the batch's images without gradients.
TeacherLosses teacherLosses(BagelTrainableImpl& model, const FluxVaeImpl& vae, const PackedSequences& batch,
                            double ceWeight);

} // namespace hb

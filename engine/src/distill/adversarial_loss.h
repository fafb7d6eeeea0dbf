#pragma once
// The hinge GAN losses of the adversarial stages (TSCD, ADP; as in DMDX / SAN-style training):
// logits of any shape, every element weighted alike. Engine-internal. Thread safety: stateless.

#include <ATen/core/Tensor.h>

namespace hb {

/// mean(ReLU(1 - real)) + mean(ReLU(1 + fake)): the discriminator's loss.
at::Tensor hingeDiscriminatorLoss(const at::Tensor& real, const at::Tensor& fake);

/// -mean(fake): the generator's loss.
at::Tensor hingeGeneratorLoss(const at::Tensor& fake);

} // namespace hb

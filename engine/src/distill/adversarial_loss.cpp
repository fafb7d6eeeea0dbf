#include "distill/adversarial_loss.h"

#include <ATen/ATen.h>

namespace hb {

at::Tensor hingeDiscriminatorLoss(const at::Tensor& real, const at::Tensor& fake) {
    return at::relu(1.0 - real).mean() + at::relu(1.0 + fake).mean();
}

at::Tensor hingeGeneratorLoss(const at::Tensor& fake) { return -fake.mean(); }

} // namespace hb

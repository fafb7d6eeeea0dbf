#include "models/linear_layout.h"

#include <torch/nn/modules/linear.h>

#include <ATen/ATen.h>

namespace hb {

int useInputMajorLinearWeights(torch::nn::Module& root) {
    const at::NoGradGuard noGrad;
    int changed = 0;
    for (const auto& module : root.modules(/*include_self=*/true)) {
        auto* linear = module->as<torch::nn::LinearImpl>();
        if (linear == nullptr) {
            continue;
        }
        at::Tensor& weight = linear->weight;
        if (!weight.defined() || weight.device().type() != at::kCPU || weight.dim() != 2 || !weight.is_contiguous()) {
            continue;
        }
        // The same parameter object: optimisers, state dicts and loaders keep working.
        weight.set_data(weight.t().contiguous().t());
        ++changed;
    }
    return changed;
}

} // namespace hb

#pragma once
// Loads named tensors from a TensorStore into a torch::nn::Module's parameters and buffers, by the
// official names, converting to the target dtype and device on the way. Engine-internal.
// Thread safety: call from the engine thread; the store is only read.

#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/safetensors.h"

namespace torch::nn {
class Module;
}

namespace hb {

struct WeightTarget {
    at::ScalarType dtype = at::kFloat;
    at::Device device = at::kCPU;
};

struct WeightLoadReport {
    std::vector<std::string> loaded;     ///< store names copied into the module
    std::vector<std::string> unexpected; ///< store names under the prefix the module does not have
};

/// For every parameter and buffer `p` of `module` named `n`, copies store tensor `prefix + n` into it
/// (converted to `target`). `optional` names (module names, without prefix) may be absent from the
/// store and keep their current value. Fails with BadCheckpoint naming the first missing tensor or
/// shape mismatch ("ema.safetensors: vae2llm.weight has shape [a, b]; the model needs [c, d]").
/// Parameters keep requires_grad; the copy itself is not recorded by autograd.
Result<WeightLoadReport> loadWeights(torch::nn::Module& module, const TensorStore& store,
                                     const std::string& prefix, const WeightTarget& target,
                                     const std::vector<std::string>& optional = {});

/// One tensor by name, converted to `target` (a fresh tensor, not a view of the mapping).
Result<at::Tensor> loadTensor(const TensorStore& store, const std::string& name, const WeightTarget& target);

} // namespace hb

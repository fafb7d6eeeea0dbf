#pragma once
// AdamW (decoupled weight decay, Loshchilov & Hutter) over named parameters, with its moments held
// by name so a training run can save them and resume bit for bit. Engine-internal.
// Thread safety: not thread-safe; one trainer owns an optimizer.

#include <cstdint>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

#include "training/tensor_file.h"

namespace hb {

struct AdamWOptions {
    double beta1 = 0.9;
    double beta2 = 0.95;
    double eps = 1e-8;
    double weightDecay = 0.0;
};

class AdamW {
public:
    /// `params` are the trainable tensors by name; `noDecay` names (biases, norms, embeddings that
    /// should not shrink) take no weight decay.
    AdamW(NamedTensors params, AdamWOptions options, const std::vector<std::string>& noDecay = {});

    /// One update at learning rate `lr` from the parameters' current gradients (parameters without a
    /// gradient are skipped). Clears nothing; call zeroGrad() before the next backward.
    void step(double lr);
    void zeroGrad();
    /// Scales every gradient so their global L2 norm is at most `maxNorm`; returns the norm before.
    double clipGradNorm(double maxNorm);

    std::int64_t steps() const { return m_step; }
    const NamedTensors& parameters() const { return m_params; }
    /// "m.<name>", "v.<name>" for every parameter, plus "step".
    NamedTensors state() const;
    /// Restores state() output; fails (returns false, naming the tensor in `problem`) when a moment
    /// is missing or shaped differently.
    bool restore(const std::map<std::string, at::Tensor>& state, std::string& problem);

private:
    NamedTensors m_params;
    std::vector<bool> m_decay;
    std::vector<at::Tensor> m_m;
    std::vector<at::Tensor> m_v;
    AdamWOptions m_options;
    std::int64_t m_step = 0;
};

/// Names a parameter that conventionally takes no weight decay: biases, norm weights, embeddings.
bool isNoDecayName(const std::string& name);

} // namespace hb

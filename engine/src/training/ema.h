#pragma once
// Exponential moving average of a model's parameters (the `ema.safetensors` weights BAGEL ships):
// shadow = decay * shadow + (1 - decay) * param after every optimizer step, with the usual warm-up
// decay min(decay, (1 + n) / (10 + n)) so early averages are not dominated by the random start.
// Engine-internal. Thread safety: not thread-safe.

#include <cstdint>
#include <functional>
#include <map>
#include <string>

#include "training/tensor_file.h"

namespace hb {

class Ema {
public:
    Ema(const NamedTensors& params, double decay);
    void update(const NamedTensors& params);
    /// The averaged tensors, same names as the parameters.
    const NamedTensors& shadow() const { return m_shadow; }
    std::int64_t updates() const { return m_updates; }
    void setUpdates(std::int64_t n) { m_updates = n; }
    /// Copies the averaged values into `params` (for evaluation or export), matched by name.
    void copyTo(NamedTensors& params) const;
    /// Runs `work` with the averaged values in `params`, then puts the live values back (also when
    /// `work` throws).
    void withAveraged(NamedTensors& params, const std::function<void()>& work) const;
    /// Restores from a file's tensors; false (naming the tensor in `problem`) on a mismatch.
    bool restore(const std::map<std::string, at::Tensor>& stored, std::string& problem);

private:
    NamedTensors m_shadow;
    double m_decay;
    std::int64_t m_updates = 0;
};

} // namespace hb

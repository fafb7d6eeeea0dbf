#pragma once
// The draft's training loss for one sequence (hyper-bagel.md §2.1 c; docs/speculative-decoding.md §6):
//   L = sum_s w_s * mean_i [ KL(p_target,i || p_draft,i^s) + lambda * CE(p_draft,i^s, argmax p_target,i) ]
// over the answer positions i, with lambda = 0.1 and the draft unrolled on its own outputs for T steps
// (EAGLE-3's training-time test): step 0 drafts every position from the target's features; step s
// drafts position i from the step s-1 output at i-1, seeing the step-0 rows up to i-s (the context
// the draft would have) and its own diagonal of earlier steps, exactly what a chain draft of depth s
// sees at inference. Step weights w_s = decay^s (EAGLE-3: 0.8).
// Engine-internal. Thread safety: engine thread; the target is only read.

#include <vector>

#include <ATen/core/Tensor.h>

#include "models/bagel/qwen2_mot.h"
#include "speculative/draft_model.h"

namespace hb {

/// One training sequence as the target saw it (computed without gradients).
struct DraftExample {
    at::Tensor embeddings;                ///< [S, D] input rows
    at::Tensor positions;                 ///< [S] int64
    std::vector<at::Tensor> layerOutputs; ///< L x [S, D]
    at::Tensor targetLogits;              ///< [S, V] float32: the target's next-token logits at each row
    at::Tensor lossMask;                  ///< bool [S]: rows whose next token is trained (the answer)
    /// bool [S, S]: which rows each row saw in the target (image blocks see their whole block);
    /// undefined means causal. Dec and the first unrolled step attend the same way.
    at::Tensor visible;
};

/// Runs the target over text `ids` (causal, positions 0..S-1) without gradients; rows from
/// `firstTrained` on (predicting the answer's tokens) are trained.
DraftExample makeTextExample(Qwen2MoTModelImpl& target, const at::Tensor& ids, std::int64_t firstTrained);

struct DraftLossOptions {
    std::int64_t unroll = 3; ///< T training-time-test steps (EAGLE-3's code: 7)
    double ceWeight = 0.1;   ///< lambda
    double stepDecay = 0.8;  ///< w_s = stepDecay^s
    bool keepLogits = false; ///< fill DraftLoss::stepLogits (tests, inspection)
};

struct DraftLoss {
    at::Tensor total;                   ///< scalar, differentiable with respect to the draft's parameters
    std::vector<double> klPerStep;      ///< mean KL per unrolled step (for logs)
    std::vector<double> acceptPerStep;  ///< fraction of rows whose draft argmax equals the target's
    std::vector<at::Tensor> stepLogits; ///< per step, the draft's logits [S, V] (detached), when asked
};

/// The loss of one example; the draft's parameters receive gradients (the example holds none).
DraftLoss draftLoss(DraftModelImpl& draft, const DraftExample& example, const DraftLossOptions& options);

} // namespace hb

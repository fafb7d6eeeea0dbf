#pragma once
// What the speculative decoder needs from a drafter. A drafter mirrors one BagelContext: it observes
// every block the target commits (with the target's per-layer hidden states), and during a cycle it is
// asked for next-token logits of draft nodes, a round at a time; the round is then discarded.
// ModelDrafter is the Hyper-Bagel draft; the tests add drafters that cheat. Engine-internal.
// Thread safety: one thread at a time per drafter, like its context.

#include <cstdint>
#include <vector>

#include <ATen/core/Tensor.h>

#include "models/attention.h"

namespace hb {

/// A block of rows the target committed to the context, as the draft needs to see it.
struct TargetBlock {
    at::Tensor embeddings;                ///< [n, D] the target's input rows (token embeddings, image rows)
    std::vector<at::Tensor> layerOutputs; ///< L x [n, D]: each target layer's output (residual stream)
    at::Tensor positions;                 ///< [n] int64 RoPE positions
    SelfAttention mode = SelfAttention::Causal;
};

/// One node of a draft round. Node 0 of a round is its root: the next token to feed to the target
/// (parent -1). Every other node's parent was passed to an earlier extend() of the same round.
struct DraftNode {
    std::int64_t id = 0;      ///< unique within the round
    std::int64_t parent = -1; ///< id of the parent node, -1 for the root
    std::int64_t token = 0;
    std::int64_t position = 0; ///< RoPE position the token will take
};

class Drafter {
public:
    virtual ~Drafter() = default;

    /// Target positions observed so far; equals the context's kvLength() when in step.
    virtual std::int64_t length() const = 0;
    /// Takes in a block the target committed (the rows right after length()).
    virtual void observe(const TargetBlock& block) = 0;
    /// Forgets everything after the first `length` positions (follows BagelContext::truncate).
    virtual void truncate(std::int64_t length) = 0;
    /// Adds nodes to the current round and returns, per node, the float32 logits [n, vocab] of the token
    /// that would follow it. The first call of a round passes the root.
    virtual at::Tensor extend(const std::vector<DraftNode>& nodes) = 0;
    /// Discards the round (its rows never enter the drafter's caches).
    virtual void endRound() = 0;
};

} // namespace hb

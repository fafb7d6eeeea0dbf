#pragma once
// Verifying a draft against the target's logits at every node (docs/speculative-decoding.md §4):
// - greedy: walk from the root while a child carries the target's argmax; the argmax after the last
//   accepted node is the bonus token. Output = plain greedy decoding, token for token.
// - sampling, sampled chain: accept the drafted d with probability min(1, p(d)/q(d)); on rejection draw
//   from normalize(max(0, p - q)); after a fully accepted chain draw the bonus from p.
// - sampling, deterministic tree (children chosen by top-k, so each was proposed with probability 1):
//   recursive rejection with point-mass proposals, as EAGLE and SpecInfer do: try the children in
//   order, accept child c with probability p(c), else remove c from p and renormalise; when every child
//   is rejected, draw from what is left of p.
// Both sampling schemes emit each token with exactly the target's distribution p = softmax(logits / T).
// Engine-internal. Thread safety: stateless.

#include <cstdint>
#include <vector>

#include <ATen/core/Generator.h>
#include <ATen/core/Tensor.h>

#include "speculative/draft_tree.h"

namespace hb {

struct Acceptance {
    std::vector<std::int64_t> path; ///< accepted node indices, the root first
    std::int64_t next = -1;         ///< the target's token after the last accepted node (bonus or correction)
};

/// `targetLogits` [n, vocab] float32: row i is the target's next-token logits at node i.
Acceptance acceptGreedy(const DraftTree& tree, const at::Tensor& targetLogits);

/// temperature > 0. Uses `generator` for every uniform and categorical draw.
Acceptance acceptSampled(const DraftTree& tree, const at::Tensor& targetLogits, double temperature,
                         at::Generator& generator);

} // namespace hb

#pragma once
// Speculative decoding of an answer over a BagelContext (hyper-bagel.md §2; docs/speculative-decoding.md).
// A drop-in for decodeText(): same SamplingOptions, same onToken callback, same DecodeResult, and the
// same tokens under greedy decoding (the same distribution when sampling), with the context left exactly
// as decodeText() leaves it (KV length, RoPE position, cached K/V of the fed tokens). Each cycle drafts
// a chain or tree from the next token to feed, verifies every drafted token in one target forward
// (causal for a chain, the tree mask for a tree), commits the K/V of the accepted rows only, and lets
// the drafter observe them.
//
//   ModelDrafter drafter(draft, llm);                        // per context, in step with it:
//   prefillTextObserved(llm, context, drafter, questionIds); // (observed_prefill.h)
//   SpeculativeDecoder decoder(llm, drafter, DraftPlan{});
//   SpeculativeResult r = decoder.decode(context, sampling, onToken);
//   r.stats.tau, r.stats.alpha, r.stats.tokensPerSecond ...
//
// Engine-internal. Thread safety: engine thread; one context and drafter at a time.

#include <functional>
#include <string>
#include <vector>

#include "hyperbagel/engine/error.h"

#include "models/bagel/bagel_language.h"
#include "speculative/acceptance.h"
#include "speculative/draft_tree.h"

namespace hb {

struct SpeculativeStats {
    std::int64_t cycles = 0;                    ///< draft-and-verify cycles (= target forwards)
    std::int64_t produced = 0;                  ///< tokens handed to onToken
    std::int64_t drafted = 0;                   ///< drafted tokens verified (tree nodes besides the roots)
    std::int64_t acceptedDrafts = 0;            ///< drafted tokens accepted
    std::int64_t draftLength = 0;               ///< K used for alpha: the plan's maximum draft length
    std::vector<std::int64_t> acceptedPerCycle; ///< accepted drafts + 1 (the bonus) per cycle
    double tau = 0.0;                           ///< mean accepted length per cycle, bonus included
    double alpha = 0.0;                         ///< fitted: tau = 1 + sum_{k=1..K} alpha^k
    double decodeMs = 0.0;                      ///< wall time of decode()
    double draftMs = 0.0;                       ///< of which drafting
    double verifyMs = 0.0;                      ///< of which the target's verification forwards
    double observeMs = 0.0;                     ///< of which the drafter observing accepted rows
    double tokensPerSecond = 0.0;
    double plainTokensPerSecond = 0.0; ///< set by compareWithPlain(); 0 when plain decoding was not run
    double speedup = 0.0;              ///< tokensPerSecond / plainTokensPerSecond; 0 when unknown

    /// Records plain decoding's speed for the same answer and fills in the speed-up.
    void compareWithPlain(double plainTokensPerSecondMeasured);
    std::string describe() const;
};

/// Solves tau = 1 + sum_{k=1..K} alpha^k for alpha in [0, 1] by bisection (hyper-bagel.md §2.3);
/// tau is clamped into [1, K + 1].
double fitAcceptanceRate(double tau, std::int64_t chainLength);

struct SpeculativeResult {
    DecodeResult decoded;
    SpeculativeStats stats;
};

class SpeculativeDecoder {
public:
    /// Non-owning: `target` and `drafter` must outlive the decoder.
    SpeculativeDecoder(Qwen2MoTModelImpl& target, Drafter& drafter, DraftPlan plan);

    /// Decodes like decodeText(llm, context, options, onToken). The drafter must be in step with the
    /// context (drafter.length() == context.kvLength()), or InvalidRequest. Fails with InvalidRequest for
    /// a plan without drafts (chain length, top-k, budget or depth below 1), Internal for libtorch errors
    /// (the context and drafter are then truncated back to where they were).
    Result<SpeculativeResult> decode(BagelContext& context, const SamplingOptions& options,
                                     const std::function<bool(std::int64_t, const at::Tensor&)>& onToken);

private:
    struct Cycle;
    /// The target's verification forward over a draft: K/V, layer outputs and logits of every node.
    struct Verification {
        at::Tensor embeddings; ///< [n, D]
        at::Tensor positions;  ///< [n]
        std::vector<LayerKv> kv;
        std::vector<at::Tensor> layerOutputs;
        at::Tensor logits; ///< [n, vocab] float32
    };
    DraftTree draft(std::int64_t root, std::int64_t position, std::int64_t limit,
                    const SamplingOptions& options);
    Verification verify(const BagelContext& context, const DraftTree& tree);
    /// Commits the K/V of `rows` (node indices) to the context and lets the drafter observe them.
    void commit(BagelContext& context, const Verification& v, const std::vector<std::int64_t>& rows);
    bool runCycle(BagelContext& context, const SamplingOptions& options,
                  const std::function<bool(std::int64_t, const at::Tensor&)>& onToken, Cycle& cycle,
                  SpeculativeResult& result);

    Qwen2MoTModelImpl& m_target;
    Drafter& m_drafter;
    DraftPlan m_plan;
    at::Generator m_generator;
};

} // namespace hb

#pragma once
// Shared pieces of the speculative-decoding tests: a small random BAGEL language model, drafts built
// from it, prefills that several drafters observe, a drafter that cheats (it knows the target's greedy
// answer), and a chi-square p-value.

#include <cstdint>
#include <random>
#include <vector>

#include <ATen/ATen.h>

#include "models/bagel/bagel_language.h"
#include "speculative/draft_model.h"
#include "speculative/drafter.h"

namespace spec_test {

/// A small random MoT model (QK-norm, GQA 4:2) with perturbed norm weights.
hb::LlmConfig smallConfig(std::int64_t vocab, std::int64_t layers = 4);
hb::Qwen2MoTModel makeTarget(const hb::LlmConfig& config, std::uint64_t seed);

/// A draft for `target` initialised as the paper says (zero-init projections, copies of the target).
hb::DraftModel makeDraft(hb::Qwen2MoTModelImpl& target, std::uint64_t seed);
/// Gives the zero-initialised projections random values, so the draft depends on its inputs.
void randomizeDraft(hb::DraftModelImpl& draft, std::uint64_t seed, double scale = 1.0);

/// Runs a prepared block through the target, commits it, and lets every drafter observe it.
void prefillAll(hb::Qwen2MoTModelImpl& llm, hb::BagelContext& context,
                const std::vector<hb::Drafter*>& drafters, const hb::DecoderPass& pass, hb::SegmentKind kind);
void prefillTextAll(hb::Qwen2MoTModelImpl& llm, hb::BagelContext& context,
                    const std::vector<hb::Drafter*>& drafters, const at::Tensor& ids);
void prefillImageAll(hb::Qwen2MoTModelImpl& llm, hb::BagelContext& context,
                     const std::vector<hb::Drafter*>& drafters, const at::Tensor& embeddings,
                     const hb::ExpertRouting& routing);

/// Knows the target's greedy answer. In each round it proposes the true continuation with a high logit
/// for the first `honest` drafted depths (a fresh random number per round, 0..maxHonest), sometimes as
/// its second choice (trees then accept a non-first child), and random logits elsewhere.
class CheatingDrafter final : public hb::Drafter {
public:
    CheatingDrafter(std::int64_t vocab, std::uint64_t seed, std::int64_t maxHonest);
    /// `answer`: the target's greedy tokens; `startToken` fed at `startPosition`.
    void setOracle(std::vector<std::int64_t> answer, std::int64_t startToken, std::int64_t startPosition);

    std::int64_t length() const override { return m_length; }
    void observe(const hb::TargetBlock& block) override { m_length += block.embeddings.size(0); }
    void truncate(std::int64_t length) override { m_length = length; }
    at::Tensor extend(const std::vector<hb::DraftNode>& nodes) override;
    void endRound() override;

private:
    std::int64_t m_vocab;
    std::mt19937_64 m_rng;
    std::int64_t m_maxHonest;
    std::int64_t m_honest = -1; ///< this round's honest depth; -1 = not drawn yet
    std::int64_t m_length = 0;
    std::vector<std::int64_t> m_answer;
    std::int64_t m_startToken = 0;
    std::int64_t m_startPosition = 0;
    std::vector<hb::DraftNode> m_nodes; ///< by id
};

/// Upper tail of the chi-square distribution with `dof` degrees of freedom at `x`.
double chiSquarePValue(double x, std::int64_t dof);

/// Pearson's statistic of `counts` against `probabilities` (cells with expectation below 5 are pooled);
/// returns {statistic, degrees of freedom}.
std::pair<double, std::int64_t> chiSquare(const std::vector<std::int64_t>& counts,
                                          const std::vector<double>& probabilities);

} // namespace spec_test

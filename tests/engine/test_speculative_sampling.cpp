// Speculative sampling preserves the target's distribution. At the acceptance level (20,000 draws per
// case, cheap): the first two tokens of a sampled chain (rejection sampling with min(1, p/q) and the
// residual max(0, p - q)) and of a deterministic tree (recursive rejection with point-mass proposals)
// follow the target's joint distribution. End to end on a small model: the first two tokens of
// speculative decoding (chain and tree) and of plain sampling follow the exact joint distribution
// computed from the target. Chi-square goodness of fit with a loose threshold (p > 1e-4); fixed seeds.

#include <iostream>

#include <gtest/gtest.h>

#include <ATen/CPUGeneratorImpl.h>

#include "speculative/acceptance.h"
#include "speculative/model_drafter.h"
#include "speculative/speculative_decoder.h"
#include "speculative_support.h"

namespace {

constexpr double kMinP = 1e-4;

void expectFits(const std::vector<std::int64_t>& counts, const at::Tensor& probabilities,
                const std::string& label) {
    const at::Tensor p = probabilities.to(at::kDouble).contiguous();
    const std::vector<double> probs(p.data_ptr<double>(), p.data_ptr<double>() + p.numel());
    const auto [statistic, dof] = spec_test::chiSquare(counts, probs);
    const double pValue = spec_test::chiSquarePValue(statistic, dof);
    std::cout << "[ chi2     ] " << label << ": chi2 " << statistic << " on " << dof << " dof, p = " << pValue
              << "\n";
    EXPECT_GT(pValue, kMinP) << label;
}

/// The first two emitted tokens of one cycle; when the cycle emits only one, the second is drawn from
/// the target itself (the next cycle's job, by induction).
std::pair<std::int64_t, std::int64_t> firstTwo(const hb::DraftTree& tree, const hb::Acceptance& a,
                                               const at::Tensor& afterFirst, at::Generator& generator) {
    std::vector<std::int64_t> emitted;
    for (std::size_t i = 1; i < a.path.size(); ++i) {
        emitted.push_back(tree.tokens[static_cast<std::size_t>(a.path[i])]);
    }
    emitted.push_back(a.next);
    if (emitted.size() < 2) {
        const at::Tensor p = afterFirst[emitted[0]];
        emitted.push_back(at::multinomial(p, 1, false, generator).item<std::int64_t>());
    }
    return {emitted[0], emitted[1]};
}

class AcceptanceDistribution : public ::testing::Test {
protected:
    static constexpr std::int64_t kV = 10;
    static constexpr double kT = 0.7;
    void SetUp() override {
        at::manual_seed(5);
        // Target logits at the root, after one token, after two; the draft's the same way.
        target0 = at::randn({kV}, at::kDouble) * 1.5;
        target1 = at::randn({kV, kV}, at::kDouble) * 1.5;
        target2 = at::randn({kV, kV, kV}, at::kDouble) * 1.5;
        draft0 = target0 + at::randn({kV}, at::kDouble);
        draft1 = target1 + at::randn({kV, kV}, at::kDouble);
    }
    at::Tensor joint() const {
        const at::Tensor p0 = at::softmax(target0 / kT, -1);
        const at::Tensor p1 = at::softmax(target1 / kT, -1);
        return (p0.unsqueeze(1) * p1).flatten();
    }
    at::Tensor target0, target1, target2, draft0, draft1;
};

TEST_F(AcceptanceDistribution, SampledChainKeepsTheTargetDistribution) {
    const at::InferenceMode inference;
    at::Generator generator = at::detail::createCPUGenerator(123);
    const at::Tensor afterFirst = at::softmax(target1 / kT, -1);
    std::vector<std::int64_t> counts(kV * kV, 0);
    std::int64_t accepted = 0;
    constexpr int kDraws = 20000;
    for (int draw = 0; draw < kDraws; ++draw) {
        hb::DraftTree tree;
        tree.add(0, -1);
        const at::Tensor q0 = at::softmax(draft0 / kT, -1);
        const std::int64_t d1 = at::multinomial(q0, 1, false, generator).item<std::int64_t>();
        tree.proposals[0] = q0;
        tree.add(d1, 0);
        const at::Tensor q1 = at::softmax(draft1[d1] / kT, -1);
        const std::int64_t d2 = at::multinomial(q1, 1, false, generator).item<std::int64_t>();
        tree.proposals[1] = q1;
        tree.add(d2, 1);
        const at::Tensor logits = at::stack({target0, target1[d1], target2[d1][d2]}).to(at::kFloat);
        const hb::Acceptance a = hb::acceptSampled(tree, logits, kT, generator);
        accepted += static_cast<std::int64_t>(a.path.size()) - 1;
        const auto [t1, t2] = firstTwo(tree, a, afterFirst, generator);
        ++counts[static_cast<std::size_t>(t1 * kV + t2)];
    }
    std::cout << "[ chi2     ] sampled chain: mean accepted drafts " << static_cast<double>(accepted) / kDraws
              << "\n";
    expectFits(counts, joint(), "sampled chain (k=2), first two tokens, 20000 draws");
}

TEST_F(AcceptanceDistribution, DeterministicTreeKeepsTheTargetDistribution) {
    const at::InferenceMode inference;
    at::Generator generator = at::detail::createCPUGenerator(321);
    const at::Tensor afterFirst = at::softmax(target1 / kT, -1);
    // Root with the draft's top 3 as children, each with its own top 2.
    hb::DraftTree tree;
    tree.add(0, -1);
    const at::Tensor top0 = std::get<1>(draft0.topk(3));
    for (std::int64_t i = 0; i < 3; ++i) {
        const std::int64_t child = tree.add(top0[i].item<std::int64_t>(), 0);
        const at::Tensor top1 = std::get<1>(draft1[tree.tokens[static_cast<std::size_t>(child)]].topk(2));
        for (std::int64_t j = 0; j < 2; ++j) {
            tree.add(top1[j].item<std::int64_t>(), child);
        }
    }
    std::vector<at::Tensor> rows;
    for (std::int64_t n = 0; n < tree.size(); ++n) {
        const std::int64_t depth = tree.depths[static_cast<std::size_t>(n)];
        const std::int64_t token = tree.tokens[static_cast<std::size_t>(n)];
        rows.push_back(
            depth == 0 ? target0
            : depth == 1
                ? target1[token]
                : target2[tree.tokens[static_cast<std::size_t>(tree.parents[static_cast<std::size_t>(n)])]]
                         [token]);
    }
    const at::Tensor logits = at::stack(rows).to(at::kFloat);
    std::vector<std::int64_t> counts(kV * kV, 0);
    constexpr int kDraws = 20000;
    std::int64_t accepted = 0;
    for (int draw = 0; draw < kDraws; ++draw) {
        const hb::Acceptance a = hb::acceptSampled(tree, logits, kT, generator);
        accepted += static_cast<std::int64_t>(a.path.size()) - 1;
        const auto [t1, t2] = firstTwo(tree, a, afterFirst, generator);
        ++counts[static_cast<std::size_t>(t1 * kV + t2)];
    }
    std::cout << "[ chi2     ] tree: mean accepted drafts " << static_cast<double>(accepted) / kDraws << "\n";
    expectFits(counts, joint(), "tree (3x2, point-mass proposals), first two tokens, 20000 draws");
}

// End to end on a small model: speculative decoding's first two tokens against the exact joint
// distribution of the target, and plain sampling's as a check of the reference itself.
TEST(SpeculativeSamplingEndToEnd, FirstTwoTokensFollowTheTarget) {
    const at::InferenceMode inference;
    constexpr std::int64_t kV = 12;
    constexpr std::int64_t kStart = 1;
    constexpr double kT = 1.0;
    hb::Qwen2MoTModel target = spec_test::makeTarget(spec_test::smallConfig(kV, 3), 41);
    hb::DraftConfig config = hb::defaultDraftConfig(3);
    config.featureLayers = {0, 1, 2};
    at::manual_seed(42);
    hb::DraftModel draft(target->config(), config);
    draft->initFromTarget(*target);
    spec_test::randomizeDraft(*draft, 43, 0.5);
    const auto layers = static_cast<std::size_t>(target->config().numHiddenLayers);
    hb::BagelContext context(layers);
    hb::ModelDrafter drafter(*draft, *target);
    spec_test::prefillTextAll(*target, context, {&drafter},
                              at::tensor(std::vector<std::int64_t>{3, 7, 2, 9, 4}, at::kLong));
    const std::int64_t prefix = context.kvLength();

    // The exact joint distribution of the first two tokens.
    at::Tensor joint = at::empty({kV, kV}, at::kDouble);
    {
        hb::BagelContext probe = context.fork();
        const at::Tensor first =
            at::softmax(target->logits(hb::prefillText(*target, probe, at::tensor({kStart}, at::kLong)))
                                .to(at::kDouble)
                                .squeeze(0) /
                            kT,
                        -1);
        for (std::int64_t t = 0; t < kV; ++t) {
            hb::BagelContext next = probe.fork();
            const at::Tensor second =
                at::softmax(target->logits(hb::prefillText(*target, next, at::tensor({t}, at::kLong)))
                                    .to(at::kDouble)
                                    .squeeze(0) /
                                kT,
                            -1);
            joint[t] = first[t] * second;
        }
    }
    const auto draw = [&](const std::function<std::vector<std::int64_t>(std::uint64_t)>& decode, int draws) {
        std::vector<std::int64_t> counts(kV * kV, 0);
        for (int i = 0; i < draws; ++i) {
            const std::vector<std::int64_t> tokens = decode(1000 + static_cast<std::uint64_t>(i));
            EXPECT_EQ(tokens.size(), 2u);
            ++counts[static_cast<std::size_t>(tokens[0] * kV + tokens[1])];
            EXPECT_TRUE(context.truncate(prefix));
            drafter.truncate(prefix);
        }
        return counts;
    };
    constexpr int kDraws = 5000;
    const hb::DraftPlan plans[] = {{hb::DraftShape::Chain, 3, 0, 0, 0}, {hb::DraftShape::Tree, 0, 3, 6, 3}};
    for (const hb::DraftPlan& plan : plans) {
        hb::SpeculativeDecoder decoder(*target, drafter, plan);
        std::int64_t cycles = 0;
        const auto counts = draw(
            [&](std::uint64_t seed) {
                auto r = decoder.decode(context, hb::SamplingOptions{kStart, -1, 2, kT, seed, nullptr}, {});
                EXPECT_TRUE(r);
                cycles += r->stats.cycles;
                return r->decoded.tokens;
            },
            kDraws);
        std::cout << "[ chi2     ] " << plan.describe() << ": cycles per answer "
                  << static_cast<double>(cycles) / kDraws << "\n";
        expectFits(counts, joint.flatten(),
                   "speculative " + plan.describe() + ", " + std::to_string(kDraws) + " answers");
    }
    const auto plain = draw(
        [&](std::uint64_t seed) {
            return hb::decodeText(*target, context, hb::SamplingOptions{kStart, -1, 2, kT, seed, nullptr}, {})
                .tokens;
        },
        kDraws);
    expectFits(plain, joint.flatten(), "plain sampling, " + std::to_string(kDraws) + " answers");
}

} // namespace

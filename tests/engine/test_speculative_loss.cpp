// The draft's training loss (KL + 0.1 CE with training-time-test unrolling) decreases under AdamW on a
// tiny random target's own greedy answers, starting from the paper's zero-initialised draft; and the
// unrolled steps see what drafting at inference sees.

#include <iostream>

#include <gtest/gtest.h>

#include "speculative/draft_loss.h"
#include "speculative/model_drafter.h"
#include "speculative_support.h"
#include "training/adamw.h"

namespace {

constexpr std::int64_t kVocab = 32;

// Step s of the unrolled loss computes, for row i, exactly what a chain draft rooted at row i - s
// computes at depth s: the training-time test matches inference.
TEST(DraftLoss, UnrolledStepsMatchChainDrafting) {
    hb::Qwen2MoTModel target = spec_test::makeTarget(spec_test::smallConfig(kVocab, 3), 51);
    hb::DraftConfig config = hb::defaultDraftConfig(3);
    config.featureLayers = {0, 1, 2};
    at::manual_seed(52);
    hb::DraftModel draft(target->config(), config);
    draft->initFromTarget(*target);
    spec_test::randomizeDraft(*draft, 53);
    const at::Tensor ids = at::randint(0, kVocab, {9}, at::kLong);
    const hb::DraftExample example = hb::makeTextExample(*target, ids, 0);
    // Inference: observe rows 0..4, root = token 5 at position 5, then drafts with the true tokens 6, 7.
    const at::InferenceMode inference;
    hb::BagelContext context(3);
    hb::ModelDrafter drafter(*draft, *target);
    spec_test::prefillTextAll(*target, context, {&drafter}, ids.narrow(0, 0, 5));
    std::vector<at::Tensor> chain;
    for (std::int64_t depth = 0; depth < 3; ++depth) {
        chain.push_back(
            drafter.extend({{depth, depth - 1, ids[5 + depth].item<std::int64_t>(), 5 + depth}})[0]);
    }
    hb::DraftLossOptions options;
    options.unroll = 3;
    options.keepLogits = true;
    const hb::DraftLoss loss = hb::draftLoss(*draft, example, options);
    ASSERT_EQ(loss.stepLogits.size(), 3u);
    for (std::int64_t depth = 0; depth < 3; ++depth) {
        EXPECT_TRUE(at::allclose(loss.stepLogits[static_cast<std::size_t>(depth)][5 + depth],
                                 chain[static_cast<std::size_t>(depth)], 1e-4, 1e-5))
            << "depth " << depth;
    }
}

TEST(DraftLoss, DecreasesUnderAdamW) {
    hb::Qwen2MoTModel target = spec_test::makeTarget(spec_test::smallConfig(kVocab, 3), 61);
    for (auto& p : target->parameters()) {
        p.set_requires_grad(false);
    }
    hb::DraftConfig config = hb::defaultDraftConfig(3);
    config.featureLayers = {0, 1, 2};
    at::manual_seed(62);
    hb::DraftModel draft(target->config(), config);
    draft->initFromTarget(*target); // the paper's initialisation, zero projections included
    // The target's own greedy answers to random prompts (EAGLE-3 and Hyper-Bagel regenerate answers).
    std::vector<hb::DraftExample> examples;
    for (int i = 0; i < 4; ++i) {
        const at::Tensor prompt = at::randint(2, kVocab, {6}, at::kLong);
        std::vector<std::int64_t> answer;
        {
            const at::InferenceMode inference;
            hb::BagelContext context(3);
            hb::prefillText(*target, context, prompt);
            answer =
                hb::decodeText(*target, context, hb::SamplingOptions{1, -1, 16, 0.0, 0, nullptr}, {}).tokens;
        }
        std::vector<std::int64_t> ids(prompt.data_ptr<std::int64_t>(), prompt.data_ptr<std::int64_t>() + 6);
        ids.push_back(1);
        ids.insert(ids.end(), answer.begin(), answer.end());
        examples.push_back(hb::makeTextExample(*target, at::tensor(ids, at::kLong), 6));
    }
    hb::NamedTensors params;
    for (const auto& item : draft->named_parameters()) {
        params.emplace_back(item.key(), item.value());
    }
    hb::AdamW optimizer(params, hb::AdamWOptions{});
    hb::DraftLossOptions options;
    const auto evaluate = [&] {
        double total = 0.0;
        for (const auto& e : examples) {
            total += hb::draftLoss(*draft, e, options).total.item<double>();
        }
        return total / static_cast<double>(examples.size());
    };
    const double before = evaluate();
    for (int step = 0; step < 40; ++step) {
        optimizer.zeroGrad();
        at::Tensor total = at::zeros({});
        for (const auto& e : examples) {
            total = total + hb::draftLoss(*draft, e, options).total;
        }
        (total / static_cast<double>(examples.size())).backward();
        optimizer.step(3e-3);
    }
    const double after = evaluate();
    std::cout << "[ loss     ] draft loss " << before << " -> " << after << " after 40 AdamW steps\n";
    EXPECT_LT(after, 0.7 * before);
}

} // namespace

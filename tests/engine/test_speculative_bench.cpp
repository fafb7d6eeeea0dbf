// A timing run, disabled by default (run with --gtest_also_run_disabled_tests --gtest_filter=*Timing*):
// plain greedy decoding against speculative decoding on a mid-sized random model (D 512, 8 layers,
// vocabulary 4096), with the drafter that knows the answer (the machinery's ceiling) and with the
// untrained zero-initialised draft (its floor: tau = 1, every cycle pays drafting and observing).

#include <chrono>
#include <iostream>

#include <gtest/gtest.h>

#include "speculative/model_drafter.h"
#include "speculative/speculative_decoder.h"
#include "speculative_support.h"

namespace {

TEST(SpeculativeBench, DISABLED_Timing) {
    const at::InferenceMode inference;
    constexpr std::int64_t kVocab = 4096;
    constexpr std::int64_t kAnswer = 64;
    hb::LlmConfig config = spec_test::smallConfig(kVocab, 8);
    config.hiddenSize = 512;
    config.intermediateSize = 1408;
    config.numAttentionHeads = 8;
    config.numKeyValueHeads = 2;
    hb::Qwen2MoTModel target = spec_test::makeTarget(config, 1);
    at::manual_seed(2);
    hb::DraftModel draft(config, hb::defaultDraftConfig(8));
    draft->initFromTarget(*target);
    hb::BagelContext context(8);
    hb::ModelDrafter model(*draft, *target);
    spec_test::CheatingDrafter cheat(kVocab, 3, 1000);
    spec_test::prefillTextAll(*target, context, {&model, &cheat}, at::randint(2, kVocab, {64}, at::kLong));
    const std::int64_t prefix = context.kvLength();
    const hb::SamplingOptions options{1, -1, kAnswer, 0.0, 0, nullptr};
    double plainTps = 0.0;
    std::vector<std::int64_t> answer;
    for (int rep = 0; rep < 2; ++rep) { // the first run warms up
        const auto start = std::chrono::steady_clock::now();
        answer = hb::decodeText(*target, context, options, {}).tokens;
        plainTps = kAnswer / std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        ASSERT_TRUE(context.truncate(prefix));
    }
    std::cout << "[ timing   ] plain: " << plainTps << " tokens/s\n";
    cheat.setOracle(answer, 1, prefix);
    const hb::DraftPlan plans[] = {{hb::DraftShape::Chain, 4, 0, 0, 0},
                                   {hb::DraftShape::Chain, 8, 0, 0, 0},
                                   {hb::DraftShape::Tree, 0, 4, 16, 5}};
    const std::pair<const char*, hb::Drafter*> drafters[] = {{"cheating", &cheat}, {"zero-init", &model}};
    for (const auto& [name, drafter] : drafters) {
        for (const hb::DraftPlan& plan : plans) {
            hb::SpeculativeDecoder decoder(*target, *drafter, plan);
            auto result = decoder.decode(context, options, {});
            ASSERT_TRUE(result);
            EXPECT_EQ(result->decoded.tokens, answer);
            result->stats.compareWithPlain(plainTps);
            std::cout << "[ timing   ] " << name << " " << plan.describe() << ": " << result->stats.describe()
                      << "\n";
            ASSERT_TRUE(context.truncate(prefix));
            drafter->truncate(prefix);
        }
    }
}

} // namespace

// Speculative decoding is lossless under greedy decoding: over 200+ random prompts (some opening with an
// image-like full-attention block), for chains of several lengths and trees of several shapes, with the
// paper's zero-initialised draft, a random draft and a drafter that knows the answer, the produced
// tokens equal plain greedy decoding's, including stops mid-draft, length limits inside a cycle and an
// onToken that stops early; and the context ends exactly as plain decoding leaves it (KV length, RoPE
// position, every cached K/V).

#include <iostream>
#include <map>
#include <sstream>

#include <gtest/gtest.h>

#include "speculative/model_drafter.h"
#include "speculative/speculative_decoder.h"
#include "speculative_support.h"

namespace {

constexpr std::int64_t kVocab = 72;
constexpr std::int64_t kStart = 1;

struct Snapshot {
    std::vector<std::int64_t> tokens;
    std::vector<std::pair<at::Tensor, at::Tensor>> kv; ///< per layer, whole cache
};

Snapshot snapshot(const hb::BagelContext& context, std::vector<std::int64_t> tokens) {
    Snapshot s{std::move(tokens), {}};
    for (std::size_t l = 0; l < context.cache().layers(); ++l) {
        s.kv.push_back(context.cache().materialize(l));
    }
    return s;
}

hb::DraftPlan plan(int index) {
    static const hb::DraftPlan plans[] = {
        {hb::DraftShape::Chain, 1, 0, 0, 0}, {hb::DraftShape::Chain, 2, 0, 0, 0},
        {hb::DraftShape::Chain, 3, 0, 0, 0}, {hb::DraftShape::Chain, 5, 0, 0, 0},
        {hb::DraftShape::Chain, 8, 0, 0, 0}, {hb::DraftShape::Tree, 0, 2, 4, 3},
        {hb::DraftShape::Tree, 0, 3, 8, 4},  {hb::DraftShape::Tree, 0, 4, 16, 6},
        {hb::DraftShape::Tree, 0, 1, 5, 5},  {hb::DraftShape::Tree, 0, 3, 40, 8},
    };
    return plans[index % 10];
}

struct Tally {
    std::int64_t runs = 0;
    std::int64_t cycles = 0;
    std::int64_t produced = 0;
    std::int64_t drafted = 0;
    std::int64_t accepted = 0;
    std::int64_t fullyAccepted = 0; ///< chain cycles whose whole chain was accepted (bonus after the last)
    std::int64_t cutShort = 0;      ///< chain cycles that rolled back drafted tokens (or stopped early)

    void add(const hb::SpeculativeStats& s, const hb::DraftPlan& plan) {
        ++runs;
        cycles += s.cycles;
        produced += s.produced;
        drafted += s.drafted;
        accepted += s.acceptedDrafts;
        if (plan.shape == hb::DraftShape::Chain) {
            for (const std::int64_t a : s.acceptedPerCycle) {
                fullyAccepted += a == plan.chainLength + 1 ? 1 : 0;
                cutShort += a < plan.chainLength + 1 ? 1 : 0;
            }
        }
    }
    std::string describe() const {
        std::ostringstream out;
        out << "runs " << runs << ", cycles " << cycles << ", produced " << produced << ", drafted "
            << drafted << ", accepted " << accepted << ", tau "
            << (cycles ? static_cast<double>(accepted + cycles) / static_cast<double>(cycles) : 0.0);
        if (fullyAccepted + cutShort > 0) {
            out << ", chain cycles fully accepted " << fullyAccepted << ", cut short " << cutShort;
        }
        return out.str();
    }
};

/// Plain decoding's answer under a stop token, a length limit and an onToken that stops after
/// `callbackStop` tokens, from the unconstrained greedy answer (greedy tokens do not depend on them).
std::vector<std::int64_t> expectedAnswer(const std::vector<std::int64_t>& plain, std::int64_t stop,
                                         std::int64_t length, std::int64_t callbackStop) {
    std::vector<std::int64_t> expected;
    for (const std::int64_t t : plain) {
        if (static_cast<std::int64_t>(expected.size()) >= length) {
            break;
        }
        expected.push_back(t);
        if (t == stop || static_cast<std::int64_t>(expected.size()) == callbackStop) {
            break;
        }
    }
    return expected;
}

/// The context holds exactly plain decoding's state after `n` produced tokens.
void expectPlainState(const hb::BagelContext& context, const Snapshot& plain, std::int64_t prefix,
                      std::int64_t prefixRope, std::int64_t n, const std::string& label) {
    ASSERT_EQ(context.kvLength(), prefix + n) << label;
    EXPECT_EQ(context.rope(), prefixRope + n) << label;
    for (std::size_t l = 0; l < plain.kv.size(); ++l) {
        const auto [k, v] = context.cache().materialize(l);
        EXPECT_TRUE(at::allclose(k, plain.kv[l].first.narrow(0, 0, prefix + n), 1e-4, 1e-5)) << label;
        EXPECT_TRUE(at::allclose(v, plain.kv[l].second.narrow(0, 0, prefix + n), 1e-4, 1e-5)) << label;
    }
}

class SpeculativeGreedy : public ::testing::Test {
protected:
    void SetUp() override {
        target = spec_test::makeTarget(spec_test::smallConfig(kVocab), 21);
        zeroDraft = spec_test::makeDraft(*target, 22);
        randomDraft = spec_test::makeDraft(*target, 23);
        spec_test::randomizeDraft(*randomDraft, 24);
    }
    std::int64_t uniform(std::int64_t lo, std::int64_t hi) {
        return std::uniform_int_distribution<std::int64_t>(lo, hi)(rng);
    }
    /// A random prompt (sometimes opening with an image-like full-attention block, some of it routed
    /// to the generation expert), observed by every drafter.
    void prefillPrompt(hb::BagelContext& context, const std::vector<hb::Drafter*>& drafters) {
        if (uniform(0, 9) < 4) {
            const std::int64_t rows = uniform(3, 10);
            const at::Tensor block = at::randn({rows, target->config().hiddenSize});
            hb::ExpertRouting routing;
            if (uniform(0, 1) == 1) {
                routing = {at::tensor({std::int64_t{0}, rows - 1}, at::kLong),
                           at::arange(1, rows - 1, at::kLong)};
            }
            spec_test::prefillImageAll(*target, context, drafters, block, routing);
        }
        spec_test::prefillTextAll(*target, context, drafters,
                                  at::randint(2, kVocab, {uniform(1, 16)}, at::kLong));
    }

    hb::Qwen2MoTModel target{nullptr};
    hb::DraftModel zeroDraft{nullptr};
    hb::DraftModel randomDraft{nullptr};
    std::mt19937_64 rng{7};
};

TEST_F(SpeculativeGreedy, EqualsPlainDecodingOverManyPrompts) {
    const at::InferenceMode inference;
    const auto layers = static_cast<std::size_t>(target->config().numHiddenLayers);
    std::map<std::string, Tally> tallies;
    std::int64_t endedOnStop = 0;
    std::int64_t cutByLength = 0;
    constexpr int kPrompts = 210;
    for (int prompt = 0; prompt < kPrompts; ++prompt) {
        hb::ModelDrafter zero(*zeroDraft, *target);
        hb::ModelDrafter random(*randomDraft, *target);
        spec_test::CheatingDrafter cheat(kVocab, 100 + static_cast<std::uint64_t>(prompt), 9);
        const std::pair<const char*, hb::Drafter*> drafters[] = {
            {"zero-init", &zero}, {"random", &random}, {"cheating", &cheat}, {"cheating", &cheat}};
        hb::BagelContext context(layers);
        prefillPrompt(context, {&zero, &random, &cheat});
        const std::int64_t prefix = context.kvLength();
        const std::int64_t prefixRope = context.rope();

        // Plain greedy decoding without a stop token: every constrained answer is a prefix of it.
        const std::int64_t maxLength = uniform(1, 30);
        const hb::DecodeResult plainResult =
            hb::decodeText(*target, context, hb::SamplingOptions{kStart, -1, maxLength, 0.0, 0, nullptr}, {});
        const Snapshot plain = snapshot(context, plainResult.tokens);
        ASSERT_TRUE(context.truncate(prefix));
        cheat.setOracle(plain.tokens, kStart, prefixRope);

        for (int run = 0; run < 3; ++run) {
            // A stop token from the answer (so it comes mid-answer), a length limit, an early stop.
            std::int64_t stop = -1;
            if (uniform(0, 2) > 0 && !plain.tokens.empty()) {
                stop = plain.tokens[static_cast<std::size_t>(
                    uniform(0, static_cast<std::int64_t>(plain.tokens.size()) - 1))];
            }
            const std::int64_t length = uniform(0, 3) == 0 ? uniform(1, maxLength) : maxLength;
            const std::int64_t callbackStop = uniform(0, 5) == 0 ? uniform(1, maxLength) : -1;
            const std::vector<std::int64_t> expected =
                expectedAnswer(plain.tokens, stop, length, callbackStop);

            const auto& [name, drafter] = drafters[(prompt + run) % 4];
            const hb::DraftPlan chosen = plan(prompt * 3 + run);
            const std::string label =
                "prompt " + std::to_string(prompt) + ", " + name + " " + chosen.describe();
            hb::SpeculativeDecoder decoder(*target, *drafter, chosen);
            std::vector<std::int64_t> streamed;
            auto result =
                decoder.decode(context, hb::SamplingOptions{kStart, stop, length, 0.0, 0, nullptr},
                               [&](std::int64_t token, const at::Tensor& logits) {
                                   EXPECT_EQ(logits.argmax().item<std::int64_t>(), token);
                                   streamed.push_back(token);
                                   return static_cast<std::int64_t>(streamed.size()) != callbackStop;
                               });
            ASSERT_TRUE(result) << result.error().message;
            ASSERT_EQ(result->decoded.tokens, expected) << label;
            EXPECT_EQ(streamed, expected);
            const bool onStop = stop >= 0 && !expected.empty() && expected.back() == stop;
            EXPECT_EQ(result->decoded.stopped, onStop) << label;
            const auto n = static_cast<std::int64_t>(expected.size());
            expectPlainState(context, plain, prefix, prefixRope, n, label);
            EXPECT_EQ(drafter->length(), context.kvLength());
            EXPECT_EQ(result->stats.produced, n);
            tallies[std::string(name) + " " + std::string(hb::toString(chosen.shape))].add(result->stats,
                                                                                           chosen);
            endedOnStop += onStop ? 1 : 0;
            cutByLength += n == length ? 1 : 0;
            ASSERT_TRUE(context.truncate(prefix));
            drafter->truncate(prefix);
        }
    }
    for (const auto& [name, t] : tallies) {
        std::cout << "[ stats    ] " << name << ": " << t.describe() << "\n";
    }
    std::cout << "[ stats    ] answers ending on the stop token " << endedOnStop
              << ", cut by the length limit " << cutByLength << "\n";
    const Tally& chain = tallies["cheating chain"];
    const Tally& tree = tallies["cheating tree"];
    // The cheating drafter makes long accepted prefixes, so acceptance, the bonus token after a fully
    // accepted chain, and rollback after a rejection are all exercised.
    EXPECT_GT(chain.accepted, chain.cycles);
    EXPECT_LT(chain.accepted, chain.drafted);
    EXPECT_GT(chain.fullyAccepted, 20);
    EXPECT_GT(chain.cutShort, 20);
    EXPECT_GT(tree.accepted, tree.cycles);
    EXPECT_GT(endedOnStop, 50);
    EXPECT_GT(cutByLength, 50);
}

} // namespace

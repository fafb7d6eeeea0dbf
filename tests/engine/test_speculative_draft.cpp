// The draft model and the pieces of a speculative cycle: the zero-initialisation property, the draft's
// tree rounds against chain rounds, masked attention, tree verification against plain forwards, the
// dynamic tree's shape, the acceptance-rate fit, and the draft's files.

#include <cmath>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "models/attention.h"
#include "speculative/draft_io.h"
#include "speculative/layer_aggregator.h"
#include "speculative/model_drafter.h"
#include "speculative/observed_prefill.h"
#include "speculative/speculative_decoder.h"
#include "speculative_support.h"

namespace {

constexpr std::int64_t kVocab = 64;

class DraftModelTest : public ::testing::Test {
protected:
    void SetUp() override {
        target = spec_test::makeTarget(spec_test::smallConfig(kVocab), 31);
        draft = spec_test::makeDraft(*target, 32);
    }
    std::size_t layers() const { return static_cast<std::size_t>(target->config().numHiddenLayers); }
    hb::Qwen2MoTModel target{nullptr};
    hb::DraftModel draft{nullptr};
};

// hyper-bagel.md §2.1 b: fc1 and fc2 start at zero and Dec's final projections too, so every drafting
// row enters the copied target layers L-2 and L-1 as an all-zero vector: the draft's first-step logits
// are lm_head(norm(layer_{L-1}(layer_{L-2}(0)))) of the target, whatever the context and token.
TEST_F(DraftModelTest, ZeroInitialisationLeavesOnlyTheResidualPath) {
    const at::InferenceMode inference;
    const std::int64_t d = target->config().hiddenSize;
    const at::Tensor features = at::randn({5, static_cast<std::int64_t>(layers()), d});
    // The aggregator starts as EAGLE-3's [low; mid; high] concatenation, fc1 and fc2 output zeros.
    EXPECT_TRUE(at::equal(draft->aggregator(features), draft->aggregator->residual(features)));
    EXPECT_TRUE(at::equal(draft->reduceFeatures(features), at::zeros({5, d})));
    EXPECT_TRUE(at::equal(draft->fuse(at::randn({5, d}), at::randn({5, d})), at::zeros({5, d})));
    hb::LayerKv kv;
    const at::Tensor x = at::randn({5, d});
    EXPECT_TRUE(
        at::equal(draft->dec->forward(x, at::arange(5, at::kLong), {}, {}, kv), x)); // Dec is the identity

    // What the derivation says: the target's last two layers on a zero row, then its head.
    at::Tensor h = at::zeros({1, d});
    for (std::size_t l = layers() - 2; l < layers(); ++l) {
        hb::LayerKv unused;
        h = target->layers->ptr<hb::Qwen2MoTLayerImpl>(l)->forward(
            h, at::tensor({std::int64_t{17}}, at::kLong), hb::ExpertRouting{}, {}, hb::SelfAttention::Causal,
            unused);
    }
    const at::Tensor expected = target->logits(target->norm(h)).to(at::kFloat).squeeze(0);

    for (int trial = 0; trial < 3; ++trial) {
        hb::BagelContext context(layers());
        hb::ModelDrafter drafter(*draft, *target);
        if (trial == 2) {
            spec_test::prefillImageAll(*target, context, {&drafter}, at::randn({6, d}), {});
        }
        spec_test::prefillTextAll(*target, context, {&drafter},
                                  at::randint(0, kVocab, {3 + 4 * trial}, at::kLong));
        const at::Tensor logits =
            drafter.extend({hb::DraftNode{0, -1, 5 + trial, context.rope()}}).squeeze(0);
        EXPECT_TRUE(at::allclose(logits, expected, 1e-5, 1e-5)) << "trial " << trial;
        // And one step further down the draft, still the same constant.
        const at::Tensor deeper = drafter.extend({hb::DraftNode{1, 0, 9, context.rope() + 1}}).squeeze(0);
        EXPECT_TRUE(at::allclose(deeper, expected, 1e-5, 1e-5));
    }
}

TEST_F(DraftModelTest, InitialisesFromTheTargetsLastLayers) {
    const auto params = draft->named_parameters();
    const auto source = target->named_parameters();
    const std::int64_t n = target->config().numHiddenLayers;
    EXPECT_TRUE(at::equal(params["draft.layers.0.self_attn.q_proj.weight"],
                          source["model.layers." + std::to_string(n - 2) + ".self_attn.q_proj.weight"]));
    EXPECT_TRUE(at::equal(params["draft.layers.1.mlp.down_proj.weight"],
                          source["model.layers." + std::to_string(n - 1) + ".mlp.down_proj.weight"]));
    EXPECT_TRUE(at::equal(params["draft.lm_head.weight"], source["lm_head.weight"]));
    EXPECT_TRUE(at::equal(params["draft.norm.weight"], source["model.norm.weight"]));
    for (const char* zero : {"draft.fc1.weight", "draft.fc2.weight", "draft.aggregator.o_proj.weight",
                             "draft.dec.self_attn.o_proj.weight", "draft.dec.mlp.down_proj.weight"}) {
        EXPECT_EQ(params[zero].abs().max().item<float>(), 0.0f) << zero;
    }
    EXPECT_EQ(params["draft.aggregator.meta_queries"].sizes(), (at::IntArrayRef{3, 32}));
    EXPECT_EQ(params["draft.fc1.weight"].sizes(), (at::IntArrayRef{32, 96}));
    EXPECT_EQ(params["draft.fc2.weight"].sizes(), (at::IntArrayRef{32, 64}));
}

// A node's logits do not depend on how the round was batched: a tree round (siblings side by side,
// under the tree mask) gives each node what a chain round along its own path gives.
TEST_F(DraftModelTest, TreeRoundsEqualChainRoundsAlongEachPath) {
    const at::InferenceMode inference;
    spec_test::randomizeDraft(*draft, 33);
    hb::BagelContext context(layers());
    hb::ModelDrafter drafter(*draft, *target);
    spec_test::prefillTextAll(*target, context, {&drafter}, at::randint(0, kVocab, {7}, at::kLong));
    const std::int64_t p = context.rope();
    // root(0) -> {1: a, 2: b}; 1 -> {3: c}; 2 -> {4: d, 5: e}
    const at::Tensor first = drafter.extend({{0, -1, 4, p}});
    const at::Tensor second = drafter.extend({{1, 0, 10, p + 1}, {2, 0, 11, p + 1}});
    const at::Tensor third = drafter.extend({{3, 1, 12, p + 2}, {4, 2, 13, p + 2}, {5, 2, 14, p + 2}});
    drafter.endRound();
    const std::vector<std::vector<std::int64_t>> paths{{4, 11, 14}, {4, 10, 12}, {4, 11, 13}};
    const at::Tensor treeRows[] = {third[2], third[0], third[1]};
    for (std::size_t i = 0; i < paths.size(); ++i) {
        at::Tensor last;
        for (std::size_t j = 0; j < paths[i].size(); ++j) {
            const auto id = static_cast<std::int64_t>(j);
            last = drafter.extend({{id, id - 1, paths[i][j], p + id}})[0];
            if (j == 0) {
                EXPECT_TRUE(at::allclose(last, first[0], 1e-5, 1e-5));
            }
            if (j == 1) {
                EXPECT_TRUE(at::allclose(last, second[paths[i][1] == 10 ? 0 : 1], 1e-5, 1e-5));
            }
        }
        EXPECT_TRUE(at::allclose(last, treeRows[i], 1e-5, 1e-5)) << "path " << i;
        drafter.endRound();
    }
    EXPECT_EQ(drafter.length(), context.kvLength());
}

TEST(MaskedAttention, EqualsCausalAndFullAttention) {
    const at::InferenceMode inference;
    const at::Tensor q = at::randn({4, 5, 8});
    const std::vector<hb::KvChunk> past{{at::randn({2, 3, 8}), at::randn({2, 3, 8})},
                                        {at::randn({2, 4, 8}), at::randn({2, 4, 8})}};
    const hb::KvChunk self{at::randn({2, 5, 8}), at::randn({2, 5, 8})};
    const at::Tensor causal = at::ones({5, 5}, at::kBool).tril();
    EXPECT_TRUE(at::allclose(hb::attendWithMask(q, past, self, causal),
                             hb::attendOverChunks(q, past, self, hb::SelfAttention::Causal), 1e-5, 1e-6));
    EXPECT_TRUE(at::allclose(hb::attendWithMask(q, past, self, at::ones({5, 5}, at::kBool)),
                             hb::attendOverChunks(q, past, self, hb::SelfAttention::Full), 1e-5, 1e-6));
    // Earlier own rows (S > T): the last two queries over five own keys.
    const at::Tensor tail = hb::attendWithMask(q.narrow(1, 3, 2), past, self, causal.narrow(0, 3, 2));
    EXPECT_TRUE(at::allclose(
        tail, hb::attendOverChunks(q, past, self, hb::SelfAttention::Causal).narrow(1, 3, 2), 1e-5, 1e-6));
}

// One masked target forward over a tree gives every node the logits and K/V of a plain forward along
// its own path.
TEST_F(DraftModelTest, TreeVerificationEqualsPlainForwardsAlongEachPath) {
    const at::InferenceMode inference;
    hb::BagelContext context(layers());
    hb::prefillImageBlock(*target, context, at::randn({5, target->config().hiddenSize}), {});
    hb::prefillText(*target, context, at::randint(0, kVocab, {6}, at::kLong));
    hb::DraftTree tree;
    tree.add(3, -1);
    tree.add(7, 0);
    tree.add(8, 0);
    tree.add(9, 1);
    tree.add(10, 2);
    tree.add(11, 2);
    const at::Tensor positions = at::tensor(tree.depths, at::kLong) + context.rope();
    const hb::DecoderPass pass{
        target->embed(at::tensor(tree.tokens, at::kLong)), positions, {}, hb::SelfAttention::Causal};
    std::vector<hb::LayerKv> kv;
    const at::Tensor logits =
        target->logits(target->forwardMasked(pass, tree.visibility(), context.pastChunks(), kv));
    for (std::int64_t leaf : {3, 4, 5}) {
        std::vector<std::int64_t> path;
        for (std::int64_t n = leaf; n >= 0; n = tree.parents[static_cast<std::size_t>(n)]) {
            path.insert(path.begin(), n);
        }
        std::vector<std::int64_t> tokens;
        for (const std::int64_t n : path) {
            tokens.push_back(tree.tokens[static_cast<std::size_t>(n)]);
        }
        hb::BagelContext branch = context.fork();
        const at::Tensor plain =
            target->logits(hb::prefillText(*target, branch, at::tensor(tokens, at::kLong)));
        const at::Tensor rows = at::tensor(path, at::kLong);
        EXPECT_TRUE(at::allclose(logits.index_select(0, rows), plain, 1e-4, 1e-5)) << "leaf " << leaf;
        const auto [key, value] = branch.cache().materialize(0);
        EXPECT_TRUE(at::allclose(kv[0].key.index_select(1, rows).transpose(0, 1),
                                 key.narrow(0, context.kvLength(), 3), 1e-4, 1e-5));
    }
}

/// A drafter with fixed logits per depth, for the tree builder.
class FixedDrafter final : public hb::Drafter {
public:
    std::int64_t length() const override { return 0; }
    void observe(const hb::TargetBlock&) override {}
    void truncate(std::int64_t) override {}
    at::Tensor extend(const std::vector<hb::DraftNode>& nodes) override {
        calls.push_back(static_cast<std::int64_t>(nodes.size()));
        at::Tensor out = at::zeros({static_cast<std::int64_t>(nodes.size()), 16});
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            out[static_cast<std::int64_t>(i)] = at::linspace(0.0, 4.0, 16) + 0.1 * (nodes[i].token % 3);
        }
        return out;
    }
    void endRound() override {}
    std::vector<std::int64_t> calls;
};

TEST(DraftTreeShape, RespectsBudgetDepthAndAncestry) {
    const at::InferenceMode inference;
    for (const auto& [topK, budget, depth] :
         std::vector<std::array<std::int64_t, 3>>{{3, 10, 4}, {4, 30, 6}, {1, 5, 5}, {2, 3, 7}}) {
        FixedDrafter drafter;
        const hb::DraftPlan plan{hb::DraftShape::Tree, 0, topK, budget, depth};
        const hb::DraftTree tree = hb::draftTree(drafter, 2, 40, plan, depth, 15);
        EXPECT_LE(tree.size() - 1, budget);
        EXPECT_LE(tree.depth(), depth);
        EXPECT_EQ(tree.isChain(), topK == 1);
        for (std::int64_t i = 1; i < tree.size(); ++i) {
            const std::int64_t parent = tree.parents[static_cast<std::size_t>(i)];
            ASSERT_GE(parent, 0);
            ASSERT_LT(parent, i);
            EXPECT_EQ(tree.depths[static_cast<std::size_t>(i)],
                      tree.depths[static_cast<std::size_t>(parent)] + 1);
            EXPECT_NE(tree.tokens[static_cast<std::size_t>(parent)], 15); // the stop token is never expanded
        }
        EXPECT_LE(static_cast<std::int64_t>(drafter.calls.size()), depth);
        for (const std::int64_t c : drafter.calls) {
            EXPECT_LE(c, topK);
        }
        const at::Tensor mask = tree.visibility();
        EXPECT_TRUE(at::equal(mask.sum(1), at::tensor(tree.depths, at::kLong) + 1));
    }
}

TEST(DraftPlanText, ParsesTheCommandLineForms) {
    auto chain = hb::parseDraftPlan("chain:6");
    ASSERT_TRUE(chain);
    EXPECT_EQ(chain->shape, hb::DraftShape::Chain);
    EXPECT_EQ(chain->chainLength, 6);
    auto tree = hb::parseDraftPlan("tree:3,12,4");
    ASSERT_TRUE(tree);
    EXPECT_EQ(tree->describe(), "tree{top_k=3, budget=12, depth=4}");
    auto plain = hb::parseDraftPlan("tree");
    ASSERT_TRUE(plain);
    EXPECT_EQ(plain->budget, hb::DraftPlan{}.budget);
    for (const char* bad : {"", "chain:0", "chain:2,3", "tree:1,2", "bush:3", "chain:x", "tree:1,,2"}) {
        EXPECT_FALSE(hb::parseDraftPlan(bad)) << bad;
    }
}

// hyper-bagel.md §2.3: the paper's Table 1 rows satisfy tau = 1 + sum_{k=1..10} alpha^k.
TEST(AcceptanceRateFit, ReproducesThePapersTable) {
    const std::pair<double, double> rows[] = {
        {3.6184, 0.7327}, {3.7709, 0.7452}, {2.8273, 0.6494}, {3.6642, 0.7365}, {3.4832, 0.7207}};
    for (const auto& [tau, alpha] : rows) {
        EXPECT_NEAR(hb::fitAcceptanceRate(tau, 10), alpha, 1e-3) << tau;
    }
    EXPECT_NEAR(hb::fitAcceptanceRate(1.0, 4), 0.0, 1e-12);
    EXPECT_NEAR(hb::fitAcceptanceRate(5.0, 4), 1.0, 1e-9);
    EXPECT_NEAR(hb::fitAcceptanceRate(2.0, 1), 1.0, 1e-9);
    hb::SpeculativeStats stats;
    stats.tokensPerSecond = 30.0;
    stats.compareWithPlain(12.0);
    EXPECT_DOUBLE_EQ(stats.speedup, 2.5);
}

TEST_F(DraftModelTest, SavesAndLoadsWithItsManifestEntry) {
    namespace fs = std::filesystem;
    const fs::path folder = fs::path(HB_TEST_TMP) / "speculative_draft";
    fs::remove_all(folder);
    fs::create_directories(folder);
    { std::ofstream(folder / "hyperbagel.json") << R"({"format": 1, "tiers": {}})"; }
    spec_test::randomizeDraft(*draft, 34);
    ASSERT_TRUE(hb::saveDraftToFolder(*draft, folder.string(), at::kFloat));
    std::ifstream in(folder / "hyperbagel.json");
    const auto manifest = nlohmann::json::parse(in);
    EXPECT_TRUE(manifest.contains("tiers"));
    EXPECT_EQ(manifest["draft"]["weights"], "draft.safetensors");
    EXPECT_EQ(manifest["draft"]["feature_layers"], nlohmann::json({0, 1, 2}));
    EXPECT_EQ(manifest["draft"]["queries"], 3);
    EXPECT_EQ(manifest["draft"]["layers"], 2);

    auto loaded = hb::loadDraftFromFolder(folder.string(), target->config(), {});
    ASSERT_TRUE(loaded) << loaded.error().message;
    ASSERT_TRUE(loaded.value());
    const auto mine = draft->named_parameters();
    for (const auto& item : loaded.value()->named_parameters()) {
        EXPECT_TRUE(at::equal(item.value(), mine[item.key()])) << item.key();
    }
    EXPECT_EQ(loaded.value()->named_parameters().size(), mine.size());

    // A folder without a draft entry has no draft; a malformed entry is a BadConfig.
    auto none =
        hb::loadDraftFromFolder(fs::path(HB_TEST_TMP).string() + "/no-such-folder", target->config(), {});
    ASSERT_TRUE(none);
    EXPECT_FALSE(none.value());
    EXPECT_FALSE(hb::parseDraftEntry(nlohmann::json{{"queries", 2}}, 4));
    EXPECT_FALSE(hb::parseDraftEntry(nlohmann::json{{"feature_layers", {0, 1, 9}}}, 4));
    EXPECT_FALSE(hb::parseDraftEntry(nlohmann::json{{"layers", 0}}, 4));
    auto defaults = hb::parseDraftEntry(nlohmann::json::object(), 28);
    ASSERT_TRUE(defaults);
    EXPECT_EQ(defaults->featureLayers, (std::vector<std::int64_t>{1, 13, 24}));
    EXPECT_EQ(defaults->chainLength, 4);
    EXPECT_TRUE(defaults->usedByDefaultOn("cpu")) << "no advice: chats draft";
    // Per-device advice and its note survive a round trip through the entry; bad values are named.
    hb::DraftConfig advised = *defaults;
    advised.useByDefault["cpu"] = false;
    advised.measured["cpu"] = "0.66x";
    auto back = hb::parseDraftEntry(hb::draftEntry(advised), 28);
    ASSERT_TRUE(back);
    EXPECT_FALSE(back->usedByDefaultOn("cpu"));
    EXPECT_TRUE(back->usedByDefaultOn("cuda"));
    EXPECT_EQ(back->measured.at("cpu"), "0.66x");
    auto notBool = hb::parseDraftEntry(nlohmann::json{{"use_by_default", {{"cpu", "no"}}}}, 28);
    ASSERT_FALSE(notBool);
    EXPECT_NE(notBool.error().message.find("\"cpu\" must be true or false"), std::string::npos);
    EXPECT_FALSE(hb::parseDraftEntry(nlohmann::json{{"measured", {{"cpu", 1}}}}, 28));
}

TEST_F(DraftModelTest, RefusesADrafterOutOfStepWithTheContext) {
    const at::InferenceMode inference;
    hb::BagelContext context(layers());
    hb::ModelDrafter drafter(*draft, *target);
    hb::prefillText(*target, context, at::randint(0, kVocab, {4}, at::kLong)); // not observed
    hb::SpeculativeDecoder decoder(*target, drafter, hb::DraftPlan{});
    auto result = decoder.decode(context, hb::SamplingOptions{1, -1, 5, 0.0, 0, nullptr}, {});
    ASSERT_FALSE(result);
    EXPECT_EQ(result.error().code, hb::ErrorCode::InvalidRequest);
}

// Plain decoding with the drafter observing (ask --no-draft in a session with a draft): the same
// tokens and context as decodeText(), and the drafter stays in step, so the next answer can be drafted.
TEST_F(DraftModelTest, ObservedPlainDecodingKeepsTheDrafterInStep) {
    const at::InferenceMode inference;
    hb::BagelContext context(layers());
    hb::ModelDrafter drafter(*draft, *target);
    hb::prefillTextObserved(*target, context, drafter, at::randint(0, kVocab, {5}, at::kLong));
    hb::BagelContext reference = context.fork();
    const hb::SamplingOptions options{1, -1, 7, 0.0, 0, nullptr};
    const auto plain = hb::decodeText(*target, reference, options, {});
    const auto observed = hb::decodeTextObserved(*target, context, drafter, options, {});
    EXPECT_EQ(observed.tokens, plain.tokens);
    EXPECT_EQ(context.kvLength(), reference.kvLength());
    EXPECT_EQ(drafter.length(), context.kvLength());
    hb::SpeculativeDecoder decoder(*target, drafter, hb::DraftPlan{});
    EXPECT_TRUE(decoder.decode(context, options, {}));
}

} // namespace

namespace {

// The aggregator's cross-attention written out per token, head and meta-query in double: each query
// attends over the L layer features of its own token only.
TEST(LayerAggregator, MatchesTheCrossAttentionWrittenOut) {
    const at::NoGradGuard noGrad;
    at::manual_seed(21);
    hb::LlmConfig target;
    target.hiddenSize = 24;
    target.numAttentionHeads = 4;
    target.numKeyValueHeads = 2;
    target.numHiddenLayers = 5;
    target.intermediateSize = 32;
    target.vocabSize = 40;
    hb::LayerAggregator aggregator(target, std::vector<std::int64_t>{1, 2, 3});
    aggregator->o->weight.copy_(at::randn_like(aggregator->o->weight) * 0.3); // not the zero start
    const std::int64_t n = 3;
    const std::int64_t layers = 5;
    const std::int64_t d = 24;
    const std::int64_t heads = 4;
    const std::int64_t hd = 6;
    const at::Tensor features = at::randn({n, layers, d});
    const at::Tensor got = aggregator->forward(features);

    const at::Tensor keysIn = (aggregator->norm(features) + aggregator->layerEmbed).to(at::kDouble);
    const auto proj = [](const torch::nn::Linear& l, const at::Tensor& x) {
        return at::matmul(x, l->weight.to(at::kDouble).t());
    };
    const at::Tensor q = proj(aggregator->q, aggregator->metaQueries.to(at::kDouble)); // [Q, H*hd]
    const at::Tensor k = proj(aggregator->k, keysIn);                                    // [n, L, H*hd]
    const at::Tensor v = proj(aggregator->v, keysIn);
    at::Tensor attended = at::zeros({n, 3, heads * hd}, at::kDouble);
    for (std::int64_t t = 0; t < n; ++t) {
        for (std::int64_t qi = 0; qi < 3; ++qi) {
            for (std::int64_t h = 0; h < heads; ++h) {
                const at::Tensor qv = q[qi].narrow(0, h * hd, hd);
                std::vector<double> w(static_cast<std::size_t>(layers));
                double best = -1e300;
                for (std::int64_t l = 0; l < layers; ++l) {
                    w[static_cast<std::size_t>(l)] =
                        (qv * k[t][l].narrow(0, h * hd, hd)).sum().item<double>() / std::sqrt(double(hd));
                    best = std::max(best, w[static_cast<std::size_t>(l)]);
                }
                double sum = 0;
                for (double& x : w) {
                    x = std::exp(x - best);
                    sum += x;
                }
                for (std::int64_t l = 0; l < layers; ++l) {
                    attended[t][qi].narrow(0, h * hd, hd) += w[static_cast<std::size_t>(l)] / sum *
                                                             v[t][l].narrow(0, h * hd, hd);
                }
            }
        }
    }
    const at::Tensor want = proj(aggregator->o, attended).flatten(1) + aggregator->residual(features).to(at::kDouble);
    EXPECT_TRUE(at::allclose(got.to(at::kDouble), want, 1e-5, 1e-5))
        << (got.to(at::kDouble) - want).abs().max().item<double>();
}

} // namespace

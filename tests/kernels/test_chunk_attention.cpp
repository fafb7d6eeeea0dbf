// The few-query CPU attention kernel against attention written out in double over the concatenated
// keys, and its invariants: the same result however the keys are chunked or the queries grouped,
// strided cache views read in place, and clear errors for inputs it does not take.

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include <ATen/ATen.h>

#include "hyperbagel/kernels/chunk_attention.h"

namespace {

using hb::kernels::SelfVisibility;

// Independent expectation: softmax(q k^T / sqrt(D)) v per head in double, with the own keys'
// visibility applied to the last `selfKeys` columns.
at::Tensor naiveAttention(const at::Tensor& q, const at::Tensor& k, const at::Tensor& v, std::int64_t selfKeys,
                          SelfVisibility visibility, const at::Tensor& mask) {
    const std::int64_t heads = q.size(0);
    const std::int64_t queries = q.size(1);
    const std::int64_t dim = q.size(2);
    const std::int64_t keys = k.size(1);
    const std::int64_t group = heads / k.size(0);
    const at::Tensor qd = q.to(at::kDouble).contiguous();
    const at::Tensor kd = k.to(at::kDouble).contiguous();
    const at::Tensor vd = v.to(at::kDouble).contiguous();
    at::Tensor out = at::zeros({heads, queries, dim}, at::kDouble);
    const auto qa = qd.accessor<double, 3>();
    const auto ka = kd.accessor<double, 3>();
    const auto va = vd.accessor<double, 3>();
    auto oa = out.accessor<double, 3>();
    for (std::int64_t h = 0; h < heads; ++h) {
        for (std::int64_t t = 0; t < queries; ++t) {
            std::vector<double> w(static_cast<std::size_t>(keys), 0.0);
            double best = -std::numeric_limits<double>::infinity();
            for (std::int64_t j = 0; j < keys; ++j) {
                const std::int64_t own = j - (keys - selfKeys);
                bool visible = true;
                if (own >= 0 && visibility == SelfVisibility::Causal) {
                    visible = own <= t;
                } else if (own >= 0 && visibility == SelfVisibility::Masked) {
                    visible = mask[t][own].item<bool>();
                }
                if (!visible) {
                    w[static_cast<std::size_t>(j)] = -std::numeric_limits<double>::infinity();
                    continue;
                }
                double s = 0.0;
                for (std::int64_t d = 0; d < dim; ++d) {
                    s += qa[h][t][d] * ka[h / group][j][d];
                }
                w[static_cast<std::size_t>(j)] = s / std::sqrt(static_cast<double>(dim));
                best = std::max(best, w[static_cast<std::size_t>(j)]);
            }
            double sum = 0.0;
            for (double& x : w) {
                x = std::isinf(x) ? 0.0 : std::exp(x - best);
                sum += x;
            }
            for (std::int64_t j = 0; j < keys; ++j) {
                for (std::int64_t d = 0; d < dim; ++d) {
                    oa[h][t][d] += w[static_cast<std::size_t>(j)] / sum * va[h / group][j][d];
                }
            }
        }
    }
    return out;
}

// Splits [kvHeads, n, D] into chunks of the given lengths (views, in order).
std::vector<at::Tensor> chunked(const at::Tensor& t, const std::vector<std::int64_t>& lengths) {
    std::vector<at::Tensor> parts;
    std::int64_t start = 0;
    for (const std::int64_t n : lengths) {
        parts.push_back(t.narrow(1, start, n));
        start += n;
    }
    return parts;
}

struct Case {
    std::int64_t heads, kvHeads, dim, queries;
    std::vector<std::int64_t> chunks; // the last one holds the own keys
    SelfVisibility visibility;
};

TEST(ChunkAttention, MatchesDoublePrecisionAttention) {
    const at::NoGradGuard noGrad;
    at::manual_seed(3);
    const std::vector<Case> cases = {
        {6, 2, 32, 1, {40, 7, 1}, SelfVisibility::Causal},   // a decode step over a segmented cache
        {6, 2, 32, 4, {64, 4}, SelfVisibility::Causal},      // a verified chain
        {4, 4, 16, 3, {5, 3}, SelfVisibility::Full},         // no grouping, full own block
        {8, 2, 128, 5, {100, 2, 9}, SelfVisibility::Masked}, // a tree round with earlier own rows
        {2, 1, 12, 2, {2}, SelfVisibility::Causal},          // no cached prefix; D not a multiple of 8
    };
    for (const Case& c : cases) {
        std::int64_t total = 0;
        for (const std::int64_t n : c.chunks) {
            total += n;
        }
        const std::int64_t selfKeys = c.chunks.back();
        const at::Tensor q = at::randn({c.heads, c.queries, c.dim});
        const at::Tensor k = at::randn({c.kvHeads, total, c.dim}) * 2.0;
        const at::Tensor v = at::randn({c.kvHeads, total, c.dim});
        at::Tensor mask;
        if (c.visibility == SelfVisibility::Masked) {
            mask = at::rand({c.queries, selfKeys}) > 0.5;
            for (std::int64_t t = 0; t < c.queries; ++t) {
                mask[t][selfKeys - c.queries + t] = true; // each query sees itself
            }
        }
        const at::Tensor got = hb::kernels::attendChunksCpu(q, chunked(k, c.chunks), chunked(v, c.chunks), c.visibility, mask);
        const at::Tensor want = naiveAttention(q, k, v, selfKeys, c.visibility, mask);
        EXPECT_TRUE(at::allclose(got.to(at::kDouble), want, 1e-5, 1e-5))
            << "heads " << c.heads << " queries " << c.queries << " max error "
            << (got.to(at::kDouble) - want).abs().max().item<double>();
    }
}

TEST(ChunkAttention, ResultIsIndependentOfChunkingAndOfOtherQueries) {
    const at::NoGradGuard noGrad;
    at::manual_seed(4);
    const at::Tensor q = at::randn({6, 4, 32});
    const at::Tensor k = at::randn({2, 60, 32});
    const at::Tensor v = at::randn({2, 60, 32});
    // The same 60 keys as one chunk, as three, and as a cache plus four own keys (causal).
    const at::Tensor whole = hb::kernels::attendChunksCpu(q, {k}, {v}, SelfVisibility::Full);
    const at::Tensor pieces =
        hb::kernels::attendChunksCpu(q, chunked(k, {10, 45, 5}), chunked(v, {10, 45, 5}), SelfVisibility::Full);
    EXPECT_TRUE(at::equal(whole, pieces));
    // Query 3 of a causal block of four sees everything, as one query over all 60 keys does.
    const at::Tensor causal =
        hb::kernels::attendChunksCpu(q, chunked(k, {56, 4}), chunked(v, {56, 4}), SelfVisibility::Causal);
    const at::Tensor alone = hb::kernels::attendChunksCpu(q.narrow(1, 3, 1), {k}, {v}, SelfVisibility::Full);
    EXPECT_TRUE(at::equal(causal.narrow(1, 3, 1), alone));
    // A masked key contributes nothing: query 0 of the causal block equals query 0 over 57 keys.
    const at::Tensor first = hb::kernels::attendChunksCpu(q.narrow(1, 0, 1), {k.narrow(1, 0, 57)},
                                                          {v.narrow(1, 0, 57)}, SelfVisibility::Full);
    EXPECT_TRUE(at::equal(causal.narrow(1, 0, 1), first));
}

TEST(ChunkAttention, ReadsStridedCacheViewsInPlace) {
    const at::NoGradGuard noGrad;
    at::manual_seed(5);
    // A growable cache tail: [kvHeads, capacity, D] of which the first n rows are in use.
    const at::Tensor tailK = at::randn({2, 64, 32});
    const at::Tensor tailV = at::randn({2, 64, 32});
    const at::Tensor q = at::randn({6, 1, 32});
    const at::Tensor ownK = at::randn({2, 1, 32});
    const at::Tensor ownV = at::randn({2, 1, 32});
    const at::Tensor got = hb::kernels::attendChunksCpu(q, {tailK.narrow(1, 0, 20), ownK},
                                                        {tailV.narrow(1, 0, 20), ownV}, SelfVisibility::Causal);
    const at::Tensor want = hb::kernels::attendChunksCpu(q, {tailK.narrow(1, 0, 20).contiguous(), ownK},
                                                         {tailV.narrow(1, 0, 20).contiguous(), ownV},
                                                         SelfVisibility::Causal);
    EXPECT_TRUE(at::equal(got, want));
    // [T, kvHeads, D] transposed to [kvHeads, T, D]: the innermost dimension is still contiguous.
    const at::Tensor rows = at::randn({20, 2, 32});
    EXPECT_TRUE(at::equal(hb::kernels::attendChunksCpu(q, {rows.transpose(0, 1), ownK}, {rows.transpose(0, 1), ownV},
                                                       SelfVisibility::Full),
                          hb::kernels::attendChunksCpu(q, {rows.transpose(0, 1).contiguous(), ownK},
                                                       {rows.transpose(0, 1).contiguous(), ownV},
                                                       SelfVisibility::Full)));
}

TEST(ChunkAttention, DeclinesWhatItDoesNotTakeAndNamesBadShapes) {
    const at::Tensor q = at::randn({4, 2, 16});
    const at::Tensor k = at::randn({2, 5, 16});
    {
        const at::NoGradGuard noGrad;
        EXPECT_TRUE(hb::kernels::attendChunksCpuSupports(q, {k}, {k}));
        EXPECT_FALSE(hb::kernels::attendChunksCpuSupports(q.to(at::kDouble), {k}, {k}));
        EXPECT_FALSE(hb::kernels::attendChunksCpuSupports(at::randn({4, hb::kernels::kMaxQueries + 1, 16}), {k}, {k}));
        EXPECT_FALSE(hb::kernels::attendChunksCpuSupports(q, {}, {}));
    }
    // Training keeps the differentiable ATen path.
    const at::Tensor trainable = q.clone().requires_grad_(true);
    EXPECT_FALSE(hb::kernels::attendChunksCpuSupports(trainable, {k}, {k}));

    const at::NoGradGuard noGrad;
    const auto message = [](const std::function<void()>& f) {
        try {
            f();
        } catch (const c10::Error& e) {
            return std::string(e.what_without_backtrace());
        }
        return std::string("no error");
    };
    EXPECT_NE(message([&] { hb::kernels::attendChunksCpu(q, {k}, {at::randn({2, 4, 16})}, SelfVisibility::Full); })
                  .find("chunk 0"),
              std::string::npos);
    EXPECT_NE(message([&] { hb::kernels::attendChunksCpu(q, {k}, {k}, SelfVisibility::Causal); }).find("causal"),
              std::string::npos);
    EXPECT_NE(message([&] { hb::kernels::attendChunksCpu(at::randn({3, 2, 16}), {k}, {k}, SelfVisibility::Full); })
                  .find("do not group"),
              std::string::npos);
    const at::Tensor none = at::zeros({2, 5}, at::kBool);
    EXPECT_NE(message([&] { hb::kernels::attendChunksCpu(q, {k}, {k}, SelfVisibility::Masked, none); })
                  .find("sees no key"),
              std::string::npos);
}

} // namespace

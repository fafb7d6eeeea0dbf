#include "models/attention.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <ATen/ATen.h>

namespace hb {
namespace {

// Upper bound on one score block (elements): ~64 MB of float32 per block.
constexpr std::int64_t kScoreBudget = 16ll << 20;

// Running state of an online softmax over key chunks (flash-attention style), per query row.
struct OnlineSoftmax {
    at::Tensor maxScore; // [kvHeads, G*Tq, 1] float32
    at::Tensor sumExp;   // [kvHeads, G*Tq, 1]
    at::Tensor acc;      // [kvHeads, G*Tq, D] float32

    void add(const at::Tensor& scores, const at::Tensor& value) {
        // scores: [kvHeads, G*Tq, n] float32 with -inf where masked; value: [kvHeads, n, D].
        const at::Tensor chunkMax = std::get<0>(scores.max(-1, /*keepdim=*/true));
        const at::Tensor newMax = maxScore.defined() ? at::maximum(maxScore, chunkMax) : chunkMax;
        // A row that is fully masked so far keeps -inf; guard exp(-inf - -inf).
        const at::Tensor safeMax = at::where(at::isinf(newMax), at::zeros_like(newMax), newMax);
        const at::Tensor p = at::exp(scores - safeMax);
        const at::Tensor pv = at::matmul(p.to(value.scalar_type()), value).to(at::kFloat);
        if (!maxScore.defined()) {
            sumExp = p.sum(-1, true);
            acc = pv;
        } else {
            const at::Tensor correction = at::exp(maxScore - safeMax);
            sumExp = sumExp * correction + p.sum(-1, true);
            acc = acc * correction + pv;
        }
        maxScore = newMax;
    }
};

at::Tensor scoresFor(const at::Tensor& qg, const at::Tensor& key, double scale) {
    // qg [kvHeads, G*Tq, D] @ key^T [kvHeads, D, n] -> float32 scores.
    return at::matmul(qg, key.transpose(-1, -2)).to(at::kFloat) * scale;
}

} // namespace

at::Tensor attendOverChunks(const at::Tensor& q, const std::vector<KvChunk>& past, const KvChunk& self,
                            SelfAttention mode) {
    const std::int64_t heads = q.size(0);
    const std::int64_t total = q.size(1);
    const std::int64_t headDim = q.size(2);
    const std::int64_t kvHeads = self.key.size(0);
    TORCH_CHECK(heads % kvHeads == 0, "attention: ", heads, " query heads do not group over ", kvHeads,
                " KV heads");
    const std::int64_t group = heads / kvHeads;
    const double scale = 1.0 / std::sqrt(static_cast<double>(headDim));
    std::int64_t keys = total;
    for (const KvChunk& c : past) {
        keys += c.key.size(1);
    }
    const std::int64_t block =
        std::max<std::int64_t>(1, kScoreBudget / std::max<std::int64_t>(1, heads * keys));

    std::vector<at::Tensor> outputs;
    for (std::int64_t start = 0; start < total; start += block) {
        const std::int64_t tq = std::min(block, total - start);
        // [heads, tq, D] -> [kvHeads, group*tq, D]: head h = kv * group + g.
        const at::Tensor qg = q.narrow(1, start, tq).reshape({kvHeads, group * tq, headDim});
        OnlineSoftmax state;
        for (const KvChunk& c : past) {
            if (c.key.size(1) > 0) {
                state.add(scoresFor(qg, c.key, scale), c.value);
            }
        }
        at::Tensor selfScores = scoresFor(qg, self.key, scale);
        if (mode == SelfAttention::Causal) {
            // Query (start + i) sees new keys j <= start + i.
            const auto opts = at::TensorOptions().dtype(at::kLong).device(q.device());
            const at::Tensor qi = at::arange(start, start + tq, opts).repeat({group}).unsqueeze(1);
            const at::Tensor kj = at::arange(0, total, opts).unsqueeze(0);
            selfScores = selfScores.masked_fill(kj > qi, -std::numeric_limits<double>::infinity());
        }
        state.add(selfScores, self.value);
        outputs.push_back((state.acc / state.sumExp).reshape({heads, tq, headDim}).to(q.scalar_type()));
    }
    return outputs.size() == 1 ? outputs.front() : at::cat(outputs, 1);
}

} // namespace hb

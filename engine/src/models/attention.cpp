#include "models/attention.h"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>

#include <ATen/ATen.h>
#include <torch/version.h>

#include "hyperbagel/kernels/chunk_attention.h"

namespace hb {
namespace {

// Upper bound on one score block (elements): ~64 MB of float32 per block.
constexpr std::int64_t kScoreBudget = 16ll << 20;

#if TORCH_VERSION_MAJOR >= 2
// libtorch 2.x on a GPU: the fused scaled-dot-product kernels. They need one K/V tensor, so the chunks
// are concatenated for the call (a transient copy per layer; the cache itself stays shared).
// Not built against Debian's libtorch 1.13; checked on the GPU machine by tools/gpu-check.sh.
at::Tensor fusedAttention(const at::Tensor& q, const std::vector<KvChunk>& chunks, std::int64_t pastKeys,
                          SelfAttention mode) {
    std::vector<at::Tensor> keys;
    std::vector<at::Tensor> values;
    for (const KvChunk& c : chunks) {
        keys.push_back(c.key);
        values.push_back(c.value);
    }
    const std::int64_t group = q.size(0) / chunks.back().key.size(0);
    const at::Tensor k = at::cat(keys, 1).repeat_interleave(group, 0);
    const at::Tensor v = at::cat(values, 1).repeat_interleave(group, 0);
    c10::optional<at::Tensor> mask;
    if (mode == SelfAttention::Causal) {
        // Boolean mask, true = may attend: every cached key, and new keys up to the query's own.
        const auto opts = at::TensorOptions().dtype(at::kLong).device(q.device());
        const at::Tensor qi = at::arange(q.size(1), opts).unsqueeze(1) + pastKeys;
        mask = at::arange(k.size(1), opts).unsqueeze(0) <= qi;
    }
    return at::scaled_dot_product_attention(q.unsqueeze(0), k.unsqueeze(0), v.unsqueeze(0), mask, 0.0, false)
        .squeeze(0);
}
#endif

/// The portable path shared by both entry points: query blocks of bounded score size, one float32
/// softmax per block over every chunk, P @ V chunk by chunk. `maskBlock(scoresOverSelf, start, tq)`
/// fills -inf into the block's scores over the new keys ([kvHeads, group*tq, selfKeys]).
at::Tensor attendInBlocks(const at::Tensor& q, const std::vector<KvChunk>& chunks, std::int64_t pastKeys,
                          const std::function<void(at::Tensor, std::int64_t, std::int64_t)>& maskBlock) {
    const std::int64_t heads = q.size(0);
    const std::int64_t total = q.size(1);
    const std::int64_t headDim = q.size(2);
    const KvChunk& self = chunks.back();
    const std::int64_t kvHeads = self.key.size(0);
    const std::int64_t selfKeys = self.key.size(1);
    const std::int64_t group = heads / kvHeads;
    const double scale = 1.0 / std::sqrt(static_cast<double>(headDim));
    const std::int64_t keys = pastKeys + selfKeys;
    const std::int64_t block =
        std::max<std::int64_t>(1, kScoreBudget / std::max<std::int64_t>(1, heads * keys));
    std::vector<at::Tensor> outputs;
    for (std::int64_t start = 0; start < total; start += block) {
        const std::int64_t tq = std::min(block, total - start);
        // [heads, tq, D] -> [kvHeads, group*tq, D]: head h = kv * group + g, so row r = g*tq + t.
        // The scale is folded into q, saving a pass over the scores.
        const at::Tensor qg = (q.narrow(1, start, tq) * scale).reshape({kvHeads, group * tq, headDim});
        std::vector<at::Tensor> parts;
        parts.reserve(chunks.size());
        for (const KvChunk& c : chunks) {
            parts.push_back(at::matmul(qg, c.key.transpose(-1, -2)));
        }
        at::Tensor scores = parts.size() == 1 ? parts.front() : at::cat(parts, -1);
        maskBlock(scores.narrow(-1, pastKeys, selfKeys), start, tq);
        // One fused softmax in float32 over all keys, then P @ V chunk by chunk (shared chunks are
        // read in place, never concatenated).
        const at::Tensor p = at::softmax(scores, -1, at::kFloat).to(self.value.scalar_type());
        at::Tensor out;
        std::int64_t offset = 0;
        for (const KvChunk& c : chunks) {
            const std::int64_t n = c.key.size(1);
            const at::Tensor part = at::matmul(p.narrow(-1, offset, n), c.value);
            out = out.defined() ? out.add_(part) : part;
            offset += n;
        }
        outputs.push_back(out.reshape({heads, tq, headDim}).to(q.scalar_type()));
    }
    return outputs.size() == 1 ? outputs.front() : at::cat(outputs, 1);
}

/// The loop kernel for a few queries on a CPU (decoding, draft steps, verification), when it takes
/// the inputs; an undefined tensor otherwise. `visibility` and `selfMask` describe the last chunk.
at::Tensor attendSmallOnCpu(const at::Tensor& q, const std::vector<KvChunk>& chunks,
                            kernels::SelfVisibility visibility, const at::Tensor& selfMask) {
    std::vector<at::Tensor> keys;
    std::vector<at::Tensor> values;
    keys.reserve(chunks.size());
    values.reserve(chunks.size());
    for (const KvChunk& c : chunks) {
        keys.push_back(c.key);
        values.push_back(c.value);
    }
    if (!kernels::attendChunksCpuSupports(q, keys, values)) {
        return {};
    }
    return kernels::attendChunksCpu(q, keys, values, visibility, selfMask);
}

} // namespace

at::Tensor attendOverChunks(const at::Tensor& q, const std::vector<KvChunk>& past, const KvChunk& self,
                            SelfAttention mode) {
    const std::int64_t heads = q.size(0);
    const std::int64_t total = q.size(1);
    const std::int64_t kvHeads = self.key.size(0);
    TORCH_CHECK(heads % kvHeads == 0, "attention: ", heads, " query heads do not group over ", kvHeads,
                " KV heads");
    const std::int64_t group = heads / kvHeads;
    std::vector<KvChunk> chunks;
    chunks.reserve(past.size() + 1);
    std::int64_t pastKeys = 0;
    for (const KvChunk& c : past) {
        if (c.key.size(1) > 0) {
            chunks.push_back(c);
            pastKeys += c.key.size(1);
        }
    }
    chunks.push_back(self);
#if TORCH_VERSION_MAJOR >= 2
    if (q.is_cuda()) {
        return fusedAttention(q, chunks, pastKeys, mode);
    }
#endif
    if (at::Tensor out = attendSmallOnCpu(
            q, chunks, mode == SelfAttention::Causal ? kernels::SelfVisibility::Causal : kernels::SelfVisibility::Full,
            {});
        out.defined()) {
        return out;
    }
    return attendInBlocks(q, chunks, pastKeys, [&](at::Tensor selfScores, std::int64_t start, std::int64_t tq) {
        if (mode == SelfAttention::Causal) {
            // Query (start + t) sees new keys j <= start + t; every cached key is visible.
            const auto opts = at::TensorOptions().dtype(at::kLong).device(q.device());
            const at::Tensor qi = at::arange(start, start + tq, opts).repeat({group}).unsqueeze(1);
            const at::Tensor kj = at::arange(0, total, opts).unsqueeze(0);
            selfScores.masked_fill_(kj > qi, -std::numeric_limits<double>::infinity());
        }
    });
}

at::Tensor attendWithMask(const at::Tensor& q, const std::vector<KvChunk>& past, const KvChunk& self,
                          const at::Tensor& selfMask) {
    const std::int64_t heads = q.size(0);
    const std::int64_t total = q.size(1);
    const std::int64_t kvHeads = self.key.size(0);
    const std::int64_t selfKeys = self.key.size(1);
    TORCH_CHECK(heads % kvHeads == 0, "attention: ", heads, " query heads do not group over ", kvHeads,
                " KV heads");
    TORCH_CHECK(
        selfKeys >= total && selfMask.dim() == 2 && selfMask.size(0) == total && selfMask.size(1) == selfKeys,
        "attention: a mask of ", selfMask.sizes(), " for ", total, " queries over ", selfKeys, " own keys");
    const std::int64_t group = heads / kvHeads;
    std::vector<KvChunk> chunks;
    std::int64_t pastKeys = 0;
    for (const KvChunk& c : past) {
        if (c.key.size(1) > 0) {
            chunks.push_back(c);
            pastKeys += c.key.size(1);
        }
    }
    chunks.push_back(self);
    if (at::Tensor out = attendSmallOnCpu(q, chunks, kernels::SelfVisibility::Masked, selfMask); out.defined()) {
        return out;
    }
    const at::Tensor blocked = selfMask.to(q.device(), at::kBool).logical_not();
    return attendInBlocks(q, chunks, pastKeys, [&](at::Tensor selfScores, std::int64_t start, std::int64_t tq) {
        const at::Tensor rowsBlocked = blocked.narrow(0, start, tq).repeat({group, 1}); // [group*tq, S]
        selfScores.masked_fill_(rowsBlocked.unsqueeze(0), -std::numeric_limits<double>::infinity());
    });
}

} // namespace hb

#include "hyperbagel/kernels/chunk_attention.h"

#include <algorithm>
#include <cmath>
#include <limits>

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/core/grad_mode.h>

namespace hb::kernels {
namespace {

/// Dot product with eight independent partial sums, so the compiler can vectorise it without
/// reordering a single sum. The order is fixed by D alone, never by the chunking.
float dot(const float* a, const float* b, std::int64_t n) {
    float acc[8] = {0, 0, 0, 0, 0, 0, 0, 0};
    std::int64_t i = 0;
    for (; i + 8 <= n; i += 8) {
        for (int l = 0; l < 8; ++l) {
            acc[l] += a[i + l] * b[i + l];
        }
    }
    float tail = 0.0f;
    for (; i < n; ++i) {
        tail += a[i] * b[i];
    }
    return ((acc[0] + acc[4]) + (acc[1] + acc[5])) + ((acc[2] + acc[6]) + (acc[3] + acc[7])) + tail;
}

struct ChunkView {
    const float* key = nullptr;
    const float* value = nullptr;
    std::int64_t rows = 0;
    std::int64_t keyHeadStride = 0;
    std::int64_t keyRowStride = 0;
    std::int64_t valueHeadStride = 0;
    std::int64_t valueRowStride = 0;
};

/// The chunk with a contiguous innermost dimension (a copy only when it is not).
at::Tensor innerContiguous(const at::Tensor& t) { return t.stride(2) == 1 ? t : t.contiguous(); }

} // namespace

bool attendChunksCpuSupports(const at::Tensor& q, const std::vector<at::Tensor>& keys,
                             const std::vector<at::Tensor>& values) {
    if (!q.defined() || q.device().type() != at::kCPU || q.scalar_type() != at::kFloat || q.dim() != 3 ||
        q.size(1) > kMaxQueries || keys.empty() || keys.size() != values.size()) {
        return false;
    }
    const bool gradNeeded = at::GradMode::is_enabled();
    if (gradNeeded && q.requires_grad()) {
        return false;
    }
    for (std::size_t i = 0; i < keys.size(); ++i) {
        for (const at::Tensor* t : {&keys[i], &values[i]}) {
            if (t->device().type() != at::kCPU || t->scalar_type() != at::kFloat || t->dim() != 3 ||
                (gradNeeded && t->requires_grad())) {
                return false;
            }
        }
    }
    return true;
}

at::Tensor attendChunksCpu(const at::Tensor& q, const std::vector<at::Tensor>& keys,
                           const std::vector<at::Tensor>& values, SelfVisibility visibility,
                           const at::Tensor& selfMask) {
    TORCH_CHECK(attendChunksCpuSupports(q, keys, values), "attendChunksCpu: needs float32 CPU q [H, T, D] (T <= ",
                kMaxQueries, ") and matching key/value chunks without autograd; got q ", q.sizes(), " ",
                q.scalar_type(), " and ", keys.size(), " chunks");
    const std::int64_t heads = q.size(0);
    const std::int64_t queries = q.size(1);
    const std::int64_t headDim = q.size(2);
    const std::int64_t kvHeads = keys.back().size(0);
    TORCH_CHECK(kvHeads > 0 && heads % kvHeads == 0, "attendChunksCpu: ", heads, " query heads do not group over ",
                kvHeads, " KV heads");
    const std::int64_t group = heads / kvHeads;

    std::vector<at::Tensor> keep; // owners of any contiguous copies
    std::vector<ChunkView> chunks;
    std::int64_t totalKeys = 0;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        const at::Tensor k = innerContiguous(keys[i]);
        const at::Tensor v = innerContiguous(values[i]);
        TORCH_CHECK(k.size(0) == kvHeads && v.size(0) == kvHeads && k.size(2) == headDim && v.size(2) == headDim &&
                        k.size(1) == v.size(1),
                    "attendChunksCpu: chunk ", i, " has keys ", k.sizes(), " and values ", v.sizes(), " for ",
                    kvHeads, " KV heads of ", headDim);
        keep.push_back(k);
        keep.push_back(v);
        chunks.push_back({k.data_ptr<float>(), v.data_ptr<float>(), k.size(1), k.stride(0), k.stride(1),
                          v.stride(0), v.stride(1)});
        totalKeys += k.size(1);
    }
    const std::int64_t selfKeys = chunks.back().rows;
    at::Tensor mask;
    if (visibility == SelfVisibility::Causal) {
        TORCH_CHECK(selfKeys == queries, "attendChunksCpu: causal attention of ", queries, " queries over ",
                    selfKeys, " own keys");
    } else if (visibility == SelfVisibility::Masked) {
        TORCH_CHECK(selfMask.defined() && selfMask.dim() == 2 && selfMask.size(0) == queries &&
                        selfMask.size(1) == selfKeys,
                    "attendChunksCpu: a mask of ", selfMask.defined() ? selfMask.sizes() : at::IntArrayRef{},
                    " for ", queries, " queries over ", selfKeys, " own keys");
        mask = selfMask.to(at::kCPU, at::kBool).contiguous();
    }
    const bool* maskData = mask.defined() ? mask.data_ptr<bool>() : nullptr;
    const at::Tensor qc = q.contiguous();
    const float* qData = qc.data_ptr<float>();
    at::Tensor out = at::empty({heads, queries, headDim}, q.options());
    float* outData = out.data_ptr<float>();
    const float scale = 1.0f / std::sqrt(static_cast<float>(headDim));
    const std::int64_t pastKeys = totalKeys - selfKeys;
    const auto sees = [&](std::int64_t t, std::int64_t j) {
        switch (visibility) {
        case SelfVisibility::Causal:
            return j <= t;
        case SelfVisibility::Masked:
            return maskData[t * selfKeys + j];
        case SelfVisibility::Full:
            break;
        }
        return true;
    };

    // Work per (head, query) pair is a pass over every key: spread pairs over threads only when
    // there is enough of it to pay for the hand-off.
    const std::int64_t grain = std::max<std::int64_t>(1, (1 << 16) / std::max<std::int64_t>(1, totalKeys * headDim));
    at::parallel_for(0, heads * queries, grain, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> p(static_cast<std::size_t>(totalKeys));
        constexpr float kNegInf = -std::numeric_limits<float>::infinity();
        for (std::int64_t pair = begin; pair < end; ++pair) {
            const std::int64_t h = pair / queries;
            const std::int64_t t = pair % queries;
            const std::int64_t kvh = h / group;
            const float* qRow = qData + (h * queries + t) * headDim;
            float best = kNegInf;
            std::int64_t offset = 0;
            for (std::size_t c = 0; c < chunks.size(); ++c) {
                const ChunkView& chunk = chunks[c];
                const bool own = c + 1 == chunks.size();
                const float* k = chunk.key + kvh * chunk.keyHeadStride;
                for (std::int64_t j = 0; j < chunk.rows; ++j) {
                    float s = kNegInf;
                    if (!own || sees(t, j)) {
                        s = dot(qRow, k + j * chunk.keyRowStride, headDim) * scale;
                        best = std::max(best, s);
                    }
                    p[static_cast<std::size_t>(offset + j)] = s;
                }
                offset += chunk.rows;
            }
            TORCH_CHECK(best > kNegInf, "attendChunksCpu: query ", t, " sees no key (", pastKeys,
                        " cached keys, every own key masked)");
            float sum = 0.0f;
            for (float& x : p) {
                x = x == kNegInf ? 0.0f : std::exp(x - best);
                sum += x;
            }
            const float inv = 1.0f / sum;
            float* o = outData + (h * queries + t) * headDim;
            std::fill(o, o + headDim, 0.0f);
            offset = 0;
            for (const ChunkView& chunk : chunks) {
                const float* v = chunk.value + kvh * chunk.valueHeadStride;
                for (std::int64_t j = 0; j < chunk.rows; ++j) {
                    const float w = p[static_cast<std::size_t>(offset + j)];
                    if (w == 0.0f) {
                        continue;
                    }
                    const float* vRow = v + j * chunk.valueRowStride;
                    for (std::int64_t d = 0; d < headDim; ++d) {
                        o[d] += w * vRow[d];
                    }
                }
                offset += chunk.rows;
            }
            for (std::int64_t d = 0; d < headDim; ++d) {
                o[d] *= inv;
            }
        }
    });
    return out;
}

} // namespace hb::kernels

#pragma once
// Multi-head attention of a block of new queries over a cached prefix held in several KV chunks
// (shared prefix segments and the context's own tail) plus the block's own keys. The chunks are
// never concatenated into one persistent buffer, so contexts that share a prefix share its memory.
// Engine-internal. Thread safety: stateless.

#include <vector>

#include <ATen/core/Tensor.h>

namespace hb {

/// How the new block attends to itself. Every query always sees the whole cached prefix.
enum class SelfAttention {
    Causal, ///< query i sees new keys j <= i (text; bottom-right aligned against the cache)
    Full    ///< every query sees every new key (image blocks, the generation query)
};

struct KvChunk {
    at::Tensor key;   ///< [kvHeads, n, headDim] (may be a strided view)
    at::Tensor value; ///< [kvHeads, n, headDim]
};

/// q [heads, T, D]; `past` chunks in sequence order; selfKey/selfValue [kvHeads, T, D]. Grouped-query:
/// query head h uses KV head h / (heads / kvHeads). Softmax scale 1/sqrt(D), accumulated in float32.
/// Returns [heads, T, D] in q's dtype. Queries are processed in blocks so the score matrix stays
/// bounded whatever the cache length. A few float32 queries on a CPU without autograd (decoding,
/// draft steps, verification): kernels::attendChunksCpu, one pass per head and query. Otherwise the
/// portable path (libtorch 1.13, CPU): one float32 softmax per query block over all chunks, P @ V
/// chunk by chunk. libtorch 2.x on a GPU: the fused
/// scaled-dot-product kernels over the chunks concatenated for the call.
at::Tensor attendOverChunks(const at::Tensor& q, const std::vector<KvChunk>& past, const KvChunk& self,
                            SelfAttention mode);

/// As attendOverChunks(), but the new block's own keys are gated by an explicit mask (tree attention
/// for speculative decoding). q [heads, T, D] are the queries of the last T rows of `self`, whose
/// keys/values are [kvHeads, S, D] with S >= T (S > T when earlier rows of a draft round are kept
/// outside the cache); `selfMask` is bool [T, S], true = may attend. Every query sees every key in
/// `past`. A query row must be allowed at least one key. The CPU loop kernel where it applies (as
/// above), the portable ATen path on every other device.
at::Tensor attendWithMask(const at::Tensor& q, const std::vector<KvChunk>& past, const KvChunk& self,
                          const at::Tensor& selfMask);

} // namespace hb

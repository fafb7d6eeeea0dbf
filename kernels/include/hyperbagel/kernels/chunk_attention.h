#pragma once
// Attention of a few new queries over keys held in several chunks (a cached prefix in segments plus
// the block's own keys), as decoding, draft steps and speculative verification need it. One call
// does the whole head: the ATen composition it replaces costs two matrix products per chunk plus a
// mask, softmax and copies, and on small models those per-operation costs are most of a decode step.
// Engine-internal API (libtorch types): never include this from ui/ or public engine headers.
// Thread safety: stateless; safe from any thread. Parallel over (head, query) with at::parallel_for.

#include <vector>

#include <ATen/core/Tensor.h>

namespace hb::kernels {

/// How the last chunk (the block's own keys) is visible to the queries. Earlier chunks are always
/// fully visible.
enum class SelfVisibility {
    Full,   ///< every query sees every own key
    Causal, ///< query t sees own keys j <= t (the block has as many keys as queries)
    Masked  ///< `selfMask[t][j]` (bool [T, S]) says whether query t sees own key j
};

/// Whether attendChunksCpu() takes these inputs: float32 CPU tensors, at most `kMaxQueries` queries,
/// and no autograd needed (grad mode off, or nothing requires grad). Callers use the ATen
/// composition otherwise (training, other dtypes, long prefills where matrix products win).
bool attendChunksCpuSupports(const at::Tensor& q, const std::vector<at::Tensor>& keys,
                             const std::vector<at::Tensor>& values);

/// Queries per call up to which the loop kernel beats batched matrix products on a CPU.
inline constexpr std::int64_t kMaxQueries = 32;

/// q [heads, T, D]; keys[i], values[i] [kvHeads, n_i, D] in sequence order, the last one the block's
/// own (innermost dimension contiguous; any row and head strides). Grouped-query: head h reads KV
/// head h / (heads / kvHeads). Scores scale by 1/sqrt(D); softmax in float32 over all visible keys.
/// Returns [heads, T, D] float32. The result of a query depends only on its own scores, in key order,
/// so it is the same however the keys are split into chunks and whichever other queries share the
/// call. Fails (c10::Error) on mismatched shapes or a query that sees no key.
at::Tensor attendChunksCpu(const at::Tensor& q, const std::vector<at::Tensor>& keys,
                           const std::vector<at::Tensor>& values, SelfVisibility visibility,
                           const at::Tensor& selfMask = {});

} // namespace hb::kernels

#pragma once
// The KV cache of one context, built from immutable shared segments plus an exclusive growable tail.
// Forking shares every segment (no copy), so the three CFG contexts of an edit hold one copy of the
// image prefix; appending to a fork never changes its parent. Engine-internal.
// Thread safety: a KvCache is used by one thread at a time; shared segments are never written.

#include <cstdint>
#include <memory>
#include <vector>

#include "models/attention.h"
#include "models/bagel/qwen2_mot.h"

namespace hb {

/// Keys/values of a run of consecutive positions, for every layer. Never modified once shared.
struct KvSegment {
    std::vector<at::Tensor> keys;   ///< per layer [kvHeads, n, headDim]
    std::vector<at::Tensor> values; ///< per layer [kvHeads, n, headDim]
    std::int64_t length = 0;
};

class KvCache {
public:
    explicit KvCache(std::size_t layers = 0);

    std::size_t layers() const { return m_layers; }
    std::int64_t length() const { return m_frozenLength + m_tailLength; }

    /// The cached chunks of one layer, in sequence order (views; no copy).
    std::vector<KvChunk> chunks(std::size_t layer) const;
    /// Appends a block of new K/V (one LayerKv per layer, each [kvHeads, n, D]). Large blocks become
    /// their own segment without a copy; small ones (decoding) go into the growable tail.
    void append(const std::vector<LayerKv>& kv);
    /// A cache that shares everything cached so far. The tail is frozen into a shared segment first,
    /// so later appends on either side go to fresh memory.
    KvCache fork();
    /// Keeps the first `length` positions (views of the kept memory; nothing is copied).
    void truncate(std::int64_t length);
    /// The whole cache of one layer as [n, kvHeads, headDim] (a copy; for tests and inspection).
    std::pair<at::Tensor, at::Tensor> materialize(std::size_t layer) const;
    /// The segments (shared) and the tail, for memory accounting.
    const std::vector<std::shared_ptr<const KvSegment>>& segments() const { return m_segments; }

private:
    void freezeTail();
    void appendToTail(const std::vector<LayerKv>& kv, std::int64_t n);

    std::size_t m_layers = 0;
    std::vector<std::shared_ptr<const KvSegment>> m_segments;
    std::int64_t m_frozenLength = 0;
    std::vector<at::Tensor> m_tailKeys; ///< per layer [kvHeads, capacity, D], exclusive to this cache
    std::vector<at::Tensor> m_tailValues;
    std::int64_t m_tailLength = 0;
};

} // namespace hb

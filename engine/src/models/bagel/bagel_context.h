#pragma once
// A BAGEL context: the KV cache plus the running RoPE position (bagel-spec §2.4, §2.6). Text segments
// advance the position by their length; an image segment (all its tokens at one position) by 1.
// Contexts fork (sharing the cache) and truncate (for speculative decoding and live editing).
// Engine-internal. Thread safety: one thread at a time per context.

#include <vector>

#include "hyperbagel/engine/error.h"

#include "models/bagel/kv_cache.h"

namespace hb {

enum class SegmentKind { Text, Image };

/// Where a committed segment sits in the context.
struct SegmentMark {
    SegmentKind kind = SegmentKind::Text;
    std::int64_t kvStart = 0;
    std::int64_t ropeStart = 0;
    std::int64_t length = 0;
};

class BagelContext {
public:
    explicit BagelContext(std::size_t layers = 0);

    std::int64_t rope() const { return m_rope; }
    std::int64_t kvLength() const { return m_cache.length(); }
    const KvCache& cache() const { return m_cache; }
    const std::vector<SegmentMark>& segments() const { return m_marks; }

    /// Per layer, the cached chunks a forward attends to.
    std::vector<std::vector<KvChunk>> pastChunks() const;
    /// Positions for a new text block of n tokens: rope, rope+1, ..., rope+n-1.
    at::Tensor textPositions(std::int64_t n, const at::Device& device) const;
    /// Positions for an image block of n tokens: all equal to rope.
    at::Tensor imagePositions(std::int64_t n, const at::Device& device) const;

    /// Appends a forward's K/V as a segment of `kind`. Consecutive text commits (decoded tokens)
    /// extend the last text segment.
    void commit(const std::vector<LayerKv>& kv, SegmentKind kind);
    /// A context sharing this one's cache; appending to either leaves the other unchanged.
    BagelContext fork();
    /// Keeps the first `kvLength` positions and restores the RoPE position. Fails with
    /// InvalidRequest when the cut falls inside an image segment.
    Result<void> truncate(std::int64_t kvLength);

private:
    KvCache m_cache;
    std::int64_t m_rope = 0;
    std::vector<SegmentMark> m_marks;
};

} // namespace hb

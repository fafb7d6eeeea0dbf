#pragma once
// The Hyper-Bagel draft as a Drafter: per context, Dec's KV cache and the drafting layers' KV cache
// (both one row per target position), the Dec outputs F_in of every position, and the rows of the
// current draft round (outside the caches, so ending a round is free). A causal block observed right
// before a round is kept pending and goes through the drafting layers together with the round's root
// (one pass instead of two per speculative cycle; every other call flushes it first). Row i of the
// drafting layers
// pairs F_in of position i-1 (zeros for i = 0) with the target's input row i, at position i's RoPE
// position and in its block's attention mode; a draft row pairs its parent's feature (F_in of the last
// committed position for the root, the parent's output otherwise) with its own token.
// Engine-internal. Thread safety: one thread at a time; the draft and target are only read.

#include <optional>

#include "models/bagel/kv_cache.h"
#include "speculative/draft_model.h"
#include "speculative/drafter.h"

namespace hb {

class ModelDrafter final : public Drafter {
public:
    /// Non-owning: `draft` and `target` (for its token embedding) must outlive the drafter.
    ModelDrafter(DraftModelImpl& draft, Qwen2MoTModelImpl& target);

    std::int64_t length() const override { return m_length + pendingRows(); }
    void observe(const TargetBlock& block) override;
    void truncate(std::int64_t length) override;
    at::Tensor extend(const std::vector<DraftNode>& nodes) override;
    void endRound() override;

    /// For tests and inspection (each flushes a pending block first): Dec's cache and the drafting
    /// layers' cache.
    const KvCache& decCache();
    const KvCache& layerCache();
    /// F_in of the first length() positions, [length, D].
    at::Tensor features();

private:
    std::int64_t pendingRows() const { return m_pending ? m_pending->embeddings.size(0) : 0; }
    /// Dec over a block: appends its K/V and its rows' F_in; returns the F_in before the block and the
    /// block's F_in rows shifted by one (the features paired with the block's input rows). `rope` holds
    /// the block's RoPE tables.
    at::Tensor decodeBlock(const TargetBlock& block, PassRope& rope);
    /// RoPE tables for one block, shared by Dec and the drafting layers.
    PassRope blockRope(const at::Tensor& positions) const;
    /// Runs a pending block through Dec and the drafting layers into the caches.
    void flush();
    /// The round's root together with the pending causal block, in one pass of the drafting layers.
    at::Tensor extendRootWithPending(const DraftNode& root);
    at::Tensor reduceBlock(const TargetBlock& block);
    /// The round row of a node's parent; -1 for the root (whose feature is the last committed F_in).
    std::int64_t parentRow(const DraftNode& node) const;
    /// Records extended nodes: their rows, outputs (features of their children) and visibility.
    void remember(const std::vector<DraftNode>& nodes, const at::Tensor& visible, const at::Tensor& hidden);
    at::Tensor lastFeature(const at::Tensor& like) const;
    void appendFeatures(const at::Tensor& rows);

    DraftModelImpl& m_draft;
    Qwen2MoTModelImpl& m_target;
    KvCache m_decCache;
    KvCache m_layerCache;
    at::Tensor m_features; ///< [capacity, D]; the first m_length rows are valid
    std::int64_t m_length = 0;
    std::optional<TargetBlock> m_pending; ///< observed, not yet in the caches (see the header comment)

    // The current round.
    std::vector<std::int64_t> m_rowOfNode; ///< node id -> round row, -1 when not extended
    at::Tensor m_roundHidden;              ///< [R, D] outputs of the drafting layers
    at::Tensor m_roundVisible;             ///< bool [R, R]: row r sees row c (ancestors and itself)
    std::vector<LayerKv> m_roundKv;        ///< per drafting layer, [kvHeads, R, hd]
};

} // namespace hb

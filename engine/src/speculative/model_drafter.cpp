#include "speculative/model_drafter.h"

#include <algorithm>

#include <ATen/ATen.h>

namespace hb {
namespace {

// Rows aggregated at once: bounds the [rows, L, D] projections of a long image block.
constexpr std::int64_t kAggregateRows = 256;

} // namespace

ModelDrafter::ModelDrafter(DraftModelImpl& draft, Qwen2MoTModelImpl& target)
    : m_draft(draft), m_target(target), m_decCache(1),
      m_layerCache(static_cast<std::size_t>(draft.config().layers)) {}

at::Tensor ModelDrafter::features() {
    flush();
    return m_features.defined() ? m_features.narrow(0, 0, m_length) : at::Tensor();
}

const KvCache& ModelDrafter::decCache() {
    flush();
    return m_decCache;
}

const KvCache& ModelDrafter::layerCache() {
    flush();
    return m_layerCache;
}

at::Tensor ModelDrafter::lastFeature(const at::Tensor& like) const {
    if (m_length == 0) {
        return at::zeros({1, like.size(-1)}, like.options());
    }
    return m_features.narrow(0, m_length - 1, 1);
}

void ModelDrafter::appendFeatures(const at::Tensor& rows) {
    const std::int64_t n = rows.size(0);
    const std::int64_t capacity = m_features.defined() ? m_features.size(0) : 0;
    if (m_length + n > capacity) {
        at::Tensor grown = at::empty({std::max<std::int64_t>({2 * capacity, m_length + n, 64}), rows.size(1)},
                                     rows.options());
        if (m_length > 0) {
            grown.narrow(0, 0, m_length).copy_(m_features.narrow(0, 0, m_length));
        }
        m_features = grown;
    }
    m_features.narrow(0, m_length, n).copy_(rows);
    m_length += n;
}

at::Tensor ModelDrafter::reduceBlock(const TargetBlock& block) {
    const std::int64_t n = block.embeddings.size(0);
    std::vector<at::Tensor> parts;
    for (std::int64_t start = 0; start < n; start += kAggregateRows) {
        const std::int64_t rows = std::min(kAggregateRows, n - start);
        std::vector<at::Tensor> layers;
        layers.reserve(block.layerOutputs.size());
        for (const at::Tensor& out : block.layerOutputs) {
            layers.push_back(out.narrow(0, start, rows));
        }
        parts.push_back(m_draft.reduceFeatures(at::stack(layers, 1)));
    }
    return parts.size() == 1 ? parts.front() : at::cat(parts, 0);
}

void ModelDrafter::observe(const TargetBlock& block) {
    endRound();
    flush();
    if (block.embeddings.size(0) == 0) {
        return;
    }
    TORCH_CHECK(static_cast<std::int64_t>(block.layerOutputs.size()) ==
                    m_draft.targetConfig().numHiddenLayers,
                "draft: a block with ", block.layerOutputs.size(), " layer outputs for a ",
                m_draft.targetConfig().numHiddenLayers, "-layer target");
    m_pending = block;
}

at::Tensor ModelDrafter::decodeBlock(const TargetBlock& block, PassRope& rope) {
    const std::int64_t n = block.embeddings.size(0);
    const BlockAttention attention{block.mode, {}, {}};
    // Dec over the reduced target features gives F_in for every row of the block.
    std::vector<LayerKv> decKv(1);
    const at::Tensor reduced = reduceBlock(block);
    const at::Tensor features = m_draft.dec->forward(reduced, rope, m_decCache.chunks(0), attention, decKv[0]);
    m_decCache.append(decKv);
    // Drafting-layer rows: F_in of the previous position with this row's input embedding.
    const at::Tensor previous = at::cat({lastFeature(features), features.narrow(0, 0, n - 1)}, 0);
    appendFeatures(features);
    return previous;
}

PassRope ModelDrafter::blockRope(const at::Tensor& positions) const {
    return PassRope(positions, m_draft.targetConfig().headDim(), m_draft.targetConfig().ropeTheta);
}

void ModelDrafter::flush() {
    if (!m_pending) {
        return;
    }
    const at::NoGradGuard noGrad; // may run outside the caller's inference scope (truncate, inspection)
    const TargetBlock block = std::move(*m_pending);
    m_pending.reset();
    PassRope rope = blockRope(block.positions);
    const at::Tensor previous = decodeBlock(block, rope);
    at::Tensor x = m_draft.fuse(previous, block.embeddings);
    const BlockAttention attention{block.mode, {}, {}};
    std::vector<LayerKv> kv(m_draft.layers->size());
    for (std::size_t l = 0; l < kv.size(); ++l) {
        x = m_draft.layer(l).forward(x, rope, m_layerCache.chunks(l), attention, kv[l]);
    }
    m_layerCache.append(kv);
}

at::Tensor ModelDrafter::extendRootWithPending(const DraftNode& root) {
    const TargetBlock block = std::move(*m_pending);
    m_pending.reset();
    const std::int64_t n = block.embeddings.size(0);
    const at::Device device = m_target.embedTokens->weight.device();
    PassRope blockOnly = blockRope(block.positions);
    const at::Tensor previous = decodeBlock(block, blockOnly);
    // The root pairs the newest F_in with its token, at the position after the block: causal attention
    // over [block rows, root] gives each row exactly what the two separate passes gave it.
    const at::Tensor rootEmbedding = m_target.embed(at::tensor({root.token}, at::kLong).to(device));
    at::Tensor x = m_draft.fuse(at::cat({previous, lastFeature(previous)}, 0),
                                at::cat({block.embeddings, rootEmbedding.to(block.embeddings.scalar_type())}, 0));
    const at::Tensor positions =
        at::cat({block.positions, at::tensor({root.position}, at::kLong).to(block.positions.device())});
    const BlockAttention attention{SelfAttention::Causal, {}, {}};
    std::vector<LayerKv> cached(m_draft.layers->size());
    m_roundKv.assign(m_draft.layers->size(), LayerKv{});
    PassRope rope = blockRope(positions);
    for (std::size_t l = 0; l < cached.size(); ++l) {
        LayerKv kv;
        x = m_draft.layer(l).forward(x, rope, m_layerCache.chunks(l), attention, kv);
        cached[l] = LayerKv{kv.key.narrow(1, 0, n), kv.value.narrow(1, 0, n)};
        m_roundKv[l] = LayerKv{kv.key.narrow(1, n, 1), kv.value.narrow(1, n, 1)};
    }
    m_layerCache.append(cached);
    const at::Tensor hidden = x.narrow(0, n, 1);
    remember({root}, at::ones({1, 1}, at::kBool), hidden);
    return m_draft.logits(hidden);
}

void ModelDrafter::truncate(std::int64_t length) {
    if (m_pending) {
        // Rows cut off are dropped unseen; rows kept are run through first.
        const std::int64_t keep = std::clamp<std::int64_t>(length - m_length, 0, pendingRows());
        if (keep == 0) {
            m_pending.reset();
        } else {
            TargetBlock& block = *m_pending;
            block.embeddings = block.embeddings.narrow(0, 0, keep);
            block.positions = block.positions.narrow(0, 0, keep);
            for (at::Tensor& out : block.layerOutputs) {
                out = out.narrow(0, 0, keep);
            }
            flush();
        }
    }
    TORCH_CHECK(length >= 0 && length <= m_length, "draft: cannot truncate ", m_length, " positions to ",
                length);
    endRound();
    m_decCache.truncate(length);
    m_layerCache.truncate(length);
    m_length = length;
}

at::Tensor ModelDrafter::extend(const std::vector<DraftNode>& nodes) {
    const bool startsRound = !m_roundHidden.defined();
    if (m_pending) {
        if (startsRound && nodes.size() == 1 && nodes.front().parent < 0 &&
            m_pending->mode == SelfAttention::Causal) {
            return extendRootWithPending(nodes.front());
        }
        flush();
    }
    const auto n = static_cast<std::int64_t>(nodes.size());
    const at::Device device = m_target.embedTokens->weight.device();
    const std::int64_t earlier = m_roundHidden.defined() ? m_roundHidden.size(0) : 0;
    std::vector<std::int64_t> tokens;
    std::vector<std::int64_t> positions;
    std::vector<std::int64_t> featureRows; // 0 = the last committed F_in, r + 1 = round row r
    // Row i of the new block sees its parent's visible round rows (its ancestors) and itself.
    at::Tensor visible = at::zeros({n, earlier + n}, at::kBool);
    for (std::int64_t i = 0; i < n; ++i) {
        const DraftNode& node = nodes[static_cast<std::size_t>(i)];
        tokens.push_back(node.token);
        positions.push_back(node.position);
        const std::int64_t row = parentRow(node);
        featureRows.push_back(row + 1);
        if (row >= 0) {
            visible[i].narrow(0, 0, earlier).copy_(m_roundVisible[row]);
        }
        visible[i][earlier + i] = true;
    }
    const at::Tensor embedded = m_target.embed(at::tensor(tokens, at::kLong).to(device));
    const at::Tensor pending = lastFeature(embedded);
    const at::Tensor pool = earlier > 0 ? at::cat({pending, m_roundHidden}, 0) : pending;
    at::Tensor x =
        m_draft.fuse(pool.index_select(0, at::tensor(featureRows, at::kLong).to(device)), embedded);
    PassRope rope = blockRope(at::tensor(positions, at::kLong).to(device));
    const at::Tensor mask = visible.to(device);
    m_roundKv.resize(m_draft.layers->size());
    for (std::size_t l = 0; l < m_roundKv.size(); ++l) {
        LayerKv kv;
        const BlockAttention attention{SelfAttention::Causal, mask,
                                       KvChunk{m_roundKv[l].key, m_roundKv[l].value}};
        x = m_draft.layer(l).forward(x, rope, m_layerCache.chunks(l), attention, kv);
        m_roundKv[l] = earlier == 0 ? kv
                                    : LayerKv{at::cat({m_roundKv[l].key, kv.key}, 1),
                                              at::cat({m_roundKv[l].value, kv.value}, 1)};
    }
    remember(nodes, visible, x);
    return m_draft.logits(x);
}

std::int64_t ModelDrafter::parentRow(const DraftNode& node) const {
    if (node.parent < 0) {
        return -1;
    }
    const auto parent = static_cast<std::size_t>(node.parent);
    TORCH_CHECK(parent < m_rowOfNode.size() && m_rowOfNode[parent] >= 0, "draft: node ", node.id,
                " extends node ", node.parent, ", which was never extended");
    return m_rowOfNode[parent];
}

void ModelDrafter::remember(const std::vector<DraftNode>& nodes, const at::Tensor& visible,
                            const at::Tensor& hidden) {
    const std::int64_t earlier = m_roundHidden.defined() ? m_roundHidden.size(0) : 0;
    const std::int64_t n = hidden.size(0);
    at::Tensor grown = at::zeros({earlier + n, earlier + n}, at::kBool);
    if (earlier > 0) {
        grown.narrow(0, 0, earlier).narrow(1, 0, earlier).copy_(m_roundVisible);
    }
    grown.narrow(0, earlier, n).copy_(visible);
    m_roundVisible = grown;
    m_roundHidden = earlier > 0 ? at::cat({m_roundHidden, hidden}, 0) : hidden;
    for (std::int64_t i = 0; i < n; ++i) {
        const auto id = static_cast<std::size_t>(nodes[static_cast<std::size_t>(i)].id);
        if (m_rowOfNode.size() <= id) {
            m_rowOfNode.resize(id + 1, -1);
        }
        m_rowOfNode[id] = earlier + i;
    }
}

void ModelDrafter::endRound() {
    m_rowOfNode.clear();
    m_roundHidden = at::Tensor();
    m_roundVisible = at::Tensor();
    m_roundKv.clear();
}

} // namespace hb

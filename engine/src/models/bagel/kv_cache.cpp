#include "models/bagel/kv_cache.h"

#include <algorithm>

#include <ATen/ATen.h>

namespace hb {
namespace {

// Blocks at least this long become a segment of their own (prefills); shorter ones are copied into
// the tail, so that token-by-token decoding does not create one segment per token.
constexpr std::int64_t kOwnSegmentRows = 32;

} // namespace

KvCache::KvCache(std::size_t layers) : m_layers(layers) {}

std::vector<KvChunk> KvCache::chunks(std::size_t layer) const {
    std::vector<KvChunk> out;
    out.reserve(m_segments.size() + 1);
    for (const auto& segment : m_segments) {
        out.push_back({segment->keys[layer], segment->values[layer]});
    }
    if (m_tailLength > 0) {
        out.push_back(
            {m_tailKeys[layer].narrow(1, 0, m_tailLength), m_tailValues[layer].narrow(1, 0, m_tailLength)});
    }
    return out;
}

void KvCache::freezeTail() {
    if (m_tailLength == 0) {
        m_tailKeys.clear();
        m_tailValues.clear();
        return;
    }
    auto segment = std::make_shared<KvSegment>();
    for (std::size_t l = 0; l < m_layers; ++l) {
        segment->keys.push_back(m_tailKeys[l].narrow(1, 0, m_tailLength));
        segment->values.push_back(m_tailValues[l].narrow(1, 0, m_tailLength));
    }
    segment->length = m_tailLength;
    m_segments.push_back(std::move(segment));
    m_frozenLength += m_tailLength;
    m_tailKeys.clear(); // the old buffer now belongs to the shared segment: never write it again
    m_tailValues.clear();
    m_tailLength = 0;
}

void KvCache::appendToTail(const std::vector<LayerKv>& kv, std::int64_t n) {
    const std::int64_t capacity = m_tailKeys.empty() ? 0 : m_tailKeys.front().size(1);
    if (m_tailLength + n > capacity) {
        const std::int64_t newCapacity = std::max<std::int64_t>({2 * capacity, m_tailLength + n, 64});
        for (std::size_t l = 0; l < m_layers; ++l) {
            auto grow = [&](const at::Tensor& like, at::Tensor& buffer) {
                at::Tensor fresh = at::empty({like.size(0), newCapacity, like.size(2)}, like.options());
                if (m_tailLength > 0) {
                    fresh.narrow(1, 0, m_tailLength).copy_(buffer.narrow(1, 0, m_tailLength));
                }
                buffer = fresh;
            };
            if (m_tailKeys.size() < m_layers) {
                m_tailKeys.resize(m_layers);
                m_tailValues.resize(m_layers);
            }
            grow(kv[l].key, m_tailKeys[l]);
            grow(kv[l].value, m_tailValues[l]);
        }
    }
    for (std::size_t l = 0; l < m_layers; ++l) {
        m_tailKeys[l].narrow(1, m_tailLength, n).copy_(kv[l].key.detach());
        m_tailValues[l].narrow(1, m_tailLength, n).copy_(kv[l].value.detach());
    }
    m_tailLength += n;
}

void KvCache::append(const std::vector<LayerKv>& kv) {
    TORCH_CHECK(kv.size() == m_layers, "KV cache: ", kv.size(), " layers appended to a ", m_layers,
                "-layer cache");
    const std::int64_t n = kv.empty() ? 0 : kv.front().key.size(1);
    if (n == 0) {
        return;
    }
    if (n < kOwnSegmentRows) {
        appendToTail(kv, n);
        return;
    }
    freezeTail();
    auto segment = std::make_shared<KvSegment>();
    for (const LayerKv& layer : kv) {
        segment->keys.push_back(layer.key.detach());
        segment->values.push_back(layer.value.detach());
    }
    segment->length = n;
    m_segments.push_back(std::move(segment));
    m_frozenLength += n;
}

KvCache KvCache::fork() {
    freezeTail();
    KvCache copy(m_layers);
    copy.m_segments = m_segments;
    copy.m_frozenLength = m_frozenLength;
    return copy;
}

void KvCache::truncate(std::int64_t length) {
    TORCH_CHECK(length >= 0 && length <= this->length(), "KV cache: cannot truncate ", this->length(),
                " positions to ", length);
    if (length >= m_frozenLength) {
        m_tailLength = length - m_frozenLength;
        return;
    }
    m_tailKeys.clear();
    m_tailValues.clear();
    m_tailLength = 0;
    while (!m_segments.empty() && m_frozenLength - m_segments.back()->length >= length) {
        m_frozenLength -= m_segments.back()->length;
        m_segments.pop_back();
    }
    if (m_frozenLength > length) {
        const auto& last = m_segments.back();
        const std::int64_t keep = last->length - (m_frozenLength - length);
        auto narrowed = std::make_shared<KvSegment>();
        for (std::size_t l = 0; l < m_layers; ++l) {
            narrowed->keys.push_back(last->keys[l].narrow(1, 0, keep));
            narrowed->values.push_back(last->values[l].narrow(1, 0, keep));
        }
        narrowed->length = keep;
        m_segments.back() = std::move(narrowed);
        m_frozenLength = length;
    }
}

std::pair<at::Tensor, at::Tensor> KvCache::materialize(std::size_t layer) const {
    std::vector<at::Tensor> keys;
    std::vector<at::Tensor> values;
    for (const KvChunk& c : chunks(layer)) {
        keys.push_back(c.key.transpose(0, 1));
        values.push_back(c.value.transpose(0, 1));
    }
    if (keys.empty()) {
        return {};
    }
    return {at::cat(keys, 0), at::cat(values, 0)};
}

} // namespace hb

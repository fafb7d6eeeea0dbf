#include "models/bagel/bagel_context.h"

#include <ATen/ATen.h>

namespace hb {

BagelContext::BagelContext(std::size_t layers) : m_cache(layers) {}

std::vector<std::vector<KvChunk>> BagelContext::pastChunks() const {
    std::vector<std::vector<KvChunk>> out(m_cache.layers());
    for (std::size_t l = 0; l < out.size(); ++l) {
        out[l] = m_cache.chunks(l);
    }
    return out;
}

at::Tensor BagelContext::textPositions(std::int64_t n, const at::Device& device) const {
    return at::arange(m_rope, m_rope + n, at::TensorOptions().dtype(at::kLong).device(device));
}

at::Tensor BagelContext::imagePositions(std::int64_t n, const at::Device& device) const {
    return at::full({n}, m_rope, at::TensorOptions().dtype(at::kLong).device(device));
}

void BagelContext::commit(const std::vector<LayerKv>& kv, SegmentKind kind) {
    const std::int64_t n = kv.empty() ? 0 : kv.front().key.size(1);
    const std::int64_t start = kvLength();
    m_cache.append(kv);
    if (kind == SegmentKind::Text && !m_marks.empty() && m_marks.back().kind == SegmentKind::Text &&
        m_marks.back().kvStart + m_marks.back().length == start) {
        m_marks.back().length += n;
    } else {
        m_marks.push_back({kind, start, m_rope, n});
    }
    m_rope += kind == SegmentKind::Text ? n : 1;
}

BagelContext BagelContext::fork() {
    BagelContext copy;
    copy.m_cache = m_cache.fork();
    copy.m_rope = m_rope;
    copy.m_marks = m_marks;
    return copy;
}

Result<void> BagelContext::truncate(std::int64_t kvLength) {
    if (kvLength < 0 || kvLength > this->kvLength()) {
        return makeError(ErrorCode::InvalidRequest, "cannot truncate a context of " +
                                                        std::to_string(this->kvLength()) + " positions to " +
                                                        std::to_string(kvLength));
    }
    for (const SegmentMark& mark : m_marks) {
        if (mark.kind == SegmentKind::Image && mark.kvStart < kvLength &&
            kvLength < mark.kvStart + mark.length) {
            return makeError(ErrorCode::InvalidRequest,
                             "cannot truncate inside an image segment (positions " +
                                 std::to_string(mark.kvStart) + ".." +
                                 std::to_string(mark.kvStart + mark.length) + ")");
        }
    }
    while (!m_marks.empty() && m_marks.back().kvStart >= kvLength) {
        m_rope = m_marks.back().ropeStart;
        m_marks.pop_back();
    }
    if (!m_marks.empty() && m_marks.back().kvStart + m_marks.back().length > kvLength) {
        SegmentMark& last = m_marks.back(); // a text segment (images were checked above)
        last.length = kvLength - last.kvStart;
        m_rope = last.ropeStart + last.length;
    }
    m_cache.truncate(kvLength);
    return {};
}

} // namespace hb

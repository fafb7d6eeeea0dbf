// Decoding: ids -> bytes (Hugging Face's ByteLevel decoder, precomputed per id at load) -> text
// with ill-formed UTF-8 replaced by U+FFFD (from_utf8_lossy). The incremental decoder applies the
// same repair but holds back a valid-but-unfinished character until its remaining bytes arrive,
// so streamed text never shows a U+FFFD that the final text would not have.

#include "hyperbagel/engine/tokenizer.h"

#include "tokenizers/tokenizer_impl.h"
#include "tokenizers/utf8.h"

namespace hb {
namespace {

// Appends the repaired form of `bytes` to `out`; with `holdIncomplete`, stops before a trailing
// valid prefix of a character and returns its start, else returns bytes.size().
std::size_t appendRepaired(std::string_view bytes, bool holdIncomplete, std::string& out) {
    const auto* begin = reinterpret_cast<const unsigned char*>(bytes.data());
    const auto* end = begin + bytes.size();
    const auto* p = begin;
    while (p < end) {
        const auto* run = p; // copy ASCII and valid runs in one append
        while (p < end && *p < 0x80) {
            ++p;
        }
        out.append(reinterpret_cast<const char*>(run), static_cast<std::size_t>(p - run));
        if (p >= end) {
            break;
        }
        const tok::Utf8Step step = tok::decodeUtf8(p, end);
        if (step.status == tok::Utf8Status::Valid) {
            out.append(reinterpret_cast<const char*>(p), step.length);
        } else if (step.status == tok::Utf8Status::Incomplete && holdIncomplete) {
            return static_cast<std::size_t>(p - begin);
        } else {
            out.append(tok::kReplacementUtf8);
        }
        p += step.length;
    }
    return bytes.size();
}

} // namespace

bool Tokenizer::appendTokenBytes(std::int32_t id, bool skipSpecialTokens, std::string& out) const {
    const Impl& impl = *m_impl;
    if (id < 0 || static_cast<std::size_t>(id) >= impl.kinds.size()) {
        return false;
    }
    const Impl::Kind kind = impl.kinds[static_cast<std::size_t>(id)];
    if (kind == Impl::Kind::Unused || (skipSpecialTokens && kind == Impl::Kind::AddedSpecial)) {
        return false;
    }
    const std::uint32_t first = impl.bytesOffset[static_cast<std::size_t>(id)];
    const std::uint32_t last = impl.bytesOffset[static_cast<std::size_t>(id) + 1];
    out.append(impl.bytesArena, first, last - first);
    return true;
}

std::string Tokenizer::decode(const std::int32_t* ids, std::size_t count, bool skipSpecialTokens) const {
    std::string bytes;
    bytes.reserve(count * 4);
    for (std::size_t i = 0; i < count; ++i) {
        appendTokenBytes(ids[i], skipSpecialTokens, bytes);
    }
    if (tok::isValidUtf8(bytes)) {
        return bytes;
    }
    std::string text;
    appendRepaired(bytes, false, text);
    return text;
}

std::string Tokenizer::decode(const std::vector<std::int32_t>& ids, bool skipSpecialTokens) const {
    return decode(ids.data(), ids.size(), skipSpecialTokens);
}

IncrementalDecoder::IncrementalDecoder(const Tokenizer& tokenizer, bool skipSpecialTokens)
    : m_tokenizer(&tokenizer), m_skipSpecial(skipSpecialTokens) {}

std::string IncrementalDecoder::push(std::int32_t id) {
    if (!m_tokenizer->appendTokenBytes(id, m_skipSpecial, m_pending)) {
        return {};
    }
    std::string text;
    const std::size_t consumed = appendRepaired(m_pending, true, text);
    m_pending.erase(0, consumed);
    return text;
}

std::string IncrementalDecoder::finish() {
    std::string text;
    appendRepaired(m_pending, false, text);
    m_pending.clear();
    return text;
}

} // namespace hb

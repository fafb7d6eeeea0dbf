#include "tokenizers/added_tokens.h"

#include <algorithm>
#include <cstring>

#include "tokenizers/unicode_props.h"
#include "tokenizers/utf8.h"

namespace hb::tok {
namespace {

// Decodes the character that ends at `end` (exclusive), walking back over continuation bytes.
char32_t charBefore(std::string_view text, std::size_t end, std::size_t& begin) {
    begin = end - 1;
    while (begin > 0 && (static_cast<unsigned char>(text[begin]) & 0xC0) == 0x80 && end - begin < 4) {
        --begin;
    }
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const Utf8Step step = decodeUtf8(p + begin, p + end);
    return step.status == Utf8Status::Valid ? step.codePoint : kReplacementChar;
}

char32_t charAt(std::string_view text, std::size_t pos, std::size_t& length) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const Utf8Step step = decodeUtf8(p + pos, p + text.size());
    length = step.length;
    return step.status == Utf8Status::Valid ? step.codePoint : kReplacementChar;
}

bool isWhite(char32_t cp) {
    const CharClass c = charClass(cp);
    return c == CharClass::Space || c == CharClass::LineBreak;
}

// Hugging Face treats letters, digits and '_' as word characters for single_word tokens.
bool isWordChar(char32_t cp) {
    const CharClass c = charClass(cp);
    return c == CharClass::Letter || c == CharClass::Number || cp == '_';
}

} // namespace

AddedTokenMatcher::AddedTokenMatcher(const std::vector<AddedTokenInfo>& tokens,
                                     const std::vector<std::string>& contents) {
    for (std::size_t i = 0; i < tokens.size(); ++i) {
        if (contents[i].empty()) {
            continue;
        }
        const AddedTokenInfo& t = tokens[i];
        m_entries.push_back({contents[i], t.id, t.special, t.lstrip, t.rstrip, t.singleWord});
    }
    for (std::size_t i = 0; i < m_entries.size(); ++i) {
        m_byFirstByte[static_cast<unsigned char>(m_entries[i].content[0])].push_back(static_cast<int>(i));
    }
    for (auto& list : m_byFirstByte) {
        std::stable_sort(list.begin(), list.end(), [this](int a, int b) {
            return m_entries[static_cast<std::size_t>(a)].content.size() >
                   m_entries[static_cast<std::size_t>(b)].content.size();
        });
    }
}

int AddedTokenMatcher::longestAt(std::string_view text, std::size_t pos) const {
    for (const int index : m_byFirstByte[static_cast<unsigned char>(text[pos])]) {
        const std::string& c = m_entries[static_cast<std::size_t>(index)].content;
        if (c.size() <= text.size() - pos && std::memcmp(text.data() + pos, c.data(), c.size()) == 0) {
            return index;
        }
    }
    return -1;
}

bool AddedTokenMatcher::accepted(const Entry& e, std::string_view text, std::size_t begin, std::size_t end,
                                 SpecialTokenMode mode) const {
    if (e.special && mode == SpecialTokenMode::AsText) {
        return false;
    }
    if (e.singleWord) {
        std::size_t unused = 0;
        if (begin > 0 && isWordChar(charBefore(text, begin, unused))) {
            return false;
        }
        if (end < text.size() && isWordChar(charAt(text, end, unused))) {
            return false;
        }
    }
    return true;
}

void AddedTokenMatcher::split(std::string_view text, SpecialTokenMode mode, std::vector<Segment>& out) const {
    std::size_t textStart = 0; // start of the text not yet emitted
    std::size_t pos = 0;
    while (pos < text.size()) {
        const int index = m_entries.empty() ? -1 : longestAt(text, pos);
        if (index < 0) {
            ++pos;
            continue;
        }
        const Entry& e = m_entries[static_cast<std::size_t>(index)];
        std::size_t begin = pos;
        std::size_t end = pos + e.content.size();
        pos = end;
        if (!accepted(e, text, begin, end, mode)) {
            continue;
        }
        while (e.lstrip && begin > textStart) {
            std::size_t charBegin = 0;
            if (!isWhite(charBefore(text, begin, charBegin))) {
                break;
            }
            begin = std::max(charBegin, textStart);
        }
        while (e.rstrip && end < text.size()) {
            std::size_t length = 0;
            if (!isWhite(charAt(text, end, length))) {
                break;
            }
            end += length;
        }
        if (begin > textStart) {
            out.push_back({textStart, begin, -1});
        }
        out.push_back({begin, end, e.id});
        textStart = end;
        pos = end;
    }
    if (textStart < text.size()) {
        out.push_back({textStart, text.size(), -1});
    }
}

} // namespace hb::tok

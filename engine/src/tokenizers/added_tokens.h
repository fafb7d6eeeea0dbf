#pragma once
// Finding added tokens (<|im_start|>, <tool_call>, ...) inside text, as Hugging Face's
// AddedVocabulary does: leftmost-longest, non-overlapping matches; a match that is then rejected
// (a special token in AsText mode, a single_word token inside a word) still consumes its text, as
// the skipped match of an Aho-Corasick iteration does there. lstrip/rstrip widen a match over the
// white space beside it.
// Thread safety: immutable after construction; split() is safe from any thread.

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/tokenizer.h"

namespace hb::tok {

/// A piece of the input: an added token (id >= 0) or text to tokenize (id == -1).
struct Segment {
    std::size_t begin = 0;
    std::size_t end = 0;
    std::int32_t id = -1;
};

class AddedTokenMatcher {
public:
    AddedTokenMatcher() = default;
    /// Matches the given tokens; `contents` are what is searched for (NFC'd for normalized tokens).
    AddedTokenMatcher(const std::vector<AddedTokenInfo>& tokens, const std::vector<std::string>& contents);

    bool empty() const { return m_entries.empty(); }

    /// Appends the segments of `text` (UTF-8) to `out`; the segments tile the text.
    void split(std::string_view text, SpecialTokenMode mode, std::vector<Segment>& out) const;

private:
    struct Entry {
        std::string content;
        std::int32_t id = -1;
        bool special = false;
        bool lstrip = false;
        bool rstrip = false;
        bool singleWord = false;
    };
    /// The longest entry matching at `pos`, or -1.
    int longestAt(std::string_view text, std::size_t pos) const;
    bool accepted(const Entry& e, std::string_view text, std::size_t begin, std::size_t end,
                  SpecialTokenMode mode) const;

    std::vector<Entry> m_entries;
    std::array<std::vector<int>, 256> m_byFirstByte; ///< entry indices, longest content first
};

} // namespace hb::tok

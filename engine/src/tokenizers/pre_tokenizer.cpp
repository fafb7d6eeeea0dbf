#include "tokenizers/pre_tokenizer.h"

#include "tokenizers/unicode_props.h"
#include "tokenizers/utf8.h"

namespace hb::tok {
namespace {

struct Char {
    CharClass cls;
    char32_t cp;
    std::size_t len;
};

class Scanner {
public:
    explicit Scanner(std::string_view text)
        : m_s(reinterpret_cast<const unsigned char*>(text.data())), m_n(text.size()),
          m_table(bmpClassTable()) {}

    std::size_t size() const { return m_n; }

    Char at(std::size_t i) const {
        const unsigned char b = m_s[i];
        if (b < 0x80) {
            return {m_table[b], b, 1};
        }
        const Utf8Step step = decodeUtf8(m_s + i, m_s + m_n);
        const char32_t cp = step.status == Utf8Status::Valid ? step.codePoint : kReplacementChar;
        return {cp < 0x10000 ? m_table[cp] : charClass(cp), cp, step.length};
    }

    std::size_t runEnd(std::size_t i, CharClass cls) const {
        while (i < m_n) {
            const Char c = at(i);
            if (c.cls != cls) {
                break;
            }
            i += c.len;
        }
        return i;
    }

    std::size_t lineBreaksEnd(std::size_t i) const {
        while (i < m_n && (m_s[i] == '\r' || m_s[i] == '\n')) {
            ++i;
        }
        return i;
    }

    // (?i:'s|'t|'re|'ve|'m|'ll|'d) after the apostrophe at i - 1; 0 when no branch matches.
    // Case-insensitive means Unicode simple case folding, so U+017F (long s) counts as 's'.
    std::size_t contractionEnd(std::size_t i) const {
        if (i >= m_n) {
            return 0;
        }
        const Char c1 = at(i);
        const char32_t f1 = foldCase(c1.cp);
        if (f1 == 's' || f1 == 't' || f1 == 'm' || f1 == 'd') {
            return i + c1.len;
        }
        const char32_t second = f1 == 'r' || f1 == 'v' ? U'e' : f1 == 'l' ? U'l' : 0;
        if (second == 0 || i + c1.len >= m_n) {
            return 0;
        }
        const Char c2 = at(i + c1.len);
        return foldCase(c2.cp) == second ? i + c1.len + c2.len : 0;
    }

private:
    const unsigned char* m_s;
    std::size_t m_n;
    const CharClass* m_table;
};

bool isWhite(CharClass cls) { return cls == CharClass::Space || cls == CharClass::LineBreak; }

// The three white-space branches, tried in order at a white-space character:
//   \s*[\r\n]+   greedy \s* backtracks to the last \r or \n of the run, so the piece ends after it;
//   \s+(?!\S)    the whole run at the end of text, else the run minus its last character
//                (which then starts the next piece, e.g. " " + " word");
//   \s+          a single white-space character followed by non-space.
std::size_t whiteSpaceEnd(const Scanner& sc, std::size_t i) {
    std::size_t end = i;
    std::size_t lastStart = i;
    std::size_t afterLastBreak = 0;
    std::size_t count = 0;
    while (end < sc.size()) {
        const Char c = sc.at(end);
        if (!isWhite(c.cls)) {
            break;
        }
        lastStart = end;
        end += c.len;
        ++count;
        if (c.cls == CharClass::LineBreak) {
            afterLastBreak = end;
        }
    }
    if (afterLastBreak != 0) {
        return afterLastBreak;
    }
    if (end == sc.size() || count == 1) {
        return end;
    }
    return lastStart;
}

} // namespace

// Branches of the pattern in order; the first that matches at `pos` wins (Oniguruma semantics):
//   1 (?i:'s|'t|'re|'ve|'m|'ll|'d)
//   2 [^\r\n\p{L}\p{N}]?\p{L}+       optional leading non-letter (often a space), then letters
//   3 \p{N}                          one digit at a time
//   4  ?[^\s\p{L}\p{N}]+[\r\n]*      optional space, punctuation run, trailing line breaks
//   5-7 white space (whiteSpaceEnd)
std::size_t qwen2PieceEnd(std::string_view text, std::size_t pos) {
    const Scanner sc(text);
    const Char c = sc.at(pos);
    const std::size_t next = pos + c.len;
    if (c.cp == '\'') {
        if (const std::size_t end = sc.contractionEnd(next); end != 0) {
            return end;
        }
    }
    if (c.cls == CharClass::Letter) {
        return sc.runEnd(next, CharClass::Letter);
    }
    if (c.cls == CharClass::Number) {
        return next;
    }
    const Char d = next < sc.size() ? sc.at(next) : Char{CharClass::LineBreak, 0, 0};
    if (c.cls != CharClass::LineBreak && d.len != 0 && d.cls == CharClass::Letter) {
        return sc.runEnd(next + d.len, CharClass::Letter);
    }
    if (c.cp == ' ' && d.len != 0 && d.cls == CharClass::Other) {
        return sc.lineBreaksEnd(sc.runEnd(next + d.len, CharClass::Other));
    }
    if (c.cls == CharClass::Other) {
        return sc.lineBreaksEnd(sc.runEnd(next, CharClass::Other));
    }
    return whiteSpaceEnd(sc, pos);
}

} // namespace hb::tok

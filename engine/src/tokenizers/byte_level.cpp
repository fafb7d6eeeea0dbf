#include "tokenizers/byte_level.h"

#include "tokenizers/utf8.h"

namespace hb::tok {
namespace {

bool isPrintedAsItself(int b) { return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE); }

struct Alphabet {
    std::array<char32_t, 256> charOf{};
    std::array<std::uint8_t, 256> order{};
    std::array<std::int16_t, 0x100 + 68> byteOf{}; ///< inverse of charOf; 68 bytes are remapped
};

// GPT-2's bytes_to_unicode(): bytes printed as themselves keep their code point; the others take
// U+0100, U+0101, ... in increasing byte order.
const Alphabet& alphabet() {
    static const Alphabet a = [] {
        Alphabet r;
        int next = 0;
        for (int b = 0; b < 256; ++b) {
            if (isPrintedAsItself(b)) {
                r.charOf[static_cast<std::size_t>(b)] = static_cast<char32_t>(b);
                r.order[static_cast<std::size_t>(next++)] = static_cast<std::uint8_t>(b);
            }
        }
        char32_t extra = 0x100;
        for (int b = 0; b < 256; ++b) {
            if (!isPrintedAsItself(b)) {
                r.charOf[static_cast<std::size_t>(b)] = extra++;
                r.order[static_cast<std::size_t>(next++)] = static_cast<std::uint8_t>(b);
            }
        }
        r.byteOf.fill(-1);
        for (int b = 0; b < 256; ++b) {
            r.byteOf[r.charOf[static_cast<std::size_t>(b)]] = static_cast<std::int16_t>(b);
        }
        return r;
    }();
    return a;
}

} // namespace

char32_t byteToChar(std::uint8_t b) { return alphabet().charOf[b]; }

int charToByte(char32_t cp) {
    const auto& byteOf = alphabet().byteOf;
    return cp < byteOf.size() ? byteOf[cp] : -1;
}

const std::array<std::uint8_t, 256>& byteOrder() { return alphabet().order; }

std::string bytesToByteLevel(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const char ch : bytes) {
        appendUtf8(byteToChar(static_cast<std::uint8_t>(ch)), out);
    }
    return out;
}

bool byteLevelToBytes(std::string_view text, std::string& out) {
    out.clear();
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const Utf8Step step = decodeUtf8(p, end);
        if (step.status != Utf8Status::Valid) {
            return false;
        }
        const int b = charToByte(step.codePoint);
        if (b < 0) {
            return false;
        }
        out.push_back(static_cast<char>(b));
        p += step.length;
    }
    return true;
}

} // namespace hb::tok

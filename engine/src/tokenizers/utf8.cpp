#include "tokenizers/utf8.h"

namespace hb::tok {
namespace {

bool isContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

} // namespace

Utf8Step decodeUtf8(const unsigned char* p, const unsigned char* end) {
    const unsigned char lead = p[0];
    if (lead < 0x80) {
        return {Utf8Status::Valid, 1, lead};
    }
    // The allowed range of the second byte depends on the lead; it excludes overlong forms,
    // surrogates and values past U+10FFFF (Unicode Table 3-7).
    int need = 0;
    unsigned char lo = 0x80;
    unsigned char hi = 0xBF;
    char32_t cp = 0;
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
        cp = lead & 0x1F;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        cp = lead & 0x0F;
        lo = lead == 0xE0 ? 0xA0 : 0x80;
        hi = lead == 0xED ? 0x9F : 0xBF;
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        cp = lead & 0x07;
        lo = lead == 0xF0 ? 0x90 : 0x80;
        hi = lead == 0xF4 ? 0x8F : 0xBF;
    } else {
        return {Utf8Status::Invalid, 1, 0};
    }
    std::uint8_t length = 1;
    for (int i = 0; i < need; ++i) {
        if (p + length >= end) {
            return {Utf8Status::Incomplete, length, 0};
        }
        const unsigned char b = p[length];
        const bool inRange = i == 0 ? (b >= lo && b <= hi) : isContinuation(b);
        if (!inRange) {
            return {Utf8Status::Invalid, length, 0};
        }
        cp = (cp << 6) | (b & 0x3F);
        ++length;
    }
    return {Utf8Status::Valid, length, cp};
}

bool isValidUtf8(std::string_view text) {
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        // Eight ASCII bytes at a time: most prompts are mostly ASCII.
        while (end - p >= 8) {
            std::uint64_t word = 0;
            for (int i = 0; i < 8; ++i) {
                word |= static_cast<std::uint64_t>(p[i]) << (8 * i);
            }
            if (word & 0x8080808080808080ull) {
                break;
            }
            p += 8;
        }
        if (p >= end) {
            break;
        }
        const Utf8Step step = decodeUtf8(p, end);
        if (step.status != Utf8Status::Valid) {
            return false;
        }
        p += step.length;
    }
    return true;
}

std::string repairUtf8(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 8);
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    const auto* end = p + text.size();
    while (p < end) {
        const Utf8Step step = decodeUtf8(p, end);
        if (step.status == Utf8Status::Valid) {
            out.append(reinterpret_cast<const char*>(p), step.length);
        } else {
            out.append(kReplacementUtf8);
        }
        p += step.length;
    }
    return out;
}

void appendUtf8(char32_t cp, std::string& out) {
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

} // namespace hb::tok

#include "tokenizers/unicode_props.h"

#include <array>
#include <vector>

#include <unicode/bytestream.h>
#include <unicode/normalizer2.h>
#include <unicode/uchar.h>

namespace hb::tok {
namespace {

CharClass classifyWithIcu(char32_t cp) {
    const auto c = static_cast<UChar32>(cp);
    if (cp == '\r' || cp == '\n') {
        return CharClass::LineBreak;
    }
    if (u_isUWhiteSpace(c)) {
        return CharClass::Space;
    }
    const std::int32_t mask = U_GET_GC_MASK(c);
    if (mask & U_GC_L_MASK) {
        return CharClass::Letter;
    }
    if (mask & U_GC_N_MASK) {
        return CharClass::Number;
    }
    return CharClass::Other;
}

// A 64 KiB cache of ICU's answers for the BMP: the pre-tokenizer asks once per character, and a
// byte load is several times cheaper than ICU's trie walk plus the call.
const std::vector<CharClass>& bmpTable() {
    static const std::vector<CharClass> table = [] {
        std::vector<CharClass> t(0x10000);
        for (char32_t cp = 0; cp < 0x10000; ++cp) {
            t[cp] = classifyWithIcu(cp);
        }
        return t;
    }();
    return table;
}

struct NfcHandle {
    const icu::Normalizer2* normalizer = nullptr;
    UErrorCode status = U_ZERO_ERROR;
};

const NfcHandle& nfcHandle() {
    static const NfcHandle handle = [] {
        NfcHandle h;
        h.normalizer = icu::Normalizer2::getNFCInstance(h.status);
        if (U_FAILURE(h.status)) {
            h.normalizer = nullptr;
        }
        return h;
    }();
    return handle;
}

bool allBelowU0300(std::string_view text) {
    for (const char ch : text) {
        if (static_cast<unsigned char>(ch) >= 0xCC) {
            return false;
        }
    }
    return true;
}

} // namespace

const CharClass* bmpClassTable() { return bmpTable().data(); }

CharClass charClass(char32_t cp) {
    if (cp < 0x10000) {
        return bmpTable()[cp];
    }
    return classifyWithIcu(cp);
}

char32_t foldCase(char32_t cp) {
    return static_cast<char32_t>(u_foldCase(static_cast<UChar32>(cp), U_FOLD_CASE_DEFAULT));
}

std::string nfcUnavailableReason() {
    const NfcHandle& h = nfcHandle();
    return h.normalizer ? std::string()
                        : std::string("ICU's NFC data could not be loaded: ") + u_errorName(h.status);
}

bool isNfc(std::string_view text) {
    if (allBelowU0300(text)) {
        return true;
    }
    const icu::Normalizer2* normalizer = nfcHandle().normalizer;
    if (normalizer == nullptr) {
        return true; // loaders refuse to build a normalising tokenizer without ICU data
    }
    UErrorCode status = U_ZERO_ERROR;
    const bool normalized = normalizer->isNormalizedUTF8(
        icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())), status);
    return U_SUCCESS(status) && normalized;
}

std::string nfc(std::string_view text) {
    if (isNfc(text)) {
        return std::string(text);
    }
    std::string out;
    out.reserve(text.size());
    icu::StringByteSink<std::string> sink(&out);
    UErrorCode status = U_ZERO_ERROR;
    nfcHandle().normalizer->normalizeUTF8(
        0, icu::StringPiece(text.data(), static_cast<std::int32_t>(text.size())), sink, nullptr, status);
    if (U_FAILURE(status)) {
        return std::string(text); // only for input over 2 GiB; the caller splits long text first
    }
    return out;
}

} // namespace hb::tok

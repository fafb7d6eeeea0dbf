#include "image/png_chunks.h"

#include <array>
#include <cstring>

namespace hb {
namespace {

constexpr char kSignature[] = "\x89PNG\r\n\x1a\n";
constexpr std::size_t kSignatureBytes = 8;

std::array<std::uint32_t, 256> makeCrcTable() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) {
            c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        }
        table[n] = c;
    }
    return table;
}

std::uint32_t readBe32(const std::uint8_t* p) {
    return (static_cast<std::uint32_t>(p[0]) << 24) | (static_cast<std::uint32_t>(p[1]) << 16) |
           (static_cast<std::uint32_t>(p[2]) << 8) | p[3];
}

void appendBe32(std::string& out, std::uint32_t v) {
    for (int shift = 24; shift >= 0; shift -= 8) {
        out.push_back(static_cast<char>((v >> shift) & 0xFF));
    }
}

std::string makeChunk(const char* type, const std::string& data) {
    std::string out;
    appendBe32(out, static_cast<std::uint32_t>(data.size()));
    const std::string body = std::string(type, 4) + data;
    out += body;
    appendBe32(out, crc32(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
    return out;
}

// PNG keywords: Latin-1 printable, 1..79 bytes, no leading/trailing/consecutive spaces. Restricted to
// ASCII here so the key bytes mean the same in every reader.
bool validKeyword(const std::string& key) {
    if (key.empty() || key.size() > 79 || key.front() == ' ' || key.back() == ' ') {
        return false;
    }
    for (std::size_t i = 0; i < key.size(); ++i) {
        const auto c = static_cast<unsigned char>(key[i]);
        if (c < 0x20 || c > 0x7E || (c == ' ' && key[i - 1] == ' ')) {
            return false;
        }
    }
    return true;
}

bool isAscii(const std::string& s) {
    for (const char c : s) {
        if (static_cast<unsigned char>(c) > 0x7E ||
            (static_cast<unsigned char>(c) < 0x20 && c != '\n' && c != '\t' && c != '\r')) {
            return false;
        }
    }
    return true;
}

} // namespace

std::uint32_t crc32(const std::uint8_t* bytes, std::size_t size) {
    static const std::array<std::uint32_t, 256> table = makeCrcTable();
    std::uint32_t c = 0xFFFFFFFFu;
    for (std::size_t i = 0; i < size; ++i) {
        c = table[(c ^ bytes[i]) & 0xFF] ^ (c >> 8);
    }
    return c ^ 0xFFFFFFFFu;
}

Result<std::string> insertPngText(const std::string& png, const PngTextChunks& text) {
    // Signature, then IHDR: length 13, type, 13 data bytes, CRC = 33 bytes.
    constexpr std::size_t kIhdrEnd = kSignatureBytes + 8 + 13 + 4;
    if (png.size() < kIhdrEnd || std::memcmp(png.data(), kSignature, kSignatureBytes) != 0 ||
        png.compare(kSignatureBytes + 4, 4, "IHDR") != 0) {
        return makeError(ErrorCode::Internal, "insertPngText: the encoder's output is not a PNG stream");
    }
    std::string chunks;
    for (const auto& [key, value] : text) {
        if (!validKeyword(key)) {
            return makeError(ErrorCode::InvalidRequest,
                             "PNG text key '" + key +
                                 "' must be 1..79 printable ASCII characters without leading, trailing or "
                                 "doubled spaces");
        }
        if (value.find('\0') != std::string::npos) {
            return makeError(ErrorCode::InvalidRequest,
                             "PNG text value of '" + key + "' contains a NUL byte");
        }
        if (isAscii(value)) {
            chunks += makeChunk("tEXt", key + '\0' + value);
        } else {
            // iTXt: keyword, NUL, compression flag 0, method 0, empty language tag, NUL, empty
            // translated keyword, NUL, UTF-8 text.
            chunks += makeChunk("iTXt", key + std::string("\0\0\0\0\0", 5) + value);
        }
    }
    return png.substr(0, kIhdrEnd) + chunks + png.substr(kIhdrEnd);
}

Result<PngTextChunks> readPngTextChunks(const std::uint8_t* bytes, std::size_t size) {
    if (size < kSignatureBytes || std::memcmp(bytes, kSignature, kSignatureBytes) != 0) {
        return makeError(ErrorCode::BadFormat, "not a PNG file (no PNG signature)");
    }
    PngTextChunks out;
    std::size_t pos = kSignatureBytes;
    while (pos + 12 <= size) {
        const std::uint32_t length = readBe32(bytes + pos);
        if (length > size - pos - 12) {
            return makeError(ErrorCode::BadFormat,
                             "PNG chunk at byte " + std::to_string(pos) + " runs past the end of the file");
        }
        const std::string type(reinterpret_cast<const char*>(bytes + pos + 4), 4);
        const std::string data(reinterpret_cast<const char*>(bytes + pos + 8), length);
        pos += 12 + length;
        if (type == "IEND") {
            break;
        }
        const std::size_t nul = data.find('\0');
        if (nul == std::string::npos) {
            continue;
        }
        const std::string key = data.substr(0, nul);
        if (type == "tEXt") {
            out.emplace_back(key, data.substr(nul + 1));
        } else if (type == "iTXt" && nul + 2 < data.size() && data[nul + 1] == '\0') {
            // Skip the language tag and the translated keyword (two NUL-terminated strings).
            const std::size_t lang = data.find('\0', nul + 3);
            const std::size_t translated = lang == std::string::npos ? lang : data.find('\0', lang + 1);
            if (translated != std::string::npos) {
                out.emplace_back(key, data.substr(translated + 1));
            }
        }
    }
    return out;
}

} // namespace hb

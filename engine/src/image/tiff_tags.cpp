#include "image/tiff_tags.h"

#include <algorithm>
#include <cstring>

namespace hb {
namespace {

constexpr std::uint16_t kOrientationTag = 274;
constexpr std::size_t kMaxValues = 16;

struct Reader {
    const std::uint8_t* bytes = nullptr;
    std::size_t size = 0;
    bool big = false; ///< Motorola byte order

    bool has(std::uint64_t offset, std::uint64_t n) const { return offset <= size && n <= size - offset; }
    std::uint64_t get(std::uint64_t offset, int n) const {
        std::uint64_t v = 0;
        for (int i = 0; i < n; ++i) {
            const std::uint64_t b = bytes[offset + static_cast<std::uint64_t>(big ? i : n - 1 - i)];
            v = (v << 8) | b;
        }
        return v;
    }
};

// Byte size of one value of a TIFF field type, 0 for the types not read here.
int typeBytes(std::uint64_t type) {
    switch (type) {
    case 1: // BYTE
        return 1;
    case 3: // SHORT
        return 2;
    case 4: // LONG
        return 4;
    case 16: // LONG8 (BigTIFF)
        return 8;
    default:
        return 0;
    }
}

} // namespace

std::map<std::uint16_t, std::vector<std::uint64_t>> readTiffTags(const std::uint8_t* bytes, std::size_t size,
                                                                 const std::vector<std::uint16_t>& tags) {
    std::map<std::uint16_t, std::vector<std::uint64_t>> out;
    Reader r{bytes, size, false};
    if (size < 8 || !((bytes[0] == 'I' && bytes[1] == 'I') || (bytes[0] == 'M' && bytes[1] == 'M'))) {
        return out;
    }
    r.big = bytes[0] == 'M';
    const std::uint64_t magic = r.get(2, 2);
    const bool bigTiff = magic == 43;
    if (magic != 42 && !(bigTiff && r.has(0, 16))) {
        return out;
    }
    // Classic TIFF: 2-byte entry count, 12-byte entries with a 4-byte value field. BigTIFF: 8-byte
    // count, 20-byte entries with an 8-byte value field.
    const int countBytes = bigTiff ? 8 : 2;
    const int fieldBytes = bigTiff ? 8 : 4;
    const std::uint64_t entryBytes = bigTiff ? 20 : 12;
    const std::uint64_t ifd = bigTiff ? r.get(8, 8) : r.get(4, 4);
    if (!r.has(ifd, static_cast<std::uint64_t>(countBytes))) {
        return out;
    }
    const std::uint64_t entries = r.get(ifd, countBytes);
    for (std::uint64_t i = 0; i < entries; ++i) {
        const std::uint64_t e = ifd + static_cast<std::uint64_t>(countBytes) + i * entryBytes;
        if (!r.has(e, entryBytes)) {
            break;
        }
        const auto tag = static_cast<std::uint16_t>(r.get(e, 2));
        if (std::find(tags.begin(), tags.end(), tag) == tags.end()) {
            continue;
        }
        const int width = typeBytes(r.get(e + 2, 2));
        const std::uint64_t count = r.get(e + 4, fieldBytes);
        if (width == 0 || count == 0 || count > kMaxValues) {
            continue;
        }
        // Values that fit the field are stored in it, left-aligned; others sit at an offset.
        std::uint64_t at = e + 4 + static_cast<std::uint64_t>(fieldBytes);
        if (count * static_cast<std::uint64_t>(width) > static_cast<std::uint64_t>(fieldBytes)) {
            at = r.get(at, fieldBytes);
        }
        if (!r.has(at, count * static_cast<std::uint64_t>(width))) {
            continue;
        }
        std::vector<std::uint64_t>& values = out[tag];
        for (std::uint64_t k = 0; k < count; ++k) {
            values.push_back(r.get(at + k * static_cast<std::uint64_t>(width), width));
        }
    }
    return out;
}

int exifOrientation(const std::uint8_t* bytes, std::size_t size) {
    if (size >= 6 && std::memcmp(bytes, "Exif\0\0", 6) == 0) {
        bytes += 6;
        size -= 6;
    }
    const auto tags = readTiffTags(bytes, size, {kOrientationTag});
    const auto it = tags.find(kOrientationTag);
    if (it == tags.end() || it->second.empty() || it->second.front() < 1 || it->second.front() > 8) {
        return 1;
    }
    return static_cast<int>(it->second.front());
}

} // namespace hb

#include "image/webp_container.h"

#include <algorithm>
#include <cstring>
#include <string>

#include "image/tiff_tags.h"

namespace hb {
namespace {

constexpr std::uint8_t kFlagAnimation = 0x02;
constexpr std::uint8_t kFlagAlpha = 0x10;

std::uint32_t le24(const std::uint8_t* p) {
    return p[0] | (static_cast<std::uint32_t>(p[1]) << 8) | (static_cast<std::uint32_t>(p[2]) << 16);
}
std::uint32_t le32(const std::uint8_t* p) { return le24(p) | (static_cast<std::uint32_t>(p[3]) << 24); }

void appendLe24(std::string& s, std::uint32_t v) {
    for (int i = 0; i < 3; ++i) {
        s.push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
    }
}
void appendLe32(std::string& s, std::uint32_t v) {
    appendLe24(s, v);
    s.push_back(static_cast<char>(v >> 24));
}

struct Chunk {
    const std::uint8_t* header = nullptr; ///< the fourcc; the payload follows 8 bytes later
    std::uint32_t size = 0;
    bool is(const char* fourcc) const { return std::memcmp(header, fourcc, 4) == 0; }
    const std::uint8_t* data() const { return header + 8; }
    std::size_t paddedBytes() const { return 8 + size + (size & 1); }
};

// Calls `visit` for each complete chunk in [begin, end); stops early when it returns false.
template <typename Visit>
void forEachChunk(const std::uint8_t* begin, const std::uint8_t* end, Visit visit) {
    while (end - begin >= 8) {
        const Chunk c{begin, le32(begin + 4)};
        if (c.size > static_cast<std::size_t>(end - begin) - 8 || !visit(c)) {
            return;
        }
        begin += std::min<std::size_t>(c.paddedBytes(), static_cast<std::size_t>(end - begin));
    }
}

// Size (and alpha bit, for VP8L) of a VP8 or VP8L bitstream chunk; false when damaged.
bool bitstreamSize(const Chunk& c, std::int64_t& w, std::int64_t& h, bool& alpha) {
    const std::uint8_t* d = c.data();
    if (c.is("VP8 ") && c.size >= 10 && d[3] == 0x9D && d[4] == 0x01 && d[5] == 0x2A) {
        w = (d[6] | (d[7] << 8)) & 0x3FFF;
        h = (d[8] | (d[9] << 8)) & 0x3FFF;
        alpha = false;
        return true;
    }
    if (c.is("VP8L") && c.size >= 5 && d[0] == 0x2F) {
        const std::uint32_t bits = le32(d + 1);
        w = static_cast<std::int64_t>(bits & 0x3FFF) + 1;
        h = static_cast<std::int64_t>((bits >> 14) & 0x3FFF) + 1;
        alpha = ((bits >> 28) & 1) != 0;
        return true;
    }
    return false;
}

// The first ANMF frame as a still WebP stream: VP8X (alpha flag when the frame has alpha), then the
// frame's ALPH and VP8/VP8L chunks unchanged.
bool firstFrame(const Chunk& anmf, ImageProbe& p) {
    if (anmf.size < 16) {
        return false;
    }
    const std::uint8_t* d = anmf.data();
    p.frameX = static_cast<int>(le24(d) * 2);
    p.frameY = static_cast<int>(le24(d + 3) * 2);
    const std::uint32_t w = le24(d + 6) + 1;
    const std::uint32_t h = le24(d + 9) + 1;
    std::string images;
    bool alpha = false;
    bool haveBitstream = false;
    forEachChunk(d + 16, d + anmf.size, [&](const Chunk& c) {
        std::int64_t bw = 0;
        std::int64_t bh = 0;
        bool bitstreamAlpha = false;
        if (c.is("ALPH")) {
            alpha = true;
        } else if (bitstreamSize(c, bw, bh, bitstreamAlpha)) {
            alpha = alpha || bitstreamAlpha;
            haveBitstream = true;
        } else {
            return true; // unknown chunk inside the frame: skip
        }
        images.append(reinterpret_cast<const char*>(c.header), 8 + c.size);
        if (c.size & 1) {
            images.push_back('\0'); // RIFF pad byte
        }
        return !haveBitstream;
    });
    if (!haveBitstream || p.frameX + static_cast<std::int64_t>(w) > p.width ||
        p.frameY + static_cast<std::int64_t>(h) > p.height) {
        return false;
    }
    std::string vp8x;
    vp8x.push_back(static_cast<char>(alpha ? kFlagAlpha : 0));
    vp8x.append(3, '\0');
    appendLe24(vp8x, w - 1);
    appendLe24(vp8x, h - 1);
    std::string body = "WEBPVP8X";
    appendLe32(body, 10);
    body += vp8x + images;
    p.firstFrame = "RIFF";
    appendLe32(p.firstFrame, static_cast<std::uint32_t>(body.size()));
    p.firstFrame += body;
    return true;
}

} // namespace

Result<ImageProbe> probeWebp(const std::uint8_t* bytes, std::size_t size) {
    const std::uint64_t riffEnd = static_cast<std::uint64_t>(le32(bytes + 4)) + 8;
    if (riffEnd > size || size < 20) {
        return makeError(ErrorCode::BadFormat, "WebP data is cut short: the RIFF header announces " +
                                                   std::to_string(riffEnd) + " bytes, " +
                                                   std::to_string(size) + " present (truncated file)");
    }
    const std::uint8_t* end = bytes + riffEnd;
    ImageProbe p;
    p.format = ImageFormat::Webp;
    const Chunk first{bytes + 12, le32(bytes + 16)};
    bool alpha = false;
    if (!first.is("VP8X")) {
        if (first.size > riffEnd - 20 || !bitstreamSize(first, p.width, p.height, alpha)) {
            return makeError(ErrorCode::BadFormat, "WebP image chunk is missing or damaged");
        }
        return p;
    }
    if (first.size < 10 || first.size > riffEnd - 20) {
        return makeError(ErrorCode::BadFormat, "WebP extended header (VP8X) is damaged");
    }
    const std::uint8_t flags = first.data()[0];
    p.width = static_cast<std::int64_t>(le24(first.data() + 4)) + 1;
    p.height = static_cast<std::int64_t>(le24(first.data() + 7)) + 1;
    p.animatedWebp = (flags & kFlagAnimation) != 0;
    // PIL decodes animations onto a transparent black canvas: mode RGBA with the alpha flag (composited
    // on white), else RGB (the empty canvas stays black).
    p.alpha = !p.animatedWebp || (flags & kFlagAlpha) ? AlphaUse::Straight : AlphaUse::Ignore;
    bool frameFound = false;
    forEachChunk(bytes + 12, end, [&](const Chunk& c) {
        if (c.is("EXIF")) {
            p.orientation = exifOrientation(c.data(), c.size);
        } else if (c.is("ANMF") && p.animatedWebp && !frameFound) {
            frameFound = firstFrame(c, p);
            if (!frameFound) {
                return false;
            }
        }
        return true;
    });
    if (p.animatedWebp && !frameFound) {
        return makeError(ErrorCode::BadFormat, "animated WebP has no complete first frame inside its canvas");
    }
    return p;
}

} // namespace hb

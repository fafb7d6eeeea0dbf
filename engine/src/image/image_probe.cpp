// Container parsing for the image probe. Every read is bounds-checked against the buffer; a header
// that ends early is a BadFormat error, while damage the decoders can judge better (pixel data) is
// left to them.

#include "image/image_probe.h"

#include <cstring>

#include "image/tiff_tags.h"
#include "image/webp_container.h"

namespace hb {
namespace {

std::uint32_t be16(const std::uint8_t* p) { return (static_cast<std::uint32_t>(p[0]) << 8) | p[1]; }
std::uint32_t be32(const std::uint8_t* p) { return (be16(p) << 16) | be16(p + 2); }
std::uint32_t le16(const std::uint8_t* p) { return (static_cast<std::uint32_t>(p[1]) << 8) | p[0]; }
std::uint32_t le32(const std::uint8_t* p) { return (le16(p + 2) << 16) | le16(p); }

bool startsWith(const std::uint8_t* bytes, std::size_t size, const char* magic, std::size_t n) {
    return size >= n && std::memcmp(bytes, magic, n) == 0;
}

Error cutShort(const char* format) {
    return makeError(ErrorCode::BadFormat, std::string(format) + " header is cut short (truncated file)");
}

Result<ImageProbe> probePng(const std::uint8_t* b, std::size_t size) {
    // Signature (8), then IHDR must come first: length, "IHDR", width, height, depth, colour type.
    if (size < 8 + 8 + 13 || std::memcmp(b + 12, "IHDR", 4) != 0) {
        return cutShort("PNG");
    }
    ImageProbe p;
    p.format = ImageFormat::Png;
    p.width = be32(b + 16);
    p.height = be32(b + 20);
    p.bitDepth = b[24];
    const int colourType = b[25];
    // Grey+alpha is PIL mode LA, which pil_img2rgb converts to RGB without compositing.
    p.alpha = colourType == 4 ? AlphaUse::Ignore : AlphaUse::Straight;
    for (std::size_t pos = 8; pos + 12 <= size;) {
        const std::uint32_t length = be32(b + pos);
        if (length > size - pos - 12) {
            break; // libpng reports the damage when it reaches it
        }
        const std::uint8_t* type = b + pos + 4;
        const std::uint8_t* data = b + pos + 8;
        if (std::memcmp(type, "IEND", 4) == 0) {
            break;
        }
        if (std::memcmp(type, "tRNS", 4) == 0 && colourType == 0 && length >= 2) {
            p.colourKey = true;
            p.key = static_cast<std::uint16_t>(be16(data));
        } else if (std::memcmp(type, "eXIf", 4) == 0) {
            p.orientation = exifOrientation(data, length);
        }
        pos += 12 + length;
    }
    return p;
}

bool isStartOfFrame(std::uint8_t marker) {
    // SOF0..SOF15 except DHT (C4), JPG (C8) and DAC (CC).
    return marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC;
}

Result<ImageProbe> probeJpeg(const std::uint8_t* b, std::size_t size) {
    ImageProbe p;
    p.format = ImageFormat::Jpeg;
    p.alpha = AlphaUse::Ignore;
    std::size_t pos = 2;
    bool haveFrame = false;
    while (true) {
        while (pos < size && b[pos] == 0xFF && pos + 1 < size && b[pos + 1] == 0xFF) {
            ++pos; // fill bytes
        }
        if (pos + 4 > size || b[pos] != 0xFF) {
            return makeError(ErrorCode::BadFormat,
                             "JPEG header is cut short or damaged before the image data");
        }
        const std::uint8_t marker = b[pos + 1];
        if (marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
            pos += 2; // markers without a length
            continue;
        }
        const std::uint32_t length = be16(b + pos + 2);
        if (length < 2 || length > size - pos - 2) {
            return cutShort("JPEG");
        }
        const std::uint8_t* data = b + pos + 4;
        const std::size_t dataSize = length - 2;
        if (marker == 0xE1 && dataSize > 6 && std::memcmp(data, "Exif\0\0", 6) == 0) {
            p.orientation = exifOrientation(data + 6, dataSize - 6);
        } else if (isStartOfFrame(marker) && dataSize >= 6) {
            p.height = be16(data + 1);
            p.width = be16(data + 3);
            haveFrame = true;
        } else if (marker == 0xDA) {
            if (!haveFrame) {
                return makeError(ErrorCode::BadFormat, "JPEG has image data before its frame header");
            }
            pos += 2 + length;
            break;
        }
        pos += 2 + length;
    }
    // Entropy-coded data escapes 0xFF, so the first FF D9 after the scan header is a real
    // end-of-image marker (progressive files have more scans before it). Without one the file was cut
    // short: libjpeg would fill the rest with grey and only warn, where PIL refuses the file.
    for (std::size_t i = pos; i + 1 < size; ++i) {
        if (b[i] == 0xFF && b[i + 1] == 0xD9) {
            return p;
        }
    }
    return makeError(ErrorCode::BadFormat, "JPEG ends before its end-of-image marker (truncated file)");
}

Result<ImageProbe> probeGif(const std::uint8_t* b, std::size_t size) {
    if (size < 13) {
        return cutShort("GIF");
    }
    ImageProbe p;
    p.format = ImageFormat::Gif;
    p.width = le16(b + 6);
    p.height = le16(b + 8);
    std::size_t pos = 13;
    if (b[10] & 0x80) {
        pos += 3u << ((b[10] & 7) + 1); // global colour table
    }
    // The first frame must be complete: walk extensions to the first image and its data sub-blocks.
    auto skipSubBlocks = [&](std::size_t at) -> std::size_t {
        while (at < size && b[at] != 0) {
            at += 1 + static_cast<std::size_t>(b[at]);
        }
        return at < size ? at + 1 : 0;
    };
    while (pos < size && b[pos] == 0x21) { // extension: label, then sub-blocks
        pos = pos + 2 <= size ? skipSubBlocks(pos + 2) : 0;
        if (pos == 0) {
            return cutShort("GIF");
        }
    }
    if (pos + 10 > size || b[pos] != 0x2C) {
        return makeError(ErrorCode::BadFormat, "GIF has no complete first image (truncated or damaged file)");
    }
    const std::uint8_t flags = b[pos + 9];
    pos += 10;
    if (flags & 0x80) {
        pos += 3u << ((flags & 7) + 1); // local colour table
    }
    if (pos + 1 > size || skipSubBlocks(pos + 1) == 0) {
        return makeError(ErrorCode::BadFormat, "GIF's first image data is cut short (truncated file)");
    }
    return p;
}

Result<ImageProbe> probeBmp(const std::uint8_t* b, std::size_t size) {
    if (size < 26) {
        return cutShort("BMP");
    }
    ImageProbe p;
    p.format = ImageFormat::Bmp;
    const std::uint32_t headerSize = le32(b + 14);
    if (headerSize == 12) { // OS/2 BITMAPCOREHEADER: 16-bit sizes
        p.width = le16(b + 18);
        p.height = le16(b + 20);
    } else {
        p.width = static_cast<std::int32_t>(le32(b + 18));
        const auto h = static_cast<std::int32_t>(le32(b + 22)); // negative: stored top-down
        p.height = h < 0 ? -static_cast<std::int64_t>(h) : h;
    }
    return p;
}

Result<ImageProbe> probeTiff(const std::uint8_t* b, std::size_t size) {
    enum : std::uint16_t {
        kWidth = 256,
        kHeight = 257,
        kBitsPerSample = 258,
        kSamplesPerPixel = 277,
        kExtraSamples = 338
    };
    auto tags = readTiffTags(b, size, {kWidth, kHeight, kBitsPerSample, kSamplesPerPixel, kExtraSamples});
    if (tags[kWidth].empty() || tags[kHeight].empty()) {
        return makeError(ErrorCode::BadFormat, "TIFF has no readable first image directory (damaged file)");
    }
    ImageProbe p;
    p.format = ImageFormat::Tiff;
    p.width = static_cast<std::int64_t>(tags[kWidth].front());
    p.height = static_cast<std::int64_t>(tags[kHeight].front());
    // OpenCV's TIFF reader applies the orientation tag itself, so none is left to apply.
    const std::uint64_t spp = tags[kSamplesPerPixel].empty() ? 1 : tags[kSamplesPerPixel].front();
    const std::uint64_t bits = tags[kBitsPerSample].empty() ? 1 : tags[kBitsPerSample].front();
    p.bitDepth = static_cast<int>(bits);
    // PIL's modes by ExtraSamples: 0 (unspecified) RGBX, 1 (associated) RGBA via the RGBa unpacker,
    // 2 (straight), other values or no tag at all (as OpenCV writes) RGBA.
    const bool tagged = !tags[kExtraSamples].empty();
    const std::uint64_t extra = tagged ? tags[kExtraSamples].front() : 2;
    if (spp < 4 || extra == 0) {
        p.alpha = AlphaUse::Ignore; // grey+alpha (PIL LA) arrives as one channel anyway
    } else if (extra == 1) {
        p.alpha = AlphaUse::Associated;
    } else if (tagged && extra == 2 && bits <= 8) {
        p.alpha = AlphaUse::LibtiffAssociated; // libtiff's 8-bit RGBA reader premultiplies
    } else {
        // 16-bit samples come raw; without the tag libtiff takes 4 samples as associated and leaves
        // them unchanged, which PIL reads as straight alpha.
        p.alpha = AlphaUse::Straight;
    }
    return p;
}

} // namespace

const char* toString(ImageFormat format) {
    switch (format) {
    case ImageFormat::Png:
        return "PNG";
    case ImageFormat::Jpeg:
        return "JPEG";
    case ImageFormat::Gif:
        return "GIF";
    case ImageFormat::Bmp:
        return "BMP";
    case ImageFormat::Tiff:
        return "TIFF";
    case ImageFormat::Webp:
        return "WebP";
    case ImageFormat::Count:
        break;
    }
    return "unknown";
}

Result<ImageProbe> probeImage(const std::uint8_t* bytes, std::size_t size) {
    Result<ImageProbe> probe = makeError(ErrorCode::Internal, "unreachable");
    if (startsWith(bytes, size, "\x89PNG\r\n\x1a\n", 8)) {
        probe = probePng(bytes, size);
    } else if (startsWith(bytes, size, "\xFF\xD8\xFF", 3)) {
        probe = probeJpeg(bytes, size);
    } else if (startsWith(bytes, size, "GIF87a", 6) || startsWith(bytes, size, "GIF89a", 6)) {
        probe = probeGif(bytes, size);
    } else if (startsWith(bytes, size, "BM", 2)) {
        probe = probeBmp(bytes, size);
    } else if (startsWith(bytes, size, "II*\0", 4) || startsWith(bytes, size, "MM\0*", 4) ||
               startsWith(bytes, size, "II+\0", 4) || startsWith(bytes, size, "MM\0+", 4)) {
        probe = probeTiff(bytes, size);
    } else if (size >= 12 && std::memcmp(bytes, "RIFF", 4) == 0 && std::memcmp(bytes + 8, "WEBP", 4) == 0) {
        probe = probeWebp(bytes, size);
    } else {
        std::string head;
        static const char* kHex = "0123456789abcdef";
        for (std::size_t i = 0; i < size && i < 8; ++i) {
            head += std::string(i ? " " : "") + kHex[bytes[i] >> 4] + kHex[bytes[i] & 15];
        }
        return makeError(ErrorCode::BadFormat, "unknown image format (supported: PNG, JPEG, WebP, BMP, TIFF, "
                                               "GIF); the data starts with " +
                                                   (head.empty() ? std::string("nothing") : head));
    }
    if (probe && (probe->width <= 0 || probe->height <= 0)) {
        return makeError(ErrorCode::BadFormat, std::string(toString(probe->format)) +
                                                   " header gives a size of " + std::to_string(probe->width) +
                                                   "x" + std::to_string(probe->height) + " pixels");
    }
    return probe;
}

} // namespace hb

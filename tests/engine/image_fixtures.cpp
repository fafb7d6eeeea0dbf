#include "image_fixtures.h"

#include <random>
#include <stdexcept>

#include <opencv2/imgcodecs.hpp>

#include "image/png_chunks.h"

namespace hbtest {
namespace {

void put16le(std::string& s, unsigned v) {
    s.push_back(static_cast<char>(v & 0xFF));
    s.push_back(static_cast<char>((v >> 8) & 0xFF));
}
void put32le(std::string& s, std::uint32_t v) {
    put16le(s, v & 0xFFFF);
    put16le(s, v >> 16);
}
void put24le(std::string& s, std::uint32_t v) {
    put16le(s, v & 0xFFFF);
    s.push_back(static_cast<char>((v >> 16) & 0xFF));
}
void put16be(std::string& s, unsigned v) {
    s.push_back(static_cast<char>((v >> 8) & 0xFF));
    s.push_back(static_cast<char>(v & 0xFF));
}
void put32be(std::string& s, std::uint32_t v) {
    put16be(s, v >> 16);
    put16be(s, v & 0xFFFF);
}

// zlib stream of stored (uncompressed) deflate blocks.
std::string zlibStored(const std::string& data) {
    std::string out("\x78\x01", 2);
    std::size_t pos = 0;
    do {
        const std::size_t n = std::min<std::size_t>(65535, data.size() - pos);
        out.push_back(pos + n == data.size() ? 1 : 0);
        put16le(out, static_cast<unsigned>(n));
        put16le(out, static_cast<unsigned>(~n & 0xFFFF));
        out.append(data, pos, n);
        pos += n;
    } while (pos < data.size());
    std::uint32_t a = 1;
    std::uint32_t b = 0;
    for (const char c : data) {
        a = (a + static_cast<std::uint8_t>(c)) % 65521;
        b = (b + a) % 65521;
    }
    put32be(out, (b << 16) | a);
    return out;
}

// TIFF writer state: byte order and the IFD entries (tag, type, count, inline value or offset).
struct TiffWriter {
    bool big = false;
    std::string ifd;
    int entries = 0;
    void put16(std::string& s, unsigned v) const { big ? put16be(s, v) : put16le(s, v); }
    void put32(std::string& s, std::uint32_t v) const { big ? put32be(s, v) : put32le(s, v); }
    void shortEntry(unsigned tag, unsigned value) {
        put16(ifd, tag);
        put16(ifd, 3);
        put32(ifd, 1);
        put16(ifd, value);
        put16(ifd, 0);
        ++entries;
    }
    void entry(unsigned tag, unsigned type, std::uint32_t count, std::uint32_t valueOrOffset) {
        put16(ifd, tag);
        put16(ifd, type);
        put32(ifd, count);
        put32(ifd, valueOrOffset);
        ++entries;
    }
};

} // namespace

std::string cvEncode(const std::string& ext, const cv::Mat& mat, const std::vector<int>& params) {
    std::vector<std::uint8_t> out;
    if (!cv::imencode(ext, mat, out, params)) {
        throw std::runtime_error("OpenCV cannot encode " + ext);
    }
    return std::string(out.begin(), out.end());
}

hb::Result<hb::Image> decodeBytes(const std::string& bytes) {
    return hb::decodeImage(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size());
}

hb::Image rgbOf(const cv::Mat& mat) {
    hb::Image image;
    image.width = mat.cols;
    image.height = mat.rows;
    for (int y = 0; y < mat.rows; ++y) {
        for (int x = 0; x < mat.cols; ++x) {
            const std::uint8_t* p = mat.ptr<std::uint8_t>(y) + x * mat.channels();
            for (int c = 0; c < 3; ++c) {
                image.rgb.push_back(mat.channels() == 1 ? p[0] : p[2 - c]);
            }
        }
    }
    return image;
}

cv::Mat testPattern(int width, int height, int seed) {
    cv::Mat mat(height, width, CV_8UC3);
    std::mt19937 rng(static_cast<unsigned>(seed));
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width * 3; ++x) {
            mat.ptr<std::uint8_t>(y)[x] = static_cast<std::uint8_t>(rng() & 0xFF);
        }
    }
    return mat;
}

std::string pngChunk(const std::string& type, const std::string& data) {
    std::string out;
    put32be(out, static_cast<std::uint32_t>(data.size()));
    const std::string body = type + data;
    out += body;
    put32be(out, hb::crc32(reinterpret_cast<const std::uint8_t*>(body.data()), body.size()));
    return out;
}

std::string makePng(int width, int height, int bitDepth, int colourType, const std::vector<std::string>& rows,
                    const std::string& extraChunks, const std::string& afterIdat) {
    std::string ihdr;
    put32be(ihdr, static_cast<std::uint32_t>(width));
    put32be(ihdr, static_cast<std::uint32_t>(height));
    ihdr.push_back(static_cast<char>(bitDepth));
    ihdr.push_back(static_cast<char>(colourType));
    ihdr.append(3, '\0');
    std::string raw;
    for (const std::string& row : rows) {
        raw.push_back('\0'); // filter type None
        raw += row;
    }
    return std::string("\x89PNG\r\n\x1a\n", 8) + pngChunk("IHDR", ihdr) + extraChunks +
           pngChunk("IDAT", zlibStored(raw)) + afterIdat + pngChunk("IEND", "");
}

std::string exifTiffBlock(int orientation, bool bigEndian) {
    TiffWriter w;
    w.big = bigEndian;
    std::string out = bigEndian ? std::string("MM\0*", 4) : std::string("II*\0", 4);
    w.put32(out, 8);
    w.shortEntry(274, static_cast<unsigned>(orientation));
    w.put16(out, 1);
    out += w.ifd;
    w.put32(out, 0);
    return out;
}

std::string jpegWithExif(const std::string& jpeg, int orientation) {
    const std::string payload = std::string("Exif\0\0", 6) + exifTiffBlock(orientation);
    std::string app1("\xFF\xE1", 2);
    put16be(app1, static_cast<unsigned>(payload.size() + 2));
    return jpeg.substr(0, 2) + app1 + payload + jpeg.substr(2);
}

std::string makeTiff(const TiffSpec& spec) {
    TiffWriter w;
    w.big = spec.bigEndian;
    const int tags = 10 + (spec.orientation > 0 ? 1 : 0) + (spec.extraSamples >= 0 ? 1 : 0);
    const std::uint32_t ifdSize = 2 + 12 * static_cast<std::uint32_t>(tags) + 4;
    const std::uint32_t bitsOffset = 8 + ifdSize;
    const bool bitsInline = spec.samplesPerPixel <= 2;
    const std::uint32_t dataOffset =
        bitsOffset + (bitsInline ? 0 : 2 * static_cast<std::uint32_t>(spec.samplesPerPixel));
    const std::uint32_t bytesPerSample = spec.bitsPerSample / 8;
    const auto dataBytes = static_cast<std::uint32_t>(spec.samples.size()) * bytesPerSample;

    w.entry(256, 4, 1, static_cast<std::uint32_t>(spec.width));
    w.entry(257, 4, 1, static_cast<std::uint32_t>(spec.height));
    if (bitsInline) {
        w.put16(w.ifd, 258);
        w.put16(w.ifd, 3);
        w.put32(w.ifd, static_cast<std::uint32_t>(spec.samplesPerPixel));
        w.put16(w.ifd, static_cast<unsigned>(spec.bitsPerSample));
        w.put16(w.ifd, spec.samplesPerPixel == 2 ? static_cast<unsigned>(spec.bitsPerSample) : 0);
        ++w.entries;
    } else {
        w.entry(258, 3, static_cast<std::uint32_t>(spec.samplesPerPixel), bitsOffset);
    }
    w.shortEntry(259, 1);
    w.shortEntry(262, static_cast<unsigned>(spec.photometric));
    w.entry(273, 4, 1, dataOffset);
    if (spec.orientation > 0) {
        w.shortEntry(274, static_cast<unsigned>(spec.orientation));
    }
    w.shortEntry(277, static_cast<unsigned>(spec.samplesPerPixel));
    w.entry(278, 4, 1, static_cast<std::uint32_t>(spec.height));
    w.entry(279, 4, 1, dataBytes);
    w.shortEntry(284, 1);
    if (spec.extraSamples >= 0) {
        w.shortEntry(338, static_cast<unsigned>(spec.extraSamples));
    }
    if (w.entries != tags) {
        throw std::logic_error("makeTiff: tag count");
    }
    std::string out = spec.bigEndian ? std::string("MM\0*", 4) : std::string("II*\0", 4);
    w.put32(out, 8);
    w.put16(out, static_cast<unsigned>(tags));
    out += w.ifd;
    w.put32(out, 0);
    if (!bitsInline) {
        for (int i = 0; i < spec.samplesPerPixel; ++i) {
            w.put16(out, static_cast<unsigned>(spec.bitsPerSample));
        }
    }
    for (const std::uint16_t v : spec.samples) {
        if (bytesPerSample == 1) {
            out.push_back(static_cast<char>(v));
        } else {
            w.put16(out, v);
        }
    }
    return out;
}

std::string makeGif(int width, int height, const std::vector<std::uint8_t>& palette,
                    const std::vector<std::uint8_t>& indices, int transparentIndex, int frames,
                    std::uint8_t laterIndex) {
    std::string out("GIF89a", 6);
    put16le(out, static_cast<unsigned>(width));
    put16le(out, static_cast<unsigned>(height));
    out.push_back(static_cast<char>(0xF7)); // global table of 256 entries
    out.push_back('\0');
    out.push_back('\0');
    std::string table(256 * 3, '\0');
    table.replace(0, palette.size(), std::string(palette.begin(), palette.end()));
    out += table;
    for (int f = 0; f < frames; ++f) {
        out += std::string("\x21\xF9\x04", 3);
        out.push_back(static_cast<char>(transparentIndex >= 0 ? 0x09 : 0x08)); // restore to background
        put16le(out, 10);
        out.push_back(static_cast<char>(transparentIndex >= 0 ? transparentIndex : 0));
        out.push_back('\0');
        out.push_back(',');
        put16le(out, 0);
        put16le(out, 0);
        put16le(out, static_cast<unsigned>(width));
        put16le(out, static_cast<unsigned>(height));
        out.push_back('\0');
        // LZW with 8-bit literals: 9-bit codes, a clear code often enough that the table never grows.
        out.push_back('\x08');
        std::string bytes;
        std::uint32_t acc = 0;
        int bits = 0;
        auto emit = [&](unsigned code) {
            acc |= code << bits;
            bits += 9;
            while (bits >= 8) {
                bytes.push_back(static_cast<char>(acc & 0xFF));
                acc >>= 8;
                bits -= 8;
            }
        };
        for (std::size_t i = 0; i < indices.size(); ++i) {
            if (i % 200 == 0) {
                emit(256);
            }
            emit(f == 0 ? indices[i] : laterIndex);
        }
        emit(257);
        if (bits > 0) {
            bytes.push_back(static_cast<char>(acc & 0xFF));
        }
        for (std::size_t pos = 0; pos < bytes.size(); pos += 255) {
            const std::size_t n = std::min<std::size_t>(255, bytes.size() - pos);
            out.push_back(static_cast<char>(n));
            out.append(bytes, pos, n);
        }
        out.push_back('\0');
    }
    out.push_back(';');
    return out;
}

std::string makeAnimatedWebp(int canvasWidth, int canvasHeight, const std::vector<std::string>& stillFrames,
                             const std::vector<int>& offsetX, const std::vector<int>& offsetY,
                             bool alphaFlag) {
    auto chunk = [](const std::string& fourcc, const std::string& data) {
        std::string c = fourcc;
        put32le(c, static_cast<std::uint32_t>(data.size()));
        c += data;
        if (data.size() % 2 != 0) {
            c.push_back('\0');
        }
        return c;
    };
    std::string vp8x;
    vp8x.push_back(static_cast<char>(0x02 | (alphaFlag ? 0x10 : 0)));
    vp8x.append(3, '\0');
    put24le(vp8x, static_cast<std::uint32_t>(canvasWidth - 1));
    put24le(vp8x, static_cast<std::uint32_t>(canvasHeight - 1));
    std::string anim;
    put32le(anim, 0xFFFFFFFF); // background: opaque white (ignored by most decoders)
    put16le(anim, 0);
    std::string body = "WEBP" + chunk("VP8X", vp8x) + chunk("ANIM", anim);
    for (std::size_t i = 0; i < stillFrames.size(); ++i) {
        const std::string& still = stillFrames[i];
        std::string images;
        int w = 0;
        int h = 0;
        for (std::size_t pos = 12; pos + 8 <= still.size();) {
            const std::string fourcc = still.substr(pos, 4);
            const std::uint32_t size =
                static_cast<std::uint8_t>(still[pos + 4]) | (static_cast<std::uint8_t>(still[pos + 5]) << 8) |
                (static_cast<std::uint8_t>(still[pos + 6]) << 16) |
                (static_cast<std::uint32_t>(static_cast<std::uint8_t>(still[pos + 7])) << 24);
            if (fourcc == "VP8L") {
                const auto* p = reinterpret_cast<const std::uint8_t*>(still.data() + pos + 9);
                const std::uint32_t bits =
                    p[0] | (p[1] << 8) | (p[2] << 16) | (static_cast<std::uint32_t>(p[3]) << 24);
                w = static_cast<int>(bits & 0x3FFF) + 1;
                h = static_cast<int>((bits >> 14) & 0x3FFF) + 1;
            }
            if (fourcc != "VP8X") {
                images += still.substr(pos, 8 + size + (size % 2));
            }
            pos += 8 + size + (size % 2);
        }
        if (w == 0) {
            throw std::invalid_argument("makeAnimatedWebp: frames must be lossless (VP8L) WebP files");
        }
        std::string anmf;
        put24le(anmf, static_cast<std::uint32_t>(offsetX[i] / 2));
        put24le(anmf, static_cast<std::uint32_t>(offsetY[i] / 2));
        put24le(anmf, static_cast<std::uint32_t>(w - 1));
        put24le(anmf, static_cast<std::uint32_t>(h - 1));
        put24le(anmf, 100);
        anmf.push_back('\x02'); // do not blend
        body += chunk("ANMF", anmf + images);
    }
    std::string out = "RIFF";
    put32le(out, static_cast<std::uint32_t>(body.size()));
    return out + body;
}

std::string makeBmp32(int width, int height, const std::vector<std::uint8_t>& bgra, bool alphaMask) {
    const std::uint32_t headerSize = alphaMask ? 108 : 40;
    const std::uint32_t dataOffset = 14 + headerSize;
    const auto dataBytes = static_cast<std::uint32_t>(width * height * 4);
    std::string out("BM", 2);
    put32le(out, dataOffset + dataBytes);
    put32le(out, 0);
    put32le(out, dataOffset);
    put32le(out, headerSize);
    put32le(out, static_cast<std::uint32_t>(width));
    put32le(out, static_cast<std::uint32_t>(height));
    put16le(out, 1);
    put16le(out, 32);
    put32le(out, alphaMask ? 3 : 0);
    put32le(out, dataBytes);
    put32le(out, 2835);
    put32le(out, 2835);
    put32le(out, 0);
    put32le(out, 0);
    if (alphaMask) {
        put32le(out, 0x00FF0000);
        put32le(out, 0x0000FF00);
        put32le(out, 0x000000FF);
        put32le(out, 0xFF000000);
        put32le(out, 0x73524742);  // 'sRGB'
        out.append(36 + 12, '\0'); // endpoints and gamma
    }
    for (int y = height - 1; y >= 0; --y) {
        out.append(reinterpret_cast<const char*>(&bgra[static_cast<std::size_t>(y * width * 4)]),
                   static_cast<std::size_t>(width * 4));
    }
    return out;
}

} // namespace hbtest

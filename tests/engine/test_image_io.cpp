// Image decoding: every format, bit depth and channel layout decodes to the RGB the official
// preprocessing (PIL Image.open + pil_img2rgb) gives, with EXIF orientation applied. Fixtures are
// written in the test (OpenCV's encoders, or image_fixtures.cpp for layouts OpenCV cannot write).

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "hyperbagel/engine/image.h"

#include "image/image_orientation.h"
#include "image_fixtures.h"
#include "test_support.h"

namespace {

using hbtest::decodeBytes;

// PIL's paste of an RGBA pixel onto white, computed independently of the engine (real division).
std::uint8_t onWhite(int c, int a) {
    return static_cast<std::uint8_t>(std::lround((255.0 * (255 - a) + c * a) / 255.0));
}

std::vector<std::uint8_t> px(const hb::Image& image, int x, int y) {
    const auto* p = &image.rgb[(static_cast<std::size_t>(y) * static_cast<std::size_t>(image.width) +
                                static_cast<std::size_t>(x)) *
                               3];
    return {p[0], p[1], p[2]};
}

std::string hexBytes(const char* hex) {
    std::string out;
    for (const char* p = hex; p[0] != '\0' && p[1] != '\0'; p += 2) {
        out.push_back(static_cast<char>(std::stoi(std::string(p, 2), nullptr, 16)));
    }
    return out;
}

void expectSame(const hb::Image& got, const hb::Image& want, const std::string& what) {
    ASSERT_EQ(got.width, want.width) << what;
    ASSERT_EQ(got.height, want.height) << what;
    EXPECT_EQ(got.rgb, want.rgb) << what;
}

TEST(ImageDecode, LosslessFormatsGiveTheStoredPixels) {
    const cv::Mat bgr = hbtest::testPattern(7, 5);
    for (const std::string ext : {".png", ".bmp", ".tif", ".webp"}) {
        auto image = decodeBytes(hbtest::cvEncode(ext, bgr));
        ASSERT_TRUE(image.ok()) << ext << ": " << image.error().describe();
        expectSame(*image, hbtest::rgbOf(bgr), ext);
    }
}

TEST(ImageDecode, GreyBecomesRgb) {
    cv::Mat grey(3, 4, CV_8UC1);
    for (int i = 0; i < 12; ++i) {
        grey.data[i] = static_cast<std::uint8_t>(i * 21);
    }
    for (const std::string ext : {".png", ".bmp", ".tif"}) {
        auto image = decodeBytes(hbtest::cvEncode(ext, grey));
        ASSERT_TRUE(image.ok()) << ext << ": " << image.error().describe();
        expectSame(*image, hbtest::rgbOf(grey), ext);
    }
}

TEST(ImageDecode, JpegMatchesLibjpeg) {
    // PIL decodes JPEG with libjpeg(-turbo) too, so OpenCV's colour decode is the reference.
    const cv::Mat bgr = hbtest::testPattern(16, 9);
    for (const int quality : {75, 100}) {
        const std::string jpeg = hbtest::cvEncode(".jpg", bgr, {cv::IMWRITE_JPEG_QUALITY, quality});
        auto image = decodeBytes(jpeg);
        ASSERT_TRUE(image.ok()) << image.error().describe();
        const std::vector<std::uint8_t> buf(jpeg.begin(), jpeg.end());
        expectSame(*image, hbtest::rgbOf(cv::imdecode(buf, cv::IMREAD_COLOR)),
                   "jpeg q" + std::to_string(quality));
    }
    cv::Mat grey(8, 8, CV_8UC1, cv::Scalar(77));
    auto image = decodeBytes(hbtest::cvEncode(".jpg", grey, {cv::IMWRITE_JPEG_QUALITY, 100}));
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(px(*image, 3, 3), (std::vector<std::uint8_t>{77, 77, 77}));
}

TEST(ImageDecode, SixteenBitKeepsTheHighByte) {
    cv::Mat rgb16(1, 3, CV_16UC3);
    const std::uint16_t values[9] = {0x1234, 0xFFFF, 0x00FF, 0x8000, 0x7FFF, 0x0100, 0xABCD, 0x0001, 0xFF00};
    std::copy(values, values + 9, rgb16.ptr<std::uint16_t>());
    for (const std::string ext : {".png", ".tif"}) {
        auto image = decodeBytes(hbtest::cvEncode(ext, rgb16));
        ASSERT_TRUE(image.ok()) << ext << ": " << image.error().describe();
        EXPECT_EQ(image->rgb,
                  (std::vector<std::uint8_t>{0x00, 0xFF, 0x12, 0x01, 0x7F, 0x80, 0xFF, 0x00, 0xAB}))
            << ext;
    }
    cv::Mat grey16(1, 2, CV_16UC1);
    grey16.at<std::uint16_t>(0, 0) = 0x1234;
    grey16.at<std::uint16_t>(0, 1) = 0xFFFF;
    // PIL would clip 16-bit grey PNGs to 255 when converting mode I to RGB; the high byte is kept here.
    auto image = decodeBytes(hbtest::cvEncode(".png", grey16));
    ASSERT_TRUE(image.ok());
    EXPECT_EQ(image->rgb, (std::vector<std::uint8_t>{0x12, 0x12, 0x12, 0xFF, 0xFF, 0xFF}));
}

// Every alpha 0..255 against three colours: a 256 x 3 BGRA image.
cv::Mat alphaSweep() {
    cv::Mat bgra(3, 256, CV_8UC4);
    for (int y = 0; y < 3; ++y) {
        for (int a = 0; a < 256; ++a) {
            std::uint8_t* p = bgra.ptr<std::uint8_t>(y) + 4 * a;
            p[0] = static_cast<std::uint8_t>(y * 100);
            p[1] = static_cast<std::uint8_t>(255 - a);
            p[2] = static_cast<std::uint8_t>((a * 7 + y * 50) & 0xFF);
            p[3] = static_cast<std::uint8_t>(a);
        }
    }
    return bgra;
}

hb::Image compositedOnWhite(const cv::Mat& bgra) {
    hb::Image out;
    out.width = bgra.cols;
    out.height = bgra.rows;
    for (int y = 0; y < bgra.rows; ++y) {
        for (int x = 0; x < bgra.cols; ++x) {
            const std::uint8_t* p = bgra.ptr<std::uint8_t>(y) + 4 * x;
            for (int c = 2; c >= 0; --c) {
                out.rgb.push_back(onWhite(p[c], p[3]));
            }
        }
    }
    return out;
}

TEST(ImageAlpha, RgbaIsCompositedOnWhiteWithPilRounding) {
    const cv::Mat bgra = alphaSweep();
    const hb::Image want = compositedOnWhite(bgra);
    for (const std::string ext : {".png", ".webp", ".tif"}) {
        auto image = decodeBytes(hbtest::cvEncode(ext, bgra));
        ASSERT_TRUE(image.ok()) << ext << ": " << image.error().describe();
        expectSame(*image, want, ext);
    }
    cv::Mat bgra16;
    bgra.convertTo(bgra16, CV_16U, 257.0); // v * 257: the high byte is v again
    auto image = decodeBytes(hbtest::cvEncode(".png", bgra16));
    ASSERT_TRUE(image.ok());
    expectSame(*image, want, "png 16-bit");
}

TEST(ImageAlpha, TiffExtraSamplesFollowPil) {
    hbtest::TiffSpec t;
    t.width = 256;
    t.height = 1;
    t.samplesPerPixel = 4;
    for (int a = 0; a < 256; ++a) {
        t.samples.insert(t.samples.end(),
                         {200, 37, static_cast<std::uint16_t>(255 - a), static_cast<std::uint16_t>(a)});
    }
    auto expectAll = [&](const std::string& what, auto expected) {
        auto image = decodeBytes(hbtest::makeTiff(t));
        ASSERT_TRUE(image.ok()) << what << ": " << image.error().describe();
        for (int a = 0; a < 256; ++a) {
            EXPECT_EQ(px(*image, a, 0), expected(a)) << what << ", alpha " << a;
        }
    };
    t.extraSamples = 2; // unassociated: RGBA
    expectAll("unassociated", [](int a) {
        return std::vector<std::uint8_t>{onWhite(200, a), onWhite(37, a), onWhite(255 - a, a)};
    });
    t.extraSamples = 1; // associated: PIL's RGBa unpacker divides by alpha (truncating), then blends
    expectAll("associated", [](int a) {
        auto straight = [a](int c) { return a == 0 ? 0 : std::min(255, c * 255 / a); };
        return std::vector<std::uint8_t>{onWhite(straight(200), a), onWhite(straight(37), a),
                                         onWhite(straight(255 - a), a)};
    });
    t.extraSamples = 0; // unspecified: PIL mode RGBX, alpha dropped
    expectAll("unspecified", [](int a) {
        return std::vector<std::uint8_t>{200, 37, static_cast<std::uint8_t>(255 - a)};
    });
    t.extraSamples = 2;
    t.bitsPerSample = 16;
    for (std::uint16_t& v : t.samples) {
        v = static_cast<std::uint16_t>(v * 257);
    }
    expectAll("16-bit unassociated", [](int a) {
        return std::vector<std::uint8_t>{onWhite(200, a), onWhite(37, a), onWhite(255 - a, a)};
    });
}

TEST(ImageAlpha, GreyAlphaDropsAlphaAsPilModeLa) {
    // pil_img2rgb composites only RGBA and "transparency"; LA goes through convert("RGB").
    auto png = decodeBytes(hbtest::makePng(2, 1, 8, 4, {std::string("\x10\x00\x20\x80", 4)}));
    ASSERT_TRUE(png.ok()) << png.error().describe();
    EXPECT_EQ(png->rgb, (std::vector<std::uint8_t>{0x10, 0x10, 0x10, 0x20, 0x20, 0x20}));
    auto png16 = decodeBytes(hbtest::makePng(1, 1, 16, 4, {std::string("\x12\x34\x00\x00", 4)}));
    ASSERT_TRUE(png16.ok());
    EXPECT_EQ(png16->rgb, (std::vector<std::uint8_t>{0x12, 0x12, 0x12}));
    hbtest::TiffSpec t;
    t.width = 2;
    t.samplesPerPixel = 2;
    t.photometric = 1;
    t.extraSamples = 2;
    t.samples = {100, 0, 200, 128};
    auto tiff = decodeBytes(hbtest::makeTiff(t));
    ASSERT_TRUE(tiff.ok()) << tiff.error().describe();
    EXPECT_EQ(tiff->rgb, (std::vector<std::uint8_t>{100, 100, 100, 200, 200, 200}));
}

TEST(ImageAlpha, PngPaletteAndTransparencyChunks) {
    const std::string plte = hbtest::pngChunk("PLTE", std::string("\x10\x20\x30\x40\x50\x60\x70\x80\x90", 9));
    auto pal = decodeBytes(hbtest::makePng(3, 1, 8, 3, {std::string("\x00\x01\x02", 3)}, plte));
    ASSERT_TRUE(pal.ok()) << pal.error().describe();
    EXPECT_EQ(pal->rgb, (std::vector<std::uint8_t>{0x10, 0x20, 0x30, 0x40, 0x50, 0x60, 0x70, 0x80, 0x90}));
    // Palette alphas from tRNS (entries past its end are opaque).
    auto palTrns = decodeBytes(hbtest::makePng(3, 1, 4, 3, {std::string("\x01\x20", 2)},
                                               plte + hbtest::pngChunk("tRNS", std::string("\x00\x80", 2))));
    ASSERT_TRUE(palTrns.ok()) << palTrns.error().describe();
    EXPECT_EQ(palTrns->rgb,
              (std::vector<std::uint8_t>{255, 255, 255, onWhite(0x40, 0x80), onWhite(0x50, 0x80),
                                         onWhite(0x60, 0x80), 0x70, 0x80, 0x90}));
    // Grey and RGB colour keys: the matching pixels become white.
    auto grey = decodeBytes(hbtest::makePng(2, 1, 8, 0, {std::string("\x10\x20", 2)},
                                            hbtest::pngChunk("tRNS", std::string("\x00\x10", 2))));
    ASSERT_TRUE(grey.ok());
    EXPECT_EQ(grey->rgb, (std::vector<std::uint8_t>{255, 255, 255, 0x20, 0x20, 0x20}));
    auto grey16 = decodeBytes(hbtest::makePng(2, 1, 16, 0, {std::string("\x12\x34\x12\x35", 4)},
                                              hbtest::pngChunk("tRNS", std::string("\x12\x34", 2))));
    ASSERT_TRUE(grey16.ok());
    EXPECT_EQ(grey16->rgb, (std::vector<std::uint8_t>{255, 255, 255, 0x12, 0x12, 0x12}));
    auto grey2 = decodeBytes(hbtest::makePng(4, 1, 2, 0, {std::string("\x1b", 1)},
                                             hbtest::pngChunk("tRNS", std::string("\x00\x01", 2))));
    ASSERT_TRUE(grey2.ok());
    EXPECT_EQ(grey2->rgb, (std::vector<std::uint8_t>{0, 0, 0, 255, 255, 255, 170, 170, 170, 255, 255, 255}));
    auto rgb =
        decodeBytes(hbtest::makePng(2, 1, 8, 2, {std::string("\x10\x20\x30\x40\x50\x60", 6)},
                                    hbtest::pngChunk("tRNS", std::string("\x00\x40\x00\x50\x00\x60", 6))));
    ASSERT_TRUE(rgb.ok());
    EXPECT_EQ(rgb->rgb, (std::vector<std::uint8_t>{0x10, 0x20, 0x30, 255, 255, 255}));
}

TEST(ImageAlpha, Bmp32UsesAlphaOnlyWithAnAlphaMask) {
    const std::vector<std::uint8_t> bgra = {10, 20, 30, 0, 40, 50, 60, 128, 70, 80, 90, 255};
    auto plain = decodeBytes(hbtest::makeBmp32(3, 1, bgra, false));
    ASSERT_TRUE(plain.ok()) << plain.error().describe();
    EXPECT_EQ(plain->rgb, (std::vector<std::uint8_t>{30, 20, 10, 60, 50, 40, 90, 80, 70}));
    auto masked = decodeBytes(hbtest::makeBmp32(3, 1, bgra, true));
    ASSERT_TRUE(masked.ok()) << masked.error().describe();
    EXPECT_EQ(masked->rgb, (std::vector<std::uint8_t>{255, 255, 255, onWhite(60, 128), onWhite(50, 128),
                                                      onWhite(40, 128), 90, 80, 70}));
}

TEST(ImageAnimation, GifGivesTheFirstFrame) {
    const std::vector<std::uint8_t> palette = {255, 0, 0, 0, 255, 0, 0, 0, 255};
    const std::vector<std::uint8_t> indices = {0, 1, 2, 1, 0, 2};
    auto still = decodeBytes(hbtest::makeGif(3, 2, palette, indices, -1));
    ASSERT_TRUE(still.ok()) << still.error().describe();
    EXPECT_EQ(px(*still, 0, 0), (std::vector<std::uint8_t>{255, 0, 0}));
    EXPECT_EQ(px(*still, 2, 1), (std::vector<std::uint8_t>{0, 0, 255}));
    // Transparent index 1 -> white; later frames (all blue) are ignored.
    auto animated = decodeBytes(hbtest::makeGif(3, 2, palette, indices, 1, 3, 2));
    ASSERT_TRUE(animated.ok()) << animated.error().describe();
    EXPECT_EQ(animated->width, 3);
    EXPECT_EQ(px(*animated, 0, 0), (std::vector<std::uint8_t>{255, 0, 0}));
    EXPECT_EQ(px(*animated, 1, 0), (std::vector<std::uint8_t>{255, 255, 255}));
    EXPECT_EQ(px(*animated, 2, 1), (std::vector<std::uint8_t>{0, 0, 255}));
}

TEST(ImageAnimation, WebpGivesTheFirstFrameOnItsCanvas) {
    const std::string red = hbtest::cvEncode(".webp", cv::Mat(2, 2, CV_8UC4, cv::Scalar(0, 0, 255, 255)));
    const std::string blue = hbtest::cvEncode(".webp", cv::Mat(4, 4, CV_8UC4, cv::Scalar(255, 0, 0, 255)));
    for (const bool alpha : {true, false}) {
        auto image = decodeBytes(hbtest::makeAnimatedWebp(6, 4, {red, blue}, {2, 0}, {2, 0}, alpha));
        ASSERT_TRUE(image.ok()) << image.error().describe();
        ASSERT_EQ(image->width, 6);
        ASSERT_EQ(image->height, 4);
        EXPECT_EQ(px(*image, 2, 2), (std::vector<std::uint8_t>{255, 0, 0}));
        EXPECT_EQ(px(*image, 3, 3), (std::vector<std::uint8_t>{255, 0, 0}));
        // Outside the first frame: the transparent canvas, white once composited, black in PIL's RGB mode.
        const std::uint8_t empty = alpha ? 255 : 0;
        EXPECT_EQ(px(*image, 0, 0), (std::vector<std::uint8_t>{empty, empty, empty})) << "alpha " << alpha;
        EXPECT_EQ(px(*image, 5, 1), (std::vector<std::uint8_t>{empty, empty, empty})) << "alpha " << alpha;
    }
}

TEST(ImageAnimation, ApngGivesTheDefaultImage) {
    const std::string actl = hbtest::pngChunk("acTL", std::string("\0\0\0\2\0\0\0\0", 8));
    std::string fctl("\0\0\0\0\0\0\0\2\0\0\0\1\0\0\0\0\0\0\0\0\0\1\0\1\0\0", 26);
    // A second frame libpng skips (its data need not even be valid zlib).
    const std::string later = hbtest::pngChunk("fcTL", std::string("\0\0\0\1", 4) + fctl.substr(4)) +
                              hbtest::pngChunk("fdAT", std::string("\0\0\0\2", 4) + "second frame");
    auto image = decodeBytes(hbtest::makePng(2, 1, 8, 2, {std::string("\x01\x02\x03\x04\x05\x06", 6)},
                                             actl + hbtest::pngChunk("fcTL", fctl), later));
    ASSERT_TRUE(image.ok()) << image.error().describe();
    EXPECT_EQ(image->rgb, (std::vector<std::uint8_t>{1, 2, 3, 4, 5, 6}));
}

TEST(ImageOrientation, JpegExifMatchesOpenCvsUprightDecode) {
    const std::string jpeg =
        hbtest::cvEncode(".jpg", hbtest::testPattern(16, 8), {cv::IMWRITE_JPEG_QUALITY, 95});
    for (int orientation = 1; orientation <= 8; ++orientation) {
        const std::string tagged = hbtest::jpegWithExif(jpeg, orientation);
        auto image = decodeBytes(tagged);
        ASSERT_TRUE(image.ok()) << image.error().describe();
        // IMREAD_COLOR applies the EXIF orientation (OpenCV's own implementation).
        const std::vector<std::uint8_t> buf(tagged.begin(), tagged.end());
        expectSame(*image, hbtest::rgbOf(cv::imdecode(buf, cv::IMREAD_COLOR)),
                   "orientation " + std::to_string(orientation));
    }
}

TEST(ImageOrientation, TiffPngAndWebpOrientationTags) {
    const cv::Mat bgr = hbtest::testPattern(3, 2);
    const hb::Image stored = hbtest::rgbOf(bgr);
    hbtest::TiffSpec t;
    t.width = 3;
    t.height = 2;
    for (std::size_t i = 0; i < stored.rgb.size(); ++i) {
        t.samples.push_back(stored.rgb[i]);
    }
    const std::string png = hbtest::cvEncode(".png", bgr);
    const std::string webp = hbtest::cvEncode(".webp", bgr);
    for (int orientation = 1; orientation <= 8; ++orientation) {
        const hb::Image want = hb::applyOrientation(stored, orientation);
        t.orientation = orientation;
        auto tiff = decodeBytes(hbtest::makeTiff(t));
        ASSERT_TRUE(tiff.ok()) << tiff.error().describe();
        expectSame(*tiff, want, "TIFF orientation " + std::to_string(orientation));
        // PNG: an eXIf chunk before IDAT.
        const std::string exif =
            hbtest::pngChunk("eXIf", hbtest::exifTiffBlock(orientation, orientation % 2 == 0));
        auto tagged = decodeBytes(png.substr(0, 33) + exif + png.substr(33));
        ASSERT_TRUE(tagged.ok()) << tagged.error().describe();
        expectSame(*tagged, want, "PNG orientation " + std::to_string(orientation));
        // WebP: VP8X with the EXIF flag, the image chunk, then an EXIF chunk.
        const std::string block = hbtest::exifTiffBlock(orientation);
        std::string body = std::string("WEBPVP8X\x0a\0\0\0\x08\0\0\0\x02\0\0\x01\0\0", 22) + webp.substr(12) +
                           "EXIF" + std::string(1, static_cast<char>(block.size())) + std::string(3, '\0') +
                           block;
        const auto n = static_cast<std::uint32_t>(body.size());
        const std::string riff = "RIFF" +
                                 std::string{static_cast<char>(n & 0xFF), static_cast<char>((n >> 8) & 0xFF),
                                             static_cast<char>(n >> 16), '\0'} +
                                 body;
        auto w = decodeBytes(riff);
        ASSERT_TRUE(w.ok()) << w.error().describe();
        expectSame(*w, want, "WebP orientation " + std::to_string(orientation));
    }
}

TEST(ImageDecode, CmykJpegHasPilColours) {
    // 32x8, four flat 8x8 blocks of CMYK ink (0,255,255,0) (200,30,90,40) (0,0,0,255) (10,60,120,180),
    // written by libjpeg at quality 100 with the Adobe marker (inverted samples, as Photoshop writes).
    const std::string jpeg = hexBytes(
        "ffd8ffee000e41646f626500640000000000ffdb00430001010101010101010101010101010101010101010101010101"
        "010101010101010101010101010101010101010101010101010101010101010101010101010101ffc000140800080020"
        "044311004d11005911004b1100ffc4001f0000010501010101010100000000000000000102030405060708090a0bffc4"
        "00b5100002010303020403050504040000017d01020300041105122131410613516107227114328191a1082342b1c115"
        "52d1f02433627282090a161718191a25262728292a3435363738393a434445464748494a535455565758595a63646566"
        "6768696a737475767778797a838485868788898a92939495969798999aa2a3a4a5a6a7a8a9aab2b3b4b5b6b7b8b9bac2"
        "c3c4c5c6c7c8c9cad2d3d4d5d6d7d8d9dae1e2e3e4e5e6e7e8e9eaf1f2f3f4f5f6f7f8f9faffda000e0443004d005900"
        "4b00003f00fefe2bfcff00ebfcff00ebfbf8aff1bfaff708aff528afcbfaff00640afbc2bfad0aff00147af2fafc1faf"
        "e0febfa58affd9");
    auto image = decodeBytes(jpeg);
    ASSERT_TRUE(image.ok()) << image.error().describe();
    ASSERT_EQ(image->width, 32);
    // PIL: R = (255 - K) - round(C * (255 - K) / 255). OpenCV divides by 256 (a shift), so up to 2
    // levels apart.
    const int ink[4][4] = {{0, 255, 255, 0}, {200, 30, 90, 40}, {0, 0, 0, 255}, {10, 60, 120, 180}};
    for (int b = 0; b < 4; ++b) {
        const std::vector<std::uint8_t> got = px(*image, b * 8 + 4, 4);
        const int nk = 255 - ink[b][3];
        for (int c = 0; c < 3; ++c) {
            const int pil = nk - static_cast<int>(std::lround(ink[b][c] * nk / 255.0));
            EXPECT_NEAR(got[static_cast<std::size_t>(c)], pil, 2) << "block " << b << " channel " << c;
        }
    }
}

TEST(ImageDecode, OnePixelImagesInEveryFormat) {
    const cv::Mat one(1, 1, CV_8UC3, cv::Scalar(30, 20, 10));
    for (const std::string ext : {".png", ".bmp", ".tif", ".webp", ".jpg"}) {
        auto image = decodeBytes(hbtest::cvEncode(
            ext, one, ext == ".jpg" ? std::vector<int>{cv::IMWRITE_JPEG_QUALITY, 100} : std::vector<int>{}));
        ASSERT_TRUE(image.ok()) << ext << ": " << image.error().describe();
        EXPECT_EQ(image->width, 1);
        EXPECT_EQ(image->height, 1);
    }
    auto gif = decodeBytes(hbtest::makeGif(1, 1, {9, 8, 7}, {0}, -1));
    ASSERT_TRUE(gif.ok()) << gif.error().describe();
    EXPECT_EQ(gif->rgb, (std::vector<std::uint8_t>{9, 8, 7}));
}

TEST(ImageDecode, LoadImageReadsFilesLikeDecodeImage) {
    const std::string dir = hbtest::tempDir("image_load");
    const cv::Mat bgr = hbtest::testPattern(5, 4);
    const std::string path = dir + "/pattern.png";
    hbtest::writeFile(path, hbtest::cvEncode(".png", bgr));
    auto image = hb::loadImage(path);
    ASSERT_TRUE(image.ok()) << image.error().describe();
    expectSame(*image, hbtest::rgbOf(bgr), "loadImage");
}

} // namespace

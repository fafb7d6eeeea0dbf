// Image input that must fail cleanly (clear hb::Error, never a crash; run under ASan in CI), the
// size limits, and PNG writing with text chunks.

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <opencv2/imgcodecs.hpp>

#include "hyperbagel/engine/image.h"

#include "image/png_chunks.h"
#include "image_fixtures.h"
#include "test_support.h"

namespace {

using hbtest::decodeBytes;

void put32be(std::string& s, std::size_t offset, std::uint32_t v) {
    for (int i = 0; i < 4; ++i) {
        s[offset + static_cast<std::size_t>(i)] = static_cast<char>((v >> (24 - 8 * i)) & 0xFF);
    }
}

// One valid file per format, small enough to mutate exhaustively.
std::vector<std::pair<std::string, std::string>> sampleFiles() {
    const cv::Mat bgr = hbtest::testPattern(9, 7);
    cv::Mat bgra(7, 9, CV_8UC4, cv::Scalar(10, 20, 30, 128));
    const std::string still = hbtest::cvEncode(".webp", bgra);
    return {{"png", hbtest::cvEncode(".png", bgr)},
            {"png rgba", hbtest::cvEncode(".png", bgra)},
            {"jpeg", hbtest::cvEncode(".jpg", bgr)},
            {"jpeg progressive", hbtest::cvEncode(".jpg", bgr, {cv::IMWRITE_JPEG_PROGRESSIVE, 1})},
            {"webp", hbtest::cvEncode(".webp", bgr)},
            {"webp lossy", hbtest::cvEncode(".webp", bgr, {cv::IMWRITE_WEBP_QUALITY, 80})},
            {"webp animated", hbtest::makeAnimatedWebp(12, 8, {still, still}, {0, 2}, {0, 0}, true)},
            {"bmp", hbtest::cvEncode(".bmp", bgr)},
            {"tiff", hbtest::cvEncode(".tif", bgr)},
            {"gif", hbtest::makeGif(9, 7, {1, 2, 3, 4, 5, 6}, std::vector<std::uint8_t>(63, 1), 0, 2)}};
}

TEST(ImageBadInput, MissingEmptyAndUnknownFiles) {
    auto missing = hb::loadImage("/nonexistent/cat.png");
    ASSERT_FALSE(missing.ok());
    EXPECT_EQ(missing.error().code, hb::ErrorCode::FileNotFound);

    const std::string dir = hbtest::tempDir("image_bad_input");
    hbtest::writeFile(dir + "/empty.png", "");
    auto empty = hb::loadImage(dir + "/empty.png");
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, hb::ErrorCode::BadFormat);
    EXPECT_NE(empty.error().message.find("empty.png"), std::string::npos) << empty.error().message;

    hbtest::writeFile(dir + "/notes.png", "just some text, not an image");
    auto text = hb::loadImage(dir + "/notes.png");
    ASSERT_FALSE(text.ok());
    EXPECT_EQ(text.error().code, hb::ErrorCode::BadFormat);
    EXPECT_NE(text.error().message.find("unknown image format"), std::string::npos) << text.error().message;

    auto nothing = hb::decodeImage(nullptr, 0);
    ASSERT_FALSE(nothing.ok());
    EXPECT_EQ(nothing.error().code, hb::ErrorCode::BadFormat);
    for (const std::string& magic :
         {std::string("\x89PNG\r\n\x1a\n", 8), std::string("\xFF\xD8\xFF", 3), std::string("GIF89a"),
          std::string("BM"), std::string("II*\0", 4), std::string("RIFF\0\0\0\0WEBP", 12)}) {
        auto stub = decodeBytes(magic);
        ASSERT_FALSE(stub.ok()) << magic;
        EXPECT_EQ(stub.error().code, hb::ErrorCode::BadFormat) << stub.error().message;
    }
}

TEST(ImageBadInput, TruncatedFilesFail) {
    for (const auto& [name, bytes] : sampleFiles()) {
        ASSERT_TRUE(decodeBytes(bytes).ok()) << name << ": " << decodeBytes(bytes).error().describe();
        // Cut inside the headers, in the middle of the pixel data and just before the data ends. (A GIF
        // whose first frame is complete is still a valid GIF, so it is cut inside that frame only; a
        // PNG missing only IEND still decodes in PIL too, so the last cut reaches into IDAT.)
        const std::size_t lastCut = name == "gif" ? bytes.size() / 2 : bytes.size() - 14;
        for (const std::size_t cut :
             {std::size_t{5}, std::size_t{20}, bytes.size() / 3, bytes.size() / 2, lastCut}) {
            auto image = decodeBytes(bytes.substr(0, cut));
            EXPECT_FALSE(image.ok()) << name << " cut to " << cut << " of " << bytes.size() << " bytes";
            if (!image.ok()) {
                EXPECT_EQ(image.error().code, hb::ErrorCode::BadFormat)
                    << name << ": " << image.error().message;
            }
        }
    }
}

TEST(ImageBadInput, CorruptBytesNeverCrash) {
    // Random damage, most of it in the headers where the probe and the decoders parse structure. A
    // damaged file may still decode (damaged pixels are valid pixels); it must never crash or leak.
    std::mt19937 rng(1234);
    for (const auto& [name, bytes] : sampleFiles()) {
        int failures = 0;
        for (int trial = 0; trial < 150; ++trial) {
            std::string damaged = bytes;
            const int edits = 1 + static_cast<int>(rng() % 4);
            for (int e = 0; e < edits; ++e) {
                const std::size_t span =
                    trial % 2 == 0 ? std::min<std::size_t>(64, bytes.size()) : bytes.size();
                damaged[rng() % span] = static_cast<char>(rng() & 0xFF);
            }
            auto image = decodeBytes(damaged);
            if (image.ok()) {
                EXPECT_EQ(image->rgb.size(), static_cast<std::size_t>(image->width) * image->height * 3)
                    << name;
            } else {
                ++failures;
                EXPECT_FALSE(image.error().message.empty()) << name;
            }
        }
        RecordProperty(name + "_rejected_of_150", failures);
    }
}

TEST(ImageBadInput, HugeSizesAreRefusedBeforeDecoding) {
    // A 20000x20000 PNG header with nothing behind it: refused from the header alone.
    std::string png = hbtest::makePng(1, 1, 8, 2, {std::string(3, '\0')});
    put32be(png, 16, 20000);
    put32be(png, 20, 20000);
    auto big = decodeBytes(png);
    ASSERT_FALSE(big.ok());
    EXPECT_EQ(big.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(big.error().message.find("20000x20000"), std::string::npos) << big.error().message;
    EXPECT_NE(big.error().message.find("16384"), std::string::npos) << big.error().message;
    // Each side within the limit, the area not (16384 x 4097 > 64 MP).
    put32be(png, 16, 16384);
    put32be(png, 20, 4097);
    auto wide = decodeBytes(png);
    ASSERT_FALSE(wide.ok());
    EXPECT_EQ(wide.error().code, hb::ErrorCode::InvalidRequest);
    EXPECT_NE(wide.error().message.find("67108864"), std::string::npos) << wide.error().message;
    // The same for the other containers' headers.
    std::string jpeg = hbtest::cvEncode(".jpg", hbtest::testPattern(8, 8));
    const std::size_t sof = jpeg.find("\xFF\xC0");
    ASSERT_NE(sof, std::string::npos);
    jpeg[sof + 5] = jpeg[sof + 7] = static_cast<char>(0x4E); // 0x4E20 = 20000
    jpeg[sof + 6] = jpeg[sof + 8] = static_cast<char>(0x20);
    std::string gif = hbtest::makeGif(1, 1, {0, 0, 0}, {0}, -1);
    gif[6] = gif[8] = static_cast<char>(0x20);
    gif[7] = gif[9] = static_cast<char>(0x4E);
    hbtest::TiffSpec t;
    t.width = 20000;
    t.height = 20000;
    t.samples = {1, 2, 3};
    const std::vector<std::uint8_t> bgra(4, 0);
    std::string bmp = hbtest::makeBmp32(1, 1, bgra, false);
    bmp[18] = bmp[22] = static_cast<char>(0x20);
    bmp[19] = bmp[23] = static_cast<char>(0x4E);
    for (const auto& [name, bytes] : std::vector<std::pair<std::string, std::string>>{
             {"jpeg", jpeg}, {"gif", gif}, {"tiff", hbtest::makeTiff(t)}, {"bmp", bmp}}) {
        auto image = decodeBytes(bytes);
        ASSERT_FALSE(image.ok()) << name;
        EXPECT_EQ(image.error().code, hb::ErrorCode::InvalidRequest) << name << ": " << image.error().message;
        EXPECT_NE(image.error().message.find("20000x20000"), std::string::npos) << image.error().message;
    }
    // A zero side is a damaged header.
    put32be(png, 16, 0);
    auto zero = decodeBytes(png);
    ASSERT_FALSE(zero.ok());
    EXPECT_EQ(zero.error().code, hb::ErrorCode::BadFormat);
}

TEST(PngText, ChunksRoundTrip) {
    EXPECT_EQ(hb::crc32(reinterpret_cast<const std::uint8_t*>("IEND"), 4), 0xAE426082u);
    hb::Image image;
    image.width = 3;
    image.height = 2;
    for (int i = 0; i < 18; ++i) {
        image.rgb.push_back(static_cast<std::uint8_t>(i * 13));
    }
    const std::vector<std::pair<std::string, std::string>> text = {
        {"prompt", "a cat on a sofa,\nwatercolour"},
        {"negative prompt", "blurry"},
        {"seed", "42"},
        {"tier", "balanced"},
        {"model", "BAGEL-7B-MoT"},
        {"caption", "\xE7\x8C\xAB \xE2\x80\x94 caf\xC3\xA9"}, // UTF-8: written as iTXt
    };
    const std::string path = hbtest::tempDir("png_text") + "/out.png";
    auto saved = hb::saveImagePng(image, path, text);
    ASSERT_TRUE(saved.ok()) << saved.error().describe();
    auto back = hb::readPngText(path);
    ASSERT_TRUE(back.ok()) << back.error().describe();
    EXPECT_EQ(*back, text);
    auto pixels = hb::loadImage(path);
    ASSERT_TRUE(pixels.ok()) << pixels.error().describe();
    EXPECT_EQ(pixels->rgb, image.rgb);
    EXPECT_NE(hbtest::readFile(path).find(std::string("tEXtseed\0"
                                                      "42",
                                                      11)),
              std::string::npos);
}

TEST(PngText, BadKeysValuesAndImagesAreRefused) {
    hb::Image image;
    image.width = 1;
    image.height = 1;
    image.rgb = {1, 2, 3};
    const std::string path = hbtest::tempDir("png_text_bad") + "/out.png";
    for (const std::string& key : {std::string(), std::string(80, 'k'), std::string(" lead"),
                                   std::string("two  spaces"), std::string("caf\xC3\xA9")}) {
        auto saved = hb::saveImagePng(image, path, {{key, "v"}});
        ASSERT_FALSE(saved.ok()) << key;
        EXPECT_EQ(saved.error().code, hb::ErrorCode::InvalidRequest) << key;
    }
    auto nul = hb::saveImagePng(image, path, {{"prompt", std::string("a\0b", 3)}});
    ASSERT_FALSE(nul.ok());
    EXPECT_EQ(nul.error().code, hb::ErrorCode::InvalidRequest);
    auto empty = hb::saveImagePng(hb::Image{}, path, {});
    ASSERT_FALSE(empty.ok());
    EXPECT_EQ(empty.error().code, hb::ErrorCode::InvalidRequest);
    auto nowhere = hb::saveImagePng(image, "/nonexistent/dir/out.png", {});
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error().code, hb::ErrorCode::IoError);
    hbtest::writeFile(path, "not a png");
    auto notPng = hb::readPngText(path);
    ASSERT_FALSE(notPng.ok());
    EXPECT_EQ(notPng.error().code, hb::ErrorCode::BadFormat);
}

} // namespace

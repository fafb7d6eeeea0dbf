// Hostile and broken files: every case must give a clear BadFormat/Unsupported error and never read
// outside the file (these tests also run under ASan/UBSan).

#include <cstring>
#include <vector>

#include <gtest/gtest.h>

#include "hyperbagel/engine/safetensors.h"

#include "test_support.h"

namespace {

const std::string kGoodHeader = R"({"w":{"dtype":"F32","shape":[2,2],"data_offsets":[0,16]},)"
                                R"("b":{"dtype":"BF16","shape":[3],"data_offsets":[16,22]},)"
                                R"("__metadata__":{"k":"v"}})";
const std::string kGoodData(22, '\x11');

hb::Result<hb::SafetensorsHeader> parseBytes(const std::string& bytes) {
    return hb::parseSafetensors(reinterpret_cast<const std::byte*>(bytes.data()), bytes.size());
}

// Every view of a parsed header lies inside the image.
void expectViewsInBounds(const hb::SafetensorsHeader& h, std::uint64_t size) {
    for (const hb::TensorInfo& t : h.tensors) {
        EXPECT_LE(8 + h.headerBytes + t.dataEnd, size) << t.name;
    }
}

void expectBad(const std::string& header, const std::string& data, const std::string& needle) {
    auto parsed = parseBytes(hbtest::makeSafetensorsBytes(header, data));
    ASSERT_FALSE(parsed.ok()) << "accepted: " << header;
    EXPECT_TRUE(parsed.error().code == hb::ErrorCode::BadFormat ||
                parsed.error().code == hb::ErrorCode::Unsupported);
    EXPECT_NE(parsed.error().message.find(needle), std::string::npos)
        << "message \"" << parsed.error().message << "\" lacks \"" << needle << "\"";
}

} // namespace

TEST(SafetensorsBadInput, TheBaselineIsValid) {
    auto parsed = parseBytes(hbtest::makeSafetensorsBytes(kGoodHeader, kGoodData));
    ASSERT_TRUE(parsed.ok()) << parsed.error().message;
    EXPECT_EQ(parsed->tensors.size(), 2u);
}

TEST(SafetensorsBadInput, EveryTruncationIsRejected) {
    const std::string full = hbtest::makeSafetensorsBytes(kGoodHeader, kGoodData);
    for (std::size_t n = 0; n < full.size(); ++n) {
        // A fresh heap copy of exactly n bytes, so ASan sees any read past the end.
        std::vector<std::byte> prefix(n);
        if (n > 0) {
            std::memcpy(prefix.data(), full.data(), n);
        }
        auto parsed = hb::parseSafetensors(prefix.data(), n);
        ASSERT_FALSE(parsed.ok()) << "prefix of " << n << " bytes accepted";
        EXPECT_FALSE(parsed.error().message.empty());
    }
}

TEST(SafetensorsBadInput, TruncatedFileOnDiskNamesTheFileAndTheCause) {
    const std::string full = hbtest::makeSafetensorsBytes(kGoodHeader, kGoodData);
    const std::string path = hbtest::tempDir("bad_truncated") + "/t.safetensors";
    hbtest::writeFile(path, full.substr(0, full.size() - 3));
    auto file = hb::SafetensorsFile::open(path);
    ASSERT_FALSE(file.ok());
    EXPECT_NE(file.error().message.find("t.safetensors"), std::string::npos);
    EXPECT_NE(file.error().message.find("truncated"), std::string::npos) << file.error().message;
}

TEST(SafetensorsBadInput, FlippedHeaderBytesNeverEscapeTheBuffer) {
    const std::string full = hbtest::makeSafetensorsBytes(kGoodHeader, kGoodData);
    std::size_t rejected = 0;
    for (std::size_t i = 0; i < full.size() - kGoodData.size(); ++i) {
        for (const unsigned mask : {0x01u, 0x20u, 0x80u, 0xFFu}) {
            std::vector<std::byte> bytes(full.size());
            std::memcpy(bytes.data(), full.data(), full.size());
            bytes[i] ^= static_cast<std::byte>(mask);
            auto parsed = hb::parseSafetensors(bytes.data(), bytes.size());
            if (parsed.ok()) {
                expectViewsInBounds(*parsed, bytes.size());
            } else {
                ++rejected;
                EXPECT_FALSE(parsed.error().message.empty());
            }
        }
    }
    EXPECT_GT(rejected, 0u);
}

TEST(SafetensorsBadInput, AbsurdHeaderLengths) {
    const std::string body = kGoodHeader + kGoodData;
    for (const std::uint64_t n : {0ull, 1ull, 100'000'001ull, 1ull << 40, ~0ull, 1ull << 63}) {
        auto parsed = parseBytes(hbtest::u64le(n) + body);
        ASSERT_FALSE(parsed.ok()) << n;
    }
    // A header that claims exactly 100 MB in a small file: rejected without reading or allocating it.
    auto claims100MB = parseBytes(hbtest::u64le(100'000'000) + body);
    ASSERT_FALSE(claims100MB.ok());
    EXPECT_NE(claims100MB.error().message.find("past the end"), std::string::npos);
    auto over = parseBytes(hbtest::u64le(100'000'001) + body);
    EXPECT_NE(over.error().message.find("100 MB"), std::string::npos);
}

TEST(SafetensorsBadInput, OffsetsMustTileTheDataSection) {
    expectBad(
        R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]},"b":{"dtype":"U8","shape":[4],"data_offsets":[2,6]}})",
        std::string(6, 'x'), "overlaps");
    expectBad(
        R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]},"b":{"dtype":"U8","shape":[2],"data_offsets":[4,6]}})",
        std::string(6, 'x'), "belong to no tensor");
    expectBad(R"({"a":{"dtype":"U8","shape":[4],"data_offsets":[0,4]}})", std::string(6, 'x'),
              "end of the data section");
    expectBad(R"({"a":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}})", std::string(6, 'x'), "truncated");
    expectBad(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[1000000000000,1000000000002]}})",
              std::string(6, 'x'), "a");
    expectBad(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[4,2]}})", std::string(2, 'x'),
              "before begin");
    expectBad(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0]}})", std::string(2, 'x'), "two integers");
}

TEST(SafetensorsBadInput, DtypeTimesShapeMustMatchTheSpan) {
    expectBad(R"({"a":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}})", std::string(4, 'x'),
              "does not match");
    expectBad(R"({"a":{"dtype":"F64","shape":[4294967296,4294967296],"data_offsets":[0,8]}})",
              std::string(8, 'x'), "does not match");
    expectBad(R"({"a":{"dtype":"U8","shape":[-2],"data_offsets":[0,2]}})", std::string(2, 'x'),
              "non-negative");
    expectBad(R"({"a":{"dtype":"U8","shape":[2.0],"data_offsets":[0,2]}})", std::string(2, 'x'),
              "non-negative");
    expectBad(R"({"a":{"dtype":"U8","shape":[99999999999999999999],"data_offsets":[0,2]}})",
              std::string(2, 'x'), "a");
    expectBad(R"({"a":{"dtype":"Q4","shape":[2],"data_offsets":[0,2]}})", std::string(2, 'x'), "Q4");
    expectBad(R"({"a":{"dtype":5,"shape":[2],"data_offsets":[0,2]}})", std::string(2, 'x'), "dtype");
}

TEST(SafetensorsBadInput, JsonShapeIsStrict) {
    expectBad(R"([1,2,3])", "", "JSON object");
    expectBad(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2])", std::string(2, 'x'),
              "not valid JSON");
    expectBad(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}} trailing)", std::string(2, 'x'),
              "not valid JSON");
    expectBad(R"({"a":{"dtype":"U8","shape":[2],"data_offsets":[0,2],"extra":1}})", std::string(2, 'x'),
              "extra");
    expectBad(R"({"a":{"dtype":"U8","shape":[2]}})", std::string(2, 'x'), "data_offsets");
    expectBad(R"({"a":[1,2]})", "", "must be an object");
    expectBad(R"({"":{"dtype":"U8","shape":[2],"data_offsets":[0,2]}})", std::string(2, 'x'), "empty name");
    expectBad(R"({"__metadata__":{"k":1}})", "", "__metadata__");
    expectBad(R"({"__metadata__":[1]})", "", "__metadata__");
}

TEST(SafetensorsBadInput, DuplicateNamesAreRejected) {
    expectBad(
        R"({"a":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},"a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}})",
        std::string(2, 'x'), "\"a\" twice");
    expectBad(R"({"a":{"dtype":"U8","dtype":"I8","shape":[1],"data_offsets":[0,1]}})", std::string(1, 'x'),
              "twice");
}

TEST(SafetensorsBadInput, NonUtf8NamesAreRejected) {
    expectBad("{\"\xff\xfe\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", std::string(1, 'x'),
              "not valid JSON");
    expectBad("{\"a\xc3\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", std::string(1, 'x'),
              "not valid JSON");
    // Well-formed UTF-8 names are fine.
    auto ok = parseBytes(hbtest::makeSafetensorsBytes(
        "{\"caf\xc3\xa9\":{\"dtype\":\"U8\",\"shape\":[1],\"data_offsets\":[0,1]}}", std::string(1, 'x')));
    ASSERT_TRUE(ok.ok()) << ok.error().message;
    EXPECT_EQ(ok->tensors[0].name, "caf\xc3\xa9");
}

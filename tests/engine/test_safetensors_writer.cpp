// The streaming writer: round trips for every dtype, chunked appends, and refusal of misuse.
// A writer that is abandoned or fails never leaves a complete-looking file behind.

#include <algorithm>
#include <filesystem>
#include <numeric>
#include <random>

#include <gtest/gtest.h>

#include "hyperbagel/engine/safetensors.h"

#include "test_support.h"

namespace fs = std::filesystem;

namespace {

std::vector<hb::TensorSpec> everyDtypeSpecs() {
    std::vector<hb::TensorSpec> specs;
    for (int i = 0; i < static_cast<int>(hb::DType::Count); ++i) {
        const auto dtype = static_cast<hb::DType>(i);
        specs.push_back({"t." + std::string(hb::toString(dtype)), dtype, {3, i + 1}});
    }
    specs.push_back({"empty", hb::DType::F32, {0}});
    // Largest elements first keeps every tensor aligned to its element size (as the Python writer does).
    std::stable_sort(specs.begin(), specs.end(), [](const hb::TensorSpec& a, const hb::TensorSpec& b) {
        return hb::dtypeSize(a.dtype) > hb::dtypeSize(b.dtype);
    });
    return specs;
}

std::size_t bytesOf(const hb::TensorSpec& s) {
    std::size_t n = hb::dtypeSize(s.dtype);
    for (const auto d : s.shape) {
        n *= static_cast<std::size_t>(d);
    }
    return n;
}

} // namespace

TEST(SafetensorsWriter, RoundTripsEveryDtypeInOddChunks) {
    const std::string path = hbtest::tempDir("writer_roundtrip") + "/all.safetensors";
    const auto specs = everyDtypeSpecs();
    std::string payload;
    std::mt19937 rng(5);
    for (const auto& s : specs) {
        for (std::size_t i = 0; i < bytesOf(s); ++i) {
            payload.push_back(static_cast<char>(rng() & 0xFF));
        }
    }
    auto writer = hb::SafetensorsWriter::create(path, specs, {{"producer", "test"}});
    ASSERT_TRUE(writer.ok()) << writer.error().message;
    for (std::size_t pos = 0; pos < payload.size(); pos += 7) { // chunks cross tensor boundaries
        ASSERT_TRUE(
            (*writer)->append(payload.data() + pos, std::min<std::size_t>(7, payload.size() - pos)).ok());
    }
    EXPECT_TRUE((*writer)->currentTensor().empty());
    ASSERT_TRUE((*writer)->finish().ok());
    EXPECT_EQ(fs::file_size(path), (*writer)->fileBytes());

    auto file = hb::SafetensorsFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    EXPECT_EQ((*file)->header().headerBytes % 8, 0u);
    EXPECT_EQ((*file)->metadata().at("producer"), "test");
    std::size_t offset = 0;
    for (const auto& s : specs) {
        const hb::TensorInfo* info = (*file)->find(s.name);
        ASSERT_NE(info, nullptr) << s.name;
        EXPECT_EQ(info->dtype, s.dtype);
        EXPECT_EQ(info->shape, s.shape);
        const hb::TensorView view = (*file)->view(*info);
        EXPECT_TRUE(view.aligned()) << s.name;
        ASSERT_EQ(view.byteSize(), bytesOf(s));
        EXPECT_EQ(std::string(reinterpret_cast<const char*>(view.data), view.byteSize()),
                  payload.substr(offset, bytesOf(s)))
            << s.name;
        offset += bytesOf(s);
    }
}

TEST(SafetensorsWriter, WriteTensorEnforcesOrderAndSize) {
    const std::string path = hbtest::tempDir("writer_order") + "/o.safetensors";
    auto writer = hb::SafetensorsWriter::create(path, {{"a", hb::DType::U8, {2}}, {"b", hb::DType::U8, {3}}});
    ASSERT_TRUE(writer.ok());
    const char bytes[] = "abcdef";
    EXPECT_FALSE((*writer)->writeTensor("b", bytes, 3).ok());
    EXPECT_FALSE((*writer)->writeTensor("a", bytes, 3).ok());
    ASSERT_TRUE((*writer)->writeTensor("a", bytes, 2).ok());
    EXPECT_EQ((*writer)->currentTensor(), "b");
    auto early = (*writer)->finish();
    ASSERT_FALSE(early.ok());
    EXPECT_NE(early.error().message.find("\"b\""), std::string::npos);
    EXPECT_FALSE((*writer)->append(bytes, 4).ok()); // one byte too many
}

TEST(SafetensorsWriter, AbandonedWriterLeavesNoFile) {
    const std::string dir = hbtest::tempDir("writer_abandon");
    {
        auto writer = hb::SafetensorsWriter::create(dir + "/x.safetensors", {{"a", hb::DType::F32, {4}}});
        ASSERT_TRUE(writer.ok());
        const float half[] = {1, 2};
        ASSERT_TRUE((*writer)->append(half, sizeof half).ok());
        EXPECT_TRUE(fs::exists(dir + "/x.safetensors.partial"));
    }
    EXPECT_FALSE(fs::exists(dir + "/x.safetensors"));
    EXPECT_FALSE(fs::exists(dir + "/x.safetensors.partial"));
}

TEST(SafetensorsWriter, RejectsBadSpecs) {
    const std::string dir = hbtest::tempDir("writer_specs");
    const auto code = [&](std::vector<hb::TensorSpec> specs) {
        auto w = hb::SafetensorsWriter::create(dir + "/s.safetensors", std::move(specs));
        return w.ok() ? hb::ErrorCode::Count : w.error().code;
    };
    EXPECT_EQ(code({{"a", hb::DType::U8, {1}}, {"a", hb::DType::U8, {1}}}), hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(code({{"", hb::DType::U8, {1}}}), hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(code({{"__metadata__", hb::DType::U8, {1}}}), hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(code({{"a", hb::DType::U8, {-1}}}), hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(code({{"a", hb::DType::F64, {1ll << 40, 1ll << 40}}}), hb::ErrorCode::InvalidRequest);
    EXPECT_EQ(code({{"bad\xff", hb::DType::U8, {1}}}), hb::ErrorCode::InvalidRequest);
    auto unwritable =
        hb::SafetensorsWriter::create(dir + "/no/such/dir/s.safetensors", {{"a", hb::DType::U8, {1}}});
    ASSERT_FALSE(unwritable.ok());
    EXPECT_EQ(unwritable.error().code, hb::ErrorCode::IoError);
}

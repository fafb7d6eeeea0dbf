// The reader on hand-made files (expected bytes written independently of the writer) and on the
// golden checkpoint made by the official Python code.

#include <cstring>

#include <gtest/gtest.h>

#include "hyperbagel/engine/safetensors.h"

#include "test_support.h"

namespace {

std::string bytesOf(const void* p, std::size_t n) { return std::string(static_cast<const char*>(p), n); }

} // namespace

TEST(SafetensorsReader, ReadsAHandMadeFile) {
    const float a[] = {1.0f, -2.0f, 3.5f, 0.25f, 8.0f, -0.5f};
    const std::int64_t ids[] = {7, -9};
    const std::string data = bytesOf(a, sizeof a) + bytesOf(ids, sizeof ids);
    const std::string header = R"({"b":{"dtype":"I64","shape":[2],"data_offsets":[24,40]},)"
                               R"("a":{"dtype":"F32","shape":[2,3],"data_offsets":[0,24]},)"
                               R"("__metadata__":{"format":"pt"}})";
    const std::string path = hbtest::tempDir("reader_hand") + "/x.safetensors";
    hbtest::writeFile(path, hbtest::makeSafetensorsBytes(header, data));

    auto file = hb::SafetensorsFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    const auto& tensors = (*file)->tensors();
    ASSERT_EQ(tensors.size(), 2u);
    EXPECT_EQ(tensors[0].name, "a"); // sorted by offset, not by header order
    EXPECT_EQ(tensors[1].name, "b");
    EXPECT_EQ((*file)->metadata().at("format"), "pt");
    const hb::TensorInfo* infoA = (*file)->find("a");
    ASSERT_NE(infoA, nullptr);
    EXPECT_EQ(infoA->shape, (std::vector<std::int64_t>{2, 3}));
    EXPECT_EQ(infoA->shapeString(), "[2, 3]");
    EXPECT_EQ(infoA->numel(), 6);
    const hb::TensorView view = (*file)->view(*infoA);
    EXPECT_TRUE(view.aligned());
    EXPECT_EQ(std::memcmp(view.data, a, sizeof a), 0);
    EXPECT_EQ(view.at(2), 3.5);
    EXPECT_EQ((*file)->view(*(*file)->find("b")).at(1), -9.0);
    EXPECT_EQ((*file)->find("c"), nullptr);
    EXPECT_EQ((*file)->fileBytes(), 8 + (*file)->header().headerBytes + data.size());
}

TEST(SafetensorsReader, AcceptsEmptyAndZeroSizedTensors) {
    const std::string path = hbtest::tempDir("reader_empty") + "/e.safetensors";
    hbtest::writeFile(path, hbtest::makeSafetensorsBytes("{}", ""));
    auto empty = hb::SafetensorsFile::open(path);
    ASSERT_TRUE(empty.ok()) << empty.error().message;
    EXPECT_TRUE((*empty)->tensors().empty());

    hbtest::writeFile(
        path, hbtest::makeSafetensorsBytes(R"({"z":{"dtype":"F32","shape":[0,4],"data_offsets":[0,0]},)"
                                           R"("s":{"dtype":"U8","shape":[],"data_offsets":[0,1]}})",
                                           std::string(1, '\x05')));
    auto scalar = hb::SafetensorsFile::open(path);
    ASSERT_TRUE(scalar.ok()) << scalar.error().message;
    EXPECT_EQ((*scalar)->find("s")->numel(), 1);
    EXPECT_EQ((*scalar)->view(*(*scalar)->find("s")).at(0), 5.0);
    EXPECT_EQ((*scalar)->find("z")->numel(), 0);
}

TEST(SafetensorsReader, UnpaddedHeaderGivesUnalignedButCorrectViews) {
    const double v = 6.5;
    const std::string header = R"({"d":{"dtype":"F64","shape":[1],"data_offsets":[0,8]}})"; // 55 bytes
    const std::string path = hbtest::tempDir("reader_unaligned") + "/u.safetensors";
    hbtest::writeFile(path, hbtest::makeSafetensorsBytes(header, bytesOf(&v, 8), /*pad=*/false));
    auto file = hb::SafetensorsFile::open(path);
    ASSERT_TRUE(file.ok()) << file.error().message;
    const hb::TensorView view = (*file)->view(*(*file)->find("d"));
    EXPECT_FALSE(view.aligned());
    EXPECT_EQ(view.at(0), 6.5);
}

TEST(SafetensorsReader, MissingFileIsFileNotFound) {
    auto file = hb::SafetensorsFile::open(hbtest::tempDir("reader_missing") + "/nope.safetensors");
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.error().code, hb::ErrorCode::FileNotFound);
    EXPECT_NE(file.error().message.find("nope.safetensors"), std::string::npos);
}

TEST(SafetensorsReader, ADirectoryIsNotAFile) {
    auto file = hb::SafetensorsFile::open(hbtest::tempDir("reader_dir"));
    ASSERT_FALSE(file.ok());
    EXPECT_EQ(file.error().code, hb::ErrorCode::IoError);
}

TEST(SafetensorsReader, ReadsTheGoldenCheckpoint) {
    if (!hbtest::haveGolden()) {
        GTEST_SKIP() << "golden set not present";
    }
    // Counts from the golden README: 111 tensors / 759,968 values and 176 tensors / 1,271,427 values.
    const std::pair<const char*, std::pair<std::size_t, std::int64_t>> files[] = {
        {"/model/ema.safetensors", {111, 759968}}, {"/model/ae.safetensors", {176, 1271427}}};
    for (const auto& [name, expected] : files) {
        auto file = hb::SafetensorsFile::open(hbtest::goldenDir() + name);
        ASSERT_TRUE(file.ok()) << file.error().message;
        EXPECT_EQ((*file)->tensors().size(), expected.first) << name;
        std::int64_t values = 0;
        for (const hb::TensorInfo& t : (*file)->tensors()) {
            EXPECT_EQ(t.dtype, hb::DType::F32) << t.name;
            values += t.numel();
        }
        EXPECT_EQ(values, expected.second) << name;
    }
    auto ema = hb::SafetensorsFile::open(hbtest::goldenDir() + "/model/ema.safetensors");
    const hb::TensorInfo* pos = (*ema)->find("latent_pos_embed.pos_embed");
    ASSERT_NE(pos, nullptr);
    EXPECT_EQ(pos->shapeString(), "[64, 64]");
    // Row 0 of the 2-D sin-cos table is sin(0)=0 / cos(0)=1 blocks: [0]*16, [1]*16, [0]*16, [1]*16.
    const hb::TensorView view = (*ema)->view(*pos);
    EXPECT_EQ(view.at(0), 0.0);
    EXPECT_EQ(view.at(16), 1.0);
    EXPECT_EQ(view.at(32), 0.0);
    EXPECT_EQ(view.at(48), 1.0);
}

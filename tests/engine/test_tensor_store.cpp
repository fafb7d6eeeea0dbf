// TensorStore over single files and sharded indexes, including every way an index can disagree
// with its shards.

#include <filesystem>

#include <gtest/gtest.h>

#include "hyperbagel/engine/safetensors.h"

#include "test_support.h"

namespace {

void writeShard(const std::string& path, const std::vector<std::string>& names) {
    std::vector<hb::TensorSpec> specs;
    for (const auto& n : names) {
        specs.push_back({n, hb::DType::F32, {2}});
    }
    auto w = hb::SafetensorsWriter::create(path, specs);
    ASSERT_TRUE(w.ok());
    for (std::size_t i = 0; i < names.size(); ++i) {
        const float v[2] = {static_cast<float>(i), -static_cast<float>(i)};
        ASSERT_TRUE((*w)->append(v, sizeof v).ok());
    }
    ASSERT_TRUE((*w)->finish().ok());
}

std::string makeShardedFolder(const std::string& name) {
    const std::string dir = hbtest::tempDir(name);
    writeShard(dir + "/m-1.safetensors", {"a", "b"});
    writeShard(dir + "/m-2.safetensors", {"c"});
    return dir;
}

hb::Result<std::unique_ptr<hb::TensorStore>> openWithIndex(const std::string& dir, const std::string& json) {
    hbtest::writeFile(dir + "/m.safetensors.index.json", json);
    return hb::TensorStore::open(dir + "/m.safetensors.index.json");
}

void expectIndexError(const std::string& json, const std::string& needle) {
    const std::string dir = makeShardedFolder("store_bad");
    auto store = openWithIndex(dir, json);
    ASSERT_FALSE(store.ok()) << json;
    EXPECT_NE(store.error().message.find(needle), std::string::npos) << store.error().message;
}

} // namespace

TEST(TensorStore, SingleFile) {
    const std::string dir = hbtest::tempDir("store_single");
    writeShard(dir + "/one.safetensors", {"x", "y"});
    auto store = hb::TensorStore::open(dir + "/one.safetensors");
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_FALSE((*store)->sharded());
    EXPECT_EQ((*store)->names(), (std::vector<std::string>{"x", "y"}));
    EXPECT_EQ((*store)->view("y").at(1), -1.0);
}

TEST(TensorStore, ShardedIndexJoinsShards) {
    const std::string dir = makeShardedFolder("store_sharded");
    ASSERT_TRUE(hb::writeSafetensorsIndex(
                    dir + "/m.safetensors.index.json",
                    {{"a", "m-1.safetensors"}, {"b", "m-1.safetensors"}, {"c", "m-2.safetensors"}}, 24)
                    .ok());
    auto store = hb::TensorStore::open(dir + "/m.safetensors.index.json");
    ASSERT_TRUE(store.ok()) << store.error().message;
    EXPECT_TRUE((*store)->sharded());
    EXPECT_EQ((*store)->files().size(), 2u);
    EXPECT_EQ((*store)->size(), 3u);
    EXPECT_EQ((*store)->view("c").at(0), 0.0);
    EXPECT_EQ((*store)->view("b").at(1), -1.0);
    EXPECT_NE((*store)->fileOf("c"), (*store)->fileOf("a"));
    EXPECT_EQ((*store)->find("zzz"), nullptr);
}

TEST(TensorStore, IndexMustAgreeWithShards) {
    expectIndexError(R"({"weight_map":{"a":"m-1.safetensors","b":"m-1.safetensors","c":"m-3.safetensors"}})",
                     "m-3.safetensors is missing");
    expectIndexError(R"({"weight_map":{"a":"m-1.safetensors","b":"m-1.safetensors","c":"m-1.safetensors"}})",
                     "\"c\" is mapped to m-1.safetensors");
    expectIndexError(R"({"weight_map":{"a":"m-1.safetensors","c":"m-2.safetensors"}})",
                     "holds tensor \"b\", which the index does not list");
    expectIndexError(R"({"weight_map":{"a":"../m-1.safetensors"}})", "not a plain file name");
    expectIndexError(R"({"weight_map":{"a":7}})", "file name string");
    expectIndexError(R"({"metadata":{}})", "weight_map");
    expectIndexError(R"({"weight_map":)", "not valid JSON");
}

TEST(TensorStore, NameInTwoShardsIsRejected) {
    const std::string dir = hbtest::tempDir("store_twice");
    writeShard(dir + "/m-1.safetensors", {"a"});
    writeShard(dir + "/m-2.safetensors", {"a", "c"});
    auto store = openWithIndex(dir, R"({"weight_map":{"a":"m-1.safetensors","c":"m-2.safetensors"}})");
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.error().message.find("\"a\" appears in two shards"), std::string::npos)
        << store.error().message;
}

TEST(TensorStore, ShardErrorsNameTheShard) {
    const std::string dir = makeShardedFolder("store_corrupt_shard");
    std::filesystem::resize_file(dir + "/m-2.safetensors", 20);
    auto store = openWithIndex(
        dir, R"({"weight_map":{"a":"m-1.safetensors","b":"m-1.safetensors","c":"m-2.safetensors"}})");
    ASSERT_FALSE(store.ok());
    EXPECT_NE(store.error().message.find("m-2.safetensors"), std::string::npos) << store.error().message;
}

// Loading: tokenizer.json and the slow files agree; folders pick the right files; every kind of
// broken file fails with a message that names the problem.

#include <gtest/gtest.h>

#include "test_support.h"
#include "test_tokenizer_fixture.h"

namespace {

hb::Error loadError(const std::string& json) {
    auto tok = hb::Tokenizer::fromTokenizerJsonText(json, "broken.json");
    EXPECT_FALSE(tok) << "loaded although broken";
    return tok ? hb::Error{} : tok.error();
}

void expectMessage(const hb::Error& e, hb::ErrorCode code, const std::string& needle) {
    EXPECT_EQ(e.code, code) << e.describe();
    EXPECT_NE(e.message.find(needle), std::string::npos) << e.describe();
}

TEST(TokenizerFiles, SlowFilesGiveTheSameIds) {
    auto slow = hb::Tokenizer::loadDirectory(hbtest::tinySlowDir());
    ASSERT_TRUE(slow) << slow.error().describe();
    const hb::Tokenizer& fast = hbtest::tiny();
    for (const std::string s :
         {"hello world", "<|im_start|>the world<|im_end|>", "it's  in 12 é", "<tool_call>x"}) {
        EXPECT_EQ((*slow)->encode(s), fast.encode(s)) << s;
    }
    EXPECT_EQ((*slow)->vocabSize(), fast.vocabSize());
    EXPECT_EQ((*slow)->tokenId("<|im_end|>"), 277);
}

TEST(TokenizerFiles, DirectoryPrefersTokenizerJson) {
    const std::string dir = hbtest::tempDir("tok_dir");
    hbtest::writeFile(dir + "/tokenizer.json", hbtest::readFile(hbtest::tinyJsonPath()));
    auto tok = hb::Tokenizer::loadDirectory(dir);
    ASSERT_TRUE(tok) << tok.error().describe();
    EXPECT_NE((*tok)->describe().find("tokenizer.json"), std::string::npos);
    auto file = hb::Tokenizer::loadDirectory(dir + "/tokenizer.json");
    ASSERT_TRUE(file);
}

TEST(TokenizerFiles, MissingFilesAreFileNotFound) {
    const std::string empty = hbtest::tempDir("tok_empty");
    auto tok = hb::Tokenizer::loadDirectory(empty);
    ASSERT_FALSE(tok);
    expectMessage(tok.error(), hb::ErrorCode::FileNotFound, "merges.txt");
    auto file = hb::Tokenizer::loadTokenizerJson(empty + "/nope.json");
    ASSERT_FALSE(file);
    EXPECT_EQ(file.error().code, hb::ErrorCode::FileNotFound);
}

TEST(TokenizerBadInput, TruncatedJson) {
    const std::string text = hbtest::readFile(hbtest::tinyJsonPath());
    expectMessage(loadError(text.substr(0, text.size() / 2)), hb::ErrorCode::BadFormat, "truncated");
    expectMessage(loadError(""), hb::ErrorCode::BadFormat, "broken.json");
    expectMessage(loadError("[1, 2]"), hb::ErrorCode::BadFormat, "top level");
}

TEST(TokenizerBadInput, MergeNamingAnUnknownToken) {
    const auto e = loadError(hbtest::tinyJsonWith(R"(["h", "e"])", R"(["h", "Ωmega"])"));
    expectMessage(e, hb::ErrorCode::BadFormat, "\"Ωmega\", which is not in the vocabulary");
    expectMessage(e, hb::ErrorCode::BadFormat, "merge 0");
}

TEST(TokenizerBadInput, MergeWhoseResultIsMissing) {
    const auto e = loadError(hbtest::tinyJsonWith(R"("hello": 259)", R"("hellp": 259)"));
    expectMessage(e, hb::ErrorCode::BadFormat, "makes \"hello\"");
}

TEST(TokenizerBadInput, DuplicateIds) {
    expectMessage(loadError(hbtest::tinyJsonWith(R"("hello": 259)", R"("hello": 258)")),
                  hb::ErrorCode::BadFormat, "duplicate id 258");
    expectMessage(loadError(hbtest::tinyJsonWith(R"("id": 280)", R"("id": 279)")), hb::ErrorCode::BadFormat,
                  "duplicate id 279");
    expectMessage(loadError(hbtest::tinyJsonWith(R"("id": 280)", R"("id": 259)")), hb::ErrorCode::BadFormat,
                  "clashes with vocabulary entry \"hello\"");
}

TEST(TokenizerBadInput, WrongTypesAndShapes) {
    expectMessage(loadError(hbtest::tinyJsonWith(R"("hello": 259)", R"("hello": "x")")),
                  hb::ErrorCode::BadFormat, "not an integer id");
    expectMessage(loadError(hbtest::tinyJsonWith(R"("special": true)", R"("special": "yes")")),
                  hb::ErrorCode::BadFormat, "broken.json");
    expectMessage(loadError(hbtest::tinyJsonWith(R"(["h", "e"])", R"(["h"])")), hb::ErrorCode::BadFormat,
                  "model.merges[0]");
    expectMessage(loadError(hbtest::tinyJsonWith(R"("id": 275)", R"("id": -3)")), hb::ErrorCode::BadFormat,
                  "outside");
    expectMessage(loadError(hbtest::tinyJsonWith(R"("hello": 259)", R"("hello": 99999999999)")),
                  hb::ErrorCode::BadFormat, "outside");
}

TEST(TokenizerBadInput, UnsupportedComponentsAreNamed) {
    expectMessage(loadError(hbtest::tinyJsonWith(R"("type": "NFC")", R"("type": "NFKC")")),
                  hb::ErrorCode::Unsupported, "NFKC");
    expectMessage(loadError(hbtest::tinyJsonWith(R"(\\s+(?!\\S)|\\s+)", R"(\\s+)")),
                  hb::ErrorCode::Unsupported, "pre_tokenizer");
    expectMessage(loadError(hbtest::tinyJsonWith(R"("type": "BPE")", R"("type": "WordPiece")")),
                  hb::ErrorCode::Unsupported, "WordPiece");
    expectMessage(loadError(hbtest::tinyJsonWith(R"("dropout": null)", R"("dropout": 0.1)")),
                  hb::ErrorCode::Unsupported, "dropout");
}

TEST(TokenizerBadInput, SlowFiles) {
    const std::string dir = hbtest::tempDir("tok_slow_bad");
    const std::string src = hbtest::tinySlowDir();
    hbtest::writeFile(dir + "/vocab.json", hbtest::readFile(src + "/vocab.json"));
    hbtest::writeFile(dir + "/merges.txt", "#version: 0.2\nh e\nl l x\n");
    auto tok = hb::Tokenizer::loadDirectory(dir);
    ASSERT_FALSE(tok);
    expectMessage(tok.error(), hb::ErrorCode::BadFormat, "merges.txt: line 3");
    hbtest::writeFile(dir + "/merges.txt", "#version: 0.2\nh zz\n");
    tok = hb::Tokenizer::loadDirectory(dir);
    ASSERT_FALSE(tok);
    expectMessage(tok.error(), hb::ErrorCode::BadFormat, "\"zz\", which is not in the vocabulary");
    hbtest::writeFile(dir + "/merges.txt", "h e\n");
    hbtest::writeFile(dir + "/tokenizer_config.json",
                      R"({"added_tokens_decoder": {"abc": {"content": "x"}}})");
    tok = hb::Tokenizer::loadDirectory(dir);
    ASSERT_FALSE(tok);
    expectMessage(tok.error(), hb::ErrorCode::BadFormat, "\"abc\" is not an id");
    hbtest::writeFile(dir + "/vocab.json", "{\"a\": 1, ");
    tok = hb::Tokenizer::loadDirectory(dir);
    ASSERT_FALSE(tok);
    expectMessage(tok.error(), hb::ErrorCode::BadFormat, "vocab.json");
}

} // namespace

// Decoding: round trips, special tokens, unknown ids, invalid byte sequences, and the streaming
// decoder holding back split characters.

#include <random>

#include <gtest/gtest.h>

#include "test_tokenizer_fixture.h"

namespace {

using Ids = std::vector<std::int32_t>;

std::string streamAll(const hb::Tokenizer& tok, const Ids& ids, std::vector<std::string>* chunks = nullptr) {
    hb::IncrementalDecoder decoder(tok);
    std::string text;
    for (const std::int32_t id : ids) {
        const std::string piece = decoder.push(id);
        if (chunks) {
            chunks->push_back(piece);
        }
        text += piece;
    }
    return text + decoder.finish();
}

TEST(TokenizerDecode, RoundTripsToNfc) {
    const hb::Tokenizer& tok = hbtest::tiny();
    for (const std::string s :
         {"hello world", "  leading and trailing  ", "tabs\tand\r\nCRLF\n", "日本語 テキスト",
          "emoji 👍🏽 👨‍👩‍👧 🇯🇵", "<|im_start|>user\nhi<|im_end|>", "e\u0301 \u212b",
          "\u0000 nul", "العربية हिन्दी 한국어"}) {
        EXPECT_EQ(tok.decode(tok.encode(s)), tok.normalize(s)) << s;
    }
    EXPECT_EQ(tok.decode(tok.encode("e\u0301")), "\u00e9");
}

TEST(TokenizerDecode, SkipsSpecialTokensOnRequestButNotOtherAddedTokens) {
    const hb::Tokenizer& tok = hbtest::tiny();
    const Ids ids = tok.encode("<|im_start|>hello<tool_call><|im_end|>");
    EXPECT_EQ(tok.decode(ids, true), "hello<tool_call>");
    EXPECT_EQ(tok.decode(ids, false), "<|im_start|>hello<tool_call><|im_end|>");
}

TEST(TokenizerDecode, UnknownIdsAreSkipped) {
    const hb::Tokenizer& tok = hbtest::tiny();
    EXPECT_EQ(tok.decode(Ids{259, -1, 100000, 281, 264}), "hello world");
}

TEST(TokenizerDecode, InvalidByteSequencesBecomeReplacementCharacters) {
    const hb::Tokenizer& tok = hbtest::tiny();
    const std::int32_t c3 = *tok.tokenId("Ã"); // the byte 0xC3 alone
    EXPECT_EQ(tok.decode(Ids{c3}), "\uFFFD");
    EXPECT_EQ(tok.decode(Ids{c3, 259}), "\uFFFDhello");
    EXPECT_EQ(tok.decode(Ids{c3, c3}), "\uFFFD\uFFFD");
}

TEST(IncrementalDecoder, HoldsSplitCharactersUntilComplete) {
    const hb::Tokenizer& tok = hbtest::tiny();
    const Ids ids = tok.encode("a👍b"); // the emoji is 4 byte tokens
    std::vector<std::string> chunks;
    EXPECT_EQ(streamAll(tok, ids, &chunks), "a👍b");
    ASSERT_EQ(chunks.size(), 6u);
    EXPECT_EQ(chunks[0], "a");
    EXPECT_EQ(chunks[1], "");
    EXPECT_EQ(chunks[3], "");
    EXPECT_EQ(chunks[4], "👍");
    EXPECT_EQ(chunks[5], "b");
}

TEST(IncrementalDecoder, FinishFlushesAnUnfinishedCharacter) {
    const hb::Tokenizer& tok = hbtest::tiny();
    hb::IncrementalDecoder decoder(tok);
    EXPECT_EQ(decoder.push(*tok.tokenId("ð")), ""); // 0xF0: a four-byte lead
    EXPECT_EQ(decoder.pendingBytes(), 1u);
    EXPECT_EQ(decoder.finish(), "\uFFFD");
    EXPECT_EQ(decoder.pendingBytes(), 0u);
    EXPECT_EQ(decoder.push(259), "hello");
}

TEST(IncrementalDecoder, ConcatenationEqualsDecodeForRandomIds) {
    const hb::Tokenizer& tok = hbtest::tiny();
    std::mt19937 gen(1234);
    std::uniform_int_distribution<std::int32_t> pick(0, 285);
    for (int round = 0; round < 300; ++round) {
        Ids ids(static_cast<std::size_t>(1 + round % 40));
        for (auto& id : ids) {
            id = pick(gen);
        }
        EXPECT_EQ(streamAll(tok, ids), tok.decode(ids)) << "round " << round;
    }
}

TEST(IncrementalDecoder, SkipsSpecialTokensLikeDecode) {
    const hb::Tokenizer& tok = hbtest::tiny();
    hb::IncrementalDecoder decoder(tok, /*skipSpecialTokens=*/true);
    EXPECT_EQ(decoder.push(276), "");
    EXPECT_EQ(decoder.push(259), "hello");
    EXPECT_EQ(decoder.push(277), "");
}

} // namespace

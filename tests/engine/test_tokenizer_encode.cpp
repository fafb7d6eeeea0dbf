// Encoding: the Qwen2 split (expected pieces are Hugging Face's preTokenizeString output), BPE,
// added tokens in both modes, NFC, invalid UTF-8, the linear and heap merge paths, threads, and
// BAGEL framing. Expected ids come from Hugging Face `tokenizers` 0.23.2 on the tiny fixture.

#include <thread>

#include <gtest/gtest.h>

#include "test_tokenizer_fixture.h"
#include "tokenizers/pre_tokenizer.h"

namespace {

using Ids = std::vector<std::int32_t>;

std::vector<std::string> pieces(const std::string& text) {
    std::vector<std::string> out;
    for (std::size_t pos = 0; pos < text.size();) {
        const std::size_t end = hb::tok::qwen2PieceEnd(text, pos);
        EXPECT_GT(end, pos);
        out.push_back(text.substr(pos, end - pos));
        pos = end;
    }
    return out;
}

using Pieces = std::vector<std::string>;

TEST(TokenizerSplit, MatchesHuggingFacePieces) {
    EXPECT_EQ(pieces("Hello, world!  How's it   going?\n\n\tTabs\r\n"),
              (Pieces{"Hello", ",", " world", "!", " ", " How", "'s", " it", "  ", " going", "?\n\n",
                      "\tTabs", "\r\n"}));
    EXPECT_EQ(pieces("x  \n  y"), (Pieces{"x", "  \n", " ", " y"}));
    EXPECT_EQ(pieces("a\u00a0\u00a0b"), (Pieces{"a", "\u00a0", "\u00a0b"}));
    EXPECT_EQ(pieces("  "), (Pieces{"  "}));
    EXPECT_EQ(pieces("a  "), (Pieces{"a", "  "}));
    EXPECT_EQ(pieces("$12.50!!\n\nok"), (Pieces{"$", "1", "2", ".", "5", "0", "!!\n\n", "ok"}));
    EXPECT_EQ(pieces("don'T I'LL 'VE"), (Pieces{"don", "'T", " I", "'LL", " '", "VE"}));
    EXPECT_EQ(pieces("日本語のテキスト。"), (Pieces{"日本語のテキスト", "。"}));
    EXPECT_EQ(pieces(" ...\r\n\r\n"), (Pieces{" ...\r\n\r\n"}));
    EXPECT_EQ(pieces("\u0085\u0085x"), (Pieces{"\u0085", "\u0085x"}));
    EXPECT_EQ(pieces("a1b22"), (Pieces{"a", "1", "b", "2", "2"}));
    EXPECT_EQ(pieces("'''s"), (Pieces{"'''", "s"}));
    EXPECT_EQ(pieces(" 'll"), (Pieces{" '", "ll"}));
}

TEST(TokenizerSplit, CaseInsensitiveContractionsFoldLongS) {
    // Oniguruma's (?i) uses Unicode case folding: U+017F LATIN SMALL LETTER LONG S matches 's'.
    EXPECT_EQ(pieces("x'ſt"), (Pieces{"x", "'ſ", "t"}));
    EXPECT_EQ(pieces("it'Sa"), (Pieces{"it", "'S", "a"}));
}

TEST(TokenizerSplit, WhiteSpaceIsTheUnicodeProperty) {
    // U+180E is not White_Space (Unicode >= 6.3), so it joins the next letter like punctuation.
    EXPECT_EQ(pieces("a\u180eb"), (Pieces{"a", "\u180eb"}));
    EXPECT_EQ(pieces("x\u2028\u2028y"), (Pieces{"x", "\u2028", "\u2028y"}));
    EXPECT_EQ(pieces("x\x1c\x1cy"), (Pieces{"x", "\x1c\x1c", "y"}));
}

TEST(TokenizerEncode, MatchesHuggingFaceIds) {
    const hb::Tokenizer& tok = hbtest::tiny();
    EXPECT_EQ(tok.encode("hello world"), (Ids{259, 264}));
    EXPECT_EQ(tok.encode("Hello  world"), (Ids{39, 68, 257, 78, 220, 264}));
    EXPECT_EQ(tok.encode("it's 'S"), (Ids{72, 83, 270, 220, 6, 50}));
    EXPECT_EQ(tok.encode("   \n\n  a"), (Ids{271, 220, 198, 198, 220, 269}));
    EXPECT_EQ(tok.encode("\u00c3\u00a9"), (Ids{127, 225, 126, 102}));
    EXPECT_TRUE(tok.encode("").empty());
}

TEST(TokenizerEncode, AddedTokensInsideText) {
    const hb::Tokenizer& tok = hbtest::tiny();
    EXPECT_EQ(tok.encode("hello<|im_start|>the world<|im_end|>"), (Ids{259, 276, 83, 256, 264, 277}));
    EXPECT_EQ(tok.encode("<tool_call>in 12"), (Ids{280, 268, 220, 16, 17}));
}

TEST(TokenizerEncode, SpecialTokensAsTextKeepNonSpecialAddedTokens) {
    const hb::Tokenizer& tok = hbtest::tiny();
    const hb::EncodeOptions asText{hb::SpecialTokenMode::AsText};
    const Ids ids = tok.encode("<|im_end|><tool_call>", asText);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), 277), 0);
    EXPECT_EQ(ids.back(), 280); // <tool_call> is special: false, so it is still one token (as in HF)
    EXPECT_EQ(tok.decode(ids), "<|im_end|><tool_call>");
    EXPECT_GT(ids.size(), 2u);
}

TEST(TokenizerEncode, NormalisesToNfc) {
    const hb::Tokenizer& tok = hbtest::tiny();
    EXPECT_EQ(tok.encode("e\u0301"), (Ids{274}));
    EXPECT_EQ(tok.encode("\u00e9"), (Ids{274}));
    EXPECT_EQ(tok.encode(" e\u0301x"), (Ids{220, 274, 87}));
    EXPECT_EQ(tok.normalize("\u1100\u1161\u11a8"), "\uac01"); // conjoining jamo compose
    EXPECT_EQ(tok.normalize("\ufb01"), "\ufb01");             // NFKC-only: NFC keeps it
}

TEST(TokenizerEncode, InvalidUtf8BecomesReplacementCharacters) {
    const hb::Tokenizer& tok = hbtest::tiny();
    // Maximal subparts: E2 82 is one U+FFFD, C0 and 80 are one each, ED A0 80 (a surrogate) three.
    EXPECT_EQ(tok.normalize("a\xE2\x82z\xC0\x80\xED\xA0\x80"), "a\uFFFDz\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD");
    EXPECT_EQ(tok.encode("x\xFFy"), tok.encode("x\uFFFDy"));
    EXPECT_EQ(tok.encode("trunc\xF0\x9F\x98"), tok.encode("trunc\uFFFD"));
}

TEST(TokenizerEncode, LongWordsUseTheHeapPathWithTheSameResult) {
    const hb::Tokenizer& tok = hbtest::tiny();
    std::string word;
    Ids expected;
    for (int i = 0; i < 400; ++i) {
        word += "hello";
        expected.push_back(259);
    }
    EXPECT_EQ(tok.encode(word), expected);
    const std::string spaces(5000, ' ');
    const Ids ids = tok.encode(spaces + "x");
    EXPECT_EQ(tok.decode(ids), spaces + "x");
    EXPECT_EQ(ids.size(), 1253u); // 4999 spaces: 1249 "    ", "  ", " "; then " x" (no merge): " ", "x"
}

TEST(TokenizerEncode, SafeFromManyThreads) {
    const hb::Tokenizer& tok = hbtest::tiny();
    const std::string text = "hello world, it's the <|im_start|> world\n\n\tin 12345 日本 e\u0301";
    const Ids expected = tok.encode(text);
    std::vector<std::thread> threads;
    std::vector<int> ok(4, 0);
    for (int t = 0; t < 4; ++t) {
        threads.emplace_back([&, t] {
            int good = 0;
            for (int i = 0; i < 500; ++i) {
                good += tok.encode(text) == expected ? 1 : 0;
            }
            ok[static_cast<std::size_t>(t)] = good;
        });
    }
    for (auto& th : threads) {
        th.join();
    }
    EXPECT_EQ(ok, (std::vector<int>{500, 500, 500, 500}));
}

TEST(TokenizerFraming, BagelSegmentsAndThinkPrompts) {
    const hb::Tokenizer& tok = hbtest::tiny();
    const auto special = tok.bagelSpecialTokens();
    ASSERT_TRUE(special) << special.error().describe();
    EXPECT_EQ(special->imStart, 276);
    EXPECT_EQ(special->imEnd, 277);
    EXPECT_EQ(special->visionStart, 278);
    EXPECT_EQ(special->visionEnd, 279);
    EXPECT_EQ(special->describe(), "im_start=276 im_end=277 vision_start=278 vision_end=279");
    const auto segment = tok.encodeTextSegment("hello world");
    ASSERT_TRUE(segment);
    EXPECT_EQ(*segment, (Ids{276, 259, 264, 277}));
    const auto think = tok.encodeThinkPrompt(hb::ThinkMode::Understanding);
    ASSERT_TRUE(think);
    EXPECT_EQ(tok.decode(*think), "<|im_start|>" +
                                      std::string(hb::thinkSystemPrompt(hb::ThinkMode::Understanding)) +
                                      "<|im_end|>");
    EXPECT_NE(hb::thinkSystemPrompt(hb::ThinkMode::Generation).find("image. \nThe planning"),
              std::string::npos);
    EXPECT_NE(hb::thinkSystemPrompt(hb::ThinkMode::Understanding).find("answer. \nThe reasoning"),
              std::string::npos);
}

TEST(TokenizerFraming, MissingFramingTokensAreNamed) {
    const auto tok = hbtest::loadJsonText(hbtest::tinyJsonWith("<|vision_end|>", "<|other|>"));
    ASSERT_TRUE(tok);
    const auto special = tok->bagelSpecialTokens();
    ASSERT_FALSE(special);
    EXPECT_EQ(special.error().code, hb::ErrorCode::BadConfig);
    EXPECT_NE(special.error().message.find("<|vision_end|>"), std::string::npos);
    EXPECT_FALSE(tok->encodeTextSegment("x"));
}

TEST(TokenizerEnums, RoundTripNames) {
    for (int i = 0; i < static_cast<int>(hb::SpecialTokenMode::Count); ++i) {
        const auto mode = static_cast<hb::SpecialTokenMode>(i);
        EXPECT_EQ(hb::specialTokenModeFromString(hb::toString(mode)), mode);
    }
    for (int i = 0; i < static_cast<int>(hb::ThinkMode::Count); ++i) {
        const auto mode = static_cast<hb::ThinkMode>(i);
        EXPECT_EQ(hb::thinkModeFromString(hb::toString(mode)), mode);
    }
    EXPECT_FALSE(hb::thinkModeFromString("dreaming"));
    EXPECT_EQ(hb::EncodeOptions{}.describe(), "specialTokens=match");
}

TEST(TokenizerLookup, IdsAndTextsByName) {
    const hb::Tokenizer& tok = hbtest::tiny();
    EXPECT_EQ(tok.tokenId("<|im_start|>"), 276);
    EXPECT_EQ(tok.tokenId("hello"), 259);
    EXPECT_EQ(tok.tokenId("Ġworld"), 264);
    EXPECT_FALSE(tok.tokenId("nope"));
    EXPECT_EQ(tok.tokenText(264), "Ġworld");
    EXPECT_FALSE(tok.tokenText(99999));
    EXPECT_EQ(tok.vocabSize(), 281u);
    EXPECT_EQ(tok.mergeCount(), 19u);
    EXPECT_EQ(tok.addedTokens().size(), 6u);
}

} // namespace

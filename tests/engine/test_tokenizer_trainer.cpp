// The BPE trainer: deterministic output, a loadable tokenizer.json with BAGEL's framing tokens,
// the vocabulary size and frequency limits, and bad options.

#include <gtest/gtest.h>

#include "test_support.h"
#include "test_tokenizer_fixture.h"

namespace {

std::vector<std::string> corpus() {
    std::vector<std::string> texts;
    const char* shapes[] = {"red cube", "blue sphere", "green cone", "yellow cylinder"};
    const char* places[] = {"left of", "right of", "above", "below"};
    for (int i = 0; i < 200; ++i) {
        texts.push_back(std::string("A ") + shapes[i % 4] + " is " + places[(i / 4) % 4] + " a " +
                        shapes[(i / 16) % 4] + ". It's " + std::to_string(i) + " units away.\n");
    }
    texts.push_back("日本語のテキスト e\u0301 👍");
    return texts;
}

TEST(TokenizerTrainer, IsDeterministicAndLoads) {
    hb::BpeTrainerOptions options;
    options.vocabSize = 300;
    const auto a = hb::trainBpeTokenizerJson(corpus(), options);
    const auto b = hb::trainBpeTokenizerJson(corpus(), options);
    ASSERT_TRUE(a) << a.error().describe();
    ASSERT_TRUE(b);
    EXPECT_EQ(*a, *b);
    const auto tok = hbtest::loadJsonText(*a);
    ASSERT_TRUE(tok);
    EXPECT_EQ(tok->vocabSize(), 300u + options.specialTokens.size());
    EXPECT_EQ(tok->mergeCount(), 300u - 256u);
    const auto special = tok->bagelSpecialTokens();
    ASSERT_TRUE(special) << special.error().describe();
    EXPECT_EQ(special->imStart, 301);
    const std::string text = "A red cube is left of a blue sphere. It's 7 units away.\n";
    const auto ids = tok->encode(text);
    EXPECT_LT(ids.size(), text.size() / 2);
    EXPECT_EQ(tok->decode(ids), text);
    EXPECT_EQ(tok->decode(tok->encode("unseen: Ωmega 日本 e\u0301")), "unseen: Ωmega 日本 \u00e9");
}

TEST(TokenizerTrainer, WritesAFileAndStopsAtMinFrequency) {
    hb::BpeTrainerOptions options;
    options.vocabSize = 100000;
    options.minFrequency = 50;
    const std::string path = hbtest::tempDir("tok_train") + "/tokenizer.json";
    ASSERT_TRUE(hb::trainBpeTokenizer(corpus(), options, path));
    auto tok = hb::Tokenizer::loadTokenizerJson(path);
    ASSERT_TRUE(tok) << tok.error().describe();
    EXPECT_GT((*tok)->mergeCount(), 10u);
    EXPECT_LT((*tok)->mergeCount(), 400u); // pairs seen fewer than 50 times are never merged
}

TEST(TokenizerTrainer, RespectsMaxTokenBytes) {
    hb::BpeTrainerOptions options;
    options.vocabSize = 2000;
    options.maxTokenBytes = 3;
    const auto json = hb::trainBpeTokenizerJson(corpus(), options);
    ASSERT_TRUE(json);
    const auto tok = hbtest::loadJsonText(*json);
    ASSERT_TRUE(tok);
    for (std::size_t id = 0; id < tok->vocabSize() - options.specialTokens.size(); ++id) {
        std::string bytes;
        ASSERT_TRUE(tok->appendTokenBytes(static_cast<std::int32_t>(id), false, bytes));
        EXPECT_LE(bytes.size(), 3u) << id;
    }
}

TEST(TokenizerTrainer, RejectsBadOptions) {
    hb::BpeTrainerOptions options;
    options.vocabSize = 100;
    auto r = hb::trainBpeTokenizerJson(corpus(), options);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().code, hb::ErrorCode::InvalidRequest);
    options.vocabSize = 300;
    options.specialTokens = {"<a>", "<a>"};
    r = hb::trainBpeTokenizerJson(corpus(), options);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("<a>"), std::string::npos);
    EXPECT_EQ(hb::BpeTrainerOptions{}.describe(),
              "vocabSize=4096 minFrequency=2 maxTokenBytes=64 specialTokens=5");
}

} // namespace

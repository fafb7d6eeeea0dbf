#include "test_tokenizer_fixture.h"

#include <gtest/gtest.h>

#include "test_support.h"

namespace hbtest {

std::string tinyJsonPath() { return std::string(HB_TOKENIZER_DATA) + "/tiny/tokenizer.json"; }
std::string tinySlowDir() { return std::string(HB_TOKENIZER_DATA) + "/tiny-slow"; }

const hb::Tokenizer& tiny() {
    static const std::unique_ptr<hb::Tokenizer> tok = [] {
        auto loaded = hb::Tokenizer::loadTokenizerJson(tinyJsonPath());
        if (!loaded) {
            ADD_FAILURE() << loaded.error().describe();
            std::abort();
        }
        return std::move(*loaded);
    }();
    return *tok;
}

std::unique_ptr<hb::Tokenizer> loadJsonText(const std::string& json) {
    auto loaded = hb::Tokenizer::fromTokenizerJsonText(json);
    if (!loaded) {
        ADD_FAILURE() << loaded.error().describe();
        return nullptr;
    }
    return std::move(*loaded);
}

std::string tinyJsonWith(const std::string& from, const std::string& to) {
    std::string text = readFile(tinyJsonPath());
    const auto pos = text.find(from);
    EXPECT_NE(pos, std::string::npos) << "fixture lacks " << from;
    if (pos != std::string::npos) {
        text.replace(pos, from.size(), to);
    }
    return text;
}

} // namespace hbtest

// Reading the slow tokenizer files (what Qwen2Tokenizer.from_pretrained reads): vocab.json,
// merges.txt and the added tokens of tokenizer_config.json. The normaliser (NFC) and the split
// regex are fixed by the Qwen2Tokenizer class, so they are not in the files.

#include <nlohmann/json.hpp>

#include "tokenizers/tokenizer_spec.h"

namespace hb::tok {
namespace {

using nlohmann::json;

Error bad(const std::string& source, const std::string& message) {
    return makeError(ErrorCode::BadFormat, source + ": " + message);
}

Result<json> parse(std::string_view text, const std::string& source) {
    try {
        return json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        return bad(source, std::string("not valid JSON (truncated or corrupt): ") + e.what());
    }
}

// Lines as Qwen2Tokenizer reads them: stripped, blank ones and a leading "#version:" skipped, split
// on white space into exactly two tokens.
Result<void> readMerges(std::string_view text, const std::string& source, TokenizerSpec& spec) {
    std::size_t lineNo = 0;
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) {
            end = text.size();
        }
        std::string_view line = text.substr(pos, end - pos);
        pos = end + 1;
        ++lineNo;
        const auto first = line.find_first_not_of(" \t\r");
        if (first == std::string_view::npos || (lineNo == 1 && line.rfind("#version:", first) == first)) {
            continue;
        }
        line = line.substr(first, line.find_last_not_of(" \t\r") - first + 1);
        const auto space = line.find_first_of(" \t");
        const auto second = space == std::string_view::npos ? space : line.find_first_not_of(" \t", space);
        if (second == std::string_view::npos || line.find_first_of(" \t", second) != std::string_view::npos) {
            return bad(source, "line " + std::to_string(lineNo) +
                                   " is not two tokens separated by a space: \"" +
                                   std::string(line.substr(0, 80)) + "\"");
        }
        spec.merges.emplace_back(std::string(line.substr(0, space)), std::string(line.substr(second)));
    }
    return {};
}

Result<void> readAddedTokensDecoder(const json& config, const std::string& source, TokenizerSpec& spec) {
    const auto it = config.find("added_tokens_decoder");
    if (it == config.end()) {
        return {};
    }
    if (!it->is_object()) {
        return bad(source, "added_tokens_decoder is not an object");
    }
    for (auto entry = it->begin(); entry != it->end(); ++entry) {
        const json& v = entry.value();
        AddedTokenInfo t;
        try {
            std::size_t used = 0;
            const long long id = std::stoll(entry.key(), &used);
            if (used != entry.key().size() || id < 0 || id > INT32_MAX) {
                throw std::invalid_argument("id");
            }
            t.id = static_cast<std::int32_t>(id);
        } catch (const std::exception&) {
            return bad(source, "added_tokens_decoder key \"" + entry.key() + "\" is not an id");
        }
        if (!v.is_object() || !v.contains("content") || !v["content"].is_string()) {
            return bad(source, "added_tokens_decoder[\"" + entry.key() + "\"] has no \"content\"");
        }
        t.content = v["content"].get<std::string>();
        t.special = v.value("special", false);
        t.normalized = v.value("normalized", !t.special);
        t.lstrip = v.value("lstrip", false);
        t.rstrip = v.value("rstrip", false);
        t.singleWord = v.value("single_word", false);
        spec.addedTokens.push_back(std::move(t));
    }
    return {};
}

Result<TokenizerSpec> parseSlowFilesUnchecked(std::string_view vocabJson, std::string_view mergesText,
                                              std::string_view configText, const std::string& source) {
    TokenizerSpec spec;
    spec.source = source;
    spec.nfc = true;
    const std::string vocabSource = source + "/vocab.json";
    auto vocab = parse(vocabJson, vocabSource);
    if (!vocab) {
        return vocab.error();
    }
    if (!vocab->is_object()) {
        return bad(vocabSource, "not an object of token -> id");
    }
    spec.vocab.reserve(vocab->size());
    for (auto it = vocab->begin(); it != vocab->end(); ++it) {
        if (!it.value().is_number_integer()) {
            return bad(vocabSource, "\"" + it.key() + "\" has no integer id");
        }
        spec.vocab.emplace_back(it.key(), it.value().get<std::int64_t>());
    }
    if (auto r = readMerges(mergesText, source + "/merges.txt", spec); !r) {
        return r.error();
    }
    if (!configText.empty()) {
        const std::string configSource = source + "/tokenizer_config.json";
        auto config = parse(configText, configSource);
        if (!config) {
            return config.error();
        }
        if (auto r = readAddedTokensDecoder(*config, configSource, spec); !r) {
            return r.error();
        }
    }
    return spec;
}

} // namespace

// A value of the wrong JSON type deep inside (a string where a flag belongs) throws from
// nlohmann's accessors; it is still a malformed file, reported as such.
Result<TokenizerSpec> parseSlowFiles(std::string_view vocabJson, std::string_view mergesText,
                                     std::string_view configText, const std::string& source) {
    try {
        return parseSlowFilesUnchecked(vocabJson, mergesText, configText, source);
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, source + ": unexpected value type: " + e.what());
    }
}

} // namespace hb::tok

// Reading Hugging Face's tokenizer.json into a TokenizerSpec. Only the components BAGEL's Qwen2
// tokenizer uses are accepted (BPE, NFC, the Qwen2 Split regex + ByteLevel, ByteLevel decoder);
// anything else is refused with Unsupported naming the component, rather than tokenized wrongly.

#include <nlohmann/json.hpp>

#include "tokenizers/pre_tokenizer.h"
#include "tokenizers/tokenizer_spec.h"

namespace hb::tok {
namespace {

using nlohmann::json;

Error bad(const std::string& source, const std::string& message) {
    return makeError(ErrorCode::BadFormat, source + ": " + message);
}
Error unsupported(const std::string& source, const std::string& message) {
    return makeError(ErrorCode::Unsupported, source + ": " + message);
}

std::string typeOf(const json& j) {
    return j.is_object() && j.contains("type") ? j["type"].dump() : j.dump();
}

// A present flag of another type throws json::type_error, reported as a malformed file.
bool flag(const json& j, const char* key, bool fallback) {
    const auto it = j.find(key);
    return it != j.end() && !it->is_null() ? it->get<bool>() : fallback;
}

Result<void> readNormalizer(const json& n, TokenizerSpec& spec) {
    if (n.is_null()) {
        spec.nfc = false;
        return {};
    }
    const std::string type = n.value("type", "");
    if (type == "NFC") {
        spec.nfc = true;
        return {};
    }
    if (type == "Sequence" && n.contains("normalizers") && n["normalizers"].is_array() &&
        n["normalizers"].size() == 1) {
        return readNormalizer(n["normalizers"][0], spec);
    }
    return unsupported(spec.source, "normalizer " + typeOf(n) + " (only NFC or none)");
}

bool isByteLevel(const json& p) {
    return p.is_object() && p.value("type", "") == "ByteLevel" && !flag(p, "add_prefix_space", false) &&
           !flag(p, "use_regex", true);
}

bool isQwen2Split(const json& p) {
    if (!p.is_object() || p.value("type", "") != "Split" || flag(p, "invert", false) ||
        p.value("behavior", "") != "Isolated" || !p.contains("pattern") || !p["pattern"].is_object()) {
        return false;
    }
    const json& pattern = p["pattern"];
    return pattern.contains("Regex") && pattern["Regex"].is_string() &&
           pattern["Regex"].get<std::string>() == kQwen2SplitPattern;
}

Result<void> readPreTokenizer(const json& p, const std::string& source) {
    const bool ok = p.is_object() && p.value("type", "") == "Sequence" && p.contains("pretokenizers") &&
                    p["pretokenizers"].is_array() && p["pretokenizers"].size() == 2 &&
                    isQwen2Split(p["pretokenizers"][0]) && isByteLevel(p["pretokenizers"][1]);
    if (!ok) {
        return unsupported(source, "pre_tokenizer " + p.dump().substr(0, 300) +
                                       " (only Qwen2's Split regex followed by ByteLevel without regex)");
    }
    return {};
}

Result<void> readVocab(const json& vocab, TokenizerSpec& spec) {
    if (!vocab.is_object()) {
        return bad(spec.source, "model.vocab is not an object of token -> id");
    }
    spec.vocab.reserve(vocab.size());
    for (auto it = vocab.begin(); it != vocab.end(); ++it) {
        if (!it.value().is_number_integer()) {
            return bad(spec.source, "model.vocab[\"" + it.key() + "\"] is not an integer id");
        }
        spec.vocab.emplace_back(it.key(), it.value().get<std::int64_t>());
    }
    return {};
}

Result<void> readMerges(const json& merges, TokenizerSpec& spec) {
    if (!merges.is_array()) {
        return bad(spec.source, "model.merges is not an array");
    }
    spec.merges.reserve(merges.size());
    for (std::size_t i = 0; i < merges.size(); ++i) {
        const json& m = merges[i];
        // Two spellings: "a b" (older files) or ["a", "b"] (tokenizers >= 0.20, allows spaces).
        if (m.is_array() && m.size() == 2 && m[0].is_string() && m[1].is_string()) {
            spec.merges.emplace_back(m[0].get<std::string>(), m[1].get<std::string>());
            continue;
        }
        if (m.is_string()) {
            const std::string& s = m.get_ref<const std::string&>();
            const auto space = s.find(' ');
            if (space != std::string::npos && space > 0 && space + 1 < s.size() &&
                s.find(' ', space + 1) == std::string::npos) {
                spec.merges.emplace_back(s.substr(0, space), s.substr(space + 1));
                continue;
            }
        }
        return bad(spec.source,
                   "model.merges[" + std::to_string(i) + "] is not a pair of tokens: " + m.dump());
    }
    return {};
}

Result<void> readModel(const json& model, TokenizerSpec& spec) {
    if (!model.is_object()) {
        return bad(spec.source, "\"model\" is missing or not an object");
    }
    if (model.value("type", "BPE") != "BPE") {
        return unsupported(spec.source, "model type " + model["type"].dump() + " (only BPE)");
    }
    const auto isEmptyOrNull = [&](const char* key) {
        return !model.contains(key) || model[key].is_null() || (model[key].is_string() && model[key] == "");
    };
    if (!isEmptyOrNull("continuing_subword_prefix") || !isEmptyOrNull("end_of_word_suffix")) {
        return unsupported(spec.source, "BPE continuing_subword_prefix / end_of_word_suffix");
    }
    if (model.contains("dropout") && !model["dropout"].is_null()) {
        return unsupported(spec.source, "BPE dropout (tokenization would not be deterministic)");
    }
    if (flag(model, "byte_fallback", false)) {
        return unsupported(spec.source, "BPE byte_fallback");
    }
    spec.ignoreMerges = flag(model, "ignore_merges", false);
    spec.fuseUnk = flag(model, "fuse_unk", false);
    if (model.contains("unk_token") && model["unk_token"].is_string()) {
        spec.unkToken = model["unk_token"].get<std::string>();
    }
    if (!model.contains("vocab") || !model.contains("merges")) {
        return bad(spec.source, "model has no \"vocab\" or no \"merges\"");
    }
    if (auto r = readVocab(model["vocab"], spec); !r) {
        return r;
    }
    return readMerges(model["merges"], spec);
}

Result<void> readAddedTokens(const json& added, TokenizerSpec& spec) {
    if (added.is_null()) {
        return {};
    }
    if (!added.is_array()) {
        return bad(spec.source, "added_tokens is not an array");
    }
    for (std::size_t i = 0; i < added.size(); ++i) {
        const json& a = added[i];
        if (!a.is_object() || !a.contains("id") || !a["id"].is_number_integer() || !a.contains("content") ||
            !a["content"].is_string()) {
            return bad(spec.source,
                       "added_tokens[" + std::to_string(i) + "] needs an integer id and a content");
        }
        AddedTokenInfo t;
        const auto id = a["id"].get<std::int64_t>();
        t.id = id > INT32_MAX ? -1 : static_cast<std::int32_t>(id);
        t.content = a["content"].get<std::string>();
        t.special = flag(a, "special", false);
        t.normalized = flag(a, "normalized", !t.special);
        t.lstrip = flag(a, "lstrip", false);
        t.rstrip = flag(a, "rstrip", false);
        t.singleWord = flag(a, "single_word", false);
        spec.addedTokens.push_back(std::move(t));
    }
    return {};
}

Result<TokenizerSpec> parseTokenizerJsonUnchecked(std::string_view text, const std::string& source) {
    TokenizerSpec spec;
    spec.source = source;
    json doc;
    try {
        doc = json::parse(text.begin(), text.end());
    } catch (const json::exception& e) {
        return bad(source, std::string("not valid JSON (truncated or corrupt): ") + e.what());
    }
    if (!doc.is_object()) {
        return bad(source, "the top level is not a JSON object");
    }
    static const json kNull;
    const json& model = doc.contains("model") ? doc.at("model") : kNull;
    if (auto r = readModel(model, spec); !r) {
        return r.error();
    }
    if (auto r = readNormalizer(doc.value("normalizer", json()), spec); !r) {
        return r.error();
    }
    if (auto r = readPreTokenizer(doc.value("pre_tokenizer", json()), source); !r) {
        return r.error();
    }
    const json decoder = doc.value("decoder", json());
    if (!decoder.is_null() && !isByteLevel(decoder) && decoder.value("type", "") != "ByteLevel") {
        return unsupported(source, "decoder " + typeOf(decoder) + " (only ByteLevel)");
    }
    if (auto r = readAddedTokens(doc.value("added_tokens", json()), spec); !r) {
        return r.error();
    }
    return spec;
}

} // namespace

// A value of the wrong JSON type deep inside (a string where a flag belongs) throws from
// nlohmann's accessors; it is still a malformed file, reported as such.
Result<TokenizerSpec> parseTokenizerJson(std::string_view text, const std::string& source) {
    try {
        return parseTokenizerJsonUnchecked(text, source);
    } catch (const nlohmann::json::exception& e) {
        return makeError(ErrorCode::BadFormat, source + ": unexpected value type: " + e.what());
    }
}

} // namespace hb::tok

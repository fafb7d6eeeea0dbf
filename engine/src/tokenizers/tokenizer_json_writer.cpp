// Writing a TokenizerSpec as a Qwen2-style tokenizer.json that Hugging Face's loader and ours both
// read: keys in the order HF writes them, merges as ["left", "right"] pairs.

#include <nlohmann/json.hpp>

#include "tokenizers/pre_tokenizer.h"
#include "tokenizers/tokenizer_spec.h"

namespace hb::tok {
namespace {

using ordered = nlohmann::ordered_json;

ordered byteLevel() {
    return ordered{
        {"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", false}, {"use_regex", false}};
}

ordered preTokenizer() {
    ordered split = {{"type", "Split"},
                     {"pattern", {{"Regex", std::string(kQwen2SplitPattern)}}},
                     {"behavior", "Isolated"},
                     {"invert", false}};
    return ordered{{"type", "Sequence"}, {"pretokenizers", ordered::array({split, byteLevel()})}};
}

ordered addedTokens(const TokenizerSpec& spec) {
    ordered list = ordered::array();
    for (const AddedTokenInfo& t : spec.addedTokens) {
        list.push_back({{"id", t.id},
                        {"content", t.content},
                        {"single_word", t.singleWord},
                        {"lstrip", t.lstrip},
                        {"rstrip", t.rstrip},
                        {"normalized", t.normalized},
                        {"special", t.special}});
    }
    return list;
}

ordered model(const TokenizerSpec& spec) {
    ordered vocab = ordered::object();
    for (const auto& [spelling, id] : spec.vocab) {
        vocab[spelling] = id;
    }
    ordered merges = ordered::array();
    for (const auto& [left, right] : spec.merges) {
        merges.push_back(ordered::array({left, right}));
    }
    return ordered{{"type", "BPE"},
                   {"dropout", nullptr},
                   {"unk_token", spec.unkToken.empty() ? ordered(nullptr) : ordered(spec.unkToken)},
                   {"continuing_subword_prefix", ""},
                   {"end_of_word_suffix", ""},
                   {"fuse_unk", spec.fuseUnk},
                   {"byte_fallback", false},
                   {"ignore_merges", spec.ignoreMerges},
                   {"vocab", std::move(vocab)},
                   {"merges", std::move(merges)}};
}

} // namespace

std::string writeTokenizerJson(const TokenizerSpec& spec) {
    ordered doc = {{"version", "1.0"},
                   {"truncation", nullptr},
                   {"padding", nullptr},
                   {"added_tokens", addedTokens(spec)},
                   {"normalizer", spec.nfc ? ordered{{"type", "NFC"}} : ordered(nullptr)},
                   {"pre_tokenizer", preTokenizer()},
                   {"post_processor", byteLevel()},
                   {"decoder", byteLevel()},
                   {"model", model(spec)}};
    return doc.dump(1) + "\n";
}

} // namespace hb::tok

// BAGEL's prompt framing (bagel-spec §3): every text segment is <|im_start|> text <|im_end|>, every
// image <|vision_start|> ... <|vision_end|>, and think mode puts one of two fixed system prompts
// first. Also the small enum and describe() helpers of the public header.

#include <array>

#include "hyperbagel/engine/tokenizer.h"

#include "core/enum_names.h"

namespace hb {
namespace {

constexpr std::array<std::string_view, 2> kSpecialModeNames = {"match", "as_text"};
constexpr std::array<std::string_view, 2> kThinkModeNames = {"understanding", "generation"};
static_assert(kSpecialModeNames.size() == static_cast<std::size_t>(SpecialTokenMode::Count));
static_assert(kThinkModeNames.size() == static_cast<std::size_t>(ThinkMode::Count));

// Exact strings of the official inferencer, including the space before each "\n".
constexpr std::string_view kUnderstandingPrompt =
    "You should first think about the reasoning process in the mind and then provide the user with the "
    "answer. \nThe reasoning process is enclosed within <think> </think> tags, i.e. <think> reasoning "
    "process here </think> answer here";
constexpr std::string_view kGenerationPrompt =
    "You should first think about the planning process in the mind and then generate the image. \nThe "
    "planning process is enclosed within <think> </think> tags, i.e. <think> planning process here "
    "</think> image here";

} // namespace

std::string_view toString(SpecialTokenMode mode) { return enumName(kSpecialModeNames, mode); }

std::optional<SpecialTokenMode> specialTokenModeFromString(std::string_view name) {
    return enumFromName<SpecialTokenMode>(kSpecialModeNames, name);
}

std::string_view toString(ThinkMode mode) { return enumName(kThinkModeNames, mode); }

std::optional<ThinkMode> thinkModeFromString(std::string_view name) {
    return enumFromName<ThinkMode>(kThinkModeNames, name);
}

std::string_view thinkSystemPrompt(ThinkMode mode) {
    return mode == ThinkMode::Generation ? kGenerationPrompt : kUnderstandingPrompt;
}

std::string EncodeOptions::describe() const {
    return "specialTokens=" + std::string(toString(specialTokens));
}

std::string BagelSpecialTokens::describe() const {
    return "im_start=" + std::to_string(imStart) + " im_end=" + std::to_string(imEnd) +
           " vision_start=" + std::to_string(visionStart) + " vision_end=" + std::to_string(visionEnd);
}

std::string BpeTrainerOptions::describe() const {
    return "vocabSize=" + std::to_string(vocabSize) + " minFrequency=" + std::to_string(minFrequency) +
           " maxTokenBytes=" + std::to_string(maxTokenBytes) +
           " specialTokens=" + std::to_string(specialTokens.size());
}

Result<BagelSpecialTokens> Tokenizer::bagelSpecialTokens() const {
    BagelSpecialTokens ids;
    std::string missing;
    const auto find = [&](const char* name, std::int32_t& id) {
        if (const auto found = tokenId(name)) {
            id = *found;
        } else {
            missing += missing.empty() ? name : std::string(", ") + name;
        }
    };
    find("<|im_start|>", ids.imStart);
    find("<|im_end|>", ids.imEnd);
    find("<|vision_start|>", ids.visionStart);
    find("<|vision_end|>", ids.visionEnd);
    if (!missing.empty()) {
        return makeError(ErrorCode::BadConfig, "the tokenizer lacks BAGEL's framing tokens: " + missing);
    }
    return ids;
}

Result<std::vector<std::int32_t>> Tokenizer::encodeTextSegment(std::string_view text,
                                                               const EncodeOptions& options) const {
    auto special = bagelSpecialTokens();
    if (!special) {
        return special.error();
    }
    std::vector<std::int32_t> ids;
    ids.reserve(text.size() / 3 + 2);
    ids.push_back(special->imStart);
    encodeInto(text, ids, options);
    ids.push_back(special->imEnd);
    return ids;
}

Result<std::vector<std::int32_t>> Tokenizer::encodeThinkPrompt(ThinkMode mode) const {
    return encodeTextSegment(thinkSystemPrompt(mode));
}

} // namespace hb

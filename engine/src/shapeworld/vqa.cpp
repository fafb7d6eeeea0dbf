#include "shapeworld/vqa.h"

#include <cctype>

namespace hb::shapeworld {

std::optional<std::string> answerText(const Scene& scene, std::string_view text) {
    const std::optional<Question> question = parseQuestion(text);
    if (!question) {
        return std::nullopt;
    }
    return answerQuestion(scene, *question);
}

std::vector<VqaCase> makeVqaSet(std::uint64_t seed, int count, Split split) {
    Rng rng(seed);
    SamplerOptions options;
    options.split = split;
    std::vector<VqaCase> cases;
    while (static_cast<int>(cases.size()) < count) {
        const auto kind =
            static_cast<QuestionKind>(cases.size() % static_cast<std::size_t>(QuestionKind::Count));
        VqaCase c;
        c.scene = sampleScene(rng, options);
        bool found = false;
        for (int tries = 0; tries < 64 && !found; ++tries) {
            c.question = sampleQuestion(c.scene, rng);
            found = c.question.kind == kind;
        }
        if (!found) {
            continue;
        }
        c.text = questionText(c.question);
        c.answer = answerQuestion(c.scene, c.question);
        cases.push_back(c);
    }
    return cases;
}

bool vqaExactMatch(std::string_view predicted, std::string_view expected) {
    while (!predicted.empty() && std::isspace(static_cast<unsigned char>(predicted.front()))) {
        predicted.remove_prefix(1);
    }
    while (!predicted.empty() && std::isspace(static_cast<unsigned char>(predicted.back()))) {
        predicted.remove_suffix(1);
    }
    return predicted == expected;
}

} // namespace hb::shapeworld

#include "speculative/draft_prompts.h"

#include <filesystem>
#include <fstream>
#include <vector>

#include <nlohmann/json.hpp>

#include "demo/world_data.h"
#include "shapeworld/evaluation_sets.h"
#include "shapeworld/questions.h"
#include "shapeworld/renderer.h"

namespace fs = std::filesystem;
namespace sw = hb::shapeworld;

namespace hb {
namespace {

/// Training questions about fresh training-split scenes; half of them paraphrased.
class ShapeWorldTraining final : public DraftPromptSet {
public:
    explicit ShapeWorldTraining(std::uint64_t seed) : m_seed(seed) {}
    Result<DraftPrompt> at(std::uint64_t index) const override {
        const std::uint64_t s = sampleSeed(m_seed, DemoStream::Draft, index);
        const sw::Scene scene = demoScene(s, sw::Split::Train);
        sw::Rng rng(s ^ 0x9e3779b97f4a7c15ULL);
        const sw::Question question = sw::sampleQuestion(scene, rng);
        DraftPrompt prompt;
        prompt.image = renderDemo(scene);
        prompt.question = rng.chance(0.5) ? sw::questionText(question) : sw::paraphraseQuestion(question, rng);
        prompt.kind = std::string(sw::toString(question.kind));
        return prompt;
    }
    std::size_t size() const override { return 0; }

private:
    std::uint64_t m_seed;
};

/// The fixed VQA evaluation set (canonical questions, every kind in turn).
class ShapeWorldMeasuring final : public DraftPromptSet {
public:
    ShapeWorldMeasuring() : m_cases(sw::standardEvaluationSets(sw::Split::Any).vqa) {}
    Result<DraftPrompt> at(std::uint64_t index) const override {
        const sw::VqaCase& c = m_cases[index % m_cases.size()];
        return DraftPrompt{renderDemo(c.scene), c.text, std::string(sw::toString(c.question.kind))};
    }
    std::size_t size() const override { return m_cases.size(); }

private:
    std::vector<sw::VqaCase> m_cases;
};

struct FilePrompt {
    std::string question;
    std::string imagePath; ///< absolute or relative to the working directory; empty: text only
};

class FilePrompts final : public DraftPromptSet {
public:
    explicit FilePrompts(std::vector<FilePrompt> prompts) : m_prompts(std::move(prompts)) {}
    Result<DraftPrompt> at(std::uint64_t index) const override {
        const FilePrompt& p = m_prompts[index % m_prompts.size()];
        DraftPrompt prompt{{}, p.question, "prompt"};
        if (!p.imagePath.empty()) {
            auto image = loadImage(p.imagePath);
            if (!image) {
                return image.error();
            }
            prompt.image = std::move(*image);
        }
        return prompt;
    }
    std::size_t size() const override { return m_prompts.size(); }

private:
    std::vector<FilePrompt> m_prompts;
};

Result<std::unique_ptr<DraftPromptSet>> openPromptFile(const std::string& path) {
    std::ifstream in(path);
    if (!in) {
        return makeError(ErrorCode::FileNotFound, "prompt set " + path + " cannot be opened");
    }
    const fs::path base = fs::path(path).parent_path();
    std::vector<FilePrompt> prompts;
    std::string line;
    for (int number = 1; std::getline(in, line); ++number) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) {
            continue;
        }
        const nlohmann::json entry = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        const auto where = path + ":" + std::to_string(number);
        if (!entry.is_object()) {
            return makeError(ErrorCode::InvalidRequest, where + " is not a JSON object");
        }
        if (!entry.contains("question") || !entry["question"].is_string() ||
            entry["question"].get<std::string>().empty()) {
            return makeError(ErrorCode::InvalidRequest, where + " has no \"question\" text");
        }
        FilePrompt prompt{entry["question"].get<std::string>(), {}};
        if (entry.contains("image")) {
            if (!entry["image"].is_string()) {
                return makeError(ErrorCode::InvalidRequest, where + ": \"image\" must be a path");
            }
            const fs::path image(entry["image"].get<std::string>());
            prompt.imagePath = (image.is_absolute() ? image : base / image).string();
        }
        prompts.push_back(std::move(prompt));
    }
    if (prompts.empty()) {
        return makeError(ErrorCode::InvalidRequest, "prompt set " + path + " has no prompts");
    }
    return std::unique_ptr<DraftPromptSet>(std::make_unique<FilePrompts>(std::move(prompts)));
}

} // namespace

Result<std::unique_ptr<DraftPromptSet>> openDraftPrompts(const std::string& spec, DraftPromptUse use,
                                                         std::uint64_t seed) {
    if (spec == "shapeworld") {
        if (use == DraftPromptUse::Training) {
            return std::unique_ptr<DraftPromptSet>(std::make_unique<ShapeWorldTraining>(seed));
        }
        return std::unique_ptr<DraftPromptSet>(std::make_unique<ShapeWorldMeasuring>());
    }
    return openPromptFile(spec);
}

} // namespace hb

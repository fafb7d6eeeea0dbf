#include "shapeworld_model_fixture.h"

#include <filesystem>
#include <vector>

#include <gtest/gtest.h>

#include "hyperbagel/engine/random_checkpoint.h"
#include "hyperbagel/engine/tokenizer.h"

#include "shapeworld/caption_text.h"
#include "shapeworld/edits.h"
#include "shapeworld/instruction_text.h"
#include "shapeworld/questions.h"
#include "shapeworld/scene_sampler.h"
#include "test_support.h"

namespace fs = std::filesystem;
namespace sw = hb::shapeworld;

namespace hbtest {
namespace {

// Captions, instructions and questions: enough text for a 500-entry BPE vocabulary, whose special
// tokens then take the preset's ids 500..504.
std::vector<std::string> worldTexts() {
    std::vector<std::string> texts;
    sw::Rng rng(7);
    for (int i = 0; i < 400; ++i) {
        sw::SamplerOptions options;
        options.split = sw::Split::Any;
        const sw::Scene scene = sw::sampleScene(rng, options);
        texts.push_back(sw::caption(scene));
        if (auto edit = sw::sampleEdit(scene, rng, sw::Split::Any)) {
            texts.push_back(sw::instructionText(*edit));
        }
        texts.push_back(sw::questionText(sw::sampleQuestion(scene, rng)));
    }
    return texts;
}

void makeModel(const std::string& dir, std::uint64_t seed) {
    hb::RandomCheckpointOptions options;
    options.preset = "shapeworld";
    options.outDir = dir;
    options.seed = seed;
    auto made = hb::makeRandomCheckpoint(options);
    ASSERT_TRUE(made.ok()) << made.error().message;
    hb::BpeTrainerOptions bpe;
    bpe.vocabSize = 500;
    auto trained = hb::trainBpeTokenizer(worldTexts(), bpe, (fs::path(dir) / "tokenizer.json").string());
    ASSERT_TRUE(trained.ok()) << trained.error().message;
}

} // namespace

std::string makeRandomShapeWorldModel(const std::string& name, std::uint64_t seed) {
    const std::string dir = tempDir(name);
    makeModel(dir, seed);
    return ::testing::Test::HasFatalFailure() ? std::string() : dir;
}

} // namespace hbtest

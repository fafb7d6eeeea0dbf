#include "demo/tokenizer_stage.h"

#include <filesystem>

#include "hyperbagel/engine/tokenizer.h"

#include "demo/world_data.h"

namespace fs = std::filesystem;

namespace hb {

Result<StageOutcome> runTokenizerStage(const StageEnv& env) {
    const std::string path = (fs::path(env.dir) / "tokenizer.json").string();
    if (fs::exists(path)) {
        return StageOutcome::Finished;
    }
    const std::vector<std::string> corpus = demoCorpus(env.seed, 20000);
    BpeTrainerOptions options;
    options.vocabSize = kDemoTokenizerVocab;
    options.minFrequency = 2;
    if (auto ok = trainBpeTokenizer(corpus, options, path); !ok) {
        return ok.error();
    }
    env.say("tokenizer", "trained on " + std::to_string(corpus.size()) + " texts: " + options.describe());
    return StageOutcome::Finished;
}

} // namespace hb

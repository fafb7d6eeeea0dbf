#pragma once
// Prompt sets for training and measuring a draft (see hyperbagel/engine/draft.h): "shapeworld" or a
// JSON-lines file. Engine-internal. Thread safety: a set is read-only after opening.

#include <cstdint>
#include <memory>
#include <string>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

namespace hb {

struct DraftPrompt {
    Image image;          ///< empty for a text-only question
    std::string question;
    std::string kind;     ///< a grouping for reports ("describe", "count_all", ...; "prompt" for files)
};

class DraftPromptSet {
public:
    virtual ~DraftPromptSet() = default;
    /// The prompt at `index`; a finite set wraps around. Fails when a file's image cannot be read.
    virtual Result<DraftPrompt> at(std::uint64_t index) const = 0;
    /// Prompts in the set; 0 for a generated, unbounded one.
    virtual std::size_t size() const = 0;
};

enum class DraftPromptUse : std::uint8_t { Training, Measuring };

/// Opens `spec`. ShapeWorld for training: fresh training-split scenes (96 px) with sampled and
/// paraphrased questions, derived from `seed`; for measuring: the fixed VQA evaluation set in an order
/// that cycles through the question kinds. Fails with InvalidRequest/FileNotFound naming the problem
/// (line number for a malformed line, a missing "question").
Result<std::unique_ptr<DraftPromptSet>> openDraftPrompts(const std::string& spec, DraftPromptUse use,
                                                         std::uint64_t seed);

} // namespace hb

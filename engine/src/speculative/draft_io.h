#pragma once
// The draft's files in a model folder: `draft.safetensors` (every draft tensor by its `draft.` name) and
// the "draft" entry of `hyperbagel.json` (draft_config.h), which says how to shape the model before the
// weights load. Engine-internal. Thread safety: stateless; each call opens its own files.

#include <string>

#include "hyperbagel/engine/error.h"

#include "models/weight_loader.h"
#include "speculative/draft_model.h"

namespace hb {

/// Writes every draft tensor to `path` (atomically), floats stored as `storeType` (float32 or bfloat16),
/// with the hyperbagel.json entry in the file's metadata ("hyperbagel.draft"). Fails with IoError.
Result<void> saveDraftWeights(DraftModelImpl& draft, const std::string& path,
                              at::ScalarType storeType = at::kBFloat16);

/// Saves `draft.config().weights` into `folder` and adds (or replaces) the "draft" entry of
/// folder/hyperbagel.json, keeping every other key ("format": 1 is added to a new file).
Result<void> saveDraftToFolder(DraftModelImpl& draft, const std::string& folder,
                               at::ScalarType storeType = at::kBFloat16);

/// Records in folder/hyperbagel.json whether chats on `deviceType` ("cpu", "cuda") draft by default,
/// with the measurement behind it (`note`), keeping every other key. Fails with FileNotFound,
/// BadConfig (no draft entry) or IoError.
Result<void> recordDraftDefault(const std::string& folder, const std::string& deviceType, bool useByDefault,
                                const std::string& note);

/// A draft shaped by `config` for `target`, weights from `path`. Fails with FileNotFound, BadFormat or
/// BadCheckpoint (a tensor missing or misshaped, named).
Result<DraftModel> loadDraftWeights(const std::string& path, const LlmConfig& target,
                                    const DraftConfig& config, const WeightTarget& weights);

/// The draft a model folder's hyperbagel.json lists; an empty DraftModel (nullptr) when the folder has
/// no hyperbagel.json or it has no "draft" entry. Fails with BadConfig for a malformed entry, and as
/// loadDraftWeights() for its file.
Result<DraftModel> loadDraftFromFolder(const std::string& folder, const LlmConfig& target,
                                       const WeightTarget& weights);

} // namespace hb

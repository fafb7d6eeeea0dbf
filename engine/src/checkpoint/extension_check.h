#pragma once
// Checking the Hyper-Bagel extension manifest `hyperbagel.json` of a checkpoint folder.
//
// The manifest format is still being defined (product.md §5: fast and preview tiers, draft head),
// so the check is structural: the file must be a JSON object, and every string value anywhere in it
// that ends in ".safetensors" or ".safetensors.index.json" names a file, relative to the folder,
// that must exist and open as valid safetensors. Their tensors count as Component::Extension.
// Thread safety: operates on the caller's objects only.

#include <string>
#include <vector>

#include "hyperbagel/engine/checkpoint.h"

#include "checkpoint/tensor_check.h"

namespace hb {

inline constexpr std::string_view kExtensionManifestFile = "hyperbagel.json";

/// Does nothing when `folder` has no hyperbagel.json. Otherwise appends findings (BadConfig,
/// MissingFile, BadFile: all Errors, since a tier named by the manifest cannot be loaded), adds the
/// named files to `files` when not listed yet, and their tensors to `tally`.
void inspectExtension(const std::string& folder, std::vector<Finding>& findings,
                      std::vector<FileEntry>& files, TensorTally& tally);

} // namespace hb

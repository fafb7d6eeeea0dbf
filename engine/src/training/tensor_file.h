#pragma once
// Named libtorch tensors to and from safetensors files: the weight files training writes (ema,
// checkpoints, optimizer moments) and reads back on resume. Engine-internal.
// Thread safety: stateless; each call opens its own file.

#include <map>
#include <string>
#include <utility>
#include <vector>

#include <ATen/core/Tensor.h>

#include "hyperbagel/engine/error.h"

namespace torch::nn {
class Module;
}

namespace hb {

using NamedTensors = std::vector<std::pair<std::string, at::Tensor>>;

/// Writes every tensor (moved to the CPU, made contiguous, converted to `storeType`: float32 or
/// bfloat16 for floating tensors; integer tensors keep their type) into `path` atomically (the file
/// appears complete or not at all). Fails with InvalidRequest (duplicate name, unsupported dtype) or
/// IoError.
Result<void> saveTensorFile(const std::string& path, const NamedTensors& tensors,
                            at::ScalarType storeType = at::kFloat,
                            const std::map<std::string, std::string>& metadata = {});

/// Every tensor of a safetensors file as owned CPU tensors (copies, independent of the file).
/// Fails with FileNotFound, BadFormat or Unsupported.
Result<std::map<std::string, at::Tensor>> loadTensorFile(const std::string& path);

/// The module's parameters and buffers by their dotted names, with `prefix` prepended.
NamedTensors moduleTensors(const torch::nn::Module& module, const std::string& prefix = {});

} // namespace hb

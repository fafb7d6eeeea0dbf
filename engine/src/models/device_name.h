#pragma once
// Device names as users write them ("cpu", "cuda", "cuda:N") turned into libtorch devices, with a
// clear error when CUDA is asked for and this libtorch or machine has none. Engine-internal.
// Thread safety: stateless.

#include <string>

#include <c10/core/Device.h>

#include "hyperbagel/engine/error.h"

namespace hb {

/// Fails with InvalidRequest (unknown or malformed name) or Unsupported (CUDA unavailable).
Result<c10::Device> parseDevice(const std::string& name);

} // namespace hb

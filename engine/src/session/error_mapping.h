#pragma once
// Turns exceptions from libtorch and the standard library into engine errors at the API boundary.
// Thread safety: stateless.

#include <exception>
#include <string>

#include "hyperbagel/engine/error.h"

namespace hb {

/// Out-of-memory messages become OutOfMemory / OutOfDeviceMemory; anything else `fallback`.
/// `what` prefixes the message ("ask: ...").
Error mapException(const std::exception& e, const std::string& what,
                   ErrorCode fallback = ErrorCode::Internal);

} // namespace hb

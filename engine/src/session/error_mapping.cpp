#include "session/error_mapping.h"

#include <new>

namespace hb {

Error mapException(const std::exception& e, const std::string& what, ErrorCode fallback) {
    const std::string message = e.what();
    // c10::Error's first line is the reason; the rest is a C++ backtrace not meant for users.
    const std::string reason = message.substr(0, message.find('\n'));
    if (dynamic_cast<const std::bad_alloc*>(&e) != nullptr ||
        reason.find("can't allocate memory") != std::string::npos) {
        return makeError(ErrorCode::OutOfMemory, what + ": out of memory: " + reason);
    }
    if (reason.find("CUDA out of memory") != std::string::npos ||
        reason.find("out of memory") != std::string::npos) {
        return makeError(ErrorCode::OutOfDeviceMemory, what + ": out of device memory: " + reason);
    }
    return makeError(fallback, what + ": " + reason);
}

} // namespace hb

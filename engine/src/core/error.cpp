#include "hyperbagel/engine/error.h"

#include <array>

namespace hb {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(ErrorCode::Count)> kNames = {
    "file_not_found",  "io_error",      "bad_format",           "bad_config", "bad_checkpoint", "unsupported",
    "invalid_request", "out_of_memory", "out_of_device_memory", "cancelled",  "internal",
};

} // namespace

std::string_view toString(ErrorCode code) {
    const auto i = static_cast<std::size_t>(code);
    return i < kNames.size() ? kNames[i] : std::string_view("unknown");
}

std::optional<ErrorCode> errorCodeFromString(std::string_view name) {
    for (std::size_t i = 0; i < kNames.size(); ++i) {
        if (kNames[i] == name) {
            return static_cast<ErrorCode>(i);
        }
    }
    return std::nullopt;
}

std::string Error::describe() const { return std::string(toString(code)) + ": " + message; }

} // namespace hb

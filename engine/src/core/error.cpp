#include "hyperbagel/engine/error.h"

#include <array>

#include "core/enum_names.h"

namespace hb {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(ErrorCode::Count)> kNames = {
    "file_not_found",  "io_error",      "bad_format",           "bad_config", "bad_checkpoint", "unsupported",
    "invalid_request", "out_of_memory", "out_of_device_memory", "cancelled",  "internal",
};

} // namespace

std::string_view toString(ErrorCode code) { return enumName(kNames, code); }

std::optional<ErrorCode> errorCodeFromString(std::string_view name) {
    return enumFromName<ErrorCode>(kNames, name);
}

std::string Error::describe() const { return std::string(toString(code)) + ": " + message; }

} // namespace hb

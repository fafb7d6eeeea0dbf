#pragma once
// Error values used at the engine's public boundary. Fallible functions return Result<T>;
// exceptions (libtorch's c10::Error, std::bad_alloc, ...) are caught inside the engine and
// mapped to an ErrorCode, so nothing throws across the API.
// Thread safety: plain value types, safe to copy between threads.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace hb {

/// What went wrong, for programs. Error::message carries the English detail for people.
enum class ErrorCode : std::uint8_t {
    FileNotFound,      ///< a path does not exist
    IoError,           ///< the OS refused a read, write, map or rename
    BadFormat,         ///< a file exists but its bytes are not what its format requires
    BadConfig,         ///< a JSON configuration is malformed or inconsistent
    BadCheckpoint,     ///< a checkpoint folder is incomplete or does not match its configs
    Unsupported,       ///< valid input that this build cannot handle (dtype, feature)
    InvalidRequest,    ///< the caller asked for something impossible (bad option, size)
    OutOfMemory,       ///< host allocation failed
    OutOfDeviceMemory, ///< accelerator allocation failed
    Cancelled,         ///< the caller's cancellation token fired; not a failure to report
    Internal,          ///< a bug: an invariant did not hold
    Count              ///< number of codes; keep last
};

/// Stable lower-case name ("bad_format"), used in logs and JSON.
std::string_view toString(ErrorCode code);
/// Inverse of toString(); nullopt for an unknown name.
std::optional<ErrorCode> errorCodeFromString(std::string_view name);

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message; ///< English, names the file / tensor / key at fault

    /// "bad_format: <message>"
    std::string describe() const;
};

/// Holds either a value or an Error. A small stand-in for C++23 std::expected.
template <typename T>
class [[nodiscard]] Result {
public:
    Result(T value) : m_state(std::in_place_index<0>, std::move(value)) {}
    Result(Error error) : m_state(std::in_place_index<1>, std::move(error)) {}

    bool ok() const { return m_state.index() == 0; }
    explicit operator bool() const { return ok(); }

    /// Precondition: ok().
    T& value() & { return std::get<0>(m_state); }
    const T& value() const& { return std::get<0>(m_state); }
    T&& value() && { return std::get<0>(std::move(m_state)); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }

    /// Precondition: !ok().
    const Error& error() const { return std::get<1>(m_state); }

private:
    std::variant<T, Error> m_state;
};

template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : m_error(std::move(error)) {}

    bool ok() const { return !m_error.has_value(); }
    explicit operator bool() const { return ok(); }
    /// Precondition: !ok().
    const Error& error() const { return *m_error; }

private:
    std::optional<Error> m_error;
};

/// Shorthand for building an Error with a message.
inline Error makeError(ErrorCode code, std::string message) { return Error{code, std::move(message)}; }

} // namespace hb

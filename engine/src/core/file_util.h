#pragma once
// Small filesystem helpers shared by the engine: whole-file reads with clear errors, atomic writes.
// Thread safety: stateless; safe from any thread.

#include <cstdint>
#include <string>

#include "hyperbagel/engine/error.h"

namespace hb {

/// Reads a whole (small) file. Fails with FileNotFound or IoError naming the path.
/// Files over `maxBytes` fail with BadFormat (a config that big is not a config).
Result<std::string> readTextFile(const std::string& path, std::uint64_t maxBytes = 64ull << 20);

/// Writes `text` to `path` through a temporary file and a rename, so readers never see half a file.
Result<void> writeTextFileAtomic(const std::string& path, const std::string& text);

/// Creates `path` and its parents when missing. Fails with IoError.
Result<void> ensureDirectory(const std::string& path);

} // namespace hb

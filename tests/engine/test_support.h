#pragma once
// Shared helpers for engine tests: scratch folders, whole-file I/O, the golden set's location and
// hand-made safetensors byte images.

#include <cstdint>
#include <string>

namespace hbtest {

/// A fresh, empty folder under the build tree's test scratch area (HB_TEST_TMP/name).
std::string tempDir(const std::string& name);
/// ../shared/golden (HB_GOLDEN_DIR); haveGolden() is false when it is not present.
std::string goldenDir();
bool haveGolden();

void writeFile(const std::string& path, const std::string& bytes);
std::string readFile(const std::string& path);

/// u64 LE length + header (space-padded to a multiple of 8 when `pad`) + data.
std::string makeSafetensorsBytes(const std::string& headerJson, const std::string& data, bool pad = true);
/// Little-endian u64 as 8 bytes.
std::string u64le(std::uint64_t value);

} // namespace hbtest

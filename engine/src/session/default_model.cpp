#include "hyperbagel/engine/default_model.h"

#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <vector>

#ifdef _WIN32
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <windows.h>
#endif

#ifndef HB_SOURCE_MODEL_DIR
#define HB_SOURCE_MODEL_DIR ""
#endif

namespace fs = std::filesystem;

namespace hb {
namespace {

// The running executable's folder; empty when the platform will not say.
fs::path executableDir() {
    std::error_code ec;
#ifdef _WIN32
    std::wstring buffer(32768, L'\0');
    const DWORD n = GetModuleFileNameW(nullptr, buffer.data(), static_cast<DWORD>(buffer.size()));
    if (n == 0 || n >= buffer.size()) {
        return {};
    }
    buffer.resize(n);
    return fs::path(buffer).parent_path();
#else
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    return ec ? fs::path() : exe.parent_path();
#endif
}

bool isModelFolder(const fs::path& dir) {
    std::error_code ec;
    return !dir.empty() && fs::is_directory(dir, ec) && fs::is_regular_file(dir / "llm_config.json", ec);
}

} // namespace

std::string defaultModelDir() {
    std::vector<fs::path> candidates;
    if (const char* env = std::getenv("HB_MODEL_DIR"); env != nullptr && *env != '\0') {
        candidates.emplace_back(env);
    }
    if (const fs::path exeDir = executableDir(); !exeDir.empty()) {
        candidates.push_back(exeDir / ".." / "share" / "hyperbagel" / "models" / "shapeworld");
        candidates.push_back(exeDir / ".." / "resources" / "models" / "shapeworld");
    }
    candidates.emplace_back(HB_SOURCE_MODEL_DIR);
    for (const fs::path& dir : candidates) {
        if (isModelFolder(dir)) {
            std::error_code ec;
            const fs::path clean = fs::weakly_canonical(dir, ec);
            return (ec ? dir : clean).string();
        }
    }
    return {};
}

} // namespace hb

#include "core/file_util.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace fs = std::filesystem;

namespace hb {

Result<std::string> readTextFile(const std::string& path, std::uint64_t maxBytes) {
    std::error_code ec;
    const auto status = fs::status(path, ec);
    if (ec || !fs::exists(status)) {
        return makeError(ErrorCode::FileNotFound, path + ": no such file");
    }
    if (!fs::is_regular_file(status)) {
        return makeError(ErrorCode::IoError, path + ": not a regular file");
    }
    const auto size = fs::file_size(path, ec);
    if (ec) {
        return makeError(ErrorCode::IoError, path + ": cannot read the size: " + ec.message());
    }
    if (size > maxBytes) {
        return makeError(ErrorCode::BadFormat, path + ": " + std::to_string(size) + " bytes, more than the " +
                                                   std::to_string(maxBytes) + " allowed for this file");
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        return makeError(ErrorCode::IoError, path + ": cannot open for reading");
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        return makeError(ErrorCode::IoError, path + ": read failed");
    }
    return ss.str();
}

Result<void> writeTextFileAtomic(const std::string& path, const std::string& text) {
    const std::string tmp = path + ".partial";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) {
            return makeError(ErrorCode::IoError, tmp + ": cannot open for writing");
        }
        out.write(text.data(), static_cast<std::streamsize>(text.size()));
        out.flush();
        if (!out) {
            return makeError(ErrorCode::IoError, tmp + ": write failed (disk full?)");
        }
    }
    std::error_code ec;
    fs::rename(tmp, path, ec);
    if (ec) {
        fs::remove(tmp, ec);
        return makeError(ErrorCode::IoError, path + ": cannot rename the finished file into place");
    }
    return {};
}

Result<void> ensureDirectory(const std::string& path) {
    std::error_code ec;
    fs::create_directories(path, ec);
    if (ec || !fs::is_directory(path)) {
        return makeError(ErrorCode::IoError, path + ": cannot create the folder: " + ec.message());
    }
    return {};
}

} // namespace hb

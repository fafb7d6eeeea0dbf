#include "test_support.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace hbtest {

std::string tempDir(const std::string& name) {
    const fs::path dir = fs::path(HB_TEST_TMP) / name;
    std::error_code ec;
    fs::remove_all(dir, ec);
    fs::create_directories(dir);
    return dir.string();
}

std::string goldenDir() { return HB_GOLDEN_DIR; }

bool haveGolden() { return fs::exists(fs::path(HB_GOLDEN_DIR) / "model" / "ema.safetensors"); }

void writeFile(const std::string& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) {
        throw std::runtime_error("cannot write " + path);
    }
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

std::string readFile(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw std::runtime_error("cannot read " + path);
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string u64le(std::uint64_t value) {
    std::string out(8, '\0');
    for (int i = 0; i < 8; ++i) {
        out[static_cast<std::size_t>(i)] = static_cast<char>((value >> (8 * i)) & 0xFF);
    }
    return out;
}

std::string makeSafetensorsBytes(const std::string& headerJson, const std::string& data, bool pad) {
    std::string header = headerJson;
    if (pad) {
        while (header.size() % 8 != 0) {
            header.push_back(' ');
        }
    }
    return u64le(header.size()) + header + data;
}

} // namespace hbtest

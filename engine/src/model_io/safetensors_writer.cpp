// Streaming safetensors writer: header first, then tensor bytes in spec order.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <limits>
#include <set>

#include <nlohmann/json.hpp>

#include "hyperbagel/engine/safetensors.h"

#include "core/file_util.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr std::size_t kWriteBuffer = 4u << 20;

struct FileCloser {
    void operator()(std::FILE* f) const {
        if (f != nullptr) {
            std::fclose(f);
        }
    }
};

Result<std::uint64_t> specBytes(const TensorSpec& spec) {
    std::uint64_t bytes = dtypeSize(spec.dtype);
    for (const std::int64_t dim : spec.shape) {
        if (dim < 0) {
            return makeError(ErrorCode::InvalidRequest, "tensor \"" + spec.name + "\": negative dimension");
        }
        const auto d = static_cast<std::uint64_t>(dim);
        if (d != 0 && bytes > std::numeric_limits<std::uint64_t>::max() / d) {
            return makeError(ErrorCode::InvalidRequest,
                             "tensor \"" + spec.name + "\": size overflows 64 bits");
        }
        bytes *= d;
    }
    return bytes;
}

} // namespace

struct SafetensorsWriter::Impl {
    std::string path;
    std::string partialPath;
    std::unique_ptr<std::FILE, FileCloser> file;
    std::vector<char> buffer;
    std::vector<TensorSpec> specs;
    std::vector<std::uint64_t> sizes;
    std::size_t current = 0; // index of the tensor being filled
    std::uint64_t writtenInCurrent = 0;
    std::uint64_t fileBytes = 0;
    bool finished = false;

    void skipFullTensors() {
        while (current < specs.size() && writtenInCurrent == sizes[current]) {
            ++current;
            writtenInCurrent = 0;
        }
    }

    Error ioError(const std::string& what) const {
        return makeError(ErrorCode::IoError, partialPath + ": " + what + ": " + std::strerror(errno));
    }
};

SafetensorsWriter::SafetensorsWriter(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

SafetensorsWriter::~SafetensorsWriter() {
    if (m_impl && !m_impl->finished) {
        m_impl->file.reset();
        std::error_code ec;
        fs::remove(m_impl->partialPath, ec);
    }
}

Result<std::unique_ptr<SafetensorsWriter>>
SafetensorsWriter::create(const std::string& path, std::vector<TensorSpec> specs,
                          std::map<std::string, std::string> metadata) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->partialPath = path + ".partial";
    nlohmann::json header = nlohmann::json::object();
    std::set<std::string> names;
    std::uint64_t offset = 0;
    for (const TensorSpec& spec : specs) {
        if (spec.name.empty() || spec.name == "__metadata__") {
            return makeError(ErrorCode::InvalidRequest, "invalid tensor name \"" + spec.name + "\"");
        }
        if (!names.insert(spec.name).second) {
            return makeError(ErrorCode::InvalidRequest, "tensor \"" + spec.name + "\" is listed twice");
        }
        auto bytes = specBytes(spec);
        if (!bytes) {
            return bytes.error();
        }
        header[spec.name] = {{"dtype", std::string(toString(spec.dtype))},
                             {"shape", spec.shape},
                             {"data_offsets", {offset, offset + *bytes}}};
        impl->sizes.push_back(*bytes);
        offset += *bytes;
    }
    if (!metadata.empty()) {
        header["__metadata__"] = metadata;
    }
    std::string text;
    try {
        text = header.dump();
    } catch (const nlohmann::json::exception&) {
        return makeError(ErrorCode::InvalidRequest,
                         path + ": a tensor name or metadata string is not valid UTF-8");
    }
    while (text.size() % 8 != 0) { // keeps the data section 8-byte aligned for zero-copy views
        text.push_back(' ');
    }
    impl->specs = std::move(specs);
    impl->fileBytes = 8 + text.size() + offset;

    impl->file.reset(std::fopen(impl->partialPath.c_str(), "wb"));
    if (!impl->file) {
        return impl->ioError("cannot create");
    }
    impl->buffer.resize(kWriteBuffer);
    std::setvbuf(impl->file.get(), impl->buffer.data(), _IOFBF, impl->buffer.size());
    unsigned char length[8];
    for (int i = 0; i < 8; ++i) {
        length[i] = static_cast<unsigned char>((text.size() >> (8 * i)) & 0xFF);
    }
    if (std::fwrite(length, 1, 8, impl->file.get()) != 8 ||
        std::fwrite(text.data(), 1, text.size(), impl->file.get()) != text.size()) {
        return impl->ioError("write failed (disk full?)");
    }
    impl->skipFullTensors(); // zero-sized tensors need no data
    return std::unique_ptr<SafetensorsWriter>(new SafetensorsWriter(std::move(impl)));
}

Result<void> SafetensorsWriter::append(const void* data, std::size_t bytes) {
    Impl& s = *m_impl;
    if (s.finished) {
        return makeError(ErrorCode::InvalidRequest, s.path + ": append after finish");
    }
    const auto* p = static_cast<const char*>(data);
    while (bytes > 0) {
        if (s.current >= s.specs.size()) {
            return makeError(ErrorCode::InvalidRequest,
                             s.path + ": " + std::to_string(bytes) + " bytes more than the tensors declare");
        }
        const std::uint64_t room = s.sizes[s.current] - s.writtenInCurrent;
        const std::size_t take = static_cast<std::size_t>(std::min<std::uint64_t>(room, bytes));
        if (std::fwrite(p, 1, take, s.file.get()) != take) {
            return s.ioError("write failed (disk full?)");
        }
        s.writtenInCurrent += take;
        p += take;
        bytes -= take;
        s.skipFullTensors();
    }
    return {};
}

Result<void> SafetensorsWriter::writeTensor(std::string_view name, const void* data, std::size_t bytes) {
    Impl& s = *m_impl;
    if (s.current >= s.specs.size() || s.specs[s.current].name != name || s.writtenInCurrent != 0) {
        return makeError(ErrorCode::InvalidRequest, s.path + ": tensor \"" + std::string(name) +
                                                        "\" written out of order (expected \"" +
                                                        std::string(currentTensor()) + "\")");
    }
    if (bytes != s.sizes[s.current]) {
        return makeError(ErrorCode::InvalidRequest, s.path + ": tensor \"" + std::string(name) + "\" needs " +
                                                        std::to_string(s.sizes[s.current]) + " bytes, got " +
                                                        std::to_string(bytes));
    }
    return append(data, bytes);
}

std::string_view SafetensorsWriter::currentTensor() const {
    return m_impl->current < m_impl->specs.size() ? std::string_view(m_impl->specs[m_impl->current].name)
                                                  : std::string_view();
}

Result<void> SafetensorsWriter::finish() {
    Impl& s = *m_impl;
    if (s.finished) {
        return {};
    }
    if (s.current < s.specs.size()) {
        return makeError(ErrorCode::InvalidRequest,
                         s.path + ": finish before all data was written (tensor \"" +
                             s.specs[s.current].name + "\" has " + std::to_string(s.writtenInCurrent) +
                             " of " + std::to_string(s.sizes[s.current]) + " bytes)");
    }
    if (std::fflush(s.file.get()) != 0) {
        return s.ioError("flush failed (disk full?)");
    }
    if (std::fclose(s.file.release()) != 0) {
        return s.ioError("close failed");
    }
    std::error_code ec;
    fs::rename(s.partialPath, s.path, ec);
    if (ec) {
        return makeError(ErrorCode::IoError,
                         s.path + ": cannot rename the finished file into place: " + ec.message());
    }
    s.finished = true;
    return {};
}

std::uint64_t SafetensorsWriter::fileBytes() const { return m_impl->fileBytes; }

Result<void> writeSafetensorsIndex(const std::string& indexPath,
                                   const std::map<std::string, std::string>& weightMap,
                                   std::uint64_t totalSize) {
    nlohmann::json index = {{"metadata", {{"total_size", totalSize}}}, {"weight_map", weightMap}};
    return writeTextFileAtomic(indexPath, index.dump(2) + "\n");
}

} // namespace hb

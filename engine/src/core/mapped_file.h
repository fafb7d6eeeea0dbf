#pragma once
// Read-only memory mapping of a whole file (RAII). Empty files map to a null, zero-length view.
// Thread safety: immutable after open(); reads from any thread.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>

#include "hyperbagel/engine/error.h"

namespace hb {

class MappedFile {
public:
    /// Fails with FileNotFound or IoError, naming the path and the OS reason.
    static Result<std::unique_ptr<MappedFile>> open(const std::string& path);

    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    const std::byte* data() const { return m_data; }
    std::uint64_t size() const { return m_size; }
    const std::string& path() const { return m_path; }

    /// Readahead / page-cache hints for [offset, offset + length). No-ops where unsupported.
    void adviseWillNeed(std::uint64_t offset, std::uint64_t length) const;
    void adviseDontNeed(std::uint64_t offset, std::uint64_t length) const;

private:
    MappedFile() = default;

    std::string m_path;
    const std::byte* m_data = nullptr;
    std::uint64_t m_size = 0;
    int m_fd = -1;                   // POSIX descriptor, kept for fadvise
    void* m_fileHandle = nullptr;    // Windows HANDLE of the file
    void* m_mappingHandle = nullptr; // Windows HANDLE of the mapping
};

} // namespace hb

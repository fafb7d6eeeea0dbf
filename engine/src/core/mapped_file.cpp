#include "core/mapped_file.h"

#include <cerrno>
#include <cstring>
#include <filesystem>

#ifdef _WIN32
#define WIN32_LEAN_AND_MEAN
#define NOMINMAX
#include <windows.h>
#else
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>
#endif

namespace hb {

#ifdef _WIN32

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string& path) {
    std::unique_ptr<MappedFile> file(new MappedFile());
    file->m_path = path;
    const std::wstring wide = std::filesystem::u8path(path).wstring();
    HANDLE handle = CreateFileW(wide.c_str(), GENERIC_READ, FILE_SHARE_READ, nullptr, OPEN_EXISTING,
                                FILE_ATTRIBUTE_NORMAL, nullptr);
    if (handle == INVALID_HANDLE_VALUE) {
        const DWORD err = GetLastError();
        const bool missing = err == ERROR_FILE_NOT_FOUND || err == ERROR_PATH_NOT_FOUND;
        return makeError(missing ? ErrorCode::FileNotFound : ErrorCode::IoError,
                         path + ": cannot open (Windows error " + std::to_string(err) + ")");
    }
    file->m_fileHandle = handle;
    LARGE_INTEGER size{};
    if (!GetFileSizeEx(handle, &size)) {
        return makeError(ErrorCode::IoError, path + ": cannot read the file size");
    }
    file->m_size = static_cast<std::uint64_t>(size.QuadPart);
    if (file->m_size == 0) {
        return file;
    }
    HANDLE mapping = CreateFileMappingW(handle, nullptr, PAGE_READONLY, 0, 0, nullptr);
    if (mapping == nullptr) {
        return makeError(ErrorCode::IoError, path + ": cannot create a file mapping");
    }
    file->m_mappingHandle = mapping;
    void* view = MapViewOfFile(mapping, FILE_MAP_READ, 0, 0, 0);
    if (view == nullptr) {
        return makeError(ErrorCode::IoError, path + ": cannot map the file into memory");
    }
    file->m_data = static_cast<const std::byte*>(view);
    return file;
}

MappedFile::~MappedFile() {
    if (m_data != nullptr) {
        UnmapViewOfFile(m_data);
    }
    if (m_mappingHandle != nullptr) {
        CloseHandle(m_mappingHandle);
    }
    if (m_fileHandle != nullptr) {
        CloseHandle(m_fileHandle);
    }
}

void MappedFile::adviseWillNeed(std::uint64_t, std::uint64_t) const {}
void MappedFile::adviseDontNeed(std::uint64_t, std::uint64_t) const {}

#else

Result<std::unique_ptr<MappedFile>> MappedFile::open(const std::string& path) {
    std::unique_ptr<MappedFile> file(new MappedFile());
    file->m_path = path;
    file->m_fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (file->m_fd < 0) {
        const int err = errno;
        return makeError(err == ENOENT ? ErrorCode::FileNotFound : ErrorCode::IoError,
                         path + ": cannot open: " + std::strerror(err));
    }
    struct stat st {};
    if (::fstat(file->m_fd, &st) != 0) {
        return makeError(ErrorCode::IoError, path + ": cannot stat: " + std::strerror(errno));
    }
    if (!S_ISREG(st.st_mode)) {
        return makeError(ErrorCode::IoError, path + ": not a regular file");
    }
    file->m_size = static_cast<std::uint64_t>(st.st_size);
    if (file->m_size == 0) {
        return file;
    }
    void* addr = ::mmap(nullptr, file->m_size, PROT_READ, MAP_PRIVATE, file->m_fd, 0);
    if (addr == MAP_FAILED) {
        return makeError(ErrorCode::IoError, path + ": cannot map into memory: " + std::strerror(errno));
    }
    file->m_data = static_cast<const std::byte*>(addr);
    return file;
}

MappedFile::~MappedFile() {
    if (m_data != nullptr) {
        ::munmap(const_cast<std::byte*>(m_data), m_size);
    }
    if (m_fd >= 0) {
        ::close(m_fd);
    }
}

void MappedFile::adviseWillNeed(std::uint64_t offset, std::uint64_t length) const {
    if (m_fd >= 0 && length > 0) {
        ::posix_fadvise(m_fd, static_cast<off_t>(offset), static_cast<off_t>(length), POSIX_FADV_WILLNEED);
    }
}

void MappedFile::adviseDontNeed(std::uint64_t offset, std::uint64_t length) const {
    if (m_fd >= 0 && length > 0) {
        // Pages still mapped by this process stay resident; drop our mapping's hold first.
        if (m_data != nullptr) {
            ::madvise(const_cast<std::byte*>(m_data), m_size, MADV_DONTNEED);
        }
        ::posix_fadvise(m_fd, static_cast<off_t>(offset), static_cast<off_t>(length), POSIX_FADV_DONTNEED);
    }
}

#endif

} // namespace hb

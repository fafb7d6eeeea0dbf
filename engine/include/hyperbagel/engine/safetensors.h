#pragma once
// Reading and writing the safetensors format:
//   u64 little-endian header length N | N bytes of JSON header | raw little-endian data.
// The reader memory-maps the file and hands out zero-copy views; every header is validated
// strictly before any view exists, so a view never points outside the mapping.
// The writer streams tensor data to disk in order, so files far larger than memory can be written.
// Thread safety: an open SafetensorsFile / TensorStore is immutable and safe to read from any
// thread; a SafetensorsWriter must be used by one thread at a time.

#include <cstddef>
#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/dtype.h"
#include "hyperbagel/engine/error.h"

namespace hb {

/// Largest JSON header accepted, as in the reference implementation (100 MB).
inline constexpr std::uint64_t kSafetensorsMaxHeaderBytes = 100'000'000;

/// One header entry. Offsets are relative to the start of the data section.
struct TensorInfo {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
    std::uint64_t dataBegin = 0;
    std::uint64_t dataEnd = 0;

    std::int64_t numel() const;
    std::uint64_t byteSize() const { return dataEnd - dataBegin; }
    /// "[3584, 64]"
    std::string shapeString() const;
};

/// A zero-copy window onto one tensor's bytes inside a mapped file. Valid while the file lives.
struct TensorView {
    const TensorInfo* info = nullptr;
    const std::byte* data = nullptr; ///< may be unaligned when the header length is not a multiple of 8

    std::uint64_t byteSize() const { return info ? info->byteSize() : 0; }
    /// True when `data` is aligned for the element type (zero-copy use as a typed array is safe).
    bool aligned() const;
    /// Element i converted to double; precondition i < numel().
    double at(std::int64_t i) const;
};

/// A parsed, validated header (no file attached). Tensors are sorted by data offset.
struct SafetensorsHeader {
    std::uint64_t headerBytes = 0; ///< N
    std::uint64_t dataBytes = 0;   ///< size of the data section
    std::vector<TensorInfo> tensors;
    std::map<std::string, std::string> metadata;
};

/// Parses and validates a whole file image held in memory (`size` bytes starting at `bytes`).
/// Fails with BadFormat naming the first problem found: header length out of bounds, JSON syntax or
/// shape, unknown dtype, dtype x shape != byte span, offsets out of range / overlapping / leaving gaps,
/// data section not covered exactly, duplicate names, non-string metadata, invalid UTF-8.
Result<SafetensorsHeader> parseSafetensors(const std::byte* bytes, std::uint64_t size);

/// A memory-mapped, validated safetensors file.
class SafetensorsFile {
public:
    /// Maps and validates `path`. Fails with FileNotFound, IoError or BadFormat (message names the
    /// file and the problem). The caller owns the returned object.
    static Result<std::unique_ptr<SafetensorsFile>> open(const std::string& path);

    ~SafetensorsFile();
    SafetensorsFile(const SafetensorsFile&) = delete;
    SafetensorsFile& operator=(const SafetensorsFile&) = delete;

    const std::string& path() const;
    std::uint64_t fileBytes() const;
    const SafetensorsHeader& header() const;
    /// Sorted by data offset.
    const std::vector<TensorInfo>& tensors() const { return header().tensors; }
    const std::map<std::string, std::string>& metadata() const { return header().metadata; }
    /// nullptr when absent.
    const TensorInfo* find(std::string_view name) const;
    TensorView view(const TensorInfo& info) const;
    /// Tells the OS the whole data section will be read soon (readahead). Harmless to skip.
    void adviseWillNeed() const;
    /// Drops this file's pages from the page cache where the OS allows it (benchmarks: cold reads).
    void adviseDontNeed() const;

private:
    struct Impl;
    explicit SafetensorsFile(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// A set of tensors from one safetensors file or from a sharded checkpoint
/// (`NAME.safetensors.index.json` with a `weight_map` from tensor name to shard file).
class TensorStore {
public:
    /// Opens `path`: either a `.safetensors` file or a `.safetensors.index.json` index. Every shard
    /// is opened and validated, and the index must agree with the shards' headers: a name mapped to a
    /// shard that lacks it, a shard tensor the index does not list, a name in two shards and a shard
    /// file that is missing are each BadCheckpoint errors naming the tensor or file.
    static Result<std::unique_ptr<TensorStore>> open(const std::string& path);

    ~TensorStore();
    TensorStore(const TensorStore&) = delete;
    TensorStore& operator=(const TensorStore&) = delete;

    /// The file or index path given to open().
    const std::string& path() const;
    bool sharded() const;
    const std::vector<const SafetensorsFile*>& files() const;
    /// All tensor names, sorted.
    std::vector<std::string> names() const;
    std::size_t size() const;
    /// nullptr when absent.
    const TensorInfo* find(std::string_view name) const;
    /// Precondition: find(name) != nullptr.
    TensorView view(std::string_view name) const;
    /// The file holding `name`; nullptr when absent.
    const SafetensorsFile* fileOf(std::string_view name) const;
    /// Sum of all shard file sizes.
    std::uint64_t totalFileBytes() const;

private:
    struct Impl;
    explicit TensorStore(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// What the writer needs to know about a tensor before any data is written.
struct TensorSpec {
    std::string name;
    DType dtype = DType::F32;
    std::vector<std::int64_t> shape;
};

/// Streams a safetensors file: the header is written first (so every spec must be known up front),
/// then each tensor's bytes in the order given, in as many append() calls as the caller likes.
/// Data goes to `PATH.partial`, renamed to PATH by finish(); an abandoned writer removes it, so a
/// cancelled or failed write never leaves a file that looks complete. The data section has no gaps, so
/// views are aligned to their element size only when specs come largest element size first.
class SafetensorsWriter {
public:
    /// Fails with InvalidRequest (duplicate or empty name, negative dimension, size overflow) or IoError.
    static Result<std::unique_ptr<SafetensorsWriter>>
    create(const std::string& path, std::vector<TensorSpec> specs,
           std::map<std::string, std::string> metadata = {});
    ~SafetensorsWriter();
    SafetensorsWriter(const SafetensorsWriter&) = delete;
    SafetensorsWriter& operator=(const SafetensorsWriter&) = delete;

    /// Appends bytes to the current tensor, moving to the next one when it is full.
    /// Fails with InvalidRequest when more bytes arrive than the specs declare.
    Result<void> append(const void* data, std::size_t bytes);
    /// Writes a whole tensor; fails unless `name` is the next tensor and `bytes` is its exact size.
    Result<void> writeTensor(std::string_view name, const void* data, std::size_t bytes);
    /// The tensor that the next append() fills; empty when all data is written.
    std::string_view currentTensor() const;
    /// Checks that every byte was written, flushes, and renames into place.
    Result<void> finish();
    /// Total bytes of the finished file.
    std::uint64_t fileBytes() const;

private:
    struct Impl;
    explicit SafetensorsWriter(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

/// Writes `NAME.safetensors.index.json` for shards already written. `weightMap` maps tensor name to
/// shard file name (relative to the index's folder); `totalSize` is the sum of tensor bytes.
Result<void> writeSafetensorsIndex(const std::string& indexPath,
                                   const std::map<std::string, std::string>& weightMap,
                                   std::uint64_t totalSize);

} // namespace hb

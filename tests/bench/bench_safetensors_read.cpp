// Reads every tensor of a safetensors file (or sharded index) through the engine's zero-copy views
// and prints the throughput with a cold page cache (pages dropped with fadvise first) and a warm
// one. Usage: bench_safetensors_read FILE [--warm-runs N]

#include <chrono>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>

#include "hyperbagel/engine/safetensors.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <unistd.h>

namespace {

using Clock = std::chrono::steady_clock;

// Fraction of the file's pages in the page cache (Linux mincore), to show that "cold" really is.
double residentFraction(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY);
    if (fd < 0) {
        return -1;
    }
    const off_t size = ::lseek(fd, 0, SEEK_END);
    void* addr =
        size > 0 ? ::mmap(nullptr, static_cast<size_t>(size), PROT_READ, MAP_SHARED, fd, 0) : MAP_FAILED;
    double fraction = -1;
    if (addr != MAP_FAILED) {
        const long page = ::sysconf(_SC_PAGESIZE);
        std::vector<unsigned char> vec(static_cast<size_t>((size + page - 1) / page));
        if (::mincore(addr, static_cast<size_t>(size), vec.data()) == 0) {
            size_t resident = 0;
            for (const unsigned char v : vec) {
                resident += v & 1;
            }
            fraction = static_cast<double>(resident) / static_cast<double>(vec.size());
        }
        ::munmap(addr, static_cast<size_t>(size));
    }
    ::close(fd);
    return fraction;
}

// Touches every byte of every tensor (64-bit word sums) so nothing can be skipped.
std::uint64_t readAll(const hb::TensorStore& store, std::uint64_t& bytes) {
    std::uint64_t checksum = 0;
    bytes = 0;
    for (const std::string& name : store.names()) {
        const hb::TensorView view = store.view(name);
        const std::uint64_t n = view.byteSize();
        std::uint64_t i = 0;
        for (; i + 8 <= n; i += 8) {
            std::uint64_t word;
            std::memcpy(&word, view.data + i, 8);
            checksum += word;
        }
        for (; i < n; ++i) {
            checksum += static_cast<std::uint64_t>(view.data[i]);
        }
        bytes += n;
    }
    return checksum;
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        std::fprintf(stderr, "usage: %s FILE.safetensors|INDEX.json [--warm-runs N]\n", argv[0]);
        return 2;
    }
    const std::string path = argv[1];
    int warmRuns = 3;
    if (argc >= 4 && std::strcmp(argv[2], "--warm-runs") == 0) {
        warmRuns = std::max(1, std::atoi(argv[3]));
    }
    const auto openStart = Clock::now();
    auto store = hb::TensorStore::open(path);
    const double openSeconds = std::chrono::duration<double>(Clock::now() - openStart).count();
    if (!store) {
        std::fprintf(stderr, "error: %s\n", store.error().message.c_str());
        return 1;
    }
    const auto dropCache = [&] {
        for (const hb::SafetensorsFile* f : (*store)->files()) {
            f->adviseDontNeed();
        }
    };
    const auto timedRead = [&](std::uint64_t& checksum, std::uint64_t& bytes) {
        const auto start = Clock::now();
        checksum = readAll(**store, bytes);
        return std::chrono::duration<double>(Clock::now() - start).count();
    };
    dropCache();
    const double residentBefore =
        (*store)->files().size() == 1 ? residentFraction((*store)->files()[0]->path()) : -1;
    std::uint64_t bytes = 0;
    std::uint64_t checksum = 0;
    const double coldSeconds = timedRead(checksum, bytes);

    // Cold again, but with the readahead hint a loader gives before touching the weights.
    dropCache();
    for (const hb::SafetensorsFile* f : (*store)->files()) {
        f->adviseWillNeed();
    }
    std::uint64_t again = 0;
    const double hintedSeconds = timedRead(again, bytes);
    bool consistent = again == checksum;

    double bestWarm = 1e30;
    for (int run = 0; run < warmRuns; ++run) {
        bestWarm = std::min(bestWarm, timedRead(again, bytes));
        consistent = consistent && again == checksum;
    }
    const double gb = static_cast<double>(bytes) / 1e9;
    std::printf("file            %s\n", path.c_str());
    std::printf("tensors         %zu in %zu file(s)\n", (*store)->size(), (*store)->files().size());
    std::printf("tensor bytes    %.3f GB\n", gb);
    std::printf("open+validate   %.2f ms\n", openSeconds * 1e3);
    if (residentBefore >= 0) {
        std::printf("cached before   %.1f%% of pages (after fadvise DONTNEED)\n", residentBefore * 100);
    }
    std::printf("cold read       %.2f s  %.2f GB/s\n", coldSeconds, gb / coldSeconds);
    std::printf("cold + WILLNEED %.2f s  %.2f GB/s\n", hintedSeconds, gb / hintedSeconds);
    std::printf("warm read       %.2f s  %.2f GB/s (best of %d)\n", bestWarm, gb / bestWarm, warmRuns);
    std::printf("checksum        %016llx (%s across runs)\n", static_cast<unsigned long long>(checksum),
                consistent ? "identical" : "DIFFERENT");
    return consistent ? 0 : 1;
}

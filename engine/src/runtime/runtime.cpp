#include "hyperbagel/engine/runtime.h"

#include <cstdlib>
#include <mutex>
#include <sstream>
#include <thread>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

#include <spdlog/spdlog.h>

#include <ATen/Parallel.h>
#include <torch/cuda.h>
#include <torch/version.h>

#include "runtime/blas_check.h"
#include "runtime/logging.h"

namespace hb {
namespace {

int envInt(const char* name) {
    const char* value = std::getenv(name);
    if (value == nullptr) {
        return 0;
    }
    char* end = nullptr;
    const long parsed = std::strtol(value, &end, 10);
    return (end != value && *end == '\0' && parsed > 0 && parsed < 4096) ? static_cast<int>(parsed) : 0;
}

int chooseThreads(int requested) {
    if (requested > 0) {
        return requested;
    }
    if (const int fromEnv = envInt("HB_THREADS"); fromEnv > 0) {
        return fromEnv;
    }
    if (const int fromOmp = envInt("OMP_NUM_THREADS"); fromOmp > 0) {
        return fromOmp;
    }
    const unsigned hw = std::thread::hardware_concurrency();
    return hw > 0 ? static_cast<int>(hw) : 1;
}

// Attention and MLP temporaries are tens to hundreds of MB and are freed and reallocated every
// block. glibc serves such sizes with fresh mmap()s by default, so each one page-faults its memory
// in again (a quarter of a CPU generation forward went to the kernel). Keeping them in the heap
// (no mmap below 1 GiB, no trimming below 1 GiB of free space) removes that cost.
void keepLargeAllocationsInHeap() {
#if defined(__GLIBC__)
    mallopt(M_MMAP_THRESHOLD, 1 << 30);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
#endif
}

RuntimeInfo initialise(const RuntimeOptions& options) {
    keepLargeAllocationsInHeap();
    RuntimeInfo info;
    const LoggingSetup logging = setupLogging(options.appName, options.logDir, options.logLevel,
                                              options.logToConsole, options.keepLogFiles);
    info.logFile = logging.logFile;
    if (!logging.warning.empty()) {
        info.warnings.push_back(logging.warning);
    }
    info.torchVersion = TORCH_VERSION;
    // libtorch defaults to one compute thread on some machines (seen on 2-core Debian); set it explicitly.
    info.threads = chooseThreads(options.threads);
    at::set_num_threads(info.threads);
    info.cudaAvailable = torch::cuda::is_available();
    info.cudaDevices = info.cudaAvailable ? static_cast<int>(torch::cuda::device_count()) : 0;
    if (options.checkBlas) {
        const BlasCheck blas = checkBlas();
        info.blasLibrary = blas.library;
        info.matmulGflops = blas.gflops;
        info.slowBlas = !blas.warning.empty();
        if (info.slowBlas) {
            info.warnings.push_back(blas.warning);
        }
    }
    spdlog::info("runtime: {}", info.describe());
    for (const std::string& warning : info.warnings) {
        spdlog::warn("{}", warning);
    }
    return info;
}

} // namespace

std::string RuntimeInfo::describe() const {
    std::ostringstream s;
    s << "libtorch " << torchVersion << ", " << threads << " compute threads, ";
    s << (cudaAvailable ? std::to_string(cudaDevices) + " CUDA device(s)" : std::string("no CUDA"));
    if (matmulGflops > 0) {
        s << ", matmul " << static_cast<int>(matmulGflops) << " GFLOP/s";
    }
    if (!blasLibrary.empty()) {
        s << " (" << blasLibrary << ")";
    }
    if (!logFile.empty()) {
        s << ", log " << logFile;
    }
    return s.str();
}

Result<RuntimeInfo> initRuntime(const RuntimeOptions& options) {
    static std::once_flag once;
    static Result<RuntimeInfo> result = makeError(ErrorCode::Internal, "runtime not initialised");
    std::call_once(once, [&] {
        try {
            result = initialise(options);
        } catch (const std::exception& e) {
            result = makeError(ErrorCode::Internal, std::string("runtime start-up failed: ") + e.what());
        }
    });
    return result;
}

} // namespace hb

#include "runtime/blas_check.h"

#include <algorithm>
#include <chrono>
#include <fstream>

#include <ATen/ATen.h>

namespace hb {
namespace {

bool isReferenceBlas(const std::string& path) { return path.find("/blas/libblas") != std::string::npos; }

// The BLAS libraries mapped into the process (Linux only; elsewhere unknown). Debian installs the
// reference BLAS as .../blas/libblas.so.3*; OpenBLAS lives in .../openblas-*/. Both can be mapped at
// once (OpenBLAS's LAPACK pulls it in even when libblas.so.3 points at the reference), so the reference
// one is reported first: its sgemm is the one torch's -lblas resolves to.
std::string mappedBlasLibrary() {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    std::string first;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos) {
            continue;
        }
        const std::string path = line.substr(slash);
        const std::string file = path.substr(path.rfind('/') + 1);
        const bool blas = file.rfind("libblas", 0) == 0 || file.rfind("libopenblas", 0) == 0 ||
                          file.rfind("libmkl_core", 0) == 0 || file.rfind("libblis", 0) == 0;
        if (blas && isReferenceBlas(path)) {
            return path;
        }
        if (blas && first.empty()) {
            first = path;
        }
    }
    return first;
}

double timeMatmulGflops() {
    constexpr std::int64_t n = 512;
    const at::Tensor a = at::rand({n, n});
    const at::Tensor b = at::rand({n, n});
    at::Tensor c = at::matmul(a, b); // warm-up: thread pool start, page faults
    double best = 1e30;
    for (int i = 0; i < 3; ++i) {
        const auto start = std::chrono::steady_clock::now();
        c = at::matmul(a, b);
        const std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
        best = std::min(best, elapsed.count());
    }
    return 2.0 * n * n * n / best / 1e9;
}

} // namespace

BlasCheck checkBlas() {
    BlasCheck check;
    check.library = mappedBlasLibrary();
    check.referenceBlas = isReferenceBlas(check.library);
    check.gflops = timeMatmulGflops();
    // The reference BLAS reaches ~6 GFLOP/s on the project's 2-core machines, OpenBLAS ~170.
    const bool slow = check.gflops < 20.0;
    if (check.referenceBlas && slow) {
        check.warning =
            "libtorch is using the reference BLAS (" + check.library + "): float32 matmul runs at " +
            std::to_string(static_cast<int>(check.gflops)) +
            " GFLOP/s, about 30x slower than OpenBLAS. Fix: install libopenblas0-openmp "
            "(sudo apt-get install libopenblas0-openmp; Debian switches libblas.so.3 to it) or, if it "
            "is installed, select it with sudo update-alternatives --config "
            "libblas.so.3-x86_64-linux-gnu; then restart.";
    } else if (check.gflops < 5.0) {
        check.warning = "float32 matmul runs at only " + std::to_string(check.gflops) +
                        " GFLOP/s; check that an optimised BLAS (OpenBLAS, MKL) backs libtorch and that "
                        "other programs are not using every core.";
    }
    return check;
}

} // namespace hb

#pragma once
// Detects a slow BLAS behind libtorch: names the mapped BLAS library and times a float32 matmul.
// Thread safety: call from one thread (it changes nothing global, but it uses the compute threads).

#include <string>

namespace hb {

struct BlasCheck {
    std::string library;        ///< path of the BLAS library mapped into the process; empty if unknown
    bool referenceBlas = false; ///< Debian's (or netlib's) reference implementation
    double gflops = 0.0;        ///< measured float32 matmul throughput
    std::string warning;        ///< non-empty when the BLAS is slow; names the fix
};

/// Times a 512x512 float32 matmul (one warm-up, best of three) and inspects the process' mappings.
BlasCheck checkBlas();

} // namespace hb

#pragma once
// Per-device implementations of each kernel, registered once at start-up. The engine calls the op
// (e.g. hb::kernels::rmsNorm) and never branches on whether CUDA was compiled in.
// Thread safety: registration happens during static initialisation of the registry; lookups are
// read-only and safe from any thread.

#include <ATen/core/Tensor.h>

namespace hb::kernels {

using RmsNormFn = at::Tensor (*)(const at::Tensor& x, const at::Tensor& weight, double eps);

struct KernelTable {
    RmsNormFn rmsNormCpu = nullptr;
    RmsNormFn rmsNormCuda = nullptr; ///< null when the build has no CUDA kernels
};

/// The process-wide table, filled on first use.
const KernelTable& kernelTable();

/// True when this build contains CUDA kernels (they still need a GPU at run time).
bool builtWithCuda();

} // namespace hb::kernels

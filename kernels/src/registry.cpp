#include "hyperbagel/kernels/registry.h"

#include "hyperbagel/kernels/rms_norm.h"

namespace hb::kernels {

#ifdef HB_KERNELS_CUDA
// Defined in cuda/*_dispatch.cpp; only linked into CUDA builds.
at::Tensor rmsNormCuda(const at::Tensor& x, const at::Tensor& weight, double eps);
#endif

const KernelTable& kernelTable() {
    static const KernelTable table = [] {
        KernelTable t;
        t.rmsNormCpu = &rmsNormCpu;
#ifdef HB_KERNELS_CUDA
        t.rmsNormCuda = &rmsNormCuda;
#endif
        return t;
    }();
    return table;
}

bool builtWithCuda() { return kernelTable().rmsNormCuda != nullptr; }

} // namespace hb::kernels

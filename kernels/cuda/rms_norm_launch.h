#pragma once
// Plain-C++ entry to the CUDA RMSNorm kernel (no libtorch types, so nvcc never parses torch headers).

#include <cstdint>

#include <cuda_runtime.h>

namespace hb::kernels::cuda {

enum class ElementType { Float32, BFloat16, Float16 };

/// y[r, :] = to_elem(x[r, :] * rsqrt(mean(x[r, :]^2) + eps)) * w, float32 accumulation.
/// x and y: rows x cols, contiguous, of `xType`; w: cols elements of `wType`; y has type `yType`.
void launchRmsNorm(const void* x, const void* w, void* y, std::int64_t rows, std::int64_t cols, float eps,
                   ElementType xType, ElementType wType, ElementType yType, cudaStream_t stream);

} // namespace hb::kernels::cuda

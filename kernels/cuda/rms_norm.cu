// CUDA RMSNorm: one block per row; the reference is kernels/cpu/rms_norm.cpp.

#include <cuda_bf16.h>
#include <cuda_fp16.h>

#include "cuda_check.h"
#include "rms_norm_launch.h"

namespace hb::kernels::cuda {
namespace {

constexpr int kThreads = 256;

template <typename T>
__device__ float toFloat(T v);
template <>
__device__ float toFloat<float>(float v) { return v; }
template <>
__device__ float toFloat<__nv_bfloat16>(__nv_bfloat16 v) { return __bfloat162float(v); }
template <>
__device__ float toFloat<__half>(__half v) { return __half2float(v); }

template <typename T>
__device__ T fromFloat(float v);
template <>
__device__ float fromFloat<float>(float v) { return v; }
template <>
__device__ __nv_bfloat16 fromFloat<__nv_bfloat16>(float v) { return __float2bfloat16(v); }
template <>
__device__ __half fromFloat<__half>(float v) { return __float2half(v); }

// Like the reference: normalise in float32, round to X's type, then multiply by the weight in
// float32 and round to Y's type.
template <typename X, typename W, typename Y>
__global__ void rmsNormKernel(const X* __restrict__ x, const W* __restrict__ w, Y* __restrict__ y,
                              std::int64_t rows, std::int64_t cols, float eps) {
    const std::int64_t row = blockIdx.x;
    if (row >= rows) {
        return;
    }
    const X* xr = x + row * cols;
    Y* yr = y + row * cols;
    float sum = 0.f;
    for (std::int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
        const float v = toFloat(xr[c]);
        sum += v * v;
    }
    __shared__ float partial[kThreads];
    partial[threadIdx.x] = sum;
    __syncthreads();
    for (int stride = blockDim.x / 2; stride > 0; stride /= 2) {
        if (threadIdx.x < stride) {
            partial[threadIdx.x] += partial[threadIdx.x + stride];
        }
        __syncthreads();
    }
    const float inv = rsqrtf(partial[0] / static_cast<float>(cols) + eps);
    for (std::int64_t c = threadIdx.x; c < cols; c += blockDim.x) {
        const float normed = toFloat(fromFloat<X>(toFloat(xr[c]) * inv));
        yr[c] = fromFloat<Y>(normed * toFloat(w[c]));
    }
}

template <typename X, typename W, typename Y>
void launchTyped(const void* x, const void* w, void* y, std::int64_t rows, std::int64_t cols, float eps,
                 cudaStream_t stream) {
    if (rows == 0) {
        return;
    }
    rmsNormKernel<X, W, Y><<<static_cast<unsigned>(rows), kThreads, 0, stream>>>(
        static_cast<const X*>(x), static_cast<const W*>(w), static_cast<Y*>(y), rows, cols, eps);
    HB_CUDA_CHECK(cudaGetLastError());
}

template <typename X, typename W>
void dispatchY(const void* x, const void* w, void* y, std::int64_t rows, std::int64_t cols, float eps,
               ElementType yType, cudaStream_t stream) {
    switch (yType) {
    case ElementType::Float32: return launchTyped<X, W, float>(x, w, y, rows, cols, eps, stream);
    case ElementType::BFloat16: return launchTyped<X, W, __nv_bfloat16>(x, w, y, rows, cols, eps, stream);
    case ElementType::Float16: return launchTyped<X, W, __half>(x, w, y, rows, cols, eps, stream);
    }
}

template <typename X>
void dispatchW(const void* x, const void* w, void* y, std::int64_t rows, std::int64_t cols, float eps,
               ElementType wType, ElementType yType, cudaStream_t stream) {
    switch (wType) {
    case ElementType::Float32: return dispatchY<X, float>(x, w, y, rows, cols, eps, yType, stream);
    case ElementType::BFloat16: return dispatchY<X, __nv_bfloat16>(x, w, y, rows, cols, eps, yType, stream);
    case ElementType::Float16: return dispatchY<X, __half>(x, w, y, rows, cols, eps, yType, stream);
    }
}

} // namespace

void launchRmsNorm(const void* x, const void* w, void* y, std::int64_t rows, std::int64_t cols, float eps,
                   ElementType xType, ElementType wType, ElementType yType, cudaStream_t stream) {
    switch (xType) {
    case ElementType::Float32: return dispatchW<float>(x, w, y, rows, cols, eps, wType, yType, stream);
    case ElementType::BFloat16: return dispatchW<__nv_bfloat16>(x, w, y, rows, cols, eps, wType, yType, stream);
    case ElementType::Float16: return dispatchW<__half>(x, w, y, rows, cols, eps, wType, yType, stream);
    }
}

} // namespace hb::kernels::cuda

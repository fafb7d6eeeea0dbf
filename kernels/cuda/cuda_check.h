#pragma once
// CUDA_CHECK: turns a failing CUDA runtime call into a std::runtime_error naming file, line and reason.

#include <stdexcept>
#include <string>

#include <cuda_runtime.h>

#define HB_CUDA_CHECK(call)                                                                                  \
    do {                                                                                                     \
        const cudaError_t hbCudaStatus = (call);                                                             \
        if (hbCudaStatus != cudaSuccess) {                                                                   \
            throw std::runtime_error(std::string(__FILE__) + ":" + std::to_string(__LINE__) + ": " + #call + \
                                     " failed: " + cudaGetErrorString(hbCudaStatus));                        \
        }                                                                                                    \
    } while (0)

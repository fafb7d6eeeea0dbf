#include "generation/noise.h"

#include <ATen/ATen.h>

#include "checkpoint/random_values.h"

namespace hb {

at::Tensor seededNormal(std::uint64_t seed, std::string_view stream, at::IntArrayRef shape) {
    at::Tensor out = at::empty(shape, at::kFloat);
    generateValues(TensorInit{}, tensorStreamKey(seed, stream), 0, static_cast<std::size_t>(out.numel()),
                   out.data_ptr<float>());
    return out;
}

} // namespace hb

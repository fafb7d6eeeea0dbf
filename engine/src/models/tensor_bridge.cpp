#include "models/tensor_bridge.h"

#include <cstring>

#include <ATen/ATen.h>

namespace hb {

std::optional<at::ScalarType> scalarTypeOf(DType dtype) {
    switch (dtype) {
    case DType::F64:
        return at::kDouble;
    case DType::F32:
        return at::kFloat;
    case DType::F16:
        return at::kHalf;
    case DType::BF16:
        return at::kBFloat16;
    case DType::I64:
        return at::kLong;
    case DType::I32:
        return at::kInt;
    case DType::I16:
        return at::kShort;
    case DType::I8:
        return at::kChar;
    case DType::U8:
        return at::kByte;
    case DType::Bool:
        return at::kBool;
    default:
        return std::nullopt; // U16/U32/U64 and F8 have no portable libtorch type before 2.x
    }
}

Result<at::Tensor> tensorFromView(const TensorView& view) {
    const auto type = scalarTypeOf(view.info->dtype);
    if (!type) {
        return makeError(ErrorCode::Unsupported, "tensor \"" + view.info->name + "\" has dtype " +
                                                     std::string(toString(view.info->dtype)) +
                                                     ", which this libtorch cannot hold");
    }
    const auto options = at::TensorOptions().dtype(*type).device(at::kCPU);
    // The mapping is read-only; from_blob wants a non-const pointer but nothing writes through it.
    void* data = const_cast<std::byte*>(view.data);
    if (view.aligned()) {
        return at::from_blob(data, view.info->shape, options);
    }
    at::Tensor copy = at::empty(view.info->shape, options);
    std::memcpy(copy.data_ptr(), view.data, view.byteSize());
    return copy;
}

} // namespace hb

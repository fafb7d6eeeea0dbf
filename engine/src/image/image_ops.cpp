#include "image/image_ops.h"

#include <ATen/ATen.h>

#include "image/pil_resample.h"

namespace hb {

at::Tensor imageToTensor(const Image& image) {
    return at::from_blob(const_cast<std::uint8_t*>(image.rgb.data()), {image.height, image.width, 3},
                         at::kByte)
        .clone();
}

at::Tensor resizeBicubicU8(const at::Tensor& hwc, ImageSize size) {
    if (hwc.size(0) == size.height && hwc.size(1) == size.width) {
        return hwc;
    }
    TORCH_CHECK(hwc.dim() == 3 && hwc.size(2) == 3 && hwc.scalar_type() == at::kByte,
                "resizeBicubicU8: expected a uint8 [H, W, 3] tensor, got ", hwc.sizes(), " ",
                hwc.scalar_type());
    // Pillow's fixed-point passes (what the official torchvision-on-PIL transform runs), on the CPU.
    const at::Tensor src = hwc.to(at::kCPU).contiguous();
    Image in;
    in.width = static_cast<int>(src.size(1));
    in.height = static_cast<int>(src.size(0));
    in.rgb.assign(src.data_ptr<std::uint8_t>(), src.data_ptr<std::uint8_t>() + src.numel());
    auto out = resizePil(in, static_cast<int>(size.width), static_cast<int>(size.height));
    TORCH_CHECK(out.ok(), out.ok() ? std::string() : out.error().message);
    return imageToTensor(*out).to(hwc.device());
}

at::Tensor normalizeU8(const at::Tensor& hwc) {
    return (hwc.permute({2, 0, 1}).to(at::kFloat) / 255.0 - 0.5) / 0.5;
}

at::Tensor transformImage(const at::Tensor& hwc, const ResizeRule& rule) {
    const ImageSize size = resizedSize({hwc.size(1), hwc.size(0)}, rule);
    return normalizeU8(resizeBicubicU8(hwc, size));
}

} // namespace hb

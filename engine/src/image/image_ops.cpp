#include "image/image_ops.h"

#include <ATen/ATen.h>

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
    const at::Tensor nchw = hwc.permute({2, 0, 1}).unsqueeze(0).to(at::kFloat);
    const at::Tensor resized =
        at::_upsample_bicubic2d_aa(nchw, {size.height, size.width}, /*align_corners=*/false);
    return resized.squeeze(0).permute({1, 2, 0}).round().clamp(0, 255).to(at::kByte).contiguous();
}

at::Tensor normalizeU8(const at::Tensor& hwc) {
    return (hwc.permute({2, 0, 1}).to(at::kFloat) / 255.0 - 0.5) / 0.5;
}

at::Tensor transformImage(const at::Tensor& hwc, const ResizeRule& rule) {
    const ImageSize size = resizedSize({hwc.size(1), hwc.size(0)}, rule);
    return normalizeU8(resizeBicubicU8(hwc, size));
}

} // namespace hb

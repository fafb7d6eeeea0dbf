#include "models/bagel/vit_patchify.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

namespace hb {

at::Tensor patchifyVitImage(const at::Tensor& image, std::int64_t patch) {
    TORCH_CHECK(image.dim() == 3, "patchifyVitImage: expected [C, H, W], got ", image.sizes());
    TORCH_CHECK(patch > 0 && image.size(1) % patch == 0 && image.size(2) % patch == 0,
                "patchifyVitImage: image ", image.size(2), "x", image.size(1), " is not a multiple of patch ",
                patch);
    const std::int64_t c = image.size(0);
    const std::int64_t rows = image.size(1) / patch;
    const std::int64_t cols = image.size(2) / patch;
    // [C, rows, py, cols, px] -> [rows, cols, py, px, C]
    return image.reshape({c, rows, patch, cols, patch})
        .permute({1, 3, 2, 4, 0})
        .reshape({rows * cols, patch * patch * c});
}

at::Tensor vitPositionIds(std::int64_t rows, std::int64_t cols, std::int64_t maxPerSide) {
    TORCH_CHECK(rows > 0 && cols > 0 && rows <= maxPerSide && cols <= maxPerSide, "vitPositionIds: a ", rows,
                "x", cols, " patch grid exceeds vit_max_num_patch_per_side ", maxPerSide);
    const at::Tensor r = at::arange(rows, at::kLong).unsqueeze(1);
    const at::Tensor c = at::arange(cols, at::kLong).unsqueeze(0);
    return (r * maxPerSide + c).flatten();
}

} // namespace hb

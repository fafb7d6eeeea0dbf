#include "models/bagel/latent_layout.h"

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

namespace hb {

at::Tensor patchifyLatent(const at::Tensor& latent, std::int64_t patch) {
    const at::Tensor chw = latent.dim() == 4 && latent.size(0) == 1 ? latent.squeeze(0) : latent;
    TORCH_CHECK(chw.dim() == 3, "patchifyLatent: expected [1, C, H, W] or [C, H, W], got ", latent.sizes());
    TORCH_CHECK(patch > 0 && chw.size(1) % patch == 0 && chw.size(2) % patch == 0, "patchifyLatent: latent ",
                chw.size(1), "x", chw.size(2), " is not a multiple of patch ", patch);
    const std::int64_t c = chw.size(0);
    const std::int64_t h = chw.size(1) / patch;
    const std::int64_t w = chw.size(2) / patch;
    // [C, h, py, w, px] -> [h, w, py, px, C]
    return chw.reshape({c, h, patch, w, patch}).permute({1, 3, 2, 4, 0}).reshape({h * w, patch * patch * c});
}

at::Tensor unpatchifyLatent(const at::Tensor& tokens, std::int64_t h, std::int64_t w, std::int64_t channels,
                            std::int64_t patch) {
    TORCH_CHECK(tokens.dim() == 2 && tokens.size(0) == h * w && tokens.size(1) == patch * patch * channels,
                "unpatchifyLatent: tokens ", tokens.sizes(), " do not fit a ", h, "x", w, " grid of ", patch,
                "x", patch, "x", channels, " patches");
    // [h, w, py, px, C] -> [C, h, py, w, px]
    return tokens.reshape({h, w, patch, patch, channels})
        .permute({4, 0, 2, 1, 3})
        .reshape({1, channels, h * patch, w * patch});
}

at::Tensor latentPositionIds(std::int64_t h, std::int64_t w, std::int64_t maxLatentSize) {
    TORCH_CHECK(h > 0 && w > 0 && h <= maxLatentSize && w <= maxLatentSize, "latentPositionIds: a ", h, "x",
                w, " token grid exceeds max_latent_size ", maxLatentSize);
    const at::Tensor rows = at::arange(h, at::kLong).unsqueeze(1);
    const at::Tensor cols = at::arange(w, at::kLong).unsqueeze(0);
    return (rows * maxLatentSize + cols).flatten();
}

at::Tensor imageToUint8(const at::Tensor& image) {
    const at::Tensor chw = image.dim() == 4 && image.size(0) == 1 ? image.squeeze(0) : image;
    TORCH_CHECK(chw.dim() == 3 && chw.size(0) == 3, "imageToUint8: expected [1, 3, H, W] or [3, H, W], got ",
                image.sizes());
    // In float32 like the official code (a bf16 decode is widened first); to(uint8) truncates.
    const at::Tensor scaled = (chw.to(at::kCPU, at::kFloat) * 0.5 + 0.5).clamp(0.0, 1.0) * 255.0;
    return scaled.to(at::kByte).permute({1, 2, 0}).contiguous();
}

} // namespace hb

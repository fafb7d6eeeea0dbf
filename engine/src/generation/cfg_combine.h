#pragma once
// Classifier-free guidance as the official `_forward_flow` combines its branches (bagel-spec §5.4).
// Engine-internal. Thread safety: stateless.

#include <cstdint>
#include <optional>
#include <string_view>

#include <ATen/core/Tensor.h>

namespace hb {

enum class RenormType : std::uint8_t { Global, Channel, TextChannel, Count };
std::string_view toString(RenormType type);
std::optional<RenormType> renormTypeFromString(std::string_view name);

struct GuidanceScales {
    double text = 1.0;  ///< cfg_text_scale; guidance happens only when > 1
    double image = 1.0; ///< cfg_img_scale; the image branch runs only when > 1
    RenormType renorm = RenormType::Global;
    double renormMin = 0.0;
};

/// cond [n, c]; textUncond / imageUncond are undefined when their branch did not run. Returns the
/// guided velocity. With text <= 1 no guidance is applied at all (the official rule), even when the
/// image branch ran.
at::Tensor combineGuidance(const at::Tensor& cond, const at::Tensor& textUncond,
                           const at::Tensor& imageUncond, const GuidanceScales& scales);

} // namespace hb

#include "generation/cfg_combine.h"

#include <array>

#include <ATen/ATen.h>

#include "core/enum_names.h"

namespace hb {
namespace {

constexpr std::array<std::string_view, static_cast<std::size_t>(RenormType::Count)> kNames = {
    "global", "channel", "text_channel"};

// clamp(|reference| / (|guided| + 1e-8), min, 1): the guided norm never exceeds the reference's.
at::Tensor renormFactor(const at::Tensor& reference, const at::Tensor& guided, bool perToken,
                        double minimum) {
    const at::Tensor ref = perToken ? at::norm(reference, 2, {-1}, /*keepdim=*/true) : at::norm(reference);
    const at::Tensor got = perToken ? at::norm(guided, 2, {-1}, /*keepdim=*/true) : at::norm(guided);
    return (ref / (got + 1e-8)).clamp(minimum, 1.0);
}

} // namespace

std::string_view toString(RenormType type) { return enumName(kNames, type); }

std::optional<RenormType> renormTypeFromString(std::string_view name) {
    return enumFromName<RenormType>(kNames, name);
}

at::Tensor combineGuidance(const at::Tensor& cond, const at::Tensor& textUncond,
                           const at::Tensor& imageUncond, const GuidanceScales& s) {
    if (s.text <= 1.0) {
        return cond;
    }
    const bool useImage = s.image > 1.0 && imageUncond.defined();
    const at::Tensor textGuided = textUncond + s.text * (cond - textUncond);
    if (s.renorm == RenormType::TextChannel) {
        const at::Tensor text = textGuided * renormFactor(cond, textGuided, /*perToken=*/true, s.renormMin);
        return useImage ? imageUncond + s.image * (text - imageUncond) : text;
    }
    const at::Tensor guided = useImage ? imageUncond + s.image * (textGuided - imageUncond) : textGuided;
    return guided * renormFactor(cond, guided, s.renorm == RenormType::Channel, s.renormMin);
}

} // namespace hb

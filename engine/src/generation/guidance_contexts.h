#pragma once
// Builds the three CFG contexts exactly as the official inferencer does (bagel-spec §5.3):
//   system text (think):  gen, cfg_img
//   image:                gen += VAE segment, ViT segment; then cfg_text <- copy(gen)
//   text:                 cfg_text <- copy(gen); then gen += text, cfg_img += text
// Copies are forks (shared segments), and while cfg_img has received exactly what gen has, it is a
// fork of gen too instead of a second prefill of the same tokens. Engine-internal.

#include <vector>

#include "generation/flow_sampler.h"

namespace hb {

class GuidanceContextBuilder {
public:
    explicit GuidanceContextBuilder(BagelModel& model);

    /// A think-mode system prompt (framed ids): into gen and cfg_img, not cfg_text.
    void addSystemText(const at::Tensor& framedIds);
    /// A conditioning image: clean latent tokens [h*w, c] on an h x w grid, and the normalised ViT
    /// image [3, H, W].
    void addImage(const at::Tensor& latentTokens, std::int64_t h, std::int64_t w, const at::Tensor& vitImage);
    /// A text segment (framed ids).
    void addText(const at::Tensor& framedIds);
    /// Text that only the full context sees (the decoded think text).
    void addGenOnlyText(const at::Tensor& framedIds);

    GuidanceContexts& contexts() { return m_contexts; }

    /// An independent builder in the same state: the three contexts are forked (their cached segments
    /// shared), so what is added to one builder afterwards never reaches the other. Live editing keeps
    /// an image's prefix and forks it for every prompt.
    GuidanceContextBuilder fork();

private:
    GuidanceContextBuilder(BagelModel& model, GuidanceContexts contexts, bool imgMirrorsGen);

    BagelModel& m_model;
    GuidanceContexts m_contexts;
    bool m_imgMirrorsGen = true; ///< cfg_img has received exactly gen's segments so far
};

} // namespace hb

#pragma once
// All BAGEL modules loaded from one checkpoint folder, plus the operations that turn inputs into
// context segments (bagel-spec §2.6, §4.3, §4.4). Weights are immutable after load; contexts and
// sessions live elsewhere. Engine-internal. Thread safety: call from the engine thread.

#include <memory>
#include <string>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

#include "models/bagel/adapters.h"
#include "models/bagel/bagel_config.h"
#include "models/bagel/bagel_context.h"
#include "models/bagel/distilled_tier.h"
#include "models/bagel/flux_vae.h"
#include "models/bagel/qwen2_mot.h"
#include "models/bagel/siglip_navit.h"
#include "models/weight_loader.h"
#include "speculative/draft_model.h"

namespace hb {

/// An input image as the official inferencer prepares it.
struct InferencerImage {
    at::Tensor vaeSized;  ///< uint8 HWC after the VAE resize rule (an edit's output size)
    at::Tensor vitPixels; ///< float [3, H, W] in [-1, 1] after the ViT transform
};

/// Token ids BAGEL's framing uses (bagel-spec §3).
struct SpecialTokens {
    std::int64_t bos = 151644;         ///< <|im_start|>
    std::int64_t eos = 151645;         ///< <|im_end|>
    std::int64_t visionStart = 151652; ///< <|vision_start|>
    std::int64_t visionEnd = 151653;   ///< <|vision_end|>
    std::string source = "Qwen2.5 defaults";
};

class BagelModel {
public:
    /// Loads configs, ema (LLM, ViT, connector, adapters, position tables) at `target` and the VAE in
    /// float32 on the same device. Fails with FileNotFound, BadConfig or BadCheckpoint naming the
    /// file, key or tensor at fault.
    static Result<std::unique_ptr<BagelModel>> load(const std::string& folder, const WeightTarget& target);

    const BagelConfig& config() const { return m_config; }
    const SpecialTokens& tokens() const { return m_tokens; }
    const WeightTarget& target() const { return m_target; }
    const std::string& folder() const { return m_folder; }
    std::int64_t parameterCount() const;

    Qwen2MoTModelImpl& llm() { return *m_llm; }
    SiglipNavitImpl& vit() { return *m_vit; }
    FluxVaeImpl& vae() { return *m_vae; }

    /// LLM-side tokens of a normalised image [3, H, W] (H, W multiples of the patch size):
    /// connector(ViT(patches)) + vit_pos_embed[ids], [N, hidden].
    at::Tensor vitTokens(const at::Tensor& image);
    /// Appends the ViT segment [<|vision_start|>, tokens, <|vision_end|>] (understanding expert).
    void prefillVitImage(BagelContext& context, const at::Tensor& image);
    /// LLM-side tokens of clean latent tokens [h*w, patchLatentDim] on an h x w grid at flow time t:
    /// vae2llm(x) + time_embedder(t) + latent_pos_embed[ids].
    at::Tensor latentTokens(const at::Tensor& tokens, std::int64_t h, std::int64_t w, double t);
    /// Appends a clean VAE segment (generation expert for the latents, t = 0).
    void prefillVaeLatents(BagelContext& context, const at::Tensor& tokens, std::int64_t h, std::int64_t w);
    /// One denoising forward (bagel-spec §5.3): the query block [<|vision_start|>, latent tokens of x_t
    /// at flow time t, <|vision_end|>] at the context's current position, full attention, generation
    /// expert for the latents. Reads the context, never updates it. Returns the velocity
    /// llm2vae(final hidden of the latent rows), [h*w, patchLatentDim]. `finalHidden`, when given,
    /// receives the whole block's final hidden states.
    at::Tensor velocity(const BagelContext& context, const at::Tensor& xt, std::int64_t h, std::int64_t w,
                        double t, at::Tensor* finalHidden = nullptr);
    /// The speculative-decoding draft the folder's hyperbagel.json lists, or nullptr when it has none.
    DraftModelImpl* draft() { return m_draft ? m_draft.get() : nullptr; }
    /// Replaces the draft (a freshly trained one; nullptr removes it). Tests and `draft train`.
    void setDraft(DraftModel draft) { m_draft = std::move(draft); }
    /// The distilled tier `name` ("fast", "preview"), or nullptr when the folder has none.
    DistilledTier* tier(std::string_view name);
    /// The distilled tiers' names in hyperbagel.json order ("fast", "preview"; empty when none).
    std::vector<std::string> tierNames() const;
    /// One forward of a distilled tier: like velocity(), with the tier's generation branch and the
    /// guidance embedders' outputs added to the latent tokens. Never writes the context.
    at::Tensor tierVelocity(DistilledTier& tier, const BagelContext& context, const at::Tensor& xt,
                            std::int64_t h, std::int64_t w, double t, double textScale, double imageScale);
    /// A text segment's ids: <|im_start|> + ids + <|im_end|>.
    at::Tensor frameText(const std::vector<std::int64_t>& ids) const;
    /// Resizes `image` by the VAE rule, then applies the ViT transform (bagel-spec §4.2).
    InferencerImage prepareImage(const Image& image) const;
    /// [marker, rows..., marker] with the markers' embeddings around `rows`.
    at::Tensor framedBlock(const at::Tensor& rows);
    /// Routing for framedBlock(rows) when the rows are latents: markers und, rows gen.
    ExpertRouting latentBlockRouting(std::int64_t rows) const;

private:
    BagelModel() = default;
    /// vae2llm(x) + time_embedder(t) + latent_pos_embed[ids] with the given branch's modules.
    at::Tensor embedLatents(torch::nn::LinearImpl& vae2llm, TimestepEmbedderImpl& timeEmbedder,
                            const at::Tensor& tokens, std::int64_t h, std::int64_t w, double t);
    /// Final hidden states of [marker, latentRows, marker] at the context's position; the context is
    /// read, never written.
    at::Tensor denoiseForward(const BagelContext& context, const at::Tensor& latentRows);
    Result<void> loadModules(const TensorStore& ema, const TensorStore& ae);

    std::string m_folder;
    BagelConfig m_config;
    SpecialTokens m_tokens;
    WeightTarget m_target;
    Qwen2MoTModel m_llm{nullptr};
    SiglipNavit m_vit{nullptr};
    Connector m_connector{nullptr};
    PositionTable m_vitPos{nullptr};
    PositionTable m_latentPos{nullptr};
    TimestepEmbedder m_timeEmbedder{nullptr};
    torch::nn::Linear m_vae2llm{nullptr};
    torch::nn::Linear m_llm2vae{nullptr};
    FluxVae m_vae{nullptr};
    std::vector<DistilledTier> m_tiers;
    DraftModel m_draft{nullptr};
};

/// Reads the special token ids: bagel_config.json's "special_token_ids", else the added tokens of
/// tokenizer.json / tokenizer_config.json by content, else the Qwen2.5 defaults.
SpecialTokens resolveSpecialTokens(const std::string& folder);

} // namespace hb

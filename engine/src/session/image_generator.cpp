#include <array>
#include <chrono>
#include <optional>

#include <ATen/ATen.h>

#include "hyperbagel/engine/generation.h"
#include "hyperbagel/engine/tokenizer.h"

#include "core/enum_names.h"
#include "generation/guidance_contexts.h"
#include "generation/latent_preview.h"
#include "generation/noise.h"
#include "image/image_ops.h"
#include "models/bagel/bagel_language.h"
#include "models/bagel/latent_layout.h"
#include "session/error_mapping.h"
#include "session/model_impl.h"

namespace hb {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::array<std::string_view, static_cast<std::size_t>(Tier::Count)> kTierNames = {"preview", "fast",
                                                                                            "full"};
// A prompt longer than this many tokens is refused (the context would dwarf the image).
constexpr std::size_t kMaxPromptTokens = 4096;
double msSince(Clock::time_point start) {
    return std::chrono::duration<double, std::milli>(Clock::now() - start).count();
}

Image toImage(const at::Tensor& hwc) {
    const at::Tensor u8 = hwc.to(at::kCPU).contiguous();
    Image image;
    image.height = static_cast<int>(u8.size(0));
    image.width = static_cast<int>(u8.size(1));
    image.rgb.assign(u8.data_ptr<std::uint8_t>(), u8.data_ptr<std::uint8_t>() + u8.numel());
    return image;
}

Result<void> validate(const GenerationRequest& r, const BagelConfig& config) {
    const std::int64_t px = config.vae.downsample * config.latentPatchSize;
    const std::int64_t maxSide = config.maxLatentSize * px;
    if (!r.inputImage && (r.width < px || r.height < px || r.width > maxSide || r.height > maxSide)) {
        return makeError(ErrorCode::InvalidRequest, "size " + std::to_string(r.width) + "x" +
                                                        std::to_string(r.height) + " is outside " +
                                                        std::to_string(px) + ".." + std::to_string(maxSide) +
                                                        " pixels per side for this model");
    }
    if (r.timesteps < 2 || r.timesteps > 1000 || r.shift <= 0 || r.cfgTextScale < 0 || r.cfgImageScale < 0) {
        return makeError(ErrorCode::InvalidRequest,
                         "timesteps must be 2..1000, shift positive and guidance scales non-negative");
    }
    if (!renormTypeFromString(r.renorm)) {
        return makeError(ErrorCode::InvalidRequest,
                         "unknown renorm \"" + r.renorm + "\" (global, channel, text_channel)");
    }
    if (r.inputImage && r.inputImage->empty()) {
        return makeError(ErrorCode::InvalidRequest, "the input image has no pixels");
    }
    return {};
}

// A distilled tier: one forward per step with the guidance scales as conditioning, no CFG branches.
SamplerResult sampleDistilled(BagelModel& bagel, DistilledTier& tier, const BagelContext& gen, std::int64_t h,
                              std::int64_t w, const at::Tensor& noise, const GenerationRequest& r,
                              const std::function<void(const SamplerStep&)>& onStep) {
    SamplerResult result;
    at::Tensor x = noise.to(at::kFloat);
    for (std::size_t i = 0; i + 1 < tier.timesteps.size(); ++i) {
        if (r.cancel != nullptr && r.cancel->load()) {
            result.cancelled = true;
            return result;
        }
        const float t = tier.timesteps[i];
        SamplerStep step{static_cast<int>(i), t, x, {}, 1};
        step.velocity =
            bagel.tierVelocity(tier, gen, x, h, w, t, r.cfgTextScale, r.cfgImageScale).to(at::kFloat);
        x = x - step.velocity * static_cast<double>(t - tier.timesteps[i + 1]);
        ++result.forwards;
        onStep(step);
    }
    result.latent = x;
    return result;
}

} // namespace

std::string_view toString(Tier tier) { return enumName(kTierNames, tier); }

std::optional<Tier> tierFromString(std::string_view name) { return enumFromName<Tier>(kTierNames, name); }

GenerationRequest GenerationRequest::textToImage(std::string prompt) {
    GenerationRequest r;
    r.prompt = std::move(prompt);
    return r;
}

GenerationRequest GenerationRequest::edit(Image image, std::string instruction) {
    GenerationRequest r;
    r.prompt = std::move(instruction);
    r.inputImage = std::move(image);
    r.cfgImageScale = 2.0;
    r.cfgIntervalLow = 0.0;
    r.renorm = "text_channel";
    return r;
}

/// The contexts of the last edit's input image (system text, VAE and ViT segments) before any prompt
/// text, kept so that the next edit of the same image (live editing: every keystroke) only prefills
/// its instruction. The posterior sample of the VAE encode depends on the seed, so the seed is part
/// of the key.
struct ImagePrefix {
    std::uint64_t key = 0;
    GuidanceContextBuilder builder;
    std::int64_t h = 0;
    std::int64_t w = 0;
};

struct ImageGenerator::Impl {
    std::shared_ptr<Model> model;
    std::optional<ImagePrefix> prefix;

    Result<std::vector<std::int64_t>> promptIds(const GenerationRequest& r) const;
    Result<GenerationResult> run(const GenerationRequest& r, const std::vector<std::int64_t>& ids);
};

namespace {

/// FNV-1a over the input image's size and pixels, the seed and the think flag.
std::uint64_t prefixKey(const GenerationRequest& r) {
    std::uint64_t hash = 1469598103934665603ULL;
    const auto mix = [&hash](std::uint64_t value) {
        for (int i = 0; i < 8; ++i) {
            hash = (hash ^ ((value >> (8 * i)) & 0xffU)) * 1099511628211ULL;
        }
    };
    mix(static_cast<std::uint64_t>(r.inputImage->width));
    mix(static_cast<std::uint64_t>(r.inputImage->height));
    mix(r.seed);
    mix(r.think ? 1U : 0U);
    for (const std::uint8_t byte : r.inputImage->rgb) {
        hash = (hash ^ byte) * 1099511628211ULL;
    }
    return hash;
}

} // namespace

ImageGenerator::ImageGenerator(std::shared_ptr<Model> model) : m_impl(std::make_unique<Impl>()) {
    m_impl->model = std::move(model);
}

ImageGenerator::~ImageGenerator() = default;

void ImageGenerator::releaseCachedContext() { m_impl->prefix.reset(); }

Result<std::vector<std::int64_t>> ImageGenerator::Impl::promptIds(const GenerationRequest& r) const {
    std::vector<std::int64_t> ids = r.promptIds;
    if (ids.empty()) {
        const TextCodec* codec = model->impl().codec.get();
        if (codec == nullptr) {
            return makeError(ErrorCode::Unsupported,
                             "this model folder has no tokenizer files; pass prompt token ids");
        }
        ids = codec->encode(r.prompt);
    }
    if (ids.empty()) {
        return makeError(ErrorCode::InvalidRequest, "the prompt is empty");
    }
    if (ids.size() > kMaxPromptTokens) {
        return makeError(ErrorCode::InvalidRequest, "the prompt has " + std::to_string(ids.size()) +
                                                        " tokens; at most " +
                                                        std::to_string(kMaxPromptTokens) + " are accepted");
    }
    const std::int64_t vocab = model->impl().bagel->config().llm.vocabSize;
    for (const std::int64_t id : ids) {
        if (id < 0 || id >= vocab) {
            return makeError(ErrorCode::InvalidRequest,
                             "prompt token id " + std::to_string(id) + " is outside the vocabulary");
        }
    }
    return ids;
}

Result<GenerationResult> ImageGenerator::generate(const GenerationRequest& request) {
    BagelModel& bagel = *m_impl->model->impl().bagel;
    if (request.tier != Tier::Full && bagel.tier(toString(request.tier)) == nullptr) {
        return makeError(ErrorCode::Unsupported,
                         "the model in " + bagel.folder() + " has no distilled " +
                             std::string(toString(request.tier)) +
                             " tier (no hyperbagel.json lists one); use the Full tier");
    }
    if (auto ok = validate(request, bagel.config()); !ok) {
        return ok.error();
    }
    auto ids = m_impl->promptIds(request);
    if (!ids) {
        return ids.error();
    }
    try {
        return m_impl->run(request, *ids);
    } catch (const std::exception& e) {
        return mapException(e, "generate");
    }
}

Result<GenerationResult> ImageGenerator::Impl::run(const GenerationRequest& r,
                                                   const std::vector<std::int64_t>& ids) {
    const at::InferenceMode inference;
    BagelModel& bagel = *model->impl().bagel;
    const BagelConfig& c = bagel.config();
    const SpecialTokens& special = bagel.tokens();
    const std::int64_t p = c.latentPatchSize;
    const std::int64_t px = c.vae.downsample * p;
    const auto start = Clock::now();
    GenerationResult result;
    result.tier = r.tier;
    result.seed = r.seed;

    const TextCodec* codec = model->impl().codec.get();
    const bool thinking = r.think && codec != nullptr;
    std::int64_t h = r.height / px;
    std::int64_t w = r.width / px;
    const std::uint64_t key = r.inputImage ? prefixKey(r) : 0;
    std::optional<GuidanceContextBuilder> fresh;
    if (r.inputImage && prefix && prefix->key == key) {
        fresh.emplace(prefix->builder.fork());
        h = prefix->h;
        w = prefix->w;
        result.reusedImageContext = true;
    } else {
        fresh.emplace(bagel);
        if (thinking) {
            fresh->addSystemText(
                bagel.frameText(codec->encode(std::string(thinkSystemPrompt(ThinkMode::Generation)))));
        }
        if (r.inputImage) {
            const InferencerImage prepared = bagel.prepareImage(*r.inputImage);
            const at::Tensor& vaeSized = prepared.vaeSized;
            const at::Tensor pixels = normalizeU8(vaeSized).unsqueeze(0).to(bagel.target().device);
            h = vaeSized.size(0) / px;
            w = vaeSized.size(1) / px;
            // The official encode samples the posterior; its noise comes from the seed as well.
            const at::Tensor posterior = seededNormal(
                r.seed, "vae-posterior",
                {1, c.vae.zChannels, vaeSized.size(0) / c.vae.downsample, vaeSized.size(1) / c.vae.downsample});
            const at::Tensor latent = bagel.vae().encodeSample(pixels, posterior.to(bagel.target().device));
            fresh->addImage(patchifyLatent(latent, p), h, w, prepared.vitPixels);
            prefix.reset(); // only one image is kept: the newest
            prefix.emplace(ImagePrefix{key, fresh->fork(), h, w});
        }
    }
    GuidanceContextBuilder& builder = *fresh;
    builder.addText(bagel.frameText(ids));
    GuidanceContexts& contexts = builder.contexts();
    if (thinking) {
        BagelContext scratch = contexts.gen.fork();
        SamplingOptions think{special.bos, special.eos, r.thinkMaxTokens, 0.0, r.seed, r.cancel};
        DecodeResult decoded = decodeText(bagel.llm(), scratch, think, {});
        std::vector<std::int64_t> planned(decoded.tokens.begin(), decoded.tokens.end());
        if (!planned.empty() && planned.back() == special.eos) {
            planned.pop_back();
        }
        auto stream = codec->stream();
        for (const std::int64_t id : planned) {
            result.thinkText += stream->push(id);
        }
        result.thinkText += stream->finish();
        builder.addGenOnlyText(bagel.frameText(planned));
    }
    result.prefillMs = msSince(start);

    // Drawn on the CPU (the same image for a seed on every device), then moved to the model's device.
    const at::Tensor noise =
        seededNormal(r.seed, "initial-noise", {h * w, c.patchLatentDim()}).to(bagel.target().device);
    const auto denoiseStart = Clock::now();
    int forwards = 0;
    auto onStep = [&](const SamplerStep& s) {
        forwards += s.forwards;
        if (r.onProgress) {
            r.onProgress({s.index + 1, result.steps, forwards, msSince(start)});
        }
        const bool decodeNow = r.previewEvery > 0 && (s.index + 1) % r.previewEvery == 0;
        if (r.onPreview && (decodeNow || r.fastPreview)) {
            const at::Tensor x0 = s.x - static_cast<double>(s.t) * s.velocity; // the flow's data estimate
            const at::Tensor latent = unpatchifyLatent(x0, h, w, c.latentChannels(), p);
            if (decodeNow) {
                r.onPreview(toImage(imageToUint8(bagel.vae().decode(latent))), s.index + 1);
            } else {
                auto& fit = model->impl().previewFit;
                if (!fit) {
                    fit = fitLatentPreview(bagel.vae());
                }
                r.onPreview(toImage(previewLatent(*fit, latent)), s.index + 1);
            }
        }
    };
    SamplerResult sampled;
    if (r.tier == Tier::Full) {
        SamplerSettings settings;
        settings.timesteps = shiftedTimesteps(r.timesteps, r.shift);
        settings.scales = {r.cfgTextScale, r.cfgImageScale, *renormTypeFromString(r.renorm), r.renormMin};
        settings.intervalLow = r.cfgIntervalLow;
        settings.intervalHigh = r.cfgIntervalHigh;
        settings.cancel = r.cancel;
        result.steps = r.timesteps - 1;
        sampled = sampleFlow(bagel, contexts, h, w, noise, settings, onStep);
    } else {
        DistilledTier& tier = *bagel.tier(toString(r.tier));
        result.steps = static_cast<int>(tier.timesteps.size()) - 1;
        sampled = sampleDistilled(bagel, tier, contexts.gen, h, w, noise, r, onStep);
    }
    result.denoiseMs = msSince(denoiseStart);
    result.forwards = sampled.forwards;
    if (sampled.cancelled) {
        return makeError(ErrorCode::Cancelled,
                         "generation cancelled after " + std::to_string(sampled.forwards) + " forwards");
    }
    const auto decodeStart = Clock::now();
    const at::Tensor decoded =
        bagel.vae().decode(unpatchifyLatent(sampled.latent, h, w, c.latentChannels(), p));
    result.image = toImage(imageToUint8(decoded));
    result.decodeMs = msSince(decodeStart);
    return result;
}

} // namespace hb

#pragma once
// Text-to-image generation and instruction editing (bagel-spec §4-5): the rectified-flow sampler
// with the three classifier-free-guidance branches, in tiers. Full is the official sampler; Fast
// and Preview are Hyper-Bagel's distilled tiers, available when the model folder's hyperbagel.json
// provides them (the engine says so plainly when it does not).
//
//   hb::ImageGenerator generator(model);                       // model from hb::Model::load()
//   auto request = hb::GenerationRequest::textToImage("a red cube on a table");
//   request.seed = 42;
//   request.onProgress = [](const hb::GenerationProgress& p) { ... };   // engine thread
//   auto result = generator.generate(request);                 // Result<GenerationResult>
//
// Thread safety: not thread-safe; call only from the engine thread. Callbacks run on it too.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/error.h"
#include "hyperbagel/engine/image.h"

namespace hb {

class Model;

enum class Tier : std::uint8_t { Preview, Fast, Full, Count };
std::string_view toString(Tier tier);
std::optional<Tier> tierFromString(std::string_view name);

struct GenerationProgress {
    int step = 0;         ///< steps done
    int steps = 0;        ///< steps in the run
    int forwards = 0;     ///< LLM forwards so far (NFE)
    double elapsedMs = 0; ///< since generate() started
};

struct GenerationRequest {
    std::string prompt;                  ///< the instruction or caption (needs the model's tokenizer)
    std::vector<std::int64_t> promptIds; ///< used instead of `prompt` when not empty
    std::optional<Image> inputImage;     ///< set: an edit of this image; unset: text-to-image
    int width = 1024;                    ///< text-to-image only; snapped to the latent grid
    int height = 1024;
    Tier tier = Tier::Full;
    int timesteps = 50;          ///< sampler points (NFE steps = timesteps - 1), Full tier
    double shift = 3.0;          ///< timestep shift
    double cfgTextScale = 4.0;   ///< guidance happens only when > 1
    double cfgImageScale = 1.0;  ///< the no-image branch runs only when > 1
    double cfgIntervalLow = 0.4; ///< guidance when low < t <= high
    double cfgIntervalHigh = 1.0;
    std::string renorm = "global"; ///< global, channel or text_channel
    double renormMin = 0.0;
    bool think = false; ///< plan in text first (system prompt, decode, append)
    int thinkMaxTokens = 1000;
    std::uint64_t seed = 0; ///< same seed, same image on every platform
    int previewEvery = 0;   ///< > 0: decode the x0 estimate with the VAE every k steps for onPreview
    /// With onPreview set: after every step not decoded by previewEvery, a cheap preview of the x0 estimate
    /// at 1/8 resolution (latent channels to RGB through an affine map fitted once to the model's VAE).
    bool fastPreview = false;
    std::function<void(const GenerationProgress&)> onProgress;
    std::function<void(const Image&, int step)> onPreview;
    const std::atomic<bool>* cancel = nullptr; ///< checked before every forward

    /// The official text-to-image defaults (notebook: text 4, interval [0.4, 1], global renorm).
    static GenerationRequest textToImage(std::string prompt);
    /// The official edit defaults (text 4, image 2, interval [0, 1], text_channel renorm).
    static GenerationRequest edit(Image image, std::string instruction);
};

struct GenerationResult {
    Image image;
    Tier tier = Tier::Full;
    std::uint64_t seed = 0;
    int steps = 0;
    int forwards = 0;     ///< LLM forwards (NFE)
    double prefillMs = 0; ///< contexts: VAE/ViT encode, text prefill, think decode
    double denoiseMs = 0;
    double decodeMs = 0;   ///< VAE decode
    std::string thinkText; ///< the planning text, when think was on
    /// The input image's contexts came from the previous request (same image, seed and think flag):
    /// only the prompt was prefilled.
    bool reusedImageContext = false;
};

class ImageGenerator {
public:
    explicit ImageGenerator(std::shared_ptr<Model> model);
    ~ImageGenerator();
    ImageGenerator(const ImageGenerator&) = delete;
    ImageGenerator& operator=(const ImageGenerator&) = delete;

    /// Runs one request. Fails with InvalidRequest (bad size, scale, renorm name, empty prompt),
    /// Unsupported (a tier the model lacks, text without a tokenizer), Cancelled (the token fired;
    /// the generator stays usable), OutOfMemory / OutOfDeviceMemory.
    /// Each edit keeps its input image's contexts (VAE and ViT segments, before the prompt); the next
    /// edit of the same image with the same seed and think flag reuses them and only prefills its
    /// instruction (live editing). Only the newest image is kept.
    Result<GenerationResult> generate(const GenerationRequest& request);
    /// Frees the kept image contexts (e.g. when the canvas image is closed).
    void releaseCachedContext();

private:
    struct Impl;
    std::unique_ptr<Impl> m_impl;
};

} // namespace hb

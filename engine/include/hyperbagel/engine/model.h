#pragma once
// HyperBagel engine: loading a BAGEL model and asking about images.
//
// Usage walkthrough:
//
//   hb::initRuntime();                                   // once, in main()
//   hb::ModelLoadOptions load;
//   load.folder = "/models/BAGEL-7B-MoT";
//   load.device = "cpu";                                 // or "cuda", "cuda:1"
//   load.precision = hb::Precision::Bf16;
//   auto model = hb::Model::load(load);                  // Result<std::shared_ptr<Model>>
//   if (!model) { show(model.error().message); return; }
//
//   hb::ChatSession chat(*model);                        // per-document state (contexts, turns)
//   chat.addImage(*hb::loadImage("cat.png"));           // ViT segment, official transforms
//   hb::AskOptions ask;
//   ask.onToken = [](const hb::TokenEvent& e) { print(e.text); return true; };   // streaming
//   auto answer = chat.ask("What breed is this?", ask);  // Result<AskResult>
//
//   // Tear down: sessions first, then the last shared_ptr to the model.
//
// Thread safety: a Model is immutable after load() and may be shared by several sessions, but all
// compute happens on one engine thread: call load(), session methods and destructors from that
// thread (the GUI's EngineClient owns it). Nothing here throws; errors are hb::Result values.

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/error.h"

namespace hb {

enum class Precision : std::uint8_t { Fp32, Bf16, Count };
std::string_view toString(Precision precision);
std::optional<Precision> precisionFromString(std::string_view name);

struct ModelLoadOptions {
    std::string folder;                    ///< a BAGEL checkpoint folder (see checkpoint.h)
    std::string device = "cpu";            ///< "cpu", "cuda" or "cuda:N"
    Precision precision = Precision::Fp32; ///< weights and activations; the VAE stays float32
};

struct ModelInfo {
    std::string folder;
    std::string device;
    Precision precision = Precision::Fp32;
    std::int64_t parameters = 0;
    std::int64_t layers = 0;
    std::int64_t hiddenSize = 0;
    std::int64_t vocabSize = 0;
    std::string tokenizer;     ///< "qwen2 (tokenizer.json)", "bytes (bagel_config.json)" or "none"
    std::string specialTokens; ///< where the framing ids came from
    std::string draft = "none"; ///< the speculative-decoding draft (hyperbagel.json), or "none"
    /// With a draft: whether chats draft by default on this model's device type (the folder's measured
    /// advice, "use_by_default"; true where it gives none). ChatSession::setDraft overrides it.
    bool draftByDefault = false;
    std::string draftMeasured; ///< the measurement behind that advice, in words; empty when none
    /// Generation tiers the model runs: "full" always, then the distilled ones hyperbagel.json lists
    /// ("fast", "preview").
    std::vector<std::string> tiers{"full"};
    /// Generated image sides: multiples of `imageGrid` pixels (one latent token) up to `maxImageSide`
    /// (the model's largest latent grid; 16 and 1024 for BAGEL-7B-MoT, 16 and 96 for ShapeWorld).
    int imageGrid = 16;
    int maxImageSide = 1024;
    std::string describe() const;
    /// fitImageSize() with this model's grid and largest side.
    std::pair<int, int> fitImageSize(double width, double height) const;
};

/// A requested text-to-image size made valid for a model: scaled down (never up) so the longer side
/// fits `maxSide`, each side rounded to the nearest multiple of `grid`, at least one cell. Returns
/// {width, height}.
std::pair<int, int> fitImageSize(double width, double height, int maxSide, int grid);

class Model {
public:
    /// Loads every weight by its official name. Fails with FileNotFound, BadConfig, BadCheckpoint
    /// (naming the missing or misshaped tensor), Unsupported (device not available), OutOfMemory or
    /// OutOfDeviceMemory.
    static Result<std::shared_ptr<Model>> load(const ModelLoadOptions& options);

    ~Model();
    Model(const Model&) = delete;
    Model& operator=(const Model&) = delete;

    const ModelInfo& info() const;

    struct Impl; ///< engine-internal
    Impl& impl() const { return *m_impl; }

private:
    explicit Model(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
};

} // namespace hb

#pragma once
// The effective configuration of a BAGEL checkpoint folder, as the official loader builds it:
// llm_config.json read as a Qwen2Config, vit_config.json as a SiglipVisionConfig, the VAE sizes
// (hard-coded FLUX values unless ae_config.json says otherwise) and the Bagel-level values, each with
// the loader's overrides applied (bagel-spec §1.1). Parsing never throws: every problem becomes a
// Finding (kind BadConfig) naming the file and the key.
// Thread safety: plain values and pure functions, safe from any thread.

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "hyperbagel/engine/checkpoint.h"

namespace hb {

inline constexpr std::string_view kLlmConfigFile = "llm_config.json";
inline constexpr std::string_view kVitConfigFile = "vit_config.json";
inline constexpr std::string_view kAeConfigFile = "ae_config.json";
inline constexpr std::string_view kBagelConfigFile = "bagel_config.json";

/// Qwen2Config fields BAGEL uses. Defaults are the Qwen2Config class defaults, used when a key is
/// absent; the three official overrides are applied by parseLlmConfig().
struct LlmConfig {
    std::int64_t vocabSize = 151936;
    std::int64_t hiddenSize = 4096;
    std::int64_t intermediateSize = 22016;
    std::int64_t numHiddenLayers = 32;
    std::int64_t numAttentionHeads = 32;
    std::int64_t numKeyValueHeads = 32; ///< defaults to numAttentionHeads (also when null)
    std::string hiddenAct = "silu";
    std::int64_t maxPositionEmbeddings = 32768;
    double rmsNormEps = 1e-6;
    double ropeTheta = 10000.0;
    bool tieWordEmbeddings = false;
    bool qkNorm = false;                           ///< forced true by the official loader
    std::string layerModule = "Qwen2DecoderLayer"; ///< forced "Qwen2MoTDecoderLayer"
    std::string torchDtype;                        ///< informational, as written in the json
    std::optional<std::int64_t> bosTokenId;
    std::optional<std::int64_t> eosTokenId;

    std::int64_t headDim() const { return hiddenSize / numAttentionHeads; }
    std::string describe() const;
};

/// SiglipVisionConfig fields BAGEL uses. numHiddenLayers is the number of layers the model builds
/// and the checkpoint holds (the json value minus one after parsing).
struct VitConfig {
    std::int64_t hiddenSize = 768;
    std::int64_t intermediateSize = 3072;
    std::int64_t numHiddenLayers = 12;
    std::int64_t numAttentionHeads = 12;
    std::int64_t numChannels = 3;
    std::int64_t imageSize = 224;
    std::int64_t patchSize = 16;
    std::string hiddenAct = "gelu_pytorch_tanh";
    double layerNormEps = 1e-6;
    bool rope = true; ///< forced false by the official loader (learned absolute positions)

    /// Patches per side of the learned position table (SigLIP: image_size / patch_size, floored).
    std::int64_t positionGridSide() const { return imageSize / patchSize; }
    std::int64_t patchDim() const { return numChannels * patchSize * patchSize; }
    std::string describe() const;
};

/// FLUX AutoEncoderParams. Defaults are the values `load_ae()` hard-codes.
struct VaeConfig {
    std::int64_t resolution = 256;
    std::int64_t inChannels = 3;
    std::int64_t ch = 128;
    std::int64_t outCh = 3;
    std::vector<std::int64_t> chMult = {1, 2, 4, 4};
    std::int64_t numResBlocks = 2;
    std::int64_t zChannels = 16;
    std::int64_t downsample = 8;
    double scaleFactor = 0.3611;
    double shiftFactor = 0.1159;

    /// True when these are the FLUX sizes (no ae_config.json needed to describe them).
    bool isFluxSized() const;
    std::string describe() const;
};

/// The whole folder's effective configuration.
struct BagelConfig {
    LlmConfig llm;
    VitConfig vit;
    VaeConfig vae;
    std::int64_t latentPatchSize = 2;
    std::int64_t maxLatentSize = 64;
    std::int64_t vitMaxNumPatchPerSide = 70;
    std::string connectorAct = "gelu_pytorch_tanh";
    bool interpolatePos = false;
    double timestepShift = 1.0;
    /// ImageTransform(max, min, stride) arguments of the inferencer (official defaults).
    std::array<std::int64_t, 3> vaeTransform = {1024, 512, 16};
    std::array<std::int64_t, 3> vitTransform = {980, 224, 14};
    /// Where maxLatentSize came from: "bagel_config.json", "latent_pos_embed.pos_embed" or "default".
    std::string maxLatentSizeSource = "default";

    std::int64_t latentChannels() const { return vae.zChannels; }
    /// Values per latent token: p * p * z_channels (64 for the release).
    std::int64_t patchLatentDim() const { return latentPatchSize * latentPatchSize * vae.zChannels; }
    std::string describe() const;
};

/// Frequencies of the DiT timestep embedding (bagel-spec §4.5): 256 = 128 cos + 128 sin.
inline constexpr std::int64_t kTimestepEmbeddingDim = 256;

/// What parsing a folder's configs produced. A part is "usable" when its file was read and no
/// Error finding concerns it, so a tensor schema built from it is meaningful.
struct BagelConfigLoad {
    BagelConfig config;
    std::vector<Finding> findings;
    bool llmUsable = false;
    bool vitUsable = false;
    bool vaeUsable = false;
    bool bagelUsable = false;
    bool haveAeConfig = false;
    bool haveBagelConfig = false;
};

/// Parse one config text. `file` names the file in findings. Start from `out`'s current values
/// (normally the defaults) and apply the official overrides; returns false when the text is not
/// usable (malformed JSON, wrong types, invalid values), true otherwise (Info/Warning findings only).
bool parseLlmConfig(std::string_view text, const std::string& file, LlmConfig& out,
                    std::vector<Finding>& findings);
bool parseVitConfig(std::string_view text, const std::string& file, VitConfig& out,
                    std::vector<Finding>& findings);
bool parseAeConfig(std::string_view text, const std::string& file, VaeConfig& out,
                   std::vector<Finding>& findings);
/// Bagel-level values (golden `bagel_config.json` format); also checks them against `out.llm`.
bool parseBagelConfig(std::string_view text, const std::string& file, BagelConfig& out,
                      std::vector<Finding>& findings);

/// Reads every config file present in `folder`. A missing llm/vit config is a MissingFile Error;
/// a missing ae_config.json or bagel_config.json means defaults (no finding).
BagelConfigLoad loadBagelConfig(const std::string& folder);

/// Without a max_latent_size in bagel_config.json, third-party loaders infer it from the stored
/// table (rows = max_latent_size^2). Applies that unless bagel_config.json set the value; a row
/// count that is not a positive square becomes a WrongShape Error finding.
void inferMaxLatentSize(BagelConfigLoad& load, std::int64_t latentPosRows, const std::string& file);

} // namespace hb

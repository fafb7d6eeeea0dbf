#include "models/bagel/bagel_config.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <utility>

#include "core/file_util.h"
#include "models/bagel/config_reader.h"

namespace hb {

namespace {

namespace fs = std::filesystem;

constexpr std::string_view kLlmAct = "silu";
constexpr std::string_view kGeluTanh = "gelu_pytorch_tanh";
/// GroupNorm in the FLUX VAE always uses 32 groups, so every channel count must divide by 32.
constexpr std::int64_t kVaeGroupNormGroups = 32;
// Upper bounds far above any real model (the release: vocab 152064, hidden 3584, 28 layers). They
// keep the schema finite and every size product inside 64 bits for hostile configs.
constexpr std::int64_t kMaxVocab = std::int64_t{1} << 22;
constexpr std::int64_t kMaxHidden = std::int64_t{1} << 18;
constexpr std::int64_t kMaxIntermediate = std::int64_t{1} << 20;
constexpr std::int64_t kMaxLayers = 1024;
constexpr std::int64_t kMaxHeads = 4096;
constexpr std::int64_t kMaxImageSize = std::int64_t{1} << 16;
constexpr std::int64_t kMaxVaeChannels = 1024;
constexpr std::size_t kMaxVaeLevels = 8;
constexpr std::int64_t kMaxGridSide = 1024;
/// Config files are a few hundred bytes; anything huge is not a config.
constexpr std::uint64_t kMaxConfigBytes = 16u << 20;

std::string boolText(bool value) { return value ? "true" : "false"; }

void checkDivisible(ConfigReader& reader, std::string_view key, std::int64_t value, std::string_view byKey,
                    std::int64_t by) {
    if (value % by != 0) {
        reader.error(key, "'" + std::string(key) + "' (" + std::to_string(value) +
                              ") must be a multiple of '" + std::string(byKey) + "' (" + std::to_string(by) +
                              ").");
    }
}

void checkLlmConsistency(ConfigReader& r, const LlmConfig& c) {
    checkDivisible(r, "hidden_size", c.hiddenSize, "num_attention_heads", c.numAttentionHeads);
    if (c.numAttentionHeads % c.numKeyValueHeads != 0) {
        r.error("num_key_value_heads", "'num_attention_heads' (" + std::to_string(c.numAttentionHeads) +
                                           ") must be a multiple of 'num_key_value_heads' (" +
                                           std::to_string(c.numKeyValueHeads) +
                                           ") for grouped-query attention.");
    }
    if (c.hiddenSize % c.numAttentionHeads == 0 && c.headDim() % 2 != 0) {
        r.error("hidden_size", "head_dim (hidden_size / num_attention_heads = " +
                                   std::to_string(c.headDim()) + ") must be even for rotate-half RoPE.");
    }
    // The two fixed sin-cos tables split hidden_size into four equal blocks (bagel-spec §4.5).
    checkDivisible(r, "hidden_size", c.hiddenSize, "4 (sin-cos position tables)", 4);
    if (c.hiddenAct != kLlmAct) {
        r.error("hidden_act",
                "'hidden_act' \"" + c.hiddenAct + "\" is not supported; BAGEL's Qwen2 MLP uses \"silu\".");
    }
}

void applyLlmOverrides(ConfigReader& r, LlmConfig& c) {
    // The official loader (app.py / inferencer) forces these three after reading the json.
    bool jsonQkNorm = c.qkNorm;
    r.readBool("qk_norm", jsonQkNorm);
    r.info(FindingKind::ConfigOverride, "qk_norm",
           "qk_norm " + boolText(jsonQkNorm) + " -> true (forced by the official loader).");
    r.info(FindingKind::ConfigOverride, "tie_word_embeddings",
           "tie_word_embeddings " + boolText(c.tieWordEmbeddings) +
               " -> false (forced by the official loader).");
    std::string jsonLayer = c.layerModule;
    r.readString("layer_module", jsonLayer);
    r.info(FindingKind::ConfigOverride, "layer_module",
           "layer_module \"" + jsonLayer + "\" -> \"Qwen2MoTDecoderLayer\" (forced by the official loader).");
    c.qkNorm = true;
    c.tieWordEmbeddings = false;
    c.layerModule = "Qwen2MoTDecoderLayer";
}

/// Reads `name` from `folder` when present. Returns false when absent (present stays false) or when
/// unreadable (a BadFile finding).
bool readConfigFile(const fs::path& folder, std::string_view name, std::string& text, bool& present,
                    std::vector<Finding>& findings) {
    const fs::path path = folder / std::string(name);
    std::error_code ec;
    present = fs::exists(path, ec);
    if (!present) {
        return false;
    }
    Result<std::string> read = readTextFile(path.string(), kMaxConfigBytes);
    if (!read) {
        findings.push_back({Severity::Error, FindingKind::BadFile, std::string(name), "",
                            std::string(name) + " cannot be read: " + read.error().message});
        return false;
    }
    text = std::move(read.value());
    return true;
}

void checkCrossConfig(BagelConfigLoad& load) {
    const BagelConfig& c = load.config;
    if (load.vitUsable && c.vit.positionGridSide() != c.vitMaxNumPatchPerSide) {
        // Position ids are row * vit_max_num_patch_per_side + col for both tables, so a smaller
        // learned table would be indexed out of range for large images.
        load.findings.push_back(
            {Severity::Warning, FindingKind::BadConfig, std::string(kVitConfigFile), "image_size",
             "image_size / patch_size = " + std::to_string(c.vit.positionGridSide()) +
                 " differs from vit_max_num_patch_per_side = " + std::to_string(c.vitMaxNumPatchPerSide) +
                 "; ViT position ids assume they are equal."});
    }
}

} // namespace

static bool parseLlmConfigImpl(std::string_view text, const std::string& file, LlmConfig& out,
                               std::vector<Finding>& findings) {
    ConfigReader r(file, findings);
    if (!r.parse(text)) {
        return false;
    }
    std::string modelType;
    r.readString("model_type", modelType);
    if (!modelType.empty() && modelType != "qwen2") {
        r.warning("model_type",
                  "model_type \"" + modelType + "\" is not \"qwen2\"; reading it as a Qwen2 config.");
    }
    r.readInt("vocab_size", out.vocabSize, 1, kMaxVocab);
    r.readInt("hidden_size", out.hiddenSize, 1, kMaxHidden);
    r.readInt("intermediate_size", out.intermediateSize, 1, kMaxIntermediate);
    r.readInt("num_hidden_layers", out.numHiddenLayers, 1, kMaxLayers);
    r.readInt("num_attention_heads", out.numAttentionHeads, 1, kMaxHeads);
    out.numKeyValueHeads = out.numAttentionHeads; // Qwen2Config: None means "same as heads"
    r.readInt("num_key_value_heads", out.numKeyValueHeads, 1, kMaxHeads);
    r.readString("hidden_act", out.hiddenAct);
    r.readInt("max_position_embeddings", out.maxPositionEmbeddings);
    r.readPositiveDouble("rms_norm_eps", out.rmsNormEps);
    r.readPositiveDouble("rope_theta", out.ropeTheta);
    r.readBool("tie_word_embeddings", out.tieWordEmbeddings);
    r.readString("torch_dtype", out.torchDtype);
    r.readOptionalInt("bos_token_id", out.bosTokenId);
    r.readOptionalInt("eos_token_id", out.eosTokenId);
    if (r.has("rope_scaling")) {
        r.error("rope_scaling", "'rope_scaling' " + r.root().at("rope_scaling").dump() +
                                    " is not supported; BAGEL uses plain RoPE (rope_scaling null).");
    }
    bool slidingWindow = false;
    r.readBool("use_sliding_window", slidingWindow);
    if (slidingWindow) {
        r.warning("use_sliding_window", "use_sliding_window is true; BAGEL attends over the full context and "
                                        "this engine ignores the setting.");
    }
    if (r.errors() == 0) {
        checkLlmConsistency(r, out);
    }
    applyLlmOverrides(r, out);
    return r.errors() == 0;
}

static bool parseVitConfigImpl(std::string_view text, const std::string& file, VitConfig& out,
                               std::vector<Finding>& findings) {
    ConfigReader r(file, findings);
    if (!r.parse(text)) {
        return false;
    }
    r.readInt("hidden_size", out.hiddenSize, 1, kMaxHidden);
    r.readInt("intermediate_size", out.intermediateSize, 1, kMaxIntermediate);
    std::int64_t jsonLayers = out.numHiddenLayers;
    r.readInt("num_hidden_layers", jsonLayers, 1, kMaxLayers + 1);
    r.readInt("num_attention_heads", out.numAttentionHeads, 1, kMaxHeads);
    r.readInt("num_channels", out.numChannels, 1, 16);
    r.readInt("image_size", out.imageSize, 1, kMaxImageSize);
    r.readInt("patch_size", out.patchSize, 1, kMaxImageSize);
    r.readString("hidden_act", out.hiddenAct);
    r.readPositiveDouble("layer_norm_eps", out.layerNormEps);
    if (r.errors() == 0) {
        checkDivisible(r, "hidden_size", out.hiddenSize, "num_attention_heads", out.numAttentionHeads);
        if (out.hiddenAct != kGeluTanh) {
            r.error("hidden_act",
                    "'hidden_act' \"" + out.hiddenAct + "\" is not supported; use \"gelu_pytorch_tanh\".");
        }
        if (out.numChannels != 3) {
            r.error("num_channels", "'num_channels' must be 3 (BAGEL feeds RGB images), found " +
                                        std::to_string(out.numChannels) + ".");
        }
        if (out.patchSize > out.imageSize) {
            r.error("patch_size", "'patch_size' (" + std::to_string(out.patchSize) +
                                      ") exceeds 'image_size' (" + std::to_string(out.imageSize) + ").");
        }
    }
    // The official loader builds one layer fewer than the json says (penultimate-layer features).
    out.numHiddenLayers = jsonLayers - 1;
    r.info(FindingKind::ConfigOverride, "num_hidden_layers",
           "num_hidden_layers " + std::to_string(jsonLayers) + " -> " + std::to_string(out.numHiddenLayers) +
               " (the official loader subtracts 1).");
    r.info(FindingKind::ConfigOverride, "rope", "rope -> false (forced by the official loader).");
    out.rope = false;
    if (out.numHiddenLayers == 0) {
        r.warning("num_hidden_layers", "num_hidden_layers is 1, so the ViT is built with no encoder layers.");
    }
    return r.errors() == 0;
}

static bool parseAeConfigImpl(std::string_view text, const std::string& file, VaeConfig& out,
                              std::vector<Finding>& findings) {
    ConfigReader r(file, findings);
    if (!r.parse(text)) {
        return false;
    }
    r.readInt("resolution", out.resolution, 1, kMaxImageSize);
    r.readInt("in_channels", out.inChannels, 1, 64);
    r.readInt("ch", out.ch, 1, kMaxVaeChannels);
    r.readInt("out_ch", out.outCh, 1, 64);
    r.readIntList("ch_mult", out.chMult, 1, 16, kMaxVaeLevels);
    r.readInt("num_res_blocks", out.numResBlocks, 1, 64);
    r.readInt("z_channels", out.zChannels, 1, kMaxVaeChannels);
    r.readInt("downsample", out.downsample, 1, 1 << kMaxVaeLevels);
    r.readPositiveDouble("scale_factor", out.scaleFactor);
    r.readDouble("shift_factor", out.shiftFactor);
    if (r.errors() != 0) {
        return false;
    }
    for (const std::int64_t mult : out.chMult) {
        if ((out.ch * mult) % kVaeGroupNormGroups != 0) {
            r.error("ch_mult",
                    "ch * ch_mult must be a multiple of 32 (GroupNorm groups) at every level; ch " +
                        std::to_string(out.ch) + " x " + std::to_string(mult) + " is not.");
            break;
        }
    }
    const std::int64_t spatial = out.chMult.size() <= 16 ? std::int64_t{1} << (out.chMult.size() - 1) : -1;
    if (spatial != out.downsample) {
        r.error("downsample", "'downsample' (" + std::to_string(out.downsample) +
                                  ") must equal 2^(levels-1) = " + std::to_string(spatial) + " for " +
                                  std::to_string(out.chMult.size()) + " ch_mult levels.");
    }
    return r.errors() == 0;
}

static bool parseBagelConfigImpl(std::string_view text, const std::string& file, BagelConfig& out,
                                 std::vector<Finding>& findings) {
    ConfigReader r(file, findings);
    if (!r.parse(text)) {
        return false;
    }
    r.readInt("latent_patch_size", out.latentPatchSize, 1, 16);
    r.readInt("max_latent_size", out.maxLatentSize, 1, kMaxGridSide);
    r.readInt("vit_max_num_patch_per_side", out.vitMaxNumPatchPerSide, 1, kMaxGridSide);
    r.readString("connector_act", out.connectorAct);
    r.readBool("interpolate_pos", out.interpolatePos);
    r.readPositiveDouble("timestep_shift", out.timestepShift);
    for (auto* entry : {&out.vaeTransform, &out.vitTransform}) {
        const char* key = entry == &out.vaeTransform ? "vae_transform" : "vit_transform";
        std::vector<std::int64_t> values(entry->begin(), entry->end());
        r.readIntList(key, values);
        if (values.size() != 3) {
            r.error(key, std::string("'") + key + "' must list three integers: max size, min size, stride.");
        } else {
            std::copy(values.begin(), values.end(), entry->begin());
        }
    }
    if (out.connectorAct != kGeluTanh) {
        r.error("connector_act",
                "'connector_act' \"" + out.connectorAct + "\" is not supported; use \"gelu_pytorch_tanh\".");
    }
    if (out.interpolatePos) {
        r.error("interpolate_pos",
                "'interpolate_pos' true is not supported; the released model extrapolates.");
    }
    if (r.errors() == 0 && r.has("max_latent_size")) {
        out.maxLatentSizeSource = std::string(kBagelConfigFile);
    }
    return r.errors() == 0;
}

namespace {

/// The readers never throw by design; this guard keeps that promise even for an allocation
/// failure or a library exception nobody foresaw.
template <typename Config, typename Parse>
bool guardedParse(Parse parse, std::string_view text, const std::string& file, Config& out,
                  std::vector<Finding>& findings) {
    try {
        return parse(text, file, out, findings);
    } catch (const std::exception& e) {
        findings.push_back(
            {Severity::Error, FindingKind::BadConfig, file, "", file + " could not be parsed: " + e.what()});
        return false;
    }
}

} // namespace

bool parseLlmConfig(std::string_view text, const std::string& file, LlmConfig& out,
                    std::vector<Finding>& findings) {
    return guardedParse(parseLlmConfigImpl, text, file, out, findings);
}

bool parseVitConfig(std::string_view text, const std::string& file, VitConfig& out,
                    std::vector<Finding>& findings) {
    return guardedParse(parseVitConfigImpl, text, file, out, findings);
}

bool parseAeConfig(std::string_view text, const std::string& file, VaeConfig& out,
                   std::vector<Finding>& findings) {
    return guardedParse(parseAeConfigImpl, text, file, out, findings);
}

bool parseBagelConfig(std::string_view text, const std::string& file, BagelConfig& out,
                      std::vector<Finding>& findings) {
    return guardedParse(parseBagelConfigImpl, text, file, out, findings);
}

BagelConfigLoad loadBagelConfig(const std::string& folder) {
    BagelConfigLoad load;
    const fs::path dir(folder);
    std::string text;
    bool present = false;
    for (const auto name : {kLlmConfigFile, kVitConfigFile}) {
        const bool read = readConfigFile(dir, name, text, present, load.findings);
        if (!present) {
            load.findings.push_back(
                {Severity::Error, FindingKind::MissingFile, std::string(name), "",
                 std::string(name) + " is missing; the folder is not a complete BAGEL checkpoint."});
        } else if (read && name == kLlmConfigFile) {
            load.llmUsable = parseLlmConfig(text, std::string(name), load.config.llm, load.findings);
        } else if (read) {
            load.vitUsable = parseVitConfig(text, std::string(name), load.config.vit, load.findings);
        }
    }
    load.vaeUsable = true;
    if (readConfigFile(dir, kAeConfigFile, text, present, load.findings)) {
        load.haveAeConfig = true;
        load.vaeUsable = parseAeConfig(text, std::string(kAeConfigFile), load.config.vae, load.findings);
    } else if (present) {
        load.vaeUsable = false;
    }
    load.bagelUsable = true;
    if (readConfigFile(dir, kBagelConfigFile, text, present, load.findings)) {
        load.haveBagelConfig = true;
        load.bagelUsable = parseBagelConfig(text, std::string(kBagelConfigFile), load.config, load.findings);
    } else if (present) {
        load.bagelUsable = false;
    }
    checkCrossConfig(load);
    return load;
}

void inferMaxLatentSize(BagelConfigLoad& load, std::int64_t latentPosRows, const std::string& file) {
    if (load.config.maxLatentSizeSource != "default") {
        return;
    }
    auto side = static_cast<std::int64_t>(std::llround(std::sqrt(static_cast<double>(latentPosRows))));
    if (latentPosRows <= 0 || side * side != latentPosRows) {
        load.findings.push_back({Severity::Error, FindingKind::WrongShape, file, "latent_pos_embed.pos_embed",
                                 "latent_pos_embed.pos_embed has " + std::to_string(latentPosRows) +
                                     " rows, which is not max_latent_size^2 for any max_latent_size."});
        return;
    }
    load.config.maxLatentSize = side;
    load.config.maxLatentSizeSource = "latent_pos_embed.pos_embed";
    load.findings.push_back({Severity::Info, FindingKind::Note, file, "latent_pos_embed.pos_embed",
                             "max_latent_size " + std::to_string(side) +
                                 " inferred from latent_pos_embed.pos_embed (" +
                                 std::to_string(latentPosRows) + " rows), as third-party loaders do."});
}

} // namespace hb

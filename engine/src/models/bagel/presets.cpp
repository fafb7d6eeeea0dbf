#include "models/bagel/presets.h"

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/file_util.h"

namespace hb {

namespace {

using Json = nlohmann::json;

/// Effective (post-override) LLM config with the shared BAGEL choices filled in.
LlmConfig makeLlm(std::int64_t vocab, std::int64_t hidden, std::int64_t intermediate, std::int64_t layers,
                  std::int64_t heads, std::int64_t kvHeads) {
    LlmConfig c;
    c.vocabSize = vocab;
    c.hiddenSize = hidden;
    c.intermediateSize = intermediate;
    c.numHiddenLayers = layers;
    c.numAttentionHeads = heads;
    c.numKeyValueHeads = kvHeads;
    c.ropeTheta = 1e6;
    c.qkNorm = true;
    c.tieWordEmbeddings = false;
    c.layerModule = "Qwen2MoTDecoderLayer";
    // The golden set puts bos/eos just below the top of the vocabulary (500/501 of 512).
    c.bosTokenId = vocab - 12;
    c.eosTokenId = vocab - 11;
    return c;
}

/// `layers` is the built count; the written json says one more.
VitConfig makeVit(std::int64_t hidden, std::int64_t intermediate, std::int64_t layers, std::int64_t heads) {
    VitConfig c;
    c.hiddenSize = hidden;
    c.intermediateSize = intermediate;
    c.numHiddenLayers = layers;
    c.numAttentionHeads = heads;
    c.imageSize = 980;
    c.patchSize = 14;
    c.rope = false;
    return c;
}

VaeConfig makeVae(std::int64_t ch, std::vector<std::int64_t> chMult, std::int64_t resBlocks) {
    VaeConfig c;
    c.ch = ch;
    c.chMult = std::move(chMult);
    c.numResBlocks = resBlocks;
    return c;
}

BagelConfig makeBagel(LlmConfig llm, VitConfig vit, VaeConfig vae, std::int64_t maxLatent) {
    BagelConfig c;
    c.llm = std::move(llm);
    c.vit = std::move(vit);
    c.vae = std::move(vae);
    c.maxLatentSize = maxLatent;
    // The official VAE transform (1024, 512, 16) scaled to the latent grid, as the golden set does.
    const std::int64_t stride = c.latentPatchSize * c.vae.downsample;
    c.vaeTransform = {maxLatent * stride, maxLatent * stride / 2, stride};
    c.maxLatentSizeSource = std::string(kBagelConfigFile);
    return c;
}

BagelPreset tinyPreset() {
    BagelPreset p{
        "tiny", "",
        makeBagel(makeLlm(512, 64, 128, 2, 4, 2), makeVit(32, 64, 2, 2), makeVae(32, {1, 2, 2, 2}, 1), 8),
        false, DType::F32};
    p.description = "golden-set sizes: LLM hidden 64, 2 layers, 4/2 heads, vocab 512; ViT hidden 32, "
                    "2 layers; VAE ch 32; max_latent_size 8 (~0.8 M + 1.3 M params, f32)";
    return p;
}

BagelPreset shapeworldPreset() {
    // The bundled ShapeWorld model (docs/shapeworld-model.md): 96-pixel canvas, one latent token per
    // 16 px (6x6 grid), ViT patch 16 (6x6 grid), a vocabulary from the project's BPE trainer.
    VitConfig vit = makeVit(128, 256, 3, 4);
    vit.imageSize = 96;
    vit.patchSize = 16;
    VaeConfig vae = makeVae(32, {1, 1, 2, 2}, 1);
    vae.resolution = 96;
    vae.scaleFactor = 1.0;
    vae.shiftFactor = 0.0;
    LlmConfig llm = makeLlm(512, 192, 512, 6, 6, 2);
    llm.maxPositionEmbeddings = 4096;
    // The project's BPE trainer puts its 5 special tokens after a 500-entry vocabulary:
    // <|endoftext|> 500, <|im_start|> 501, <|im_end|> 502, <|vision_start|> 503, <|vision_end|> 504.
    llm.bosTokenId = 501;
    llm.eosTokenId = 502;
    BagelConfig config = makeBagel(std::move(llm), std::move(vit), std::move(vae), 6);
    config.vitMaxNumPatchPerSide = 6;
    config.vaeTransform = {96, 48, 16};
    config.vitTransform = {96, 48, 16};
    BagelPreset p{"shapeworld", "", std::move(config), false, DType::F32};
    p.description = "ShapeWorld sizes: LLM hidden 192, 6 layers, 6/2 heads, vocab 512; ViT hidden 128, "
                    "3 layers, patch 16; VAE ch 32; 96 px canvas (max_latent_size 6)";
    return p;
}

BagelPreset smallPreset() {
    BagelPreset p{"small", "",
                  makeBagel(makeLlm(8192, 512, 1536, 8, 8, 2), makeVit(256, 1024, 4, 4),
                            makeVae(64, {1, 2, 2, 4}, 1), 32),
                  false, DType::BF16};
    p.description = "LLM hidden 512, 8 layers, 8/2 heads, vocab 8192; ViT hidden 256, 4 layers; "
                    "VAE ch 64; max_latent_size 32 (~65 M + 12 M VAE params, ~130 MB ema in bf16)";
    return p;
}

BagelPreset basePreset() {
    BagelPreset p{
        "base", "",
        makeBagel(makeLlm(32768, 1536, 4096, 12, 12, 2), makeVit(768, 3072, 12, 12), VaeConfig{}, 64), false,
        DType::BF16};
    p.description = "LLM hidden 1536, 12 layers, 12/2 heads, vocab 32768; ViT hidden 768, 12 layers; "
                    "FLUX VAE; max_latent_size 64 (~0.8 B params, ~1.6 GB ema in bf16)";
    return p;
}

BagelPreset releasePreset() {
    LlmConfig llm = makeLlm(152064, 3584, 18944, 28, 28, 4);
    llm.bosTokenId = 151643; // Qwen2.5 <|endoftext|>
    llm.eosTokenId = 151645; // Qwen2.5 <|im_end|>
    BagelPreset p{"7b-mot", "", makeBagel(std::move(llm), makeVit(1152, 4304, 26, 16), VaeConfig{}, 64), true,
                  DType::BF16};
    p.config.maxLatentSizeSource = "latent_pos_embed.pos_embed";
    p.description = "released BAGEL-7B-MoT sizes: LLM hidden 3584, 28 layers, 28/4 heads, vocab 152064; "
                    "SigLIP 1152 x 26 layers; FLUX VAE (~14.7 B params, ~29 GB ema in bf16)";
    return p;
}

std::string dumpJson(const Json& json) { return json.dump(1) + "\n"; }

} // namespace

std::vector<BagelPreset> bagelPresets() {
    return {tinyPreset(), shapeworldPreset(), smallPreset(), basePreset(), releasePreset()};
}

std::optional<BagelPreset> findBagelPreset(std::string_view name) {
    for (auto& preset : bagelPresets()) {
        if (preset.name == name) {
            return preset;
        }
    }
    return std::nullopt;
}

std::string llmConfigJson(const LlmConfig& c) {
    Json json = {{"architectures", {"Qwen2ForCausalLM"}},
                 {"attention_dropout", 0.0},
                 {"hidden_act", c.hiddenAct},
                 {"hidden_size", c.hiddenSize},
                 {"initializer_range", 0.02},
                 {"intermediate_size", c.intermediateSize},
                 {"max_position_embeddings", c.maxPositionEmbeddings},
                 {"max_window_layers", c.numHiddenLayers},
                 {"model_type", "qwen2"},
                 {"num_attention_heads", c.numAttentionHeads},
                 {"num_hidden_layers", c.numHiddenLayers},
                 {"num_key_value_heads", c.numKeyValueHeads},
                 {"rms_norm_eps", c.rmsNormEps},
                 {"rope_scaling", nullptr},
                 {"rope_theta", c.ropeTheta},
                 {"sliding_window", 131072},
                 {"tie_word_embeddings", false},
                 {"torch_dtype", c.torchDtype.empty() ? "bfloat16" : c.torchDtype},
                 {"use_cache", true},
                 {"use_sliding_window", false},
                 {"vocab_size", c.vocabSize}};
    if (c.bosTokenId) {
        json["bos_token_id"] = *c.bosTokenId;
    }
    if (c.eosTokenId) {
        json["eos_token_id"] = *c.eosTokenId;
    }
    return dumpJson(json);
}

std::string vitConfigJson(const VitConfig& c) {
    const Json json = {{"attention_dropout", 0.0},
                       {"hidden_act", c.hiddenAct},
                       {"hidden_size", c.hiddenSize},
                       {"image_size", c.imageSize},
                       {"intermediate_size", c.intermediateSize},
                       {"layer_norm_eps", c.layerNormEps},
                       {"model_type", "siglip_vision_model"},
                       {"num_attention_heads", c.numAttentionHeads},
                       {"num_channels", c.numChannels},
                       {"num_hidden_layers", c.numHiddenLayers + 1},
                       {"patch_size", c.patchSize}};
    return dumpJson(json);
}

std::string aeConfigJson(const VaeConfig& c) {
    const Json json = {{"ch", c.ch},
                       {"ch_mult", c.chMult},
                       {"downsample", c.downsample},
                       {"in_channels", c.inChannels},
                       {"num_res_blocks", c.numResBlocks},
                       {"out_ch", c.outCh},
                       {"resolution", c.resolution},
                       {"scale_factor", c.scaleFactor},
                       {"shift_factor", c.shiftFactor},
                       {"z_channels", c.zChannels}};
    return dumpJson(json);
}

std::string bagelConfigJson(const BagelConfig& c) {
    Json json = {
        {"connector_act", c.connectorAct},
        {"interpolate_pos", c.interpolatePos},
        {"latent_patch_size", c.latentPatchSize},
        {"llm_overrides",
         {{"layer_module", "Qwen2MoTDecoderLayer"}, {"qk_norm", true}, {"tie_word_embeddings", false}}},
        {"max_latent_size", c.maxLatentSize},
        {"timestep_shift", c.timestepShift},
        {"vae_transform", c.vaeTransform},
        {"visual_gen", true},
        {"visual_und", true},
        {"vit_max_num_patch_per_side", c.vitMaxNumPatchPerSide},
        {"vit_overrides", {{"num_hidden_layers", "json value - 1"}, {"rope", false}}},
        {"vit_transform", c.vitTransform}};
    if (c.llm.bosTokenId && c.llm.eosTokenId) {
        // Image markers follow eos, as in the golden set (502/503 after 500/501).
        json["special_token_ids"] = {{"bos_token_id", *c.llm.bosTokenId},
                                     {"eos_token_id", *c.llm.eosTokenId},
                                     {"start_of_image", *c.llm.eosTokenId + 1},
                                     {"end_of_image", *c.llm.eosTokenId + 2}};
    }
    return dumpJson(json);
}

Result<std::vector<std::string>> writePresetConfigs(const BagelPreset& preset, const std::string& dir,
                                                    const std::string& torchDtype) {
    if (Result<void> made = ensureDirectory(dir); !made) {
        return made.error();
    }
    LlmConfig llm = preset.config.llm;
    llm.torchDtype = torchDtype;
    std::vector<std::pair<std::string, std::string>> files = {
        {std::string(kLlmConfigFile), llmConfigJson(llm)},
        {std::string(kVitConfigFile), vitConfigJson(preset.config.vit)}};
    if (!preset.config.vae.isFluxSized()) {
        files.emplace_back(std::string(kAeConfigFile), aeConfigJson(preset.config.vae));
    }
    if (!preset.releaseLayout) {
        files.emplace_back(std::string(kBagelConfigFile), bagelConfigJson(preset.config));
    }
    std::vector<std::string> written;
    for (const auto& [name, text] : files) {
        const std::string path = (std::filesystem::path(dir) / name).string();
        if (Result<void> ok = writeTextFileAtomic(path, text); !ok) {
            return ok.error();
        }
        written.push_back(name);
    }
    return written;
}

} // namespace hb

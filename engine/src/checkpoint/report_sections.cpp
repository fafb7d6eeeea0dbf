#include "checkpoint/report_sections.h"

#include <sstream>

#include "models/bagel/bagel_schema.h"

namespace hb {

namespace {

std::string text(std::int64_t value) { return std::to_string(value); }

std::string text(double value) {
    std::ostringstream out;
    out << value;
    return out.str();
}

std::string text(bool value) { return value ? "true" : "false"; }

ReportSection llmSection(const LlmConfig& c) {
    return {"LLM (" + std::string(kLlmConfigFile) + ", after the official overrides)",
            {{"hidden_size", text(c.hiddenSize)},
             {"num_hidden_layers", text(c.numHiddenLayers)},
             {"num_attention_heads", text(c.numAttentionHeads)},
             {"num_key_value_heads", text(c.numKeyValueHeads)},
             {"head_dim", text(c.headDim())},
             {"intermediate_size", text(c.intermediateSize)},
             {"vocab_size", text(c.vocabSize)},
             {"hidden_act", c.hiddenAct},
             {"rope_theta", text(c.ropeTheta)},
             {"rms_norm_eps", text(c.rmsNormEps)},
             {"max_position_embeddings", text(c.maxPositionEmbeddings)},
             {"qk_norm", text(c.qkNorm)},
             {"tie_word_embeddings", text(c.tieWordEmbeddings)},
             {"layer_module", c.layerModule},
             {"torch_dtype", c.torchDtype.empty() ? "(not set)" : c.torchDtype}}};
}

ReportSection vitSection(const VitConfig& c) {
    const std::string grid = text(c.positionGridSide()) + "x" + text(c.positionGridSide());
    return {"ViT (" + std::string(kVitConfigFile) + ", after the official overrides)",
            {{"hidden_size", text(c.hiddenSize)},
             {"num_hidden_layers (built)", text(c.numHiddenLayers)},
             {"num_attention_heads", text(c.numAttentionHeads)},
             {"intermediate_size", text(c.intermediateSize)},
             {"image_size", text(c.imageSize)},
             {"patch_size", text(c.patchSize)},
             {"position grid", grid},
             {"hidden_act", c.hiddenAct},
             {"layer_norm_eps", text(c.layerNormEps)},
             {"rope", text(c.rope)}}};
}

ReportSection vaeSection(const VaeConfig& c, bool fromFile) {
    return {"VAE (" +
                (fromFile ? std::string(kAeConfigFile) : std::string("FLUX defaults, no ae_config.json")) +
                ")",
            {{"ch", text(c.ch)},
             {"ch_mult", shapeText(c.chMult)},
             {"num_res_blocks", text(c.numResBlocks)},
             {"z_channels", text(c.zChannels)},
             {"in_channels / out_ch", text(c.inChannels) + " / " + text(c.outCh)},
             {"downsample", text(c.downsample)},
             {"scale_factor", text(c.scaleFactor)},
             {"shift_factor", text(c.shiftFactor)}}};
}

ReportSection bagelSection(const BagelConfig& c, bool fromFile) {
    return {"BAGEL (" + (fromFile ? std::string(kBagelConfigFile) : std::string("official defaults")) + ")",
            {{"latent_patch_size", text(c.latentPatchSize)},
             {"latent_downsample", text(c.latentPatchSize * c.vae.downsample)},
             {"max_latent_size", text(c.maxLatentSize) + " (" + c.maxLatentSizeSource + ")"},
             {"vit_max_num_patch_per_side", text(c.vitMaxNumPatchPerSide)},
             {"connector_act", c.connectorAct},
             {"interpolate_pos", text(c.interpolatePos)},
             {"patch_latent_dim", text(c.patchLatentDim())}}};
}

} // namespace

std::vector<ReportSection> configSections(const BagelConfigLoad& load) {
    return {llmSection(load.config.llm), vitSection(load.config.vit),
            vaeSection(load.config.vae, load.haveAeConfig), bagelSection(load.config, load.haveBagelConfig)};
}

} // namespace hb

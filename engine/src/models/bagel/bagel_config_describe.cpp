// describe() of the BAGEL config structs: one line each, for logs and the inspect report.

#include <sstream>

#include "models/bagel/bagel_config.h"

namespace hb {

namespace {

std::string listText(const std::vector<std::int64_t>& values) {
    std::ostringstream out;
    out << '[';
    for (std::size_t i = 0; i < values.size(); ++i) {
        out << (i ? ", " : "") << values[i];
    }
    out << ']';
    return out.str();
}

} // namespace

bool VaeConfig::isFluxSized() const {
    const VaeConfig flux;
    return inChannels == flux.inChannels && ch == flux.ch && outCh == flux.outCh && chMult == flux.chMult &&
           numResBlocks == flux.numResBlocks && zChannels == flux.zChannels &&
           downsample == flux.downsample && scaleFactor == flux.scaleFactor &&
           shiftFactor == flux.shiftFactor;
}

std::string LlmConfig::describe() const {
    std::ostringstream out;
    out << "Qwen2 " << layerModule << ": hidden " << hiddenSize << ", " << numHiddenLayers << " layers, "
        << numAttentionHeads << " heads / " << numKeyValueHeads << " kv heads (head_dim " << headDim()
        << "), intermediate " << intermediateSize << ", vocab " << vocabSize << ", " << hiddenAct
        << ", rope_theta " << ropeTheta << ", rms_norm_eps " << rmsNormEps << (qkNorm ? ", qk_norm" : "")
        << (tieWordEmbeddings ? ", tied embeddings" : ", untied lm_head");
    return out.str();
}

std::string VitConfig::describe() const {
    std::ostringstream out;
    out << "SigLIP: hidden " << hiddenSize << ", " << numHiddenLayers << " layers built, "
        << numAttentionHeads << " heads, intermediate " << intermediateSize << ", image " << imageSize
        << ", patch " << patchSize << " (" << positionGridSide() << "x" << positionGridSide()
        << " positions), " << hiddenAct << ", layer_norm_eps " << layerNormEps
        << (rope ? ", rope" : ", learned positions");
    return out.str();
}

std::string VaeConfig::describe() const {
    std::ostringstream out;
    out << "FLUX AutoEncoder: ch " << ch << ", ch_mult " << listText(chMult) << ", " << numResBlocks
        << " res blocks, z_channels " << zChannels << ", downsample " << downsample << ", scale "
        << scaleFactor << ", shift " << shiftFactor;
    return out.str();
}

std::string BagelConfig::describe() const {
    std::ostringstream out;
    out << "BAGEL: latent_patch_size " << latentPatchSize << ", max_latent_size " << maxLatentSize << " ("
        << maxLatentSizeSource << "), vit_max_num_patch_per_side " << vitMaxNumPatchPerSide << ", connector "
        << connectorAct << "; " << llm.describe() << "; " << vit.describe() << "; " << vae.describe();
    return out.str();
}

} // namespace hb

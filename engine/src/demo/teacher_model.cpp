#include "demo/teacher_model.h"

namespace hb {

BagelTrainableImpl::BagelTrainableImpl(const BagelConfig& config) : m_config(config) {
    llm = register_module("language_model", Qwen2MoTModel(config.llm));
    vit = register_module("vit_model", SiglipNavit(config.vit));
    connector = register_module("connector", Connector(config.vit.hiddenSize, config.llm.hiddenSize,
                                                       config.connectorAct));
    timeEmbedder = register_module("time_embedder", TimestepEmbedder(config.llm.hiddenSize));
    vae2llm = register_module("vae2llm", makeVae2Llm(config));
    llm2vae = register_module("llm2vae", makeLlm2Vae(config));
    latentPos = register_module("latent_pos_embed",
                                PositionTable(config.maxLatentSize, config.llm.hiddenSize, "latent_pos_embed"));
    vitPos = register_module("vit_pos_embed", PositionTable(config.vitMaxNumPatchPerSide, config.llm.hiddenSize,
                                                            "vit_pos_embed"));
}

} // namespace hb

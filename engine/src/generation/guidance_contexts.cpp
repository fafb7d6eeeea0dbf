#include "generation/guidance_contexts.h"

#include "models/bagel/bagel_language.h"
#include "models/bagel/bagel_model.h"

namespace hb {

GuidanceContextBuilder::GuidanceContextBuilder(BagelModel& model) : m_model(model) {
    const auto layers = static_cast<std::size_t>(model.config().llm.numHiddenLayers);
    m_contexts = GuidanceContexts{BagelContext(layers), BagelContext(layers), BagelContext(layers)};
}

GuidanceContextBuilder::GuidanceContextBuilder(BagelModel& model, GuidanceContexts contexts, bool imgMirrorsGen)
    : m_model(model), m_contexts(std::move(contexts)), m_imgMirrorsGen(imgMirrorsGen) {}

GuidanceContextBuilder GuidanceContextBuilder::fork() {
    return GuidanceContextBuilder(
        m_model, GuidanceContexts{m_contexts.gen.fork(), m_contexts.cfgText.fork(), m_contexts.cfgImg.fork()},
        m_imgMirrorsGen);
}

void GuidanceContextBuilder::addSystemText(const at::Tensor& framedIds) {
    prefillText(m_model.llm(), m_contexts.gen, framedIds);
    if (m_imgMirrorsGen) {
        m_contexts.cfgImg = m_contexts.gen.fork();
    } else {
        prefillText(m_model.llm(), m_contexts.cfgImg, framedIds);
    }
}

void GuidanceContextBuilder::addImage(const at::Tensor& latentTokens, std::int64_t h, std::int64_t w,
                                      const at::Tensor& vitImage) {
    m_model.prefillVaeLatents(m_contexts.gen, latentTokens, h, w);
    m_model.prefillVitImage(m_contexts.gen, vitImage);
    m_contexts.cfgText = m_contexts.gen.fork();
    m_imgMirrorsGen = false; // cfg_img never receives images
}

void GuidanceContextBuilder::addText(const at::Tensor& framedIds) {
    m_contexts.cfgText = m_contexts.gen.fork();
    addSystemText(framedIds); // gen and cfg_img receive it alike
}

void GuidanceContextBuilder::addGenOnlyText(const at::Tensor& framedIds) {
    prefillText(m_model.llm(), m_contexts.gen, framedIds);
    m_imgMirrorsGen = false;
}

} // namespace hb

#include "distill/cfg_student.h"

#include <filesystem>

#include <ATen/ATen.h>

#include "models/bagel/bagel_model.h"
#include "models/bagel/distilled_tier.h"
#include "models/bagel/latent_layout.h"

namespace fs = std::filesystem;

namespace hb {
namespace {

constexpr const char* kTierModules[] = {"time_embedder.", "vae2llm.", "llm2vae.", "text_guidance_embedder.",
                                        "image_guidance_embedder."};

/// The teacher folder's weight file, as BagelModel::load() picks it.
std::string emaPath(const std::string& folder) {
    const fs::path dir(folder);
    std::error_code ec;
    return fs::exists(dir / "ema.safetensors", ec) ? (dir / "ema.safetensors").string()
                                                   : (dir / "ema.safetensors.index.json").string();
}

} // namespace

bool isTierTensorName(const std::string& name) {
    if (name.rfind("language_model.", 0) == 0) {
        return isGenerationExpertParameter(name);
    }
    for (const char* prefix : kTierModules) {
        if (name.rfind(prefix, 0) == 0) {
            return true;
        }
    }
    return false;
}

CfgStudentImpl::CfgStudentImpl(const BagelConfig& config) {
    const std::int64_t hidden = config.llm.hiddenSize;
    llm = register_module("language_model", Qwen2MoTModel(config.llm));
    timeEmbedder = register_module("time_embedder", TimestepEmbedder(hidden));
    vae2llm = register_module("vae2llm", makeVae2Llm(config));
    llm2vae = register_module("llm2vae", makeLlm2Vae(config));
    textGuidance = register_module("text_guidance_embedder", TimestepEmbedder(hidden));
    imageGuidance = register_module("image_guidance_embedder", TimestepEmbedder(hidden));
    latentPos =
        register_module("latent_pos_embed", PositionTable(config.maxLatentSize, hidden, "latent_pos_embed"));
}

Result<std::shared_ptr<CfgStudentImpl>> CfgStudentImpl::fromTeacher(BagelModel& teacher) {
    const WeightTarget& target = teacher.target();
    std::shared_ptr<CfgStudentImpl> student(new CfgStudentImpl(teacher.config()));
    student->to(target.device, target.dtype);
    auto store = TensorStore::open(emaPath(teacher.folder()));
    if (!store) {
        return store.error();
    }
    const std::pair<torch::nn::Module*, const char*> copied[] = {
        {student->timeEmbedder.get(), "time_embedder."},
        {student->vae2llm.get(), "vae2llm."},
        {student->llm2vae.get(), "llm2vae."}};
    for (const auto& [module, prefix] : copied) {
        if (auto ok = loadWeights(*module, **store, prefix, target); !ok) {
            return ok.error();
        }
    }
    if (auto ok = loadPositionTable(*student->latentPos, **store, "latent_pos_embed.", target); !ok) {
        return ok.error();
    }
    const at::NoGradGuard noGrad;
    auto teacherParams = teacher.llm().named_parameters();
    for (auto& item : student->llm->named_parameters()) {
        at::Tensor param = item.value();
        const at::Tensor& source = teacherParams[item.key()];
        if (isGenerationExpertParameter(item.key())) {
            param.set_data(source.detach().clone());
        } else {
            // Shared, not copied: the understanding expert is the teacher's own storage.
            param.set_data(source.detach());
            param.set_requires_grad(false);
        }
    }
    // The guidance embedders start silent (ControlNet-style zero output layer): their first layer
    // keeps its random init so gradients reach it once the output layer moves.
    for (TimestepEmbedderImpl* embedder : {student->textGuidance.get(), student->imageGuidance.get()}) {
        for (auto& item : embedder->named_parameters()) {
            if (item.key().rfind("mlp.2.", 0) == 0) {
                item.value().zero_();
            }
        }
    }
    return student;
}

at::Tensor CfgStudentImpl::velocity(BagelModel& teacher, const BagelContext& context, const at::Tensor& xt,
                                    std::int64_t h, std::int64_t w, double t, double textScale,
                                    double imageScale, std::vector<at::Tensor>* layerOutputs) {
    const std::int64_t rows = h * w;
    const WeightTarget& target = teacher.target();
    const auto column = [&](double v) {
        return at::full({rows}, v, at::TensorOptions().dtype(at::kFloat).device(target.device));
    };
    const at::Tensor ids = latentPositionIds(h, w, teacher.config().maxLatentSize).to(target.device);
    // The additions in BagelModel::tierVelocity()'s order, so both paths round alike.
    const at::Tensor tokens = vae2llm->forward(xt.to(target.device, target.dtype)) +
                              timeEmbedder->forward(column(t)).to(target.dtype) +
                              latentPos->forward(ids).to(target.dtype) +
                              textGuidance->forward(column(textScale)).to(target.dtype) +
                              imageGuidance->forward(column(imageScale)).to(target.dtype);
    const DecoderPass pass{teacher.framedBlock(tokens), context.imagePositions(rows + 2, target.device),
                           teacher.latentBlockRouting(rows), SelfAttention::Full};
    std::vector<LayerKv> discarded; // the query block never enters the context
    const at::Tensor hidden = llm->forward(pass, context.pastChunks(), discarded, layerOutputs);
    if (layerOutputs != nullptr) {
        for (at::Tensor& layer : *layerOutputs) {
            layer = layer.narrow(0, 1, rows);
        }
    }
    return llm2vae->forward(hidden.narrow(0, 1, rows));
}

NamedTensors CfgStudentImpl::trainable() const {
    NamedTensors out;
    for (const auto& item : named_parameters(/*recurse=*/true)) {
        if (item.value().requires_grad()) {
            out.emplace_back(item.key(), item.value());
        }
    }
    return out;
}

} // namespace hb
